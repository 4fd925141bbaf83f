"""Running the `organizer` command in tests: in-process and as a real process, plus file states."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from organizer import cli
from tests.core.helpers import is_vault_lock

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"
NEW_PASSPHRASE = "another long passphrase for the test"


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def assert_one_sentence_error(self, *, code: int = 1) -> None:
        """Failed with `code`, one line on stderr after "organizer: ", no traceback."""
        assert self.code == code, (self.code, self.out, self.err)
        assert "Traceback" not in self.err + self.out
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("organizer: "), self.err


def run_in_process(
    argv: list[str],
    stdin: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Outcome:
    """`organizer ARGV` with standard input from a string (so not a terminal)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()  # drop anything printed before
    code = cli.main(argv)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def run_process(
    argv: list[str],
    stdin: str = "",
    *,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 120,
) -> Outcome:
    """`python -m organizer ARGV` as a real process: real exit codes, real stderr."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if part
    )
    result = subprocess.run(
        [sys.executable, "-m", "organizer", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        preexec_fn=preexec_fn,  # only sets limits and signals before exec
        timeout=timeout,
        check=False,
    )
    return Outcome(result.returncode, result.stdout, result.stderr)


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in `folder` with the sha256 of its bytes: equal states = nothing changed."""
    return {
        entry.name: hashlib.sha256(entry.read_bytes()).hexdigest()
        for entry in sorted(folder.iterdir())
        if entry.is_file() and not is_vault_lock(entry)
    }


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]
