"""What every reader produces (a `Table`), the errors an import can raise, and the limits.

Limits (a policy, so a hostile or broken file cannot stall the app or bloat the vault):
- a file larger than `MAX_FILE_BYTES` (50 MB) is refused before it is read;
- a cell longer than `MAX_FIELD_CHARS` (500; notes `MAX_NOTES_CHARS`, 20,000) is cut to that
  length and the row's report line says so;
- more than `MAX_COLUMNS` columns (1,000) or `MAX_ROWS` rows (1,000,000) is refused;
- so is a file that would hold more than `MAX_CELLS` cells or `MAX_TEXT_CHARS` characters
  once read, or a workbook that unpacks to more than `MAX_UNPACKED_BYTES` (see xlsx_reader):
  a small file can describe a huge table (a zip of repeated XML, one cell far to the right),
  so these are counted as the file is read and it stops at the limit (`TooMuchData`).

Rows are kept as the file has them: a short row stays short, and a cell it does not have is
blank (`Table.cell`). Every reader asks `cancel` as it goes (`CancelCheck`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from organizer import formats
from organizer.core.errors import OrganizerError
from organizer.i18n import _

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 500
MAX_NOTES_CHARS = 20_000
MAX_COLUMNS = 1_000
MAX_ROWS = 1_000_000
MAX_CELLS = 10_000_000
MAX_TEXT_CHARS = 100_000_000
MAX_UNPACKED_BYTES = 128 * 1024 * 1024

Cancel = Callable[[], bool]


class ImportFileError(OrganizerError):
    """The file cannot be read as people (not contacts, damaged, cut off, too big)."""


class NotContactsFile(ImportFileError):
    """The file is empty, binary, or otherwise not a spreadsheet or contacts file."""


class FileTooLarge(ImportFileError):
    """The file is over the size limit."""


class TooMuchData(ImportFileError):
    """The file would grow past a limit once read (cells, characters, unpacked size)."""


class MappingError(ImportFileError):
    """No column can be used for names (or the chosen mapping is unusable)."""


class ImportCancelled(OrganizerError):
    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was added to the vault."))


@dataclass
class Table:
    """Rows of text cells under one header row, as read from any format.

    `row_numbers[i]` is how the user finds row i in their file (the spreadsheet row number,
    or for a vCard the line its card starts on); `problems` are notes about the file as a
    whole or about single rows (ragged rows), shown in the report.
    """

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    kind: str  # "csv", "google", "outlook", "xlsx", "vcard"
    row_label: str = "row"  # "row" or "line" (vCard): a key; messages say it in words
    problems: list[str] = field(default_factory=list)
    row_problems: dict[int, list[str]] = field(default_factory=dict)  # row index -> notes
    # Where it came from, when read from a file: its name (never its folder) and when it was
    # last changed (UTC, as records.now() writes times), which dates what the file says.
    file_name: str = ""
    file_date: str | None = None

    def note(self, index: int, text: str) -> None:
        self.row_problems.setdefault(index, []).append(text)

    def copy(self) -> Table:
        """The same rows under a copy of the headers and notes (preparing a plan tidies the
        headers in place, so each preparation starts from the table as read)."""
        return Table(list(self.headers), self.rows, self.row_numbers, self.kind,
                     self.row_label, list(self.problems), dict(self.row_problems),
                     self.file_name, self.file_date)

    def cell(self, index: int, position: int) -> str:
        """Row `index`'s cell in column `position`; blank where the row is shorter."""
        row = self.rows[index]
        return row[position] if position < len(row) else ""


class CancelCheck:
    """Asks `cancel` once every `every` calls: often enough that a cancel is felt at once,
    seldom enough to cost nothing."""

    def __init__(self, cancel: Cancel | None, every: int = 10_000) -> None:
        self.cancel = cancel
        self.every = every
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
        if self.cancel is not None and self.calls % self.every == 0 and self.cancel():
            raise ImportCancelled()


class RowCollector:
    """The rows a reader has read, counted against the limits before each is kept.

    `what` says which messages to give ("file" or "sheet"), `rows` what it holds ("rows" or
    "contacts"): keys, not words shown."""

    def __init__(self, what: str, cancel: Cancel | None, rows: str = "rows") -> None:
        self.what = what
        self.row_word = rows
        self.rows: list[list[str]] = []
        self.numbers: list[int] = []
        self.cells = 0
        self.chars = 0
        self.check_cancel = CancelCheck(cancel, every=1_000)

    def add(self, cells: list[str], number: int) -> None:
        self.check_cancel()
        if len(self.rows) >= MAX_ROWS:
            raise ImportFileError(self._too_many_rows())
        self.cells += len(cells)
        if self.cells > MAX_CELLS:
            limit = formats.number(MAX_CELLS)
            raise TooMuchData(
                _("The sheet has more than {limit} cells; Organizer reads at most that many. "
                  "Leave out the columns you do not need, or split it into smaller files."
                  ).format(limit=limit) if self.what == "sheet" else
                _("The file has more than {limit} cells; Organizer reads at most that many. "
                  "Leave out the columns you do not need, or split it into smaller files."
                  ).format(limit=limit))
        self.chars += sum(map(len, cells))
        if self.chars > MAX_TEXT_CHARS:
            limit = formats.number(MAX_TEXT_CHARS)
            raise TooMuchData(
                _("The sheet holds more than {limit} characters of text; Organizer reads at "
                  "most that many. Leave out the columns you do not need, or split it into "
                  "smaller files.").format(limit=limit) if self.what == "sheet" else
                _("The file holds more than {limit} characters of text; Organizer reads at "
                  "most that many. Leave out the columns you do not need, or split it into "
                  "smaller files.").format(limit=limit))
        self.rows.append(cells)
        self.numbers.append(number)

    def _too_many_rows(self) -> str:
        limit = formats.number(MAX_ROWS)
        if self.what == "sheet":
            return _("The sheet has more than {limit} rows; split it into smaller files."
                     ).format(limit=limit)
        if self.row_word == "contacts":
            return _("The file has more than {limit} contacts; split it into smaller files."
                     ).format(limit=limit)
        return _("The file has more than {limit} rows; split it into smaller files."
                 ).format(limit=limit)


def short(text: str, limit: int = 40) -> str:
    """A header or value made safe and short enough to quote in a message."""
    text = " ".join(str(text).split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a big file's rows become objects (lists, dicts,
    strings: no reference cycles). Each collection walks every object made so far, which was a
    tenth of a 100,000-row import; it is back on (if it was on) as soon as the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
