"""`organizer calllist`: run in-process through argparse, the passphrase on standard input (not
a terminal), output caught with capsys. Real vaults; the PDF read back with pypdf."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from organizer import cli_calllist, formats
from organizer.core import call_lists as cl
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate
from tests.core.test_call_lists import PASSPHRASE, REAL_NAMES, Campaign, campaign_vault


@pytest.fixture
def vault_path(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Campaign]:
    """A closed campaign vault (the command opens it with the passphrase; tests read it back
    with the raw key of the suite's template, which it is a copy of)."""
    vault, c = campaign_vault(tmp_path / "v", tmp_path_factory)
    path = vault.path
    vault.close()
    return path, c


def without_copy_code(out: str) -> str:
    """The output without its last line, "Copy code K7QM-2XRD" (the printed copy's random
    code: tests/cli/test_cli_printed_copies.py checks it against the log)."""
    match = re.search(r"Copy code [0-9A-Z]{4}-[0-9A-Z]{4}\n\Z", out)
    assert match, out
    return out[:match.start()]

def run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    parser = argparse.ArgumentParser(prog="organizer")
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli_calllist.register(subparsers)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    args = parser.parse_args(argv)
    result = args.func(args)
    assert isinstance(result, int)
    return result


def pdf_text(path: Path) -> str:
    return " ".join(
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split())
        for p in pypdf.PdfReader(path).pages
    )


def test_happy_path_with_code_names(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "calls.pdf"
    destroy_by = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    code = run([
        "calllist", str(vault), "--pdf", str(out), "--department", "INFRASTRUCTURE",
        "--assessment", "2-4", "--per-organizer", "--code-names", "--printed-for", "Heron",
        "--name", "Petition drive", "--page-size", "Letter", "--destroy-by", destroy_by,
    ], f"{PASSPHRASE}\n", monkeypatch)
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    # Ravi (Maya's) and Omar (unassigned): two short sections sharing a page.
    assert without_copy_code(captured.out) == f"Wrote 2 people on 1 page to {out}\n"
    text = pdf_text(out)
    for expected in ("Heron's calls", "Kestrel", "cut here", "Unassigned", "Wren",
                     "Petition drive", "Printed for Heron",
                     f"Destroy by {formats.short_date(destroy_by)}",
                     "Code names hide names, not people: a phone number identifies a person "
                     "anyway.", "CONFIDENTIAL: do not copy, shred after use"):
        assert expected in text
    assert text.index("Heron's calls") < text.index("Kestrel") < text.index("Unassigned")
    for real in REAL_NAMES:
        assert real not in text
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    # Saved in the vault with the printed order, ready for typing the results in.
    with Vault.open_with_key(vault, empty_vault_template.raw_key) as opened:
        saved = cl.saved_call_lists(opened)
        assert [(s.name, s.people) for s in saved] == [("Petition drive", 2)]
        assert saved[0].printed_at is not None
        reopened = cl.open_call_list(opened, saved[0].id)
        assert [r.name for r in reopened.rows] == ["Kestrel", "Wren"]


def test_organizer_and_single_score(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault, _ = vault_path
    out = tmp_path / "maya.pdf"
    code = run(["calllist", str(vault), "--pdf", str(out), "--organizer", "maya okafor",
                "--assessment", "2", "--initials"], f"{PASSPHRASE}\n", monkeypatch)
    assert (code, without_copy_code(capsys.readouterr().out)) == (
        0, f"Wrote 1 person on 1 page to {out}\n")
    text = pdf_text(out)
    assert "R.M." in text and "Ravi" not in text and "Call list" in text
    # The code name finds the organizer too. Bea's only number is her work line.
    code = run(["calllist", str(vault), "--pdf", str(out), "--organizer", "HERON"],
               f"{PASSPHRASE}\n", monkeypatch)
    assert (code, without_copy_code(capsys.readouterr().out)) == (
        0, f"Wrote 2 people on 1 page to {out}; 1 with no phone on file, listed to reach in "
        "person\n")
    text = pdf_text(out)
    assert text.index("No phone on file: reach in person") < text.index("Bea Santos")
    assert text.count("Commitment") == 1  # Ravi's call; Bea is not a call


@pytest.mark.parametrize(("extra", "message"), [
    (["--department", "Nowhere"], "organizer: there is no department called Nowhere.\n"),
    (["--shift", "Graveyard"], "organizer: there is no shift called Graveyard.\n"),
    (["--organizer", "Nobody"], "organizer: there is no OC member called Nobody.\n"),
    (["--organizer", "Ravi Menon"], "organizer: there is no OC member called Ravi Menon.\n"),
    (["--assessment", "6"],
     'organizer: "6" is not an assessment; use a score from 1 to 5 like "2" or "2-3".\n'),
    (["--assessment", "two"],
     'organizer: "two" is not an assessment; use a score from 1 to 5 like "2" or "2-3".\n'),
    (["--destroy-by", "next week"],
     "organizer: next week is not a date; use the form 2026-11-23.\n"),
    (["--destroy-by", "2020-01-31"],
     "organizer: 2020-01-31 is in the past; give a destroy-by date from today on.\n"),
    (["--destroy-by", "2099-01-31", "--no-destroy-by"],
     "organizer: --destroy-by and --no-destroy-by contradict each other; give one of them.\n"),
    (["--assessment-words", "--assessment-codes"],
     "organizer: --assessment-words and --assessment-codes contradict each other; give one "
     "of them.\n"),
    (["--assessment", "5"], "organizer: no one matches these filters, so no PDF was written.\n"),
])
def test_bad_input_is_one_sentence_and_exit_1(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str,
    empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "out" / "never.pdf"
    out.parent.mkdir()
    code = run(["calllist", str(vault), "--pdf", str(out), *extra], f"{PASSPHRASE}\n",
               monkeypatch)
    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (1, "", message)
    assert list(out.parent.iterdir()) == []
    with Vault.open_with_key(vault, empty_vault_template.raw_key) as opened:
        assert cl.saved_call_lists(opened) == []


def test_wrong_passphrase(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault, _ = vault_path
    out = tmp_path / "out" / "never.pdf"
    out.parent.mkdir()
    code = run(["calllist", str(vault), "--pdf", str(out)], "not the passphrase\n",
               monkeypatch)
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err.startswith("organizer: The passphrase is wrong for this vault")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert list(out.parent.iterdir()) == []


def test_no_passphrase_and_missing_vault(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault, _ = vault_path
    out = tmp_path / "x.pdf"
    assert run(["calllist", str(vault), "--pdf", str(out)], "", monkeypatch) == 1
    assert capsys.readouterr().err == (
        "organizer: Standard input ended before the passphrase for c.vault was given "
        "(give one passphrase per line).\n")
    assert run(["calllist", str(tmp_path / "nope.vault"), "--pdf", str(out)],
               f"{PASSPHRASE}\n", monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("organizer: There is no file at") and "Traceback" not in err
    assert run(["calllist", str(vault), "--pdf", str(tmp_path / "no" / "x.pdf")],
               f"{PASSPHRASE}\n", monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("organizer: The folder") and err.count("\n") == 1
    assert not out.exists()


def test_code_names_and_initials_exclude_each_other(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    vault, _ = vault_path
    with pytest.raises(SystemExit) as exit_info:
        run(["calllist", str(vault), "--pdf", str(tmp_path / "x.pdf"), "--code-names",
             "--initials"], f"{PASSPHRASE}\n", monkeypatch)
    assert exit_info.value.code == 2


def test_parse_assessments() -> None:
    assert cli_calllist.parse_assessments("2") == {2}
    assert cli_calllist.parse_assessments("2-3") == {2, 3}
    assert cli_calllist.parse_assessments("3-1") == {1, 2, 3}
    assert cli_calllist.parse_assessments("1, 4-5") == {1, 4, 5}
    assert cli_calllist.parse_assessments("0") == {0}


# ----- what is printed by default, and the options that change it ---------------------------


def test_defaults_are_the_call_lists_pages(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate, qtbot: Any,
) -> None:
    """No options: what the app's Call lists page prints when nothing is changed on it."""
    vault, _ = vault_path
    out = tmp_path / "default.pdf"
    assert run(["calllist", str(vault), "--pdf", str(out)], f"{PASSPHRASE}\n",
               monkeypatch) == 0
    capsys.readouterr()
    text = pdf_text(out)
    destroy_by = dt.date.today() + dt.timedelta(days=cl.DESTROY_AFTER_DAYS)
    assert f"Destroy by {formats.short_date(destroy_by)}" in text
    assert "CONFIDENTIAL: do not copy, shred after use" in text
    # Neutral codes, not the scale's words (Ravi 2, Lena 3, Omar 4, Dev 1, Bea not assessed).
    for code in ("A1", "A2", "A3", "A4", "A?"):
        assert code in text
    for words in ("Active supporter", "Leaning supportive", "Undecided", "Leaning against",
                  "Not assessed"):
        assert words not in text
    # The very options the page starts with (it makes one section per OC member unless
    # told otherwise; the command line keeps that to --per-organizer).
    from organizer.gui.assessment_badge import AssessmentScale
    from organizer.gui.call_lists_page import CallListsPage

    with Vault.open_with_key(vault, empty_vault_template.raw_key) as opened:
        page = CallListsPage(opened, AssessmentScale.load(opened))
        qtbot.addWidget(page)
        on_the_page = page.current_options()
        saved = cl.saved_call_lists(opened)[0]
        printed = cl.open_call_list(opened, saved.id).options
    args = argparse.Namespace(
        code_names=False, initials=False, no_phones=False, assessment_words=False,
        assessment_codes=False, per_organizer=True, printed_for="", destroy_by=None,
        no_destroy_by=False, page_size=None)
    assert cli_calllist.options_from(args, dt.date.today()) == on_the_page
    assert printed == replace(on_the_page, per_organizer=False)


def test_assessment_words_and_no_destroy_by_are_asked_for(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault, _ = vault_path
    out = tmp_path / "words.pdf"
    assert run(["calllist", str(vault), "--pdf", str(out), "--assessment-words",
                "--no-destroy-by"], f"{PASSPHRASE}\n", monkeypatch) == 0
    capsys.readouterr()
    text = pdf_text(out)
    assert "Leaning supportive" in text and "Not assessed" in text
    assert "A2" not in text and "A?" not in text
    assert "Destroy by" not in text
    assert "CONFIDENTIAL: do not copy, shred after use" in text


def test_no_phones_prints_no_number_at_all(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "walk.pdf"
    assert run(["calllist", str(vault), "--pdf", str(out), "--no-phones", "--code-names"],
               f"{PASSPHRASE}\n", monkeypatch) == 0
    assert without_copy_code(capsys.readouterr().out) == f"Wrote 5 people on 1 page to {out}\n"
    text = pdf_text(out)
    assert "No phone numbers on this list" in text
    assert not re.search(r"\d{3} \d{4}", text), "a phone number was printed"
    for fragment in ("555", "0101", "0112", "+1"):
        assert fragment not in text
    # Nothing to call, so nothing to warn about, and nobody set apart for having no phone.
    assert "identifies a person anyway" not in text
    assert "No phone on file" not in text
    with Vault.open_with_key(vault, empty_vault_template.raw_key) as opened:
        saved = cl.saved_call_lists(opened)[0]
        assert cl.open_call_list(opened, saved.id).options.phones is False
