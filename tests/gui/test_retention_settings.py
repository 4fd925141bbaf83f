"""Settings › Retention (issue 21): the live preview, the question before anything is erased,
what Save erases, and the rules running when the campaign is unlocked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.core import conversations, people, retention
from organizer.core.conversations import OneOnOne
from organizer.core.people import Person
from organizer.core.retention import RetentionRules
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.settings_dialog import SettingsDialog
from tests.conftest import VaultTemplate
from tests.gui.conftest import unlock

LEFT = Qt.MouseButton.LeftButton
OLD_NOTE = "Quokkafizz said the night shift is ready"
NEW_NOTE = "Marmaladeon wants to read the letter first"
TODAY = dt.date.today()


def _ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def _fill(vault: Vault) -> dict[str, str]:
    """An old one-on-one with words, a recent one, a person who left long ago, one who left
    lately, and one still here."""
    maya = people.add_person(vault, Person(name="Maya Okafor", is_oc_member=True))
    ravi = people.add_person(vault, Person(name="Ravi Kumar"))
    old = conversations.log_one_on_one(vault, OneOnOne(
        person_id=ravi.id, held_on=_ago(430), oc_member_id=maya.id, notes=OLD_NOTE,
        ask="Sign the card?", commitment="Signs Friday", assessment_after=2))
    new = conversations.log_one_on_one(vault, OneOnOne(
        person_id=ravi.id, held_on=_ago(20), oc_member_id=maya.id, notes=NEW_NOTE))
    gone = people.add_person(vault, Person(name="Dana Longgone", left_company_on=_ago(200)))
    lately = people.add_person(vault, Person(name="Eli Lately", left_company_on=_ago(10)))
    return {"old": old.id, "new": new.id, "gone": gone.id, "lately": lately.id,
            "ravi": ravi.id}


def _state(vault: Vault) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = vault.connection
    return (list(conn.execute("SELECT * FROM one_on_one ORDER BY id")),
            list(conn.execute("SELECT id, name FROM person ORDER BY id")))


def _notes(vault: Vault, one_on_one_id: str) -> tuple[str, str, str]:
    row = vault.connection.execute(
        "SELECT notes, ask, commitment FROM one_on_one WHERE id = ?", (one_on_one_id,)
    ).fetchone()
    return (str(row[0]), str(row[1]), str(row[2]))


def _person_ids(vault: Vault) -> set[str]:
    return {str(r[0]) for r in vault.connection.execute("SELECT id FROM person")}


@pytest.fixture
def vault(vault_file: Path, drive_template: VaultTemplate) -> Iterator[Vault]:
    opened = Vault.open_with_key(vault_file, drive_template.raw_key)
    yield opened
    opened.close()


@pytest.fixture
def ids(vault: Vault) -> dict[str, str]:
    return _fill(vault)


@pytest.fixture
def dialog(qtbot: Any, vault: Vault, ids: dict[str, str]) -> SettingsDialog:
    shown = SettingsDialog(vault)
    qtbot.addWidget(shown)
    shown.show()
    shown.tabs.setCurrentWidget(shown.retention)
    return shown


def _shows(qtbot: Any, dialog: SettingsDialog, text: str) -> None:
    label = dialog.retention.preview_label
    qtbot.waitUntil(lambda: label.text() == text, timeout=5000)


def test_the_tab_is_off_by_default_and_says_when_it_runs(dialog: SettingsDialog) -> None:
    tab = dialog.retention
    assert not any(check.isChecked() for check in tab.checks.values())
    assert not any(period.isEnabled() for period in tab.periods.values())
    assert [tab.periods[name].value() for name in retention.LIMITS] == [12, 90, 30, 180]
    assert tab.preview_label.text() == "Every rule is off: nothing is erased."
    shown = [label.text() for label in tab.findChildren(type(tab.preview_label))]
    assert any("each time this campaign is unlocked" in text
               and "older backup" in text for text in shown)
    assert tab.checks["one_on_one_months"].text() == "Erase the words of one-on-ones older than"
    assert tab.periods["one_on_one_months"].text() == "12 months"


def test_the_preview_follows_the_rules_as_they_change(
    qtbot: Any, dialog: SettingsDialog
) -> None:
    tab = dialog.retention
    qtbot.mouseClick(tab.checks["one_on_one_months"], LEFT)
    assert tab.periods["one_on_one_months"].isEnabled()
    _shows(qtbot, dialog, "This will erase: 1 one-on-one note older than 12 months.")
    tab.set_rule("left_days", 90)
    _shows(qtbot, dialog, "This will erase: 1 one-on-one note older than 12 months; "
                          "1 person who left more than 90 days ago.")
    tab.periods["one_on_one_months"].setValue(24)  # the old one is 14 months old
    _shows(qtbot, dialog, "This will erase: 1 person who left more than 90 days ago.")
    tab.set_rule("left_days", 365)
    tab.set_rule("draft_days", 30)
    _shows(qtbot, dialog, "Nothing to erase today.")
    for name in retention.LIMITS:
        tab.set_rule(name, None)
    _shows(qtbot, dialog, "Every rule is off: nothing is erased.")


def test_save_asks_first_and_cancel_changes_nothing(
    qtbot: Any, dialog: SettingsDialog, vault: Vault,
    answered_messages: messages.MessageSeam
) -> None:
    before = _state(vault)
    tab = dialog.retention
    tab.set_rule("one_on_one_months", 12)
    tab.set_rule("left_days", 90)
    _shows(qtbot, dialog, "This will erase: 1 one-on-one note older than 12 months; "
                          "1 person who left more than 90 days ago.")
    dialog.tabs.setCurrentIndex(0)
    messages.answer_next(False)
    qtbot.mouseClick(dialog.save_button, LEFT)

    [asked] = answered_messages.seen
    assert asked.kind == "question"
    assert asked.detail.splitlines()[:2] == ["1 one-on-one note older than 12 months",
                                             "1 person who left more than 90 days ago"]
    assert "cannot be brought back" in asked.detail
    assert dialog.isVisible() and dialog.tabs.currentWidget() is tab
    assert retention.rules(vault) == RetentionRules()
    assert _state(vault) == before


def test_confirming_erases_exactly_what_the_preview_listed(
    qtbot: Any, dialog: SettingsDialog, vault: Vault, ids: dict[str, str],
    answered_messages: messages.MessageSeam
) -> None:
    tab = dialog.retention
    tab.set_rule("one_on_one_months", 12)
    tab.set_rule("left_days", 90)
    chosen = RetentionRules(one_on_one_months=12, left_days=90)
    listed = retention.preview(vault, chosen)
    assert (listed.one_on_ones, listed.people) == ([ids["old"]], [ids["gone"]])
    _shows(qtbot, dialog, listed.summary())
    people_before = _person_ids(vault)

    messages.answer_next(True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)

    [asked] = answered_messages.seen
    assert asked.detail.splitlines()[:2] == listed.sentences()
    assert retention.rules(vault) == RetentionRules(one_on_one_months=12, left_days=90,
                                                    confirmed=True)
    assert _notes(vault, ids["old"]) == ("", "", "Signs Friday")  # the commitment stays
    assert _notes(vault, ids["new"])[0] == NEW_NOTE
    assert _person_ids(vault) == people_before - {ids["gone"]}
    assert retention.preview(vault, chosen).empty
    assert not dialog.isVisible()


def test_saving_unchanged_confirmed_rules_asks_nothing(
    qtbot: Any, vault: Vault, ids: dict[str, str]
) -> None:
    retention.set_rules(vault, RetentionRules(left_days=365, confirmed=True))
    dialog = SettingsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.retention.checks["left_days"].isChecked()
    assert dialog.retention.periods["left_days"].value() == 365
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)  # strict seam: a question would fail
    assert retention.rules(vault) == RetentionRules(left_days=365, confirmed=True)


def test_turning_every_rule_off_saves_without_asking(
    qtbot: Any, vault: Vault, ids: dict[str, str]
) -> None:
    retention.set_rules(vault, RetentionRules(one_on_one_months=60, draft_days=30,
                                              confirmed=True))
    before = _state(vault)
    dialog = SettingsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    tab = dialog.retention
    dialog.tabs.setCurrentWidget(tab)
    assert tab.checks["one_on_one_months"].isChecked() and tab.checks["draft_days"].isChecked()
    qtbot.mouseClick(tab.checks["one_on_one_months"], LEFT)
    qtbot.mouseClick(tab.checks["draft_days"], LEFT)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)  # strict seam: a question would fail
    assert retention.rules(vault) == RetentionRules()
    assert _state(vault) == before


# ----- on unlock ------------------------------------------------------------------------------


def _prepared(vault_file: Path, template: VaultTemplate, rules: RetentionRules
              ) -> dict[str, str]:
    vault = Vault.open_with_key(vault_file, template.raw_key)
    try:
        found = _fill(vault)
        retention.set_rules(vault, rules)
    finally:
        vault.close()
    return found


def test_unlocking_runs_confirmed_rules_and_says_what_went(
    qtbot: Any, make_controller: Any, vault_file: Path, drive_template: VaultTemplate
) -> None:
    ids = _prepared(vault_file, drive_template,
                    RetentionRules(one_on_one_months=12, left_days=90, confirmed=True))
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Retention"),
                    timeout=10_000)
    assert window.statusBar().currentMessage() == (
        "Retention erased: 1 one-on-one note older than 12 months; "
        "1 person who left more than 90 days ago.")
    vault = controller.vault
    assert vault is not None
    assert _notes(vault, ids["old"])[0] == ""
    assert _notes(vault, ids["new"])[0] == NEW_NOTE
    assert ids["gone"] not in _person_ids(vault) and ids["lately"] in _person_ids(vault)


def test_unconfirmed_rules_do_not_run_on_unlock(
    qtbot: Any, make_controller: Any, vault_file: Path, drive_template: VaultTemplate
) -> None:
    ids = _prepared(vault_file, drive_template, RetentionRules(one_on_one_months=12))
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    qtbot.wait(300)
    vault = controller.vault
    assert vault is not None
    assert _notes(vault, ids["old"])[0] == OLD_NOTE
    assert not controller.main_window.statusBar().currentMessage().startswith("Retention")


def test_a_failure_on_unlock_is_one_sentence(
    qtbot: Any, make_controller: Any, vault_file: Path, drive_template: VaultTemplate,
    monkeypatch: pytest.MonkeyPatch, answered_messages: messages.MessageSeam
) -> None:
    from organizer.core.errors import DiskFull

    ids = _prepared(vault_file, drive_template,
                    RetentionRules(one_on_one_months=12, confirmed=True))

    def full(_vault: Vault, today: object = None) -> None:
        raise DiskFull()

    monkeypatch.setattr(retention, "run_on_unlock", full)
    messages.answer_next(True)
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    qtbot.waitUntil(lambda: bool(answered_messages.seen), timeout=10_000)
    [said] = answered_messages.seen
    assert said.kind == "warning"
    assert said.text == f"Nothing was erased: {DiskFull()}"
    assert "Traceback" not in said.text and "\n" not in said.text
    vault = controller.vault
    assert vault is not None
    assert _notes(vault, ids["old"])[0] == OLD_NOTE
