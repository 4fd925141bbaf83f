"""Relationships: who is close to, or influences, whom; used to pick who should talk to whom."""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core import records
from organizer.core.committee.tables import RECORDED_BY
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name
from organizer.core.vault import Vault
from organizer.i18n import N_, _

# Stored as written here; shown translated, `_(kind)`.
KINDS: tuple[str, ...] = (N_("close to"), N_("influences"), N_("works with"), N_("friends"),
                          N_("family"), N_("other"))
# How `Relationship.describe` says each kind, whole, for translators.
_OUTGOING = {
    "close to": N_("close to {person}"),
    "influences": N_("influences {person}"),
    "works with": N_("works with {person}"),
    "friends": N_("friends {person}"),
    "family": N_("family {person}"),
    "other": N_("other {person}"),
}
_INCOMING = {
    "close to": N_("{person} close to them"),
    "influences": N_("{person} influences them"),
    "works with": N_("{person} works with them"),
    "friends": N_("{person} friends them"),
    "family": N_("{person} family them"),
    "other": N_("{person} other them"),
}


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
        """"close to Maya" (this person's tie), "Maya influences them" (the other's)."""
        sayings = _OUTGOING if self.outgoing else _INCOMING
        if self.kind in sayings:
            return _(sayings[self.kind]).format(person=self.other_person)
        if self.outgoing:
            # Translators: a relationship of a kind Organizer does not know, then a person.
            return _("{kind} {person}").format(kind=self.kind, person=self.other_person)
        # Translators: a person, then a relationship of a kind Organizer does not know.
        return _("{person} {kind} them").format(kind=self.kind, person=self.other_person)


def add_relationship(
    vault: Vault, person_id: str, other_person_id: str, kind: str = "close to", note: str = ""
) -> str:
    if kind not in KINDS:
        raise InvalidInput(_("{kind} is not a kind of relationship Organizer knows.")
                           .format(kind=repr(kind)))
    if person_id == other_person_id:
        raise InvalidInput(_("A relationship needs two different people."))
    stamp = records.now()
    relationship_id = records.new_id()
    with vault.transaction() as conn:
        exists = conn.execute(
            "SELECT 1 FROM relationship WHERE person_id = ? AND other_person_id = ? AND kind = ?",
            (person_id, other_person_id, kind),
        ).fetchone()
        if exists:
            raise InvalidInput(_("That relationship is already recorded."))
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
