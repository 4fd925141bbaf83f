"""The committee's roster: the members this vault exchanges updates with.

A member is added from their member card (`identity.parse_card`) and is unconfirmed until
their fingerprint has been compared in person. Each member sees only their scope: every
department, or the ones named here (need-to-know). A removed member stays on the roster,
marked removed, so that update files they send later are recognised and refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from organizer.core import records
from organizer.core.committee.identity import (
    MemberCard,
    fingerprint,
    parse_card,
    read_identity,
)
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _

Connection = Any


@dataclass
class Member:
    id: str
    name: str
    age_public: str
    sign_public: bytes
    fingerprint: str
    confirmed: bool
    all_departments: bool
    department_ids: list[str] = field(default_factory=list)
    department_names: list[str] = field(default_factory=list)
    person_id: str | None = None
    added_at: str = ""
    removed_at: str | None = None
    # My changes up to this seq of mine they have applied; 0: the next file is a full one.
    acked_seq: int = 0
    # Their changes up to this seq of theirs I have applied.
    received_seq: int = 0
    sent_count: int = 0
    sent_seq: int = 0  # my change counter when I last wrote them a file
    last_sent_at: str | None = None
    last_received_at: str | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None

    @property
    def card(self) -> MemberCard:
        return MemberCard(self.name, self.age_public, self.sign_public)


_COLUMNS = (
    "id, name, age_public, sign_public, confirmed, all_departments, person_id, added_at, "
    "removed_at, acked_seq, received_seq, sent_count, last_sent_at, last_received_at, sent_seq"
)


def _members(conn: Connection, where: str = "", params: Sequence[object] = ()) -> list[Member]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM committee_member {where} ORDER BY name COLLATE NOCASE", params
    ).fetchall()
    members = [
        Member(
            id=str(r[0]), name=str(r[1]), age_public=str(r[2]), sign_public=bytes(r[3]),
            fingerprint=fingerprint(str(r[2]), bytes(r[3])), confirmed=bool(r[4]),
            all_departments=bool(r[5]), person_id=r[6], added_at=str(r[7]), removed_at=r[8],
            acked_seq=int(r[9]), received_seq=int(r[10]), sent_count=int(r[11]),
            last_sent_at=r[12], last_received_at=r[13], sent_seq=int(r[14]),
        )
        for r in rows
    ]
    if members:
        by_id = {member.id: member for member in members}
        # A roster is a handful of people: one query for all their departments.
        for member_id, department_id, department_name in conn.execute(
            "SELECT md.member_id, d.id, d.name FROM committee_member_department md "
            "JOIN department d ON d.id = md.department_id "
            "ORDER BY d.position, d.name COLLATE NOCASE"
        ):
            member = by_id.get(str(member_id))
            if member is not None:
                member.department_ids.append(str(department_id))
                member.department_names.append(str(department_name))
    return members


def _find(conn: Connection, name: str) -> Member:
    name = name.strip()
    found = _members(conn, "WHERE name = ?", (name,))
    if not found:
        raise InvalidInput(_("No committee member is called {name}.").format(name=name))
    return found[0]


def _department_ids(conn: Connection, departments: Sequence[str] | None) -> list[str]:
    """The ids of the departments named (any case); [] for all departments."""
    if isinstance(departments, str):
        # One name passed where a list belongs would otherwise be read letter by letter.
        departments = [departments]
    ids: list[str] = []
    for name in departments or ():
        name = name.strip()
        if not name:
            continue
        row = conn.execute(
            "SELECT id FROM department WHERE name = ? COLLATE NOCASE", (name,)
        ).fetchone()
        if row is None:
            raise InvalidInput(_(
                "There is no department called {name}; check the spelling or add the "
                "department first."
            ).format(name=name))
        if str(row[0]) not in ids:
            ids.append(str(row[0]))
    return ids


def _save_scope(conn: Connection, member_id: str, department_ids: Sequence[str]) -> None:
    conn.execute("DELETE FROM committee_member_department WHERE member_id = ?", (member_id,))
    conn.executemany(
        "INSERT INTO committee_member_department (member_id, department_id) VALUES (?, ?)",
        [(member_id, department_id) for department_id in department_ids],
    )


def _check_person(conn: Connection, person_id: str | None) -> None:
    if person_id is not None and conn.execute(
        "SELECT 1 FROM person WHERE id = ?", (person_id,)
    ).fetchone() is None:
        raise InvalidInput(_("That person is no longer in the vault; choose another."))


# ----- reading ----------------------------------------------------------------------------


def has_members(conn: Connection) -> bool:
    """Has anyone been added to the roster (removed members included)?"""
    return conn.execute("SELECT 1 FROM committee_member LIMIT 1").fetchone() is not None


def active_members(conn: Connection) -> list[Member]:
    """Everyone not removed, by name: the members update files go to."""
    return _members(conn, "WHERE removed_at IS NULL")


def list_members(vault: Vault, *, include_removed: bool = True) -> list[Member]:
    if include_removed:
        return _members(vault.connection)
    return active_members(vault.connection)


def find_member(vault: Vault, name: str) -> Member:
    """The member called `name` (any case), or InvalidInput."""
    return _find(vault.connection, name)


def member_by_sign_key(conn: Connection, sign_public: bytes) -> Member | None:
    """The member (removed or not) whose signing key this is: who sent an update file."""
    found = _members(conn, "WHERE sign_public = ?", (bytes(sign_public),))
    return found[0] if found else None


# ----- changing the roster ----------------------------------------------------------------


def add_member(
    vault: Vault, card: str | MemberCard, departments: Sequence[str] | None = None
) -> Member:
    """Add the member on `card`, seeing `departments` (names; None or empty: all of them).

    Unconfirmed until their fingerprint is compared in person (`confirm_member`).
    """
    # A card made in code is checked as strictly as one pasted in (and its key spelled the
    # one way fingerprints expect).
    card = parse_card(card if isinstance(card, str) else card.line())
    with vault.transaction() as conn:
        me = read_identity(conn)
        if me is not None and (
            card.age_public == me.age_public or card.sign_public == me.sign_public
        ):
            raise InvalidInput(_(
                "That is your own card; add the cards the other members send you."
            ))
        clashes = _members(
            conn, "WHERE age_public = ? OR sign_public = ? OR name = ?",
            (card.age_public, card.sign_public, card.name),
        )
        # Whose keys these are matters more than whose name it is.
        clashes.sort(key=lambda other: not _same_keys(other, card))
        if clashes and clashes[0].removed_at is not None and not _same_keys(clashes[0], card):
            # A removed member (a forged card, say) does not keep the name from the real
            # one: the removed entry is renamed, its keys still refused.
            _rename_removed(conn, clashes[0])
            clashes = clashes[1:]
        if clashes:
            _refuse_clash(clashes[0], card)
        department_ids = _department_ids(conn, departments)
        member_id = records.new_id()
        stamp = records.now()
        # A file a shared folder held from them, refused while they were unknown, is
        # welcome now: look at every file there again.
        conn.execute("DELETE FROM update_file_seen")
        conn.execute(
            "INSERT INTO committee_member (id, name, age_public, sign_public, confirmed, "
            "all_departments, added_at, created_at, updated_at) VALUES (?,?,?,?,0,?,?,?,?)",
            (member_id, card.name, card.age_public, card.sign_public,
             int(not department_ids), stamp, stamp, stamp),
        )
        _save_scope(conn, member_id, department_ids)
        return _members(conn, "WHERE id = ?", (member_id,))[0]


def _rename_removed(conn: Connection, removed: Member) -> None:
    base = f"{removed.name} (removed {str(removed.removed_at)[:10]})"
    name, number = base, 1
    while conn.execute(
        "SELECT 1 FROM committee_member WHERE name = ?", (name,)
    ).fetchone() is not None:
        number += 1
        name = f"{base} {number}"
    conn.execute("UPDATE committee_member SET name = ? WHERE id = ?", (name, removed.id))


def _same_keys(other: Member, card: MemberCard) -> bool:
    """Either key alike: one key cannot belong to two members."""
    return other.age_public == card.age_public or other.sign_public == card.sign_public


def _refuse_clash(other: Member, card: MemberCard) -> None:
    """InvalidInput saying how `card` clashes with `other`, already on the roster: the same
    keys (whatever the name) or the same name (with other keys)."""
    if _same_keys(other, card):
        if other.removed_at is not None:
            raise InvalidInput(_(
                "This is the card of {name}, who was removed from the committee; a "
                "removed member cannot be added again with the same keys."
            ).format(name=other.name))
        if other.name.lower() == card.name.lower():
            raise InvalidInput(_("{name} is already on the roster.").format(name=other.name))
        raise InvalidInput(_(
            "This card has the keys of {name}, who is already on the roster under "
            "that name; ask them which name is right."
        ).format(name=other.name))
    if other.removed_at is not None:
        raise InvalidInput(_(
            "{name} was removed from the committee and keeps that name on the roster; "
            "ask for a card with another name."
        ).format(name=other.name))
    raise InvalidInput(_(
        "Another member is already called {name}, with different keys; ask for a "
        "card with another name."
    ).format(name=other.name))


def remove_member(vault: Vault, name: str) -> Member:
    """Take a member off the committee: nothing more is sent to them, and update files
    they send from now on are refused."""
    with vault.transaction() as conn:
        member = _find(conn, name)
        if member.removed_at is not None:
            raise InvalidInput(
                _("{name} was already removed from the committee.").format(name=member.name)
            )
        stamp = records.now()
        conn.execute(
            "UPDATE committee_member SET removed_at = ?, updated_at = ? WHERE id = ?",
            (stamp, stamp, member.id),
        )
        return _members(conn, "WHERE id = ?", (member.id,))[0]


def confirm_member(vault: Vault, name: str, confirmed: bool = True) -> Member:
    """Mark a member's fingerprint as compared in person (or, with False, as not yet)."""
    with vault.transaction() as conn:
        member = _find(conn, name)
        conn.execute(
            "UPDATE committee_member SET confirmed = ?, updated_at = ? WHERE id = ?",
            (int(confirmed), records.now(), member.id),
        )
        return _members(conn, "WHERE id = ?", (member.id,))[0]


def set_scope(vault: Vault, name: str, departments: Sequence[str] | None) -> Member:
    """What a member may see: these departments (names), or all of them (None or empty)."""
    with vault.transaction() as conn:
        member = _find(conn, name)
        department_ids = _department_ids(conn, departments)
        unchanged = (
            member.all_departments
            if not department_ids
            else not member.all_departments
            and set(member.department_ids) == set(department_ids)
        )
        if unchanged:
            return member
        # They may now see people they were never sent: the next file to them is a full one,
        # and acknowledgements of files written before now (still on their way) do not count.
        conn.execute(
            "UPDATE field_stamp SET seq = (SELECT max(seq) + 1 FROM field_stamp) "
            "WHERE row_id = 'replica' AND field = '_origin'"
        )
        conn.execute(
            "UPDATE committee_member SET all_departments = ?, acked_seq = 0, "
            "full_after = (SELECT max(seq) FROM field_stamp), updated_at = ? WHERE id = ?",
            (int(not department_ids), records.now(), member.id),
        )
        _save_scope(conn, member.id, department_ids)
        return _members(conn, "WHERE id = ?", (member.id,))[0]


def link_person(vault: Vault, name: str, person_id: str | None) -> Member:
    """Say which person record a member is (None: none)."""
    with vault.transaction() as conn:
        member = _find(conn, name)
        _check_person(conn, person_id)
        conn.execute(
            "UPDATE committee_member SET person_id = ?, updated_at = ? WHERE id = ?",
            (person_id, records.now(), member.id),
        )
        return _members(conn, "WHERE id = ?", (member.id,))[0]
