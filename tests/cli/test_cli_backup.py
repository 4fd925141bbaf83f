"""`organizer backup export|verify|restore`, run in-process through a parser built like cli.py's.

Passphrases come one per line on standard input (not a terminal), in the order each command
asks for them. Real vault and backup files; one export per module (scrypt is slow on purpose).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from organizer import cli_backup, cli_passphrase
from organizer.core import people, schema
from organizer.core.backup import AGE_HEADER
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.conftest import assert_private

VAULT_PASSPHRASE = "correct horse battery staple"
BACKUP_PASSPHRASE = "violet anchor meadow lantern"
NEW_PASSPHRASE = "granite otter lemonade harbor"
MARKER = "ZZCLIMARKER-Ines-Walkout"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(argv: list[str], stdin: str) -> Run:
    parser = argparse.ArgumentParser(prog="organizer")
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli_backup.register(subparsers)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = args.func(args)
    finally:
        sys.stdin = saved
    return Run(code, out.getvalue(), err.getvalue())


def lines(*passphrases: str) -> str:
    return "".join(f"{p}\n" for p in passphrases)


@dataclass
class Exported:
    folder: Path
    vault: Path
    backup: Path
    people: int
    result: Run


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    os.umask(0o077)
    folder = tmp_path_factory.mktemp("cli-backup")
    vault_path = folder / "campaign.vault"
    with Vault.create(vault_path, VAULT_PASSPHRASE, "CLI campaign") as vault:
        for name in (MARKER, "Dana Lee", "Sam Ortiz"):
            people.add_person(vault, Person(name=name, notes="talked at lunch"))
    result = run(
        ["backup", "export", str(vault_path), str(folder / "campaign.age")],
        lines(VAULT_PASSPHRASE, BACKUP_PASSPHRASE),
    )
    return Exported(folder, vault_path, folder / "campaign.age", 3, result)


def assert_one_sentence(result: Run, text: str) -> None:
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err.startswith("organizer: ") and result.err.endswith("\n")
    assert result.err.count("\n") == 1
    assert text in result.err


def test_export_writes_a_verified_backup(exported: Exported) -> None:
    assert exported.result.code == 0, exported.result.err
    assert exported.result.err == ""
    assert f"Backup written and verified: {exported.backup}" in exported.result.out
    assert exported.backup.read_bytes().startswith(AGE_HEADER)
    assert_private(exported.backup)
    assert sorted(p.name for p in exported.folder.iterdir()) == [
        "campaign.age", "campaign.vault"
    ]


def test_verify_prints_the_manifest(exported: Exported) -> None:
    result = run(["backup", "verify", str(exported.backup)], lines(BACKUP_PASSPHRASE))
    assert result.code == 0, result.err
    out = result.out.splitlines()
    assert "Verified: yes" in result.out
    assert any(line.startswith("Created at: 20") for line in out)
    assert "App version: 0.1.0" in out
    assert f"Schema version: {schema.SCHEMA_VERSION}" in out
    assert f"person: {exported.people}" in out
    assert "one_on_one: 0" in out and "campaign: 1" in out


def test_restore_makes_a_new_vault_with_the_new_passphrase(
    exported: Exported, tmp_path: Path
) -> None:
    target = tmp_path / "restored.vault"
    result = run(
        ["backup", "restore", str(exported.backup), str(target)],
        lines(BACKUP_PASSPHRASE, NEW_PASSPHRASE),
    )
    assert result.code == 0, result.err
    assert f"people: {exported.people}" in result.out.splitlines()
    with Vault.open(target, NEW_PASSPHRASE) as vault:
        names = {row[0] for row in vault.connection.execute("SELECT name FROM person")}
    assert MARKER in names
    assert_private(target)


def test_a_wrong_backup_passphrase_is_one_sentence_and_exit_1(exported: Exported) -> None:
    result = run(["backup", "verify", str(exported.backup)], lines("not the passphrase"))
    assert_one_sentence(result, "The backup passphrase is wrong (or the file was changed).")


def test_a_wrong_vault_passphrase_writes_nothing(exported: Exported, tmp_path: Path) -> None:
    out = tmp_path / "b.age"
    result = run(
        ["backup", "export", str(exported.vault), str(out)],
        lines("wrong wrong wrong wrong", BACKUP_PASSPHRASE),
    )
    assert_one_sentence(result, "passphrase is wrong")
    assert list(tmp_path.iterdir()) == []


def test_a_weak_backup_passphrase_is_refused(exported: Exported, tmp_path: Path) -> None:
    result = run(
        ["backup", "export", str(exported.vault), str(tmp_path / "b.age")],
        lines(VAULT_PASSPHRASE, "short"),
    )
    assert_one_sentence(result, "too short")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_passphrase_line(exported: Exported, tmp_path: Path) -> None:
    result = run(
        ["backup", "export", str(exported.vault), str(tmp_path / "b.age")],
        lines(VAULT_PASSPHRASE),
    )
    assert_one_sentence(result, "Standard input ended before the backup passphrase")
    assert list(tmp_path.iterdir()) == []


def test_bad_paths_fail_before_any_passphrase(exported: Exported, tmp_path: Path) -> None:
    existing = tmp_path / "existing.vault"
    existing.write_bytes(b"keep me")
    result = run(["backup", "restore", str(exported.backup), str(existing)], "")
    assert_one_sentence(result, "never overwrites")
    assert existing.read_bytes() == b"keep me"

    not_backup = tmp_path / "notes.txt"
    not_backup.write_text("hello")
    assert_one_sentence(run(["backup", "verify", str(not_backup)], ""), "not an Organizer backup")
    assert_one_sentence(run(["backup", "verify", str(tmp_path / "none.age")], ""), "no file")
    assert_one_sentence(
        run(["backup", "export", str(tmp_path / "none.vault"), str(tmp_path / "b.age")], ""),
        "no file",
    )
    assert_one_sentence(
        run(["backup", "export", str(exported.vault), str(tmp_path / "no" / "b.age")], ""),
        "does not exist",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.vault", "notes.txt"]


def test_on_a_terminal_the_new_passphrase_is_asked_twice(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([VAULT_PASSPHRASE, BACKUP_PASSPHRASE, "a different passphrase"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli_passphrase.getpass, "getpass", fake_getpass)
    parser = argparse.ArgumentParser(prog="organizer")
    cli_backup.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(
        ["backup", "export", str(exported.vault), str(tmp_path / "b.age")]
    )
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert args.func(args) == 1
    assert "differ" in err.getvalue()
    assert prompts == [
        "Vault passphrase: ", "Backup passphrase: ", "Backup passphrase (again): "
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_reader_from_cli_py_can_be_shared(exported: Exported, tmp_path: Path) -> None:
    asked: list[tuple[str, bool]] = []

    def reader(prompt: str, *, confirm: bool = False) -> str:
        asked.append((prompt, confirm))
        return "not the passphrase at all"

    parser = argparse.ArgumentParser(prog="organizer")
    cli_backup.register(parser.add_subparsers(dest="command"), read_passphrase=reader)
    args = parser.parse_args(["backup", "export", str(exported.vault), str(tmp_path / "b.age")])
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert args.func(args) == 1
    assert asked == [("Vault passphrase", False)]
    assert "wrong" in err.getvalue()


def test_export_never_replaces_an_existing_file_unless_told(
    exported: Exported, tmp_path: Path
) -> None:
    """An existing age file at the target (say, another app's) stays unless --replace."""
    target = tmp_path / "other.age"
    target.write_bytes(exported.backup.read_bytes())
    before = target.read_bytes()
    result = run(["backup", "export", str(exported.vault), str(target)],
                 lines(VAULT_PASSPHRASE, BACKUP_PASSPHRASE))
    assert_one_sentence(result, "A file already exists at")
    assert "--replace" in result.err
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.age"]

    result = run(["backup", "export", "--replace", str(exported.vault), str(target)],
                 lines(VAULT_PASSPHRASE, BACKUP_PASSPHRASE))
    assert result.code == 0, result.err
    assert target.read_bytes() != before
    verified = run(["backup", "verify", str(target)], lines(BACKUP_PASSPHRASE))
    assert verified.code == 0, verified.err


def test_an_age_file_for_a_key_says_so_before_any_passphrase(tmp_path: Path) -> None:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    keyed = tmp_path / "for-a-key.age"
    keyed.write_bytes(pyrage.encrypt(b"not a backup", [identity.to_public()]))
    result = run(["backup", "verify", str(keyed)], "")  # no passphrase is even read
    assert_one_sentence(result, "encrypted to a key (X25519), not with a passphrase")
    result = run(["backup", "restore", str(keyed), str(tmp_path / "new.vault")], "")
    assert_one_sentence(result, "encrypted to a key (X25519)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for-a-key.age"]
