"""Passphrases the command line refuses, each in one sentence with nothing written: guessable
ones (zxcvbn), and bytes on standard input that are not UTF-8 text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.core.vault import Vault
from tests.cli.cli_helpers import PASSPHRASE, REPO_ROOT, Outcome, run_process


@pytest.mark.parametrize("guessable", ["aaaaaaaaaaaa", "password1234", " " * 12])
def test_vault_create_refuses_a_guessable_passphrase(tmp_path: Path, guessable: str) -> None:
    target = tmp_path / "new.vault"
    outcome = run_process(["vault", "create", str(target)], f"{guessable}\n")
    outcome.assert_one_sentence_error()
    assert "easy to guess" in outcome.err and "such as: " in outcome.err
    assert list(tmp_path.iterdir()) == []


def _run_with_bytes(argv: list[str], stdin: bytes) -> Outcome:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run([sys.executable, "-m", "organizer", *argv], input=stdin,
                            capture_output=True, env=env, timeout=120, check=False)
    return Outcome(result.returncode, result.stdout.decode("utf-8", "replace"),
                   result.stderr.decode("utf-8", "replace"))


def test_a_passphrase_that_is_not_utf8_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "campaign.vault"
    Vault.create(path, PASSPHRASE, "Campaign").close()
    before = path.read_bytes()
    outcome = _run_with_bytes(["vault", "check", str(path)], b"caf\xe9 au lait forever\n")
    outcome.assert_one_sentence_error()
    assert "not valid UTF-8 text" in outcome.err
    assert "went wrong" not in outcome.err and "Unicode" not in outcome.err
    assert path.read_bytes() == before

    new = tmp_path / "new.vault"
    outcome = _run_with_bytes(["vault", "create", str(new)], b"\xff\xfe long enough bytes\n")
    outcome.assert_one_sentence_error()
    assert "not valid UTF-8 text" in outcome.err
    assert not new.exists()
