"""What every reader produces (a `Table`), the errors an import can raise, and the limits.

Limits (a policy, so a hostile or broken file cannot stall the app or bloat the vault):
- a file larger than `MAX_FILE_BYTES` (50 MB) is refused before it is read;
- a cell longer than `MAX_FIELD_CHARS` (500; notes `MAX_NOTES_CHARS`, 20,000) is cut to that
  length and the row's report line says so;
- more than `MAX_COLUMNS` columns (1,000) or `MAX_ROWS` rows (1,000,000) is refused.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

from organizer.core.errors import OrganizerError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 500
MAX_NOTES_CHARS = 20_000
MAX_COLUMNS = 1_000
MAX_ROWS = 1_000_000


class ImportFileError(OrganizerError):
    """The file cannot be read as people (not contacts, damaged, cut off, too big)."""


class NotContactsFile(ImportFileError):
    """The file is empty, binary, or otherwise not a spreadsheet or contacts file."""


class FileTooLarge(ImportFileError):
    """The file is over the size limit."""


class MappingError(ImportFileError):
    """No column can be used for names (or the chosen mapping is unusable)."""


class ImportCancelled(OrganizerError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was added to the vault.")


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
    row_label: str = "row"  # "row" or "line" (vCard), for messages
    problems: list[str] = field(default_factory=list)
    row_problems: dict[int, list[str]] = field(default_factory=dict)  # row index -> notes

    def note(self, index: int, text: str) -> None:
        self.row_problems.setdefault(index, []).append(text)


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
