"""`organizer backup export --automatic-passphrase`: a backup made with the passphrase kept in
the vault (the recovery kit's), which the command line otherwise never shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.core import backup, campaign, people
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.cli.cli_helpers import run_in_process
from tests.conftest import PASSPHRASE, VaultTemplate

CAMPAIGN = "Quillfeather Warehouse Drive"
PERSON = "Ines Walkout-Marker"
AUTOMATIC = "the automatic backups passphrase"


@pytest.fixture
def named_vault(vault_path: Path, empty_vault_template: VaultTemplate) -> Path:
    """The test's vault, renamed to a campaign name no page may show, with one person."""
    with Vault.open_with_key(vault_path, empty_vault_template.raw_key) as vault:
        campaign.rename_campaign(vault, CAMPAIGN)
        people.add_person(vault, Person(name=PERSON))
    return vault_path


# ----- backup export --automatic-passphrase ----------------------------------------------------


def test_export_with_the_automatic_passphrase_needs_one_to_be_set(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "campaign.age"
    result = run_in_process(["backup", "export", str(named_vault), str(target),
                             "--automatic-passphrase"], f"{PASSPHRASE}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "no automatic-backup passphrase yet" in result.err
    assert not target.exists()


@pytest.mark.slow
def test_export_with_the_automatic_passphrase_uses_the_one_in_the_vault(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    with Vault.open_with_key(named_vault, empty_vault_template.raw_key) as vault:
        backup.set_auto_backup_settings(vault, folder=None, passphrase=AUTOMATIC)
    target = tmp_path / "campaign.age"
    result = run_in_process(["backup", "export", str(named_vault), str(target),
                             "--automatic-passphrase"], f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert result.code == 0, result.err
    assert backup.verify_backup(target, AUTOMATIC).counts["person"] == 1
