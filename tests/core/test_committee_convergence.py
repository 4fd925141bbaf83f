"""The committee exchange end to end: several real vaults editing apart and trading update
files in any order must end up holding the same records, and each file must carry only what
its reader may see.

Every vault here is a copy of the session's template vault with its own committee identity
(so its own device id); update files are really written, encrypted, signed and merged.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from organizer.core import campaign, follow_ups, people, records, workplace_issues
from organizer.core.committee import envelope, identity, roster, stamps
from organizer.core.committee.receive import Received, receive_updates
from organizer.core.committee.send import send_updates
from organizer.core.committee.tables import LINK_TABLES, RECORD_TABLES
from organizer.core.conversations import FollowUpRequest, OneOnOne, log_one_on_one
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, examples, session_template

MEMBER_NAMES = ("Ann", "Bo", "Cy", "Di", "Ed")
DAY_MS = 86_400_000

# ----- a committee of vaults ------------------------------------------------------------------


@dataclass
class Committee:
    """N vaults that know each other, and the folder their update files go to."""

    vaults: list[Vault]
    names: list[str]
    outbox: Path
    # Files written for each member, not yet delivered / delivered at least once.
    pending: dict[str, list[Path]] = field(default_factory=dict)
    delivered: dict[str, list[Path]] = field(default_factory=dict)

    def vault(self, name: str) -> Vault:
        return self.vaults[self.names.index(name)]

    def close(self) -> None:
        for vault in self.vaults:
            if vault.is_open:
                vault.close()


def make_committee(template: VaultTemplate, folder: Path, count: int) -> Committee:
    """`count` vaults, each with its identity and every other member on its roster, seeing
    every department (a committee with a limited member is built by `_scoped`)."""
    names = list(MEMBER_NAMES[:count])
    vaults = [template.open_copy(folder / name) for name in names]
    cards = {name: identity.ensure_identity(v, name).card().line()
             for name, v in zip(names, vaults, strict=True)}
    for owner, vault in zip(names, vaults, strict=True):
        for member in names:
            if member != owner:
                roster.add_member(vault, cards[member])
    outbox = folder / "outbox"
    outbox.mkdir()
    return Committee(vaults, names, outbox, {n: [] for n in names}, {n: [] for n in names})


def send_to(committee: Committee, sender: str, recipient: str) -> Path:
    (sent,) = send_updates(committee.vault(sender), committee.outbox, to=[recipient])
    committee.pending[recipient].append(sent.path)
    return sent.path


def deliver(committee: Committee, recipient: str, path: Path) -> Received:
    (result,) = receive_updates(committee.vault(recipient), [path])
    if path in committee.pending[recipient]:
        committee.pending[recipient].remove(path)
    if path not in committee.delivered[recipient]:
        committee.delivered[recipient].append(path)
    return result


def exchange(committee: Committee, sender: str, recipient: str) -> Received:
    return deliver(committee, recipient, send_to(committee, sender, recipient))


def full_round(committee: Committee) -> None:
    """Everyone sends to everyone, then everyone applies what came: twice, so every change
    has reached every vault (the second round carries what the first one merged)."""
    for _ in range(2):
        files: dict[str, list[Path]] = {name: [] for name in committee.names}
        for sender in committee.names:
            for sent in send_updates(committee.vault(sender), committee.outbox):
                files[sent.member].append(sent.path)
        for recipient, paths in files.items():
            for path in paths:
                deliver(committee, recipient, path)


@contextlib.contextmanager
def committee_in(template: VaultTemplate, folder: Path, count: int) -> Iterator[Committee]:
    made = make_committee(template, folder, count)
    try:
        yield made
    finally:
        made.close()


# ----- what the vaults hold -------------------------------------------------------------------

Dump = dict[str, list[tuple[Any, ...]]]


def canonical(vault: Vault) -> Dump:
    """What a committee shares, in an order every vault agrees on: each record table's rows
    (id, its shared fields, created_at), each link table's pairs, the erased ids."""
    conn = vault.connection
    dump: Dump = {}
    for table in RECORD_TABLES:
        columns = ", ".join(("id", *table.fields, "created_at"))
        dump[table.name] = conn.execute(
            f"SELECT {columns} FROM {table.name} ORDER BY id"
        ).fetchall()
    for link in LINK_TABLES:
        left, right = link.columns
        dump[link.name] = conn.execute(
            f"SELECT {left}, {right} FROM {link.name} ORDER BY 1, 2"
        ).fetchall()
    dump["tombstone"] = conn.execute("SELECT id FROM tombstone ORDER BY id").fetchall()
    return dump


def differences(first: Dump, other: Dump) -> list[str]:
    """Readable lines for every row one dump has and the other lacks."""
    lines = []
    for table in first:
        mine, theirs = set(first[table]), set(other[table])
        lines += [f"{table}: only in first: {row}" for row in sorted(mine - theirs, key=repr)]
        lines += [f"{table}: only in other: {row}" for row in sorted(theirs - mine, key=repr)]
    return lines


def assert_converged(committee: Committee) -> Dump:
    """Every vault holds the same shared records; that dump."""
    dumps = [canonical(vault) for vault in committee.vaults]
    for name, dump in zip(committee.names[1:], dumps[1:], strict=True):
        diff = differences(dumps[0], dump)
        assert not diff, f"{committee.names[0]} and {name} differ:\n" + "\n".join(diff[:40])
    return dumps[0]


# The people's derived columns, recomputed from the records the way the schema's triggers
# and bulk_load compute them (the newest assessment: by time, then creation, then UUID, all
# of which every vault holds alike).
_DERIVED = """
SELECT p.id,
    p.assessment, (SELECT a.score FROM assessment a WHERE a.person_id = p.id
                   ORDER BY a.assessed_at DESC, a.created_at DESC, a.id DESC LIMIT 1),
    p.next_follow_up_on, (SELECT min(f.due_on) FROM follow_up f
                          WHERE f.person_id = p.id AND f.done_at IS NULL),
    p.last_contact_on, (SELECT max(o.held_on) FROM one_on_one o WHERE o.person_id = p.id)
FROM person p ORDER BY p.id
"""
_TALLY = """
SELECT pi.person_id, pi.issue_id, pi.person_department_id, p.department_id,
    pi.person_current, p.left_company_on IS NULL
FROM person_issue pi JOIN person p ON p.id = pi.person_id
WHERE pi.person_department_id IS NOT p.department_id
    OR pi.person_current IS NOT (p.left_company_on IS NULL)
"""


def derived(vault: Vault) -> list[tuple[Any, ...]]:
    """(id, assessment, next_follow_up_on, last_contact_on) of every person, after checking
    each column against the records the vault holds."""
    conn = vault.connection
    found = []
    for row in conn.execute(_DERIVED).fetchall():
        person_id, assessment, newest, next_on, earliest, contact, latest = row
        assert (assessment, next_on, contact) == (newest, earliest, latest), (
            f"person {person_id}: stored (assessment, next follow-up, last contact) "
            f"{(assessment, next_on, contact)}, records say {(newest, earliest, latest)}"
        )
        found.append((person_id, assessment, next_on, contact))
    stale = conn.execute(_TALLY).fetchall()
    assert not stale, f"person_issue copies of their person's department are stale: {stale}"
    return found


def ids_anywhere(vault: Vault, ids: set[str]) -> list[str]:
    """Where any of `ids` is still held in a record or link table."""
    conn = vault.connection
    found = []
    for table in (*RECORD_TABLES, *LINK_TABLES):
        for column in [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table.name})")]:
            for (value,) in conn.execute(f"SELECT {column} FROM {table.name}"):
                if value in ids:
                    found.append(f"{table.name}.{column} = {value}")
    return found


def person_ids(vault: Vault) -> list[str]:
    return [str(r[0]) for r in vault.connection.execute("SELECT id FROM person ORDER BY id")]


def department_ids(vault: Vault) -> list[str]:
    return [str(r[0]) for r in vault.connection.execute(
        "SELECT id FROM department ORDER BY name")]


def conflicts(vault: Vault) -> list[tuple[Any, ...]]:
    return vault.connection.execute(
        "SELECT tbl, row_id, field, kept_value, lost_value FROM update_conflict "
        "ORDER BY tbl, row_id, field, lost_value"
    ).fetchall()


def edit(vault: Vault, person_id: str, **values: object) -> None:
    person = people.get_person(vault, person_id)
    for name, value in values.items():
        setattr(person, name, value)
    people.update_person(vault, person)


def field_of(vault: Vault, person_id: str, name: str) -> object:
    return vault.connection.execute(
        f"SELECT {name} FROM person WHERE id = ?", (person_id,)
    ).fetchone()[0]


# ----- 1. any edits, any delivery order: every vault ends the same ----------------------------

EDITED_FIELDS = ("notes", "personal_phone", "team", "name", "department_id",
                 "is_organic_leader", "left_company_on")
TEXT_VALUES = ("", "alpha", "beta", "gamma")
DEPARTMENTS = ("Office", "Dock")
ISSUES = ("Pay", "Safety")
DATES = ("2026-03-01", "2026-03-02", "2026-04-15")
OPERATIONS = (
    "add_person", "edit", "edit", "concurrent_edit", "concurrent_edit", "concurrent_edit",
    "one_on_one", "assess", "follow_up", "done", "link_issue", "unlink_issue",
    "department", "remove_department", "erase", "send", "send", "deliver", "deliver",
    "redeliver", "exchange", "exchange", "exchange",
)
# Two members each making (or renaming something to) a department or an issue of the same
# name, before either has heard of the other's.
CLASHING_OPERATIONS = (*OPERATIONS, "clash", "clash", "rename_department")


def _value(data: st.DataObject, vault: Vault, name: str) -> object:
    if name == "department_id":
        return data.draw(st.sampled_from([None, *department_ids(vault)]))
    if name == "is_organic_leader":
        return data.draw(st.booleans())
    if name == "left_company_on":
        return data.draw(st.sampled_from([None, *DATES]))
    if name == "name":
        return data.draw(st.sampled_from(("Pat", "Sam", "Lee")))
    return data.draw(st.sampled_from(TEXT_VALUES))


class Program:
    """One generated run: each step draws what it does from `data` (noted for the failure
    report); `erased` holds the people it erased."""

    def __init__(self, committee: Committee, data: st.DataObject) -> None:
        self.committee = committee
        self.data = data
        self.erased: set[str] = set()
        # Records numbered in the order the program made them: UUIDs are random, so choices
        # made among them by id would differ between runs of the same example.
        self.labels: dict[str, int] = {}
        self.learn()

    def learn(self) -> None:
        for table in ("person", "follow_up"):
            for vault in self.committee.vaults:
                for (record_id,) in vault.connection.execute(
                    f"SELECT id FROM {table} ORDER BY rowid"
                ):
                    self.labels.setdefault(str(record_id), len(self.labels))

    def ordered(self, ids: Sequence[str]) -> list[str]:
        return sorted(ids, key=self.labels.__getitem__)

    def did(self, text: str) -> None:
        note(text)

    def member(self) -> tuple[str, Vault]:
        name = self.data.draw(st.sampled_from(self.committee.names))
        return name, self.committee.vault(name)

    def person(self, vault: Vault) -> str | None:
        ids = self.ordered(person_ids(vault))
        return self.data.draw(st.sampled_from(ids)) if ids else None

    def step(self, kind: str) -> None:
        getattr(self, kind)()
        self.learn()

    # edits

    def add_person(self) -> None:
        name, vault = self.member()
        department = self.data.draw(st.sampled_from([None, *department_ids(vault)]))
        added = people.add_person(vault, people.Person(
            name=self.data.draw(st.sampled_from(("Noor", "Jo", "Ray"))),
            department_id=department,
        ))
        self.did(f"{name}: add person {added.id[:6]} in {department and department[:6]}")

    def edit(self) -> None:
        name, vault = self.member()
        person_id = self.person(vault)
        if person_id is None:
            return
        column = self.data.draw(st.sampled_from(EDITED_FIELDS))
        value = _value(self.data, vault, column)
        edit(vault, person_id, **{column: value})
        self.did(f"{name}: {person_id[:6]}.{column} = {value!r}")

    def concurrent_edit(self) -> None:
        first, second = self.data.draw(
            st.lists(st.sampled_from(self.committee.names), min_size=2, max_size=2,
                     unique=True))
        vaults = [self.committee.vault(first), self.committee.vault(second)]
        shared = self.ordered(list(set(person_ids(vaults[0])) & set(person_ids(vaults[1]))))
        if not shared:
            return
        person_id = self.data.draw(st.sampled_from(shared))
        column = self.data.draw(st.sampled_from(EDITED_FIELDS))
        for name, vault in zip((first, second), vaults, strict=True):
            value = _value(self.data, vault, column)
            edit(vault, person_id, **{column: value})
            self.did(f"{name}: {person_id[:6]}.{column} = {value!r} (concurrently)")

    def one_on_one(self) -> None:
        name, vault = self.member()
        person_id = self.person(vault)
        if person_id is None:
            return
        score = self.data.draw(st.sampled_from([None, 1, 3, 5]))
        due = self.data.draw(st.sampled_from([None, *DATES]))
        issues = self.data.draw(st.lists(st.sampled_from(ISSUES), max_size=1))
        entry = log_one_on_one(
            vault,
            OneOnOne(person_id, held_on=self.data.draw(st.sampled_from(DATES)),
                     agitate="rent", next_step="call back", assessment_after=score,
                     issue_names=issues),
            follow_up=FollowUpRequest(due) if due else None,
        )
        self.did(f"{name}: one-on-one {entry.id[:6]} with {person_id[:6]}, score {score}, "
                 f"follow-up {due}, issues {issues}")

    def assess(self) -> None:
        name, vault = self.member()
        person_id = self.person(vault)
        if person_id is None:
            return
        score = self.data.draw(st.sampled_from([None, 2, 4]))
        people.record_assessment(vault, person_id, score, basis="hearsay")
        self.did(f"{name}: assess {person_id[:6]} = {score}")

    def follow_up(self) -> None:
        name, vault = self.member()
        person_id = self.person(vault)
        if person_id is None:
            return
        due = self.data.draw(st.sampled_from(DATES))
        follow_ups.add_follow_up(vault, person_id, due, "check in")
        self.did(f"{name}: follow-up for {person_id[:6]} due {due}")

    def done(self) -> None:
        name, vault = self.member()
        open_ones = self.ordered([str(r[0]) for r in vault.connection.execute(
            "SELECT id FROM follow_up WHERE done_at IS NULL")])
        if not open_ones:
            return
        follow_up_id = self.data.draw(st.sampled_from(open_ones))
        follow_ups.mark_done(vault, follow_up_id)
        self.did(f"{name}: follow-up {follow_up_id[:6]} done")

    def link_issue(self) -> None:
        name, vault = self.member()
        person_id = self.person(vault)
        if person_id is None:
            return
        issue = self.data.draw(st.sampled_from(ISSUES))
        workplace_issues.add_named_issue_to_people(vault, [person_id], issue)
        self.did(f"{name}: {person_id[:6]} raised {issue}")

    def unlink_issue(self) -> None:
        name, vault = self.member()
        links = sorted(
            vault.connection.execute(
                "SELECT pi.person_id, pi.issue_id, i.name FROM person_issue pi "
                "JOIN workplace_issue i ON i.id = pi.issue_id").fetchall(),
            key=lambda link: (self.labels[link[0]], link[2]),
        )
        if not links:
            return
        person_id, issue_id, _ = self.data.draw(st.sampled_from(links))
        workplace_issues.remove_issue_from_person(vault, person_id, issue_id)
        self.did(f"{name}: {person_id[:6]} no longer raises {issue_id[:6]}")

    def department(self) -> None:
        name, vault = self.member()
        department = self.data.draw(st.sampled_from(DEPARTMENTS))
        entry = campaign.add_list_entry(vault, "department", department)
        self.did(f"{name}: department {department} ({entry.id[:6]})")

    def rename_department(self) -> None:
        name, vault = self.member()
        entries = campaign.list_entries(vault, "department")
        if not entries:
            return
        entry = self.data.draw(st.sampled_from(sorted(entries, key=lambda e: e.name)))
        new_name = self.data.draw(st.sampled_from(("Warehouse", *DEPARTMENTS, "Yard")))
        if any(other.name == new_name for other in entries):
            return  # refused, as the list editor refuses it
        campaign.rename_list_entry(vault, "department", entry.id, new_name)
        self.did(f"{name}: rename department {entry.name} ({entry.id[:6]}) to {new_name}")

    def remove_department(self) -> None:
        name, vault = self.member()
        entries = campaign.list_entries(vault, "department")
        if not entries:
            return
        entry = self.data.draw(st.sampled_from(sorted(entries, key=lambda e: e.name)))
        campaign.remove_list_entry(vault, "department", entry.id)
        self.did(f"{name}: remove department {entry.name} ({entry.id[:6]})")

    def erase(self) -> None:
        name, vault = self.member()
        person_id = self.person(vault)
        if person_id is None:
            return
        people.delete_person(vault, person_id)
        self.erased.add(person_id)
        self.did(f"{name}: erase {person_id[:6]}")

    # exchanges

    def send(self) -> None:
        sender, recipient = self.data.draw(
            st.lists(st.sampled_from(self.committee.names), min_size=2, max_size=2,
                     unique=True))
        path = send_to(self.committee, sender, recipient)
        self.did(f"{sender} -> {recipient}: write {path.name}")

    def deliver(self) -> None:
        waiting = [(n, p) for n in self.committee.names for p in self.committee.pending[n]]
        if not waiting:
            return
        # Any of them, not only the oldest: files overtake each other on the way.
        recipient, path = self.data.draw(st.sampled_from(waiting))
        result = deliver(self.committee, recipient, path)
        self.did(f"{recipient} applies {path.name}: {result.sentence()}")

    def exchange(self) -> None:
        """A file written and applied at once: the usual way, and how acknowledgements go
        back and forth. Then the sender writes again, nothing having changed on either
        side: the same changes once more, which must change nothing (a merge that got
        something wrong the first time and right the second would show here)."""
        sender, recipient = self.data.draw(
            st.lists(st.sampled_from(self.committee.names), min_size=2, max_size=2,
                     unique=True))
        result = exchange(self.committee, sender, recipient)
        self.did(f"{sender} -> {recipient} at once: {result.sentence()}")
        vault = self.committee.vault(recipient)
        before = canonical(vault)
        again = exchange(self.committee, sender, recipient)
        diff = differences(before, canonical(vault))
        assert not diff, f"{recipient} changed on the same changes again:\n" + "\n".join(diff)
        assert (again.added, again.changed, again.erased) == ({}, {}, 0), again.sentence()

    def clash(self) -> None:
        first, second = self.data.draw(
            st.lists(st.sampled_from(self.committee.names), min_size=2, max_size=2,
                     unique=True))
        kind = self.data.draw(st.sampled_from(("department", "issue")))
        name = self.data.draw(st.sampled_from(DEPARTMENTS if kind == "department" else ISSUES))
        for member in (first, second):
            vault = self.committee.vault(member)
            if kind == "department":
                made = campaign.add_list_entry(vault, "department", name).id
            else:
                made = workplace_issues.get_or_add_issue(vault, name).id
            self.did(f"{member}: {kind} {name} ({made[:6]}), concurrently")
            # Often put someone in it straight away: records and links that point at one
            # of two twins are what a merge by name must re-point.
            person_id = self.person(vault)
            if person_id is not None and self.data.draw(st.booleans()):
                if kind == "department":
                    edit(vault, person_id, department_id=made)
                else:
                    workplace_issues.add_issue_to_people(vault, [person_id], made)
                self.did(f"{member}: {person_id[:6]} into {name} ({made[:6]})")

    def redeliver(self) -> None:
        seen = [(n, p) for n in self.committee.names for p in self.committee.delivered[n]]
        if not seen:
            return
        recipient, path = self.data.draw(st.sampled_from(seen))
        result = deliver(self.committee, recipient, path)
        assert result.skipped, f"{path.name} applied twice to {recipient}"
        self.did(f"{recipient} applies {path.name} again: skipped")


def _seed(committee: Committee, *, lists: Sequence[tuple[str, str]]) -> None:
    """The first member's two people in Warehouse, and the departments and issues in
    `lists`, known to everyone: something to edit concurrently from the start."""
    first = committee.vaults[0]
    warehouse = campaign.add_list_entry(first, "department", "Warehouse").id
    for kind, name in lists:
        if kind == "department":
            campaign.add_list_entry(first, "department", name)
        else:
            workplace_issues.get_or_add_issue(first, name)
    for name in ("Alex", "Kim"):
        people.add_person(first, people.Person(name=name, department_id=warehouse))
    for other in committee.names[1:]:
        exchange(committee, committee.names[0], other)


def run_program(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, members: int,
    steps: list[str], *, shared_lists: bool,
) -> None:
    """Seed, run the steps, exchange until everything has gone everywhere, compare."""
    template = session_template(tmp_path_factory)
    folder = tmp_path_factory.mktemp("convergence")
    lists = [*(("department", n) for n in DEPARTMENTS), *(("issue", n) for n in ISSUES)]
    try:
        with committee_in(template, folder, members) as committee:
            _seed(committee, lists=lists if shared_lists else [])
            program = Program(committee, data)
            for kind in steps:
                program.step(kind)
            full_round(committee)
            assert_converged(committee)
            values = [derived(vault) for vault in committee.vaults]
            for name, found in zip(committee.names[1:], values[1:], strict=True):
                assert found == values[0], (
                    f"{name}'s people have other assessments / follow-up / contact dates "
                    f"than {committee.names[0]}'s: {found} != {values[0]}"
                )
            for name, vault in zip(committee.names, committee.vaults, strict=True):
                left = ids_anywhere(vault, program.erased)
                assert not left, f"{name} still holds erased people: {left}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_HUNT = int(os.environ.get("CONVERGENCE_EXAMPLES", "0"))  # more examples, to look for bugs


@pytest.mark.slow
@settings(max_examples=_HUNT or examples(20), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), members=st.integers(3, 5),
       steps=st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=15))
def test_any_edits_in_any_delivery_order_converge(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, members: int,
    steps: list[str],
) -> None:
    """Departments and issues all come from the first member (the clashes have their own
    test below): everything else any member may do, files in any order, twice, late."""
    run_program(tmp_path_factory, data, members, steps, shared_lists=True)


@pytest.mark.slow
@settings(max_examples=_HUNT or examples(20), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), members=st.integers(3, 5),
       steps=st.lists(st.sampled_from(CLASHING_OPERATIONS), min_size=1, max_size=15))
def test_any_edits_with_name_clashes_converge(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, members: int,
    steps: list[str],
) -> None:
    """The same, and members making departments and issues of the same name apart."""
    run_program(tmp_path_factory, data, members, steps, shared_lists=False)


# ----- bugs the programs above found, each as its smallest repro -----------------------------
# (All fixed since; they stay as regression tests.)


def _office_in_both(committee: Committee) -> tuple[str, str, str, str]:
    """Ann and Bo each add a department called Office: (holder of the larger UUID, its id,
    holder of the smaller, its id)."""
    ids = {name: campaign.add_list_entry(committee.vault(name), "department", "Office").id
           for name in ("Ann", "Bo")}
    larger, smaller = sorted(ids, key=ids.__getitem__, reverse=True)
    return larger, ids[larger], smaller, ids[smaller]


def test_a_record_merged_by_name_keeps_one_creation_time(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """Each vault kept its own created_at for the two "Office"s folded into one."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        campaign.add_list_entry(committee.vault("Ann"), "department", "Office")
        time.sleep(0.005)  # created_at has milliseconds: two different creation times
        campaign.add_list_entry(committee.vault("Bo"), "department", "Office")
        full_round(committee)
        times = [vault.connection.execute("SELECT id, created_at FROM department").fetchall()
                 for vault in committee.vaults]
        assert len(times[0]) == 1 and times[0][0][0] == times[1][0][0]
        assert times[0] == times[1]


def test_removing_a_department_another_member_also_made_removes_it_everywhere(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The erasure reached the kept record through its alias, was stamped as the sender's
    and so never went back to the one member still holding the record."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        larger, larger_id, smaller, _ = _office_in_both(committee)
        exchange(committee, larger, smaller)  # merged there by name, under the smaller UUID
        campaign.remove_list_entry(committee.vault(larger), "department", larger_id)
        for _ in range(2):
            full_round(committee)
        offices = {name: [r[0] for r in vault.connection.execute(
            "SELECT name FROM department")] for name, vault in
            zip(committee.names, committee.vaults, strict=True)}
        assert offices[larger] == offices[smaller], offices
        assert_converged(committee)


def test_removing_a_department_that_absorbed_another_members_removes_theirs_too(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The tombstone named only the kept UUID, which the twin's maker never heard of, so
    they kept their copy."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        larger, _, smaller, smaller_id = _office_in_both(committee)
        exchange(committee, larger, smaller)  # the larger UUID becomes an alias there
        campaign.remove_list_entry(committee.vault(smaller), "department", smaller_id)
        for _ in range(2):
            full_round(committee)
        offices = {name: [r[0] for r in vault.connection.execute(
            "SELECT name FROM department")] for name, vault in
            zip(committee.names, committee.vaults, strict=True)}
        assert offices[larger] == offices[smaller], offices
        assert_converged(committee)


def test_renaming_into_a_name_another_member_just_made_still_merges(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The merge's UPDATE hit the UNIQUE name, and every later file from the renamer was
    refused."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        ann, bo = committee.vaults
        office = campaign.add_list_entry(ann, "department", "Office").id
        exchange(committee, "Ann", "Bo")
        campaign.add_list_entry(bo, "department", "Dock")
        campaign.rename_list_entry(ann, "department", office, "Dock")
        try:
            full_round(committee)
        except InvalidInput as error:  # "...or repeats one that does. Nothing was saved..."
            pytest.fail(f"Bo refuses Ann's file: {error}")
        assert_converged(committee)
        assert [r[0] for r in ann.connection.execute("SELECT name FROM department")] == ["Dock"]


def test_a_person_in_a_department_another_member_also_made_keeps_it(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The merge's batch lookup of existing ids ran before the fold, so the department
    counted as unknown and was cleared; once acknowledged it was never sent again."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        larger, larger_id, smaller, smaller_id = _office_in_both(committee)
        person_id = people.add_person(committee.vault(larger), people.Person(
            name="Alex", department_id=larger_id)).id
        exchange(committee, larger, smaller)
        exchange(committee, smaller, larger)  # the acknowledgement
        full_round(committee)
        for vault in committee.vaults:
            assert field_of(vault, person_id, "department_id") == smaller_id


def test_a_link_to_an_issue_another_member_also_made_arrives(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The same batch lookup dropped the link; once acknowledged it was never sent again."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        person_id = _shared_person(committee)
        ids = {name: workplace_issues.get_or_add_issue(committee.vault(name), "Pay").id
               for name in committee.names}
        larger, smaller = sorted(ids, key=ids.__getitem__, reverse=True)
        workplace_issues.add_issue_to_people(committee.vault(larger), [person_id], ids[larger])
        exchange(committee, larger, smaller)
        exchange(committee, smaller, larger)  # the acknowledgement
        full_round(committee)
        for vault in committee.vaults:
            assert vault.connection.execute(
                "SELECT person_id, issue_id FROM person_issue").fetchall() == [
                (person_id, ids[smaller])]


def test_three_members_making_the_same_department_agree_on_when_it_was_made(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The earliest created_at won only where two copies were folded; a vault already
    holding the kept UUID never took an earlier one from a later fold."""
    with committee_in(empty_vault_template, tmp_path, 3) as committee:
        for name in committee.names:  # Ann's first, then Bo's, then Cy's
            campaign.add_list_entry(committee.vault(name), "department", "Office")
            time.sleep(0.005)
        exchange(committee, "Bo", "Cy")
        exchange(committee, "Cy", "Ann")
        full_round(committee)
        full_round(committee)
        dump = assert_converged(committee)
        assert len(dump["department"]) == 1


def test_renaming_a_shared_department_onto_a_new_ones_name_keeps_one_identity(
    empty_vault_template: VaultTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renamer re-keyed the shared record to the new one's smaller UUID in its own
    vault only: the others kept it under its old UUID and name, with its people."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        ann, bo = committee.vaults
        # The shared department gets the larger UUID, so the new "Dock" is the smaller.
        with monkeypatch.context() as patch:
            patch.setattr(records, "new_id", lambda: "f" * 32)
            warehouse = campaign.add_list_entry(ann, "department", "Warehouse").id
        person_id = people.add_person(ann, people.Person(name="Alex",
                                                         department_id=warehouse)).id
        exchange(committee, "Ann", "Bo")
        campaign.add_list_entry(ann, "department", "Dock")
        campaign.rename_list_entry(bo, "department", warehouse, "Dock")
        exchange(committee, "Ann", "Bo")
        full_round(committee)
        # Before the fix: Ann has Warehouse (Alex in it) and Dock, Bo only Dock (Alex in it).
        assert_converged(committee)
        assert field_of(ann, person_id, "department_id") == field_of(
            bo, person_id, "department_id")


def test_two_assessments_at_the_same_moment_give_everyone_the_same_current_score(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """The tie was broken by rowid, which follows the order each vault received them in:
    each vault showed its own member's score."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        person_id = _shared_person(committee)
        for name, score in (("Ann", 2), ("Bo", 5)):
            people.record_assessment(committee.vault(name), person_id, score,
                                     assessed_at="2026-03-01T10:00:00.000Z")
        full_round(committee)
        assert_converged(committee)
        current = [field_of(vault, person_id, "assessment") for vault in committee.vaults]
        assert current[0] == current[1], current


# ----- 2. a clock a day behind ----------------------------------------------------------------


def test_a_vault_whose_clock_is_a_day_behind_converges_and_its_later_edit_wins(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    with committee_in(empty_vault_template, tmp_path, 3) as committee:
        ann, bo, _cy = committee.vaults
        person_id = people.add_person(ann, people.Person(name="Alex")).id
        exchange(committee, "Ann", "Bo")
        exchange(committee, "Ann", "Cy")
        device = bo.connection.execute("SELECT device_id FROM replica").fetchone()[0]
        clock = stamps.clock_for(bo.path, str(device))
        real = clock.wall
        clock.wall = lambda: real() - DAY_MS
        try:
            # Bo's first edit carries a stamp a day old: nobody else touches that field.
            edit(bo, person_id, team="nights")
            edit(ann, person_id, notes="Ann: wants the petition")
            people.add_person(bo, people.Person(name="Kim"))
            exchange(committee, "Ann", "Bo")
            # Made after reading Ann's: outranks it although Bo's wall clock says yesterday.
            edit(bo, person_id, notes="Bo: signed it")
            bo_stamp = bo.connection.execute(
                "SELECT stamp FROM field_stamp WHERE row_id = ? AND field = 'notes'",
                (person_id,)).fetchone()[0]
            assert int(bo_stamp[:13]) > real() - DAY_MS + 60_000  # moved past Ann's clock
            full_round(committee)
        finally:
            clock.wall = real
        for vault in committee.vaults:
            assert field_of(vault, person_id, "notes") == "Bo: signed it"
            assert field_of(vault, person_id, "team") == "nights"
            assert [c for c in conflicts(vault) if c[2] == "notes"] == []
        dump = assert_converged(committee)
        assert sorted(row[1] for row in dump["person"]) == ["Alex", "Kim"]


# ----- 3. conflicts to review -----------------------------------------------------------------


def _shared_person(committee: Committee) -> str:
    person_id = people.add_person(committee.vaults[0], people.Person(name="Alex")).id
    for name in committee.names[1:]:
        exchange(committee, committee.names[0], name)
    return person_id


def test_a_concurrent_edit_ends_the_same_everywhere_with_the_loser_kept(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        ann, bo = committee.vaults
        person_id = _shared_person(committee)
        edit(ann, person_id, notes="Ann's version")
        edit(bo, person_id, notes="Bo's version")
        # Both files written before either member has read the other's.
        to_bo = send_to(committee, "Ann", "Bo")
        to_ann = send_to(committee, "Bo", "Ann")
        received = [deliver(committee, "Bo", to_bo), deliver(committee, "Ann", to_ann)]
        kept = field_of(ann, person_id, "notes")
        assert kept == field_of(bo, person_id, "notes")
        assert kept in ("Ann's version", "Bo's version")
        lost = ({"Ann's version", "Bo's version"} - {kept}).pop()
        found = [c for vault in committee.vaults for c in conflicts(vault)]
        assert ("person", person_id, "notes", f'"{kept}"', f'"{lost}"') in found, found
        assert all(c[2] == "notes" for c in found)
        assert sum(r.conflicts for r in received) == len(found) >= 1


def test_an_edit_made_after_receiving_the_other_is_not_a_conflict(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    with committee_in(empty_vault_template, tmp_path, 3) as committee:
        ann, bo, _cy = committee.vaults
        person_id = _shared_person(committee)
        edit(ann, person_id, personal_phone="555-0101")
        exchange(committee, "Ann", "Bo")
        edit(bo, person_id, personal_phone="555-0202")
        exchange(committee, "Bo", "Ann")
        full_round(committee)
        for name, vault in zip(committee.names, committee.vaults, strict=True):
            assert field_of(vault, person_id, "personal_phone") == "555-0202", name
            assert conflicts(vault) == [], name
        assert_converged(committee)


# ----- reading a file as its recipient --------------------------------------------------------


def file_database(path: Path, reader: Vault) -> tuple[bytes, sqlite3.Connection]:
    """The SQLite database inside an update file, decrypted with the reader's key and read
    past the envelope header (magic, version, sender key, signature) by hand."""
    me = identity.get_identity(reader)
    assert me is not None
    plaintext = bytes(pyrage.decrypt(path.read_bytes(), [me.age_identity()]))
    header = len(envelope.MAGIC) + len(envelope.ENVELOPE_VERSION) + 32 + 64
    assert plaintext.startswith(envelope.MAGIC)
    image = plaintext[header:]
    assert image.startswith(b"SQLite format 3\x00")
    database = sqlite3.connect(":memory:")
    database.deserialize(image)
    return image, database


def secrets_in(image: bytes, database: sqlite3.Connection, secrets: Sequence[str]) -> list[str]:
    """Where any of `secrets` shows up: any cell of any table, or anywhere in the bytes."""
    found = []
    tables = [r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for row in database.execute(f'SELECT * FROM "{table}"'):
            for cell in row:
                text = cell.decode("utf-8", "replace") if isinstance(cell, bytes) else str(cell)
                found += [f"{table}: {secret!r} in {text!r}" for secret in secrets
                          if secret in text]
    for secret in secrets:
        for form in (secret.encode("utf-8"), secret.encode("utf-16-le"),
                     secret.encode("utf-16-be")):
            if form in image:
                found.append(f"bytes of the database: {secret!r}")
    return found


# ----- 4. need-to-know ------------------------------------------------------------------------

OUTSIDE = {
    "name": "Oscar Outsideperson", "personal_phone": "555-0199-OSCAR",
    "notes": "OSCAR-NOTE wants the union badly",
}
STILL_OUTSIDE = {
    "name": "Otto Farawayname", "personal_phone": "555-0177-OTTO",
    "notes": "OTTO-NOTE keeps quiet",
}


@dataclass
class ScopedCommittee:
    committee: Committee
    warehouse: str
    office: str
    wanda: str  # in Warehouse
    olga: str  # OC member in the office: in scope by design
    oscar: str  # in the office
    otto: str  # in the office
    oscar_talk: str  # a one-on-one with Oscar


def _scoped(template: VaultTemplate, folder: Path) -> ScopedCommittee:
    """Ann sees everything; Mo, on Ann's roster, only the Warehouse."""
    ann = template.open_copy(folder / "Ann")
    mo = template.open_copy(folder / "Mo")
    ann_card = identity.ensure_identity(ann, "Ann").card().line()
    mo_card = identity.ensure_identity(mo, "Mo").card().line()
    warehouse = campaign.add_list_entry(ann, "department", "Warehouse").id
    office = campaign.add_list_entry(ann, "department", "Office").id
    roster.add_member(ann, mo_card, departments=["Warehouse"])
    roster.add_member(mo, ann_card)
    outbox = folder / "outbox"
    outbox.mkdir()
    committee = Committee([ann, mo], ["Ann", "Mo"], outbox, {"Ann": [], "Mo": []},
                          {"Ann": [], "Mo": []})
    wanda = people.add_person(ann, people.Person(name="Wanda", department_id=warehouse)).id
    olga = people.add_person(ann, people.Person(
        name="Olga Committee", department_id=office, is_oc_member=True)).id
    oscar = people.add_person(ann, people.Person(department_id=office, **OUTSIDE)).id
    otto = people.add_person(ann, people.Person(department_id=office, **STILL_OUTSIDE)).id
    talk = log_one_on_one(
        ann, OneOnOne(oscar, held_on="2026-02-02", oc_member_id=olga,
                      agitate="OSCAR-AGITATE short staffed", assessment_after=2,
                      issue_names=["Staffing"]),
        follow_up=FollowUpRequest("2026-02-20", "OSCAR-FOLLOW bring the card"),
    ).id
    log_one_on_one(ann, OneOnOne(otto, held_on="2026-02-03", agitate="OTTO-AGITATE pay"))
    log_one_on_one(ann, OneOnOne(wanda, held_on="2026-02-04", oc_member_id=olga,
                                 agitate="rota", issue_names=["Staffing"]))
    # Records that name both an in-scope and an out-of-scope person.
    follow_ups.add_follow_up(ann, wanda, "2026-03-01", "OSCAR-OWNED follow-up", owner_id=oscar)
    people.record_assessment(ann, wanda, 4, assessed_by_id=otto, note="OTTO-ASSESSED wanda")
    return ScopedCommittee(committee, warehouse, office, wanda, olga, oscar, otto, talk)


def _outside_secrets(scoped: ScopedCommittee, *, oscar: bool = True) -> list[str]:
    texts = [*STILL_OUTSIDE.values(), "OTTO-AGITATE", "OTTO-ASSESSED", scoped.otto]
    if oscar:
        texts += [*OUTSIDE.values(), "OSCAR-AGITATE", "OSCAR-FOLLOW", "OSCAR-OWNED",
                  scoped.oscar, scoped.oscar_talk]
    return texts


def test_a_member_limited_to_a_department_is_sent_nothing_about_anyone_else(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    scoped = _scoped(empty_vault_template, tmp_path)
    committee = scoped.committee
    ann, mo = committee.vaults
    try:
        first = send_to(committee, "Ann", "Mo")
        image, database = file_database(first, mo)
        assert secrets_in(image, database, _outside_secrets(scoped)) == []
        # What Mo may see did arrive: Wanda, and Olga as an OC member.
        sent_people = {r[0] for r in database.execute("SELECT name FROM person")}
        assert sent_people == {"Wanda", "Olga Committee"}
        deliver(committee, "Mo", first)
        assert {r[0] for r in mo.connection.execute("SELECT name FROM person")} == sent_people

        # Later files, after Mo's acknowledgement, are limited the same way.
        exchange(committee, "Mo", "Ann")
        edit(ann, scoped.oscar, notes="OSCAR-LATER moved house")
        edit(ann, scoped.wanda, notes="Wanda: moved to nights")
        log_one_on_one(ann, OneOnOne(scoped.oscar, held_on="2026-02-09",
                                     agitate="OSCAR-SECOND talk"))
        later = send_to(committee, "Ann", "Mo")
        image, database = file_database(later, mo)
        assert dict(database.execute("SELECT key, value FROM exchange_manifest"))["full"] == "0"
        assert secrets_in(
            image, database, [*_outside_secrets(scoped), "OSCAR-LATER", "OSCAR-SECOND"]
        ) == []
        deliver(committee, "Mo", later)
        assert field_of(mo, scoped.wanda, "notes") == "Wanda: moved to nights"
    finally:
        committee.close()


def test_widening_and_narrowing_a_scope_sends_what_the_new_scope_allows(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    scoped = _scoped(empty_vault_template, tmp_path)
    committee = scoped.committee
    ann, mo = committee.vaults
    try:
        exchange(committee, "Ann", "Mo")
        exchange(committee, "Mo", "Ann")
        roster.set_scope(ann, "Mo", None)  # every department now
        widened = send_to(committee, "Ann", "Mo")
        _, database = file_database(widened, mo)
        manifest = dict(database.execute("SELECT key, value FROM exchange_manifest"))
        assert (manifest["full"], manifest["scope"]) == ("1", "all")
        deliver(committee, "Mo", widened)
        assert canonical(mo) == canonical(ann)

        exchange(committee, "Mo", "Ann")
        roster.set_scope(ann, "Mo", ["Warehouse"])
        edit(ann, scoped.otto, notes="OTTO-AFTER narrowing")
        edit(ann, scoped.wanda, notes="Wanda: after narrowing")
        narrowed = send_to(committee, "Ann", "Mo")
        image, database = file_database(narrowed, mo)
        assert dict(database.execute("SELECT key, value FROM exchange_manifest"))["full"] == "1"
        assert secrets_in(image, database, [*_outside_secrets(scoped), "OTTO-AFTER"]) == []
        deliver(committee, "Mo", narrowed)
        assert field_of(mo, scoped.wanda, "notes") == "Wanda: after narrowing"
    finally:
        committee.close()


def _history(vault: Vault, person_id: str) -> dict[str, list[str]]:
    """The ids of a person's one-on-ones, assessments, follow-ups and issue links."""
    conn = vault.connection
    return {
        table: sorted(str(r[0]) for r in conn.execute(
            f"SELECT {column} FROM {table} WHERE person_id = ?", (person_id,)))
        for table, column in (("one_on_one", "id"), ("assessment", "id"),
                              ("follow_up", "id"), ("person_issue", "issue_id"))
    }


def test_a_person_who_moves_into_the_members_department_arrives_with_their_history(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    scoped = _scoped(empty_vault_template, tmp_path)
    committee = scoped.committee
    ann, mo = committee.vaults
    try:
        exchange(committee, "Ann", "Mo")
        exchange(committee, "Mo", "Ann")  # Mo has acknowledged: the next file is not full
        assert _history(mo, scoped.oscar) == {
            "one_on_one": [], "assessment": [], "follow_up": [], "person_issue": []}
        edit(ann, scoped.oscar, department_id=scoped.warehouse)
        moved = send_to(committee, "Ann", "Mo")
        image, database = file_database(moved, mo)
        assert dict(database.execute("SELECT key, value FROM exchange_manifest"))["full"] == "0"
        assert secrets_in(image, database, _outside_secrets(scoped, oscar=False)) == []
        deliver(committee, "Mo", moved)

        history = _history(ann, scoped.oscar)
        assert history["one_on_one"] == [scoped.oscar_talk]
        assert all(history.values()), history
        assert _history(mo, scoped.oscar) == history
        assert field_of(mo, scoped.oscar, "notes") == OUTSIDE["notes"]
        assert field_of(mo, scoped.oscar, "department_id") == scoped.warehouse
    finally:
        committee.close()


def test_records_that_name_a_person_moved_into_scope_arrive_too(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """Only records whose person_id was theirs came along; a follow-up they own for someone
    in scope was held back before and never sent."""
    scoped = _scoped(empty_vault_template, tmp_path)
    committee = scoped.committee
    ann, mo = committee.vaults
    try:
        owned = [r[0] for r in ann.connection.execute(
            "SELECT id FROM follow_up WHERE owner_id = ?", (scoped.oscar,))]
        exchange(committee, "Ann", "Mo")
        exchange(committee, "Mo", "Ann")
        edit(ann, scoped.oscar, department_id=scoped.warehouse)
        exchange(committee, "Ann", "Mo")
        # Wanda's follow-up that Oscar owns names only Wanda and Oscar, both Mo's now.
        assert [r[0] for r in mo.connection.execute(
            "SELECT id FROM follow_up WHERE owner_id = ?", (scoped.oscar,))] == owned
    finally:
        committee.close()


# ----- 5. private one-on-ones -----------------------------------------------------------------

PRIVATE = {
    "agitate": "PRIVATE-AGITATE his divorce", "educate": "PRIVATE-EDUCATE",
    "answer": "PRIVATE-ANSWER maybe", "notes": "PRIVATE-NOTES do not share",
}


def test_a_private_one_on_one_is_in_no_file(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        ann, bo = committee.vaults
        person_id = people.add_person(ann, people.Person(name="Alex")).id
        shared = log_one_on_one(ann, OneOnOne(person_id, held_on="2026-01-10",
                                              agitate="SHARED-AGITATE")).id
        private = log_one_on_one(
            ann, OneOnOne(person_id, held_on="2026-01-11", is_private=True,
                          assessment_after=4, issue_names=["Harassment"], **PRIVATE),
            follow_up=FollowUpRequest("2026-01-20", "call him"),
        ).id
        assert ann.connection.execute(
            "SELECT is_private FROM one_on_one WHERE id = ?", (private,)).fetchone() == (1,)
        full = send_to(committee, "Ann", "Bo")
        image, database = file_database(full, bo)
        assert secrets_in(image, database, [private, *PRIVATE.values()]) == []
        assert [r[0] for r in database.execute("SELECT id FROM one_on_one")] == [shared]
        deliver(committee, "Bo", full)
        exchange(committee, "Bo", "Ann")

        # Another private one, and an edit of the first: not in the incremental file either.
        later = log_one_on_one(ann, OneOnOne(person_id, held_on="2026-01-12", is_private=True,
                                             notes="PRIVATE-LATER")).id
        with ann.transaction() as conn:
            conn.execute("UPDATE one_on_one SET answer = 'PRIVATE-EDITED' WHERE id = ?",
                         (private,))
        incremental = send_to(committee, "Ann", "Bo")
        image, database = file_database(incremental, bo)
        assert secrets_in(image, database, [private, later, "PRIVATE-LATER",
                                            "PRIVATE-EDITED", *PRIVATE.values()]) == []
        deliver(committee, "Bo", incremental)
        assert [r[0] for r in bo.connection.execute("SELECT id FROM one_on_one")] == [shared]
        # What was made in the private one-on-one travels without the link to it.
        assert bo.connection.execute(
            "SELECT count(*), count(one_on_one_id) FROM assessment").fetchone() == (1, 0)
        assert bo.connection.execute(
            "SELECT count(*), count(one_on_one_id) FROM follow_up").fetchone() == (1, 0)


def test_the_next_step_of_a_private_one_on_one_stays_private(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """log_one_on_one copied it into the assessment's note and the follow-up's description,
    which are sent."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        ann, bo = committee.vaults
        person_id = people.add_person(ann, people.Person(name="Alex")).id
        log_one_on_one(
            ann, OneOnOne(person_id, is_private=True, assessment_after=4,
                          next_step="PRIVATE-NEXT-STEP talk to his wife"),
            follow_up=FollowUpRequest("2026-01-20"),
        )
        image, database = file_database(send_to(committee, "Ann", "Bo"), bo)
        assert secrets_in(image, database, ["PRIVATE-NEXT-STEP"]) == []


# ----- 6. idempotence -------------------------------------------------------------------------


def _everything(vault: Vault) -> tuple[Dump, list[tuple[Any, ...]]]:
    """The shared records and the people's derived columns."""
    return canonical(vault), derived(vault)


def _concurrent_notes(committee: Committee, person_id: str, *, later: str) -> None:
    """Ann and Bo both edit Alex's notes without having seen the other's edit; `later`'s
    edit is made a few milliseconds after, so its stamp wins."""
    first = "Bo" if later == "Ann" else "Ann"
    edit(committee.vault(first), person_id, notes=f"{first}'s version")
    time.sleep(0.005)
    edit(committee.vault(later), person_id, notes=f"{later}'s version")


def test_the_same_file_twice_and_the_same_changes_in_a_later_file_change_nothing(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        ann, bo = committee.vaults
        person_id = _shared_person(committee)
        _concurrent_notes(committee, person_id, later="Ann")
        edit(ann, person_id, team="days")
        log_one_on_one(ann, OneOnOne(person_id, held_on="2026-01-10", assessment_after=3,
                                     issue_names=["Pay"]),
                       follow_up=FollowUpRequest("2026-02-01"))
        # (Not "Pay" too: see test_a_link_to_an_issue_another_member_also_made_arrives.)
        workplace_issues.add_named_issue_to_people(bo, [person_id], "Safety")
        first = send_to(committee, "Ann", "Bo")
        applied = deliver(committee, "Bo", first)
        assert not applied.skipped and applied.added and applied.conflicts == 1
        after_first = _everything(bo), conflicts(bo)

        again = deliver(committee, "Bo", first)
        assert again.skipped and not again.added and not again.changed
        assert (_everything(bo), conflicts(bo)) == after_first

        # Bo has not acknowledged anything yet: Ann's next file repeats the same changes.
        repeat = send_to(committee, "Ann", "Bo")
        _, database = file_database(repeat, bo)
        assert database.execute("SELECT count(*) FROM person").fetchone()[0] == 1
        repeated = deliver(committee, "Bo", repeat)
        assert not repeated.skipped
        assert (repeated.added, repeated.changed, repeated.conflicts) == ({}, {}, 0)
        assert (_everything(bo), conflicts(bo)) == after_first


def test_a_conflict_that_arrives_again_is_not_recorded_again(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    """Files repeat what is not acknowledged yet: the review list filled with copies."""
    with committee_in(empty_vault_template, tmp_path, 2) as committee:
        person_id = _shared_person(committee)
        _concurrent_notes(committee, person_id, later="Bo")  # Bo's value wins
        assert deliver(committee, "Bo", send_to(committee, "Ann", "Bo")).conflicts == 1
        recorded = conflicts(committee.vault("Bo"))
        assert [c[3:] for c in recorded] == [('"Bo\'s version"', '"Ann\'s version"')]
        repeated = deliver(committee, "Bo", send_to(committee, "Ann", "Bo"))
        assert conflicts(committee.vault("Bo")) == recorded
        assert repeated.conflicts == 0


# ----- 7. nothing in plaintext on disk --------------------------------------------------------

_recording: list[list[str]] = []
_hooked = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _recording:
        return
    if event == "open":
        path, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writes and not isinstance(path, int):
            _recording[-1].append(os.fsdecode(path))
    elif event in ("os.rename", "shutil.copyfile", "shutil.move"):
        _recording[-1].append(os.fsdecode(args[1]))
    elif event in ("os.mkdir", "tempfile.mkstemp", "tempfile.mkdtemp"):
        _recording[-1].append(os.fsdecode(args[0]))


@contextlib.contextmanager
def files_written() -> Iterator[list[str]]:
    """Every path this process opens for writing, creates or renames to (Python's audit
    events: SQLite's own files are not seen, so the directory listings below check those)."""
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)  # cannot be removed: idle unless a test is recording
        _hooked = True
    written: list[str] = []
    _recording.append(written)
    try:
        yield written
    finally:
        _recording.remove(written)


def listing(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*")} if folder.exists() else set()


def test_sending_and_receiving_write_nothing_but_the_update_file(
    empty_vault_template: VaultTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_temp = Path(tempfile.gettempdir())
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    # Anything written through the temp dir lands where the listing can see all of it.
    for variable in ("TMPDIR", "SQLITE_TMPDIR"):
        monkeypatch.setenv(variable, str(private_temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    names = ["Marisol Quintero-Vasquez", "Deshawn Okonkwo-Lindqvist"]
    with committee_in(empty_vault_template, tmp_path / "vaults", 2) as committee:
        ann, bo = committee.vaults
        for name in names:
            person_id = people.add_person(ann, people.Person(
                name=name, notes=f"{name} NOTE-MARKER")).id
            log_one_on_one(ann, OneOnOne(person_id, agitate=f"{name} AGITATE-MARKER"))
        vault_files = {str(v.path) + suffix for v in committee.vaults
                       for suffix in ("", "-wal", "-shm")}
        before = listing(tmp_path)
        system_before = set(os.listdir(system_temp))
        with files_written() as written:
            path = send_to(committee, "Ann", "Bo")
            deliver(committee, "Bo", path)
            reply = send_to(committee, "Bo", "Ann")
            deliver(committee, "Ann", reply)
        new = listing(tmp_path) - before
        assert new <= {str(path), str(reply)} | vault_files, sorted(new)
        assert listing(private_temp) == set()
        # Each update file, under its hidden name while written (backup/files.py), then
        # renamed: nothing else.
        for update in (path, reply):
            assert str(update) in written
            assert any(Path(w).name.startswith(f".{update.name}.partial-") for w in written)
        for written_path in map(Path, written):
            assert written_path.parent == committee.outbox and any(
                written_path.name == u.name or written_path.name.startswith(f".{u.name}.")
                for u in (path, reply)
            ), f"{written_path} was written while sending or receiving"
        # Anything new in the real temp folder is another process's: none of it is ours.
        for entry in set(os.listdir(system_temp)) - system_before:
            found = system_temp / entry
            if found.is_file():
                with contextlib.suppress(OSError):
                    data = found.read_bytes()
                    assert not any(n.encode() in data for n in names), found
        for update in (path, reply):
            data = update.read_bytes()
            assert data.startswith(b"age-encryption.org/v1\n")
            assert b"SQLite format 3" not in data
            for name in names:
                for piece in (name, name.split()[0], name.split()[1], "MARKER"):
                    for form in (piece.encode("utf-8"), piece.encode("utf-16-le")):
                        assert form not in data, (update.name, piece)
        # The file did carry them, encrypted.
        _, database = file_database(path, bo)
        assert {r[0] for r in database.execute("SELECT name FROM person")} == set(names)


# ----- tags (schema 4) ------------------------------------------------------------------------


@contextlib.contextmanager
def _pair(template: VaultTemplate, folder: Path) -> Iterator[tuple[Vault, Vault]]:
    """Ann's and Bo's vaults, each with the other on its roster (tests/conftest.py)."""
    from tests.conftest import committee_of

    ann, bo = committee_of(template, folder, ["Ann", "Bo"])
    try:
        yield ann, bo
    finally:
        ann.close()
        bo.close()


def _trade(ann: Vault, bo: Vault, folder: Path, rounds: int = 2) -> None:
    """Each sends to the other and receives, `rounds` times (the second round carries what
    the first merged), then both hold the same shared records."""
    from tests.conftest import exchange as hand_over

    for _ in range(rounds):
        hand_over(ann, bo, folder)
        hand_over(bo, ann, folder)
    diff = differences(canonical(ann), canonical(bo))
    assert not diff, "Ann and Bo differ:\n" + "\n".join(diff[:40])


def _tags_by_person(vault: Vault) -> dict[str, list[str]]:
    from organizer.core import tags

    ids = person_ids(vault)
    return {p: names for p, names in tags.tag_names_by_person(vault, ids).items()}


def test_two_members_tagging_the_same_person_differently_both_end_with_both_tags(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    from organizer.core import tags
    from tests.conftest import exchange as hand_over

    with _pair(empty_vault_template, tmp_path) as (ann, bo):
        alex = people.add_person(ann, people.Person(name="Alex")).id
        hand_over(ann, bo, tmp_path / "files")
        tags.add_tags(ann, [alex], [tags.add_tag(ann, "card signed").id])
        tags.add_tags(bo, [alex], [tags.add_tag(bo, "Spanish speaker").id])
        _trade(ann, bo, tmp_path / "files")
        for vault in (ann, bo):
            assert _tags_by_person(vault) == {alex: ["card signed", "Spanish speaker"]}
        # Taking one off travels as well.
        spanish = next(t for t in tags.tags_of(ann, alex) if t.name == "Spanish speaker")
        assert tags.remove_tags(ann, [alex], [spanish.id]) == 1
        _trade(ann, bo, tmp_path / "files", rounds=1)
        assert _tags_by_person(bo) == {alex: ["card signed"]}


def test_a_tag_both_members_made_apart_folds_into_one(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    from organizer.core import tags
    from tests.conftest import exchange as hand_over

    with _pair(empty_vault_template, tmp_path) as (ann, bo):
        alex, kim = (people.add_person(ann, people.Person(name=n)).id for n in ("Alex", "Kim"))
        hand_over(ann, bo, tmp_path / "files")
        made = {"Ann": tags.add_tag(ann, "Night driver").id,
                "Bo": tags.add_tag(bo, "night DRIVER").id}
        tags.add_tags(ann, [alex], [made["Ann"]])
        tags.add_tags(bo, [kim], [made["Bo"]])
        _trade(ann, bo, tmp_path / "files")
        kept = min(made.values())
        for vault in (ann, bo):
            assert [(t.id, t.people) for t in tags.list_tags(vault)] == [(kept, 2)]
            assert tags.people_with_tags(vault, [kept]) == sorted([alex, kim])


@pytest.mark.parametrize("renamed_is_smaller", [True, False])
def test_renaming_a_tag_onto_anothers_name_folds_it_for_everyone(
    empty_vault_template: VaultTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    renamed_is_smaller: bool,
) -> None:
    """The fold keeps the smaller UUID, the renamed tag's or the other's."""
    from organizer.core import tags
    from tests.conftest import exchange as hand_over

    with _pair(empty_vault_template, tmp_path) as (ann, bo):
        alex, sam, kim = (people.add_person(ann, people.Person(name=n)).id
                          for n in ("Alex", "Sam", "Kim"))
        uuids = iter(["b" * 32, "a" * 32] if renamed_is_smaller else ["a" * 32, "b" * 32])
        with monkeypatch.context() as patch:
            patch.setattr(records, "new_id", lambda: next(uuids))
            driver, nights = tags.ensure_tags(ann, ["Night driver", "Nights"])
        tags.add_tags(ann, [alex], [driver.id])
        tags.add_tags(ann, [sam], [nights.id])
        hand_over(ann, bo, tmp_path / "files")
        # Apart: Bo tags Kim "Nights" while Ann folds "Nights" into "Night driver".
        tags.add_tags(bo, [kim], [nights.id])
        kept = tags.rename_tag(ann, nights.id, "night driver")
        assert kept.id == "a" * 32
        _trade(ann, bo, tmp_path / "files")
        for vault in (ann, bo):
            assert [(t.id, t.name, t.people) for t in tags.list_tags(vault)] == [
                (kept.id, "night driver", 3)]
            assert count_tombstones(vault) == 0, "a fold is not an erasure"


def count_tombstones(vault: Vault) -> int:
    return int(vault.connection.execute("SELECT count(*) FROM tombstone").fetchone()[0])


def test_removing_a_tag_or_erasing_a_tagged_person_reaches_everyone(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    from organizer.core import tags

    with _pair(empty_vault_template, tmp_path) as (ann, bo):
        alex, sam = (people.add_person(ann, people.Person(name=n)).id for n in ("Alex", "Sam"))
        signed, petition = tags.ensure_tags(ann, ["card signed", "petition"])
        tags.add_tags(ann, [alex, sam], [signed.id, petition.id])
        _trade(ann, bo, tmp_path / "files")
        assert tags.remove_tag(bo, petition.id) == 2
        people.delete_person(ann, alex)
        _trade(ann, bo, tmp_path / "files")
        for vault in (ann, bo):
            assert _tags_by_person(vault) == {sam: ["card signed"]}
            assert not ids_anywhere(vault, {alex, petition.id})
