"""The command line reads and writes UTF-8 whatever the locale says, as on Windows where
pipes use the ANSI code page: a passphrase with accents gives the same key as in the app,
and a name with accents prints instead of stopping the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.core import people
from organizer.core.people import Person
from organizer.core.vault import Vault

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "contraseña muy larga del comité"


def _organizer(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    # PYTHONIOENCODING stands in for a Windows pipe's code page (cp1252) on any system.
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "cp1252"}
    return subprocess.run([sys.executable, "-m", "organizer", *args], input=stdin,
                          capture_output=True, env=env, timeout=120)


@pytest.mark.slow
def test_a_passphrase_with_accents_makes_the_same_key_as_the_app(tmp_path: Path) -> None:
    path = tmp_path / "comité ☂.vault"  # ☂ has no place in cp1252
    made = _organizer(["vault", "create", str(path)], f"{PASSPHRASE}\n".encode())
    assert made.returncode == 0, made.stderr.decode("utf-8", "replace")
    assert made.stdout.decode("utf-8") == f"Created the vault {path}.\n"
    with Vault.open(path, PASSPHRASE) as vault:  # as the app would, from typed text
        people.add_person(vault, Person(name="Zoë Núñez", notes="habló en la cafetería"))
    checked = _organizer(["vault", "check", str(path)], f"{PASSPHRASE}\n".encode())
    assert checked.returncode == 0, checked.stderr.decode("utf-8", "replace")
    assert "people: 1" in checked.stdout.decode("utf-8")
    assert "integrity: ok" in checked.stdout.decode("utf-8")
