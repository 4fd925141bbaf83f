"""Bringing people in from spreadsheets and phones: CSV, XLSX, Google/Outlook CSV, vCard.

    table = read_file(path, sheet=None, cancel=None)   # Table, or an OrganizerError subclass
    plan = prepare(vault, table, options=ImportOptions())   # see plan.py
    report = plan.apply(vault)                 # or ImportRefused: bad values, nothing written

A committee's own sheet brings its organizing columns too (assessment, assigned OC member,
on the OC, organic leader, issues, tags, last contact): see plan.py and cell_values.py.

The format is decided by content, not by the file name: a zip (.xlsx), "BEGIN:VCARD" (a
vCard), otherwise delimited text. An old binary .xls, an empty file or a binary file gets a
plain sentence (NotContactsFile); so does a file over MAX_FILE_BYTES (FileTooLarge), refused
before it is read. Reading stops at the limits of table.py (TooMuchData: a small file that
would grow into a huge table) and when `cancel` answers true (ImportCancelled).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from organizer import formats
from organizer.core.importers.cell_values import DateOrder
from organizer.core.importers.csv_reader import check_text, decode, read_csv_text
from organizer.core.importers.mapping import (
    IMPORT_FIELDS,
    field_label,
    suggest_mapping,
    unmapped_message,
)
from organizer.core.importers.oc_members import UnknownOcMembers
from organizer.core.importers.plan import (
    BadValues,
    Choice,
    DuplicatePair,
    ImportOptions,
    ImportPlan,
    ImportRefused,
    ImportReport,
    prepare,
)
from organizer.core.importers.recording import Recording
from organizer.core.importers.table import (
    MAX_FILE_BYTES,
    Cancel,
    FileTooLarge,
    ImportCancelled,
    ImportFileError,
    MappingError,
    NotContactsFile,
    Table,
    TooMuchData,
)
from organizer.core.importers.vcard import looks_like_vcard, read_vcard_text
from organizer.core.importers.xlsx_reader import read_xlsx_bytes, sheet_names
from organizer.i18n import _

__all__ = [
    "IMPORT_FIELDS", "MAX_FILE_BYTES", "BadValues", "Choice", "DateOrder", "DuplicatePair",
    "FileTooLarge", "ImportCancelled", "ImportFileError", "ImportOptions", "ImportPlan",
    "ImportRefused", "ImportReport", "MappingError", "NotContactsFile", "Recording", "Table",
    "TooMuchData", "UnknownOcMembers", "field_label", "prepare", "read_bytes", "read_file",
    "sheet_names", "suggest_mapping", "unmapped_message",
]

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_bytes(data: bytes, sheet: str | None = None, *, cancel: Cancel | None = None
               ) -> Table:
    if not data.strip():
        raise NotContactsFile(_("The file is empty: there is nobody to import."))
    if len(data) > MAX_FILE_BYTES:
        raise FileTooLarge(_too_large(len(data)))
    if data.startswith(_ZIP):
        return read_xlsx_bytes(data, sheet, cancel=cancel)
    if data.startswith(_OLE2):
        raise NotContactsFile(_(
            "This is an old Excel file (.xls) or another Office document. Open it in your "
            "spreadsheet and save it as .xlsx or CSV, then import that."
        ))
    text = decode(data)
    check_text(text)
    if looks_like_vcard(text):
        return read_vcard_text(text, cancel)
    return read_csv_text(text, cancel=cancel)


def read_file(path: Path | str, sheet: str | None = None, *, cancel: Cancel | None = None
              ) -> Table:
    path = Path(path)
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES:
            raise FileTooLarge(_too_large(info.st_size))
        if path.is_dir():
            raise NotContactsFile(_("{name} is a folder, not a file. Choose a file.").format(
                name=path.name))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(_("There is no file {path}.").format(path=path)) from None
    except PermissionError:
        raise ImportFileError(_("{path} cannot be read (permission denied).").format(
            path=path)) from None
    except IsADirectoryError:
        raise NotContactsFile(_("{name} is a folder, not a file. Choose a file.").format(
            name=path.name)) from None
    table = read_bytes(data, sheet, cancel=cancel)
    table.file_name = path.name
    table.file_date = _utc(info.st_mtime)  # when the file last changed: what it says dates from
    return table


def _utc(timestamp: float) -> str:
    """A file time as records.now() writes times: 2026-11-23T14:05:09.123Z."""
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _too_large(size: int) -> str:
    return _(
        "The file is {size} MB; Organizer imports files up to {limit} MB. Split it into "
        "smaller files and import each."
    ).format(size=formats.number(round(size / 1_000_000)),
             limit=formats.number(MAX_FILE_BYTES // (1024 * 1024)))
