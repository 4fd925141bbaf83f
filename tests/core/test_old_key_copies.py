"""Copies of a vault under an old key do not outlive their use: `vault check` writes nothing,
a migration's safety copy goes once the upgraded vault passes its check, changing the
passphrase erases every old-key copy Organizer made, and leftovers of killed operations go
the next time the vault is opened."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from organizer.core import schema
from organizer.core.errors import InternalError, WrongPassphrase
from organizer.core.vault import Vault
from tests.cli.cli_helpers import run_in_process
from tests.core.helpers import NEW_PASSPHRASE, PASSPHRASE, names_in, sha256
from tests.core.test_structure_tests import _vault_at_schema_1


def _old_vault(tmp_path: Path) -> Path:
    path = tmp_path / "old.vault"
    _vault_at_schema_1(path)
    return path


def _fresh_vault(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.vault"
    Vault.create(path, PASSPHRASE, "Campaign").close()
    return path


def test_vault_check_reports_an_older_vault_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _old_vault(tmp_path)
    before, files = sha256(path), names_in(tmp_path)
    outcome = run_in_process(["vault", "check", str(path)], PASSPHRASE + "\n",
                             monkeypatch, capsys)
    assert outcome.code == 0, outcome.err
    assert "integrity: ok" in outcome.out
    assert "needs upgrading" in outcome.out
    assert "people: 3" in outcome.out
    assert sha256(path) == before
    assert names_in(tmp_path) == files, "no copy and no other file was made"
    with Vault.open(path, PASSPHRASE, upgrade=False) as vault:
        assert vault.needs_upgrade
        assert vault.connection.execute("PRAGMA user_version").fetchone()[0] == 1


def test_opening_upgrades_and_erases_the_safety_copy(tmp_path: Path) -> None:
    path = _old_vault(tmp_path)
    with Vault.open(path, PASSPHRASE) as vault:
        assert not vault.needs_upgrade
        assert vault.connection.execute("PRAGMA user_version").fetchone()[0] == (
            schema.SCHEMA_VERSION)
        assert not list(tmp_path.glob("*before-schema*"))
    assert sorted(names_in(tmp_path)) == ["old.vault"]


def test_a_failing_migration_puts_the_vault_back_and_leaves_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _old_vault(tmp_path)
    before = sha256(path)
    broken = [*schema.MIGRATIONS]
    broken[1] = broken[1] + "\nINSERT INTO a_table_this_migration_forgot VALUES (1);\n"
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(InternalError):
        Vault.open(path, PASSPHRASE)
    assert sha256(path) == before
    assert sorted(names_in(tmp_path)) == ["old.vault"]
    monkeypatch.undo()
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.check().ok


def _plant_old_key_copies(path: Path) -> list[Path]:
    """What a killed `vault passwd` and an old migration leave: full copies under the key
    the vault has now."""
    copies = [
        path.with_name(f".{path.name}.rekeying"),
        path.with_name(f".{path.name}.rekeying-journal"),
        path.with_name(f"{path.name}.before-schema-2"),
    ]
    for copy in copies:
        shutil.copyfile(path, copy)
    return copies


def test_changing_the_passphrase_erases_every_old_key_copy_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _fresh_vault(tmp_path)
    with Vault.open(path, PASSPHRASE) as vault:
        copies = _plant_old_key_copies(path)  # planted while the vault is open and locked
        erased = vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    assert sorted(erased) == sorted(copies)
    assert sorted(names_in(tmp_path)) == ["campaign.vault"]
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)

    # The command line names each one.
    with Vault.open(path, NEW_PASSPHRASE) as vault:
        copies = _plant_old_key_copies(path)
    # Planted after that open, so the next open (passwd's own) finds them.
    outcome = run_in_process(["vault", "passwd", str(path)],
                             f"{NEW_PASSPHRASE}\n{PASSPHRASE}\n", monkeypatch, capsys)
    assert outcome.code == 0, outcome.err
    for copy in copies:
        assert f"Erased {copy}" in outcome.out
    assert sorted(names_in(tmp_path)) == ["campaign.vault"]


def test_leftovers_of_killed_operations_go_when_the_vault_is_next_opened(
    tmp_path: Path,
) -> None:
    path = _fresh_vault(tmp_path)
    _plant_old_key_copies(path)
    path.with_name(f".{path.name}.creating").write_bytes(b"half a vault")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("mine")
    with Vault.open(path, PASSPHRASE):
        pass
    assert sorted(names_in(tmp_path)) == ["campaign.vault", "notes.txt"]
