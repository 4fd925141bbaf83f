"""A person's page says at a glance when they were last talked to and what is next, opens
on their one-on-ones, and its prep sheet is asked for under its own title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from organizer.core import conversations, follow_ups
from organizer.core.vault import Vault
from organizer.formats import relative_date
from organizer.gui import call_lists_page, person_page
from organizer.gui.main_window import MainWindow
from organizer.gui.person_page import contact_sentence
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    finish_qt,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

TODAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize(("day", "text"), [
    ("2026-12-05", "today"), ("2026-12-04", "yesterday"), ("2026-12-06", "tomorrow"),
    ("2026-12-02", "3 days ago"), ("2026-12-09T10:00:00Z", "in 4 days"),
])
def test_days_are_said_relative_to_today(day: str, text: str) -> None:
    # The page says them with formats.relative_date (locale-aware), not its own helper.
    assert relative_date(day[:10], TODAY) == text


def test_the_contact_sentence_names_the_last_talk_and_the_next_follow_up() -> None:
    assert contact_sentence([], [], TODAY) == "No one-on-one yet · No follow-up planned"
    assert contact_sentence(["2026-11-01", "2026-12-02"], ["2026-12-12", "2026-12-09"],
                            TODAY) == "Last one-on-one: 3 days ago · Next follow-up: in 4 days"
    assert contact_sentence(["2026-12-04"], ["2026-12-01"], TODAY) == (
        "Last one-on-one: yesterday · Next follow-up: overdue, due 4 days ago")


def test_the_page_opens_on_the_one_on_ones_with_the_contact_line(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    person = seeded.people["Kim Rossi"]
    window.show_person(person)
    page = window.person_page
    assert page.tabs.currentWidget() is page.one_on_ones_tab
    held = [s.held_on for s in conversations.one_on_ones_for(vault, person)]
    due = [f.due_on for f in follow_ups.follow_ups_for(vault, person) if f.done_at is None]
    assert page.contact_line.isVisible()
    assert page.contact_line.text() == contact_sentence(held, due)
    page.tabs.setCurrentIndex(0)
    window.show_person(seeded.people["Sam Lee"])
    assert page.tabs.currentWidget() is page.one_on_ones_tab


def test_the_prep_sheet_is_asked_for_under_its_own_title(
    qtbot: Any, window: MainWindow, seeded: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def no_file(parent: object, suggested: Path, caption: str, *rest: object) -> None:
        asked.append(caption)

    monkeypatch.setattr(call_lists_page, "choose_save_path", no_file)
    monkeypatch.setattr(person_page, "show_prep_sheet_preview",
                        lambda *_args: person_page.PREP_SHEET_SAVE)
    window.show_person(seeded.people["Kim Rossi"])
    assert window.person_page.save_prep_sheet() is None
    assert asked == ["Save the prep sheet as PDF"]
