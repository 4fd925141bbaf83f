"""Find duplicates: the known pair is listed with why; Merge keeps one person with both
histories (either record may be the one kept); Not the same takes the pair off the list and
changes nothing; an empty vault says so plainly. Real vaults, real merges."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from organizer.core import conversations, people
from organizer.core.conversations import OneOnOne
from organizer.core.errors import OrganizerError
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui import duplicates_dialog, messages
from organizer.gui.duplicates_dialog import NONE_LEFT, NOTHING_FOUND, DuplicatesDialog
from organizer.gui.main_window import MainWindow
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    empty_template_fixture,
    empty_vault_fixture,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

TWIN = "Ravi K."


def _count(vault: Vault) -> int:
    return int(vault.connection.execute("SELECT count(*) FROM person").fetchone()[0])


def _add_twin(vault: Vault, seeded: Seed) -> str:
    """Ravi again, entered later by another organizer: same phone, one one-on-one of his own."""
    maya = seeded.people["Maya Okafor"]
    twin = people.add_person(vault, Person(name=TWIN, personal_phone="(555) 0142",
                                           department_id=seeded.departments["Sales"]))
    conversations.log_one_on_one(vault, OneOnOne(person_id=twin.id, held_on="2026-01-05",
                                                 oc_member_id=maya, notes="Met at the gate"))
    return twin.id


def _searched(qtbot: Any, dialog: DuplicatesDialog) -> None:
    """The search starts with the dialog, in a worker: wait for its list."""
    dialog.show()
    qtbot.waitUntil(lambda: dialog._search_task is None, timeout=20_000)


def _opened(qtbot: Any, vault: Vault, dismissed: set[frozenset[str]] | None = None
            ) -> tuple[DuplicatesDialog, int]:
    dialog = DuplicatesDialog(vault, dismissed)
    qtbot.addWidget(dialog)
    _searched(qtbot, dialog)
    return dialog, dialog.model.rowCount()


def _row_texts(dialog: DuplicatesDialog, row: int) -> list[str]:
    model = dialog.model
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def test_the_pair_is_listed_with_both_names_department_and_why(
    qtbot: Any, vault: Vault, seeded: Seed,
) -> None:
    _add_twin(vault, seeded)
    dialog, rows = _opened(qtbot, vault)
    assert rows == 1
    assert _row_texts(dialog, 0) == [
        "Ravi Kumar", TWIN, "Infrastructure / Sales", "Same phone number"]
    assert dialog.status_label.text().startswith("1 possible duplicate.")
    assert dialog.selected_row() == 0 and dialog.merge_button.isEnabled()
    # What tells the two apart, beside the choice of the record to keep.
    assert dialog.why_label.text() == "Both have the phone number +1 555 0142."
    assert dialog.keep_first.text() == (
        "Ravi Kumar · Infrastructure · 2 one-on-ones (the older record)")
    assert dialog.keep_second.text() == f"{TWIN} · Sales · 1 one-on-one"


@pytest.mark.parametrize("keep_older", [True, False])
def test_merge_keeps_one_person_with_both_histories(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed,
    answered_messages: messages.MessageSeam, keep_older: bool,
) -> None:
    ravi, twin = seeded.people["Ravi Kumar"], _add_twin(vault, seeded)
    histories = {p: {o.id for o in conversations.one_on_ones_for(vault, p)} for p in (ravi, twin)}
    assert len(histories[ravi]) == 2 and len(histories[twin]) == 1
    before = _count(vault)
    window._data_changed(None)
    dialog = duplicates_dialog.make_dialog(window)
    qtbot.addWidget(dialog)
    _searched(qtbot, dialog)
    kept, gone = (ravi, twin) if keep_older else (twin, ravi)
    choice = dialog.keep_first if keep_older else dialog.keep_second
    # On the round button itself: a radio button takes clicks on its button and its text.
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))
    assert choice.isChecked()
    messages.answer_next(True)
    with qtbot.waitSignal(dialog.merged, timeout=20_000) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args == [kept]
    question = answered_messages.seen[-1].text
    assert "Ravi Kumar" in question and TWIN in question
    assert question.endswith("?") and ". " not in question.replace(TWIN, "")  # one sentence
    assert _count(vault) == before - 1
    assert {o.id for o in conversations.one_on_ones_for(vault, kept)} == (
        histories[ravi] | histories[twin])
    with pytest.raises(OrganizerError):
        people.get_person(vault, gone)
    # The list and the window follow.
    assert dialog.model.rowCount() == 0 and dialog.status_label.text() == NONE_LEFT
    qtbot.waitUntil(lambda: f"{before - 1} people" in window.counts_label.text(), timeout=5000)


def test_not_the_same_takes_the_pair_off_the_list_and_changes_nothing(
    qtbot: Any, vault: Vault, seeded: Seed, answered_messages: messages.MessageSeam,
) -> None:
    ravi, twin = seeded.people["Ravi Kumar"], _add_twin(vault, seeded)
    before = _count(vault)
    dismissed: set[frozenset[str]] = set()
    dialog, rows = _opened(qtbot, vault, dismissed)
    assert rows == 1
    messages.answer_next(False)  # Merge… then Cancel in the confirmation: nothing happens
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1 and _count(vault) == before
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0
    assert dialog.status_label.text() == NONE_LEFT
    assert not dialog.merge_button.isEnabled()
    assert _count(vault) == before
    assert people.get_person(vault, ravi).name == "Ravi Kumar"
    assert people.get_person(vault, twin).name == TWIN
    # For the rest of the session, the pair stays off the list.
    assert dismissed == {frozenset((ravi, twin))}
    again, rows = _opened(qtbot, vault, dismissed)
    assert rows == 0 and again.status_label.text() == NOTHING_FOUND


def test_no_duplicates_says_so(qtbot: Any, empty_vault: Vault) -> None:
    people.add_person(empty_vault, Person(name="Ana Ruiz", personal_phone="555-010-1000"))
    people.add_person(empty_vault, Person(name="Bo Li", personal_phone="555-010-2000"))
    dialog, rows = _opened(qtbot, empty_vault)
    assert rows == 0
    assert dialog.status_label.text() == NOTHING_FOUND
    assert not dialog.table.isVisible()
    assert not dialog.merge_button.isEnabled() and not dialog.dismiss_button.isEnabled()


def test_the_file_menu_opens_find_duplicates_on_the_window_vault(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed,
) -> None:
    from PySide6.QtCore import QTimer

    _add_twin(vault, seeded)
    listed: list[int] = []

    def look_then_close() -> None:
        dialog = next(w for w in window.findChildren(DuplicatesDialog) if w.isVisible())
        qtbot.waitUntil(lambda: dialog._search_task is None, timeout=20_000)
        listed.append(dialog.model.rowCount())
        dialog.reject()

    QTimer.singleShot(0, look_then_close)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.find_duplicates_action in file_menu.actions()
    window.find_duplicates_action.trigger()
    assert listed == [1]
