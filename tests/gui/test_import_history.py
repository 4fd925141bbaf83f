"""Import history: the vault's imports listed, and removing the people one added after a
preview that counts them, lists those changed since with a tick each, and asks. Real
widgets, real vaults."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from organizer.core import imports, people, records
from organizer.core.bulk import bulk_load
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.import_history import COLUMNS, ImportHistoryDialog, make_dialog
from organizer.gui.main_window import PEOPLE, MainWindow
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    seed_template_fixture,
    vault_fixture,
    window_fixture,
)


def _import(vault: Vault, file_name: str, names: Sequence[str]) -> tuple[str, list[str]]:
    """What an importer does: the new people through bulk_load, then the record, in one
    transaction (as tests/core/test_imports_record.py)."""
    stamp = records.now()
    ids = [records.new_id() for _ in names]
    with vault.transaction() as conn:
        with bulk_load(conn) as writer:
            writer.executemany(
                "INSERT INTO person (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [(i, n, stamp, stamp) for i, n in zip(ids, names, strict=True)])
        import_id = imports.record_import(conn, f"/home/ana/{file_name}", ids, merged=0)
    return import_id, ids


def _dialog(qtbot: Any, vault: Vault) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _row(dialog: ImportHistoryDialog, row: int) -> dict[str, str]:
    item = dialog.table.topLevelItem(row)
    return {name: item.text(c) for c, name in enumerate(COLUMNS)}


def test_removing_an_imports_people_erases_the_untouched_and_the_ticked(
    qtbot: Any, vault: Vault
) -> None:
    before = people.count_people(vault)
    _import(vault, "old.csv", ["Old One"])
    import_id, (ana, bo, cy) = _import(vault, "night shift.csv", ["Ana Imported", "Bo Imported",
                                                                 "Cy Imported"])
    edited = people.get_person(vault, cy)
    people.update_person(vault, dataclasses.replace(edited, team="Docks"))

    dialog = _dialog(qtbot, vault)
    assert dialog.table.topLevelItemCount() == 2
    newest = _row(dialog, 0)
    assert (newest["File"], newest["Made"], newest["Merged"], newest["Undone"]) == (
        "night shift.csv", "3", "0", "")
    assert dialog.undo_button.isEnabled()

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    preview = dialog.undo_dialog
    assert preview is not None and preview.isVisible()
    assert "erases the 2 people it added" in preview.summary.text()
    assert preview.touched.count() == 1
    assert preview.touched.item(0).text() == "Cy Imported: edited"
    assert preview.erase_button.text() == "Erase 2 people…"
    preview.tick(cy)
    assert preview.erase_button.text() == "Erase 3 people…"

    messages.answer_next(True, True)  # Erase 3 people for good? then the report
    preview.accept()
    seen = [m.text for m in messages.seam.seen[-2:]]
    assert seen == ["Erase 3 people for good?",
                    "Erased 3 people added by the import of night shift.csv."]
    assert people.count_people(vault) == before + 1  # Old One stays
    assert people.find_people(vault, "Imported") == []
    assert not {ana, bo, cy} & set(people.people_ids(vault))
    assert imports.get_import(vault, import_id).people_undone == 3
    assert _row(dialog, 0)["Undone"].endswith("3 people erased")
    assert not dialog.undo_button.isEnabled()


def test_cancelling_the_question_erases_no_one(qtbot: Any, vault: Vault) -> None:
    import_id, made = _import(vault, "sheet.csv", ["Ana Imported", "Bo Imported"])
    dialog = _dialog(qtbot, vault)
    preview = dialog.ask_undo()
    assert preview is not None
    messages.answer_next(False)
    preview.accept()
    assert messages.seam.seen[-1].text == "Erase 2 people for good?"
    assert set(made) <= set(people.people_ids(vault))
    assert not imports.get_import(vault, import_id).undone
    assert dialog.undo_button.isEnabled()


def test_no_imports_says_so(qtbot: Any, vault: Vault) -> None:
    dialog = _dialog(qtbot, vault)
    assert dialog.empty_label.isVisibleTo(dialog)
    assert not dialog.undo_button.isEnabled()


def test_over_the_window_an_undo_refreshes_the_people_page(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    _import(vault, "sheet.csv", ["Ana Imported", "Bo Imported"])
    window.show_section(PEOPLE)
    window.people_page.refresh()
    settle()
    assert window.people_page.model.rowCount() == 10
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    preview = dialog.ask_undo()
    assert preview is not None
    messages.answer_next(True, True)
    preview.accept()
    settle()
    assert window.people_page.model.rowCount() == 8


def test_the_file_menu_opens_the_import_history(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    from organizer.gui import import_history

    opened: list[object] = []
    monkeypatch.setattr(import_history, "run", opened.append)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_history_action in file_menu.actions()
    window.import_history_action.trigger()
    assert opened == [window]
