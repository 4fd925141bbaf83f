"""The People page lists names in collation order. Real widgets on a real seeded vault."""

from __future__ import annotations

from typing import Any

from organizer.core import people
from organizer.core.vault import Vault
from organizer.gui.main_window import PEOPLE, MainWindow
from organizer.gui.people_page import PeoplePage
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

EVERYONE = ["Ana Silva", "Jo Berg", "Kim Rossi", "Lee Novak", "Maya Okafor", "Noor Khan",
            "Ravi Kumar", "Sam Lee"]


def shown(page: PeoplePage) -> list[str]:
    settle()  # the list is read in the thread pool
    model = page.model
    return [model.row(r).display_name for r in range(model.rowCount())]  # type: ignore[union-attr]


def people_page(window: MainWindow) -> PeoplePage:
    window.show_section(PEOPLE)
    settle()
    return window.people_page


# ----- names in order ----------------------------------------------------------------------------


def test_accented_names_sort_with_their_letter_in_the_table(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    people.add_person(vault, people.Person(name="élise Martin"))
    people.add_person(vault, people.Person(name="Ávila Ruiz"))
    page = people_page(window)
    page.refresh()
    assert shown(page) == ["Ana Silva", "Ávila Ruiz", "élise Martin", *EVERYONE[1:]]
