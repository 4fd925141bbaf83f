"""The issues tally stays exactly right through every way its numbers can change.

Each person_issue link carries a copy of its person's department and of "has not left" (schema
v2), kept by triggers, so the tally reads one index instead of joining 184,000 links to their
people. These tests move, retire, delete and merge people, add and remove issues, migrate a
version-1 vault and restore a backup, and check the counts by hand each time, and against the
join the copy replaces (`from_the_records`), in real vaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from organizer.core import backup, campaign, chart, people, schema, workplace_issues
from organizer.core.conversations import OneOnOne, log_one_on_one
from organizer.core.importers.duplicates import merge_people
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, department

PASSPHRASE = "correct horse battery staple"
BACKUP_PASSPHRASE = "violet anchor meadow lantern"

Counts = dict[str, tuple[int, dict[str | None, int]]]


def tally(vault: Vault) -> Counts:
    """issue name -> (people, {department id: people}) as the tally reports it."""
    return {i.name: (i.people, i.by_department) for i in chart.issues_tally(vault).issues}


def from_the_records(vault: Vault) -> Counts:
    """The same figures joined from person_issue and person, without the copied columns."""
    counts: Counts = {
        str(name): (0, {}) for (name,) in vault.connection.execute(
            "SELECT name FROM workplace_issue")
    }
    for name, department_id, raised in vault.connection.execute(
        "SELECT i.name, p.department_id, count(*) FROM person_issue pi "
        "JOIN person p ON p.id = pi.person_id JOIN workplace_issue i ON i.id = pi.issue_id "
        "WHERE p.left_company_on IS NULL GROUP BY i.name, p.department_id"
    ):
        total, by_department = counts[str(name)]
        counts[str(name)] = (total + int(raised), {**by_department, department_id: int(raised)})
    return counts


def check(vault: Vault, expected: Counts) -> None:
    """The tally is `expected`, agrees with the records, and no link was left unfilled."""
    assert tally(vault) == expected
    assert from_the_records(vault) == expected
    assert not vault.connection.execute(
        "SELECT count(*) FROM person_issue WHERE person_current IS NULL").fetchone()[0]


def move(vault: Vault, person_id: str, **fields: Any) -> None:
    """Change a person through the core, as the person form does."""
    person = people.get_person(vault, person_id)
    for name, value in fields.items():
        setattr(person, name, value)
    people.update_person(vault, person)


def issue(vault: Vault, name: str) -> str:
    return workplace_issues.get_or_add_issue(vault, name).id


def raise_issues(vault: Vault, person_id: str, *issue_ids: str) -> None:
    for issue_id in issue_ids:
        workplace_issues.add_issue_to_people(vault, [person_id], issue_id)


# ----- everyday changes ----------------------------------------------------------------------


def test_a_person_moving_department_takes_their_issues_along(vault: Vault) -> None:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    ravi = add(vault, "Ravi", department_id=infra).id
    ana = add(vault, "Ana", department_id=infra).id
    pay, rto = issue(vault, "Pay"), issue(vault, "RTO")
    raise_issues(vault, ravi, pay, rto)
    raise_issues(vault, ana, pay)
    check(vault, {"Pay": (2, {infra: 2}), "RTO": (1, {infra: 1})})

    move(vault, ravi, department_id=support)
    check(vault, {"Pay": (2, {infra: 1, support: 1}), "RTO": (1, {support: 1})})
    assert chart.issues_tally(vault).headcount == {infra: 1, support: 1}

    move(vault, ravi, department_id=None)
    check(vault, {"Pay": (2, {infra: 1, None: 1}), "RTO": (1, {None: 1})})
    move(vault, ravi, notes="moved twice")  # no move: nothing changes
    check(vault, {"Pay": (2, {infra: 1, None: 1}), "RTO": (1, {None: 1})})


def test_people_who_leave_stop_counting_and_count_again_if_they_come_back(
    vault: Vault,
) -> None:
    infra = department(vault, "Infra")
    ravi = add(vault, "Ravi", department_id=infra).id
    ana = add(vault, "Ana", department_id=infra).id
    pay = issue(vault, "Pay")
    raise_issues(vault, ravi, pay)
    raise_issues(vault, ana, pay)

    move(vault, ravi, left_company_on="2026-11-01")
    check(vault, {"Pay": (1, {infra: 1})})
    move(vault, ravi, left_company_on="2026-11-15")  # the date corrected: still gone
    check(vault, {"Pay": (1, {infra: 1})})
    # Moved while gone, then back: counted in the new department.
    support = department(vault, "Support")
    move(vault, ravi, department_id=support)
    check(vault, {"Pay": (1, {infra: 1})})
    move(vault, ravi, left_company_on=None)
    check(vault, {"Pay": (2, {infra: 1, support: 1})})


def test_an_issue_raised_by_someone_who_already_left_is_not_counted(vault: Vault) -> None:
    infra = department(vault, "Infra")
    jon = add(vault, "Jon", department_id=infra, left_company_on="2026-10-01").id
    pay = issue(vault, "Pay")
    raise_issues(vault, jon, pay)
    check(vault, {"Pay": (0, {})})
    move(vault, jon, left_company_on=None)
    check(vault, {"Pay": (1, {infra: 1})})


def test_deleting_a_person_takes_their_issues_out_of_the_tally(vault: Vault) -> None:
    infra = department(vault, "Infra")
    ravi = add(vault, "Ravi", department_id=infra).id
    ana = add(vault, "Ana").id
    pay, rto = issue(vault, "Pay"), issue(vault, "RTO")
    raise_issues(vault, ravi, pay, rto)
    raise_issues(vault, ana, pay)

    people.delete_person(vault, ravi)
    check(vault, {"Pay": (1, {None: 1}), "RTO": (0, {})})
    assert chart.issues_tally(vault).headcount == {None: 1}


def test_deleting_a_department_counts_its_people_under_no_department(vault: Vault) -> None:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    ravi = add(vault, "Ravi", department_id=infra).id
    eli = add(vault, "Eli", department_id=support).id
    pay = issue(vault, "Pay")
    raise_issues(vault, ravi, pay)
    raise_issues(vault, eli, pay)

    assert campaign.remove_list_entry(vault, "department", infra) == 1
    check(vault, {"Pay": (2, {None: 1, support: 1})})
    assert [d.name for d in chart.issues_tally(vault).departments] == [
        "Support", "No department"]


def test_issues_added_by_hand_and_from_one_on_ones_and_removed(vault: Vault) -> None:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    maya = add(vault, "Maya", department_id=infra, is_oc_member=True).id
    ravi = add(vault, "Ravi", department_id=infra).id
    eli = add(vault, "Eli", department_id=support).id
    pay, rto = issue(vault, "Pay"), issue(vault, "RTO")

    log_one_on_one(vault, OneOnOne(ravi, "2026-11-01", maya, issue_ids=[pay, rto]))
    log_one_on_one(vault, OneOnOne(ravi, "2026-11-08", maya, issue_ids=[pay]))  # once per person
    workplace_issues.add_issue_to_people(vault, [eli, ravi, eli], pay)  # Ravi's already there
    check(vault, {"Pay": (2, {infra: 1, support: 1}), "RTO": (1, {infra: 1})})

    workplace_issues.remove_issue_from_person(vault, ravi, pay)
    check(vault, {"Pay": (1, {support: 1}), "RTO": (1, {infra: 1})})
    workplace_issues.remove_issue_from_person(vault, ravi, pay)  # already gone: no change
    raise_issues(vault, maya, rto)
    check(vault, {"Pay": (1, {support: 1}), "RTO": (2, {infra: 2})})


# ----- merging duplicates -----------------------------------------------------------------------


def test_merging_two_people_counts_their_issues_once_in_the_kept_persons_department(
    vault: Vault,
) -> None:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    ravi = add(vault, "Ravi Kumar", department_id=infra).id
    twin = add(vault, "Ravi K.", department_id=support).id
    eli = add(vault, "Eli", department_id=support).id
    pay, rto, layoffs = issue(vault, "Pay"), issue(vault, "RTO"), issue(vault, "Layoffs")
    raise_issues(vault, ravi, pay)
    raise_issues(vault, twin, pay, rto)  # pay on both records
    raise_issues(vault, eli, layoffs)
    check(vault, {"Pay": (2, {infra: 1, support: 1}), "RTO": (1, {support: 1}),
                  "Layoffs": (1, {support: 1})})

    merge_people(vault, ravi, twin)
    check(vault, {"Pay": (1, {infra: 1}), "RTO": (1, {infra: 1}), "Layoffs": (1, {support: 1})})


def test_a_kept_person_without_a_department_takes_the_merged_ones(vault: Vault) -> None:
    support = department(vault, "Support")
    ravi = add(vault, "Ravi Kumar").id  # no department, has not left
    twin = add(vault, "Ravi K.", department_id=support, left_company_on="2026-01-01").id
    pay, rto = issue(vault, "Pay"), issue(vault, "RTO")
    raise_issues(vault, ravi, pay)
    raise_issues(vault, twin, rto)  # raised while on the record of someone who left
    check(vault, {"Pay": (1, {None: 1}), "RTO": (0, {})})

    # The kept record's blank fields are filled from the other's: department and the date
    # they left, so Ravi is now a leaver in Support and neither issue counts.
    merge_people(vault, ravi, twin)
    assert people.get_person(vault, ravi).department_id == support
    check(vault, {"Pay": (0, {}), "RTO": (0, {})})
    move(vault, ravi, left_company_on=None)
    check(vault, {"Pay": (1, {support: 1}), "RTO": (1, {support: 1})})


# ----- older vaults and backups --------------------------------------------------------------


def _fill_a_small_campaign(vault: Vault) -> dict[str, str]:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    ravi = add(vault, "Ravi", department_id=infra).id
    ana = add(vault, "Ana", department_id=infra).id
    eli = add(vault, "Eli", department_id=support).id
    floater = add(vault, "Floater").id
    jon = add(vault, "Jon", department_id=infra, left_company_on="2026-10-01").id
    pay, rto = issue(vault, "Pay"), issue(vault, "RTO")
    issue(vault, "Contractors")  # raised by nobody
    for person in (ravi, ana, eli, floater, jon):
        raise_issues(vault, person, pay)
    raise_issues(vault, eli, rto)
    raise_issues(vault, jon, rto)
    return {"infra": infra, "support": support, "ravi": ravi, "eli": eli}


@contextmanager
def organizer_of_version_1(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside: this Organizer knows only schema version 1, as the last release did."""
    with monkeypatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        old.setattr(schema, "SCHEMA_VERSION", 1)
        yield


@pytest.fixture
def version_1_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A vault made and filled by an Organizer that knew only schema version 1, closed."""
    path = tmp_path / "old.vault"
    with organizer_of_version_1(monkeypatch):
        vault = Vault.create(path, PASSPHRASE, "Old campaign")
        try:
            assert vault.connection.execute("PRAGMA user_version").fetchone()[0] == 1
            columns = {r[1] for r in vault.connection.execute("PRAGMA table_info(person_issue)")}
            assert columns == {"person_id", "issue_id"}
            ids = _fill_a_small_campaign(vault)
        finally:
            vault.close()
    yield path, ids


def test_a_version_1_vault_migrates_with_every_link_filled_in(
    version_1_vault: tuple[Path, dict[str, str]],
) -> None:
    path, ids = version_1_vault
    vault = Vault.open(path, PASSPHRASE)
    try:
        version = vault.connection.execute("PRAGMA user_version").fetchone()[0]
        assert version == schema.SCHEMA_VERSION
        infra, support = ids["infra"], ids["support"]
        expected: Counts = {
            "Pay": (4, {infra: 2, support: 1, None: 1}),
            "RTO": (1, {support: 1}),
            "Contractors": (0, {}),
        }
        check(vault, expected)
        # Jon's links were filled in as "left" (0), not left unknown.
        assert vault.connection.execute(
            "SELECT count(*) FROM person_issue WHERE person_current = 0").fetchone()[0] == 2
        # And the triggers work from then on.
        move(vault, ids["eli"], department_id=infra)
        check(vault, {**expected, "Pay": (4, {infra: 3, None: 1}), "RTO": (1, {infra: 1})})
    finally:
        vault.close()


@pytest.mark.slow
def test_a_backup_from_version_1_restores_with_every_link_filled_in(
    version_1_vault: tuple[Path, dict[str, str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, ids = version_1_vault
    with organizer_of_version_1(monkeypatch):
        old = Vault.open(path, PASSPHRASE)
        try:
            made = backup.export_backup(old, tmp_path / "old.age", BACKUP_PASSPHRASE)
        finally:
            old.close()
    assert made.schema_version == 1
    # The backup's links have no copied columns: the restore's triggers fill them in.
    restored = backup.restore_backup(tmp_path / "old.age", BACKUP_PASSPHRASE,
                                     tmp_path / "restored.vault", PASSPHRASE)
    try:
        infra, support = ids["infra"], ids["support"]
        check(restored, {
            "Pay": (4, {infra: 2, support: 1, None: 1}),
            "RTO": (1, {support: 1}),
            "Contractors": (0, {}),
        })
    finally:
        restored.close()


@pytest.mark.slow
def test_a_restored_backup_has_the_same_tally(vault: Vault, tmp_path: Path) -> None:
    ids = _fill_a_small_campaign(vault)
    infra, support = ids["infra"], ids["support"]
    move(vault, ids["ravi"], department_id=support)  # a move after the links were made
    expected: Counts = {
        "Pay": (4, {infra: 1, support: 2, None: 1}),
        "RTO": (1, {support: 1}),
        "Contractors": (0, {}),
    }
    check(vault, expected)
    links = vault.connection.execute(
        "SELECT * FROM person_issue ORDER BY person_id, issue_id").fetchall()

    backup.export_backup(vault, tmp_path / "b.age", BACKUP_PASSPHRASE)
    restored = backup.restore_backup(tmp_path / "b.age", BACKUP_PASSPHRASE,
                                     tmp_path / "restored.vault", PASSPHRASE)
    try:
        check(restored, expected)
        assert restored.connection.execute(
            "SELECT * FROM person_issue ORDER BY person_id, issue_id").fetchall() == links
    finally:
        restored.close()
