"""Coworkers: their record, the people table's filters and sorting, bulk actions, and
real erasure (secure_delete plus a tombstone of the UUID only)."""

from __future__ import annotations

import datetime as dt
import enum
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from organizer.core import campaign, records
from organizer.core.committee.tables import RECORDED_BY
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import N_, _

# Columns a person's page edits; the others (assessment, last contact, next follow-up)
# follow from assessments, one-on-ones and follow-ups and are kept in step by triggers.
EDITABLE_FIELDS: tuple[str, ...] = (
    "name", "code_name", "personal_phone", "personal_email", "work_phone", "work_email",
    "department_id", "team", "job_title", "shift_id", "site_id", "start_date", "language",
    "safe_channel", "assigned_oc_member_id", "is_oc_member", "is_organic_leader",
    "left_company_on", "notes",
)
# Stored as written here; shown translated, `_(channel)`.
SAFE_CHANNELS: tuple[str, ...] = (
    "Signal", N_("personal phone"), N_("personal email"), N_("in person"), "WhatsApp",
    N_("other"),
)
_DATE_FIELDS = ("start_date", "left_company_on")


@dataclass
class Person:
    name: str = ""
    code_name: str = ""
    personal_phone: str = ""
    personal_email: str = ""
    work_phone: str = ""
    work_email: str = ""
    department_id: str | None = None
    team: str = ""
    job_title: str = ""
    shift_id: str | None = None
    site_id: str | None = None
    start_date: str | None = None
    language: str = ""
    safe_channel: str = ""
    assigned_oc_member_id: str | None = None
    is_oc_member: bool = False
    is_organic_leader: bool = False
    left_company_on: str | None = None
    notes: str = ""
    # Read-only, derived:
    assessment: int | None = None
    last_contact_on: str | None = None
    next_follow_up_on: str | None = None
    id: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def display_name(self) -> str:
        """The code name when there is one: it is what goes on screen and on paper."""
        return display_name(self.name, self.code_name)


def display_name(name: str, code_name: str) -> str:
    return code_name.strip() or name


_ALL_COLUMNS = tuple(f.name for f in fields(Person))


def _validate(person: Person) -> None:
    if not person.name.replace("\x00", "").strip():
        raise InvalidInput(_("A person needs a name (a code name can go on screen instead)."))
    for column in _DATE_FIELDS:
        value = getattr(person, column)
        if value:
            try:
                records.parse_date(value)
            except ValueError:
                raise InvalidInput(
                    _("{value} is not a date; use the form 2026-11-23.").format(
                        value=repr(value))
                ) from None
    if person.assigned_oc_member_id and person.assigned_oc_member_id == person.id:
        raise InvalidInput(_("A person cannot be their own assigned OC member."))


def _row_values(person: Person) -> list[object]:
    values: list[object] = []
    for column in EDITABLE_FIELDS:
        value = getattr(person, column)
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, str) and column not in _DATE_FIELDS:
            value = value.replace("\x00", "")  # never meaningful, and it truncates LIKE
            value = value.strip() if column != "notes" else value
        if column in _DATE_FIELDS or column.endswith("_id"):
            value = value or None
        values.append(value)
    return values


def _check_assigned_oc_member(vault: Vault, person: Person) -> None:
    if not person.assigned_oc_member_id:
        return
    row = vault.connection.execute(
        "SELECT is_oc_member FROM person WHERE id = ?", (person.assigned_oc_member_id,)
    ).fetchone()
    if row is None or not row[0]:
        raise InvalidInput(_("Only an OC member can be assigned to a person."))


def add_person(vault: Vault, person: Person) -> Person:
    """Save a new person and return it with its id and timestamps."""
    person.id = person.id or records.new_id()
    _validate(person)
    _check_assigned_oc_member(vault, person)
    stamp = records.now()
    person.created_at = person.updated_at = stamp
    columns = ("id", *EDITABLE_FIELDS, "created_at", "updated_at")
    with vault.transaction() as conn:
        conn.execute(
            f"INSERT INTO person ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            (person.id, *_row_values(person), stamp, stamp),
        )
    return get_person(vault, person.id)


def update_person(vault: Vault, person: Person) -> Person:
    """Save every editable field of an existing person."""
    _validate(person)
    _check_assigned_oc_member(vault, person)
    stamp = records.now()
    assignments = ", ".join(f"{c} = ?" for c in EDITABLE_FIELDS)
    with vault.transaction() as conn:
        cursor = conn.execute(
            f"UPDATE person SET {assignments}, updated_at = ? WHERE id = ?",
            (*_row_values(person), stamp, person.id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_("This person no longer exists (were they deleted?)."))
    return get_person(vault, person.id)


def get_person(vault: Vault, person_id: str) -> Person:
    row = vault.connection.execute(
        f"SELECT {', '.join(_ALL_COLUMNS)} FROM person WHERE id = ?", (person_id,)
    ).fetchone()
    if row is None:
        raise InvalidInput(_("This person no longer exists (were they deleted?)."))
    values = dict(zip(_ALL_COLUMNS, row, strict=True))
    values["is_oc_member"] = bool(values["is_oc_member"])
    values["is_organic_leader"] = bool(values["is_organic_leader"])
    return Person(**values)


def find_people(vault: Vault, text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(id, display name) of people whose name or code name contains `text`, best first."""
    text = text.strip()
    if not text or "\x00" in text:
        return []
    pattern = f"%{_escape_like(text)}%"
    prefix = f"{_escape_like(text)}%"
    rows = vault.connection.execute(
        "SELECT id, name, code_name FROM person "
        "WHERE name LIKE ? ESCAPE '\\' OR code_name LIKE ? ESCAPE '\\' "
        "ORDER BY (name LIKE ? ESCAPE '\\' OR code_name LIKE ? ESCAPE '\\') DESC, "
        "name COLLATE NOCASE LIMIT ?",
        (pattern, pattern, prefix, prefix, limit),
    ).fetchall()
    return [(str(i), display_name(n, c)) for i, n, c in rows]


def oc_members(vault: Vault) -> list[tuple[str, str]]:
    """(id, display name) of every OC member, by name."""
    rows = vault.connection.execute(
        "SELECT id, name, code_name FROM person WHERE is_oc_member = 1 "
        "ORDER BY coalesce(nullif(code_name, ''), name) COLLATE NOCASE"
    ).fetchall()
    return [(str(i), display_name(n, c)) for i, n, c in rows]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ----- erasure ------------------------------------------------------------------------------

# What deleting a person erases, as (label, SQL counting it). The labels are the keys of
# `erasure_preview`; shown translated, `_(label)`.
_ERASED_WITH_PERSON: tuple[tuple[str, str], ...] = (
    (N_("one-on-ones"), "SELECT count(*) FROM one_on_one WHERE person_id = ?"),
    (N_("assessments"), "SELECT count(*) FROM assessment WHERE person_id = ?"),
    (N_("follow-ups"), "SELECT count(*) FROM follow_up WHERE person_id = ?"),
    (N_("relationships"),
     "SELECT count(*) FROM relationship WHERE person_id = ?1 OR other_person_id = ?1"),
    (N_("action participations"), "SELECT count(*) FROM participation WHERE person_id = ?"),
    (N_("call attempts"), "SELECT count(*) FROM call_attempt WHERE person_id = ?"),
    (N_("drafts"), "SELECT count(*) FROM draft WHERE person_id = ?"),
    (N_("action plan links"),
     "SELECT count(*) FROM action_plan_person WHERE person_id = ?"),
    (N_("call list entries"), "SELECT count(*) FROM call_list_person WHERE person_id = ?"),
)


def erasure_preview(vault: Vault, person_id: str) -> dict[str, int]:
    """How many records of each kind deleting this person will erase (for the confirmation)."""
    conn = vault.connection
    return {
        label: int(conn.execute(sql, (person_id,)).fetchone()[0])
        for label, sql in _ERASED_WITH_PERSON
    }


def delete_person(vault: Vault, person_id: str) -> dict[str, int]:
    """Erase a person and everything about them; keep only a tombstone of their UUID.

    secure_delete overwrites the freed pages, FTS5 secure-delete drops their words from the
    search index, and the WAL is checkpointed and truncated so no old page image remains.
    """
    erased = erasure_preview(vault, person_id)
    with vault.transaction() as conn:
        if not erase_people(conn, [person_id]):
            raise InvalidInput(_("This person no longer exists (were they deleted?)."))
    vault.checkpoint()
    return erased


def erase_people(conn: Any, person_ids: Sequence[str]) -> list[str]:
    """Erase these people inside the transaction open on `conn` (an import's undo, the
    retention rules, deleting one person), each leaving only a tombstone of their UUID;
    returns the ids that were there. The caller checkpoints after its commit."""
    stamp = records.now()
    erased: list[str] = []
    for start in range(0, len(person_ids), 500):
        chunk = list(person_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        gone = [str(row[0]) for row in conn.execute(
            f"DELETE FROM person WHERE id IN ({marks}) RETURNING id", chunk).fetchall()]
        conn.executemany(
            "INSERT OR REPLACE INTO tombstone (id, kind, deleted_at) VALUES (?, 'person', ?)",
            [(person_id, stamp) for person_id in gone])
        erased += gone
    return erased


# ----- the people table ---------------------------------------------------------------------


class PeopleSort(enum.Enum):
    NAME = "name"
    DEPARTMENT = "department"
    TEAM = "team"
    JOB_TITLE = "job_title"
    SHIFT = "shift"
    SITE = "site"
    ASSESSMENT = "assessment"
    OC_MEMBER = "oc_member"
    LAST_CONTACT = "last_contact"
    NEXT_FOLLOW_UP = "next_follow_up"


# ----- alphabetical order ---------------------------------------------------------------------
#
# Names sort the way a reader expects in any language written with accents: "Ávila" with the
# A's, "élise" with the E's, "Łukasz" between "Lena" and "Maya", case ignored. SQLite's NOCASE
# folds ASCII only and puts every accented first letter after "z", and ICU is not in SQLCipher
# (nor a dependency we want), so the order is a key made in Python: the text decomposed
# (NFKD), its accents dropped, case folded. The same key on every operating system, whatever
# its C library's collation; call lists print in the same order (call_lists.collation_key).
#
# A person's key is stored (person.sort_name, kept by triggers, schema 5) and indexed with the
# name as written and the id, so the People list reads that index in order instead of sorting
# every row through Python. Other columns, and the last-name order, use the same key as an SQL
# function registered on the connection that runs the query (`_sorting`).

_FOLD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss",
                       "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
                       "İ": "I", "ı": "i"})
# Words after a family name that are not the family name: "Martin Luther King Jr.".
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})
# Between the family name and the rest in a last-name key: below every character of a name, so
# the family name decides first ("Ada Okafor", "Maya Okafor", then "Ada Okaforo").
_LAST_NAME_BREAK = "\x01"


def collation_key(text: str | None) -> str | None:
    """The text as it sorts: accents dropped, case folded ("Ávila" -> "avila")."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()  # most names: much quicker than decomposing
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def last_name_key(name: str | None, code_name: str | None = None) -> str | None:
    """A name as it sorts by family name: "Maya Okafor" as "okafor", then "maya".

    The family name is the last word with a letter in it, leaving out suffixes ("Jr.", "III");
    in a name written "Okafor, Maya" it is the part before the comma. A one-word name is its
    own key, and so is a code name ("Heron 2"): it is what shows, and has no family name.
    Cultures that put the family name first, or two of them, are not guessed at.
    """
    if code_name is not None and code_name.strip():
        return collation_key(code_name.strip())
    if name is None:
        return None
    family, _, given = name.partition(",")
    if not given.strip():
        words = name.split()
        end = len(words)
        while end > 1 and (words[end - 1].casefold().rstrip(".") in _NAME_SUFFIXES
                           or not any(c.isalpha() for c in words[end - 1])):
            end -= 1
        if end < 2:
            return collation_key(name.strip())
        family = words[end - 1]
        given = " ".join(words[: end - 1] + words[end:])
    return f"{collation_key(family.strip())}{_LAST_NAME_BREAK}{collation_key(given.strip())}"


def _sorting(vault: Vault) -> Any:
    """The vault's connection with the sort keys registered (cheap: once per query)."""
    conn = vault.connection
    conn.create_function("organizer_sort_key", 1, collation_key, deterministic=True)
    conn.create_function("organizer_last_name_key", 2, last_name_key, deterministic=True)
    return conn


def _by_name(person: str, by_last_name: bool) -> str:
    """The sort key of the person (table alias `person`) shown by name or code name."""
    if by_last_name:
        return f"organizer_last_name_key({person}.name, {person}.code_name)"
    return f"{person}.sort_name"


_PERSON_NAME = "coalesce(nullif(p.code_name, ''), p.name)"
_OC_NAME = "coalesce(nullif(oc.code_name, ''), oc.name)"
# What each sort orders by, as the People list sorts (collated) and as the short lists do
# (NOCASE: first_people_ids). None, and a blank team or job title, sorts last.
_COLLATED_SQL = {
    PeopleSort.DEPARTMENT: "organizer_sort_key(d.name)",
    PeopleSort.TEAM: "organizer_sort_key(nullif(p.team, ''))",
    PeopleSort.JOB_TITLE: "organizer_sort_key(nullif(p.job_title, ''))",
    PeopleSort.SHIFT: "organizer_sort_key(s.name)",
    PeopleSort.SITE: "organizer_sort_key(st.name)",
    PeopleSort.ASSESSMENT: "p.assessment",
    PeopleSort.LAST_CONTACT: "p.last_contact_on",
    PeopleSort.NEXT_FOLLOW_UP: "p.next_follow_up_on",
}
_NOCASE_SQL = {
    PeopleSort.NAME: "p.sort_name",
    PeopleSort.DEPARTMENT: "d.name COLLATE NOCASE",
    PeopleSort.TEAM: "nullif(p.team, '') COLLATE NOCASE",
    PeopleSort.JOB_TITLE: "nullif(p.job_title, '') COLLATE NOCASE",
    PeopleSort.SHIFT: "s.name COLLATE NOCASE",
    PeopleSort.SITE: "st.name COLLATE NOCASE",
    PeopleSort.ASSESSMENT: "p.assessment",
    PeopleSort.OC_MEMBER: "oc.sort_name",
    PeopleSort.LAST_CONTACT: "p.last_contact_on",
    PeopleSort.NEXT_FOLLOW_UP: "p.next_follow_up_on",
}


# The campaign setting (app_setting) for listing people by last name.
SORT_BY_LAST_NAME = "sort_people_by_last_name"


def sorts_by_last_name(vault: Vault) -> bool:
    """The campaign's choice: people sorted by last name (Okafor before Silva) or by the name
    as written (Maya before Sam)."""
    return campaign.setting(vault, SORT_BY_LAST_NAME) == "1"


def set_sorts_by_last_name(vault: Vault, by_last_name: bool) -> None:
    campaign.set_setting(vault, SORT_BY_LAST_NAME, "1" if by_last_name else "0")


# Stand-ins for "left blank" inside PeopleFilter's department_ids / shift_ids / site_ids,
# e.g. the wall chart's "No department" row. Never a real id: those are 32 hex digits.
NO_DEPARTMENT = "(no department)"
NO_SHIFT = "(no shift)"
NO_SITE = "(no site)"


@dataclass(frozen=True)
class PeopleFilter:
    """Filters that combine (AND). Empty sets mean "any".

    department_ids, shift_ids and site_ids may hold NO_DEPARTMENT, NO_SHIFT or NO_SITE to
    match people with that field blank (alone, or besides real ids)."""

    department_ids: frozenset[str] = frozenset()
    shift_ids: frozenset[str] = frozenset()
    site_ids: frozenset[str] = frozenset()
    # Scores 1-5; 0 stands for "not yet assessed". A range is its scores: assessment_range.
    assessments: frozenset[int] = frozenset()
    oc_members_only: bool = False
    assigned_oc_member_id: str | None = None
    unassigned_only: bool = False
    issue_id: str | None = None
    not_contacted_days: int | None = None
    organic_leaders_only: bool = False
    name_contains: str = ""
    # Only people who have not left the company, as the chart and structure tests count.
    current_only: bool = False
    # Only these people (a call list made from the People page's list); empty: anyone.
    person_ids: frozenset[str] = frozenset()
    # People with every one of these tags (tags_match_all) or any of them; empty: anyone.
    tag_ids: frozenset[str] = frozenset()
    tags_match_all: bool = True

    def where(self, today: dt.date | None = None) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []

        def one_of(column: str, values: Iterable[object]) -> None:
            values = list(values)
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)

        def one_of_or_blank(column: str, chosen: frozenset[str], blank: str) -> None:
            ids = sorted(chosen - {blank})
            if blank not in chosen:
                one_of(column, ids)
            elif not ids:
                clauses.append(f"{column} IS NULL")
            else:
                # The OR costs index lookups (see not_contacted_days), so only when asked.
                clauses.append(f"({column} IS NULL OR {column} IN "
                               f"({', '.join('?' * len(ids))}))")
                params.extend(ids)

        if self.department_ids:
            one_of_or_blank("p.department_id", self.department_ids, NO_DEPARTMENT)
        if self.shift_ids:
            one_of_or_blank("p.shift_id", self.shift_ids, NO_SHIFT)
        if self.site_ids:
            one_of_or_blank("p.site_id", self.site_ids, NO_SITE)
        if self.assessments:
            scores = sorted(s for s in self.assessments if s)
            parts = []
            if len(scores) > 1 and scores[-1] - scores[0] == len(scores) - 1:
                parts.append("p.assessment BETWEEN ? AND ?")  # a range: one index range
                params.extend([scores[0], scores[-1]])
            elif scores:
                parts.append(f"p.assessment IN ({', '.join('?' * len(scores))})")
                params.extend(scores)
            if 0 in self.assessments:
                parts.append("p.assessment IS NULL")
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.oc_members_only:
            clauses.append("p.is_oc_member = 1")
        if self.assigned_oc_member_id:
            clauses.append("p.assigned_oc_member_id = ?")
            params.append(self.assigned_oc_member_id)
        if self.unassigned_only:
            clauses.append("p.assigned_oc_member_id IS NULL AND p.is_oc_member = 0")
        if self.issue_id:
            clauses.append(
                "EXISTS (SELECT 1 FROM person_issue pi WHERE pi.person_id = p.id "
                "AND pi.issue_id = ?)"
            )
            params.append(self.issue_id)
        if self.not_contacted_days is not None:
            cutoff = (today or dt.date.today()) - dt.timedelta(days=self.not_contacted_days)
            # coalesce, not "IS NULL OR <": SQLite answers the OR with two index lookups
            # that cost 5x a plain scan at 100,000 people.
            clauses.append("coalesce(p.last_contact_on, '') < ?")
            params.append(cutoff.isoformat())
        if self.organic_leaders_only:
            clauses.append("p.is_organic_leader = 1")
        if self.current_only:
            clauses.append("p.left_company_on IS NULL")
        if self.person_ids:
            # One parameter however many: SQLite caps the number of "?" in a statement.
            clauses.append("p.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(self.person_ids)))
        if self.tag_ids:
            # Here, not at the top: tags -> bulk -> search imports this module.
            from organizer.core.tags import tag_filter_sql

            tagged, tag_params = tag_filter_sql(self.tag_ids, match_all=self.tags_match_all)
            clauses.append(tagged)
            params.extend(tag_params)
        if "\x00" in self.name_contains:
            # LIKE would stop at the NUL and match everyone; no saved text holds one.
            clauses.append("0")
        elif self.name_contains.strip():
            pattern = f"%{_escape_like(self.name_contains.strip())}%"
            clauses.append("(p.name LIKE ? ESCAPE '\\' OR p.code_name LIKE ? ESCAPE '\\')")
            params.extend([pattern, pattern])
        return (" AND ".join(clauses) or "1"), params


def assessment_range(low: int, high: int) -> frozenset[int]:
    """The scores from `low` to `high` (either way round), for PeopleFilter.assessments."""
    if not (1 <= low <= 5 and 1 <= high <= 5):
        raise InvalidInput(_("Assessments go from 1 to 5."))
    return frozenset(range(min(low, high), max(low, high) + 1))


_FROM = (
    "FROM person p LEFT JOIN department d ON d.id = p.department_id "
    "LEFT JOIN shift s ON s.id = p.shift_id LEFT JOIN site st ON st.id = p.site_id "
    "LEFT JOIN person oc ON oc.id = p.assigned_oc_member_id"
)


@dataclass(frozen=True)
class PersonRow:
    """One row of the people table."""

    id: str
    display_name: str
    department: str
    shift: str
    site: str
    assessment: int | None
    is_oc_member: bool
    is_organic_leader: bool
    oc_member: str
    last_contact_on: str | None
    next_follow_up_on: str | None
    team: str = ""
    job_title: str = ""


def count_people(vault: Vault, people_filter: PeopleFilter = PeopleFilter()) -> int:
    where, params = people_filter.where()
    joins = _FROM if "d." in where or "oc." in where else "FROM person p"
    return int(
        vault.connection.execute(f"SELECT count(*) {joins} WHERE {where}", params).fetchone()[0]
    )


def _order(sort: PeopleSort, descending: bool, by_last_name: bool = False) -> str:
    """The People list's order. Blanks sort last either way; the name, then the id, break
    ties so the order is stable.

    Names sort by `collation_key` (or `last_name_key`), then exactly as written ("Elise"
    before "Élise"), then by id.
    """
    direction = "DESC" if descending else "ASC"
    name_key = _by_name("p", by_last_name)
    if sort is PeopleSort.NAME and not by_last_name:
        return _index_order(sort, descending)
    if sort is PeopleSort.NAME:
        return f"{name_key} {direction}, {_PERSON_NAME} {direction}, p.id"
    key = (_by_name("oc", by_last_name) if sort is PeopleSort.OC_MEMBER
           else _COLLATED_SQL[sort])
    return f"{key} IS NULL, {key} {direction}, {name_key}, {_PERSON_NAME}, p.id"


def _index_order(sort: PeopleSort, descending: bool) -> str:
    """The order that reads an index instead of sorting: by name exactly the person_sort_name
    index's columns (stored key, name as written, id), by last contact
    person_contact_order's, so SQLite reads the first few in order and stops. Other columns
    fold case with NOCASE here (Today's and the chart's short lists)."""
    direction = "DESC" if descending else "ASC"
    name = f"p.sort_name {direction}, {_PERSON_NAME} {direction}, p.id {direction}"
    if sort is PeopleSort.NAME:
        return name
    return f"{_NOCASE_SQL[sort]} IS NULL, {_NOCASE_SQL[sort]} {direction}, {name}"


def people_ids(
    vault: Vault,
    people_filter: PeopleFilter = PeopleFilter(),
    sort: PeopleSort = PeopleSort.NAME,
    descending: bool = False,
    *,
    by_last_name: bool = False,
) -> list[str]:
    """Every matching person's id in table order: one query, then rows are fetched lazily."""
    where, params = people_filter.where()
    rows = _sorting(vault).execute(
        f"SELECT p.id {_FROM} WHERE {where} ORDER BY {_order(sort, descending, by_last_name)}",
        params,
    ).fetchall()
    return [str(r[0]) for r in rows]


def first_people_ids(
    vault: Vault,
    people_filter: PeopleFilter = PeopleFilter(),
    sort: PeopleSort = PeopleSort.NAME,
    descending: bool = False,
    limit: int = 25,
) -> list[str]:
    """The first `limit` ids for short lists (Today's "not talked to", a chart cell), in
    `people_ids` order but for accents and case (see `_index_order`).

    Read in index order where there is one, so this stays quick on 100,000 people.
    """
    where, params = people_filter.where()
    rows = vault.connection.execute(
        f"SELECT p.id {_FROM} WHERE {where} ORDER BY {_index_order(sort, descending)} LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [str(r[0]) for r in rows]


def people_rows(vault: Vault, ids: Sequence[str]) -> list[PersonRow]:
    """The table rows for these ids, in the same order (missing ids are skipped)."""
    if not ids:
        return []
    found: dict[str, PersonRow] = {}
    conn = vault.connection
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = conn.execute(
            "SELECT p.id, p.name, p.code_name, d.name, s.name, st.name, p.assessment, "
            "p.is_oc_member, p.is_organic_leader, oc.name, oc.code_name, p.last_contact_on, "
            f"p.next_follow_up_on, p.team, p.job_title {_FROM} "
            f"WHERE p.id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for r in rows:
            found[str(r[0])] = PersonRow(
                id=str(r[0]),
                display_name=display_name(r[1], r[2]),
                department=r[3] or "",
                shift=r[4] or "",
                site=r[5] or "",
                assessment=r[6],
                is_oc_member=bool(r[7]),
                is_organic_leader=bool(r[8]),
                oc_member=display_name(r[9], r[10]) if r[9] else "",
                last_contact_on=r[11],
                next_follow_up_on=r[12],
                team=r[13] or "",
                job_title=r[14] or "",
            )
    return [found[i] for i in ids if i in found]


# ----- bulk actions -------------------------------------------------------------------------


def assign_oc_member(vault: Vault, person_ids: Iterable[str], oc_member_id: str | None) -> int:
    """Assign (or with None, unassign) one OC member to many people. Returns how many."""
    ids = [i for i in person_ids if i != oc_member_id]
    stamp = records.now()
    with vault.transaction() as conn:
        if oc_member_id is not None:
            row = conn.execute(
                "SELECT is_oc_member FROM person WHERE id = ?", (oc_member_id,)
            ).fetchone()
            if row is None or not row[0]:
                raise InvalidInput(_("Only an OC member can be assigned to people."))
        conn.executemany(
            "UPDATE person SET assigned_oc_member_id = ?, updated_at = ? WHERE id = ?",
            [(oc_member_id, stamp, i) for i in ids],
        )
    return len(ids)


# ----- assessments --------------------------------------------------------------------------

# Stored as written here; shown translated, `_(basis)`.
ASSESSMENT_BASES: tuple[str, ...] = (
    N_("one-on-one"), N_("hearsay"), N_("structure test"), N_("other"))


@dataclass(frozen=True)
class AssessmentEntry:
    id: str
    score: int | None
    assessed_at: str
    assessed_by: str  # display name, or "" when unknown or deleted
    basis: str
    note: str
    one_on_one_id: str | None = None
    recorded_by: str = ""  # the committee member who wrote it down ("" before a committee)


def record_assessment(
    vault: Vault,
    person_id: str,
    score: int | None,
    *,
    assessed_by_id: str | None = None,
    basis: str = "one-on-one",
    note: str = "",
    one_on_one_id: str | None = None,
    assessed_at: str | None = None,
    conn: object | None = None,
) -> str:
    """Add an assessment to a person's history; the newest one is their current score.

    Pass `conn` to take part in a caller's transaction (logging a one-on-one does).
    """
    if score is not None and not 1 <= score <= 5:
        raise InvalidInput(_("An assessment is a number from 1 to 5, or blank."))
    if basis not in ASSESSMENT_BASES:
        raise InvalidInput(
            _("{basis} is not a basis for an assessment.").format(basis=repr(basis)))
    stamp = records.now()
    entry_id = records.new_id()
    values = (entry_id, person_id, score, assessed_by_id, assessed_at or stamp, basis, note,
              one_on_one_id, stamp, stamp)
    sql = (
        "INSERT INTO assessment (id, person_id, score, assessed_by_id, assessed_at, basis, "
        "note, one_on_one_id, created_at, updated_at, recorded_by) "
        f"VALUES (?,?,?,?,?,?,?,?,?,?, {RECORDED_BY})"
    )
    if conn is not None:
        conn.execute(sql, values)  # type: ignore[attr-defined]
    else:
        with vault.transaction() as own:
            own.execute(sql, values)
    return entry_id


def assessment_history(vault: Vault, person_id: str) -> list[AssessmentEntry]:
    """Every assessment of a person, newest first."""
    rows = vault.connection.execute(
        "SELECT a.id, a.score, a.assessed_at, b.name, b.code_name, a.basis, a.note, "
        "a.one_on_one_id, coalesce(a.recorded_by, '') FROM assessment a "
        "LEFT JOIN person b ON b.id = a.assessed_by_id "
        "WHERE a.person_id = ? ORDER BY a.assessed_at DESC, a.created_at DESC, a.id DESC",
        (person_id,),
    ).fetchall()
    return [
        AssessmentEntry(
            id=str(r[0]), score=r[1], assessed_at=str(r[2]),
            assessed_by=display_name(r[3], r[4]) if r[3] else "",
            basis=str(r[5]), note=str(r[6]), one_on_one_id=r[7], recorded_by=str(r[8]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Participation:
    structure_test_id: str
    structure_test: str
    status: str
    planned_on: str | None


def participations_for(vault: Vault, person_id: str) -> list[Participation]:
    """The structure tests (actions) this person was asked about, in ladder order."""
    rows = vault.connection.execute(
        "SELECT t.id, t.name, pa.status, t.planned_on FROM participation pa "
        "JOIN structure_test t ON t.id = pa.structure_test_id WHERE pa.person_id = ? "
        "ORDER BY t.ladder_position",
        (person_id,),
    ).fetchall()
    return [Participation(str(a), str(b), str(c), d) for a, b, c, d in rows]


@dataclass(frozen=True)
class PeopleCounts:
    people: int
    oc_members: int
    assigned: int
    assessed: int
    supporters: int  # assessed 1 or 2
    organic_leaders: int
    by_score: dict[int, int] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        """Share of coworkers (not OC members) who have an assigned OC member."""
        others = self.people - self.oc_members
        return self.assigned / others if others else 0.0


def people_counts(vault: Vault) -> PeopleCounts:
    # Three index-only reads (person_chart, person_organic_leader, person_assessment) instead
    # of one scan of the whole person table: they read far fewer pages on a connection whose
    # page cache is still empty (every background read's).
    conn = vault.connection
    people, oc, assigned = (int(v) for v in conn.execute(
        "SELECT count(*), coalesce(sum(is_oc_member), 0), "
        "coalesce(sum(assigned_oc_member_id IS NOT NULL AND is_oc_member = 0), 0) FROM person"
    ).fetchone())
    leaders = int(conn.execute(
        "SELECT count(*) FROM person WHERE is_organic_leader = 1").fetchone()[0])
    by_score = {
        int(s): int(n)
        for s, n in conn.execute(
            "SELECT assessment, count(*) FROM person WHERE assessment IS NOT NULL "
            "GROUP BY assessment"
        ).fetchall()
    }
    assessed = sum(by_score.values())
    supporters = by_score.get(1, 0) + by_score.get(2, 0)
    return PeopleCounts(people, oc, assigned, assessed, supporters, leaders, by_score)
