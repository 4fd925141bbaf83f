"""Excel workbooks (.xlsx) through openpyxl in read-only mode: the first sheet or a chosen one.

The first non-empty row is the header. Numbers that are whole (phone numbers typed into a
number cell) become their digits without ".0"; dates become YYYY-MM-DD.

A workbook is a zip of XML, and a small one can unpack to gigabytes, or declare a sheet a
million rows long and sixteen thousand columns wide. So, before openpyxl opens it, the sizes
its zip declares for the unpacked parts are added up (zipfile never unpacks more than that):
the sheets and shared strings may unpack to `MAX_UNPACKED_BYTES` together, everything else
(styles, names, relationships: openpyxl builds an object for each of their elements) to
`MAX_SETTINGS_BYTES`. Then the sheet is read one cell at a time: openpyxl's own cell parser
gives each cell's value (shared strings, dates from the number format), but its read-only
rows are padded to the sheet's declared width and hold a whole row's XML at once, so the
elements are walked here and each is dropped once read. Only cells with something in them,
under the header's columns, are kept.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from organizer import formats
from organizer.core.importers.table import (
    MAX_COLUMNS,
    MAX_UNPACKED_BYTES,
    Cancel,
    CancelCheck,
    ImportCancelled,
    ImportFileError,
    NotContactsFile,
    RowCollector,
    Table,
    TooMuchData,
    short,
)
from organizer.i18n import _

MAX_SETTINGS_BYTES = 16 * 1024 * 1024
_MB = 1024 * 1024


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def sheet_names(data: bytes) -> list[str]:
    workbook = _open(data)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _refuse_damaged(error: Exception) -> ImportFileError:
    return ImportFileError(
        # Translators: {error} is the zip library's own explanation, in English.
        _("The workbook cannot be opened ({error}); it may be damaged or protected with a "
          "password. Save it again from Excel, or as CSV.").format(
            error=short(str(error) or type(error).__name__, 80)))


def _open(data: bytes) -> Any:
    import openpyxl  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_unpacked_size(archive)
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as error:
        raise _refuse_damaged(error) from None
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(
            # Translators: {error} names the kind of error, in English (KeyError).
            _("The workbook cannot be opened (it may be damaged, or not really an Excel "
              "workbook: {error}). Save it again from Excel, or as CSV.").format(
                error=type(error).__name__)
        ) from None


def _data_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts the manifest says are sheets or shared strings: the workbook's data."""
    from openpyxl.packaging.manifest import Manifest  # type: ignore[import-untyped]
    from openpyxl.xml.constants import (  # type: ignore[import-untyped]
        ARC_CONTENT_TYPES,
        ARC_STYLE,
        SHARED_STRINGS,
        WORKSHEET_TYPE,
    )
    from openpyxl.xml.functions import fromstring  # type: ignore[import-untyped]

    if ARC_CONTENT_TYPES not in archive.namelist():
        return set()  # not a workbook: openpyxl says so
    if archive.getinfo(ARC_CONTENT_TYPES).file_size > MAX_SETTINGS_BYTES:
        raise _too_much_unpacked(archive.getinfo(ARC_CONTENT_TYPES).file_size)
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    # The styles are read from their fixed place whatever the manifest calls them.
    return {part.PartName.lstrip("/") for part in manifest.Override
            if part.ContentType in (WORKSHEET_TYPE, SHARED_STRINGS)} - {ARC_STYLE}


def check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts would unpack past the limits, before any is unpacked."""
    data_parts = _data_parts(archive)
    data = settings = 0
    for info in archive.infolist():
        if info.filename in data_parts:
            data += info.file_size
        else:
            settings += info.file_size
    if data > MAX_UNPACKED_BYTES or settings > MAX_SETTINGS_BYTES:
        raise _too_much_unpacked(data + settings)


def _too_much_unpacked(size: int) -> TooMuchData:
    return TooMuchData(_(
        "The workbook unpacks to more than {size} MB; Organizer reads workbooks that unpack "
        "to at most {limit} MB. Save the sheet as CSV, or split it into smaller files."
    ).format(size=formats.number(size // _MB), limit=formats.number(MAX_UNPACKED_BYTES // _MB)))


def read_xlsx_bytes(data: bytes, sheet: str | None = None, *, cancel: Cancel | None = None
                    ) -> Table:
    workbook = _open(data)
    try:
        worksheet = _choose_sheet(workbook, sheet)
        try:
            return _read_sheet(workbook, worksheet, cancel)
        except (ImportFileError, ImportCancelled):
            raise
        except Exception as error:  # a damaged sheet inside a valid zip
            raise ImportFileError(
                # Translators: {error} names the kind of error, in English (KeyError).
                _("The sheet cannot be read ({error}); it may be damaged. Save it again from "
                  "Excel, or as CSV.").format(error=type(error).__name__)
            ) from None
    finally:
        workbook.close()


def _choose_sheet(workbook: Any, sheet: str | None) -> Any:
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            names = ", ".join(repr(short(n)) for n in workbook.sheetnames)
            raise ImportFileError(
                # Translators: {sheet} is the sheet asked for; {sheets} lists the workbook's.
                _("The workbook has no sheet called {sheet}; its sheets are {sheets}.").format(
                    sheet=repr(short(sheet)), sheets=names))
        return workbook[sheet]
    if not workbook.sheetnames:
        raise NotContactsFile(_("The workbook has no sheets: there is nobody to import."))
    return workbook[workbook.sheetnames[0]]


def _read_sheet(workbook: Any, worksheet: Any, cancel: Cancel | None) -> Table:
    headers: list[str] | None = None
    collected = RowCollector("sheet", cancel)
    longer: list[int] = []
    for number, cells, widest in _sheet_rows(workbook, worksheet, cancel):
        if headers is None:
            headers = _header(cells, widest)
            continue
        if widest > len(headers):
            longer.append(len(collected.rows))
        row: list[str] = []
        for column, text in cells:
            if column > len(headers):
                break  # in order: the rest are further out
            _put(row, column, text)
        if row:
            collected.add(row, number)
    if headers is None:
        raise NotContactsFile(_("The sheet is empty: there is nobody to import."))
    table = Table(headers, collected.rows, collected.numbers, "xlsx")
    for index in longer:
        if index < len(table.rows):
            table.note(index, _("more cells than the header row; the extra cells were left out"))
    return table


def _header(cells: list[tuple[int, str]], widest: int) -> list[str]:
    if widest > MAX_COLUMNS:
        raise ImportFileError(_("The sheet has {count} columns; Organizer reads at most {limit}."
                                ).format(count=formats.number(widest),
                                         limit=formats.number(MAX_COLUMNS)))
    headers: list[str] = []
    for column, text in cells:
        _put(headers, column, text)
    return headers


def _put(row: list[str], column: int, text: str) -> None:
    """Cell `column` (from 1) of `row` is `text`; the cells before it are blank if unseen."""
    if column > len(row):
        row.extend([""] * (column - 1 - len(row)))
        row.append(text)
    else:
        row[column - 1] = text


def _sheet_rows(workbook: Any, worksheet: Any, cancel: Cancel | None
                ) -> Iterator[tuple[int, list[tuple[int, str]], int]]:
    """(row number, [(column, text)], widest column) of each row with something in it: the
    cells that hold text, left to right, up to MAX_COLUMNS (no header is wider), and the
    rightmost column that holds text, kept or not."""
    from openpyxl.worksheet._reader import (  # type: ignore[import-untyped]
        CELL_TAG,
        ROW_TAG,
        WorkSheetParser,
    )
    from openpyxl.xml.functions import iterparse

    check_cancel = CancelCheck(cancel)
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source, worksheet._shared_strings, data_only=True, epoch=workbook.epoch,
            date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        open_elements: list[Any] = []
        open_cells = 0  # a cell's own elements stay until the cell is read
        cells: dict[int, str] = {}
        widest = 0
        for event, element in iterparse(source, events=("start", "end")):
            check_cancel()
            if event == "start":
                open_elements.append(element)
                if element.tag == ROW_TAG:
                    _start_row(parser, element.get("r"))
                elif element.tag == CELL_TAG:
                    open_cells += 1
                continue
            open_elements.pop()
            if element.tag == CELL_TAG:
                open_cells -= 1
                cell = parser.parse_cell(element)
                text = cell_text(cell["value"]).strip()
                column = int(cell["column"])
                if text:
                    widest = max(widest, column)
                    if column <= MAX_COLUMNS:
                        cells[column] = text
            elif element.tag == ROW_TAG and widest:
                yield parser.row_counter, sorted(cells.items()), widest
                cells, widest = {}, 0
            if open_elements and not open_cells:
                # Read and done with: out of the tree, so the tree stays a few elements.
                open_elements[-1].remove(element)


def _start_row(parser: Any, number: str | None) -> None:
    """What openpyxl's parse_row does when a row starts: its number, for cells without one."""
    parser.row_counter = int(float(number)) if number else parser.row_counter + 1
    parser.col_counter = 0
