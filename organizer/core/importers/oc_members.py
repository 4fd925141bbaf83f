"""Assigned OC members named in a file, matched to the committee's OC members.

A committee's sheet names the OC member who talks to each coworker, as people write names:
"Maya Okafor", "Okafor, Maya", "maya okafor", or just "Maya". A name matches an OC member
by their full name or code name (words in any order, case and accents aside:
`duplicates.name_key`), or, written as one word, by a first name that exactly one OC member
has. The OC members are those already in the vault and the rows of the file marked as on the
OC that are being written (imported, or merged into someone).

A name that matches nobody is the user's choice (`UnknownOcMembers`): left out, which is a
bad value of that row (see plan.py: refused or imported without it), or created: the row of
the file with that name becomes an OC member, else the person already in the vault with that
name, else a new person with that name is added as an OC member (once, however many rows
name them).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from organizer.core.importers.cell_values import words_key
from organizer.core.importers.duplicates import name_key
from organizer.core.importers.table import short
from organizer.core.vault import Vault
from organizer.i18n import _

# Who an assignment points at: ("person", id) already in the vault, ("row", index) a row of
# the file being imported, or ("new", key) an OC member the import adds.
Target = tuple[str, str | int]


class UnknownOcMembers(enum.Enum):
    LEAVE_OUT = "leave out"
    CREATE = "create"


def first_name_key(name: str) -> str:
    words = words_key(name).split()
    return words[0] if words else ""


@dataclass
class OcDirectory:
    """The vault's OC members (and, for names that match none, its other people) by name."""

    members: dict[str, str] = field(default_factory=dict)  # name key -> person id
    first_names: dict[str, set[str]] = field(default_factory=dict)  # first name -> ids
    others: dict[str, str] = field(default_factory=dict)  # name key -> id, not on the OC
    names: dict[str, str] = field(default_factory=dict)  # id -> name, for the report

    @classmethod
    def read(cls, vault: Vault, typed: Iterable[str]) -> OcDirectory:
        """The OC members, and the people not on the OC whose names are among `typed`."""
        wanted = {name_key(t) for t in typed}
        found = cls()
        rows = vault.connection.execute(
            "SELECT id, name, code_name, is_oc_member FROM person ORDER BY rowid").fetchall()
        for person_id, name, code_name, on_oc in rows:
            person_id, name = str(person_id), str(name)
            keys = [k for k in (name_key(name), name_key(str(code_name or ""))) if k]
            if on_oc:
                found.names[person_id] = name
                for key in keys:
                    found.members.setdefault(key, person_id)
                for first in {first_name_key(name), first_name_key(str(code_name or ""))}:
                    if first:
                        found.first_names.setdefault(first, set()).add(person_id)
            else:
                for key in keys:
                    if key in wanted and key not in found.others:
                        found.others[key] = person_id
                        found.names[person_id] = name
        return found


@dataclass(frozen=True)
class WrittenRow:
    """A row of the file that will be written: who it becomes and what it says."""

    index: int
    becomes: Target  # ("row", its index) or ("person", the id it is merged into)
    name: str
    on_oc: bool
    assigned: str  # the OC member's name as typed, or ""


@dataclass
class Assignments:
    """What the rows' "assigned OC member" names come to."""

    targets: dict[int, Target] = field(default_factory=dict)  # row index -> OC member
    promoted_rows: set[int] = field(default_factory=set)  # rows that become OC members
    promoted_people: set[str] = field(default_factory=set)  # vault people who become ones
    new_members: dict[str, str] = field(default_factory=dict)  # key -> name, to add
    unknown: dict[int, str] = field(default_factory=dict)  # row index -> the bad value
    notes: dict[int, str] = field(default_factory=dict)  # row index -> a note
    created: list[str] = field(default_factory=list)  # who becomes an OC member, by name


def assign(directory: OcDirectory, rows: list[WrittenRow], unknown: UnknownOcMembers
           ) -> Assignments:
    """Each row's assigned OC member, matched as the module says."""
    done = Assignments()
    by_key: dict[str, Target] = {}  # the file's OC members, by name
    file_first: dict[str, set[Target]] = {}
    named: dict[str, WrittenRow] = {}  # every written row, by name, for CREATE
    for row in rows:
        key = name_key(row.name)
        if key:
            named.setdefault(key, row)
        if row.on_oc and key:
            by_key.setdefault(key, row.becomes)
            first = first_name_key(row.name)
            if first:
                file_first.setdefault(first, set()).add(row.becomes)
    created: dict[str, Target] = {}  # unknown names made OC members, once each
    for row in rows:
        if not row.assigned:
            continue
        key = name_key(row.assigned)
        target = _match(directory, by_key, file_first, row.assigned, key) or created.get(key)
        if target is None and unknown is UnknownOcMembers.CREATE and key:
            target = created[key] = _create(directory, named, done, row.assigned, key)
        if target is None:
            # Translators: {name} is the name as typed in the file, in quotes.
            done.unknown[row.index] = _("assigned OC member {name} is not an OC member"
                                        ).format(name=repr(short(row.assigned)))
        elif target == row.becomes:
            # Translators: {name} is the name as typed in the file, in quotes.
            done.notes[row.index] = _("assigned OC member {name} is the person themselves; "
                                      "left blank").format(name=repr(short(row.assigned)))
        else:
            done.targets[row.index] = target
    return done


def _match(directory: OcDirectory, by_key: dict[str, Target],
           file_first: dict[str, set[Target]], typed: str, key: str) -> Target | None:
    if key in directory.members:
        return ("person", directory.members[key])
    if key in by_key:
        return by_key[key]
    if key and " " not in key:  # one word: a first name, if only one OC member has it
        first = first_name_key(typed)
        found: set[Target] = {("person", i) for i in directory.first_names.get(first, ())}
        found |= file_first.get(first, set())
        if len(found) == 1:
            return next(iter(found))
    return None


def _create(directory: OcDirectory, named: dict[str, WrittenRow], done: Assignments,
            typed: str, key: str) -> Target:
    """The row or person of this name made an OC member, or a new one added."""
    row = named.get(key)
    if row is not None:
        kind, ref = row.becomes
        if kind == "row":
            done.promoted_rows.add(int(ref))
        else:
            done.promoted_people.add(str(ref))
        done.created.append(row.name)
        return row.becomes
    person_id = directory.others.get(key)
    if person_id is not None:
        done.promoted_people.add(person_id)
        done.created.append(directory.names.get(person_id, typed))
        return ("person", person_id)
    done.new_members[key] = " ".join(typed.split())
    done.created.append(done.new_members[key])
    return ("new", key)
