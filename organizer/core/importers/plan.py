"""An import, from a read table to people in the vault: preview, duplicates, report, apply.

    table = read_file(path)                          # any format, see importers/__init__
    plan = prepare(vault, table)                     # mapping suggested from the headers
    plan.preview()                                   # the first rows, mapped
    plan.pairs                                       # suspected duplicates, each with a choice
    report = plan.apply(vault, progress=..., cancel=...)

`apply` is all or nothing: one transaction (new departments, shifts and sites, merges and
new people together); an error or a cancel leaves the vault exactly as it was. Large imports
go through `bulk.bulk_load`, which indexes the new people for search in one pass.

Cell policy: surrounding spaces go; a leading apostrophe that a spreadsheet export put before
= + - @ (formula neutralising, as our own export does) is removed; a cell longer than
MAX_FIELD_CHARS (notes MAX_NOTES_CHARS) is cut and the row's report says so; a start date
that is not a date is left blank and the report says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from organizer.core import records
from organizer.core.bulk import bulk_load
from organizer.core.campaign import LIST_KINDS
from organizer.core.errors import OrganizerError
from organizer.core.importers.duplicates import DuplicateIndex, index_vault
from organizer.core.importers.mapping import (
    check_mapping,
    google_labels,
    google_values,
    recognise,
    sample_values,
    shift_hints,
    suggest_mapping,
    unmapped_message,
)
from organizer.core.importers.phones import default_region, valid_region
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

Progress = Callable[[float], None]

# Person columns filled from the import (department, shift, site become ids).
_TEXT_COLUMNS = ("name", "code_name", "personal_phone", "personal_email", "work_phone",
                 "work_email", "team", "job_title", "start_date", "language", "safe_channel",
                 "notes")
# Several columns for one of these: the first counts, the others go to the notes.
_CONTACT_FIELDS = ("personal_phone", "personal_email", "work_phone", "work_email")
# A Google Contacts number or address labelled "Work" is a work one.
_WORK = {"personal_phone": "work_phone", "personal_email": "work_email"}
_CHUNK = 2000  # rows between progress reports (and chances to cancel)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Choice(enum.Enum):
    SKIP = "skip"
    KEEP_BOTH = "keep both"
    MERGE = "merge"


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
            return f"{self.existing_name} (already in the vault)"
        return f"{self.existing_name} (earlier in the file)"


@dataclass(frozen=True)
class RowReport:
    row_number: int
    outcome: str  # "imported", "merged", "skipped"
    reason: str = ""


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

    def lines(self, limit: int = 50) -> list[str]:
        """The report as the command line prints it."""
        out = [f"rows read: {self.rows_read}", f"imported: {self.imported}",
               f"duplicates: {self.duplicates}", f"merged: {self.merged}",
               f"skipped: {self.skipped}"]
        if self.duplicates_skipped:
            out.append(self.duplicates_line())
        notes = [r for r in self.rows if r.reason]
        for row in notes[:limit]:
            out.append(f"  {self.row_label} {row.row_number}: {row.outcome}: {row.reason}")
        if len(notes) > limit:
            out.append(f"  … and {len(notes) - limit} more")
        out.extend(self.problems)
        return out

    def duplicates_line(self) -> str:
        """How many rows were skipped as suspected duplicates, and why: the rows themselves
        are listed only up to a limit."""
        total = sum(self.duplicates_skipped.values())
        why = ", ".join(f"{count:,} {reason}" for reason, count in sorted(
            self.duplicates_skipped.items(), key=lambda item: (-item[1], item[0])))
        return f"skipped as suspected duplicates: {total:,} ({why})"


@dataclass
class Candidate:
    index: int
    row_number: int
    values: dict[str, str]  # person text columns plus department/shift/site names
    notes: list[str] = field(default_factory=list)


def _clean(value: str, limit: int) -> tuple[str, bool]:
    value = value.replace("\x00", "").strip()
    if len(value) > 1 and value[0] == "'" and value[1] in (*_FORMULA_START, "'"):
        value = value[1:]
    if len(value) > limit:
        return value[:limit], True
    return value, False


def _date(value: str) -> str | None:
    text = value.strip()[:10] if len(value.strip()) >= 10 else value.strip()
    if _ISO_DATE.fullmatch(text):
        # What nearly every file holds, read without strptime (25 µs a call: seconds for a
        # big roster); anything else, an impossible date included, goes the long way.
        with contextlib.suppress(ValueError):
            return dt.date(int(text[:4]), int(text[5:7]), int(text[8:])).isoformat()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


class _RowReader:
    """Rows of cells to candidates. What every row shares is worked out once: the mapped
    columns, and each distinct start date (a roster repeats them)."""

    def __init__(self, table: Table, mapping: dict[str, str | None]) -> None:
        # (cell position, field, length limit) of every column that goes somewhere
        self.fields = [
            (position, field_name, MAX_NOTES_CHARS if field_name == "notes" else MAX_FIELD_CHARS)
            for position, header in enumerate(table.headers)
            if (field_name := mapping.get(header)) is not None]
        self.labels = google_labels(table.headers) if table.kind == "google" else {}
        self.dates: dict[str, str | None] = {}

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
                    notes.append(f"{field_name.replace('_', ' ')} cut to {limit:,} characters")
            if position in self.labels:  # Google: "a ::: b", labelled Mobile or Work
                found = google_values(value)
                if not found:
                    continue
                value = found[0]
                label = self.labels[position]
                if label < width and "work" in row[label].lower():
                    field_name = _WORK.get(field_name, field_name)
                others.extend((field_name, v) for v in found[1:])
            # Two columns for one field: notes are joined, otherwise the first one counts
            # (another phone or email is kept in the notes).
            if field_name not in values:
                values[field_name] = value
            elif field_name == "notes":
                values["notes"] = f"{values['notes']}\n{value}"[:MAX_NOTES_CHARS]
            elif field_name in _CONTACT_FIELDS and value != values[field_name]:
                others.append((field_name, value))
        if others:
            extra = "\n".join(f"Other {f.replace('_', ' ')}: {v}" for f, v in others)
            values["notes"] = f"{values['notes']}\n{extra}" if values.get("notes") else extra
        first, last = values.pop("first_name", ""), values.pop("last_name", "")
        if "name" not in values:
            values["name"] = " ".join(p for p in (first, last) if p)[:MAX_FIELD_CHARS]
        if "start_date" in values:
            typed = values["start_date"]
            if typed in self.dates:
                parsed = self.dates[typed]
            else:
                parsed = self.dates[typed] = _date(typed)
            if parsed is None:
                notes.append(f"start date {short(typed)!r} is not a date; left blank")
                del values["start_date"]
            else:
                values["start_date"] = parsed
        return Candidate(index, number, values, notes)


class ImportPlan:
    """Everything an import will do, worked out before anything is written."""

    def __init__(self, table: Table, mapping: dict[str, str | None], region: str) -> None:
        self.table = table
        self.mapping = dict(mapping)
        self.region = region
        self.candidates: list[Candidate] = []
        self.skipped: dict[int, str] = {}  # row index -> reason
        self.pairs: list[DuplicatePair] = []
        self.samples: dict[str, list[str]] = {}  # header -> a few of its values
        self.hints: list[str] = []  # about the mapping (a Team column of shifts...)

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

    def _build(self, vault: Vault, cancel: Cancel | None = None) -> None:
        check_mapping(self.mapping)
        reader = _RowReader(self.table, self.mapping)
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
                self.skipped[i] = "no name"
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

    # ----- the outcome ---------------------------------------------------------------------

    def report(self) -> ImportReport:
        """What `apply` will do with the current choices (a dry run)."""
        report, _, _ = self._outcome()
        return report

    def _outcome(self) -> tuple[ImportReport, list[Candidate], list[tuple[str, Candidate]]]:
        report = ImportReport(rows_read=len(self.table.rows), duplicates=len(self.pairs),
                              problems=list(self.table.problems),
                              row_label=self.table.row_label)
        if self.unmapped_message:
            report.problems.append(self.unmapped_message)
        by_index = {p.index: p for p in self.pairs}
        to_insert: list[Candidate] = []
        merges: list[tuple[str, Candidate]] = []
        # Rows merged into an earlier row of the file: fill the earlier row's blanks.
        merged_into: dict[int, dict[str, str]] = {}
        for candidate in self.candidates:
            i = candidate.index
            notes = "; ".join(candidate.notes) if candidate.notes else ""
            if i in self.skipped:
                report.skipped += 1
                report.rows.append(RowReport(candidate.row_number, "skipped",
                                             "; ".join([self.skipped[i], *candidate.notes])))
                continue
            pair = by_index.get(i)
            if pair is None or pair.choice is Choice.KEEP_BOTH:
                to_insert.append(candidate)
                reason = notes
                if pair is not None:
                    reason = "; ".join(x for x in (
                        f"kept although {pair.reason} as {pair.other_label}", notes) if x)
                report.imported += 1
                report.rows.append(RowReport(candidate.row_number, "imported", reason))
            elif pair.choice is Choice.SKIP:
                report.skipped += 1
                report.duplicates_skipped[pair.reason] = report.duplicates_skipped.get(
                    pair.reason, 0) + 1
                report.rows.append(RowReport(
                    candidate.row_number, "skipped",
                    f"duplicate: {pair.reason} as {pair.other_label}"))
            else:
                report.merged += 1
                report.rows.append(RowReport(
                    candidate.row_number, "merged",
                    f"merged into {pair.other_label} ({pair.reason})"))
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
                        if not values.get(key):
                            values[key] = value
                    c = Candidate(c.index, c.row_number, values, c.notes)
                filled.append(c)
            to_insert = filled
        return report, to_insert, merges

    def apply(
        self, vault: Vault, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> ImportReport:
        """Write the plan in one transaction; on any error or a cancel, nothing is written."""
        with cycle_collector_paused():
            return self._apply(vault, progress, cancel)

    def _apply(self, vault: Vault, progress: Progress | None, cancel: Cancel | None
               ) -> ImportReport:
        started = time.perf_counter()
        report, to_insert, merges = self._outcome()
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
                ids = _list_ids(conn, [*to_insert, *(c for _, c in merges)], stamp)
                for person_id, candidate in merges:
                    _merge_into(conn, person_id, candidate, ids, stamp)
                step(len(merges))
                with bulk_load(conn) as writer:
                    _insert_people(writer, to_insert, ids, stamp, step)
                if cancel is not None and cancel():
                    raise ImportCancelled()
        except OrganizerError:
            if cancel is not None and cancel():  # interrupted inside a statement
                raise ImportCancelled() from None
            raise
        if merges:
            vault.checkpoint()
        report.applied = True
        report.seconds = time.perf_counter() - started
        return report


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


def _insert_people(conn: Any, to_insert: list[Candidate], ids: dict[tuple[str, str], str],
                   stamp: str, step: Callable[[int], None]) -> None:
    """INSERT the new people, one executemany per `_CHUNK` rows, calling `step` after each.
    Only the columns some row fills are written (the others keep their defaults); the new ids
    are sorted, so the primary-key index grows at its end rather than at random places, and
    rowids follow the file's order."""
    text_columns = [col for col in _TEXT_COLUMNS if any(c.values.get(col) for c in to_insert)]
    columns = ("id", *text_columns, *(f"{kind}_id" for kind in LIST_KINDS),
               "created_at", "updated_at")
    sql = f"INSERT INTO person ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    blank = {col: None if col == "start_date" else "" for col in text_columns}
    list_ids: dict[tuple[str, str], str | None] = {}  # (kind, name as typed) -> id

    def list_id(kind: str, typed: str) -> str | None:
        if (kind, typed) not in list_ids:
            name = typed.strip().casefold()
            list_ids[(kind, typed)] = ids.get((kind, name)) if name else None
        return list_ids[(kind, typed)]

    new_ids = _new_ids(len(to_insert))
    for start in range(0, len(to_insert), _CHUNK):
        chunk = to_insert[start:start + _CHUNK]
        conn.executemany(sql, [
            (new_ids[start + n],
             *(c.values.get(col) or blank[col] for col in text_columns),
             *(list_id(kind, c.values.get(kind, "")) for kind in LIST_KINDS),
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
                ids: dict[tuple[str, str], str], stamp: str) -> None:
    """Fill the existing person's blank fields from the row; add the row's notes."""
    row = conn.execute(  # type: ignore[attr-defined]
        f"SELECT {', '.join(_TEXT_COLUMNS)}, department_id, shift_id, site_id FROM person "
        "WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        return
    current = dict(zip((*_TEXT_COLUMNS, "department_id", "shift_id", "site_id"), row,
                       strict=True))
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
) -> ImportPlan:
    """Map (suggested, or the caller's edited mapping), check names, and find duplicates.

    `cancel` is asked every few thousand rows; a true answer raises ImportCancelled (a
    worker whose file or mapping changed, or whose vault is locking, stops reading it)."""
    table = recognise(table)
    if region is not None and not valid_region(region):
        raise MappingError(f"{short(region)!r} is not a country code such as US, GB, FR or MX.")
    suggested = suggest_mapping(table.headers, table.kind)
    if mapping is not None:
        unknown = [h for h in mapping if h not in suggested]
        if unknown:
            raise MappingError(
                f"The file has no column {short(unknown[0])!r}; its columns are "
                f"{', '.join(repr(short(h)) for h in table.headers[:12])}.")
        suggested.update(mapping)
    plan = ImportPlan(table, suggested, (region or default_region(vault)).upper())
    plan.samples = sample_values(table)
    plan.hints = shift_hints(table, plan.mapping)
    with cycle_collector_paused():
        plan._build(vault, cancel)
    return plan
