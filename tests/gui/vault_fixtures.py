"""Real vaults for the main window's tests: a small campaign seeded through the core API.

The campaign is made once per session (from the suite's template vault, tests/conftest.py) and
copied for each test, then opened with its raw key, so a test pays for neither seeding nor key
derivation. Nothing here mocks the database.

Test modules import the fixtures they use:
    from tests.gui.vault_fixtures import seeded_fixture, vault_fixture, window_fixture  # noqa: F401
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from organizer.core import (
    campaign,
    conversations,
    demo,
    follow_ups,
    people,
    relationships,
    workplace_issues,
)
from organizer.core.conversations import FollowUpRequest, OneOnOne
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui.main_window import MainWindow
from tests.conftest import PASSPHRASE, VaultTemplate, derived_template

CAMPAIGN = "Zephyr Freight organizing drive"
TODAY = dt.date.today()
RAVI_NOTE = "He worried about the pager rotation and the xylophone meeting"
OVERDUE_TASK = "Ask Sam about the petition"


@dataclass
class Seed:
    """Ids of what the template holds, by the names tests use."""

    path: Path
    raw_key: str
    people: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    shifts: dict[str, str] = field(default_factory=dict)
    one_on_ones: dict[str, str] = field(default_factory=dict)
    follow_ups: dict[str, str] = field(default_factory=dict)


def _day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def _seed(vault: Vault, seed: Seed) -> None:
    for name in ("Infrastructure", "Sales"):
        seed.departments[name] = campaign.add_list_entry(vault, "department", name).id
    for name in ("Day", "Night"):
        seed.shifts[name] = campaign.add_list_entry(vault, "shift", name).id
    campaign.add_list_entry(vault, "site", "Harbour HQ")
    infra, sales = seed.departments["Infrastructure"], seed.departments["Sales"]
    day, night = seed.shifts["Day"], seed.shifts["Night"]

    def add(name: str, department: str, shift: str, **extra: Any) -> str:
        person = people.add_person(
            vault, Person(name=name, department_id=department, shift_id=shift, **extra)
        )
        seed.people[name] = person.id
        return person.id

    maya = add("Maya Okafor", infra, day, is_oc_member=True, personal_phone="+1 555 0101")
    jo = add("Jo Berg", sales, night, is_oc_member=True)
    ravi = add("Ravi Kumar", infra, day, personal_phone="+1 555 0142",
               personal_email="ravi@example.org", assigned_oc_member_id=maya,
               safe_channel="Signal")
    ana = add("Ana Silva", infra, night, assigned_oc_member_id=maya)
    sam = add("Sam Lee", sales, day, assigned_oc_member_id=jo)
    add("Lee Novak", sales, day)
    kim = add("Kim Rossi", infra, day)
    noor = add("Noor Khan", infra, day, is_organic_leader=True)
    for person_id, score in ((ana, 2), (sam, 3), (kim, 3), (noor, 1)):
        people.record_assessment(vault, person_id, score, assessed_by_id=maya, basis="hearsay")

    pager = workplace_issues.get_or_add_issue(vault, "on-call load")
    entry = conversations.log_one_on_one(
        vault,
        OneOnOne(person_id=ravi, held_on=_day(-3), oc_member_id=maya, channel="in person",
                 ask="Will you sign the petition?", answer="Maybe after payday",
                 assessment_after=3, next_step="Bring the petition", notes=RAVI_NOTE,
                 issue_ids=[pager.id]),
    )
    seed.one_on_ones["ravi"] = entry.id
    seed.follow_ups["sam overdue"] = follow_ups.add_follow_up(
        vault, sam, _day(-10), OVERDUE_TASK, owner_id=jo
    )
    seed.follow_ups["ana upcoming"] = follow_ups.add_follow_up(
        vault, ana, _day(3), "Walk Ana through the letter", owner_id=maya
    )
    relationships.add_relationship(vault, ravi, ana, "close to")
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi, held_on=_day(-40), oc_member_id=maya,
                        notes="First chat by the coffee machine"),
        follow_up=FollowUpRequest(due_on=_day(-30), description="done already"),
    )
    for follow_up in follow_ups.follow_ups_for(vault, ravi):
        follow_ups.mark_done(vault, follow_up.id)


# Each test module imports the fixtures, which makes each module's copy a fixture of its own;
# this cache (keyed by the session's folder: one per xdist worker) makes each template once.
_seeds: dict[tuple[Path, str], Seed] = {}


def _template(factory: pytest.TempPathFactory, name: str, fill: Any) -> Seed:
    """The suite's session template (tests/conftest.py) renamed CAMPAIGN and filled once."""
    key = (factory.getbasetemp(), name)
    if key not in _seeds:
        seeds: list[Seed] = []

        def filled(vault: Vault) -> None:
            seed = Seed(path=vault.path, raw_key=vault.raw_key)
            fill(vault, seed)
            seeds.append(seed)

        template = derived_template(factory, f"gui-{name}", filled, campaign_name=CAMPAIGN)
        seed = seeds[0]
        seed.path = template.path
        _seeds[key] = seed
    return _seeds[key]


@pytest.fixture(scope="session", name="seed_template")
def seed_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    return _template(tmp_path_factory, "seeded", _seed)


@pytest.fixture(scope="session", name="empty_template")
def empty_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    return _template(tmp_path_factory, "empty", lambda vault, seed: None)


@pytest.fixture(scope="session", name="big_template")
def big_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """2,000 made-up people (the demo generator), no one-on-ones: for the lazy table."""
    return _template(
        tmp_path_factory, "big",
        lambda vault, seed: demo.generate_demo(vault, people=2000, seed=3, one_on_ones=0),
    )


def open_copy(template: Seed, folder: Path) -> Vault:
    """A private (0600) copy of the template at `folder/copy.vault`, opened with its raw key."""
    return VaultTemplate(template.path, PASSPHRASE, template.raw_key).open_copy(
        folder, "copy.vault"
    )


def finish_qt() -> None:
    """Let background reads end and deleted widgets go before the vault closes."""
    QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture(name="seeded")
def seeded_fixture(seed_template: Seed) -> Seed:
    return seed_template


@pytest.fixture(name="vault")
def vault_fixture(seed_template: Seed, tmp_path: Path) -> Iterator[Vault]:
    """A fresh copy of the seeded campaign, open."""
    vault = open_copy(seed_template, tmp_path)
    yield vault
    finish_qt()
    vault.close()


@pytest.fixture(name="empty_vault")
def empty_vault_fixture(empty_template: Seed, tmp_path: Path) -> Iterator[Vault]:
    vault = open_copy(empty_template, tmp_path)
    yield vault
    finish_qt()
    vault.close()


@pytest.fixture(name="big_vault")
def big_vault_fixture(big_template: Seed, tmp_path: Path) -> Iterator[Vault]:
    vault = open_copy(big_template, tmp_path)
    yield vault
    finish_qt()
    vault.close()


def make_window(qtbot: Any, vault: Vault, *, demo: bool = False) -> MainWindow:
    window = MainWindow(vault, demo=demo)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


@pytest.fixture(name="window")
def window_fixture(qtbot: Any, vault: Vault) -> Iterator[MainWindow]:
    """The main window on the seeded campaign, shown and active."""
    window = make_window(qtbot, vault)
    yield window
    for dialog in window.findChildren(QWidget):
        if dialog.isWindow() and dialog.isVisible():
            dialog.hide()
    window.hide()
    window.deleteLater()
    finish_qt()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget
