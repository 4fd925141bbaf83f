"""Relationships: who is close to, or influences, whom; used to pick who should talk to whom."""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core import records
from organizer.core.committee.tables import RECORDED_BY
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name
from organizer.core.vault import Vault

KINDS: tuple[str, ...] = ("close to", "influences", "works with", "friends", "family", "other")


@dataclass(frozen=True)
class Relationship:
    id: str
    other_person_id: str
    other_person: str  # display name
    kind: str
    outgoing: bool  # True: "this person <kind> other"; False: "other <kind> this person"
    note: str
    recorded_by: str = ""  # the committee member who holds it ("" before a committee)

    def describe(self) -> str:
        if self.outgoing:
            return f"{self.kind} {self.other_person}"
        return f"{self.other_person} {self.kind} them"


def add_relationship(
    vault: Vault, person_id: str, other_person_id: str, kind: str = "close to", note: str = ""
) -> str:
    if kind not in KINDS:
        raise InvalidInput(f"{kind!r} is not a kind of relationship Organizer knows.")
    if person_id == other_person_id:
        raise InvalidInput("A relationship needs two different people.")
    stamp = records.now()
    relationship_id = records.new_id()
    with vault.transaction() as conn:
        exists = conn.execute(
            "SELECT 1 FROM relationship WHERE person_id = ? AND other_person_id = ? AND kind = ?",
            (person_id, other_person_id, kind),
        ).fetchone()
        if exists:
            raise InvalidInput("That relationship is already recorded.")
        conn.execute(
            "INSERT INTO relationship (id, person_id, other_person_id, kind, note, created_at, "
            f"updated_at, recorded_by) VALUES (?,?,?,?,?,?,?, {RECORDED_BY})",
            (relationship_id, person_id, other_person_id, kind, note, stamp, stamp),
        )
    return relationship_id


def relationships_for(vault: Vault, person_id: str) -> list[Relationship]:
    rows = vault.connection.execute(
        "SELECT r.id, r.other_person_id, p.name, p.code_name, r.kind, 1, r.note, "
        "coalesce(r.recorded_by, '') "
        "FROM relationship r JOIN person p ON p.id = r.other_person_id WHERE r.person_id = ?1 "
        "UNION ALL "
        "SELECT r.id, r.person_id, p.name, p.code_name, r.kind, 0, r.note, "
        "coalesce(r.recorded_by, '') "
        "FROM relationship r JOIN person p ON p.id = r.person_id WHERE r.other_person_id = ?1",
        (person_id,),
    ).fetchall()
    return [
        Relationship(str(a), str(b), display_name(c, d), str(e), bool(f), str(g), str(h))
        for a, b, c, d, e, f, g, h in rows
    ]


def remove_relationship(vault: Vault, relationship_id: str) -> None:
    with vault.transaction() as conn:
        conn.execute("DELETE FROM relationship WHERE id = ?", (relationship_id,))
