"""One-on-ones: logging an organizing conversation (with its assessment change and follow-up
in the same transaction), a person's conversation history, and crash-safe drafts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from organizer.core import records
from organizer.core.committee.tables import RECORDED_BY
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name, record_assessment
from organizer.core.vault import Vault
from organizer.core.workplace_issues import issue_named
from organizer.i18n import N_, _

# Stored as written here; shown translated, `_(channel)`.
CHANNELS: tuple[str, ...] = (N_("in person"), N_("phone"), "Signal", N_("video"), N_("other"))
# (field, label): the labels are shown translated, `_(label)`.
AEIOU_SECTIONS: tuple[tuple[str, str], ...] = (
    ("agitate", N_("Agitate: what's wrong, how does it feel")),
    ("educate", N_("Educate: who decides, what could change it")),
    ("inoculate", N_("Inoculate: what management will say and do")),
    ("organize", N_("Organize: what we do together")),
    ("uplift", N_("Uplift: the ask, the vision")),
)
_TEXT_FIELDS = (
    "agitate", "educate", "inoculate", "organize", "uplift", "ask", "answer", "commitment",
    "next_step", "notes",
)


@dataclass
class OneOnOne:
    person_id: str
    held_on: str = field(default_factory=records.today)
    oc_member_id: str | None = None
    channel: str = "in person"
    agitate: str = ""
    educate: str = ""
    inoculate: str = ""
    organize: str = ""
    uplift: str = ""
    ask: str = ""
    answer: str = ""
    commitment: str = ""
    assessment_before: int | None = None
    assessment_after: int | None = None
    next_step: str = ""
    notes: str = ""
    # Never sent to the committee (committee/send.py): the notes stay in this vault.
    is_private: bool = False
    issue_ids: list[str] = field(default_factory=list)
    # Issues named on the form, found or created inside the save's own transaction.
    issue_names: list[str] = field(default_factory=list)
    id: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class FollowUpRequest:
    """A follow-up to create along with the one-on-one."""

    due_on: str
    description: str = ""
    owner_id: str | None = None


def _validate(entry: OneOnOne) -> None:
    if not entry.person_id:
        raise InvalidInput(_("Choose who you talked with."))
    try:
        records.parse_date(entry.held_on)
    except ValueError:
        raise InvalidInput(_("{value} is not a date; use the form 2026-11-23.")
                           .format(value=repr(entry.held_on))) from None
    if entry.channel not in CHANNELS:
        raise InvalidInput(_("{channel} is not a channel Organizer knows.")
                           .format(channel=repr(entry.channel)))
    for score in (entry.assessment_before, entry.assessment_after):
        if score is not None and not 1 <= score <= 5:
            raise InvalidInput(_("An assessment is a number from 1 to 5, or blank."))


def log_one_on_one(
    vault: Vault,
    entry: OneOnOne,
    *,
    follow_up: FollowUpRequest | None = None,
    assessment_note: str = "",
    draft_id: str | None = None,
) -> OneOnOne:
    """Save a one-on-one, and in the same transaction: link its issues to the person, record
    the new assessment when it changed, create the follow-up, and drop the draft."""
    _validate(entry)
    if follow_up is not None:
        try:
            records.parse_date(follow_up.due_on)
        except ValueError:
            raise InvalidInput(
                _("{value} is not a follow-up date; use the form 2026-11-23.")
                .format(value=repr(follow_up.due_on))
            ) from None
    stamp = records.now()
    entry.id = entry.id or records.new_id()
    entry.created_at = entry.updated_at = stamp
    # The assessment and the follow-up travel to the committee: a private one-on-one's next
    # step is not copied into them.
    shared_next_step = "" if entry.is_private else entry.next_step
    with vault.transaction() as conn:
        current = conn.execute(
            "SELECT assessment FROM person WHERE id = ?", (entry.person_id,)
        ).fetchone()
        if current is None:
            raise InvalidInput(_("This person no longer exists (were they deleted?)."))
        if entry.assessment_before is None:
            entry.assessment_before = current[0]
        conn.execute(
            "INSERT INTO one_on_one (id, person_id, held_on, oc_member_id, channel, agitate, "
            "educate, inoculate, organize, uplift, ask, answer, commitment, assessment_before, "
            "assessment_after, next_step, notes, is_private, created_at, updated_at, "
            f"recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, {RECORDED_BY})",
            (
                entry.id, entry.person_id, entry.held_on, entry.oc_member_id, entry.channel,
                *(getattr(entry, f) for f in _TEXT_FIELDS[:8]),
                entry.assessment_before, entry.assessment_after, entry.next_step, entry.notes,
                int(entry.is_private), stamp, stamp,
            ),
        )
        named = [issue_named(conn, name).id for name in entry.issue_names]
        entry.issue_ids = list(dict.fromkeys([*entry.issue_ids, *named]))
        for issue_id in entry.issue_ids:
            conn.execute(
                "INSERT OR IGNORE INTO one_on_one_issue (one_on_one_id, issue_id) VALUES (?,?)",
                (entry.id, issue_id),
            )
            conn.execute(
                "INSERT OR IGNORE INTO person_issue (person_id, issue_id) VALUES (?,?)",
                (entry.person_id, issue_id),
            )
        if entry.assessment_after is not None and entry.assessment_after != current[0]:
            record_assessment(
                vault, entry.person_id, entry.assessment_after,
                assessed_by_id=entry.oc_member_id, basis="one-on-one",
                note=assessment_note or shared_next_step, one_on_one_id=entry.id,
                assessed_at=f"{entry.held_on}T{stamp[11:]}", conn=conn,
            )
        if follow_up is not None:
            conn.execute(
                "INSERT INTO follow_up (id, person_id, one_on_one_id, owner_id, due_on, "
                "description, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (records.new_id(), entry.person_id, entry.id,
                 follow_up.owner_id or entry.oc_member_id, follow_up.due_on,
                 follow_up.description or shared_next_step, stamp, stamp),
            )
        if draft_id:
            conn.execute("DELETE FROM draft WHERE id = ?", (draft_id,))
    return entry


def get_one_on_one(vault: Vault, one_on_one_id: str) -> OneOnOne:
    conn = vault.connection
    row = conn.execute(
        "SELECT person_id, held_on, oc_member_id, channel, agitate, educate, inoculate, "
        "organize, uplift, ask, answer, commitment, assessment_before, assessment_after, "
        "next_step, notes, is_private, id, created_at, updated_at FROM one_on_one WHERE id = ?",
        (one_on_one_id,),
    ).fetchone()
    if row is None:
        raise InvalidInput(_("This one-on-one no longer exists."))
    issue_ids = [
        str(r[0])
        for r in conn.execute(
            "SELECT issue_id FROM one_on_one_issue WHERE one_on_one_id = ?", (one_on_one_id,)
        ).fetchall()
    ]
    names = (
        "person_id", "held_on", "oc_member_id", "channel", "agitate", "educate", "inoculate",
        "organize", "uplift", "ask", "answer", "commitment", "assessment_before",
        "assessment_after", "next_step", "notes", "is_private", "id", "created_at",
        "updated_at",
    )
    values = dict(zip(names, row, strict=True))
    values["is_private"] = bool(values["is_private"])
    return OneOnOne(**values, issue_ids=issue_ids)


@dataclass(frozen=True)
class OneOnOneSummary:
    id: str
    person_id: str
    person: str  # display name
    held_on: str
    oc_member: str
    channel: str
    assessment_before: int | None
    assessment_after: int | None
    summary: str  # the first words of what was said, for lists
    recorded_by: str = ""  # the committee member who wrote it down ("" before a committee)
    is_private: bool = False


_SUMMARY_SQL = (
    "SELECT o.id, o.person_id, p.name, p.code_name, o.held_on, oc.name, oc.code_name, "
    "o.channel, o.assessment_before, o.assessment_after, coalesce(o.recorded_by, ''), "
    "o.is_private, o.ask, o.answer, o.next_step, "
    "o.notes FROM one_on_one o JOIN person p ON p.id = o.person_id "
    "LEFT JOIN person oc ON oc.id = o.oc_member_id "
)


def _summaries(rows: list[tuple[Any, ...]]) -> list[OneOnOneSummary]:
    result = []
    for row in rows:
        said = " · ".join(str(t) for t in row[12:] if t)
        result.append(
            OneOnOneSummary(
                id=row[0], person_id=row[1], person=display_name(row[2], row[3]),
                held_on=row[4], oc_member=display_name(row[5], row[6]) if row[5] else "",
                channel=row[7], assessment_before=row[8], assessment_after=row[9],
                summary=said[:160], recorded_by=str(row[10]), is_private=bool(row[11]),
            )
        )
    return result


def one_on_ones_for(vault: Vault, person_id: str) -> list[OneOnOneSummary]:
    """A person's one-on-ones, newest first."""
    rows = vault.connection.execute(
        _SUMMARY_SQL + "WHERE o.person_id = ? ORDER BY o.held_on DESC, o.created_at DESC",
        (person_id,),
    ).fetchall()
    return _summaries(rows)


def recent_one_on_ones(vault: Vault, limit: int = 15) -> list[OneOnOneSummary]:
    rows = vault.connection.execute(
        _SUMMARY_SQL + "ORDER BY o.held_on DESC, o.created_at DESC LIMIT ?", (limit,)
    ).fetchall()
    return _summaries(rows)


# ----- drafts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    id: str
    kind: str
    person_id: str | None
    body: dict[str, object]
    updated_at: str


def save_draft(
    vault: Vault, kind: str, person_id: str | None, body: dict[str, object],
    draft_id: str | None = None,
) -> str:
    """Keep an unsaved form inside the (encrypted) vault; returns the draft's id."""
    stamp = records.now()
    draft_id = draft_id or records.new_id()
    with vault.transaction() as conn:
        existing = conn.execute("SELECT created_at FROM draft WHERE id = ?", (draft_id,))
        row = existing.fetchone()
        # REPLACE gives the row a new, higher rowid: the newest save sorts first even when
        # two saves share a millisecond.
        conn.execute(
            "INSERT OR REPLACE INTO draft (id, kind, person_id, body, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            (draft_id, kind, person_id, json.dumps(body), row[0] if row else stamp, stamp),
        )
    return draft_id


def drafts(vault: Vault, kind: str = "one-on-one") -> list[Draft]:
    rows = vault.connection.execute(
        "SELECT id, kind, person_id, body, updated_at FROM draft WHERE kind = ? "
        "ORDER BY updated_at DESC, rowid DESC",
        (kind,),
    ).fetchall()
    return [Draft(str(a), str(b), c, json.loads(d), str(e)) for a, b, c, d, e in rows]


def discard_draft(vault: Vault, draft_id: str) -> None:
    with vault.transaction() as conn:
        conn.execute("DELETE FROM draft WHERE id = ?", (draft_id,))
