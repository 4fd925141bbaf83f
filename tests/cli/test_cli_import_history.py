"""`organizer import VAULT --list` and `--undo IMPORT_ID`: an import's people come back out,
exactly those, once; a wrong id is one sentence and changes nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from organizer.core import people
from organizer.core.vault import Vault
from tests.cli.cli_helpers import PASSPHRASE, run_in_process
from tests.conftest import VaultTemplate

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "docs" / "sample-committee-sheet.csv"


def _count(template: VaultTemplate, path: Path) -> int:
    with Vault.open_with_key(path, template.raw_key) as vault:
        return people.count_people(vault)


def test_list_then_undo_erases_the_imported_people_once(
    empty_vault_template: VaultTemplate, vault_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    imported = run_in_process(["import", str(vault_path), str(SAMPLE)], f"{PASSPHRASE}\n",
                              monkeypatch, capsys)
    assert imported.code == 0, imported.err
    added = _count(empty_vault_template, vault_path)
    assert added > 0

    listed = run_in_process(["import", str(vault_path), "--list"], f"{PASSPHRASE}\n",
                            monkeypatch, capsys)
    assert listed.code == 0, listed.err
    assert "sample-committee-sheet.csv" in listed.out and "kept" in listed.out
    import_id = listed.out.split()[0]

    undone = run_in_process(["import", str(vault_path), "--undo", import_id],
                            f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert undone.code == 0, undone.err
    erased = int(re.search(r"Erased (\d+)", undone.out).group(1))  # type: ignore[union-attr]
    assert _count(empty_vault_template, vault_path) == added - erased
    assert erased > 0

    before = hashlib.sha256(vault_path.read_bytes()).hexdigest()
    again = run_in_process(["import", str(vault_path), "--undo", import_id],
                           f"{PASSPHRASE}\n", monkeypatch, capsys)
    again.assert_one_sentence_error()
    unknown = run_in_process(["import", str(vault_path), "--undo", "no-such-import"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    unknown.assert_one_sentence_error()
    assert hashlib.sha256(vault_path.read_bytes()).hexdigest() == before


def test_no_file_and_no_history_option_is_one_sentence(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_in_process(["import", str(vault_path)], f"{PASSPHRASE}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "Say which file" in result.err
