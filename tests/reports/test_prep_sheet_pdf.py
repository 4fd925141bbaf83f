"""The one-on-one prep sheet on paper: one page, read back with pypdf, whose notes are printed
whole or up to a whole sentence, never cut in the middle of one; from real vaults built by
tests/core/test_call_lists.py's `make_campaign`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from organizer import formats
from organizer.core import conversations, follow_ups, people
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.reports import call_list_pdf
from organizer.reports import prep_sheet_pdf as prep
from tests.conftest import assert_private
from tests.core.test_call_lists import Campaign, campaign_vault

PRINTED_ON = dt.date.today()  # the campaign's conversations are days before today
ISSUES = (
    "The on-call rota has doubled since the layoffs, and nobody asked the team first.",
    "Her manager told her to stop complaining in the team channel, which scared two others!",
    "She is angry about the return-to-office rule because she moved an hour away last year.",
    "Would she sign a petition if at least half of the team signed it before her?",
    "She named Ana as the person everyone on nights goes to when something goes wrong.",
    "Next time ask whether she would host a small lunch with three coworkers from nights.",
)


@pytest.fixture
def filled(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Vault, Campaign]]:
    vault, c = campaign_vault(tmp_path / "filled", tmp_path_factory)
    try:
        yield vault, c
    finally:
        vault.close()


def page_texts(path: Path) -> list[str]:
    """Each page's text, "…" and ligatures unfolded (NFKC) and whitespace collapsed."""
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
            for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    """Text as `page_texts` gives it."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def unwrapped(text: str) -> str:
    """Read-back text with the lines that wrapped after a hyphen ("on-call") joined again."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def log(vault: Vault, c: Campaign, **said: str) -> conversations.OneOnOne:
    """A conversation with Ravi today: the newest, after those logged before it."""
    return conversations.log_one_on_one(vault, conversations.OneOnOne(
        person_id=c["Ravi"], held_on=PRINTED_ON.isoformat(), channel="Signal",
        oc_member_id=c["Maya"], **said))


def long_talk(number: int) -> dict[str, str]:
    """A conversation of many sentences, each field well past the list's 160 characters."""
    return {"ask": f"Will you sign the petition, question {number}?",
            "answer": " ".join(ISSUES[number % 3:]),
            "notes": " ".join(ISSUES) + f" Talk {number} ended at the coffee machine."}


def printed_body(record: conversations.OneOnOne) -> str:
    """What the sheet prints under a conversation's date when it prints it whole."""
    return " ".join(f"{label}: {prep.as_sentence(getattr(record, name))}"
                    for name, label in prep.CONVERSATION_FIELDS if getattr(record, name))


def conversation_notes(text: str) -> list[str]:
    """The notes printed under "Last conversations", without the count of those left out."""
    section = text.split("Last conversations", 1)[1].split("Assessment history", 1)[0]
    section = re.sub(r"\.\.\.and \d+ more \(see the app\)", "", section)
    return [note.strip() for note in section.split("•") if note.strip()]


def assert_whole_sentences(printed: str, whole: str) -> None:
    """`printed` is `whole`, or `whole` up to the end of one of its sentences, then "…"."""
    printed = unwrapped(printed)
    if printed == whole:
        return
    assert printed.endswith(" ..."), f"cut without '…': {printed[-80:]!r}"
    kept = printed.removesuffix(" ...")
    assert kept[-1] in ".!?", f"cut mid-sentence: {kept[-80:]!r}"
    assert whole.startswith(kept) and whole[len(kept)] == " ", (
        f"not the start of the conversation, or cut mid-sentence: {kept[-80:]!r}")


def test_many_long_conversations_fit_one_page_and_no_sentence_is_cut(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    logged = [log(vault, c, **long_talk(n)) for n in range(9)][::-1]  # newest first
    for n in range(3):
        follow_ups.add_follow_up(vault, c["Ravi"], f"2026-12-0{n + 1}", f"Bring leaflet {n}.")
    path = tmp_path / "prep.pdf"
    assert prep.render_prep_sheet_pdf(vault, c["Ravi"], path, printed_on=PRINTED_ON) == 1
    [text] = page_texts(path)  # one page, however much was said
    notes = conversation_notes(text)
    assert len(notes) >= 2, "more than the newest conversation fits"
    for note, record in zip(notes, logged, strict=False):
        lead = f"{formats.short_date(record.held_on)}, Signal, with Heron"
        assert note.startswith(lead)
        body = note.removeprefix(lead).strip()
        assert body.endswith((".", "!", "?", "...")), f"note cut: {body[-60:]!r}"
        assert_whole_sentences(body, flat(printed_body(record)))
    total = len(conversations.one_on_ones_for(vault, c["Ravi"]))
    assert f"...and {total - len(notes)} more (see the app)" in text
    # The other sections keep their share of the page, and the plan its room.
    for kept in ("Bring leaflet 0.", "Pay, Return to office", "Assessment history",
                 "2 Leaning supportive", "Plan for this conversation", "Uplift / the ask",
                 call_list_pdf.CONFIDENTIAL):
        assert kept in text


def test_a_conversation_longer_than_the_page_stops_after_a_whole_sentence(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    sentences = [f"Point {n}: {ISSUES[n % len(ISSUES)]}" for n in range(90)]
    record = log(vault, c, answer="Yes, if the team goes first.", notes=" ".join(sentences))
    path = tmp_path / "prep.pdf"
    assert prep.render_prep_sheet_pdf(vault, c["Ravi"], path, printed_on=PRINTED_ON) == 1
    [text] = page_texts(path)
    newest = conversation_notes(text)[0]
    lead = f"{formats.short_date(record.held_on)}, Signal, with Heron"
    assert newest.startswith(lead)
    body = newest.removeprefix(lead).strip()
    assert body.startswith("Answer: Yes, if the team goes first. Notes: Point 0:")
    assert body.endswith(" ..."), "what did not fit is marked"
    assert_whole_sentences(body, flat(printed_body(record)))
    assert "Point 89" not in text
    others = len(conversations.one_on_ones_for(vault, c["Ravi"])) - 1
    assert f"...and {others} more (see the app)" in text


def test_a_note_with_no_sentence_that_fits_is_left_out_and_counted(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    endless = " ".join(f"word{n}" for n in range(2500))  # pasted without punctuation
    log(vault, c, notes=endless)
    path = tmp_path / "prep.pdf"
    assert prep.render_prep_sheet_pdf(vault, c["Ravi"], path, printed_on=PRINTED_ON) == 1
    [text] = page_texts(path)
    assert "word0" not in text
    total = len(conversations.one_on_ones_for(vault, c["Ravi"]))
    assert f"{total} not shown: the first is too long for this page (see the app)" in text


def test_the_preview_is_one_portrait_page_with_the_sheet_on_it(
    filled: tuple[Vault, Campaign]
) -> None:
    vault, c = filled
    log(vault, c, **long_talk(1))
    sheet = prep.prep_sheet(vault, c["Ravi"], today=PRINTED_ON)
    [image] = prep.preview_prep_sheet(sheet, printed_on=PRINTED_ON, page_size="A4")
    assert image.height() > image.width()
    # Ink in the top and in the bottom (the footer): the whole page is drawn.
    assert any(image.pixelColor(x, y).value() < 128
               for y in range(image.height() // 20) for x in range(image.width()))
    assert any(image.pixelColor(x, y).value() < 128
               for y in range(image.height() * 19 // 20, image.height())
               for x in range(image.width()))


def test_an_erased_person_has_no_prep_sheet_and_nothing_is_written(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    people.delete_person(vault, c["Ravi"])
    with pytest.raises(InvalidInput) as caught:
        prep.render_prep_sheet_pdf(vault, c["Ravi"], tmp_path / "prep.pdf")
    assert str(caught.value) == prep.ERASED
    assert list(tmp_path.glob("*.pdf")) == []


def test_the_prep_sheet_is_still_importable_from_the_call_list_module(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    path = tmp_path / "prep.pdf"
    assert call_list_pdf.render_prep_sheet_pdf(vault, c["Ravi"], path) == 1
    assert_private(path)
    assert call_list_pdf.PrepSheet is prep.PrepSheet

