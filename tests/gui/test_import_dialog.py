"""The import and export dialogs: mapping shown and editable, preview, duplicate choices,
the report, nothing written on bad input; export asks first. Real vaults."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from organizer.core import people
from organizer.core.importers import Choice
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.export_dialog import ExportDialog
from organizer.gui.import_dialog import ImportDialog
from organizer.gui.main_window import MainWindow
from tests.gui.vault_fixtures import (  # noqa: F401
    empty_template_fixture,
    empty_vault_fixture,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def _count(vault: Vault) -> int:
    return int(vault.connection.execute("SELECT count(*) FROM person").fetchone()[0])


def test_mapping_is_editable_and_the_import_reports(
    qtbot: Any, empty_vault: Vault, tmp_path: Path,
    answered_messages: messages.MessageSeam,
) -> None:
    people.add_person(empty_vault, Person(name="Ana Ruiz", personal_phone="555-010-1000"))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Badge,Who,Cell\n1,Ana R.,(555) 010-1000\n2,Bo Li 🌟,555-010-2000\n"
                     "3,Cy Park,555-010-3000\n", encoding="utf-8")
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    assert not dialog.load(sheet)
    assert "No column holds names" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.current_mapping() == {"Badge": None, "Who": None, "Cell": "personal_phone"}
    dialog.set_field("Who", "name")
    assert dialog.error_label.text() == ""
    assert dialog.import_button.isEnabled()
    assert "'Badge'" in dialog.unmapped_label.text()
    assert dialog.preview_table.rowCount() == 3
    assert dialog.preview_table.item(1, 0).text() == "Bo Li 🌟"
    assert dialog.duplicates_table.rowCount() == 1
    assert "same phone" in dialog.duplicates_table.item(0, 2).text()
    dialog.choose(0, Choice.MERGE)
    assert dialog.plan is not None and dialog.plan.pairs[0].choice is Choice.MERGE
    assert "1 to merge" in dialog.summary_label.text()
    messages.answer_next(True)
    dialog.run_import()
    assert answered_messages.seen[-1].text.startswith("Imported 2 people, merged 1")
    assert _count(empty_vault) == 3
    assert dialog.report is not None and dialog.report.merged == 1


def test_bad_file_writes_nothing(qtbot: Any, empty_vault: Vault, tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 16)
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    assert not dialog.load(binary)
    assert "not text" in dialog.error_label.text()
    dialog.run_import()  # nothing to run
    assert _count(empty_vault) == 0


def test_xlsx_sheets_are_offered(qtbot: Any, empty_vault: Vault, tmp_path: Path) -> None:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Name"])
    book.active.append(["Wrong Sheet Person"])
    other = book.create_sheet("Roster")
    other.append(["Nom", "Prénom"])
    other.append(["Dubois", "Hélène"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    assert dialog.load(path)
    assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == [
        "Notes", "Roster"]
    dialog.sheet_box.setCurrentIndex(1)
    dialog.sheet_box.activated.emit(1)
    assert dialog.plan is not None and dialog.plan.preview() == [{"name": "Hélène Dubois"}]


def test_export_asks_first_then_writes(
    qtbot: Any, empty_vault: Vault, tmp_path: Path, answered_messages: messages.MessageSeam,
    monkeypatch: Any,
) -> None:
    people.add_person(empty_vault, Person(name="Ana Ruiz", personal_phone="+1 555 010 1000",
                                          work_phone="555-010-9999"))
    target = tmp_path / "out.csv"
    dialog = ExportDialog(empty_vault)
    qtbot.addWidget(dialog)
    dialog.boxes["work_phone"].setChecked(True)
    chosen: list[Path] = []
    monkeypatch.setattr("organizer.gui.start_screen.choose_save_path",
                        lambda *a, **k: chosen.append(target) or target)
    messages.answer_next(False)  # "the file is not encrypted" -> Cancel
    dialog.choose_and_export()
    assert "not encrypted" in answered_messages.seen[-1].text
    assert not target.exists() and not chosen
    messages.answer_next(True, True)
    dialog.choose_and_export()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["Name", "Personal phone"] and "Work phone (don't use)" in rows[0]
    assert rows[1][:2] == ["Ana Ruiz", "'+1 555 010 1000"]


def test_file_menu_has_import_and_export(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert "&Import people…" in texts and "E&xport people…" in texts
