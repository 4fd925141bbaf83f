"""Excel workbooks (.xlsx) through openpyxl in read-only mode: the first sheet or a chosen one.

The first non-empty row is the header. Numbers that are whole (phone numbers typed into a
number cell) become their digits without ".0"; dates become YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from organizer.core.importers.table import (
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    NotContactsFile,
    Table,
    short,
)


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


def _open(data: bytes) -> Any:
    import openpyxl  # type: ignore[import-untyped]

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as error:
        raise ImportFileError(
            f"The workbook cannot be opened ({short(str(error) or type(error).__name__, 80)}); "
            "it may be damaged or protected with a password. Save it again from Excel, or as CSV."
        ) from None
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(
            "The workbook cannot be opened (it may be damaged, or not really an Excel "
            f"workbook: {type(error).__name__}). Save it again from Excel, or as CSV."
        ) from None


def read_xlsx_bytes(data: bytes, sheet: str | None = None) -> Table:
    workbook = _open(data)
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                names = ", ".join(repr(short(n)) for n in workbook.sheetnames)
                raise ImportFileError(
                    f"The workbook has no sheet called {short(sheet)!r}; its sheets are {names}."
                )
            worksheet = workbook[sheet]
        else:
            if not workbook.sheetnames:
                raise NotContactsFile("The workbook has no sheets: there is nobody to import.")
            worksheet = workbook[workbook.sheetnames[0]]
        headers: list[str] | None = None
        rows: list[list[str]] = []
        numbers: list[int] = []
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(v).strip() if isinstance(v, str) else cell_text(v)
                         for v in values]
                if not any(c.strip() for c in cells):
                    continue
                if headers is None:
                    while cells and not cells[-1].strip():
                        cells.pop()
                    if len(cells) > MAX_COLUMNS:
                        raise ImportFileError(
                            f"The sheet has {len(cells):,} columns; Organizer reads at most "
                            f"{MAX_COLUMNS:,}."
                        )
                    headers = [c.strip() for c in cells]
                    continue
                if len(rows) >= MAX_ROWS:
                    raise ImportFileError(
                        f"The sheet has more than {MAX_ROWS:,} rows; split it into smaller files."
                    )
                cells = (cells + [""] * len(headers))[: len(headers)]
                rows.append(cells)
                numbers.append(number)
        except ImportFileError:
            raise
        except Exception as error:  # a damaged sheet inside a valid zip
            raise ImportFileError(
                f"The sheet cannot be read ({type(error).__name__}); it may be damaged. "
                "Save it again from Excel, or as CSV."
            ) from None
        if headers is None:
            raise NotContactsFile("The sheet is empty: there is nobody to import.")
        return Table(headers, rows, numbers, "xlsx")
    finally:
        workbook.close()
