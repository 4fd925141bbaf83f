"""Printed copies from the command line: `calllist --for NAME` and `chart` log the copy,
print its code, and the code is on every page of the PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from pathlib import Path

import pytest

from organizer import cli_calllist, cli_chart
from organizer.core import call_lists, printed_copies
from organizer.core.vault import Vault
from tests.cli.test_cli_calllist import pdf_text, vault_path  # noqa: F401
from tests.conftest import VaultTemplate
from tests.core.test_call_lists import PASSPHRASE, Campaign
from tests.reports.test_copy_marks import page_texts

COPY_LINE = re.compile(r"^Copy code ([0-9A-Z]{4}-[0-9A-Z]{4})$", re.MULTILINE)


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    parser = argparse.ArgumentParser(prog="organizer")
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli_calllist.register(subparsers)
    cli_chart.register(subparsers)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSPHRASE}\n"))
    args = parser.parse_args(argv)
    result = args.func(args)
    assert isinstance(result, int)
    return result


def logged(path: Path, template: VaultTemplate) -> list[printed_copies.PrintedCopy]:
    with Vault.open_with_key(path, template.raw_key) as vault:
        return printed_copies.printed_copies(vault)


def test_calllist_for_logs_the_recipient_and_prints_the_code_on_every_page(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "calls.pdf"
    assert run(["calllist", str(vault), "--pdf", str(out), "--for", "Lena Parkinson",
                "--per-organizer", "--name", "Door knock"], monkeypatch) == 0
    said = capsys.readouterr().out
    codes = COPY_LINE.findall(said)
    assert len(codes) == 1
    [copy] = logged(vault, empty_vault_template)
    assert copy.copy_code == codes[0]
    assert (copy.kind, copy.printed_for, copy.description) == (
        "call list", "Lena Parkinson", "Door knock")
    assert copy.destroy_by == (dt.date.today() + dt.timedelta(
        days=call_lists.DESTROY_AFTER_DAYS)).isoformat()
    texts = page_texts(out)
    assert copy.pages == len(texts) >= 1
    for text in texts:
        assert f"Copy {copy.copy_code} · for Lena Parkinson" in text
    assert "Printed for Lena Parkinson" not in " ".join(texts)  # --for is not --printed-for


def test_code_names_keep_the_recipient_off_the_page_but_in_the_log(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "codes.pdf"
    # Maya Okafor's people, for her: by default the copy is for the list's OC member.
    assert run(["calllist", str(vault), "--pdf", str(out), "--organizer", "Heron",
                "--code-names"], monkeypatch) == 0
    [code] = COPY_LINE.findall(capsys.readouterr().out)
    [copy] = logged(vault, empty_vault_template)
    assert (copy.copy_code, copy.printed_for) == (code, "Maya Okafor")
    text = pdf_text(out)
    assert f"Copy {code}" in text
    assert "Maya" not in text and "Okafor" not in text


def test_no_destroy_by_and_no_recipient(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "all.pdf"
    assert run(["calllist", str(vault), "--pdf", str(out), "--no-destroy-by"],
               monkeypatch) == 0
    [copy] = logged(vault, empty_vault_template)
    assert (copy.printed_for, copy.destroy_by) == ("", None)
    assert COPY_LINE.findall(capsys.readouterr().out) == [copy.copy_code]


def test_a_failed_pdf_leaves_nothing_to_shred(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    assert run(["calllist", str(vault), "--pdf", str(tmp_path / "nowhere" / "x.pdf"),
                "--for", "Lena Parkinson"], monkeypatch) == 1
    assert "Copy code" not in capsys.readouterr().out
    for copy in logged(vault, empty_vault_template):
        assert copy.destroyed_at is not None
    assert not [c for c in logged(vault, empty_vault_template) if c.destroyed_at is None]


def test_the_wall_chart_is_logged_with_its_code_on_every_page(
    vault_path: tuple[Path, Campaign], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    vault, _ = vault_path
    out = tmp_path / "chart.pdf"
    assert run(["chart", str(vault), "--pdf", str(out), "--poster", "--for", "Omar Haddad"],
               monkeypatch) == 0
    [code] = COPY_LINE.findall(capsys.readouterr().out)
    [copy] = logged(vault, empty_vault_template)
    assert (copy.copy_code, copy.kind, copy.printed_for) == (code, "wall chart", "Omar Haddad")
    texts = page_texts(out)
    assert copy.pages == len(texts)
    assert all(f"Copy {code} · for Omar Haddad" in text for text in texts)
