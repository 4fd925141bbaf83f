"""The import and export dialogs: mapping shown and editable, preview, duplicate choices,
the report, nothing written on bad input; export asks first. Real vaults."""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QProgressDialog, QPushButton

from organizer.core import campaign, people
from organizer.core.importers import BadValues, Choice, DateOrder, UnknownOcMembers
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui import import_dialog, messages, workers
from organizer.gui.app import AppController
from organizer.gui.export_dialog import ExportDialog
from organizer.gui.import_dialog import ImportDialog
from organizer.gui.main_window import PEOPLE, MainWindow
from tests.conftest import VaultTemplate
from tests.gui.conftest import everything_shown, flush_deletions, unlock
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


def _checked(qtbot: Any, dialog: ImportDialog, start: Callable[[], object]) -> bool:
    """Start reading / re-checking the file (a worker does it) and wait for the outcome."""
    with qtbot.waitSignal(dialog.prepared, timeout=20_000) as blocker:
        start()
    return bool(blocker.args[0])


def _imported(qtbot: Any, dialog: ImportDialog) -> None:
    """Press Import and wait until the worker has written (or refused) and the dialog said so."""
    dialog.run_import()
    task = dialog.import_task
    assert task is not None
    qtbot.waitUntil(lambda: dialog.import_task is None, timeout=30_000)


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
    assert not _checked(qtbot, dialog, lambda: dialog.load(sheet))
    assert "No column holds names" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.current_mapping() == {"Badge": None, "Who": None, "Cell": "personal_phone"}
    assert _checked(qtbot, dialog, lambda: dialog.set_field("Who", "name"))
    assert dialog.error_label.text() == ""
    assert dialog.import_button.isEnabled()
    assert "'Badge'" in dialog.unmapped_label.text()
    assert dialog.preview_table.rowCount() == 3
    assert dialog.preview_table.item(1, 0).text() == "Bo Li 🌟"
    duplicates = dialog.duplicates_model
    assert duplicates.rowCount() == 1
    assert "same phone" in duplicates.data(duplicates.index(0, 2))
    dialog.choose(0, Choice.MERGE)
    assert dialog.plan is not None and dialog.plan.pairs[0].choice is Choice.MERGE
    assert "1 to merge" in dialog.summary_label.text()
    messages.answer_next(True)
    _imported(qtbot, dialog)
    assert answered_messages.seen[-1].text.startswith("Imported 2 people, merged 1")
    assert _count(empty_vault) == 3
    assert dialog.report is not None and dialog.report.merged == 1


def test_bad_file_writes_nothing(qtbot: Any, empty_vault: Vault, tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 16)
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    assert not _checked(qtbot, dialog, lambda: dialog.load(binary))
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
    assert _checked(qtbot, dialog, lambda: dialog.load(path))
    assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == [
        "Notes", "Roster"]
    dialog.sheet_box.setCurrentIndex(1)
    assert _checked(qtbot, dialog, lambda: dialog.sheet_box.activated.emit(1))
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


# ----- importing off the GUI thread: progress, Cancel, a lock mid-way ----------------------------

ROWS = 5000  # more than two of apply's chunks, so there is a "mid-way"


def _sheet(folder: Path, rows: int = ROWS) -> Path:
    """A roster of distinct made-up coworkers in a department the vault does not have yet."""
    import hashlib

    path = folder / "roster.csv"
    lines = ["Name,Department"]
    for i in range(rows):
        tag = hashlib.sha256(str(i).encode()).hexdigest()[:10]
        lines.append(f"Coworker {tag},Night Docks")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Midway:
    """Holds `ImportPlan.apply` right after its first chunk is written (inside the
    transaction) until something asks it to cancel, so a Cancel or a lock always lands
    mid-way; notes which thread the import ran in. The vault is real; only time is held."""

    def __init__(self, monkeypatch: Any, hold: bool) -> None:
        from organizer.core.importers import ImportPlan

        self.reached = threading.Event()
        self.threads: list[threading.Thread] = []
        real_apply = ImportPlan.apply
        midway = self

        def apply(plan: ImportPlan, vault: Vault, progress: Any = None,
                  cancel: Any = None) -> Any:
            midway.threads.append(threading.current_thread())

            def held(fraction: float) -> None:
                if progress is not None:
                    progress(fraction)
                if hold and 0 < fraction < 1 and not midway.reached.is_set():
                    midway.reached.set()
                    deadline = time.monotonic() + 20
                    while not cancel() and time.monotonic() < deadline:
                        time.sleep(0.01)

            return real_apply(plan, vault, progress=held, cancel=cancel)

        monkeypatch.setattr(ImportPlan, "apply", apply)


def _departments(vault: Vault) -> list[str]:
    return [d.name for d in campaign.list_entries(vault, "department")]


def test_import_runs_in_a_worker_with_progress_and_the_people_appear(
    qtbot: Any, window: MainWindow, vault: Vault, tmp_path: Path,
    answered_messages: messages.MessageSeam, monkeypatch: Any,
) -> None:
    midway = Midway(monkeypatch, hold=False)
    before = _count(vault)
    dialog = import_dialog.make_dialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _checked(qtbot, dialog, lambda: dialog.load(_sheet(tmp_path)))
    assert f"{ROWS:,} to import" in dialog.summary_label.text()
    steps: list[tuple[int, int]] = []
    messages.answer_next(True)
    dialog.run_import()
    assert dialog.import_task is not None
    dialog.import_task.progressed.connect(lambda done, total, _text: steps.append((done, total)))
    assert not dialog.import_button.isEnabled()  # nothing to press twice meanwhile
    qtbot.waitUntil(lambda: dialog.import_task is None, timeout=30_000)
    assert midway.threads and midway.threads[0] is not threading.main_thread()
    assert steps and steps[-1] == (1000, 1000)
    assert answered_messages.seen[-1].text.startswith(f"Imported {ROWS:,} people")
    assert _count(vault) == before + ROWS
    assert not dialog.isVisible()
    # The window refreshed: the counts and the people list know the newcomers.
    qtbot.waitUntil(lambda: f"{before + ROWS:,}" in window.counts_label.text(), timeout=10_000)
    window.show_section(PEOPLE)
    qtbot.waitUntil(lambda: window.people_page.model.total == before + ROWS, timeout=10_000)


def test_cancel_mid_way_leaves_the_vault_unchanged(
    qtbot: Any, empty_vault: Vault, tmp_path: Path,
    answered_messages: messages.MessageSeam, monkeypatch: Any,
) -> None:
    people.add_person(empty_vault, Person(name="Ana Ruiz"))
    midway = Midway(monkeypatch, hold=True)
    before, departments = _count(empty_vault), _departments(empty_vault)
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _checked(qtbot, dialog, lambda: dialog.load(_sheet(tmp_path)))
    dialog.run_import()
    qtbot.waitUntil(midway.reached.is_set, timeout=20_000)
    # The progress dialog appears after half a second; the organizer presses its Cancel.
    qtbot.waitUntil(lambda: _progress_dialog(dialog) is not None, timeout=5_000)
    progress = _progress_dialog(dialog)
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    messages.answer_next(True)  # "The import was cancelled; nothing was added…"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_task is None, timeout=20_000)
    assert "nothing was added" in answered_messages.seen[-1].text
    assert _count(empty_vault) == before
    assert _departments(empty_vault) == departments  # "Night Docks" went with the rollback
    # The dialog stays, ready to try again.
    assert dialog.isVisible() and dialog.import_button.isEnabled()


def test_a_lock_mid_import_rolls_it_back_and_locks(
    qtbot: Any, make_controller: Callable[..., AppController], vault_file: Path,
    drive_template: VaultTemplate,
    tmp_path: Path, monkeypatch: Any,
) -> None:
    midway = Midway(monkeypatch, hold=True)
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None and controller.vault is not None
    before = _count(controller.vault)
    dialog = import_dialog.make_dialog(window)
    dialog.show()
    assert _checked(qtbot, dialog, lambda: dialog.load(_sheet(tmp_path)))
    dialog.run_import()
    qtbot.waitUntil(midway.reached.is_set, timeout=20_000)
    assert workers.vault_writes_running()

    controller.lock()  # what Ctrl+L, the idle timer or the screen locking do

    assert controller.vault is None and controller.main_window is None
    assert not workers.vault_writes_running()
    assert controller.shell.pages.currentWidget() is controller.shell.unlock_page
    flush_deletions()
    assert not shiboken6.isValid(dialog)  # went with the window
    assert "nothing from the file was added" in everything_shown()
    with Vault.open_with_key(vault_file, drive_template.raw_key) as reopened:
        assert _count(reopened) == before
        assert "Night Docks" not in _departments(reopened)
        assert reopened.check().ok


def _progress_dialog(dialog: ImportDialog) -> QProgressDialog | None:
    found = [d for d in dialog.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None


def test_what_to_do_is_chosen_in_the_list_one_by_one_or_all_at_once(
    qtbot: Any, empty_vault: Vault, tmp_path: Path,
) -> None:
    people.add_person(empty_vault, Person(name="Ana Ruiz", personal_phone="555-010-1000"))
    people.add_person(empty_vault, Person(name="Bo Li", personal_email="bo@example.org"))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Phone,Email\nAna R.,(555) 010-1000,\nBo Li,,BO@example.org\n"
                     "Cy Park,,\n", encoding="utf-8")
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _checked(qtbot, dialog, lambda: dialog.load(sheet))
    table, model = dialog.duplicates_table, dialog.duplicates_model
    assert model.rowCount() == 2 and "1 to import" in dialog.summary_label.text()
    # One row: its list opens in the cell; picking Keep both counts at once.
    cell = model.index(0, model.COL_CHOICE)
    table.setCurrentIndex(cell)
    table.edit(cell)
    editor = table.indexWidget(cell)
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(Choice.KEEP_BOTH))
    editor.activated.emit(editor.currentIndex())
    assert model.data(cell) == "Keep both"
    assert "2 to import" in dialog.summary_label.text()
    # All of them at once.
    box = dialog.all_choice_box
    box.setCurrentIndex(box.findData(Choice.MERGE))
    box.activated.emit(box.currentIndex())
    assert dialog.plan is not None
    assert [p.choice for p in dialog.plan.pairs] == [Choice.MERGE, Choice.MERGE]
    assert "2 to merge" in dialog.summary_label.text()
    assert box.currentIndex() == 0  # back to "Set all to…"


def test_preview_duplicates_and_report_number_rows_alike(
    qtbot: Any, empty_vault: Vault, tmp_path: Path,
    answered_messages: messages.MessageSeam,
) -> None:
    """The header is row 1 and a blank line is a row, as in the spreadsheet: the preview's
    row headers, the duplicates' Row column and the report all say row 5 for the same row."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Phone\nAna Ruiz,+1 206 555 0100\n\nBo Li,+1 206 555 0101\n"
                     "Ana R.,+1 206 555 0100\n", encoding="utf-8")
    dialog = ImportDialog(empty_vault)
    qtbot.addWidget(dialog)
    assert _checked(qtbot, dialog, lambda: dialog.load(sheet))
    preview = dialog.preview_table
    assert [preview.verticalHeaderItem(r).text() for r in range(preview.rowCount())] == [
        "2", "4", "5"]
    model = dialog.duplicates_model
    assert model.data(model.index(0, model.COL_ROW)) == "5"
    messages.answer_next(True)
    _imported(qtbot, dialog)
    assert "row 5: skipped: duplicate: same phone" in answered_messages.seen[-1].detail


# ----- the mapping shows the file as it is; a committee's organizing columns ----------------


def _dialog(qtbot: Any, vault: Vault, path: Path) -> ImportDialog:
    dialog = ImportDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _checked(qtbot, dialog, lambda: dialog.load(path))
    return dialog


def _shown_headers(dialog: ImportDialog) -> list[str]:
    table = dialog.mapping_table
    return [table.item(r, dialog.COL_HEADER).text() for r in range(table.rowCount())
            if not table.isRowHidden(r)]


def test_the_mapping_shows_the_file_s_own_columns_with_samples_and_folds_the_rest(
    qtbot: Any, empty_vault: Vault, tmp_path: Path
) -> None:
    from tests.core.test_importers import OUTLOOK

    path = tmp_path / "outlook.csv"
    path.write_bytes(OUTLOOK.replace("Cariste,Logistique,Brightline,,",
                                     "Cariste,Logistique,Brightline,Entrepôt Nord,")
                     .encode("cp1252"))
    dialog = _dialog(qtbot, empty_vault, path)
    shown = _shown_headers(dialog)
    assert shown[:3] == ["First Name", "Last Name", "E-mail Address"]
    assert "Mobile Phone" in shown and "Office Location" in shown
    assert "Title" not in shown and "Company" not in shown  # they go nowhere: folded
    folded = dialog.folded_headers()
    assert len(folded) == 36 and len(shown) + len(folded) == 51
    assert dialog.fold_button.isVisible()
    assert dialog.fold_button.text() == "Show 36 columns not imported…"
    assert dialog.current_mapping()["Office Location"] == "site"
    assert dialog.samples_of("Office Location") == "Entrepôt Nord"
    assert dialog.samples_of("First Name") == "Hélène"
    assert dialog.samples_of("Pager") == "(empty)"
    preview = dialog.preview_table
    labels = [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())]
    assert preview.item(0, labels.index("Site")).text() == "Entrepôt Nord"
    qtbot.mouseClick(dialog.fold_button, Qt.MouseButton.LeftButton)
    assert dialog.folded_headers() == [] and len(_shown_headers(dialog)) == 51
    assert dialog.fold_button.text() == "Hide the columns not imported"
    # A column the user maps stays in view when folded again, even left out again.
    assert _checked(qtbot, dialog, lambda: dialog.set_field("Company", "team"))
    assert _checked(qtbot, dialog, lambda: dialog.set_field("Company", None))
    qtbot.mouseClick(dialog.fold_button, Qt.MouseButton.LeftButton)
    assert "Company" in _shown_headers(dialog) and "Title" not in _shown_headers(dialog)


def test_google_columns_keep_their_names(
    qtbot: Any, empty_vault: Vault, tmp_path: Path
) -> None:
    from tests.core.test_importers import GOOGLE_NEW

    path = tmp_path / "google.csv"
    path.write_text(GOOGLE_NEW, encoding="utf-8")
    dialog = _dialog(qtbot, empty_vault, path)
    assert "Phone 1 - Value" in _shown_headers(dialog)
    assert "Mobile phone" not in dialog.current_mapping()
    assert dialog.samples_of("Phone 1 - Value") == (
        "+1 555-010-2000 ::: +1 555-01… · (555) 010-3000")  # each cut to 30 characters


def test_a_team_column_of_shifts_gets_a_hint_until_it_goes_to_shift(
    qtbot: Any, empty_vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "equipes.csv"
    path.write_text("Nom,Équipe\nHélène Dubois,Nuit\nMarc Petit,Jour\nLéa Roux,Nuit/Jour\n",
                    encoding="utf-8")
    dialog = _dialog(qtbot, empty_vault, path)
    assert dialog.hint_label.isVisible()
    assert dialog.hint_label.text().startswith(
        "The column 'Équipe' goes to Team, but its values look like shifts ('Nuit', 'Jour', "
        "'Nuit/Jour')")
    assert _checked(qtbot, dialog, lambda: dialog.set_field("Équipe", "shift"))
    assert not dialog.hint_label.isVisible()


COMMITTEE = (
    "Name,Assessment,Organizer,On the OC,Organic leader,Issues,Last contact\n"
    "Jo Berg,1,,yes,x,Pay,2026-10-02\n"
    "Ana Ruiz,7,Jo Berg,no,,pay,03/04/2026\n"
    "Bo Li,2,Sam Rivera,,✓,,\n"
)


def test_a_bad_value_refuses_by_default_and_the_rest_can_be_imported(
    qtbot: Any, empty_vault: Vault, tmp_path: Path,
    answered_messages: messages.MessageSeam,
) -> None:
    path = tmp_path / "committee.csv"
    path.write_text(COMMITTEE, encoding="utf-8")
    dialog = _dialog(qtbot, empty_vault, path)
    assert dialog.bad_values_box.currentData() is BadValues.REFUSE
    assert not dialog.import_button.isEnabled()
    assert dialog.summary_label.text().startswith(
        "Not importable as it is: 2 rows (rows 3 and 4) have a value Organizer cannot read. "
        "Fix them in the file")
    assert dialog.tabs.currentWidget() is dialog.rows_to_check
    listed = [dialog.rows_to_check.item(i).text() for i in range(dialog.rows_to_check.count())]
    assert listed == ["Row 3: assessment '7' is not on the 1–5 scale",
                      "Row 4: assigned OC member 'Sam Rivera' is not an OC member"]
    assert "Not OC members: 'Sam Rivera'." in dialog.hint_label.text()
    assert "were read month first (4 March 2026)" in dialog.hint_label.text()
    # Forced anyway, the import refuses and writes nothing.
    messages.answer_next(True)
    _imported(qtbot, dialog)
    assert "Nothing was imported" in answered_messages.seen[-1].text
    assert _count(empty_vault) == 0
    # The organizer's choices: add Sam, import the rest of Ana's row, dates day first.
    dialog.choose_options(unknown_oc_members=UnknownOcMembers.CREATE,
                          bad_values=BadValues.IMPORT_REST)
    assert "New OC members: Sam Rivera." in dialog.hint_label.text()
    assert dialog.import_button.isEnabled()
    assert "1 row without the values Organizer cannot read" in dialog.summary_label.text()
    assert _checked(qtbot, dialog, lambda: dialog.choose_options(
        date_order=DateOrder.DAY_FIRST))
    messages.answer_next(True)
    _imported(qtbot, dialog)
    assert "row 3: imported: assessment '7' is not on the 1–5 scale; left out" in (
        answered_messages.seen[-1].detail)
    found = {row[0]: row[1:] for row in empty_vault.connection.execute(
        "SELECT p.name, p.assessment, oc.name, p.is_oc_member, p.is_organic_leader, "
        "p.last_contact_on FROM person p LEFT JOIN person oc "
        "ON oc.id = p.assigned_oc_member_id").fetchall()}
    assert found == {"Jo Berg": (1, None, 1, 1, "2026-10-02"),
                     "Ana Ruiz": (None, "Jo Berg", 0, 0, "2026-04-03"),
                     "Bo Li": (2, "Sam Rivera", 0, 1, None),
                     "Sam Rivera": (None, None, 1, 0, None)}


def test_formula_looking_names_are_listed_to_check(
    qtbot: Any, empty_vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Name,Notes\n=1+2,fine\nAna Ruiz,@everyone\n", encoding="utf-8")
    dialog = _dialog(qtbot, empty_vault, path)
    assert dialog.import_button.isEnabled()  # a warning, not a bad value
    assert dialog.preview_table.item(0, 0).text() == "=1+2"
    listed = [dialog.rows_to_check.item(i).text() for i in range(dialog.rows_to_check.count())]
    assert listed == [
        "Row 2: name '=1+2' starts with '=', as a spreadsheet formula does: imported as plain "
        "text, as typed",
        "Row 3: notes '@everyone' starts with '@', as a spreadsheet formula does: imported as "
        "plain text, as typed"]
