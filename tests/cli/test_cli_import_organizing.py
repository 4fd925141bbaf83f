"""`organizer import` with a committee's organizing columns: refused by default on a value it
cannot read (the rows listed, the vault untouched), or the rest imported; unknown OC members
left out or created; dates read as chosen; rows numbered as the spreadsheet numbers them.
In-process through cli.main, real vault files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from organizer.core import people
from organizer.core.vault import Vault
from tests.cli.cli_helpers import PASSPHRASE, run_in_process
from tests.conftest import VaultTemplate
from tests.core.test_import_row_numbers import SHEET as NUMBERED_SHEET

SHEET = (
    "Name,Department,Assessment,Organizer,On the OC,Organic leader,Issues,Last contact\n"
    "Jo Berg,Packing,1,,yes,x,Pay; On-call load,2026-10-02\n"
    "Ana Ruiz,Packing,2 - Leaning supportive,Jo Berg,no,,pay,25/10/2026\n"
    "Bo Li,Shipping,leaning against,Jo,,✓,,03/11/2026\n"
    "Cy Park,Shipping,a favor,Sam Rivera,,sí,Parking,\n"
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _import(vault_path: Path, sheet: Path, *options: str, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> object:
    return run_in_process(["import", str(vault_path), str(sheet), *options],
                          f"{PASSPHRASE}\n", monkeypatch, capsys)


def _sheet(tmp_path: Path, text: str = SHEET) -> Path:
    path = tmp_path / "committee.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_oc_member_refuses_the_import_and_lists_the_row(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _sha256(vault_path)
    outcome = _import(vault_path, _sheet(tmp_path), monkeypatch=monkeypatch, capsys=capsys)
    outcome.assert_one_sentence_error()  # type: ignore[attr-defined]
    err = outcome.err  # type: ignore[attr-defined]
    assert "Nothing was imported: 1 row (row 5) has a value Organizer cannot read" in err
    assert "--bad-values import-rest" in err
    lines = outcome.out.splitlines()  # type: ignore[attr-defined]
    assert lines[:2] == ["rows read: 4", "imported: 0"]
    assert "  row 5: assigned OC member 'Sam Rivera' is not an OC member" in lines
    assert _sha256(vault_path) == before
    # A dry run says the same, and writes nothing either.
    outcome = _import(vault_path, _sheet(tmp_path), "--dry-run", monkeypatch=monkeypatch,
                      capsys=capsys)
    outcome.assert_one_sentence_error()  # type: ignore[attr-defined]
    assert _sha256(vault_path) == before


def test_unknown_oc_members_created_and_everything_imported(
    vault_path: Path, empty_vault_template: VaultTemplate, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    outcome = _import(vault_path, _sheet(tmp_path), "--unknown-oc-members", "create",
                      monkeypatch=monkeypatch, capsys=capsys)
    assert outcome.code == 0, outcome.err  # type: ignore[attr-defined]
    lines = outcome.out.splitlines()  # type: ignore[attr-defined]
    assert "imported: 4" in lines and "assessments: 4" in lines
    assert "New OC members: Sam Rivera." in lines
    with Vault.open_with_key(vault_path, empty_vault_template.raw_key) as vault:
        rows = dict(vault.connection.execute(
            "SELECT p.name, coalesce(oc.name, '') FROM person p LEFT JOIN person oc "
            "ON oc.id = p.assigned_oc_member_id").fetchall())
        assert rows == {"Jo Berg": "", "Ana Ruiz": "Jo Berg", "Bo Li": "Jo Berg",
                        "Cy Park": "Sam Rivera", "Sam Rivera": ""}
        assessed = dict(vault.connection.execute(
            "SELECT name, assessment FROM person").fetchall())
        assert assessed == {"Jo Berg": 1, "Ana Ruiz": 2, "Bo Li": 4, "Cy Park": 2,
                            "Sam Rivera": None}
        ana = vault.connection.execute(
            "SELECT id, last_contact_on FROM person WHERE name = 'Ana Ruiz'").fetchone()
        assert ana[1] == "2026-10-25"
        [entry] = people.assessment_history(vault, str(ana[0]))
        assert (entry.basis, entry.note) == ("other", "imported from committee.csv")


def test_import_the_rest_leaves_out_the_bad_values_and_says_so(
    vault_path: Path, empty_vault_template: VaultTemplate, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    text = SHEET.replace("2 - Leaning supportive", "7").replace("03/11/2026", "soon")
    outcome = _import(vault_path, _sheet(tmp_path, text), "--bad-values", "import-rest",
                      monkeypatch=monkeypatch, capsys=capsys)
    assert outcome.code == 0, outcome.err  # type: ignore[attr-defined]
    lines = outcome.out.splitlines()  # type: ignore[attr-defined]
    assert "imported: 4" in lines
    assert "  row 3: imported: assessment '7' is not on the 1–5 scale; left out" in lines
    assert "  row 4: imported: last contact date 'soon' is not a date; left out" in lines
    assert ("  row 5: imported: assigned OC member 'Sam Rivera' is not an OC member; "
            "left out") in lines
    with Vault.open_with_key(vault_path, empty_vault_template.raw_key) as vault:
        ana = vault.connection.execute(
            "SELECT assessment, last_contact_on FROM person WHERE name = 'Ana Ruiz'"
        ).fetchone()
        assert tuple(ana) == (None, "2026-10-25")


def test_dates_read_as_chosen(
    vault_path: Path, empty_vault_template: VaultTemplate, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = _sheet(tmp_path, "Name,Last contact\nAna Ruiz,03/04/2026\n")
    outcome = _import(vault_path, sheet, "--dates", "day-first", monkeypatch=monkeypatch,
                      capsys=capsys)
    assert outcome.code == 0, outcome.err  # type: ignore[attr-defined]
    assert ("Dates such as '03/04/2026' were read day first (3 April 2026), as chosen."
            in outcome.out.splitlines())  # type: ignore[attr-defined]
    with Vault.open_with_key(vault_path, empty_vault_template.raw_key) as vault:
        assert vault.connection.execute(
            "SELECT last_contact_on FROM person").fetchone()[0] == "2026-04-03"


def test_the_shift_hint_is_printed(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = _sheet(tmp_path, "Nom,Équipe\nHélène Dubois,Nuit\nMarc Petit,Jour\n")
    outcome = _import(vault_path, sheet, "--dry-run", monkeypatch=monkeypatch, capsys=capsys)
    assert outcome.code == 0, outcome.err  # type: ignore[attr-defined]
    first = outcome.out.splitlines()[0]  # type: ignore[attr-defined]
    assert first.startswith("hint: The column 'Équipe' goes to Team, but its values look like "
                            "shifts ('Nuit', 'Jour')")


def test_rows_are_numbered_as_in_the_spreadsheet_and_the_core_report(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same file as tests/core/test_import_row_numbers.py: a blank row 3, a two-line cell
    in row 4; the command line names rows 6 and 7 as the core's report and duplicates do."""
    sheet = tmp_path / "numbered.csv"
    sheet.write_bytes(NUMBERED_SHEET.encode())
    outcome = _import(vault_path, sheet, monkeypatch=monkeypatch, capsys=capsys)
    assert outcome.code == 0, outcome.err  # type: ignore[attr-defined]
    lines = outcome.out.splitlines()  # type: ignore[attr-defined]
    assert "  row 6: skipped: no name" in lines
    assert any(line.startswith("  row 7: skipped: duplicate: same phone as Ana Ruiz")
               for line in lines)
