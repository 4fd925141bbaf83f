"""`organizer import` and `organizer export`, in-process through cli.main, the passphrase on
standard input, output caught with capsys. Real vault files."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from organizer.core.vault import Vault
from tests.cli.cli_helpers import PASSPHRASE, run_in_process
from tests.conftest import VaultTemplate

SHEET = (
    "Nombre,Apellido,Departamento,Turno,Celular,Correo\n"
    "Lucía,Fernández,Almacén,Noche,+52 55 1234 5678,lucia@example.mx\n"
    "Jorge,Ramírez,Almacén,Día,+52 55 8765 4321,jorge@example.mx\n"
    ",,Almacén,,,\n"
    "Lucia,Fernandez,Almacén,Noche,+52 55 1234 5678,\n"
)


@pytest.fixture
def count_people(empty_vault_template: VaultTemplate) -> Callable[[Path], int]:
    """People in `vault_path` after a command: its template's raw key opens it, so counting
    costs no key derivation (the command itself derives the key from the passphrase)."""

    def count(path: Path) -> int:
        with Vault.open_with_key(path, empty_vault_template.raw_key) as vault:
            return int(vault.connection.execute("SELECT count(*) FROM person").fetchone()[0])

    return count


def test_import_prints_the_report(vault_path: Path, tmp_path: Path,
                                  count_people: Callable[[Path], int],
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "hoja.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    outcome = run_in_process(["import", str(vault_path), str(sheet), "--region", "MX"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert outcome.code == 0, outcome.err
    lines = outcome.out.splitlines()
    assert "imported: 2" in lines and "duplicates: 1" in lines and "skipped: 2" in lines
    assert "  row 4: skipped: no name" in lines
    assert any(line.startswith("  row 5: skipped: duplicate: same phone") for line in lines)
    assert count_people(vault_path) == 2


def test_dry_run_writes_nothing_and_allow_duplicates(
    vault_path: Path, tmp_path: Path, count_people: Callable[[Path], int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "hoja.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    outcome = run_in_process(["import", str(vault_path), str(sheet), "--dry-run"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert outcome.code == 0 and "dry run: nothing was written" in outcome.out
    assert "imported: 2" in outcome.out
    assert count_people(vault_path) == 0
    outcome = run_in_process(["import", str(vault_path), str(sheet), "--allow-duplicates"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert "imported: 3" in outcome.out.splitlines()
    assert count_people(vault_path) == 3


def test_bad_file_is_one_sentence_and_changes_nothing(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    before = vault_path.read_bytes()
    for name, data in (("empty.csv", b""), ("bin.dat", bytes(range(256)) * 8),
                       ("cols.csv", b"Badge,Colour\n1,red\n")):
        path = tmp_path / name
        path.write_bytes(data)
        outcome = run_in_process(["import", str(vault_path), str(path)], f"{PASSPHRASE}\n",
                                 monkeypatch, capsys)
        outcome.assert_one_sentence_error()
    assert "'Badge', 'Colour'" in outcome.err and "--map" in outcome.err
    assert vault_path.read_bytes() == before


def test_map_option(vault_path: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "cols.csv"
    sheet.write_text("Badge,Who\n1,Ana Ruiz\n", encoding="utf-8")
    outcome = run_in_process(["import", str(vault_path), str(sheet), "--map", "Who=name",
                              "--map", "Badge=none"], f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert outcome.code == 0, outcome.err
    assert "imported: 1" in outcome.out
    outcome = run_in_process(["import", str(vault_path), str(sheet), "--map", "Who=password"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    outcome.assert_one_sentence_error()


def test_export_warns_and_writes(vault_path: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "hoja.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    run_in_process(["import", str(vault_path), str(sheet)], f"{PASSPHRASE}\n", monkeypatch,
                   capsys)
    out = tmp_path / "out.csv"
    outcome = run_in_process(
        ["export", str(vault_path), str(out), "--fields", "name,personal_phone", "department"],
        f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert outcome.code == 0, outcome.err
    assert "not encrypted" in outcome.err
    assert "exported: 2" in outcome.out
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["Name", "Personal phone", "Department"],
                    ["Jorge Ramírez", "'+525587654321", "Almacén"],
                    ["Lucía Fernández", "'+525512345678", "Almacén"]]
    outcome = run_in_process(["export", str(vault_path), str(out), "--fields", "secret"],
                             f"{PASSPHRASE}\n", monkeypatch, capsys)
    outcome.assert_one_sentence_error()
