"""The demo campaign: deterministic, believable, consistent with the schema's triggers."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from organizer.core import demo
from organizer.core.demo import DemoCancelled, generate_demo
from organizer.core.errors import InvalidInput
from organizer.core.vault import RECORD_KINDS, Vault

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2026, 5, 1)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """One 300-person demo, shared read-only by the tests below."""
    os.umask(0o077)
    path = tmp_path_factory.mktemp("demo") / "demo.vault"
    vault = demo.create_demo_vault(path, PASSPHRASE, people=300, seed=7, today=TODAY)
    yield vault
    vault.close()


def _all(vault: Vault, sql: str, *params: Any) -> list[Any]:
    return list(vault.connection.execute(sql, params).fetchall())


def _one(vault: Vault, sql: str, *params: Any) -> Any:
    return vault.connection.execute(sql, params).fetchone()[0]


def _names(vault: Vault) -> list[str]:
    return [row[0] for row in _all(vault, "SELECT name FROM person ORDER BY id")]


def _make(tmp_path: Path, name: str, **options: Any) -> Vault:
    vault = Vault.create(tmp_path / name, PASSPHRASE, "Demo", is_demo=True)
    try:
        generate_demo(vault, **options)
    except BaseException:
        vault.close()
        raise
    return vault


# ----- determinism ----------------------------------------------------------------------------


def test_same_seed_gives_the_same_campaign(tmp_path: Path) -> None:
    with (
        _make(tmp_path, "a.vault", people=60, seed=3, today=TODAY) as first,
        _make(tmp_path, "b.vault", people=60, seed=3, today=TODAY) as second,
    ):
        assert _names(first) == _names(second)
        assert first.check().counts == second.check().counts
        for table in ("person", "one_on_one", "assessment", "follow_up", "relationship",
                      "call_attempt"):
            sql = f"SELECT * FROM {table} ORDER BY id"
            assert _all(first, sql) == _all(second, sql), table


def test_another_seed_gives_another_campaign(tmp_path: Path) -> None:
    with (
        _make(tmp_path, "a.vault", people=40, seed=1, today=TODAY) as first,
        _make(tmp_path, "b.vault", people=40, seed=2, today=TODAY) as second,
    ):
        assert _names(first) != _names(second)


def test_another_day_shifts_dates_but_keeps_the_content(tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=10)
    with (
        _make(tmp_path, "a.vault", people=30, seed=5, today=TODAY) as first,
        _make(tmp_path, "b.vault", people=30, seed=5, today=later) as second,
    ):
        assert _names(first) == _names(second)
        sql = "SELECT id, held_on, agitate FROM one_on_one ORDER BY id"
        for (id_a, day_a, text_a), (id_b, day_b, text_b) in zip(
            _all(first, sql), _all(second, sql), strict=True
        ):
            assert (id_a, text_a) == (id_b, text_b)
            assert dt.date.fromisoformat(day_b) - dt.date.fromisoformat(day_a) == (
                later - TODAY
            )


# ----- a believable campaign -------------------------------------------------------------------


def test_every_kind_of_record_is_there_and_the_vault_checks_ok(campaign: Vault) -> None:
    report = campaign.check()
    assert report.ok, report.problems
    assert report.counts["people"] == 300
    assert report.counts["one-on-ones"] == 1200  # four per person by default
    for label, _ in RECORD_KINDS:
        if label in ("drafts", "tombstones"):
            assert report.counts[label] == 0
        else:
            assert report.counts[label] > 0, label
    assert _one(campaign, "SELECT count(*) FROM person_issue") > 0
    assert _one(campaign, "SELECT count(*) FROM one_on_one_issue") > 0


def test_about_one_in_ten_is_on_the_committee_and_coverage_has_gaps(campaign: Vault) -> None:
    committee = _one(campaign, "SELECT count(*) FROM person WHERE is_oc_member")
    assert 0.05 <= committee / 300 <= 0.16
    others = 300 - committee
    assigned = _one(
        campaign,
        "SELECT count(*) FROM person WHERE NOT is_oc_member AND assigned_oc_member_id "
        "IS NOT NULL",
    )
    assert 0.5 < assigned / others < 1.0
    # Everyone assigned is assigned to a committee member, mostly from their department.
    wrong = _one(
        campaign,
        "SELECT count(*) FROM person p JOIN person oc ON oc.id = p.assigned_oc_member_id "
        "WHERE NOT oc.is_oc_member",
    )
    assert wrong == 0
    same_department = _one(
        campaign,
        "SELECT avg(p.department_id = oc.department_id) FROM person p "
        "JOIN person oc ON oc.id = p.assigned_oc_member_id",
    )
    assert same_department > 0.7
    leaders = _one(campaign, "SELECT count(*) FROM person WHERE is_organic_leader")
    assert 3 <= leaders <= 35


def test_assessments_spread_over_the_scale_with_many_unassessed(campaign: Vault) -> None:
    scores = dict(_all(campaign, "SELECT assessment, count(*) FROM person GROUP BY 1"))
    assert set(scores) == {None, 1, 2, 3, 4, 5}
    assert 0.15 < scores[None] / 300 < 0.6
    bases = {row[0] for row in _all(campaign, "SELECT DISTINCT basis FROM assessment")}
    assert {"one-on-one", "hearsay", "structure test"} <= bases
    assert _one(campaign, "SELECT count(*) FROM assessment WHERE assessed_by_id IS NULL "
                "AND basis = 'one-on-one'") == 0
    several = _one(campaign, "SELECT count(*) FROM (SELECT person_id FROM assessment "
                   "GROUP BY person_id HAVING count(*) >= 3)")
    assert several > 0


def test_thin_departments_have_few_committee_members(campaign: Vault) -> None:
    ratio = dict(
        _all(
            campaign,
            "SELECT d.name, avg(p.is_oc_member) FROM person p "
            "JOIN department d ON d.id = p.department_id GROUP BY d.name",
        )
    )
    assert ratio["Sales Engineering"] < ratio["Infrastructure"]
    assert ratio["Design"] < ratio["Customer Support"]


def test_triggers_kept_the_person_columns_in_step(campaign: Vault) -> None:
    wrong_assessment = _one(
        campaign,
        "SELECT count(*) FROM person p WHERE p.assessment IS NOT (SELECT a.score FROM "
        "assessment a WHERE a.person_id = p.id ORDER BY a.assessed_at DESC, a.rowid DESC "
        "LIMIT 1)",
    )
    wrong_contact = _one(
        campaign,
        "SELECT count(*) FROM person p WHERE p.last_contact_on IS NOT (SELECT max(held_on) "
        "FROM one_on_one o WHERE o.person_id = p.id)",
    )
    wrong_follow_up = _one(
        campaign,
        "SELECT count(*) FROM person p WHERE p.next_follow_up_on IS NOT (SELECT min(due_on) "
        "FROM follow_up f WHERE f.person_id = p.id AND f.done_at IS NULL)",
    )
    assert (wrong_assessment, wrong_contact, wrong_follow_up) == (0, 0, 0)
    # The newest one-on-one's "after" is where the person stands (unless cleared since).
    assert _one(campaign, "SELECT count(*) FROM person WHERE last_contact_on IS NOT NULL") > 100


def test_follow_ups_are_overdue_due_this_week_and_done(campaign: Vault) -> None:
    today, week = TODAY.isoformat(), (TODAY + dt.timedelta(days=6)).isoformat()
    overdue = _one(campaign, "SELECT count(*) FROM follow_up WHERE done_at IS NULL AND "
                   "due_on < ?", today)
    this_week = _one(campaign, "SELECT count(*) FROM follow_up WHERE done_at IS NULL AND "
                     "due_on BETWEEN ? AND ?", today, week)
    done = _one(campaign, "SELECT count(*) FROM follow_up WHERE done_at IS NOT NULL")
    assert overdue > 0 and this_week > 0 and done > 0


def test_one_on_ones_read_like_conversations(campaign: Vault) -> None:
    rows = _all(campaign, "SELECT agitate, ask, answer, channel, held_on FROM one_on_one")
    assert all(agitate and ask.endswith("?") and answer for agitate, ask, answer, _, _ in rows)
    assert len({row[0] for row in rows}) > 20
    assert {row[3] for row in rows} == {"in person", "phone", "Signal", "video"}
    oldest = min(dt.date.fromisoformat(row[4]) for row in rows)
    newest = max(dt.date.fromisoformat(row[4]) for row in rows)
    assert newest < TODAY and (TODAY - oldest).days > 90
    assert _one(campaign, "SELECT count(*) FROM one_on_one WHERE oc_member_id IS NULL") == 0
    found = _one(
        campaign,
        "SELECT count(*) FROM search_index WHERE search_index MATCH 'halberd OR layoffs'",
    )
    assert found > 0


def test_contact_details_are_fictional(campaign: Vault) -> None:
    rows = _all(campaign, "SELECT personal_phone, personal_email, work_email FROM person")
    for phone, email, work_email in rows:
        assert phone == "" or " 555 01" in phone
        assert email == "" or email.split("@")[1] in demo._EMAIL_DOMAINS
        assert work_email == "" or work_email.endswith("@brightline.example")
    languages = {row[0] for row in _all(campaign, "SELECT DISTINCT language FROM person")}
    assert len(languages) >= 5


def test_no_two_made_up_coworkers_share_a_phone(campaign: Vault) -> None:
    """Else Find duplicates would pair strangers on the demo by their fictional numbers."""
    from organizer.core.importers.duplicates import find_duplicates

    phones = [row[0] for row in _all(campaign, "SELECT personal_phone FROM person")
              if row[0]]
    assert len(phones) > 200 and len(set(phones)) == len(phones)
    assert [d for d in find_duplicates(campaign) if d.reason == "same phone"] == []


def test_plans_ladder_and_participation(campaign: Vault) -> None:
    ladder = _all(campaign, "SELECT name, target_percent FROM structure_test "
                  "ORDER BY ladder_position")
    assert [percent for _, percent in ladder] == [1, 10, 51, 60, 75, 80, 85, 90]
    assert _one(campaign, "SELECT count(*) FROM action_plan") == 2
    assert "Deliver the open letter to the CEO" in {
        row[0] for row in _all(campaign, "SELECT title FROM action_plan")
    }
    statuses = {row[0] for row in _all(campaign, "SELECT DISTINCT status FROM participation")}
    assert statuses == {"asked", "committed", "did it", "declined"}
    outcomes = {row[0] for row in _all(campaign, "SELECT DISTINCT outcome FROM call_attempt")}
    assert {"reached", "no answer", "left message"} <= outcomes


# ----- progress and cancelling ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small batches, so a small demo still reports progress (and checks for cancel) often.
    monkeypatch.setattr(demo, "BATCH_ROWS", 200)


def test_progress_rises_to_one(tmp_path: Path) -> None:
    seen: list[float] = []
    with _make(tmp_path, "p.vault", people=100, one_on_ones=200, seed=1,
               progress=seen.append):
        pass
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert len(seen) > 2


def test_cancelling_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.vault"
    with Vault.create(path, PASSPHRASE, "Demo", is_demo=True) as vault:
        with pytest.raises(DemoCancelled):
            generate_demo(vault, people=100, one_on_ones=200, cancelled=lambda: True)
        report = vault.check()
        assert report.ok
        assert set(report.counts.values()) == {0}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vault"]


def test_cancelling_midway_adds_nothing(tmp_path: Path) -> None:
    """A cancel after some batches were written rolls all of them back."""
    asked = 0

    def after_three_batches() -> bool:
        nonlocal asked
        asked += 1
        return asked > 3

    with Vault.create(tmp_path / "m.vault", PASSPHRASE, "Demo", is_demo=True) as vault:
        with pytest.raises(DemoCancelled):
            generate_demo(vault, people=300, one_on_ones=600, cancelled=after_three_batches)
        assert asked > 3
        assert set(vault.check().counts.values()) == {0}


def test_a_one_person_demo_still_works(tmp_path: Path) -> None:
    with _make(tmp_path, "one.vault", people=1, today=TODAY) as vault:
        assert vault.check().ok
        assert _one(vault, "SELECT count(*) FROM person") == 1


def test_zero_people_is_refused(tmp_path: Path) -> None:
    with (
        Vault.create(tmp_path / "z.vault", PASSPHRASE, "Demo") as vault,
        pytest.raises(ValueError, match="at least one person"),
    ):
        generate_demo(vault, people=0)


def test_a_vault_with_records_is_refused(campaign: Vault) -> None:
    before = campaign.check().counts
    with pytest.raises(InvalidInput, match="new, empty vault"):
        generate_demo(campaign, people=10)
    assert campaign.check().counts == before


