"""`organizer vault retention VAULT --dry-run | --apply` (issue 21): through cli.main
in-process, the passphrase on standard input, on real vault files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from organizer.core import conversations, people, retention
from organizer.core.conversations import OneOnOne
from organizer.core.people import Person
from organizer.core.retention import RetentionRules
from organizer.core.vault import Vault
from tests.cli.cli_helpers import PASSPHRASE, folder_state, lines, run_in_process
from tests.conftest import VaultTemplate

OLD_NOTE = "Quokkafizz said the night shift is ready"
TODAY = dt.date.today()
RULES = RetentionRules(one_on_one_months=12, left_days=90, confirmed=True)
SENTENCES = ["1 one-on-one note older than 12 months", "1 person who left more than 90 days ago"]


def _ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def _make(template: VaultTemplate, folder: Path, rules: RetentionRules) -> tuple[Path, str]:
    """A closed vault with an old one-on-one, a person who left long ago and `rules`; returns
    its path and the old one-on-one's id."""
    vault = template.open_copy(folder)
    try:
        maya = people.add_person(vault, Person(name="Maya Okafor", is_oc_member=True))
        ravi = people.add_person(vault, Person(name="Ravi Kumar"))
        old = conversations.log_one_on_one(vault, OneOnOne(
            person_id=ravi.id, held_on=_ago(430), oc_member_id=maya.id, notes=OLD_NOTE,
            commitment="Signs Friday"))
        conversations.log_one_on_one(vault, OneOnOne(
            person_id=ravi.id, held_on=_ago(20), oc_member_id=maya.id, notes="recent"))
        people.add_person(vault, Person(name="Dana Longgone", left_company_on=_ago(200)))
        retention.set_rules(vault, rules)
    finally:
        vault.close()
    return vault.path, old.id


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(template: VaultTemplate, path: Path, one_on_one_id: str) -> tuple[str, list[str]]:
    with Vault.open_with_key(path, template.raw_key) as vault:
        note = vault.connection.execute(
            "SELECT notes FROM one_on_one WHERE id = ?", (one_on_one_id,)).fetchone()[0]
        names = [str(r[0]) for r in vault.connection.execute(
            "SELECT name FROM person ORDER BY name")]
    return str(note), names


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "vaults"


def test_dry_run_prints_the_sentences_and_leaves_the_file_byte_identical(
    empty_vault_template: VaultTemplate, folder: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, old = _make(empty_vault_template, folder, RULES)
    before, files_before = _sha256(path), folder_state(folder)

    result = run_in_process(["vault", "retention", str(path), "--dry-run"],
                            f"{PASSPHRASE}\n", monkeypatch, capsys)

    assert (result.code, result.err) == (0, ""), result
    assert lines(result.out) == [
        f"This will erase: {'; '.join(SENTENCES)}.",
        *(f"  - {sentence}" for sentence in SENTENCES),
        "This was a dry run: nothing was changed.",
    ]
    assert _sha256(path) == before
    assert folder_state(folder) == files_before
    assert _rows(empty_vault_template, path, old)[0] == OLD_NOTE


def test_apply_erases_and_a_second_dry_run_finds_nothing(
    empty_vault_template: VaultTemplate, folder: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, old = _make(empty_vault_template, folder, RULES)

    result = run_in_process(["vault", "retention", str(path), "--apply"],
                            f"{PASSPHRASE}\n", monkeypatch, capsys)

    assert (result.code, result.err) == (0, ""), result
    assert lines(result.out) == [f"Erased: {'; '.join(SENTENCES)}.",
                                 *(f"  - {sentence}" for sentence in SENTENCES)]
    note, names = _rows(empty_vault_template, path, old)
    assert note == ""
    assert names == ["Maya Okafor", "Ravi Kumar"]

    again = run_in_process(["vault", "retention", str(path), "--dry-run"],
                           f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert again.code == 0
    assert lines(again.out) == ["Nothing to erase today.",
                                "This was a dry run: nothing was changed."]
    applied = run_in_process(["vault", "retention", str(path), "--apply"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert (applied.code, lines(applied.out)) == (0, ["Nothing to erase today."])


@pytest.mark.parametrize("mode", ["--dry-run", "--apply"])
def test_with_every_rule_off_it_says_so_and_changes_nothing(
    mode: str, empty_vault_template: VaultTemplate, folder: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _old = _make(empty_vault_template, folder, RetentionRules())
    files_before = folder_state(folder)

    result = run_in_process(["vault", "retention", str(path), mode],
                            f"{PASSPHRASE}\n", monkeypatch, capsys)

    assert (result.code, result.err) == (0, "")
    assert lines(result.out) == [
        "Retention is off for this campaign: turn it on in Settings › Retention."]
    assert folder_state(folder) == files_before


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(
    empty_vault_template: VaultTemplate, folder: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, old = _make(empty_vault_template, folder, RULES)
    files_before = folder_state(folder)

    result = run_in_process(["vault", "retention", str(path), "--apply"],
                            "not the passphrase at all\n", monkeypatch, capsys)

    result.assert_one_sentence_error()
    assert result.out == ""
    assert folder_state(folder) == files_before
    assert _rows(empty_vault_template, path, old)[0] == OLD_NOTE


def test_a_missing_file_is_refused_before_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_in_process(["vault", "retention", str(tmp_path / "nowhere.vault"),
                             "--dry-run"], "", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "Traceback" not in result.err


@pytest.mark.parametrize("argv", [
    ["vault", "retention", "x.vault"],
    ["vault", "retention", "x.vault", "--dry-run", "--apply"],
])
def test_exactly_one_of_dry_run_and_apply_is_required(
    argv: list[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_in_process(argv, f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert result.code == 2
    assert "usage: organizer vault retention" in result.err
    assert folder_state(tmp_path) == {}
