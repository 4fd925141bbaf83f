"""`organizer chart`: through cli.main in-process, the passphrase on standard input."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from tests.cli.cli_helpers import PASSPHRASE, run_in_process
from tests.conftest import assert_private
from tests.core.test_call_lists import make_vault
from tests.reports.test_chart_pdf import page_texts, seed_chart


@pytest.fixture
def vault_path(qapp: QApplication, tmp_path: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault = make_vault(tmp_path / "v", tmp_path_factory)
    try:
        seed_chart(vault)
        return vault.path
    finally:
        vault.close()


def test_happy_path(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chart.pdf"
    result = run_in_process(["chart", str(vault_path), "--pdf", str(out), "--page-size",
                             "Letter"], f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert (result.code, result.err) == (0, ""), result
    assert result.out.startswith("Wrote the wall chart (10 people) on 1 page")
    text = " ".join(page_texts(out))
    assert "Welding" in text and "Packing" in text and "10 people · 5 sup. (50%)" in text
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    assert_private(out)


def test_site_and_poster(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "south.pdf"
    result = run_in_process(["chart", str(vault_path), "--pdf", str(out), "--site",
                             "south  PLANT", "--poster"], f"{PASSPHRASE}\n", monkeypatch,
                            capsys)
    assert result.code == 0, result
    assert "(1 person)" in result.out
    assert "South plant" in " ".join(page_texts(out))


def test_initials(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str]) -> None:
    plain, marked = tmp_path / "plain.pdf", tmp_path / "initials.pdf"
    for out, extra in ((plain, []), (marked, ["--initials"])):
        result = run_in_process(["chart", str(vault_path), "--pdf", str(out), *extra],
                                f"{PASSPHRASE}\n", monkeypatch, capsys)
        assert (result.code, result.err) == (0, ""), result
    text = " ".join(page_texts(plain))
    assert "10 people · 5 sup. (50%)" in text and "AO" not in text and "GG" not in text
    text = " ".join(page_texts(marked))
    assert "Welding AO BB CC DD 4 people" in text and "GG HH II 3 people" in text
    assert "Ana" not in text and "Gus" not in text


def test_poster_needs_one_tile_here(vault_path: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "poster.pdf"
    result = run_in_process(["chart", str(vault_path), "--pdf", str(out), "--poster",
                             "--initials", "--page-size", "A4"], f"{PASSPHRASE}\n",
                            monkeypatch, capsys)
    assert result.code == 0, result
    assert result.out.startswith("Wrote the wall chart (10 people) on 2 pages")
    tile, tracker = page_texts(out)
    assert "Poster: column 1 of 1, row 1 of 1" in tile and "Welding AO BB" in tile
    assert "Majority tracker" in tracker


def test_unknown_site(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chart.pdf"
    result = run_in_process(["chart", str(vault_path), "--pdf", str(out), "--site", "Mars"],
                            f"{PASSPHRASE}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "Mars" in result.err
    assert not out.exists()


def test_wrong_passphrase(vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chart.pdf"
    result = run_in_process(["chart", str(vault_path), "--pdf", str(out)],
                            "not the passphrase at all\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
