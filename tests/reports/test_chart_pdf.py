"""The wall chart as PDF: a small real vault with known counts, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPageLayout
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from organizer import formats
from organizer.core import campaign, chart, people
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.reports import chart_pdf
from organizer.reports.call_list_pdf import CONFIDENTIAL
from tests.conftest import assert_private
from tests.core.test_call_lists import make_vault

PRINTED_ON = dt.date(2026, 11, 23)


def seed_chart(vault: Vault) -> dict[str, str]:
    """Welding x Day: 4 people (scores 1, 2, 4, none; one OC member);
    Welding x Night: 2 (scores 1, 5); Packing x Day: 3 (2, 3, 3), no OC member.
    A fourth person in Packing works at the other site, on Night, score 1."""
    ids = {}
    for kind, name in (("department", "Welding"), ("department", "Packing"),
                       ("shift", "Day"), ("shift", "Night"),
                       ("site", "North plant"), ("site", "South plant")):
        ids[name] = campaign.add_list_entry(vault, kind, name).id
    rows = [
        ("Ana Oc", "Welding", "Day", 1, True, "North plant"),
        ("Ben B", "Welding", "Day", 2, False, "North plant"),
        ("Cy C", "Welding", "Day", 4, False, "North plant"),
        ("Di D", "Welding", "Day", None, False, "North plant"),
        ("Ed E", "Welding", "Night", 1, False, "North plant"),
        ("Flo F", "Welding", "Night", 5, False, "North plant"),
        ("Gus G", "Packing", "Day", 2, False, "North plant"),
        ("Hal H", "Packing", "Day", 3, False, "North plant"),
        ("Ivy I", "Packing", "Day", 3, False, "North plant"),
        ("Jo J", "Packing", "Night", 1, False, "South plant"),
    ]
    for name, department, shift, score, oc, site in rows:
        person = people.add_person(vault, Person(
            name=name, department_id=ids[department], shift_id=ids[shift],
            site_id=ids[site], is_oc_member=oc))
        if score is not None:
            people.record_assessment(vault, person.id, score)
    return ids


@pytest.fixture
def vault(qapp: QApplication, tmp_path: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    v = make_vault(tmp_path / "chart", tmp_path_factory)
    try:
        seed_chart(v)
        yield v
    finally:
        v.close()


def page_texts(path: Path) -> list[str]:
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
            for page in pypdf.PdfReader(path).pages]


def test_names_counts_and_every_page_marked(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "chart.pdf"
    data = chart_pdf.chart_print(vault, printed_on=PRINTED_ON)
    pages = chart_pdf.render_wall_chart_pdf(data, out, page_size="A4")
    texts = page_texts(out)
    assert pages == len(texts) >= 1
    text = " ".join(texts)
    for expected in ("Wall chart", f"Printed {formats.short_date(PRINTED_ON)}", "Welding",
                     "Packing", "Day", "Night", "Total", "All sites", "10 people",
                     "5 supporters (1–2), 50%",
                     # cells: Welding/Day, Welding/Night, Packing/Day, Packing/Night
                     "4 people · 2 sup. (50%)", "2 people · 1 sup. (50%)",
                     "3 people · 1 sup. (33%)", "1 person · 1 sup. (100%)",
                     # row and column totals, and the grand total
                     "6 people · 3 sup. (50%)", "4 people · 2 sup. (50%)",
                     "7 people · 3 sup. (43%)", "10 people · 5 sup. (50%)",
                     "OC 1:3", "no OC member", "Majority tracker",
                     "Whole unit: 5 of 10 supporters (50%)"):
        assert expected in text, expected
    assert "more to reach" in text
    for number, page_text in enumerate(texts, 1):
        assert CONFIDENTIAL in page_text
        assert f"Page {number} of {pages}" in page_text
    # No person's name anywhere: only counts.
    for name in ("Ana", "Ben", "Ivy"):
        assert name not in text


def test_landscape_metadata_and_private_file(vault: Vault, tmp_path: Path) -> None:
    data = chart_pdf.chart_print(vault, printed_on=PRINTED_ON)
    for size, expected in (("A4", (842, 595)), ("Letter", (792, 612))):
        out = tmp_path / f"chart-{size}.pdf"
        chart_pdf.render_wall_chart_pdf(data, out, page_size=size)
        reader = pypdf.PdfReader(out)
        for page in reader.pages:
            box = page.mediabox
            assert (round(float(box.width)), round(float(box.height))) == expected
        assert reader.metadata is not None
        assert reader.metadata.title == "Wall chart"
        assert b"Brightline" not in out.read_bytes()
        assert_private(out)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_one_site(vault: Vault, tmp_path: Path) -> None:
    sites = {e.name: e.id for e in campaign.list_entries(vault, "site")}
    data = chart_pdf.chart_print(vault, site_id=sites["South plant"], printed_on=PRINTED_ON)
    out = tmp_path / "south.pdf"
    chart_pdf.render_wall_chart_pdf(data, out, page_size="A4")
    text = " ".join(page_texts(out))
    assert "South plant" in text
    assert "1 person · 1 sup. (100%)" in text
    assert data.wall.total.people == 1


def test_many_departments_paginate_rows(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    v = make_vault(tmp_path / "big", tmp_path_factory)
    try:
        shift = campaign.add_list_entry(v, "shift", "Day").id
        for k in range(30):
            department = campaign.add_list_entry(v, "department", f"Dept {k:02d}").id
            person = people.add_person(v, Person(name=f"P {k}", department_id=department,
                                                 shift_id=shift))
            people.record_assessment(v, person.id, 1 + k % 5)
        data = chart_pdf.chart_print(v, printed_on=PRINTED_ON)
    finally:
        v.close()
    out = tmp_path / "big.pdf"
    pages = chart_pdf.render_wall_chart_pdf(data, out, page_size="Letter")
    texts = page_texts(out)
    assert pages == len(texts) > 1
    text = " ".join(texts)
    for k in range(30):
        assert f"Dept {k:02d}" in text
    for number, page_text in enumerate(texts, 1):
        assert CONFIDENTIAL in page_text and f"Page {number} of {pages}" in page_text
    # Every grid page repeats the shift heading.
    assert all("Day" in t for t in texts if "Dept" in t)


def test_poster_of_a_chart_that_fits_is_one_tile(vault: Vault, tmp_path: Path) -> None:
    data = chart_pdf.chart_print(vault, printed_on=PRINTED_ON)
    out = tmp_path / "poster.pdf"
    pages = chart_pdf.render_wall_chart_pdf(data, out, page_size="A4", poster=True)
    texts = page_texts(out)
    assert pages == len(texts) == 2  # the one tile, then the tracker's page
    assert "Poster: column 1 of 1, row 1 of 1" in texts[0]
    assert "Majority tracker" in texts[1] and "Poster" not in texts[1]
    assert "dashed line" not in texts[0] and "Cut along" not in texts[0]
    assert all(CONFIDENTIAL in t for t in texts)


def test_poster_spans_are_as_few_as_fit_all_alike_and_overlapping() -> None:
    overlap = chart_pdf.POSTER_OVERLAP_MM
    assert chart_pdf.poster_spans(200.0, 277.0) == [(0.0, 200.0)]
    assert chart_pdf.poster_spans(277.0, 277.0) == [(0.0, 277.0)]
    for total in (278.0, 290.0, 541.0, 542.0, 600.0, 1000.0, 2500.5):
        spans = chart_pdf.poster_spans(total, 277.0)
        count = len(spans)
        # As few as fit: one tile fewer could not hold the chart with its overlaps.
        assert total + (count - 1) * overlap <= count * 277.0 + 1e-6
        assert total + (count - 2) * overlap > (count - 1) * 277.0
        lengths = {round(length, 6) for _, length in spans}
        assert len(lengths) == 1 and lengths.pop() > 277.0 / 2  # no sliver
        assert spans[0][0] == 0.0
        assert math.isclose(spans[-1][0] + spans[-1][1], total)
        for (start, length), (following, _) in itertools.pairwise(spans):
            assert math.isclose(start + length - following, overlap)


def _ink(image: QImage, columns: tuple[float, float], rows: tuple[float, float]
         ) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) in mm of what is printed between the given columns (mm
    from the paper's left) and rows (mm from its top), on a page image scaled to 1 px/mm."""
    small = image.scaled(297, 210, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
    found = [(x, y) for x in range(int(columns[0]), int(columns[1]))
             for y in range(int(rows[0]), int(rows[1]))
             if small.pixelColor(x, y).lightness() < 245]
    xs, ys = [x for x, _ in found], [y for _, y in found]
    return min(xs), max(xs), min(ys), max(ys)


def test_poster_tiles_hold_no_sliver_and_carry_overlap_marks(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A chart a little bigger than a landscape A4 page both ways: 2 x 2 tiles, each with
    about half the chart and marks to join it to its neighbours."""
    v = make_vault(tmp_path / "wide", tmp_path_factory)
    try:
        shifts = [campaign.add_list_entry(v, "shift", f"Shift {k}").id for k in range(4)]
        for k in range(8):
            department = campaign.add_list_entry(v, "department", f"Dept {k}").id
            people.add_person(v, Person(name=f"P {k}", department_id=department,
                                        shift_id=shifts[k % 4]))
        data = chart_pdf.chart_print(v, printed_on=PRINTED_ON)
    finally:
        v.close()
    out = tmp_path / "wide.pdf"
    pages = chart_pdf.render_wall_chart_pdf(data, out, page_size="A4", poster=True)
    texts = page_texts(out)
    assert pages == len(texts) == 4 + 1
    tiles = texts[:4]
    for k, text in enumerate(tiles):
        column, row = k % 2 + 1, k // 2 + 1
        assert f"Poster: column {column} of 2, row {row} of 2" in text
        assert CONFIDENTIAL in text
        # A tile holds its own part: the top left corner only on the first.
        assert ("Shift 0" in text) == ("Dept 0" in text) == (k == 0)
    assert "The sheet to the right and the sheet below overlap this one up to the dashed " \
        "lines." in tiles[0]
    assert "Cut along the solid line, then lay this sheet over the sheet to its left, the " \
        "cut edge on its dashed line. The sheet below overlaps this one up to the dashed " \
        "line." in tiles[1]
    assert "Cut along the solid line, then lay this sheet over the sheet above, the cut edge " \
        "on its dashed line. The sheet to the right overlaps this one" in tiles[2]
    assert "Cut along the solid lines, then lay this sheet over the sheet to its left and " \
        "above" in tiles[3]
    assert "overlap" not in tiles[3]
    # Landscape A4: 10 mm margins, the chart from 30 mm down to the footer at 192 mm.
    images = chart_pdf.preview_wall_chart(data, page_size="A4", poster=True)
    for k, image in enumerate(images[:4]):
        left, right, _, _ = _ink(image, (10, 287), (31, 75))
        _, _, top, bottom = _ink(image, (11, 40), (31, 190))
        assert right - left > 277 / 2, (k, left, right)  # not a sliver across...
        assert bottom - top > (190 - 30 - 8) / 2, (k, top, bottom)  # ...nor down


def test_initials_on_the_chart_only_when_asked(vault: Vault, tmp_path: Path) -> None:
    data = chart_pdf.chart_print(vault, printed_on=PRINTED_ON)
    everyone = ("AO", "BB", "CC", "DD", "EE", "FF", "GG", "HH", "II", "JJ")
    plain = tmp_path / "plain.pdf"
    chart_pdf.render_wall_chart_pdf(data, plain, page_size="A4")
    text = " ".join(page_texts(plain))
    assert not [i for i in everyone if re.search(rf"\b{i}\b", text)]
    marked = tmp_path / "initials.pdf"
    chart_pdf.render_wall_chart_pdf(data, marked, page_size="A4", initials=True)
    text = " ".join(page_texts(marked))
    # Each cell's people, by name: Welding/Day, Welding/Night, Packing/Day, Packing/Night.
    assert "Welding AO BB CC DD 4 people" in text
    assert "EE FF 2 people" in text and "GG HH II 3 people" in text and "JJ 1 person" in text
    assert "Initials: ringed = OC member, square = organic leader" in text
    for name in ("Ana", "Ben", "Ivy", "Jo J"):
        assert name not in text
    # On a poster too.
    poster = tmp_path / "poster.pdf"
    chart_pdf.render_wall_chart_pdf(data, poster, page_size="A4", poster=True, initials=True)
    assert "Welding AO BB CC DD" in " ".join(page_texts(poster))


def test_initials_are_of_the_code_name_when_there_is_one() -> None:
    assert chart.badge_initials("Ravi Menon") == "RM"
    assert chart.badge_initials("Kestrel") == "KE"
    assert chart.badge_initials("Mary-Jane Watson") == "MW"
    assert chart.badge_initials("  ") == "?"


# ----- the app's buttons ----------------------------------------------------------------


def test_chart_page_save_pdf_and_print(vault: Vault, tmp_path: Path, qtbot: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.gui import chart_page, print_preview
    from organizer.gui.assessment_badge import AssessmentScale

    page = chart_page.ChartPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.refresh()
    out = tmp_path / "from-app.pdf"
    asked: list[str] = []

    def choose(_parent: object, suggested: str) -> Path:
        asked.append(suggested)
        return out

    monkeypatch.setattr(chart_page, "choose_chart_pdf_path", choose)
    page.save_pdf_button.click()
    qtbot.waitUntil(lambda: page._task is None and out.exists(), timeout=10_000)
    assert asked == [f"wall-chart-{dt.date.today().isoformat()}.pdf"]
    assert "10 people · 5 sup. (50%)" in " ".join(page_texts(out))
    assert page.save_pdf_button.isEnabled()

    previewed: list[tuple[int, int, int]] = []

    def preview(_parent: object, pages: list[QImage], title: str = "") -> bool:
        previewed.extend((len(pages), image.width(), image.height()) for image in pages[:1])
        return True

    printed: list[tuple[bool, QPageLayout.Orientation]] = []

    def choose_printer(_parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        printed.append((printer.docName() == "Wall chart", printer.pageLayout().orientation()))
        return True

    monkeypatch.setattr(print_preview, "show_preview", preview)
    monkeypatch.setattr(print_preview, "choose_printer", choose_printer)
    assert page.print_chart() is True
    pages, width, height = previewed[0]
    assert pages >= 1 and width > height, "the preview shows landscape pages"
    assert printed == [(True, QPageLayout.Orientation.Landscape)]
    assert CONFIDENTIAL in " ".join(page_texts(tmp_path / "printed.pdf"))

    # Closing the preview prints nothing and never opens the print dialog.
    printed.clear()
    monkeypatch.setattr(print_preview, "show_preview", lambda *_args: False)
    assert page.print_chart() is False
    assert printed == []


def test_chart_page_initials_tick(vault: Vault, tmp_path: Path, qtbot: Any,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Off by default (counts only); ticked, Save PDF and Print show the people's initials."""
    from organizer.gui import chart_page, print_preview
    from organizer.gui.assessment_badge import AssessmentScale

    page = chart_page.ChartPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.refresh()
    assert not page.print_initials.isChecked()
    assert page.print_initials.text() == "&Initials on paper"
    target: list[Path] = []
    monkeypatch.setattr(chart_page, "choose_chart_pdf_path", lambda *_args: target[-1])

    def save(name: str) -> str:
        target.append(tmp_path / name)
        page.save_pdf_button.click()
        qtbot.waitUntil(lambda: page._task is None and target[-1].exists(), timeout=10_000)
        return " ".join(page_texts(target[-1]))

    assert "AO BB" not in save("counts.pdf")
    page.print_initials.setChecked(True)
    assert "Welding AO BB CC DD" in save("initials.pdf")

    def choose_printer(_parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return True

    monkeypatch.setattr(print_preview, "show_preview", lambda *_args: True)
    monkeypatch.setattr(print_preview, "choose_printer", choose_printer)
    assert page.print_chart() is True
    assert "Welding AO BB CC DD" in " ".join(page_texts(tmp_path / "printed.pdf"))


def test_person_page_prep_sheet(vault: Vault, tmp_path: Path, qtbot: Any,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.gui import person_page
    from organizer.gui.assessment_badge import AssessmentScale

    page = person_page.PersonPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    person_id = vault.connection.execute(
        "SELECT id FROM person WHERE name = 'Ben B'").fetchone()[0]
    page.show_person(str(person_id))
    out = tmp_path / "prep.pdf"
    asked: list[str] = []

    def choose(_parent: object, suggested: str) -> Path:
        asked.append(suggested)
        return out

    monkeypatch.setattr(person_page, "choose_prep_sheet_path", choose)
    monkeypatch.setattr(person_page, "show_prep_sheet_preview",
                        lambda *_args: person_page.PREP_SHEET_SAVE)
    page.prep_sheet_button.click()
    assert asked == [f"prep-sheet-{dt.date.today().isoformat()}.pdf"]
    text = " ".join(page_texts(out))
    assert "One-on-one prep: Ben B" in text and CONFIDENTIAL in text
    assert_private(out)
