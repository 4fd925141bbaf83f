"""Rows are numbered as the spreadsheet numbers them (the header is row 1, the first data row
2, a blank line is a row too, a cell with line breaks is one row), and that one number is what
the report, the suspected duplicates and the preview show. Real vault files."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]

from organizer.core.importers import prepare, read_bytes, read_file
from organizer.core.vault import Vault

# Row 1 the header; row 3 blank; row 4's note spans two lines; row 6 has no name; row 7 is
# row 2 again (same phone).
SHEET = (
    "Name,Phone,Notes\r\n"
    "Ana Ruiz,+1 206 555 0100,\r\n"
    "\r\n"
    "Bo Li,+1 206 555 0101,\"first line\r\nsecond line\"\r\n"
    "Cy Park,+1 206 555 0102,\r\n"
    ",+1 206 555 0199,nobody\r\n"
    "Ana R.,+1 206 555 0100,\r\n"
)


def test_csv_rows_are_numbered_as_the_spreadsheet_shows_them(
    vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(SHEET.encode())
    table = read_file(path)
    assert table.row_numbers == [2, 4, 5, 6, 7]
    plan = prepare(vault, table)
    assert [(p.row_number, p.name) for p in plan.pairs] == [(7, "Ana R.")]
    assert [number for number, _values in plan.preview_rows()] == [2, 4, 5, 6, 7]
    report = plan.apply(vault)
    assert {(r.row_number, r.outcome) for r in report.rows} == {
        (2, "imported"), (4, "imported"), (5, "imported"), (6, "skipped"), (7, "skipped")}
    lines = report.lines()
    assert "  row 6: skipped: no name" in lines
    assert any(line.startswith("  row 7: skipped: duplicate: same phone") for line in lines)


def test_xlsx_rows_keep_the_sheet_numbers(vault: Vault) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Phone"])
    sheet.append(["Ana Ruiz", "+1 206 555 0100"])
    sheet.append([None, None])  # an empty row 3
    sheet.append(["Ana R.", "+1 206 555 0100"])
    out = io.BytesIO()
    book.save(out)
    plan = prepare(vault, read_bytes(out.getvalue()))
    assert plan.table.row_numbers == [2, 4]
    assert [(p.row_number, p.name) for p in plan.pairs] == [(4, "Ana R.")]
