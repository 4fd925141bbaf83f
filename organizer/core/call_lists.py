"""Call lists: who to phone, what goes on the printed page, saved lists, and typing the results
back in from the paper.

A call list is built from the People filters plus "has a follow-up due", "not contacted in N
days", participation in a structure test and the assigned organizer. OC members and people who
left the company are left out unless asked for. With "per organizer", one section per assigned
OC member ("Maya's calls", by name) and the people without one last ("Unassigned").

What reaches the page is decided here, not in the renderer, so a PDF can never carry more than
the options allow:
- names as chosen (real name, code name, or initials); with code names a person without one
  is shown by initials, never by name, and the organizers' section headers follow the same
  choice;
- personal phone numbers only; the work phone is never read into a row, and a personal number
  that is the same number as the person's work phone is dropped; no number at all when the
  options say `phones=False` (a list for someone who must not call);
- only the columns chosen (department, shift, assessment, last contact, main issue); the rest
  are left blank in the rows.

Recording results (`record_results`) writes everything for a sheet in one transaction; nothing
is written before it is called. What each outcome does:
- every row with an outcome: one `call_attempt` (caller, date, outcome, commitment, note);
- 'reached': `person.last_contact_on` becomes the call's date when that is later. The schema
  keeps last contact in step with one-on-ones by trigger, so this is a direct UPDATE: if a
  one-on-one of that person is later edited or deleted, the trigger recomputes last contact
  from one-on-ones only and a reached call without a one-on-one no longer counts;
- 'reached' with a note or a commitment: also a one-on-one (channel 'phone', held on the call's
  date, by the caller) holding them, which sets last contact through the trigger as usual.
  Notes on other outcomes stay on the call attempt: no conversation happened;
- 'call back': an open follow-up for the caller, due on the row's `call_back_on`, else the
  sheet's `call_back_on`, else two days after the call;
- 'left the company': `person.left_company_on` is set to the call's date (when not yet set);
- 'no answer', 'left message', 'wrong number', 'refused': the call attempt only.

A half-entered sheet is kept as a draft (kind 'call-results') inside the vault.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter, PeopleSort
from organizer.core.vault import Vault
from organizer.i18n import N_, _

# The options below are stored in a list's options as written here; shown translated,
# `_(column)`.
NAME_STYLES: tuple[str, ...] = (N_("name"), N_("code name"), N_("initials"))
COLUMNS: tuple[str, ...] = (N_("department"), N_("shift"), N_("assessment"),
                            N_("last contact"), N_("main issue"))
ASSESSMENT_STYLES: tuple[str, ...] = ("label", "code")
PAGE_SIZES: tuple[str, ...] = ("auto", "A4", "Letter")
PARTICIPATION_STATUSES: tuple[str, ...] = (
    N_("asked"), N_("committed"), N_("did it"), N_("declined"))
# Not a status in the table: "this person has no participation row for the test yet".
NOT_ASKED = N_("not asked")

# The order is the keyboard: key 1 is 'reached' ... key 7 is 'refused'.
# Stored as written here; shown translated, `_(outcome)`.
OUTCOMES: tuple[str, ...] = (
    N_("reached"), N_("no answer"), N_("left message"), N_("wrong number"), N_("call back"),
    N_("left the company"), N_("refused"),
)
OUTCOME_KEYS: dict[str, str] = {str(n): o for n, o in enumerate(OUTCOMES, 1)}
DEFAULT_CALL_BACK_DAYS = 2
# The "destroy by" date a new list is offered (the Call lists page and `organizer calllist`):
# a printed list should not outlive the week of calls it was made for.
DESTROY_AFTER_DAYS = 7
DRAFT_KIND = "call-results"
# The title of the section of people without an organizer; shown translated.
UNASSIGNED = N_("Unassigned")

# Territories whose paper is US Letter (glibc's LC_PAPER and CLDR agree on these).
LETTER_TERRITORIES: frozenset[str] = frozenset({
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "PR", "SV", "DO", "NI", "BZ",
})


# ----- what a list is built from ------------------------------------------------------------


@dataclass(frozen=True)
class CallListCriteria:
    """Who goes on the list: the People filters plus what only call lists ask (all AND)."""

    people: PeopleFilter = field(default_factory=PeopleFilter)
    # An open follow-up due today or earlier.
    has_follow_up_due: bool = False
    # Nobody has talked with them in this many days (or ever).
    not_contacted_days: int | None = None
    # Participation in one structure test: with these statuses ('asked', 'committed',
    # 'did it', 'declined', and NOT_ASKED for no row yet). Empty: any participation row.
    structure_test_id: str | None = None
    participation_statuses: frozenset[str] = frozenset()
    # Only the people assigned to this OC member.
    organizer_id: str | None = None
    # People who left the company are not called unless asked for.
    include_left_company: bool = False
    # OC members call, they are not called: left out unless asked for (or unless the People
    # filter asks for OC members only, e.g. to call the committee to a meeting).
    include_oc_members: bool = False
    sort: PeopleSort = PeopleSort.NAME


@dataclass(frozen=True)
class CallListOptions:
    """What the page shows and how."""

    name_style: str = "name"  # one of NAME_STYLES
    columns: tuple[str, ...] = COLUMNS  # a subset of COLUMNS; printed in COLUMNS' order
    assessment_style: str = "label"  # "label" (e.g. "Leaning supportive") or "code" ("A2")
    per_organizer: bool = False
    printed_for: str = ""
    destroy_by: dt.date | None = None
    page_size: str = "auto"  # one of PAGE_SIZES; "auto" follows the locale
    # False for a list handed to someone who must not call: no phone number reaches a row.
    phones: bool = True

    def validate(self) -> None:
        if self.name_style not in NAME_STYLES:
            raise InvalidInput(_("{style} is not a way to show names on a call list.")
                               .format(style=repr(self.name_style)))
        unknown = [c for c in self.columns if c not in COLUMNS]
        if unknown:
            raise InvalidInput(_("{column} is not a call list column.")
                               .format(column=repr(unknown[0])))
        if self.assessment_style not in ASSESSMENT_STYLES:
            raise InvalidInput(_("{style} is not a way to show assessments.")
                               .format(style=repr(self.assessment_style)))
        if self.page_size not in PAGE_SIZES:
            raise InvalidInput(_("{size} is not a page size; use A4 or Letter.")
                               .format(size=repr(self.page_size)))


# ----- what a list is -----------------------------------------------------------------------


@dataclass(frozen=True)
class CallRow:
    """One person as printed. Fields for columns not chosen are blank."""

    person_id: str
    number: int  # 1-based position on the list, printed beside the name
    name: str  # as chosen by the name style
    phones: tuple[str, ...]  # personal numbers as typed (format them for reading when printing)
    department: str = ""
    shift: str = ""
    assessment: str = ""  # label or code, "" when the column is not chosen
    last_contact_on: str | None = None  # YYYY-MM-DD; None: never, or the column is not chosen
    main_issue: str = ""


@dataclass(frozen=True)
class CallSection:
    """One organizer's calls ("Maya's calls"), the unassigned people, or the whole list."""

    title: str  # "" for a list without per-organizer sections
    organizer_id: str | None
    rows: tuple[CallRow, ...]


@dataclass(frozen=True)
class CallList:
    sections: tuple[CallSection, ...]
    criteria: CallListCriteria
    options: CallListOptions
    id: str | None = None  # set for a saved list
    name: str = ""

    @property
    def rows(self) -> list[CallRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def person_ids(self) -> list[str]:
        return [row.person_id for row in self.rows]

    @property
    def people_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


@dataclass(frozen=True)
class SavedCallList:
    id: str
    name: str
    people: int
    created_at: str
    printed_at: str | None


# ----- names, phones, page size -------------------------------------------------------------


def initials(name: str) -> str:
    """"Maya Okafor" -> "M.O."; "Ravi K. Menon" -> "R.K.M."."""
    letters = [part[0].upper() for part in re.split(r"[\s\-]+", name.strip()) if part]
    letters = [c for c in letters if c.isalpha()]
    return "".join(f"{c}." for c in letters) or "?"


def printed_name(name: str, code_name: str, style: str) -> str:
    """The name as it goes on paper. With "code name", someone without one gets initials."""
    if style == "name":
        return name.strip()
    if style == "code name":
        return code_name.strip() or initials(name)
    return initials(name)


_FOLD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss",
                       "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
                       "İ": "I", "ı": "i"})


def collation_key(text: str) -> str:
    """Alphabetical order across scripts' accents: "Łukasz" between "Lena" and "Maya"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def possessive(name: str) -> str:
    return f"{name}'s"


def split_phones(text: str) -> list[str]:
    """A personal phone field can hold several numbers: split on commas, semicolons, new
    lines, " / " and " or "."""
    parts = re.split(r"[,;\n]|\s/\s|\s+or\s+", text)
    return [p.strip() for p in parts if p.strip()]


def phone_digits(text: str) -> str:
    """The digits of a number without any extension."""
    main = re.split(r"(?i)\s*(?:ext\.?|extension|x|#)\s*\d+\s*$", text.strip())[0]
    return re.sub(r"\D", "", main)


def same_number(a: str, b: str) -> bool:
    """True when two typed numbers are the same line (compared on their last nine digits, so
    "+1 415 555 0123" and "(415) 555-0123" match)."""
    da, db = phone_digits(a), phone_digits(b)
    if len(da) < 6 or len(db) < 6:
        return bool(da) and da == db
    return da[-9:] == db[-9:]


def page_size_for_locale(locale_name: str | None = None) -> str:
    """"Letter" for the US, Canada, Mexico, the Philippines and the other Letter countries,
    "A4" elsewhere. `locale_name` is like "en_US.UTF-8" or "fr_CA"; without one, the
    environment's LC_ALL, LC_PAPER, then LANG."""
    if locale_name is None:
        for variable in ("LC_ALL", "LC_PAPER", "LANG"):
            locale_name = os.environ.get(variable) or None
            if locale_name:
                break
    if not locale_name:
        return "A4"
    base = locale_name.split(".")[0].split("@")[0]
    parts = re.split(r"[_-]", base)
    territory = parts[-1].upper() if len(parts) > 1 else ""
    return "Letter" if territory in LETTER_TERRITORIES else "A4"


def resolve_page_size(choice: str, locale_name: str | None = None) -> str:
    """"A4" or "Letter" for an option value ("auto" asks the locale)."""
    if choice in ("A4", "Letter"):
        return choice
    return page_size_for_locale(locale_name)


# ----- building -----------------------------------------------------------------------------

_FROM = (
    "FROM person p LEFT JOIN department d ON d.id = p.department_id "
    "LEFT JOIN shift s ON s.id = p.shift_id LEFT JOIN person oc ON oc.id = p.assigned_oc_member_id"
)


def _criteria_where(criteria: CallListCriteria, today: dt.date) -> tuple[str, list[object]]:
    where, params = criteria.people.where(today)
    clauses = [where]
    if criteria.has_follow_up_due:
        clauses.append("p.next_follow_up_on IS NOT NULL AND p.next_follow_up_on <= ?")
        params.append(today.isoformat())
    if criteria.not_contacted_days is not None:
        if criteria.not_contacted_days < 0:
            raise InvalidInput(_("'Not contacted in N days' needs 0 days or more."))
        cutoff = today - dt.timedelta(days=criteria.not_contacted_days)
        clauses.append("(p.last_contact_on IS NULL OR p.last_contact_on < ?)")
        params.append(cutoff.isoformat())
    if criteria.structure_test_id:
        statuses = set(criteria.participation_statuses)
        unknown = statuses - set(PARTICIPATION_STATUSES) - {NOT_ASKED}
        if unknown:
            raise InvalidInput(_("{status} is not a participation status.")
                               .format(status=repr(sorted(unknown)[0])))
        parts = []
        real = sorted(statuses - {NOT_ASKED})
        exists = (
            "EXISTS (SELECT 1 FROM participation pa WHERE pa.person_id = p.id "
            "AND pa.structure_test_id = ?"
        )
        if real:
            parts.append(f"{exists} AND pa.status IN ({', '.join('?' * len(real))}))")
            params.extend([criteria.structure_test_id, *real])
        if NOT_ASKED in statuses:
            parts.append(f"NOT {exists})")
            params.append(criteria.structure_test_id)
        if not statuses:
            parts.append(f"{exists})")
            params.append(criteria.structure_test_id)
        clauses.append("(" + " OR ".join(parts) + ")")
    if criteria.organizer_id:
        clauses.append("p.assigned_oc_member_id = ?")
        params.append(criteria.organizer_id)
    if not criteria.include_left_company:
        clauses.append("p.left_company_on IS NULL")
    if not (criteria.include_oc_members or criteria.people.oc_members_only):
        clauses.append("p.is_oc_member = 0")
    return " AND ".join(clauses), params


@dataclass
class _Person:
    id: str
    name: str
    code_name: str
    personal_phone: str
    work_phone: str
    department: str
    shift: str
    assessment: int | None
    last_contact_on: str | None
    next_follow_up_on: str | None
    organizer_id: str | None
    organizer_name: str
    organizer_code_name: str


_PERSON_COLUMNS = (
    "p.id, p.name, p.code_name, p.personal_phone, p.work_phone, d.name, s.name, p.assessment, "
    "p.last_contact_on, p.next_follow_up_on, p.assigned_oc_member_id, oc.name, oc.code_name"
)


def _person(row: Sequence[Any]) -> _Person:
    return _Person(
        id=str(row[0]), name=str(row[1]), code_name=str(row[2]), personal_phone=str(row[3]),
        work_phone=str(row[4]), department=row[5] or "", shift=row[6] or "", assessment=row[7],
        last_contact_on=row[8], next_follow_up_on=row[9], organizer_id=row[10],
        organizer_name=row[11] or "", organizer_code_name=row[12] or "",
    )


def _sort_key(sort: PeopleSort, style: str) -> Any:
    def name(p: _Person) -> str:
        return collation_key(printed_name(p.name, p.code_name, style))

    def blank_last(value: Any) -> tuple[bool, Any]:
        return (value is None or value == "", value if value is not None else "")

    keys = {
        PeopleSort.NAME: lambda p: (name(p), p.id),
        PeopleSort.DEPARTMENT: lambda p: (blank_last(collation_key(p.department)), name(p), p.id),
        PeopleSort.SHIFT: lambda p: (blank_last(collation_key(p.shift)), name(p), p.id),
        PeopleSort.ASSESSMENT: lambda p: (blank_last(p.assessment), name(p), p.id),
        PeopleSort.OC_MEMBER: lambda p: (
            blank_last(collation_key(printed_name(p.organizer_name, p.organizer_code_name, style))
                       if p.organizer_id else None), name(p), p.id),
        # Oldest contact first: who has waited longest is called first.
        PeopleSort.LAST_CONTACT: lambda p: (p.last_contact_on is not None,
                                            p.last_contact_on or "", name(p), p.id),
        PeopleSort.NEXT_FOLLOW_UP: lambda p: (blank_last(p.next_follow_up_on), name(p), p.id),
    }
    return keys[sort]


def _main_issues(vault: Vault, ids: Sequence[str]) -> dict[str, str]:
    """Each person's most mentioned issue: the one most often linked to their one-on-ones,
    the latest mentioned on a tie, then by name; a person's issue never mentioned in a
    one-on-one counts as raised once."""
    conn = vault.connection
    names = {str(i): str(n) for i, n in conn.execute("SELECT id, name FROM workplace_issue")}
    scores: dict[str, dict[str, tuple[int, str, str]]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        mentions = {
            (str(person_id), str(issue_id)): (int(n), str(latest or ""))
            for person_id, issue_id, n, latest in conn.execute(
                "SELECT o.person_id, oi.issue_id, count(*), max(o.held_on) FROM one_on_one o "
                "JOIN one_on_one_issue oi ON oi.one_on_one_id = o.id "
                f"WHERE o.person_id IN ({marks}) GROUP BY o.person_id, oi.issue_id",
                chunk,
            )
        }
        for person_id, issue_id in conn.execute(
            f"SELECT person_id, issue_id FROM person_issue WHERE person_id IN ({marks})", chunk
        ):
            key = (str(person_id), str(issue_id))
            if key[1] not in names:
                continue
            n, latest = mentions.get(key, (1, ""))
            scores.setdefault(key[0], {})[key[1]] = (n, latest, names[key[1]])
    result = {}
    for person_id, issues in scores.items():
        # Stable sorts, least important key first: name, then latest mention, then mentions.
        ranked = sorted(issues.values(), key=lambda v: v[2].casefold())
        ranked.sort(key=lambda v: v[1], reverse=True)
        ranked.sort(key=lambda v: v[0], reverse=True)
        result[person_id] = ranked[0][2]
    return result


def _assessment_labels(vault: Vault) -> dict[int, str]:
    rows = vault.connection.execute("SELECT score, label FROM assessment_level").fetchall()
    return {int(s): str(label) for s, label in rows}


def assessment_text(score: int | None, style: str, labels: Mapping[int, str]) -> str:
    if style == "code":
        return f"A{score}" if score is not None else "A?"
    if score is None:
        return _("Not assessed")
    return labels.get(score, str(score))


def _row(
    p: _Person, number: int, options: CallListOptions, labels: Mapping[int, str],
    issues: Mapping[str, str],
) -> CallRow:
    columns = set(options.columns)
    phones = tuple(
        number_ for number_ in split_phones(p.personal_phone)
        if not (p.work_phone.strip() and any(
            same_number(number_, work) for work in split_phones(p.work_phone)))
    ) if options.phones else ()
    return CallRow(
        person_id=p.id,
        number=number,
        name=printed_name(p.name, p.code_name, options.name_style),
        phones=phones,
        department=p.department if "department" in columns else "",
        shift=p.shift if "shift" in columns else "",
        assessment=(assessment_text(p.assessment, options.assessment_style, labels)
                    if "assessment" in columns else ""),
        last_contact_on=p.last_contact_on if "last contact" in columns else None,
        main_issue=issues.get(p.id, "") if "main issue" in columns else "",
    )


def _section_title(p: _Person | None, style: str) -> str:
    if p is None:
        return _(UNASSIGNED)
    return _organizers_calls(printed_name(p.organizer_name, p.organizer_code_name, style))


def _organizers_calls(name: str) -> str:
    """A section's title: "Maya's calls"."""
    # Translators: the title of one organizer's section of a call list; {name} is the organizer.
    return _("{name}'s calls").format(name=name)


def _assemble(
    vault: Vault,
    ordered: list[_Person],
    groups: list[tuple[str | None, str, int]],
    criteria: CallListCriteria,
    options: CallListOptions,
    call_list_id: str | None = None,
    name: str = "",
) -> CallList:
    """Rows numbered in order, cut into sections of the given (organizer id, title, size)."""
    labels = _assessment_labels(vault) if "assessment" in options.columns else {}
    issues = (_main_issues(vault, [p.id for p in ordered])
              if "main issue" in options.columns else {})
    rows = [_row(p, n, options, labels, issues) for n, p in enumerate(ordered, 1)]
    sections = []
    start = 0
    for organizer_id, title, size in groups:
        sections.append(CallSection(title, organizer_id, tuple(rows[start : start + size])))
        start += size
    return CallList(tuple(sections), criteria, options, call_list_id, name)


def count_call_list(
    vault: Vault, criteria: CallListCriteria = CallListCriteria(), *,
    today: dt.date | None = None,
) -> int:
    """How many people `build_call_list` would print: the live count as filters change,
    without reading and sorting every row (seconds at 100,000 people)."""
    where, params = _criteria_where(criteria, today or dt.date.today())
    row = vault.connection.execute(f"SELECT count(*) FROM person p WHERE {where}",
                                   params).fetchone()
    return int(row[0])


def build_call_list(
    vault: Vault,
    criteria: CallListCriteria = CallListCriteria(),
    options: CallListOptions = CallListOptions(),
    *,
    today: dt.date | None = None,
) -> CallList:
    """Everyone matching `criteria`, in order, as it will be printed.

    With `options.per_organizer`, one section per assigned OC member (by the name as
    printed), then the people without one under "Unassigned"; each section in the chosen sort.
    """
    options.validate()
    today = today or dt.date.today()
    where, params = _criteria_where(criteria, today)
    found = [
        _person(r)
        for r in vault.connection.execute(
            f"SELECT {_PERSON_COLUMNS} {_FROM} WHERE {where}", params
        ).fetchall()
    ]
    found.sort(key=_sort_key(criteria.sort, options.name_style))
    if not options.per_organizer:
        return _assemble(vault, found, [(None, "", len(found))], criteria, options)
    by_organizer: dict[str | None, list[_Person]] = {}
    for p in found:
        by_organizer.setdefault(p.organizer_id, []).append(p)
    organizer_ids = sorted(
        (k for k in by_organizer if k is not None),
        key=lambda k: (collation_key(_section_title(by_organizer[k][0], options.name_style)), k),
    )
    ordered: list[_Person] = []
    groups: list[tuple[str | None, str, int]] = []
    for key in [*organizer_ids, None]:
        members = by_organizer.get(key, [])
        if not members:
            continue
        ordered.extend(members)
        title = _section_title(members[0] if key else None, options.name_style)
        groups.append((key, title, len(members)))
    return _assemble(vault, ordered, groups, criteria, options)


# ----- saving and reopening -----------------------------------------------------------------


def criteria_to_json(criteria: CallListCriteria) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, PeopleSort):
            return value.value
        return value

    people = {f.name: plain(getattr(criteria.people, f.name))
              for f in dataclasses.fields(PeopleFilter)}
    body: dict[str, Any] = {f.name: plain(getattr(criteria, f.name))
                            for f in dataclasses.fields(CallListCriteria) if f.name != "people"}
    body["people"] = people
    return json.dumps(body, sort_keys=True)


def criteria_from_json(text: str) -> CallListCriteria:
    body = json.loads(text or "{}")
    defaults = PeopleFilter()
    people_values: dict[str, Any] = {}
    for f in dataclasses.fields(PeopleFilter):
        if f.name in body.get("people", {}):
            value = body["people"][f.name]
            if isinstance(getattr(defaults, f.name), frozenset):
                value = frozenset(value)
            people_values[f.name] = value
    values: dict[str, Any] = {"people": PeopleFilter(**people_values)}
    for f in dataclasses.fields(CallListCriteria):
        if f.name == "people" or f.name not in body:
            continue
        value = body[f.name]
        if f.name == "participation_statuses":
            value = frozenset(value)
        elif f.name == "sort":
            value = PeopleSort(value)
        values[f.name] = value
    return CallListCriteria(**values)


def options_to_json(options: CallListOptions) -> str:
    body = dataclasses.asdict(options)
    body["columns"] = list(options.columns)
    body["destroy_by"] = options.destroy_by.isoformat() if options.destroy_by else None
    return json.dumps(body, sort_keys=True)


def options_from_json(text: str) -> CallListOptions:
    body = json.loads(text or "{}")
    known = {f.name for f in dataclasses.fields(CallListOptions)}
    values: dict[str, Any] = {k: v for k, v in body.items() if k in known}
    if "columns" in values:
        values["columns"] = tuple(values["columns"])
    if values.get("destroy_by"):
        values["destroy_by"] = dt.date.fromisoformat(values["destroy_by"])
    return CallListOptions(**values)


def save_call_list(
    vault: Vault,
    name: str,
    criteria: CallListCriteria,
    options: CallListOptions,
    person_ids: Sequence[str],
    *,
    sections: Sequence[tuple[str | None, int]] | None = None,
    printed: bool = False,
) -> str:
    """Save a list under a name, with its people in the order printed. Returns its id.

    `sections` is (organizer id, number of people) per section in order, so a per-organizer
    list reopens with the same sections even after people are reassigned; `save_built` passes
    it for you. `printed` stamps the list as printed now.
    """
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("A call list needs a name."))
    options.validate()
    ids = list(person_ids)
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("A person can be on a call list only once."))
    if sections is not None and sum(size for _organizer, size in sections) != len(ids):
        raise ValueError("the sections do not add up to the people on the list")
    stored_options = json.loads(options_to_json(options))
    if sections is not None:
        stored_options["sections"] = [[organizer, size] for organizer, size in sections]
    stamp = records.now()
    call_list_id = records.new_id()
    with vault.transaction() as conn:
        existing = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            existing += conn.execute(
                f"SELECT count(*) FROM person WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchone()[0]
        if existing != len(ids):
            raise InvalidInput(
                _("Someone on this list no longer exists (were they deleted?)."))
        conn.execute(
            "INSERT INTO call_list (id, name, criteria, options, printed_at, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?)",
            (call_list_id, name, criteria_to_json(criteria), json.dumps(stored_options),
             stamp if printed else None, stamp, stamp),
        )
        conn.executemany(
            "INSERT INTO call_list_person (call_list_id, person_id, position) VALUES (?,?,?)",
            [(call_list_id, person_id, n) for n, person_id in enumerate(ids, 1)],
        )
    return call_list_id


def save_built(vault: Vault, call_list: CallList, name: str, *, printed: bool = False) -> str:
    """Save a list from `build_call_list` exactly as it will be printed."""
    return save_call_list(
        vault, name, call_list.criteria, call_list.options, call_list.person_ids,
        sections=[(s.organizer_id, len(s.rows)) for s in call_list.sections],
        printed=printed,
    )


def mark_printed(vault: Vault, call_list_id: str) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE call_list SET printed_at = ?, updated_at = ? WHERE id = ?",
            (records.now(), records.now(), call_list_id),
        )


def saved_call_lists(vault: Vault) -> list[SavedCallList]:
    """Every saved list, newest first."""
    rows = vault.connection.execute(
        "SELECT c.id, c.name, (SELECT count(*) FROM call_list_person cp "
        "WHERE cp.call_list_id = c.id), c.created_at, c.printed_at FROM call_list c "
        "ORDER BY c.created_at DESC, c.name COLLATE NOCASE"
    ).fetchall()
    return [SavedCallList(str(a), str(b), int(c), str(d), e) for a, b, c, d, e in rows]


def open_call_list(vault: Vault, call_list_id: str) -> CallList:
    """A saved list with the same people in the same order as printed, shown with today's
    details (phones, last contact...). People deleted since are left out."""
    conn = vault.connection
    row = conn.execute(
        "SELECT name, criteria, options FROM call_list WHERE id = ?", (call_list_id,)
    ).fetchone()
    if row is None:
        raise InvalidInput(_("This call list no longer exists."))
    name, criteria_text, options_text = str(row[0]), str(row[1]), str(row[2])
    criteria = criteria_from_json(criteria_text)
    options = options_from_json(options_text)
    stored_sections = json.loads(options_text or "{}").get("sections")
    people_rows = conn.execute(
        f"SELECT cp.position, {_PERSON_COLUMNS} FROM call_list_person cp "
        f"JOIN person p ON p.id = cp.person_id "
        f"{_FROM.removeprefix('FROM person p')} "
        "WHERE cp.call_list_id = ? ORDER BY cp.position",
        (call_list_id,),
    ).fetchall()
    positions = [int(r[0]) for r in people_rows]
    ordered = [_person(r[1:]) for r in people_rows]
    if not options.per_organizer:
        groups: list[tuple[str | None, str, int]] = [(None, "", len(ordered))]
    elif stored_sections:
        groups = []
        first = 1
        for organizer_id, size in stored_sections:
            last = first + int(size)
            members = [p for pos, p in zip(positions, ordered, strict=True)
                       if first <= pos < last]
            first = last
            if not members:
                continue
            groups.append((organizer_id, _stored_title(vault, organizer_id, options),
                           len(members)))
    else:
        groups = []
        for p in ordered:
            if groups and groups[-1][0] == p.organizer_id:
                key, title, size = groups[-1]
                groups[-1] = (key, title, size + 1)
            else:
                groups.append((p.organizer_id, _section_title(
                    p if p.organizer_id else None, options.name_style), 1))
    return _assemble(vault, ordered, groups, criteria, options, call_list_id, name)


def _stored_title(vault: Vault, organizer_id: str | None, options: CallListOptions) -> str:
    if organizer_id is None:
        return _(UNASSIGNED)
    row = vault.connection.execute(
        "SELECT name, code_name FROM person WHERE id = ?", (organizer_id,)
    ).fetchone()
    if row is None:
        return _("A former organizer's calls")
    return _organizers_calls(printed_name(str(row[0]), str(row[1]), options.name_style))


def rename_call_list(vault: Vault, call_list_id: str, name: str) -> None:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("A call list needs a name."))
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE call_list SET name = ?, updated_at = ? WHERE id = ?",
            (name, records.now(), call_list_id),
        )


def delete_call_list(vault: Vault, call_list_id: str) -> None:
    """Delete a saved list and its unsaved results; call attempts already recorded stay."""
    with vault.transaction() as conn:
        conn.execute(
            "DELETE FROM draft WHERE kind = ? AND json_extract(body, '$.call_list_id') = ?",
            (DRAFT_KIND, call_list_id),
        )
        conn.execute("DELETE FROM call_list WHERE id = ?", (call_list_id,))


# ----- recording results --------------------------------------------------------------------


@dataclass(frozen=True)
class CallResult:
    """One row of the fast-entry table. `outcome` None: not called (yet)."""

    person_id: str
    outcome: str | None = None
    commitment: str = ""
    note: str = ""
    call_back_on: dt.date | None = None  # for 'call back'; else the sheet's date

    @property
    def is_blank(self) -> bool:
        return (self.outcome is None and not self.commitment.strip()
                and not self.note.strip() and self.call_back_on is None)


def outcome_for_key(key: str) -> str | None:
    """'1'..'7' -> the outcome; anything else None."""
    return OUTCOME_KEYS.get(key.strip())


@dataclass(frozen=True)
class RecordedResults:
    call_attempts: int = 0
    reached: int = 0
    one_on_ones: int = 0
    follow_ups: int = 0
    left_company: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)


def record_results(
    vault: Vault,
    call_list_id: str,
    results: Iterable[CallResult],
    caller_id: str | None,
    called_on: dt.date,
    call_back_on: dt.date | None = None,
) -> RecordedResults:
    """Save a sheet of results in one transaction (see the module's docstring for what each
    outcome does) and drop the sheet's draft. Rows without an outcome are skipped; a row with
    a note or commitment but no outcome is refused, as is a person not on the list."""
    rows = [r for r in results if not r.is_blank]
    seen: set[str] = set()
    for r in rows:
        if r.outcome is None:
            raise InvalidInput(_(
                "A row has a note or a commitment but no outcome. Tick an outcome (keys 1-7) "
                "or clear the row."
            ))
        if r.outcome not in OUTCOMES:
            raise InvalidInput(
                _("{outcome} is not a call outcome.").format(outcome=repr(r.outcome)))
        if r.person_id in seen:
            raise InvalidInput(_("A person has two results on this sheet; keep one."))
        seen.add(r.person_id)
    default_call_back = call_back_on or called_on + dt.timedelta(days=DEFAULT_CALL_BACK_DAYS)
    stamp = records.now()
    called_at = f"{called_on.isoformat()}T{stamp[11:]}"
    day = called_on.isoformat()
    by_outcome: dict[str, int] = {}
    reached = one_on_ones = follow_ups = left = 0
    with vault.transaction() as conn:
        if conn.execute("SELECT 1 FROM call_list WHERE id = ?", (call_list_id,)).fetchone() is None:
            raise InvalidInput(_("This call list no longer exists."))
        on_list = {
            str(r[0]) for r in conn.execute(
                "SELECT person_id FROM call_list_person WHERE call_list_id = ?", (call_list_id,)
            )
        }
        if any(r.person_id not in on_list for r in rows):
            raise InvalidInput(_(
                "A result is for someone who is not on this call list (were they deleted?)."
            ))
        if caller_id is not None and conn.execute(
            "SELECT 1 FROM person WHERE id = ?", (caller_id,)
        ).fetchone() is None:
            raise InvalidInput(_("The caller no longer exists (were they deleted?)."))
        for r in rows:
            outcome = str(r.outcome)
            commitment, note = r.commitment.strip(), r.note.strip()
            by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
            conn.execute(
                "INSERT INTO call_attempt (id, person_id, caller_id, called_at, outcome, "
                "commitment, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (records.new_id(), r.person_id, caller_id, called_at, outcome, commitment, note,
                 stamp, stamp),
            )
            if outcome == "reached":
                reached += 1
                # last_contact_on is otherwise kept by the one_on_one triggers only.
                conn.execute(
                    "UPDATE person SET last_contact_on = ? WHERE id = ? "
                    "AND (last_contact_on IS NULL OR last_contact_on < ?)",
                    (day, r.person_id, day),
                )
                if commitment or note:
                    current = conn.execute(
                        "SELECT assessment FROM person WHERE id = ?", (r.person_id,)
                    ).fetchone()[0]
                    conn.execute(
                        "INSERT INTO one_on_one (id, person_id, held_on, oc_member_id, channel, "
                        "commitment, assessment_before, notes, created_at, updated_at) "
                        "VALUES (?,?,?,?,'phone',?,?,?,?,?)",
                        (records.new_id(), r.person_id, day, caller_id, commitment, current,
                         note, stamp, stamp),
                    )
                    one_on_ones += 1
            elif outcome == "call back":
                due = r.call_back_on or default_call_back
                conn.execute(
                    "INSERT INTO follow_up (id, person_id, owner_id, due_on, description, "
                    "created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                    (records.new_id(), r.person_id, caller_id, due.isoformat(),
                     # The follow-up is stored in the language it is recorded in.
                     _("Call back: {note}").format(note=note) if note else _("Call back"),
                     stamp, stamp),
                )
                follow_ups += 1
            elif outcome == "left the company":
                conn.execute(
                    "UPDATE person SET left_company_on = ?, updated_at = ? WHERE id = ? "
                    "AND left_company_on IS NULL",
                    (day, stamp, r.person_id),
                )
                left += 1
        conn.execute(
            "DELETE FROM draft WHERE kind = ? AND json_extract(body, '$.call_list_id') = ?",
            (DRAFT_KIND, call_list_id),
        )
    return RecordedResults(len(rows), reached, one_on_ones, follow_ups, left, by_outcome)


# ----- drafts of a half-entered sheet -------------------------------------------------------


@dataclass(frozen=True)
class ResultsDraft:
    id: str
    call_list_id: str
    results: list[CallResult]
    caller_id: str | None
    called_on: dt.date | None
    updated_at: str


def _result_to_json(r: CallResult) -> dict[str, Any]:
    return {
        "person_id": r.person_id, "outcome": r.outcome, "commitment": r.commitment,
        "note": r.note, "call_back_on": r.call_back_on.isoformat() if r.call_back_on else None,
    }


def _result_from_json(body: Mapping[str, Any]) -> CallResult:
    outcome = body.get("outcome")
    call_back = body.get("call_back_on")
    return CallResult(
        person_id=str(body["person_id"]),
        outcome=outcome if outcome in OUTCOMES else None,
        commitment=str(body.get("commitment") or ""),
        note=str(body.get("note") or ""),
        call_back_on=dt.date.fromisoformat(call_back) if call_back else None,
    )


def save_results_draft(
    vault: Vault,
    call_list_id: str,
    results: Iterable[CallResult],
    *,
    caller_id: str | None = None,
    called_on: dt.date | None = None,
) -> str:
    """Keep a half-entered sheet inside the (encrypted) vault; one draft per list, replaced on
    every save. Nothing else is written. Returns the draft's id."""
    body = {
        "call_list_id": call_list_id,
        "caller_id": caller_id,
        "called_on": called_on.isoformat() if called_on else None,
        "results": [_result_to_json(r) for r in results],
    }
    stamp = records.now()
    with vault.transaction() as conn:
        if conn.execute("SELECT 1 FROM call_list WHERE id = ?", (call_list_id,)).fetchone() is None:
            raise InvalidInput(_("This call list no longer exists."))
        row = conn.execute(
            "SELECT id FROM draft WHERE kind = ? AND json_extract(body, '$.call_list_id') = ?",
            (DRAFT_KIND, call_list_id),
        ).fetchone()
        if row:
            draft_id = str(row[0])
            conn.execute(
                "UPDATE draft SET body = ?, updated_at = ? WHERE id = ?",
                (json.dumps(body), stamp, draft_id),
            )
        else:
            draft_id = records.new_id()
            conn.execute(
                "INSERT INTO draft (id, kind, person_id, body, created_at, updated_at) "
                "VALUES (?,?,NULL,?,?,?)",
                (draft_id, DRAFT_KIND, json.dumps(body), stamp, stamp),
            )
    return draft_id


def results_draft(vault: Vault, call_list_id: str) -> ResultsDraft | None:
    """The half-entered sheet for this list, if there is one."""
    row = vault.connection.execute(
        "SELECT id, body, updated_at FROM draft WHERE kind = ? "
        "AND json_extract(body, '$.call_list_id') = ? ORDER BY updated_at DESC LIMIT 1",
        (DRAFT_KIND, call_list_id),
    ).fetchone()
    if row is None:
        return None
    body = json.loads(row[1])
    called_on = body.get("called_on")
    return ResultsDraft(
        id=str(row[0]),
        call_list_id=call_list_id,
        results=[_result_from_json(r) for r in body.get("results", [])],
        caller_id=body.get("caller_id"),
        called_on=dt.date.fromisoformat(called_on) if called_on else None,
        updated_at=str(row[2]),
    )


def discard_results_draft(vault: Vault, call_list_id: str) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "DELETE FROM draft WHERE kind = ? AND json_extract(body, '$.call_list_id') = ?",
            (DRAFT_KIND, call_list_id),
        )
