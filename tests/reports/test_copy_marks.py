"""Paper that traces its own leaks: each of the four printouts, rendered with a copy mark,
carries the logged copy code on every page (read back with pypdf), and a call list printed
with code names carries no real name in its mark."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from organizer.core import call_lists as cl
from organizer.core import printed_copies
from organizer.core.backup import kit
from organizer.core.people import PeopleFilter
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.reports import call_list_pdf, chart_pdf, kit_pdf, prep_sheet_pdf
from tests.core.test_call_lists import REAL_NAMES, Campaign, campaign_vault
from tests.reports.test_chart_pdf import seed_chart

PRINTED_ON = dt.date(2026, 11, 23)
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b")


@pytest.fixture
def filled(qapp: QApplication, tmp_path: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, Campaign]]:
    vault, c = campaign_vault(tmp_path / "filled", tmp_path_factory)
    try:
        yield vault, c
    finally:
        vault.close()


def page_texts(path: Path) -> list[str]:
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
            for page in pypdf.PdfReader(path).pages]


def assert_marked(vault: Vault, copy: PrintedCopy, texts: list[str]) -> None:
    """Every page carries the copy's code, and the code read off a page finds the copy."""
    assert texts
    for number, text in enumerate(texts, start=1):
        assert f"Copy {copy.copy_code}" in text, f"page {number} has no copy mark"
        codes = CODE.findall(text)
        assert copy.copy_code in codes
        found = printed_copies.find_copy(vault, copy.copy_code.lower().replace("-", " "))
        assert found == copy


def test_a_call_list_carries_its_copy_code_on_every_page(
    filled: tuple[Vault, Campaign], tmp_path: Path,
) -> None:
    vault, _c = filled
    call_list = cl.build_call_list(
        vault, cl.CallListCriteria(people=PeopleFilter()),
        cl.CallListOptions(per_organizer=True), today=PRINTED_ON)
    copy = printed_copies.record_copy(vault, "call list", printed_for="Ravi Menon",
                                      description="Petition drive",
                                      destroy_by=dt.date(2026, 12, 1))
    mark = printed_copies.copy_mark(copy)
    out = tmp_path / "list.pdf"
    pages = call_list_pdf.render_call_list_pdf(call_list, out, list_name="Petition drive",
                                               printed_on=PRINTED_ON, copy_mark=mark)
    texts = page_texts(out)
    assert pages == len(texts)
    assert_marked(vault, copy, texts)
    assert all("for Ravi Menon" in text for text in texts)
    assert printed_copies.printed_copies(vault) == [copy]


def test_the_mark_takes_a_strip_of_its_own_and_covers_nothing(
    filled: tuple[Vault, Campaign], tmp_path: Path,
) -> None:
    """The same list with and without a mark: the same people, the same confidential line;
    the mark only adds its own line."""
    vault, _c = filled
    call_list = cl.build_call_list(vault, cl.CallListCriteria(people=PeopleFilter()),
                                   cl.CallListOptions(), today=PRINTED_ON)
    plain, marked = tmp_path / "plain.pdf", tmp_path / "marked.pdf"
    call_list_pdf.render_call_list_pdf(call_list, plain, list_name="L", printed_on=PRINTED_ON)
    copy = printed_copies.record_copy(vault, "call list")
    call_list_pdf.render_call_list_pdf(call_list, marked, list_name="L", printed_on=PRINTED_ON,
                                       copy_mark=printed_copies.copy_mark(copy))
    without = " ".join(page_texts(plain))
    with_mark = " ".join(page_texts(marked))
    for row in call_list.rows:
        assert row.name in without and row.name in with_mark
    assert with_mark.count("CONFIDENTIAL") == without.count("CONFIDENTIAL")
    assert "Copy " not in without


def test_a_call_list_with_code_names_keeps_the_recipient_off_its_mark(
    filled: tuple[Vault, Campaign], tmp_path: Path,
) -> None:
    vault, _c = filled
    call_list = cl.build_call_list(
        vault, cl.CallListCriteria(people=PeopleFilter()),
        cl.CallListOptions(name_style="code name"), today=PRINTED_ON)
    # For Maya Okafor ("Heron"), whose real name must not reach the page.
    copy = printed_copies.record_copy(vault, "call list", printed_for="Maya Okafor",
                                      destroy_by=dt.date(2026, 12, 1))
    mark = printed_copies.copy_mark(copy, show_recipient=False)
    assert "Maya" not in mark and "Okafor" not in mark
    out = tmp_path / "codes.pdf"
    call_list_pdf.render_call_list_pdf(call_list, out, list_name="Calls",
                                       printed_on=PRINTED_ON, copy_mark=mark)
    texts = page_texts(out)
    assert_marked(vault, copy, texts)
    whole = " ".join(texts)
    for name in REAL_NAMES:
        assert name not in whole, name
    # The log inside the vault still says for whom.
    assert printed_copies.find_copy(vault, copy.copy_code).printed_for == "Maya Okafor"


def test_every_page_of_a_wall_chart_poster_carries_the_code(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from tests.core.test_call_lists import make_vault

    vault = make_vault(tmp_path / "chart", tmp_path_factory)
    try:
        seed_chart(vault)
        data = chart_pdf.chart_print(vault, printed_on=PRINTED_ON)
        copy = printed_copies.record_copy(vault, "wall chart", printed_for="Maya Okafor")
        out = tmp_path / "poster.pdf"
        pages = chart_pdf.render_wall_chart_pdf(data, out, page_size="A4", poster=True,
                                                copy_mark=printed_copies.copy_mark(copy))
        texts = page_texts(out)
        assert pages == len(texts)
        assert_marked(vault, copy, texts)
        one = tmp_path / "one.pdf"
        chart_pdf.render_wall_chart_pdf(data, one, copy_mark=printed_copies.copy_mark(copy))
        assert_marked(vault, copy, page_texts(one))
    finally:
        vault.close()


def test_the_prep_sheet_carries_the_code(filled: tuple[Vault, Campaign],
                                         tmp_path: Path) -> None:
    vault, c = filled
    copy = printed_copies.record_copy(vault, "prep sheet", printed_for="Jonathan Bellweather")
    out = tmp_path / "prep.pdf"
    assert prep_sheet_pdf.render_prep_sheet_pdf(
        vault, c["Ravi"], out, printed_on=PRINTED_ON,
        copy_mark=printed_copies.copy_mark(copy)) == 1
    assert_marked(vault, copy, page_texts(out))


def test_each_recovery_kit_share_is_a_copy_of_its_own(
    qapp: QApplication, vault: Vault, tmp_path: Path,
) -> None:
    folder = tmp_path / "kit"
    folder.mkdir()
    made, written = kit_pdf.make_recovery_kit(
        vault, folder, 3, 2, holders=["Maya Chen", "Ben Ortiz"], page_size="A4",
        log_copies=True)
    copies = printed_copies.printed_copies(vault)
    assert len(copies) == 3
    assert {c.kind for c in copies} == {"recovery kit"}
    assert sorted(c.printed_for for c in copies) == ["", "Ben Ortiz", "Maya Chen"]
    by_code = {c.copy_code: c for c in copies}
    for share, path in zip(made.shares, written, strict=True):
        texts = page_texts(path)
        codes = [code for code in CODE.findall(texts[0]) if code in by_code]
        assert len(codes) == 1
        copy = by_code[codes[0]]
        assert copy.printed_for == share.holder and copy.pages == 1
        assert_marked(vault, copy, texts)


def test_a_kit_without_log_copies_logs_nothing_and_a_failed_kit_leaves_nothing_to_shred(
    qapp: QApplication, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "kit"
    folder.mkdir()
    kit_pdf.make_recovery_kit(vault, folder, 2, 2, page_size="A4")
    assert printed_copies.printed_copies(vault) == []
    for path in folder.iterdir():
        path.unlink()

    def refuse(vault: Vault, kit_made: kit.RecoveryKit) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(kit, "adopt_kit", refuse)
    with pytest.raises(OSError):
        kit_pdf.make_recovery_kit(vault, folder, 2, 2, page_size="A4", log_copies=True,
                                  holders=["Maya Chen"])
    assert list(folder.iterdir()) == []
    copies = printed_copies.printed_copies(vault)
    assert len(copies) == 2 and all(c.destroyed_at for c in copies)
    assert printed_copies.overdue_copies(vault, dt.date(2100, 1, 1)) == []
