"""The command line and the printed pages under the pseudo-locale: every sentence the
`organizer` command writes on stderr, and every word of the call list, wall chart, prep sheet
and recovery-kit PDFs (read back with pypdf), is a marked message or data passed in.

Data is written without ASCII letters (`pseudo_support.data`), so any ASCII word left in the
output is a message nobody marked. Paths, the kit's own words (SLIP-39, the same in every
language) and its file name are data too, and are taken out before the check.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from organizer import cli, i18n
from organizer.core import call_lists, people
from organizer.core.backup import kit
from organizer.core.vault import Vault
from organizer.reports import call_list_pdf, chart_pdf, kit_pdf, prep_sheet_pdf
from tests.gui.vault_fixtures import Seed
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    unmarked,
)

PASSPHRASE = "correct horse battery staple"
SPANISH = "¿Cuándo? ¡Sí! Ñandú, pingüino, acción, café"


def pdf_text(path: Path) -> str:
    """Every page's text, ligatures unfolded and whitespace collapsed."""
    return " ".join(" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
                    for page in pypdf.PdfReader(path).pages)


def assert_marked(text: str, *data_words: str) -> None:
    """No ASCII word in `text` outside a marked message, once `data_words` are taken out."""
    for word in data_words:
        text = text.replace(word, " ")
    assert unmarked(text) is None, (unmarked(text), text)


def assert_confidential_marked(text: str) -> None:
    """The confidentiality line is there, translated, and never in plain English."""
    assert "CONFIDENTIAL" not in text and "Confidential" not in text
    assert i18n.pseudo("CONFIDENTIAL")[1:-1] in text, text


# ----- the command line ----------------------------------------------------------------------


@pytest.fixture
def cli_pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`cli.main` starts the language itself: ORGANIZER_LANGUAGE asks it for the pseudo one."""
    monkeypatch.setenv("ORGANIZER_LANGUAGE", i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.use(i18n.SOURCE_LANGUAGE)


def run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_sentence(err: str, *paths: Path) -> str:
    """The one sentence after the (translated) "organizer: ", which must itself be marked:
    the prefix's brackets round it would otherwise hide an unmarked sentence."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    prefix, suffix = i18n.pseudo("organizer: {message}").split("{message}")
    line = lines[0]
    assert line.startswith(prefix) and line.endswith(suffix), line
    sentence = line[len(prefix):len(line) - len(suffix)]
    for path in paths:
        sentence = sentence.replace(str(path), " ")
    assert "⟦" in sentence, sentence
    return sentence


@pytest.fixture
def vault_file(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.organizer"
    Vault.create(path, PASSPHRASE, data("Harbour freight drive")).close()
    return path


def test_cli_errors_are_marked(cli_pseudo: None, vault_file: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.organizer"
    nowhere = tmp_path / "no-such-folder" / "new.organizer"
    cases: list[tuple[list[str], str, tuple[Path, ...]]] = [
        (["vault", "check", str(missing)], "", (missing,)),
        (["vault", "check", str(vault_file)], "a wrong passphrase\n", (vault_file,)),
        (["import", str(vault_file), "--undo", "no-such-import"], PASSPHRASE + "\n",
         (vault_file,)),
        (["vault", "create", str(nowhere)], "", (nowhere.parent,)),
        (["vault", "create", str(tmp_path / "new.organizer")], "", ()),
        (["calllist", str(vault_file), "--pdf", str(tmp_path / "out.pdf"),
          "--assessment", "9"], PASSPHRASE + "\n", ()),
        (["calllist", str(vault_file), "--pdf", str(tmp_path / "out.pdf"),
          "--destroy-by", "2000-01-01"], PASSPHRASE + "\n", ()),
        (["chart", str(vault_file), "--pdf", str(tmp_path / "chart.pdf"), "--site",
          data("Nowhere")], PASSPHRASE + "\n", ()),
        (["committee", "send", str(vault_file), str(tmp_path / "no-such-folder")], "",
         (tmp_path / "no-such-folder",)),
    ]
    for argv, stdin, paths in cases:
        code, _out, err = run(argv, stdin, monkeypatch, capsys)
        assert code == 1, (argv, err)
        sentence = error_sentence(err, *paths)
        assert unmarked(sentence) is None, (argv, sentence)


def test_cli_output_and_help_are_marked(cli_pseudo: None, vault_file: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["vault", "check", str(vault_file)], PASSPHRASE + "\n", monkeypatch,
                         capsys)
    assert code == 0, err
    assert_marked(out)
    assert out.strip().splitlines()[-1] == i18n.pseudo("integrity: ok")
    code, out, err = run(["import", str(vault_file), "--list"], PASSPHRASE + "\n",
                         monkeypatch, capsys)
    assert code == 0, err
    assert_marked(out)
    for argv in (["--help"], ["calllist", "--help"], ["chart", "--help"],
                 ["backup", "kit", "--help"], ["committee", "receive", "--help"],
                 ["import", "--help"], ["vault", "create", "--help"]):
        code, out, _err = run(argv, "", monkeypatch, capsys)
        assert code == 0
        # Only the help's own words: argparse's ("usage:", "options:"), the program's
        # name, the options and metavars (typed as they are) stay as argparse writes them.
        helps = [line.strip() for line in out.splitlines() if "⟦" in line]
        assert helps, out
        for line in helps:
            assert_marked(line[line.index("⟦"):])


# ----- the printed pages -----------------------------------------------------------------------


def test_call_list_pdf_is_marked(qapp: QApplication, pseudo: None, pseudo_vault: Vault,
                                 tmp_path: Path) -> None:
    today = dt.date.today()
    for options in (
        call_lists.CallListOptions(per_organizer=True, printed_for=data("Heron"),
                                   destroy_by=today + dt.timedelta(days=7),
                                   assessment_style="code"),
        call_lists.CallListOptions(name_style="code name", assessment_style="label"),
        call_lists.CallListOptions(phones=False),
    ):
        built = call_lists.build_call_list(pseudo_vault, options=options, today=today)
        path = tmp_path / "call-list.pdf"
        call_list_pdf.render_call_list_pdf(built, path, list_name=data("Petition drive"),
                                           printed_on=today, campaign_name=data("Harbour"))
        text = pdf_text(path)
        assert_marked(text)
        assert_confidential_marked(text)
        if options.printed_for:
            assert i18n.pseudo("Printed for {name}").split("{name}")[0] in text
    # The Spanish letters (and the pseudo-locale's) come through the fonts and back out.
    built = call_lists.build_call_list(pseudo_vault, today=today)
    call_list_pdf.render_call_list_pdf(built, path, list_name=SPANISH, printed_on=today)
    assert SPANISH in pdf_text(path)


def test_call_list_empty_and_in_person_are_marked(qapp: QApplication, pseudo: None,
                                                  pseudo_vault: Vault, pseudo_template: Seed,
                                                  tmp_path: Path) -> None:
    ana = pseudo_template.people["Ana Silva"]
    criteria = call_lists.CallListCriteria(
        people=people.PeopleFilter(assessments=frozenset({2})))
    built = call_lists.build_call_list(pseudo_vault, criteria, today=dt.date.today())
    assert any(row.person_id == ana for row in built.rows)  # no phone: to reach in person
    path = tmp_path / "in-person.pdf"
    call_list_pdf.render_call_list_pdf(built, path, list_name=data("List"),
                                       printed_on=dt.date.today())
    text = pdf_text(path)
    assert_marked(text)
    assert i18n.pseudo(call_list_pdf.IN_PERSON_HEADING)[1:-1] in text
    nobody = call_lists.build_call_list(
        pseudo_vault, call_lists.CallListCriteria(people=people.PeopleFilter(
            assessments=frozenset({5}))), today=dt.date.today())
    call_list_pdf.render_call_list_pdf(nobody, path, list_name=data("List"),
                                       printed_on=dt.date.today())
    assert_marked(pdf_text(path))


def test_wall_chart_pdf_is_marked(qapp: QApplication, pseudo: None, pseudo_vault: Vault,
                                  tmp_path: Path) -> None:
    printed = chart_pdf.chart_print(pseudo_vault)
    path = tmp_path / "chart.pdf"
    for poster, initials in ((False, False), (False, True), (True, False)):
        chart_pdf.render_wall_chart_pdf(printed, path, poster=poster, initials=initials)
        text = pdf_text(path)
        assert_marked(text)
        assert_confidential_marked(text)
        assert "Wall chart" not in text and "Majority tracker" not in text
    for column, row, across, down in ((1, 1, 2, 2), (0, 0, 2, 2), (1, 0, 2, 1),
                                      (0, 1, 1, 2)):
        assert_marked(chart_pdf.join_note(column, row, across, down))


def test_prep_sheet_pdf_is_marked(qapp: QApplication, pseudo: None, pseudo_vault: Vault,
                                  pseudo_template: Seed, tmp_path: Path) -> None:
    path = tmp_path / "prep.pdf"
    for name in ("Ravi Kumar", "Sam Lee", "Maya Okafor"):
        prep_sheet_pdf.render_prep_sheet_pdf(pseudo_vault, pseudo_template.people[name], path)
        text = pdf_text(path)
        assert_marked(text)
        assert_confidential_marked(text)
        assert "One-on-one prep" not in text
    assert pypdf.PdfReader(path).metadata.title == i18n.pseudo(prep_sheet_pdf.PREP_TITLE)


def test_recovery_kit_pdf_is_marked(qapp: QApplication, pseudo: None, tmp_path: Path) -> None:
    shares = kit.split_passphrase(PASSPHRASE, 3, 2, [data("Maya Okafor")], dt.date.today())
    for share in shares[:2]:  # one for a named member, one with a line to write a name on
        path = tmp_path / share.file_name
        kit_pdf.write_share_pdf(share, path)
        text = pdf_text(path)
        # The words (SLIP-39's, in every language) and the file's name are the share's data.
        assert_marked(text, share.file_name.removesuffix(".pdf"),
                      *sorted(share.words, key=len, reverse=True))
        assert "RECOVERY KIT" not in text and "Never" not in text
        assert i18n.pseudo("Never")[1:-1] in text
    assert pypdf.PdfReader(path).metadata.title == i18n.pseudo(kit_pdf.KIT_TITLE)
    for share in shares:
        for sentence in kit_pdf.page_texts(share).values():
            for each in ([sentence] if isinstance(sentence, str) else sentence):
                assert_marked(each, share.file_name.removesuffix(".pdf"))
