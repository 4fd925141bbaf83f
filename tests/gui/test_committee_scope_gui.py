"""A member limited to some departments never sees anyone outside them in the app: not in
People, not in search, not on a person's page, because their vault never receives them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from organizer.core import campaign, people, search
from organizer.core.committee import identity, receive, roster, send
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.people_page import PeoplePage
from tests.conftest import VaultTemplate
from tests.gui.settling import settle
from tests.gui.vault_fixtures import finish_qt


@pytest.fixture
def scoped(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[Vault]:
    """Ben's vault after Ana, who limits him to the Warehouse, sent him her campaign."""
    ana = empty_vault_template.open_copy(tmp_path / "ana")
    ben = empty_vault_template.open_copy(tmp_path / "ben")
    roster.add_member(ana, identity.ensure_identity(ben, "Ben").card().line())
    roster.add_member(ben, identity.ensure_identity(ana, "Ana").card().line())
    warehouse = campaign.add_list_entry(ana, "department", "Warehouse").id
    office = campaign.add_list_entry(ana, "department", "Office").id
    roster.set_scope(ana, "Ben", ["Warehouse"])
    people.add_person(ana, people.Person(name="Wren Walker", department_id=warehouse))
    people.add_person(ana, people.Person(name="Otto Office", department_id=office,
                                         notes="Otto's private worries"))
    people.add_person(ana, people.Person(name="Olga Organizer", department_id=office,
                                         is_oc_member=True))
    folder = tmp_path / "files"
    folder.mkdir()
    receive.receive_updates(ben, [f.path for f in send.send_updates(ana, folder)])
    yield ben
    finish_qt()
    ana.close()
    ben.close()


def test_a_scoped_member_sees_only_their_departments_and_the_oc(
    qtbot: Any, scoped: Vault
) -> None:
    page = PeoplePage(scoped, AssessmentScale.load(scoped))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    settle()

    model = page.model
    assert model is not None
    shown = sorted(model.row(r).display_name for r in range(model.rowCount()))
    assert shown == ["Olga Organizer", "Wren Walker"]
    assert search.search(scoped, "Otto") == []
    assert search.search(scoped, "worries") == []
