"""Call lists as PDF: read back with pypdf (text, positions, metadata, raw and decompressed
bytes), from real vaults built by tests/core/test_call_lists.py's `make_campaign`."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from organizer import formats
from organizer.core import call_lists as cl
from organizer.core import conversations, follow_ups, people, records
from organizer.core.people import PeopleFilter, Person
from organizer.core.vault import Vault
from organizer.reports import call_list_pdf as pdf
from organizer.reports.phone_format import format_phone
from tests.conftest import assert_private
from tests.core.test_call_lists import (
    REAL_NAMES,
    WORK_PHONE_FRAGMENTS,
    Campaign,
    campaign_vault,
)

PRINTED_ON = dt.date(2026, 11, 23)
MM = 72 / 25.4  # points per millimetre


@pytest.fixture
def filled(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Vault, Campaign]]:
    vault, c = campaign_vault(tmp_path / "filled", tmp_path_factory)
    try:
        yield vault, c
    finally:
        vault.close()


def render(call_list: cl.CallList, path: Path, **kwargs: Any) -> list[str]:
    """Write the PDF and return each page's text with whitespace collapsed."""
    kwargs.setdefault("list_name", "Petition drive")
    kwargs.setdefault("printed_on", PRINTED_ON)
    pages = pdf.render_call_list_pdf(call_list, path, **kwargs)
    texts = page_texts(path)
    assert pages == len(texts)
    return texts


def page_texts(path: Path) -> list[str]:
    """Each page's text, ligatures (ﬃ) unfolded and whitespace collapsed."""
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
            for page in pypdf.PdfReader(path).pages]


def every_byte(path: Path) -> bytes:
    """The file as stored plus every stream decompressed, plus the metadata."""
    reader = pypdf.PdfReader(path)
    parts = [path.read_bytes()]
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if obj is None:
            continue
        if isinstance(obj, pypdf.generic.StreamObject):
            parts.append(obj.get_data())
        else:
            parts.append(repr(obj).encode("utf-8", "replace"))
    parts.append(repr(reader.metadata).encode())
    return b"\n".join(parts)


def name_forms(name: str) -> list[bytes]:
    return [name.encode(), name.encode("utf-16-be"), name.encode("utf-16-le"),
            name.upper().encode(), name.lower().encode()]


def printed_mark(day: dt.date = PRINTED_ON) -> str:
    """The header's "Printed <date>", the date as the reader's locale writes it."""
    return f"Printed {formats.short_date(day)}"


def in_order(text: str, names: list[str]) -> bool:
    """Each of `names` is in the text after the one before (a name may repeat)."""
    position = 0
    for name in names:
        found = text.find(name, position)
        if found < 0:
            return False
        position = found + len(name)
    return True


# ----- the people, in order -----------------------------------------------------------------


def test_exactly_the_filtered_people_in_order(filled: tuple[Vault, Campaign],
                                              tmp_path: Path) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, cl.CallListCriteria(
        people=PeopleFilter(assessments=frozenset({1, 2, 3}))))
    texts = render(built, tmp_path / "list.pdf", printed_on=dt.date.today())
    text = " ".join(texts)
    assert in_order(text, ["1 Dev Patelson", "2 Lena Parkinson", "3 Ravi Menon"])
    for absent in ("Bea", "Santos", "Omar", "Haddad", "Sofia", "Ruizado", "Maya Okafor",
                   "Jonathan"):
        assert absent not in text
    # Every person is a whole block: name, phone, outcomes, commitment and notes.
    assert text.count("Left the company") == 3
    assert text.count("Commitment") == 3
    for outcome in pdf.OUTCOME_LABELS:
        assert text.count(outcome) >= 3
    assert "+1 415 555 0101" in text and "+1 628 555 0112" in text
    assert "Infrastructure / Day" in text and "Leaning supportive" in text
    assert "Issue: Return to office" in text and "Issue: On-call load" in text
    # Dev and Ravi were talked with three days ago, Lena never.
    assert text.count("Last contact 3 days ago") == 2 and "Last contact: never" in text


def test_chosen_columns_only(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, options=cl.CallListOptions(
        columns=("assessment",), assessment_style="code"))
    text = " ".join(render(built, tmp_path / "bare.pdf"))
    assert "A2" in text and "A?" in text
    for hidden in ("Infrastructure", "Support", "Night", "Leaning", "Last contact", "Issue:",
                   "Return to office"):
        assert hidden not in text


@pytest.mark.parametrize("style", ["code name", "initials"])
def test_no_real_name_anywhere_in_the_file(
    filled: tuple[Vault, Campaign], tmp_path: Path, style: str
) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, options=cl.CallListOptions(
        name_style=style, per_organizer=True))
    path = tmp_path / "private.pdf"
    texts = render(built, path, list_name="Petition drive")
    text = " ".join(texts)
    # Plover (Bea) has no personal phone: first in her section, to reach in person.
    expected = (["Heron's calls", "Plover", "Kestrel", "Osprey's calls", "Finch", "L.P.",
                 "Unassigned", "Wren"] if style == "code name"
                else ["J.B.'s calls", "D.P.", "L.P.", "M.O.'s calls", "B.S.", "R.M.",
                      "Unassigned", "O.H."])
    assert in_order(text, expected)
    everything = every_byte(path)
    for real in REAL_NAMES:
        assert real not in text
        for form in name_forms(real):
            assert form not in everything, (real, form)
    meta = pypdf.PdfReader(path).metadata
    assert meta is not None
    assert meta.title == "Call list"
    assert meta.creator == "Organizer"
    assert "Brightline" not in repr(meta) and b"Brightline" not in everything


def test_no_work_phone(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, cl.CallListCriteria(include_left_company=True,
                                                          include_oc_members=True))
    text = " ".join(render(built, tmp_path / "phones.pdf"))
    digits = re.sub(r"\D", "", text)
    for fragment in WORK_PHONE_FRAGMENTS:
        assert fragment not in text
    assert "2125550199" not in digits and "2125550177" not in digits
    assert "+1 415 555 0101" in text
    # Bea: her only number is her work line, so she is listed to reach in person.
    assert in_order(text, [pdf.IN_PERSON_HEADING, "Bea Santos"])


def test_people_without_a_phone_are_listed_apart_not_as_calls(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    people.update_person(vault, replace(people.get_person(vault, c["Omar"]), personal_phone=""))
    built = cl.build_call_list(vault, options=cl.CallListOptions(per_organizer=True))
    text = " ".join(render(built, tmp_path / "apart.pdf"))
    # Each in their organizer's section, before its calls, by their number on the list.
    assert in_order(text, [
        "Jonathan Bellweather's calls", "1 Dev Patelson", "2 Lena Parkinson",
        "Maya Okafor's calls", pdf.IN_PERSON_HEADING, "3 Bea Santos", "4 Ravi Menon",
        "Unassigned", pdf.IN_PERSON_HEADING, "5 Omar Haddad",
    ])
    assert text.count(pdf.IN_PERSON_HEADING) == 2
    # Not calls: no tick boxes, commitment box or "phone on file" line for them.
    assert text.count("Commitment") == text.count("Wrong number") == 3
    assert "No personal phone" not in text
    assert [row.name for row in pdf.to_reach_in_person(built)] == ["Bea Santos", "Omar Haddad"]
    # Still on the saved list by their number, for typing the results back in.
    assert [row.number for row in built.rows] == [1, 2, 3, 4, 5]


def test_a_list_without_phones_prints_no_number_and_calls_no_one_unreachable(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, options=cl.CallListOptions(phones=False))
    path = tmp_path / "no-phones.pdf"
    texts = render(built, path)
    text = " ".join(texts)
    assert all("No phone numbers on this list" in t for t in texts)
    assert all(row.phones == () for row in built.rows)
    everything = every_byte(path)
    for number in ("415 555 0101", "4155550101", "628 555 0112", "415 555 0106", "0103"):
        assert number.encode() not in everything and number not in text
    # Nobody is set apart for having no phone: everyone is a block to tick.
    assert pdf.IN_PERSON_HEADING not in text and pdf.to_reach_in_person(built) == []
    assert text.count("Commitment") == 5
    assert in_order(text, ["1 Bea Santos", "2 Dev Patelson", "3 Lena Parkinson"])


@pytest.mark.parametrize(("style", "phones", "said"), [
    ("code name", True, "Code names hide names, not people"),
    ("initials", True, "Initials hide names, not people"),
    ("code name", False, ""),
    ("name", True, ""),
])
def test_code_names_beside_phone_numbers_say_the_number_identifies_the_person(
    filled: tuple[Vault, Campaign], tmp_path: Path, style: str, phones: bool, said: str
) -> None:
    vault, c = filled
    add_people(vault, 12, c["Maya"], "Extra")
    built = cl.build_call_list(vault, options=cl.CallListOptions(name_style=style,
                                                                 phones=phones))
    texts = render(built, tmp_path / "honest.pdf")
    assert len(texts) > 1
    for text in texts:
        if said:
            assert f"{said}: a phone number identifies a person anyway." in text
        else:
            assert "identifies a person anyway" not in text


# ----- pages --------------------------------------------------------------------------------


def add_people(vault: Vault, count: int, organizer_id: str | None, prefix: str) -> None:
    """Many people in one transaction (SQL: faster than one add_person transaction each)."""
    stamp = records.now()
    with vault.transaction() as conn:
        conn.executemany(
            "INSERT INTO person (id, name, personal_phone, assigned_oc_member_id, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?)",
            [(records.new_id(), f"{prefix} {n:04d}", f"+1 415 555 {n % 10_000:04d}",
              organizer_id, stamp, stamp) for n in range(count)],
        )


def test_short_sections_share_a_page_each_under_its_heading(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, options=cl.CallListOptions(per_organizer=True))
    [text] = render(built, tmp_path / "short.pdf")
    assert in_order(text, [
        "Jonathan Bellweather's calls", "Dev Patelson", "Lena Parkinson",
        "cut here", "Maya Okafor's calls", "Bea Santos", "Ravi Menon",
        "cut here", "Unassigned", "Omar Haddad",
    ])
    assert text.count("cut here") == 2 and "(continued)" not in text


def test_long_sections_go_on_over_pages_never_splitting_a_person(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    # Everyone here has a phone: each person is a call block.
    people.update_person(vault, replace(people.get_person(vault, c["Bea"]),
                                        personal_phone="+1 415 555 0177"))
    add_people(vault, 14, c["Maya"], "Mayaperson")
    add_people(vault, 3, c["Jon"], "Jonperson")
    add_people(vault, 9, None, "Loneperson")
    zed = people.add_person(vault, Person(name="Zed Nobody", is_oc_member=True)).id
    people.add_person(vault, Person(name="Gone Away", assigned_oc_member_id=zed,
                                    personal_phone="+1 415 555 0999",
                                    left_company_on="2026-01-05"))
    built = cl.build_call_list(vault, options=cl.CallListOptions(per_organizer=True))
    texts = render(built, tmp_path / "sections.pdf")
    titles = ["Jonathan Bellweather's calls", "Maya Okafor's calls", "Unassigned"]
    # Zed's only person has left: no section, no heading for him.
    assert [s.title for s in built.sections] == titles
    assert all("Zed" not in t and "Gone Away" not in t for t in texts)
    seen: list[str] = []
    for number, text in enumerate(texts, 1):
        body = text[text.index(f"Page {number} of {len(texts)}"):]
        found = sorted((body.index(t), t) for t in titles if t in body)
        assert found, number
        first = found[0][1]
        # Every page starts with a heading: a section's first, or the one it goes on from.
        assert re.match(rf"Page \d+ of \d+ {re.escape(printed_mark())} {re.escape(first)}",
                        body)
        assert (f"{first} (continued)" in body) == (first in seen), (number, first)
        for _, title in found:
            if title not in seen:
                seen.append(title)
        # A person is never split: each call on the page has its whole block here.
        calls = re.findall(r"\d+ (?:[A-Z][a-z]+ [A-Z][a-z]+|(?:Maya|Jon|Lone)person \d{4})"
                           r" \+1", body)
        assert body.count("Commitment") == len(calls) == body.count("Wrong number"), number
    assert seen == titles
    everyone = re.findall(r"(?:Mayaperson|Jonperson|Loneperson) \d{4}", " ".join(texts))
    assert len(everyone) == len(set(everyone)) == 26
    assert sum(len(s.rows) for s in built.sections) == 26 + 5


def test_every_page_is_marked(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, c = filled
    add_people(vault, 30, c["Maya"], "Person")
    options = cl.CallListOptions(printed_for="Heron", destroy_by=dt.date(2026, 12, 1))
    built = cl.build_call_list(vault, options=options)
    texts = render(built, tmp_path / "marked.pdf", list_name="Petition drive, week 3")
    assert len(texts) >= 5
    for number, text in enumerate(texts, 1):
        assert "CONFIDENTIAL: do not copy, shred after use" in text
        assert f"Page {number} of {len(texts)}" in text
        assert "Petition drive, week 3" in text
        assert printed_mark() in text
        assert "Printed for Heron" in text
        assert f"Destroy by {formats.short_date(dt.date(2026, 12, 1))}" in text
        assert "Printed for" in text
    plain = render(cl.build_call_list(vault), tmp_path / "plain.pdf")
    assert all("Printed for" not in t and "Destroy by" not in t for t in plain)


def _fragments(path: Path) -> list[tuple[int, str, float, float, float, bool]]:
    """(page, text, x, y, size) in points from the bottom-left, and whether bold."""
    found: list[tuple[int, str, float, float, float, bool]] = []
    for number, page in enumerate(pypdf.PdfReader(path).pages, 1):
        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float,
                  number: int = number) -> None:
            if not text.strip():
                return
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            bold = "Bold" in str((font or {}).get("/BaseFont", ""))
            found.append((number, text.replace("\t", " "), x, y, abs(size * cm[3]), bold))
        page.extract_text(visitor_text=visit)
    return found


def test_nothing_reaches_the_page_edges(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, _ = filled
    people.add_person(vault, Person(
        name="Maximiliana " + "Wolkenstein-Trostburg " * 8 + "Ende",
        personal_phone="; ".join(f"+1 415 555 01{n:02d}" for n in range(6)),
    ))
    built = cl.build_call_list(vault)
    path = tmp_path / "edges.pdf"
    texts = render(built, path)
    reader = pypdf.PdfReader(path)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    family = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    fragments = _fragments(path)
    assert fragments
    for page, text, x, y, size, bold in fragments:
        font = QFont(family)
        font.setPixelSize(max(1, round(size)))
        font.setBold(bold)
        right = x + QFontMetricsF(font).horizontalAdvance(text) * size / max(1, round(size))
        assert x >= 9 * MM, (page, text, x)
        assert right <= width - 9 * MM, (page, text, right / MM)
        assert 9 * MM <= y <= height - 9 * MM, (page, text, y)
    # The long name was fitted (smaller, then shortened with an ellipsis), not run off the page.
    text = " ".join(texts)
    assert "Maximiliana Wolkenstein-Trostburg" in text
    assert "Trostburg Ende" not in text
    assert re.search(r"Wolkenstein-Trostburg [\w-]*\.\.\.", text)  # "…" unfolded by NFKC


def test_page_sizes(filled: tuple[Vault, Campaign], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    vault, _ = filled

    def size_of(page_size: str) -> tuple[int, int]:
        built = cl.build_call_list(vault, options=cl.CallListOptions(page_size=page_size))
        path = tmp_path / f"{page_size}.pdf"
        render(built, path)
        box = pypdf.PdfReader(path).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size_of("A4") == (595, 842)
    assert size_of("Letter") == (612, 792)
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert size_of("auto") == (612, 792)
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert size_of("auto") == (595, 842)


def test_file_is_private_and_replaced_whole(filled: tuple[Vault, Campaign],
                                            tmp_path: Path) -> None:
    vault, _ = filled
    out = tmp_path / "out"
    out.mkdir()
    target = out / "list.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    render(cl.build_call_list(vault), target)
    assert_private(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["list.pdf"]  # no temporary file left
    with pytest.raises(pdf.PdfNotWritten):
        pdf.render_call_list_pdf(cl.build_call_list(vault), tmp_path / "missing" / "x.pdf",
                                 list_name="x", printed_on=PRINTED_ON)
    with pytest.raises(pdf.PdfNotWritten):
        pdf.render_call_list_pdf(cl.build_call_list(vault), out, list_name="x",
                                 printed_on=PRINTED_ON)


def test_empty_list_is_one_page(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault, cl.CallListCriteria(people=PeopleFilter(
        name_contains="nobody by this name")))
    texts = render(built, tmp_path / "empty.pdf")
    assert len(texts) == 1
    assert "No one is on this list." in texts[0] and "Page 1 of 1" in texts[0]


def test_printing_to_a_qprinter(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    """The same painting drives a QPrinter (print dialog, print preview)."""
    vault, _ = filled
    built = cl.build_call_list(vault, options=cl.CallListOptions(page_size="Letter"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    pdf.configure_page(printer, built.options.page_size)
    pages = pdf.render_call_list(printer, built, list_name="Petition drive",
                                 printed_on=PRINTED_ON)
    del printer
    texts = page_texts(tmp_path / "printer.pdf")
    assert pages == len(texts) == 1
    assert in_order(texts[0], ["Bea Santos", "Dev Patelson", "Lena Parkinson", "Omar Haddad",
                               "Ravi Menon"])


def test_a_thousand_people(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, c = filled
    add_people(vault, 500, c["Maya"], "Bulk")
    add_people(vault, 495, None, "Spare")
    built = cl.build_call_list(vault, options=cl.CallListOptions(per_organizer=True))
    assert built.people_count == 1000
    path = tmp_path / "thousand.pdf"
    pages = pdf.render_call_list_pdf(built, path, list_name="Everyone", printed_on=PRINTED_ON)
    # 5 to 7 people a page; sections share pages.
    assert math.ceil(1000 / 7) <= pages <= math.ceil(1000 / 5) + 1
    # pypdf reads ~10 pages a second: look at the first and last pages.
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == pages
    numbers: dict[int, list[int]] = {}
    for number in (1, 2, 3, pages - 1, pages):
        text = " ".join(unicodedata.normalize(
            "NFKC", reader.pages[number - 1].extract_text()).split())
        assert f"Page {number} of {pages}" in text
        assert "CONFIDENTIAL: do not copy, shred after use" in text
        # The people's numbers, read after the header: its page count and printed date
        # ("of 167 Printed Nov 23, 2026 Jonathan ...") are not people's.
        assert printed_mark() in text, number
        body = text.split(printed_mark(), 1)[1]
        numbers[number] = [int(n) for n in re.findall(
            r"(?:^| )(\d{1,4}) (?:Bulk|Spare|[A-Z][a-z]+ [A-Z][a-z])", body)]
        found = numbers[number]
        assert found == list(range(found[0], found[0] + len(found))), (number, found)
        if number == 1:
            # Jonathan's two (Dev, Lena), then Maya's section begins on the same page: Bea,
            # who has no phone, to reach in person, then her first calls.
            assert in_order(body, ["Jonathan Bellweather's calls", "1 Dev Patelson",
                                   "2 Lena Parkinson", "Maya Okafor's calls",
                                   pdf.IN_PERSON_HEADING, "3 Bea Santos", "4 Bulk 0000"])
        else:
            assert "(continued)" in text
    assert numbers[1][0] == 1 and numbers[2][0] == numbers[1][-1] + 1
    assert numbers[3][0] == numbers[2][-1] + 1 and numbers[pages][-1] == 1000
    assert numbers[pages][0] == numbers[pages - 1][-1] + 1


def test_prep_sheet(filled: tuple[Vault, Campaign], tmp_path: Path) -> None:
    vault, c = filled
    for day in range(12):
        conversations.log_one_on_one(vault, conversations.OneOnOne(
            person_id=c["Ravi"], held_on=(dt.date.today() - dt.timedelta(days=30 + day))
            .isoformat(), channel="Signal", oc_member_id=c["Maya"], ask=f"Ask number {day}",
            answer="Yes, and a long answer that wraps onto the next line of the prep sheet "
                   "because organizers write a lot after a good conversation."))
    follow_ups.add_follow_up(vault, c["Ravi"], "2026-12-03", "Bring the petition")
    path = tmp_path / "prep.pdf"
    assert pdf.render_prep_sheet_pdf(vault, c["Ravi"], path, printed_on=PRINTED_ON) == 1
    assert_private(path)
    [text] = page_texts(path)
    assert in_order(text, ["One-on-one prep: Kestrel", "Infrastructure / Day",
                           "Assessment: 2 Leaning supportive", "Organizer: Heron",
                           printed_mark(), "Open follow-ups",
                           f"{formats.short_date('2026-12-03')}: Bring the petition",
                           "Issues they raised", "Pay, Return to office",
                           "Last conversations", "Ask number 0", "...and 10 more (see the app)",
                           "Assessment history", "2 Leaning supportive (one-on-one, by Heron)",
                           "Plan for this conversation", "Agitate", "Uplift / the ask",
                           "CONFIDENTIAL: do not copy, shred after use"])
    assert "Ravi" not in text and "Maya" not in text
    meta = pypdf.PdfReader(path).metadata
    assert meta is not None and meta.title == "One-on-one prep"


def test_phone_format() -> None:
    cases = {
        "+1 415 555 0123": "+1 415 555 0123",
        "+14155550123": "+1 415 555 0123",
        "4155550123": "415 555 0123",
        "+442079460958": "+44 207 946 0958",
        "0049 30 1234567": "+49 30 1234567",
        "(415) 555-0123": "(415) 555 0123",
        "+1 415 555 0123 ext. 2345": "+1 415 555 0123 ext. 2345",
        "+1 415 555 0123 x12": "+1 415 555 0123 ext. 12",
        "ask Ravi": "ask Ravi",
        "5550123": "555 0123",
    }
    for typed, printed in cases.items():
        assert format_phone(typed) == printed, typed
