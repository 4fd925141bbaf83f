"""Files made to hurt the importer: reading stays linear in the file's size, memory a small
multiple of the data actually present, a file that would grow past a limit is refused with
one sentence before the memory is spent, and a cancel stops the reading. Work is measured in
characters built and bytes allocated (tracemalloc), never in seconds."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from organizer.core.importers import (
    ImportCancelled,
    ImportFileError,
    Table,
    TooMuchData,
    prepare,
    read_bytes,
    read_file,
    vcard,
)
from organizer.core.importers import table as table_module
from organizer.core.importers.table import MAX_TEXT_CHARS, MAX_UNPACKED_BYTES
from organizer.core.vault import Vault
from tests.core.import_fixtures import by_name, counts


def peak_memory(read: Callable[[], Any]) -> tuple[Any, int]:
    """What `read` returns (or raises), and the most memory it held at once."""
    tracemalloc.start()
    try:
        try:
            result: Any = read()
        except ImportFileError as error:
            result = error
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cancel_after(checks: int) -> tuple[Callable[[], bool], list[int]]:
    """A cancel that answers true from its `checks`-th question on, and the questions."""
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= checks

    return cancel, asked


# ----- files as an adversary makes them ------------------------------------------------------


def folded_vcard(continuations: int) -> bytes:
    """One card whose note goes on over `continuations` folded lines."""
    return ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nNOTE:start\r\n"
            + " more\r\n" * continuations + "END:VCARD\r\n").encode()


def wide_header_csv(rows: int, columns: int = 1000) -> bytes:
    """A header of `columns` columns over rows of one cell each."""
    header = ",".join(["Name", *(f"Column {i}" for i in range(2, columns + 1))])
    return (header + "\n" + "".join(f"Person{i} Example\n" for i in range(rows))).encode()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(sheet_rows: str | Iterator[str], *, dimension: str = "A1",
             shared: list[str] | None = None, styles: bytes | None = None) -> bytes:
    """A minimal .xlsx whose one sheet's <sheetData> holds `sheet_rows` (written piece by
    piece, so a big sheet is never one string in memory)."""
    buffer = io.BytesIO()
    overrides = [("/xl/workbook.xml", f"{_TYPES}.sheet.main+xml"),
                 ("/xl/worksheets/sheet1.xml", f"{_TYPES}.worksheet+xml")]
    if shared is not None:
        overrides.append(("/xl/sharedStrings.xml", f"{_TYPES}.sharedStrings+xml"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/>' + "".join(
                f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
            + "</Types>"))
        archive.writestr("_rels/.rels", (
            f'<?xml version="1.0"?><Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0"?><Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", (
                f'<?xml version="1.0"?><sst xmlns="{_MAIN}">'
                + "".join(f"<si><t>{text}</t></si>" for text in shared) + "</sst>"))
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><dimension ref='
                        f'"{dimension}"/><sheetData>'.encode())
            for piece in [sheet_rows] if isinstance(sheet_rows, str) else sheet_rows:
                sheet.write(piece.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{text_cell("A1", "Name")}{text_cell("B1", "Phone")}</row>'


def sparse_rows(rows: int, stray: str = "XFD") -> Iterator[str]:
    """Rows with a name in A and a stray cell in column `stray`, the sheet's last by default."""
    yield HEADER_ROW
    for n in range(2, rows + 2):
        cells = text_cell(f"A{n}", f"Person{n}") + text_cell(f"{stray}{n}", "x")
        yield f'<row r="{n}">{cells}</row>'


# ----- vCard ---------------------------------------------------------------------------------


def test_folded_lines_are_unfolded_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each logical line is built once: the characters built are the characters read, at
    N and at 2N continuation lines (joining each continuation onto the line so far built
    N² / 2 characters: 8 billion for the 16 MB file that took minutes)."""
    built: list[int] = []
    text_of = vcard._Unfolding.text

    def counted(self: vcard._Unfolding) -> str:
        line = text_of(self)
        built.append(len(line))
        return line

    monkeypatch.setattr(vcard._Unfolding, "text", counted)
    for continuations in (50_000, 100_000):
        built.clear()
        data = folded_vcard(continuations)
        table, peak = peak_memory(lambda data=data: read_bytes(data))
        assert isinstance(table, Table) and len(table.rows) == 1
        assert table.rows[0][-1] == "start" + "more" * continuations
        assert sum(built) <= len(data)
        # The file's text, the line's buffer and the line itself, at most (it was 16 times
        # the file while the pieces were kept as a list).
        assert peak < 5 * len(data)


def test_a_cancel_stops_unfolding(tmp_path: Path) -> None:
    cancel, asked = cancel_after(2)
    with pytest.raises(ImportCancelled):
        read_file(write(tmp_path, "folded.vcf", folded_vcard(200_000)), cancel=cancel)
    assert len(asked) == 2


# ----- CSV -----------------------------------------------------------------------------------


def test_short_rows_under_a_wide_header_stay_short(vault: Vault, tmp_path: Path) -> None:
    """One-cell rows under a 1,000-column header take the memory of one-cell rows (padded,
    4,000 rows took 33 MB, 8,000 rows 66 MB), and import as any short row does. A row costs
    its list, its string and its number: about ten times a short row's bytes."""
    wide, wide_peak = peak_memory(lambda: read_bytes(wide_header_csv(4000)))
    _, narrow_peak = peak_memory(lambda: read_bytes(wide_header_csv(4000, columns=2)))
    _, double_peak = peak_memory(lambda: read_bytes(wide_header_csv(8000)))
    assert [len(row) for row in wide.rows] == [1] * 4000
    assert wide_peak < 1.5 * narrow_peak
    assert double_peak < 2.5 * wide_peak
    assert wide_peak < 16 * len(wide_header_csv(4000))
    assert wide.cell(0, 0) == "Person0 Example" and wide.cell(0, 999) == ""
    report = prepare(vault, read_file(write(tmp_path, "wide.csv", wide_header_csv(300)))
                     ).apply(vault)
    assert report.imported == 300 and "Person299 Example" in by_name(vault)


def test_a_cancel_stops_reading_a_csv(tmp_path: Path) -> None:
    cancel, asked = cancel_after(2)
    with pytest.raises(ImportCancelled):
        read_file(write(tmp_path, "long.csv", wide_header_csv(5000, columns=2)), cancel=cancel)
    assert len(asked) == 2


# ----- XLSX ----------------------------------------------------------------------------------


def test_a_declared_dimension_is_not_a_size() -> None:
    """A sheet that says it spans A1:XFD1048576 but holds three rows is read in the memory
    of the same three rows in a sheet that says A1:B3 (openpyxl's read-only rows are padded
    to the declared width, and every missing row up to the millionth is produced: 17 billion
    cells to look at)."""
    rows = HEADER_ROW + f'<row r="2">{text_cell("A2", "Ana Ruiz")}</row>' + (
        f'<row r="1048576">{text_cell("A1048576", "Bo Li")}</row>')
    honest = workbook(rows, dimension="A1:B1048576")
    hostile = workbook(rows, dimension="A1:XFD1048576")
    read_bytes(honest)  # openpyxl's modules are imported before anything is measured
    expected, honest_peak = peak_memory(lambda: read_bytes(honest))
    table, peak = peak_memory(lambda: read_bytes(hostile))
    assert table.rows == [["Ana Ruiz"], ["Bo Li"]] and table.row_numbers == [2, 1048576]
    assert table.rows == expected.rows and peak < 1.5 * honest_peak


def test_sparse_cells_far_to_the_right_take_no_room() -> None:
    """A cell in column XFD on every row is outside the header: the row keeps its name, the
    report says the row had more cells, and memory is that of the same rows with the stray
    cell in column C (give or take what else the process holds); doubling the rows about
    doubles it. (Padded to the sheet's width, each row was 16,384 cells to look at.)"""
    near = workbook(sparse_rows(2000, stray="C"))
    read_bytes(near)  # openpyxl's modules are imported before anything is measured
    _, near_peak = peak_memory(lambda: read_bytes(near))
    single, single_peak = peak_memory(lambda: read_bytes(workbook(sparse_rows(2000))))
    double, double_peak = peak_memory(lambda: read_bytes(workbook(sparse_rows(4000))))
    assert [len(row) for row in single.rows] == [1] * 2000
    assert "more cells than the header row" in single.row_problems[0][0]
    assert len(double.rows) == 4000
    assert single_peak < 2 * near_peak and double_peak < 2.5 * single_peak


def test_one_enormous_row_is_not_held_whole() -> None:
    """100,000 cells in one row beyond a two-column header: the row's XML is dropped cell by
    cell, so memory stays far below the row's own size."""
    cells = "".join(f'<c r="C2"><v>{n}</v></c>' for n in range(100_000))
    data = workbook(iter([HEADER_ROW, f'<row r="2">{text_cell("A2", "Ana Ruiz")}', cells,
                          "</row>"]))
    read_bytes(workbook(HEADER_ROW))  # openpyxl's modules are imported before measuring
    table, peak = peak_memory(lambda: read_bytes(data))
    assert table.rows == [["Ana Ruiz"]]
    assert peak < len(cells) // 2


def refusals() -> list[tuple[str, Callable[[], bytes], str]]:
    blank_rows = (' ' * (1 << 20) for _ in range(MAX_UNPACKED_BYTES // (1 << 20) + 1))
    big_string = "x" * 100_000
    repeated = (f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>'
                for n in range(2, MAX_TEXT_CHARS // len(big_string) + 3))
    styles = (f'<?xml version="1.0"?><styleSheet xmlns="{_MAIN}"><cellXfs>'.encode()
              + b'<xf numFmtId="0"/>' * (17 * 1024 * 1024 // 17) + b"</cellXfs></styleSheet>")
    return [
        # A zip of a sheet that unpacks to more than the limit: refused from the sizes the
        # zip declares, before anything is unpacked.
        ("bomb.xlsx", lambda: workbook(iter([HEADER_ROW, *blank_rows])), "unpacks to more"),
        ("styles.xlsx", lambda: workbook(HEADER_ROW, styles=styles), "unpacks to more"),
        # One long shared string in every row: little to unpack, too much text to hold.
        ("strings.xlsx", lambda: workbook(iter([HEADER_ROW, *repeated]), shared=[big_string]),
         "characters of text"),
    ]


@pytest.mark.parametrize(("name", "make", "words"), refusals(),
                         ids=[name for name, _, _ in refusals()])
def test_a_file_that_would_grow_past_a_limit_is_refused(
    vault: Vault, tmp_path: Path, name: str, make: Callable[[], bytes], words: str
) -> None:
    path = write(tmp_path, name, make())
    before = counts(vault)
    error, peak = peak_memory(lambda: read_file(path))
    assert isinstance(error, TooMuchData), error
    message = str(error)
    assert words in message and "\n" not in message and message.endswith(".")
    assert peak < 20 * path.stat().st_size + 5_000_000
    assert counts(vault) == before


def test_too_many_cells_is_refused_with_one_sentence(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cell limit counts the cells rows actually have (10 million in use; 1,000 here, so
    the file stays small)."""
    monkeypatch.setattr(table_module, "MAX_CELLS", 1000)
    rows = "".join(f"Person{n},555-010-{n:04d},Packing\n" for n in range(400))
    before = counts(vault)
    with pytest.raises(TooMuchData, match=r"^The file has more than 1,000 cells; .*files\.$"):
        prepare(vault, read_file(write(tmp_path, "cells.csv",
                                       f"Name,Phone,Department\n{rows}".encode())))
    assert counts(vault) == before


def test_a_cancel_stops_reading_a_sheet(tmp_path: Path) -> None:
    cancel, asked = cancel_after(2)
    with pytest.raises(ImportCancelled):
        read_file(write(tmp_path, "long.xlsx", workbook(sparse_rows(5000))), cancel=cancel)
    assert len(asked) == 2
