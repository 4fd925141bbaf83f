"""CSV (and tab- or semicolon-separated text) from any spreadsheet or contacts app.

Encoding: a BOM decides (UTF-8, or UTF-16 as Excel's "Unicode text" writes it); without one,
UTF-16 is recognised by its NUL bytes, then strict UTF-8 is tried, then cp1252 (what Excel on
Windows writes in Western Europe and the Americas), then Latin-1, which decodes anything.
The delimiter (comma, semicolon, tab) is the one that splits the first records into the most
columns consistently. Quoted fields may hold newlines. Ragged rows are kept as they are: a
short row stays short (its missing cells are blank), extra cells are left out, and the report
lists the rows. Rows are numbered as a spreadsheet numbers them (the header on the first line
is row 1, blank lines count), the one numbering the report, the preview and the duplicates
use. The text is handed to the csv module a line at a time, so reading holds no
second copy of the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator

from organizer import formats
from organizer.core.importers.table import (
    MAX_COLUMNS,
    Cancel,
    ImportFileError,
    NotContactsFile,
    RowCollector,
    Table,
    cycle_collector_paused,
)
from organizer.i18n import _

DELIMITERS = (",", ";", "\t")
_SAMPLE_CHARS = 64 * 1024
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def decode(data: bytes) -> str:
    """The file's text, by BOM, then UTF-16 without BOM, UTF-8, cp1252, Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # binary, found below
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotContactsFile(
            # Translators: {encoding} is UTF-8 or UTF-16; {byte} a position in the file.
            _("The file says it is {encoding} text but byte {byte} is not; it may be damaged. "
              "Save it again from the spreadsheet as CSV.").format(
                encoding=encoding.upper(), byte=error.start)
        ) from None


def check_text(text: str) -> None:
    """Refuse empty and binary content with a plain sentence."""
    if not text.strip():
        raise NotContactsFile(_("The file is empty: there is nobody to import."))
    sample = text[:_SAMPLE_CHARS]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\r\n\f") or c == "\x7f")
    if "\x00" in sample or controls * 50 > len(sample):
        raise NotContactsFile(_(
            "The file is not text (it looks like a program, an image or a compressed file). "
            "Import a CSV, an Excel workbook (.xlsx) or contacts (.vcf)."
        ))


def sniff_delimiter(text: str) -> str:
    sample = text[:_SAMPLE_CHARS]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            records = []
            for i, record in enumerate(csv.reader(io.StringIO(sample), delimiter=delimiter)):
                if i >= 30:
                    break
                records.append(len(record))
        except csv.Error:
            continue
        if len(records) > 1 and not sample.endswith(("\n", "\r")):
            records = records[:-1]  # the sample may cut the last record short
        if not records:
            continue
        width, count = Counter(records).most_common(1)[0]
        if width < 2:
            continue
        score = (count, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def lines(text: str) -> Iterator[str]:
    """The text's lines with their line ends, as a file opened with newline="" gives them
    (io.StringIO would first copy the whole text, at four bytes a character)."""
    return (match.group() for match in _LINE.finditer(text))


def read_csv_text(text: str, *, kind: str = "csv", cancel: Cancel | None = None) -> Table:
    with cycle_collector_paused():
        return _read_csv_text(text, kind, cancel)


def _read_csv_text(text: str, kind: str, cancel: Cancel | None) -> Table:
    check_text(text)
    text = text.removeprefix("\ufeff")
    delimiter = sniff_delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    reader = csv.reader(lines(text), delimiter=delimiter)
    headers: list[str] | None = None
    collected = RowCollector("file", cancel)
    longer: list[int] = []
    try:
        # A spreadsheet shows each record as one row, a blank line too (and a quoted cell
        # holding line breaks as one row): rows are numbered as it numbers them.
        for number, record in enumerate(reader, start=1):
            if headers is None:
                if not any(cell.strip() for cell in record):
                    continue  # blank lines above the header
                if len(record) > MAX_COLUMNS:
                    raise ImportFileError(_(
                        "The file has {count} columns; Organizer reads at most {limit}. "
                        "Leave out the columns you do not need."
                    ).format(count=formats.number(len(record)),
                             limit=formats.number(MAX_COLUMNS)))
                headers = [cell.strip() for cell in record]
                continue
            if not "".join(record).strip():  # blank (one call, not one per cell)
                continue
            if len(record) > len(headers):
                extra = record[len(headers):]
                if any(cell.strip() for cell in extra):
                    longer.append(len(collected.rows))
                record = record[: len(headers)]
            collected.add(record, number)
    except csv.Error as error:
        raise ImportFileError(
            # Translators: {error} is the csv module's own explanation, in English.
            _("The file cannot be read as CSV near line {line} ({error}). Save it again from "
              "the spreadsheet as CSV.").format(line=reader.line_num, error=error)
        ) from None
    if headers is None:
        raise NotContactsFile(_("The file is empty: there is nobody to import."))
    table = Table(headers, collected.rows, collected.numbers, kind)
    for index in longer:
        table.note(index, _("more cells than the header row; the extra cells were left out"))
    return table


def read_csv_bytes(data: bytes, cancel: Cancel | None = None) -> Table:
    return read_csv_text(decode(data), cancel=cancel)
