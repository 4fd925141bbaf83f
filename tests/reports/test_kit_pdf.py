"""A recovery kit's pages as PDF, read back with pypdf: one page per share, its words
numbered and in order, "share 2 of 5, any 3 restore", who it is for, what to do and never to
do; neutral metadata and file names, private files, and a whole kit all or nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from organizer import formats
from organizer.core import campaign
from organizer.core.backup import KEY_PASSPHRASE, kit
from organizer.core.vault import Vault
from organizer.reports import kit_pdf
from organizer.reports.pages import PdfNotWritten
from tests.conftest import assert_private

MADE_ON = dt.date(2026, 3, 12)
EFF_PASSPHRASE = "abacus yearbook canopy drizzle unusable pony"
CAMPAIGN = "Quillfeather Warehouse Drive"


def pdf_text(path: Path) -> tuple[int, str]:
    """Pages and the first page's text with whitespace collapsed."""
    reader = pypdf.PdfReader(path)
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split())


def printed_words(text: str) -> list[str]:
    """The words as numbered on the page ("1. academic 2. acid ..."), in number order."""
    found = {int(n): w for n, w in re.findall(r"\b(\d{1,2})\. ([a-z]+)\b", text)}
    return [found[n] for n in sorted(found)]


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("passphrase", [EFF_PASSPHRASE, "Our union, our rules: 2026! ¿Sí?"])
def test_a_share_page_holds_its_words_numbered_and_what_to_do(
    qapp: QApplication, tmp_path: Path, page_size: str, passphrase: str
) -> None:
    shares = kit.split_passphrase(passphrase, 5, 3, ["Maya Chen"], MADE_ON)
    path = tmp_path / shares[1].file_name
    assert kit_pdf.write_share_pdf(shares[1], path, page_size=page_size) == 1
    assert_private(path)
    pages, text = pdf_text(path)
    assert pages == 1
    assert printed_words(text) == list(shares[1].words)  # all of them: 20 or 59
    assert "Share 2 of 5, any 3 restore" in text
    assert "For:" in text and "Maya" not in text  # share 2 has no name: a line to write on
    for sentence in ("photograph it", "type these words into a phone",
                     "keep two shares together", "Restore from backup",
                     "I have recovery shares instead of the passphrase",
                     "first four letters", f"Made {formats.short_date(MADE_ON)}"):
        assert sentence in text, sentence
    metadata = pypdf.PdfReader(path).metadata
    assert metadata is not None and metadata.title == "Recovery kit share"

    named = tmp_path / shares[0].file_name
    kit_pdf.write_share_pdf(shares[0], named, page_size=page_size)
    assert "For: Maya Chen" in pdf_text(named)[1]


def test_the_preview_is_one_page_like_the_pdf(qapp: QApplication) -> None:
    share = kit.split_passphrase(EFF_PASSPHRASE, 3, 2, made_on=MADE_ON)[0]
    images = kit_pdf.preview_share(share, page_size="A4")
    assert len(images) == 1 and not images[0].isNull()


def test_a_whole_kit_names_no_one_and_not_the_campaign(
    qapp: QApplication, vault: Vault, tmp_path: Path
) -> None:
    campaign.rename_campaign(vault, CAMPAIGN)
    folder = tmp_path / "kit"
    folder.mkdir()
    made, written = kit_pdf.make_recovery_kit(
        vault, folder, 4, 2, holders=["Maya Chen", "Ben Ortiz"], page_size="A4")
    assert sorted(p.name for p in folder.iterdir()) == [
        f"kit-share-{n}-of-4.pdf" for n in range(1, 5)]
    texts = [pdf_text(path)[1] for path in written]
    for number, text in enumerate(texts, start=1):
        assert f"Share {number} of 4, any 2 restore" in text
        assert CAMPAIGN not in text and "Quillfeather" not in text
        assert_private(written[number - 1])
    assert "For: Maya Chen" in texts[0] and "For: Ben Ortiz" in texts[1]
    typed = [" ".join(printed_words(texts[3])), " ".join(printed_words(texts[1]))]
    assert kit.recover_passphrase(typed) == campaign.setting(vault, KEY_PASSPHRASE)
    assert campaign.setting(vault, KEY_PASSPHRASE) == made.passphrase


def test_a_kit_that_cannot_be_written_leaves_no_page_and_the_passphrase_unchanged(
    qapp: QApplication, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kit"
    folder.mkdir()
    # The third page's name is taken by a folder, so that PDF cannot be written. (The
    # folder check would refuse it at once; here it is as if it appeared after the check.)
    (folder / "kit-share-3-of-3.pdf").mkdir()
    monkeypatch.setattr(kit, "check_kit_folder", lambda target: folder)
    with pytest.raises(PdfNotWritten):
        kit_pdf.make_recovery_kit(vault, folder, 3, 2)
    assert sorted(p.name for p in folder.iterdir()) == ["kit-share-3-of-3.pdf"]
    assert campaign.setting(vault, KEY_PASSPHRASE) == ""
    assert kit.kit_status(vault) is None
