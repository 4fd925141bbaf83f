"""Unlocking returns to where the organizer was when the app locked: the same section, the
same person's page with the edits not yet saved, the one-on-one being logged with what was
typed. Nothing of it is kept outside the vault: ids in memory, the typing as drafts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from organizer.core import people
from organizer.gui import messages
from organizer.gui.app import AppController
from organizer.gui.main_window import PERSON, PLANS, TODAY
from tests.gui.conftest import PERSON_NAME, unlock

Make = Callable[..., AppController]


def _person_id(controller: AppController) -> str:
    assert controller.vault is not None
    return people.find_people(controller.vault, PERSON_NAME)[0][0]


def test_a_person_page_with_unsaved_edits_comes_back_after_unlock(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    person = _person_id(controller)
    window = controller.main_window
    assert window is not None
    window.show_person(person)
    qtbot.keyClicks(window.person_page.job_title, "Night shift lead")
    controller.lock()
    qtbot.waitUntil(lambda: controller.main_window is None)

    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(lambda: window.current_section() == PERSON)
    page = window.person_page
    assert page.person_id == person
    assert page.job_title.text() == "Night shift lead"
    assert page.unsaved_label.isVisible() and page.draft_note.isVisible()
    assert controller.vault is not None
    assert people.get_person(controller.vault, person).job_title == ""  # still not saved


def test_the_section_and_a_one_on_one_being_logged_come_back(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    person = _person_id(controller)
    window = controller.main_window
    assert window is not None
    window.show_section(PLANS)
    dialog = window.new_one_on_one(person)
    qtbot.keyClicks(dialog.commitment, "Will bring two coworkers")
    controller.lock()
    qtbot.waitUntil(lambda: controller.main_window is None)

    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(lambda: window.one_on_one_dialog is not None)
    assert window.current_section() == PLANS
    dialog = window.one_on_one_dialog
    assert dialog is not None and dialog.person_id == person
    assert dialog.commitment.text() == "Will bring two coworkers"
    messages.answer_next(True)  # discard it
    dialog.reject()


def test_closing_the_campaign_forgets_the_place(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    window.show_section(PLANS)
    controller.close_vault()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    assert window.current_section() == TODAY
