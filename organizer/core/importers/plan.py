"""An import, from a read table to people in the vault: preview, duplicates, report, apply.

    table = read_file(path)                          # any format, see importers/__init__
    plan = prepare(vault, table, options=ImportOptions(...))   # mapping from the headers
    plan.preview_rows()                              # the first rows, mapped, numbered
    plan.pairs                                       # suspected duplicates, each with a choice
    plan.report()                                    # what apply would do (a dry run)
    report = plan.apply(vault, progress=..., cancel=...)

`apply` is all or nothing: one transaction (new departments, shifts, sites, issues and OC
members, merges and new people, their assessments, issues, last contacts and tags together,
then the record of the import); an error or a cancel leaves the vault exactly as it was.
Large imports go through `bulk.bulk_load`, which indexes the new people for search in one
pass.

Cell policy: surrounding spaces go; a leading apostrophe that a spreadsheet export put before
= + - @ (formula neutralising, as our own export does) is removed; a cell longer than
MAX_FIELD_CHARS (notes MAX_NOTES_CHARS) is cut and the row's report says so; phone numbers
are stored in E.164 (phones.stored_phone), and one that is not a whole number is kept as
typed and the report says so; a name or note that starts with = + - or @ is stored as typed,
as plain text, and the report warns of it.

Organizing columns (cell_values.py reads them): an assessment is recorded as an assessment
with basis "other", the note "imported from FILE" (the file's name only) and the file's own
date (when it was last changed), never today, so the person's history says where it came
from and when; it becomes their current assessment unless they have a newer one. The
assigned OC member is matched by name (oc_members.py). On the OC and organic leader are
yes/no. Issues are linked, created as needed (workplace_issues.issue_named). The last contact
date sets the person's last contact (as a reached call does: call_lists.py) when it is later
than theirs. Tags go through the plan's `Recording` (recording.py). A row merged into
someone already here fills what they lack: their blank fields and assigned OC member, a yes
flag, their issues, a later last contact, and the assessment joins their history.

A value Organizer cannot read (an assessment off the scale, a yes/no that is neither, a date
that is not one, an assigned OC member who is not one when unknown names are left out) is a
bad value of its row, with a sentence naming the row as the spreadsheet numbers it. What
happens is the user's choice (`BadValues`): REFUSE, the default, imports nothing and
`apply` raises ImportRefused, listing the rows; IMPORT_REST imports each such row without its
bad values, and the report lists what was left out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from babel import dates as babel_dates

from organizer import formats, i18n
from organizer.core import campaign, records, workplace_issues
from organizer.core.bulk import bulk_load
from organizer.core.campaign import LIST_KINDS
from organizer.core.committee.tables import RECORDED_BY
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.importers.cell_values import (
    FORMULA_START,
    AssessmentScale,
    DateOrder,
    date_order_evidence,
    date_problem,
    default_day_first,
    detect_date_order,
    flag_problem,
    formula_caution,
    formula_warning,
    read_date,
    read_flag,
    split_names,
)
from organizer.core.importers.duplicates import DuplicateIndex, index_vault
from organizer.core.importers.mapping import (
    DATE_FIELDS,
    check_mapping,
    google_labels,
    google_values,
    recognise,
    sample_values,
    shift_hints,
    suggest_mapping,
    unmapped_message,
)
from organizer.core.importers.oc_members import (
    Assignments,
    OcDirectory,
    Target,
    UnknownOcMembers,
    WrittenRow,
    assign,
)
from organizer.core.importers.phones import default_region, stored_phone, valid_region
from organizer.core.importers.recording import Recording
from organizer.core.importers.table import (
    MAX_FIELD_CHARS,
    MAX_NOTES_CHARS,
    Cancel,
    ImportCancelled,
    MappingError,
    Table,
    cycle_collector_paused,
    short,
)
from organizer.core.vault import Vault
from organizer.i18n import N_, _, ngettext

Progress = Callable[[float], None]

# Person columns filled from the import as text (department, shift, site become ids).
_TEXT_COLUMNS = ("name", "code_name", "personal_phone", "personal_email", "work_phone",
                 "work_email", "team", "job_title", "start_date", "language", "safe_channel",
                 "notes")
_FLAGS = ("is_oc_member", "is_organic_leader")
_LISTS = ("issues", "tags")
# A name or note a spreadsheet would run as a formula is flagged (stored as typed).
_FORMULA_CHECKED = ("name", "code_name", "notes")
_FORMULA_FIRST = frozenset("".join(FORMULA_START))
# Several columns for one of these: the first counts, the others go to the notes.
_CONTACT_FIELDS = ("personal_phone", "personal_email", "work_phone", "work_email")
_PHONE_FIELDS = ("personal_phone", "work_phone")
# A Google Contacts number or address labelled "Work" is a work one.
_WORK = {"personal_phone": "work_phone", "personal_email": "work_email"}
_CHUNK = 2000  # rows between progress reports (and chances to cancel)
# How a field is named inside a sentence of a row's report ("assessment '7' is not on the
# 1–5 scale"): marked here, translated where the sentence is made (`_label`).
_IN_SENTENCE: dict[str, str] = {
    "name": N_("name"),
    "first_name": N_("first name"),
    "last_name": N_("last name"),
    "code_name": N_("code name"),
    "personal_phone": N_("personal phone"),
    "personal_email": N_("personal email"),
    "work_phone": N_("work phone"),
    "work_email": N_("work email"),
    "department": N_("department"),
    "team": N_("team"),
    "job_title": N_("job title"),
    "shift": N_("shift"),
    "site": N_("site"),
    "start_date": N_("start date"),
    "language": N_("language"),
    "safe_channel": N_("safe channel"),
    "notes": N_("notes"),
    "assessment": N_("assessment"),
    "assigned_oc_member": N_("assigned OC member"),
    "is_oc_member": N_("on the OC"),
    "is_organic_leader": N_("organic leader"),
    "issues": N_("issues"),
    "last_contact_on": N_("last contact date"),
    "tags": N_("tags"),
}
# A row's outcome (RowReport.outcome, a key) in words.
_OUTCOMES = {"imported": N_("imported"), "merged": N_("merged"), "skipped": N_("skipped")}
# What the note of an imported assessment says in English: an earlier import's assessments
# are recognised by it (and by the note in the language in use).
_NO_NAME = N_("no name")  # why a row is skipped
_IMPORTED_FROM = "imported from {file}"
_IMPORTED_FROM_A_FILE = "imported from a file"


class Choice(enum.Enum):
    SKIP = "skip"
    KEEP_BOTH = "keep both"
    MERGE = "merge"


class BadValues(enum.Enum):
    """What to do when rows hold values Organizer cannot read."""

    REFUSE = "refuse"  # import nothing, and say which rows
    IMPORT_REST = "import the rest"  # import each such row without its bad values


@dataclass(frozen=True)
class ImportOptions:
    bad_values: BadValues = BadValues.REFUSE
    unknown_oc_members: UnknownOcMembers = UnknownOcMembers.LEAVE_OUT
    date_order: DateOrder = DateOrder.DETECT


@dataclass
class DuplicatePair:
    """An incoming row that looks like someone already in the vault or an earlier row."""

    index: int  # of the candidate row
    row_number: int
    name: str
    reason: str
    existing_id: str | None = None
    existing_name: str = ""
    earlier_index: int | None = None
    choice: Choice = Choice.SKIP

    @property
    def other_label(self) -> str:
        if self.existing_id is not None:
            return _("{name} (already in the vault)").format(name=self.existing_name)
        return _("{name} (earlier in the file)").format(name=self.existing_name)

    @property
    def reason_text(self) -> str:
        """Why it looks like them, in words ("same phone"); `reason` is the key."""
        return _(self.reason)


@dataclass(frozen=True)
class RowReport:
    row_number: int
    outcome: str  # "imported", "merged", "skipped": a key (`outcome_text` says it in words)
    reason: str = ""
    bad: tuple[str, ...] = ()  # values Organizer cannot read, left out (or refused)
    warnings: tuple[str, ...] = ()  # the warnings among the reason's notes, without "warning: "

    @property
    def outcome_text(self) -> str:
        return _(_OUTCOMES.get(self.outcome, self.outcome))


@dataclass
class ImportReport:
    rows_read: int = 0
    imported: int = 0
    merged: int = 0
    duplicates: int = 0
    skipped: int = 0
    rows: list[RowReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duplicates_skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows
    row_label: str = "row"
    applied: bool = False
    seconds: float = 0.0
    refused: bool = False  # rows hold bad values and the user chose to refuse them
    assessments: int = 0  # assessments recorded
    new_oc_members: list[str] = field(default_factory=list)  # who becomes an OC member

    @property
    def bad_rows(self) -> list[RowReport]:
        """The rows to be written that hold values Organizer cannot read."""
        return [r for r in self.rows if r.bad and r.outcome != "skipped"]

    def lines(self, limit: int = 50) -> list[str]:
        """The report as the command line prints it. Refused, it lists only the rows to
        fix."""
        if self.refused:
            out = [_("rows read: {n}").format(n=self.rows_read),
                   _("imported: {n}").format(n=0),
                   _("refused: {why}").format(why=self.refusal())]
            shown = ["  " + self.row_line(r.row_number, "; ".join(r.bad))
                     for r in self.bad_rows]
        else:
            out = [_("rows read: {n}").format(n=self.rows_read),
                   _("imported: {n}").format(n=self.imported),
                   _("duplicates: {n}").format(n=self.duplicates),
                   _("merged: {n}").format(n=self.merged),
                   _("skipped: {n}").format(n=self.skipped)]
            if self.assessments:
                out.append(_("assessments: {n}").format(n=self.assessments))
            if self.duplicates_skipped:
                out.append(self.duplicates_line())
            # Translators: a row's outcome ("imported", "merged", "skipped"), then why.
            shown = ["  " + self.row_line(r.row_number, _("{outcome}: {notes}").format(
                outcome=r.outcome_text, notes=text)) for r in self.rows
                if (text := _row_text(r))]
        out.extend(shown[:limit])
        if len(shown) > limit:
            more = len(shown) - limit
            out.append("  " + ngettext("… and {n} more", "… and {n} more", more).format(
                n=formats.number(more)))
        out.extend(self.problems)
        return out

    def row_line(self, number: int, text: str) -> str:
        """"row 4: text", or "line 12: text" for a vCard, whose contacts are found by line."""
        if self.row_label == "line":
            # Translators: {number} is where a contact starts in a vCard file.
            return _("line {number}: {text}").format(number=number, text=text)
        # Translators: {number} is the row's number as the spreadsheet shows it.
        return _("row {number}: {text}").format(number=number, text=text)

    def refusal(self) -> str:
        """Why nothing was (or would be) imported, in one sentence."""
        return _("nothing was imported: {why}").format(why=self.unreadable())

    def unreadable(self) -> str:
        """Which rows hold values Organizer cannot read, in one sentence."""
        bad = self.bad_rows
        numbers = [str(r.row_number) for r in bad[:8]]
        if len(numbers) > 1:
            # Translators: the end of a list of row numbers ("3, 5 and 9").
            listed = _("{first} and {last}").format(first=", ".join(numbers[:-1]),
                                                    last=numbers[-1])
        else:
            listed = numbers[0] if numbers else ""
        if len(bad) > 8:
            more = len(bad) - 8
            listed = ngettext("{numbers} and {n} more", "{numbers} and {n} more", more).format(
                numbers=listed, n=formats.number(more))
        n = len(bad)
        if self.row_label == "line":
            # Translators: {n} contacts of a vCard; {lines} lists the lines they start on.
            return ngettext("{n} line (line {lines}) has a value Organizer cannot read.",
                            "{n} lines (lines {lines}) have a value Organizer cannot read.",
                            n).format(n=formats.number(n), lines=listed)
        # Translators: {rows} lists the rows' numbers ("3, 5 and 9").
        return ngettext("{n} row (row {rows}) has a value Organizer cannot read.",
                        "{n} rows (rows {rows}) have a value Organizer cannot read.",
                        n).format(n=formats.number(n), rows=listed)

    def duplicates_line(self) -> str:
        """How many rows were skipped as suspected duplicates, and why: the rows themselves
        are listed only up to a limit."""
        total = sum(self.duplicates_skipped.values())
        # Translators: how many rows were skipped for one reason ("3 same phone").
        why = ", ".join(_("{n} {reason}").format(n=formats.number(n), reason=_(reason))
                        for reason, n in sorted(self.duplicates_skipped.items(),
                                                key=lambda item: (-item[1], item[0])))
        # Translators: {reasons} lists how many were skipped for each reason.
        return _("skipped as suspected duplicates: {n} ({reasons})").format(
            n=formats.number(total), reasons=why)


def _row_text(row: RowReport) -> str:
    # Translators: {problem} is a value the import cannot read, which it leaves out.
    return "; ".join([*(_("{problem}; left out").format(problem=bad) for bad in row.bad),
                      *([row.reason] if row.reason else [])])


class ImportRefused(OrganizerError):
    """Rows hold values Organizer cannot read and the user chose to refuse the import."""

    def __init__(self, report: ImportReport, advice: str = "") -> None:
        advice = advice or ngettext(
            "Fix it in the file, or choose to import the rest of each such row without its "
            "bad value.",
            "Fix them in the file, or choose to import the rest of each such row without its "
            "bad value.", len(report.bad_rows))
        # Translators: {why} says which rows hold values the import cannot read; {advice}
        # what to do about it.
        super().__init__(_("Nothing was imported: {why} {advice}").format(
            why=report.unreadable(), advice=advice))
        self.report = report


@dataclass
class Candidate:
    index: int
    row_number: int
    values: dict[str, str]  # field -> value as stored (lists joined with "; ")
    notes: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # values that cannot be read: left out
    warnings: list[str] = field(default_factory=list)  # the notes that are warnings


def _clean(value: str, limit: int) -> tuple[str, bool]:
    value = value.replace("\x00", "").strip()
    if len(value) > 1 and value[0] == "'" and value[1] in (*FORMULA_START, "\t", "\r", "'"):
        value = value[1:]
    if len(value) > limit:
        return value[:limit], True
    return value, False


def _names(value: str) -> list[str]:
    """A stored list ("pay; on-call load") back as names."""
    return value.split("; ") if value else []


def _label(field_name: str) -> str:
    """How a field is named in a row's report: "assessment", "on the OC"."""
    label = _IN_SENTENCE.get(field_name)
    return _(label) if label else field_name.replace("_", " ")


class _RowReader:
    """Rows of cells to candidates. What every row shares is worked out once: the mapped
    columns, and each distinct date, assessment and yes/no (a roster repeats them)."""

    def __init__(self, table: Table, mapping: dict[str, str | None], scale: AssessmentScale,
                 day_first: bool, recording: Recording, region: str) -> None:
        # (cell position, field, length limit) of every column that goes somewhere
        self.fields = [
            (position, field_name, MAX_NOTES_CHARS if field_name == "notes" else MAX_FIELD_CHARS)
            for position, header in enumerate(table.headers)
            if (field_name := mapping.get(header)) is not None]
        self.labels = google_labels(table.headers) if table.kind == "google" else {}
        self.serials = table.kind == "xlsx"  # Excel's day numbers are dates only in a workbook
        self.scale = scale
        self.day_first = day_first
        self.recording = recording
        self.region = region  # for phone numbers written without a country code
        self.read: dict[tuple[str, str], tuple[str | None, str]] = {}  # (field, typed) ->

    def candidate(self, index: int, number: int, row: list[str]) -> Candidate:
        values: dict[str, str] = {}
        notes: list[str] = []
        others: list[tuple[str, str]] = []  # more phones or emails than one a field
        width = len(row)
        for position, field_name, limit in self.fields:
            if position >= width:
                break
            cell = row[position]
            if not cell:
                continue
            # _clean's common case inline (a call per cell is a second at 100,000 rows).
            value = cell.replace("\x00", "").strip()
            if not value:
                continue
            if value[0] == "'" or len(value) > limit:
                value, cut = _clean(value, limit)
                if cut:
                    # Translators: {field} is a column's name in lower case ("notes").
                    notes.append(_("{field} cut to {limit} characters").format(
                        field=_label(field_name), limit=formats.number(limit)))
            if position in self.labels:  # Google: "a ::: b", labelled Mobile or Work
                found = google_values(value)
                if not found:
                    continue
                value = found[0]
                label = self.labels[position]
                if label < width and "work" in row[label].lower():
                    field_name = _WORK.get(field_name, field_name)
                others.extend((field_name, v) for v in found[1:])
            # Two columns for one field: notes and lists are joined, otherwise the first
            # one counts (another phone or email is kept in the notes).
            if field_name not in values:
                values[field_name] = value
            elif field_name == "notes":
                values["notes"] = f"{values['notes']}\n{value}"[:MAX_NOTES_CHARS]
            elif field_name in _LISTS:
                values[field_name] = f"{values[field_name]}; {value}"
            elif field_name in _CONTACT_FIELDS and value != values[field_name]:
                others.append((field_name, value))
        if others:
            # Kept in the person's notes. Translators: {field} is a field's name in lower
            # case ("personal phone"), {value} the number or address.
            extra = "\n".join(_("Other {field}: {value}").format(field=_label(f), value=v)
                              for f, v in others)
            values["notes"] = f"{values['notes']}\n{extra}" if values.get("notes") else extra
        for phone in _PHONE_FIELDS:
            if phone in values:
                stored = stored_phone(values[phone], self.region)
                if stored is None:
                    # Translators: {field} is "personal phone" or "work phone"; {value} the
                    # number as typed, in quotes.
                    notes.append(_("{field} {value} is not a whole phone number; kept as typed"
                                   ).format(field=_label(phone),
                                            value=repr(short(values[phone]))))
                else:
                    values[phone] = stored
        first, last = values.pop("first_name", ""), values.pop("last_name", "")
        if "name" not in values:
            values["name"] = " ".join(p for p in (first, last) if p)[:MAX_FIELD_CHARS]
        candidate = Candidate(index, number, values, notes)
        for field_name in _FORMULA_CHECKED:
            text = values.get(field_name)
            if text and text[0] in _FORMULA_FIRST:
                notes.append(formula_warning(_label(field_name), text))
                candidate.warnings.append(formula_caution(_label(field_name), text))
        for field_name in DATE_FIELDS:
            if field_name in values:
                self._read(candidate, field_name, self._date)
        if "assessment" in values:
            self._read(candidate, "assessment", self._assessment)
        for field_name in _FLAGS:
            if field_name in values:
                self._read(candidate, field_name, self._flag)
        if "issues" in values:
            values["issues"] = "; ".join(split_names(values["issues"]))
        if "tags" in values:
            self._tags(candidate)
        if "assigned_oc_member" in values:
            values["assigned_oc_member"] = " ".join(values["assigned_oc_member"].split())
        return candidate

    def _read(self, c: Candidate, field_name: str,
              read: Callable[[str, str], tuple[str | None, str]]) -> None:
        """The field's value as stored, or left out with the reason why (each distinct
        value is read once)."""
        key = (field_name, c.values[field_name])
        found = self.read.get(key)
        if found is None:
            found = self.read[key] = read(field_name, key[1])
        value, problem = found
        if value is None:
            del c.values[field_name]
            if problem:
                c.bad.append(problem)
        else:
            c.values[field_name] = value

    def _date(self, field_name: str, typed: str) -> tuple[str | None, str]:
        day = read_date(typed, day_first=self.day_first, serials=self.serials)
        return day, "" if day else date_problem(_label(field_name), typed)

    def _assessment(self, field_name: str, typed: str) -> tuple[str | None, str]:
        score, problem = self.scale.read(typed)
        return (None if score is None else str(score)), problem

    def _flag(self, field_name: str, typed: str) -> tuple[str | None, str]:
        flag = read_flag(typed)
        if flag is None:
            return None, flag_problem(_label(field_name), typed)
        return ("yes" if flag else "no"), ""

    def _tags(self, c: Candidate) -> None:
        kept: list[str] = []
        for name in self.recording.parse_tags(c.values["tags"]):
            try:
                kept.append(self.recording.clean_tag(name))
            except InvalidInput as why:
                # Translators: {tag} is the name as typed, in quotes; {why} says why it cannot
                # be a tag's name.
                c.bad.append(_("tag {tag}: {why}").format(tag=repr(short(name)),
                                                          why=str(why).rstrip(".")))
        if kept:
            c.values["tags"] = "; ".join(kept)
        else:
            del c.values["tags"]


@dataclass
class _Outcome:
    """What `apply` writes, worked out from the plan and the current choices."""

    to_insert: list[Candidate]
    merges: list[tuple[str, Candidate]]  # (person id already here, row)
    oc: Assignments


class ImportPlan:
    """Everything an import will do, worked out before anything is written."""

    def __init__(self, table: Table, mapping: dict[str, str | None], region: str,
                 options: ImportOptions | None = None, recording: Recording | None = None
                 ) -> None:
        self.table = table
        self.mapping = dict(mapping)
        self.region = region
        # bad_values and unknown_oc_members may change until apply; date_order is read
        # when the plan is prepared (prepare it again to change it).
        self.options = options or ImportOptions()
        self.recording = recording or Recording()
        self.candidates: list[Candidate] = []
        self.skipped: dict[int, str] = {}  # row index -> reason
        self.pairs: list[DuplicatePair] = []
        self.samples: dict[str, list[str]] = {}  # header -> a few of its values
        self.hints: list[str] = []  # about the mapping (a Team column of shifts...)
        self.date_note = ""  # how dates like 03/04/2026 were read, when the file has some
        self.oc_directory = OcDirectory()
        self.names_oc_members = False  # some row names an assigned OC member

    @property
    def kind(self) -> str:
        return self.table.kind

    @property
    def unmapped_message(self) -> str:
        if self.table.kind in ("google", "outlook", "vcard"):
            return ""  # their other columns are known and not needed
        return unmapped_message(self.mapping)

    def preview(self, limit: int = 10) -> list[dict[str, str]]:
        """The first rows as they will be saved (field -> value)."""
        return [dict(c.values) for c in self.candidates[:limit]]

    def preview_rows(self, limit: int = 10) -> list[tuple[int, dict[str, str]]]:
        """The first rows as they will be saved, each with its row number in the file."""
        return [(c.row_number, dict(c.values)) for c in self.candidates[:limit]]

    def choose(self, pair: int, choice: Choice) -> None:
        self.pairs[pair].choice = choice

    def choose_all(self, choice: Choice) -> None:
        for pair in self.pairs:
            pair.choice = choice

    def unknown_oc_member_names(self) -> list[str]:
        """The assigned OC members named in the file that match no OC member (what leaving
        them out or creating them is about), with the current duplicate choices."""
        outcome = _choose(self, replace(self.options,
                                        unknown_oc_members=UnknownOcMembers.LEAVE_OUT))
        names = {c.index: c.values.get("assigned_oc_member", "") for c in self.candidates}
        return list(dict.fromkeys(names[i] for i in sorted(outcome.oc.unknown)))

    def _build(self, vault: Vault, cancel: Cancel | None = None) -> None:
        check_mapping(self.mapping)
        day_first = self._date_order()
        scale = AssessmentScale.of(
            (level.score, level.label) for level in campaign.assessment_scale(vault)
        ) if "assessment" in self.mapping.values() else AssessmentScale.of(())
        reader = _RowReader(self.table, self.mapping, scale, day_first, self.recording,
                            self.region)
        index = index_vault(vault, self.region) if _has_people(vault) else DuplicateIndex(
            self.region)
        row_problems = self.table.row_problems
        for i, (row, number) in enumerate(zip(self.table.rows, self.table.row_numbers,
                                              strict=True)):
            if cancel is not None and i % _CHUNK == 0 and cancel():
                raise ImportCancelled()  # a newer file or mapping, or the app locking
            candidate = reader.candidate(i, number, row)
            if i in row_problems:
                candidate.notes[:0] = row_problems[i]
            v = candidate.values
            name = v.get("name")
            if not name:
                self.skipped[i] = _NO_NAME
                self.candidates.append(candidate)
                continue
            found = index.match_or_add(
                ("row", i), name, v.get("department", ""),
                (v.get("personal_phone", ""), v.get("work_phone", "")),
                (v.get("personal_email", ""), v.get("work_email", "")))
            if found is not None:
                kind, ref = found.ref
                if kind == "person":
                    pair = DuplicatePair(i, number, name, found.reason, existing_id=str(ref),
                                         existing_name=index.person_names.get(str(ref), ""))
                else:
                    earlier = self.candidates[int(ref)]
                    pair = DuplicatePair(i, number, name, found.reason,
                                         existing_name=earlier.values["name"],
                                         earlier_index=int(ref))
                self.pairs.append(pair)
            self.candidates.append(candidate)
        typed = {c.values["assigned_oc_member"] for c in self.candidates
                 if c.values.get("assigned_oc_member")}
        if typed:
            self.oc_directory = OcDirectory.read(vault, typed)
            self.names_oc_members = True

    def _date_order(self) -> bool:
        """Whether 03/04/2026 means the 3rd of April here (and `date_note` says so, when
        the file holds such a date)."""
        positions = [i for i, h in enumerate(self.table.headers)
                     if self.mapping.get(h) in DATE_FIELDS]
        if not positions:
            return True
        # Each distinct date once (a roster repeats them).
        texts = list(dict.fromkeys(row[i].strip() for row in self.table.rows for i in positions
                                   if i < len(row) and row[i]))
        texts = [t for t in texts if t]
        chosen = self.options.date_order
        found = detect_date_order(texts) if chosen is DateOrder.DETECT else chosen
        if found is None:
            day_first = default_day_first(self.region)
        else:
            day_first = found is DateOrder.DAY_FIRST
        example = next((t for t in texts if _ambiguous(t)), "")
        if example:
            self.date_note = _date_note(example, day_first, chosen, found, texts,
                                        self.region)
        return day_first

    # ----- the outcome ---------------------------------------------------------------------

    def report(self) -> ImportReport:
        """What `apply` will do with the current choices (a dry run)."""
        report, _outcome = self._outcome()
        return report

    def _outcome(self) -> tuple[ImportReport, _Outcome]:
        report = ImportReport(rows_read=len(self.table.rows), duplicates=len(self.pairs),
                              problems=list(self.table.problems),
                              row_label=self.table.row_label)
        if self.unmapped_message:
            report.problems.append(self.unmapped_message)
        outcome = _choose(self, self.options)
        written = {c.index for c in outcome.to_insert} | {c.index for _person, c in outcome.merges}
        by_index = {p.index: p for p in self.pairs}
        unknown, oc_notes = outcome.oc.unknown, outcome.oc.notes
        for candidate in self.candidates:
            i = candidate.index
            notes, bad = candidate.notes, candidate.bad
            if unknown and i in unknown:
                bad = [*bad, unknown[i]]
            if oc_notes and i in oc_notes:
                notes = [*notes, oc_notes[i]]
            warnings = tuple(candidate.warnings)
            if i in self.skipped:
                report.skipped += 1
                report.rows.append(RowReport(candidate.row_number, "skipped",
                                             "; ".join([_(self.skipped[i]), *notes]),
                                             warnings=warnings))
                continue
            pair = by_index.get(i)
            if pair is None or pair.choice is Choice.KEEP_BOTH:
                if pair is not None:
                    # Translators: {reason} is why the row looks like someone ("same
                    # phone"); {other} who it looks like ("Ana Ruiz (already in the vault)").
                    notes = [_("kept although {reason} as {other}").format(
                        reason=pair.reason_text, other=pair.other_label), *notes]
                report.imported += 1
                report.rows.append(RowReport(candidate.row_number, "imported",
                                             "; ".join(notes) if notes else "",
                                             tuple(bad) if bad else (), warnings))
            elif pair.choice is Choice.SKIP:
                report.skipped += 1
                report.duplicates_skipped[pair.reason] = report.duplicates_skipped.get(
                    pair.reason, 0) + 1
                report.rows.append(RowReport(
                    candidate.row_number, "skipped",
                    # Translators: {reason} is why the row looks like someone ("same
                    # phone"); {other} who it looks like ("Ana Ruiz (already in the vault)").
                    _("duplicate: {reason} as {other}").format(reason=pair.reason_text,
                                                               other=pair.other_label)))
            else:
                report.merged += 1
                report.rows.append(RowReport(
                    candidate.row_number, "merged", "; ".join(
                        # Translators: {other} is who the row was merged into ("Ana Ruiz
                        # (already in the vault)"); {reason} why ("same phone").
                        [_("merged into {other} ({reason})").format(
                            other=pair.other_label, reason=pair.reason_text), *notes]),
                    tuple(bad), warnings))
            if i in written and "assessment" in candidate.values:
                report.assessments += 1
        report.refused = (self.options.bad_values is BadValues.REFUSE
                          and bool(report.bad_rows))
        report.new_oc_members = list(outcome.oc.created)
        if report.new_oc_members:
            report.problems.append(new_oc_members_sentence(report.new_oc_members))
        if self.date_note:
            report.problems.append(self.date_note)
        return report, outcome

    def apply(
        self, vault: Vault, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> ImportReport:
        """Write the plan in one transaction; on any error or a cancel, nothing is written.
        Refused (ImportRefused, nothing written) when rows hold bad values and the plan's
        options say to refuse them."""
        with cycle_collector_paused():
            return self._apply(vault, progress, cancel)

    def _apply(self, vault: Vault, progress: Progress | None, cancel: Cancel | None
               ) -> ImportReport:
        started = time.perf_counter()
        report, outcome = self._outcome()
        if report.refused:
            raise ImportRefused(report)
        to_insert, merges = outcome.to_insert, outcome.merges
        total = max(1, len(to_insert) + len(merges))
        done = 0

        def step(count: int) -> None:
            nonlocal done
            if cancel is not None and cancel():
                raise ImportCancelled()
            done += count
            if progress is not None:
                progress(min(1.0, done / total))

        step(0)
        stamp = records.now()
        try:
            with vault.transaction() as conn, _stops_when(conn, cancel):
                # A row may name as its OC member a row inserted after it.
                conn.execute("PRAGMA defer_foreign_keys = ON")
                writer = _Writer(self, conn, outcome, stamp)
                writer.write(step)
                if cancel is not None and cancel():
                    raise ImportCancelled()
        except OrganizerError:
            if cancel is not None and cancel():  # interrupted inside a statement
                raise ImportCancelled() from None
            raise
        if merges:
            vault.checkpoint()
        report.applied = True
        report.assessments = writer.assessments
        report.seconds = time.perf_counter() - started
        return report


def new_oc_members_sentence(names: Sequence[str]) -> str:
    """"New OC members: Ana Ruiz, Bo Li." (the first twelve, then how many more)."""
    shown = ", ".join(short(n) for n in names[:12])
    if len(names) > 12:
        more = len(names) - 12
        # Translators: {names} lists people's names.
        return ngettext("New OC members: {names} and {n} more.",
                        "New OC members: {names} and {n} more.", more).format(
            names=shown, n=formats.number(more))
    # Translators: {names} lists people's names.
    return _("New OC members: {names}.").format(names=shown)


def _written(c: Candidate, becomes: Target) -> WrittenRow:
    return WrittenRow(c.index, becomes, c.values.get("name", ""),
                      c.values.get("is_oc_member") == "yes",
                      c.values.get("assigned_oc_member", ""))


def _choose(plan: ImportPlan, options: ImportOptions) -> _Outcome:
    """The rows to insert and to merge under the current duplicate choices, and who their
    assigned OC members are."""
    by_index = {p.index: p for p in plan.pairs}
    to_insert: list[Candidate] = []
    merges: list[tuple[str, Candidate]] = []
    # Rows merged into an earlier row of the file: fill the earlier row's blanks.
    merged_into: dict[int, dict[str, str]] = {}
    for candidate in plan.candidates:
        if candidate.index in plan.skipped:
            continue
        pair = by_index.get(candidate.index)
        if pair is None or pair.choice is Choice.KEEP_BOTH:
            to_insert.append(candidate)
        elif pair.choice is Choice.MERGE:
            if pair.existing_id is not None:
                merges.append((pair.existing_id, candidate))
            elif pair.earlier_index is not None:
                fill = merged_into.setdefault(pair.earlier_index, {})
                for key, value in candidate.values.items():
                    fill.setdefault(key, value)
    if merged_into:
        filled: list[Candidate] = []
        for c in to_insert:
            extra = merged_into.get(c.index)
            if extra:
                values = dict(c.values)
                for key, value in extra.items():
                    if not values.get(key) or (key in _FLAGS and values[key] == "no"):
                        values[key] = value
                c = Candidate(c.index, c.row_number, values, c.notes, c.bad)
            filled.append(c)
        to_insert = filled
    oc = Assignments()
    if plan.names_oc_members:
        rows = [_written(c, ("row", c.index)) for c in to_insert]
        rows += [_written(c, ("person", person_id)) for person_id, c in merges]
        oc = assign(plan.oc_directory, rows, options.unknown_oc_members)
    return _Outcome(to_insert, merges, oc)


def _ambiguous(text: str) -> bool:
    """03/04/2026 (either order makes a date, and not the same one)."""
    return date_order_evidence(text) is None and (
        read_date(text, day_first=True) not in (None, read_date(text, day_first=False)))


def _spelled(day: str | None) -> str:
    """The date with its month in words, so that which is the day cannot be mistaken: "3
    April 2026" in English, the locale's long form elsewhere ("3 de abril de 2026")."""
    if not day:
        return "?"
    locale = i18n.locale_name()
    if locale == i18n.PSEUDO or locale.split("_")[0] == "en":
        return babel_dates.format_date(dt.date.fromisoformat(day), "d MMMM y",
                                       locale="en" if locale == i18n.PSEUDO else locale)
    return babel_dates.format_date(dt.date.fromisoformat(day), "long", locale=locale)


def _date_note(example: str, day_first: bool, chosen: DateOrder, found: DateOrder | None,
               texts: Sequence[str], region: str) -> str:
    """How dates such as 03/04/2026 were read, and why, in one or two sentences."""
    meaning = _spelled(read_date(example, day_first=day_first))
    typed = repr(example)
    if chosen is not DateOrder.DETECT:
        if day_first:
            # Translators: {example} is a date as typed in the file ('03/04/2026'); {date}
            # the same date with its month in words.
            return _("Dates such as {example} were read day first ({date}), as chosen."
                     ).format(example=typed, date=meaning)
        return _("Dates such as {example} were read month first ({date}), as chosen."
                 ).format(example=typed, date=meaning)
    if found is not None:
        evidence = repr(next(t for t in texts if date_order_evidence(t) is found))
        if day_first:
            # Translators: {evidence} is a date of the file that can only be read one way
            # ('25/12/2026').
            return _("Dates such as {example} were read day first ({date}), as {evidence} in "
                     "the file shows.").format(example=typed, date=meaning, evidence=evidence)
        return _("Dates such as {example} were read month first ({date}), as {evidence} in "
                 "the file shows.").format(example=typed, date=meaning, evidence=evidence)
    other = _spelled(read_date(example, day_first=not day_first))
    if day_first:
        # Translators: {region} is a country code (GB, MX); {other} the date read the
        # other way.
        return _("Dates such as {example} were read day first ({date}): nothing in the file "
                 "tells, and that is how {region} writes dates. If they mean {other}, choose "
                 "month first.").format(example=typed, date=meaning, region=region,
                                        other=other)
    return _("Dates such as {example} were read month first ({date}): nothing in the file "
             "tells, and that is how {region} writes dates. If they mean {other}, choose day "
             "first.").format(example=typed, date=meaning, region=region, other=other)


# SQLite virtual-machine steps between two looks at `cancel` inside one statement.
_CANCEL_STEPS = 10_000


@contextlib.contextmanager
def _stops_when(conn: Any, cancel: Cancel | None) -> Iterator[None]:
    """Let a cancel interrupt the long single statements too (the bulk load's index and
    search-index rebuilds take seconds at 100,000 rows): a lock must not wait for them."""
    if cancel is None:
        yield
        return
    conn.set_progress_handler(lambda: 1 if cancel() else 0, _CANCEL_STEPS)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


def _has_people(vault: Vault) -> bool:
    return vault.connection.execute("SELECT 1 FROM person LIMIT 1").fetchone() is not None


class _Writer:
    """One import's writes, in the order the transaction needs them."""

    def __init__(self, plan: ImportPlan, conn: Any, outcome: _Outcome, stamp: str) -> None:
        self.plan = plan
        self.conn = conn
        self.outcome = outcome
        self.stamp = stamp
        self.new_ids = dict(zip((c.index for c in outcome.to_insert),
                                _new_ids(len(outcome.to_insert)), strict=True))
        self.new_members = {key: records.new_id() for key in outcome.oc.new_members}
        # Each written row's person: new, or the one it is merged into.
        self.person_of = dict(self.new_ids)
        self.person_of.update({c.index: person_id for person_id, c in outcome.merges})
        self.assessments = 0  # recorded, once written

    def person(self, target: Target) -> str:
        kind, ref = target
        if kind == "person":
            return str(ref)
        if kind == "row":
            return self.person_of[int(ref)]
        return self.new_members[str(ref)]

    def write(self, step: Callable[[int], None]) -> None:
        conn, outcome, stamp = self.conn, self.outcome, self.stamp
        everyone = [*outcome.to_insert, *(c for _person, c in outcome.merges)]
        ids = _list_ids(conn, everyone, stamp)
        issues = _issue_ids(conn, everyone)
        assigned = {i: self.person(t) for i, t in outcome.oc.targets.items()}
        promoted_rows = outcome.oc.promoted_rows
        if outcome.oc.promoted_people:
            conn.executemany("UPDATE person SET is_oc_member = 1, updated_at = ? WHERE id = ?",
                             [(stamp, p) for p in sorted(outcome.oc.promoted_people)])
        # Merged people's last contact may come from a reached call, which the bulk load's
        # recomputing from one-on-ones would lose: kept here, put back below.
        contacts = _last_contacts(conn, [person_id for person_id, _row in outcome.merges])
        for person_id, candidate in outcome.merges:
            _merge_into(conn, person_id, candidate, ids, stamp,
                        assigned.get(candidate.index))
        step(len(outcome.merges))
        with bulk_load(conn) as writer:
            _insert_people(writer, outcome.to_insert, [self.new_ids[c.index]
                                                       for c in outcome.to_insert],
                           ids, assigned, promoted_rows, stamp, step)
            if self.new_members:
                writer.executemany(
                    "INSERT INTO person (id, name, is_oc_member, created_at, updated_at) "
                    "VALUES (?, ?, 1, ?, ?)",
                    [(self.new_members[key], name, stamp, stamp)
                     for key, name in outcome.oc.new_members.items()])
            self.assessments = self._assessments(writer, everyone)
        # After the load, with the triggers back: each link is stamped for the committee and
        # counted in the issues tally as any link is.
        conn.executemany(
            "INSERT OR IGNORE INTO person_issue (person_id, issue_id) VALUES (?, ?)",
            [(self.person_of[c.index], issues[name.casefold()]) for c in everyone
             for name in _names(c.values.get("issues", ""))])
        latest = dict(contacts)
        for c in everyone:
            day = c.values.get("last_contact_on")
            person_id = self.person_of[c.index]
            if day and day > (latest.get(person_id) or ""):
                latest[person_id] = day
        # As a reached call does (call_lists.record_results): only ever later.
        conn.executemany(
            "UPDATE person SET last_contact_on = ? WHERE id = ? "
            "AND coalesce(last_contact_on, '') < ?",
            [(day, person_id, day) for person_id, day in latest.items() if day])
        recording = self.plan.recording
        tags = {self.person_of[c.index]: _names(c.values["tags"]) for c in everyone
                if c.values.get("tags")}
        if tags:
            recording.write_tags(conn, tags)
        if self.plan.table.file_name:  # a file read from memory has none to record
            recording.record_import(
                conn, self.plan.table.file_name,
                [*self.new_ids.values(), *self.new_members.values()], len(outcome.merges))

    def _assessments(self, conn: Any, everyone: list[Candidate]) -> int:
        """Each row's assessment, dated with the file's date and saying where it came from.
        A person merged into who has that very assessment already (the same file imported
        twice) does not get it again. Returns how many were recorded."""
        file_name = self.plan.table.file_name
        # The note is read in the person's history: in the language in use. An earlier
        # import of the same file is known by its note in English or in this language.
        english = (_IMPORTED_FROM.format(file=file_name) if file_name
                   else _IMPORTED_FROM_A_FILE)
        # Translators: the note of an assessment read from a file; {file} is its name.
        note = (_("imported from {file}").format(file=file_name) if file_name
                else _("imported from a file"))
        assessed_at = self.plan.table.file_date or self.stamp
        merged = {self.person_of[c.index] for _person, c in self.outcome.merges}
        known: set[tuple[str, int]] = set()
        if merged:
            known = {(str(p), int(s)) for p, s in conn.execute(
                "SELECT person_id, score FROM assessment WHERE assessed_at = ? "
                "AND note IN (?, ?) AND score IS NOT NULL",
                (assessed_at, note, english)).fetchall()}
        rows = []
        for c in everyone:
            score = c.values.get("assessment")
            person_id = self.person_of[c.index]
            if score and (person_id, int(score)) not in known:
                known.add((person_id, int(score)))
                rows.append((records.new_id(), person_id, int(score), assessed_at, note,
                             self.stamp, self.stamp))
        conn.executemany(
            "INSERT INTO assessment (id, person_id, score, assessed_by_id, assessed_at, basis, "
            "note, created_at, updated_at, recorded_by) "
            f"VALUES (?, ?, ?, NULL, ?, 'other', ?, ?, ?, {RECORDED_BY})", rows)
        return len(rows)


def _last_contacts(conn: Any, person_ids: Sequence[str]) -> dict[str, str | None]:
    if not person_ids:
        return {}
    return {str(i): d for i, d in conn.execute(
        "SELECT id, last_contact_on FROM person WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(person_ids)),)).fetchall()}


def _issue_ids(conn: Any, candidates: Iterable[Candidate]) -> dict[str, str]:
    """Folded issue name -> id for every issue the rows name, adding the new ones."""
    ids: dict[str, str] = {}
    for c in candidates:
        for name in _names(c.values.get("issues", "")):
            key = name.casefold()
            if key not in ids:
                ids[key] = workplace_issues.issue_named(conn, name).id
    return ids


def _list_ids(conn: object, candidates: list[Candidate], stamp: str) -> dict[tuple[str, str],
                                                                              str]:
    """(kind, lower-case name) -> id for every department, shift and site the rows name,
    adding the new ones at the end of their lists."""
    ids: dict[tuple[str, str], str] = {}
    for kind in LIST_KINDS:
        wanted: dict[str, str] = {}
        seen: set[str] = set()  # as typed: a few names on many rows
        for c in candidates:
            typed = c.values.get(kind, "")
            if typed in seen:
                continue
            seen.add(typed)
            name = typed.strip()
            if name:
                wanted.setdefault(name.casefold(), name)
        if not wanted:
            continue
        existing = {str(n).casefold(): str(i) for i, n in conn.execute(  # type: ignore[attr-defined]
            f"SELECT id, name FROM {kind}").fetchall()}
        position = int(conn.execute(  # type: ignore[attr-defined]
            f"SELECT coalesce(max(position), 0) FROM {kind}").fetchone()[0])
        for key, name in wanted.items():
            if key in existing:
                ids[(kind, key)] = existing[key]
                continue
            position += 1
            entry_id = records.new_id()
            conn.execute(  # type: ignore[attr-defined]
                f"INSERT INTO {kind} (id, name, position, created_at, updated_at) "
                "VALUES (?,?,?,?,?)", (entry_id, name, position, stamp, stamp))
            ids[(kind, key)] = entry_id
    return ids


def _insert_people(conn: Any, to_insert: list[Candidate], new_ids: list[str],
                   ids: dict[tuple[str, str], str], assigned: dict[int, str],
                   promoted: set[int], stamp: str, step: Callable[[int], None]) -> None:
    """INSERT the new people, one executemany per `_CHUNK` rows, calling `step` after each.
    Only the columns some row fills are written (the others keep their defaults); the new ids
    are sorted, so the primary-key index grows at its end rather than at random places, and
    rowids follow the file's order."""
    text_columns = [col for col in _TEXT_COLUMNS if any(c.values.get(col) for c in to_insert)]
    flags = [f for f in _FLAGS if any(c.values.get(f) == "yes" for c in to_insert)]
    if promoted and "is_oc_member" not in flags:
        flags.insert(0, "is_oc_member")
    oc = ["assigned_oc_member_id"] if any(c.index in assigned for c in to_insert) else []
    columns = ("id", *text_columns, *(f"{kind}_id" for kind in LIST_KINDS), *flags, *oc,
               "created_at", "updated_at")
    sql = f"INSERT INTO person ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    blank = {col: None if col == "start_date" else "" for col in text_columns}
    list_ids: dict[tuple[str, str], str | None] = {}  # (kind, name as typed) -> id

    def list_id(kind: str, typed: str) -> str | None:
        if (kind, typed) not in list_ids:
            name = typed.strip().casefold()
            list_ids[(kind, typed)] = ids.get((kind, name)) if name else None
        return list_ids[(kind, typed)]

    def flag(c: Candidate, name: str) -> int:
        return int(c.values.get(name) == "yes" or (name == "is_oc_member"
                                                   and c.index in promoted))

    for start in range(0, len(to_insert), _CHUNK):
        chunk = to_insert[start:start + _CHUNK]
        conn.executemany(sql, [
            (new_ids[start + n],
             *(c.values.get(col) or blank[col] for col in text_columns),
             *(list_id(kind, c.values.get(kind, "")) for kind in LIST_KINDS),
             *(flag(c, f) for f in flags),
             *([assigned.get(c.index)] if oc else []),
             stamp, stamp)
            for n, c in enumerate(chunk)
        ])
        step(len(chunk))


# The bits uuid.UUID(bytes=..., version=4) sets: the RFC 4122 variant and version 4.
_UUID4_CLEAR = ~(0xc000 << 48 | 0xf000 << 64)
_UUID4_SET = 0x8000 << 48 | 4 << 76


def _new_ids(count: int) -> list[str]:
    """`records.new_id()` for many people at once (random version-4 UUIDs as 32 hex digits),
    from one read of the system's random source instead of one per id, and without a UUID
    object each (a third of the time); sorted."""
    random = os.urandom(16 * count)
    return sorted(f"{int.from_bytes(random[i:i + 16]) & _UUID4_CLEAR | _UUID4_SET:032x}"
                  for i in range(0, 16 * count, 16))


def _merge_into(conn: object, person_id: str, c: Candidate,
                ids: dict[tuple[str, str], str], stamp: str, assigned: str | None) -> None:
    """Fill the existing person's blank fields from the row; add the row's notes; a yes
    sets their flag; the assigned OC member fills theirs if they have none."""
    row = conn.execute(  # type: ignore[attr-defined]
        f"SELECT {', '.join(_TEXT_COLUMNS)}, department_id, shift_id, site_id, "
        "is_oc_member, is_organic_leader, assigned_oc_member_id FROM person WHERE id = ?",
        (person_id,)).fetchone()
    if row is None:
        return
    current = dict(zip((*_TEXT_COLUMNS, "department_id", "shift_id", "site_id", *_FLAGS,
                        "assigned_oc_member_id"), row, strict=True))
    updates: dict[str, object] = {}
    for col in _TEXT_COLUMNS:
        new = c.values.get(col, "")
        if not new:
            continue
        if col == "notes":
            old = str(current["notes"] or "")
            if new not in old:
                updates["notes"] = f"{old}\n{new}" if old else new
        elif current[col] in (None, ""):
            updates[col] = new
    for kind in LIST_KINDS:
        entry = ids.get((kind, c.values.get(kind, "").strip().casefold()))
        if entry and not current[f"{kind}_id"]:
            updates[f"{kind}_id"] = entry
    for flag in _FLAGS:
        if c.values.get(flag) == "yes" and not current[flag]:
            updates[flag] = 1
    if assigned and assigned != person_id and not current["assigned_oc_member_id"]:
        updates["assigned_oc_member_id"] = assigned
    if updates:
        assignments = ", ".join(f"{col} = ?" for col in updates)
        conn.execute(  # type: ignore[attr-defined]
            f"UPDATE person SET {assignments}, updated_at = ? WHERE id = ?",
            (*updates.values(), stamp, person_id))


def prepare(
    vault: Vault,
    table: Table,
    mapping: dict[str, str | None] | None = None,
    region: str | None = None,
    *,
    cancel: Cancel | None = None,
    options: ImportOptions | None = None,
    recording: Recording | None = None,
) -> ImportPlan:
    """Map (suggested, or the caller's edited mapping), check names, read every row, and find
    duplicates. `recording` is how tags and the import itself are written (recording.py;
    by default core.tags and core.imports).

    `cancel` is asked every few thousand rows; a true answer raises ImportCancelled (a
    worker whose file or mapping changed, or whose vault is locking, stops reading it)."""
    table = recognise(table)
    if region is not None and not valid_region(region):
        raise MappingError(_("{region} is not a country code such as US, GB, FR or MX.").format(
            region=repr(short(region))))
    suggested = suggest_mapping(table.headers, table.kind)
    if mapping is not None:
        unknown = [h for h in mapping if h not in suggested]
        if unknown:
            raise MappingError(
                # Translators: {column} is the column asked for; {columns} lists the file's
                # columns, each in quotes.
                _("The file has no column {column}; its columns are {columns}.").format(
                    column=repr(short(unknown[0])),
                    columns=", ".join(repr(short(h)) for h in table.headers[:12])))
        suggested.update(mapping)
    plan = ImportPlan(table, suggested, (region or default_region(vault)).upper(), options,
                      recording)
    plan.samples = sample_values(table)
    plan.hints = shift_hints(table, plan.mapping)
    with cycle_collector_paused():
        plan._build(vault, cancel)
    return plan
