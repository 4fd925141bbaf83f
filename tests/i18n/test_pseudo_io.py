"""Imports, exports, backups and the recovery kit under the pseudo-locale: every sentence a
person reads from them (the import report's rows and refusals, the unreadable file, the
backup that will not open, the share typed wrong) is a marked message.

The cells, names and file contents passed in are written without ASCII letters
(`pseudo_support.data`), so any plain English word left in a sentence was never marked."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from organizer.core import importers
from organizer.core.backup import (
    BackupError,
    backup_status,
    check_backup_file,
    export_backup,
    kit,
    restore_backup,
    verify_backup,
)
from organizer.core.errors import OrganizerError
from organizer.core.exporters import csv_export
from organizer.core.importers import (
    BadValues,
    ImportFileError,
    ImportOptions,
    ImportRefused,
    MappingError,
    field_label,
    prepare,
    read_file,
    suggest_mapping,
)
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate
from tests.i18n.pseudo_support import data, pseudo_fixture, unmarked  # noqa: F401

BACKUP_PASSPHRASE = "abacus yearbook canopy drizzle unusable pony"
OTHER_PASSPHRASE = "granite otter lemonade harbor tundra velvet"
NEW_VAULT_PASSPHRASE = "granite otter lemonade harbor"


def assert_marked(*texts: str) -> None:
    left = {text: words for text in texts if (words := unmarked(text))}
    assert left == {}


def raised(error: type[BaseException], call: object, *args: object) -> str:
    with pytest.raises(error) as caught:
        call(*args)  # type: ignore[operator]
    text = str(caught.value)
    assert text
    return text


# ----- the import ------------------------------------------------------------------------


def _committee_sheet(folder: Path) -> Path:
    """A committee's sheet with one of each problem: an assessment off the scale, an OC
    member who is not one, a date that is not one, a yes/no that is neither, a note a
    spreadsheet would run, a duplicate, a Team column of shifts and a column nobody knows."""
    rows = [
        ["Name", "Phone", "Assessment", "Assigned OC member", "Last contact", "On the OC",
         "Notes", "Team", "Shoe size"],
        [data("Ana Ruiz"), "+1 555 0101", "9", "", "03/04/2026", "", "", "Day", "7"],
        [data("Bo Li"), "", "2", data("Nobody Here"), "", "", "", "Night", ""],
        [data("Cy Ko"), "", "", "", data("soon"), "", "", "Day", ""],
        [data("Di Wu"), "", "", "", "", data("maybe"), "=" + data("sum"), "Night", ""],
        [data("Ana Ruiz bis"), "+1 555 0101", "", "", "", "", "", "", ""],
        [data("Ed Fox"), "", "2 - Opposed", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["", "+1 555 0199", "", "", "", "", "", "", ""],
    ]
    path = folder / "committee.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def _row_texts(report: importers.ImportReport) -> list[str]:
    texts: list[str] = []
    for row in report.rows:
        texts += [row.outcome_text, *row.bad, *row.warnings]
        if row.reason:
            texts.append(row.reason)
    return texts


def test_the_import_reports_each_row_and_its_refusal_in_marked_sentences(
    pseudo: None, vault: Vault, tmp_path: Path
) -> None:
    plan = prepare(vault, read_file(_committee_sheet(tmp_path)), region="US")
    report = plan.report()
    assert report.refused
    bad = [text for row in report.rows for text in row.bad]
    assert len(bad) == 5  # assessment, OC member, date, yes/no, number against words
    assert_marked(*report.lines(), *_row_texts(report), report.refusal(), report.unreadable(),
                  *plan.hints, plan.date_note, plan.unmapped_message)
    refusal = raised(ImportRefused, plan.apply, vault)
    assert_marked(refusal)

    plan.options = ImportOptions(bad_values=BadValues.IMPORT_REST)
    report = plan.report()
    assert not report.refused and report.duplicates_skipped
    warned = [w for row in report.rows for w in row.warnings]
    assert len(warned) == 1
    assert_marked(*report.lines(), *_row_texts(report), report.duplicates_line(),
                  *(f"{pair.other_label}: {pair.reason_text}" for pair in plan.pairs))
    done = plan.apply(vault)
    assert done.applied and (done.imported, done.skipped, done.assessments) == (5, 2, 1)
    assert_marked(*done.lines())
    notes = [str(r[0]) for r in vault.connection.execute(
        "SELECT note FROM assessment WHERE note <> ''").fetchall()]
    assert notes and all(unmarked(note.replace("committee.csv", "")) is None
                         for note in notes)


def test_the_new_oc_members_an_import_adds_are_named_in_a_marked_sentence(
    pseudo: None, vault: Vault, tmp_path: Path
) -> None:
    plan = prepare(vault, read_file(_committee_sheet(tmp_path)), region="US",
                   options=ImportOptions(
                       bad_values=BadValues.IMPORT_REST,
                       unknown_oc_members=importers.UnknownOcMembers.CREATE))
    report = plan.report()
    assert report.new_oc_members == [data("Nobody Here")]
    assert_marked(*report.problems, *report.lines())


def test_a_sheet_without_names_and_a_bad_mapping_are_refused_in_marked_sentences(
    pseudo: None, vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "no-names.csv"
    path.write_text("Phone,Shoe size\n+1 555 0101,7\n", encoding="utf-8")
    table = read_file(path)
    assert_marked(raised(MappingError, prepare, vault, table))
    assert_marked(raised(MappingError, prepare, vault, table, {"Phone": "favourite colour"}))
    assert_marked(raised(MappingError, prepare, vault, table, {data("Nothing"): "name"}))
    assert_marked(raised(MappingError, prepare, vault, table, None, "ZZ"))


def test_unreadable_files_are_refused_in_marked_sentences(pseudo: None, tmp_path: Path) -> None:
    files = {
        "empty.csv": b"",
        "blank.csv": b"\n\n  \n",
        "binary.csv": bytes(range(256)) * 4,
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "damaged.xlsx": b"PK\x03\x04" + b"\x01" * 200,
        "bad-bom.csv": b"\xef\xbb\xbfName\n\xff\xfe\xfd\n",
        "cut.vcf": b"BEGIN:VCARD\r\nFN:" + data("Ana").encode() + b"\r\n",
        "twice.vcf": b"BEGIN:VCARD\r\nFN:x\r\nBEGIN:VCARD\r\nFN:y\r\nEND:VCARD\r\n",
        "orphan.vcf": b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\nEND:VCARD\r\n",
        "header-only.vcf": b"BEGIN:VCARDS\r\n",
    }
    texts = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        texts.append(raised(ImportFileError, read_file, path))
    (tmp_path / "folder.csv").mkdir()
    texts.append(raised(ImportFileError, read_file, tmp_path / "folder.csv"))
    texts.append(raised(ImportFileError, read_file, tmp_path / "missing.csv"))
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    texts.append(raised(ImportFileError, importers.read_bytes, buffer.getvalue(),
                        data("Sheet9")))
    assert_marked(*texts)


def test_a_vcard_brings_its_columns_named_in_the_language_in_use(
    pseudo: None, vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + data("Ana Ruiz") + "\r\n"
                    "TEL;TYPE=CELL:+15550101\r\nTEL;TYPE=CELL:+15550102\r\nEND:VCARD\r\n",
                    encoding="utf-8")
    table = read_file(path)
    assert_marked(*table.headers)
    plan = prepare(vault, table)
    assert plan.mapping[table.headers[0]] == "name"
    assert set(plan.mapping.values()) >= {"name", "personal_phone", "notes"}
    values = plan.preview()[0]
    assert values["name"] == data("Ana Ruiz") and values["personal_phone"] == "+15550101"
    assert_marked(values["notes"].replace("+15550102", ""))
    assert_marked(*(field_label(f) for f in importers.IMPORT_FIELDS))


def test_a_spanish_sheet_maps_itself() -> None:
    headers = ["Nombre completo", "Teléfono", "Correo", "Departamento", "Turno",
               "Evaluación (1–5)", "Miembro del comité asignado", "En el comité (sí/no)",
               "Líder orgánico (sí/no)", "Temas", "Fecha del último contacto", "Etiquetas",
               "Puesto", "Sede", "Notas", "Nombre en clave", "Teléfono del trabajo",
               "Correo del trabajo", "Equipo", "Fecha de ingreso", "Idioma"]
    assert suggest_mapping(headers) == {
        "Nombre completo": "name", "Teléfono": "personal_phone",
        "Correo": "personal_email", "Departamento": "department", "Turno": "shift",
        "Evaluación (1–5)": "assessment", "Miembro del comité asignado": "assigned_oc_member",
        "En el comité (sí/no)": "is_oc_member", "Líder orgánico (sí/no)": "is_organic_leader",
        "Temas": "issues", "Fecha del último contacto": "last_contact_on",
        "Etiquetas": "tags", "Puesto": "job_title", "Sede": "site", "Notas": "notes",
        "Nombre en clave": "code_name", "Teléfono del trabajo": "work_phone",
        "Correo del trabajo": "work_email", "Equipo": "team", "Fecha de ingreso": "start_date",
        "Idioma": "language",
    }


# ----- the export ------------------------------------------------------------------------


def test_the_export_warns_and_refuses_in_marked_sentences(
    pseudo: None, vault: Vault, tmp_path: Path
) -> None:
    assert_marked(csv_export.not_encrypted_warning(),
                  raised(OrganizerError, csv_export.check_fields, ["favourite colour"]),
                  raised(OrganizerError, csv_export.check_fields, [" "]),
                  raised(OrganizerError, csv_export.export_people, vault,
                         tmp_path / "gone" / "people.csv"),
                  raised(OrganizerError, csv_export.export_people, vault, tmp_path))
    # The headers are read back by the importer: never translated.
    target = tmp_path / "people.csv"
    csv_export.export_people(vault, target, fields=list(csv_export.EXPORT_FIELDS))
    header = target.read_text("utf-8-sig").splitlines()[0]
    assert header.split(",")[:2] == ["Name", "Code name"]


# ----- backups ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory,
                empty_vault_template: VaultTemplate) -> Path:
    """One backup for the module's refusals: each export costs two key derivations."""
    folder = tmp_path_factory.mktemp("backup")
    vault = empty_vault_template.open_copy(folder, "source.vault")
    try:
        export_backup(vault, folder / "campaign.age", BACKUP_PASSPHRASE)
    finally:
        vault.close()
    return folder / "campaign.age"


def test_backup_restore_and_verify_refuse_in_marked_sentences(
    pseudo: None, vault: Vault, tmp_path: Path, backup_file: Path
) -> None:
    assert_marked(backup_status(vault).warning or "")
    backup = backup_file
    texts = [
        raised(BackupError, verify_backup, backup, OTHER_PASSPHRASE),
        raised(BackupError, restore_backup, backup, BACKUP_PASSPHRASE, backup,
               NEW_VAULT_PASSPHRASE),
        raised(BackupError, export_backup, vault, backup, BACKUP_PASSPHRASE),
        raised(BackupError, export_backup, vault, tmp_path / "gone" / "b.age",
               BACKUP_PASSPHRASE),
        raised(BackupError, export_backup, vault, tmp_path, BACKUP_PASSPHRASE),
    ]
    not_backups = {
        "notes.age": data("Hello").encode(),
        "empty.age": b"",
        "plain.age": b"SQLite format 3\x00" + b"\0" * 100,
        "cut.age": b"age-encryption",
        "flipped.age": b"agX-encryption.org/v1\n-> scrypt x 10\n",
        "keyed.age": b"age-encryption.org/v1\n-> X25519 abc\nxyz\n--- abc\n",
    }
    for name, content in not_backups.items():
        (tmp_path / name).write_bytes(content)
        texts.append(raised(BackupError, check_backup_file, tmp_path / name))
    damaged = tmp_path / "damaged.age"
    content = bytearray(backup.read_bytes())
    content[-40] ^= 0x55
    damaged.write_bytes(bytes(content))
    texts.append(raised(BackupError, verify_backup, damaged, BACKUP_PASSPHRASE))
    texts.append(raised(BackupError, check_backup_file, tmp_path / "missing.age"))
    texts.append(raised(BackupError, check_backup_file, tmp_path))
    assert_marked(*texts)


# ----- the recovery kit ------------------------------------------------------------------


def _typed(share: kit.KitShare) -> str:
    return " ".join(share.words)


def test_the_recovery_kit_says_what_is_wrong_with_a_share_in_marked_sentences(
    pseudo: None,
) -> None:
    shares = kit.split_passphrase(BACKUP_PASSPHRASE, 5, 3)
    other = kit.split_passphrase(BACKUP_PASSPHRASE, 5, 3)
    first, second = _typed(shares[0]), _typed(shares[1])
    words = first.split()
    wrong_word = " ".join([*words[:3], data("zzzz"), *words[4:]])
    swapped = " ".join([*words[:-2], words[-1], words[-2]])
    texts = [
        raised(kit.UnknownShareWord, kit.read_shares, [wrong_word]),
        raised(kit.MistypedShare, kit.read_shares, [swapped]),
        raised(kit.ShareFromAnotherKit, kit.read_shares, [first, _typed(other[1])]),
        raised(kit.TooFewShares, kit.recover_passphrase, [first, second]),
        raised(kit.TooFewShares, kit.recover_passphrase, [first]),
        raised(kit.TooFewShares, kit.recover_passphrase, []),
        raised(kit.RepeatedShare, kit.read_shares, [first, first]),
        raised(kit.ShareLength, kit.read_share, " ".join(words[:3])),
        raised(kit.ShareLength, kit.read_share, words[0]),
        raised(kit.RecoveryKitError, kit.check_kit_size, 1, 1),
        raised(kit.RecoveryKitError, kit.check_kit_size, 5, 1),
        raised(kit.RecoveryKitError, kit.clean_holders, [data("a"), data("b"), data("c")], 2),
        raised(kit.RecoveryKitError, kit.clean_holders, [data("x" * 70)], 2),
        raised(kit.RecoveryKitError, kit.encode_passphrase, data("long " * 30)),
        str(kit.NotAKitShare()), str(kit.NotAKitShare(2)), str(kit.SharesDoNotFit()),
        str(kit.NoBackupPassphrase()), str(kit.KitDoesNotOpenBackup()),
        shares[1].summary,
        kit.KitStatus(dt.date(2026, 3, 12), 5, 3, current=True).sentence(),
        kit.KitStatus(dt.date(2026, 3, 12), 5, 3, current=False).sentence(),
    ]
    assert_marked(*texts)
    assert kit.recover_passphrase([first, second, _typed(shares[4])]) == BACKUP_PASSPHRASE


def test_a_kit_restores_only_the_backups_it_opens_and_says_so_marked(
    pseudo: None, tmp_path: Path, backup_file: Path
) -> None:
    backup = backup_file  # made with BACKUP_PASSPHRASE: the kit below holds another
    shares = kit.split_passphrase(OTHER_PASSPHRASE, 3, 2)
    text = raised(kit.KitDoesNotOpenBackup, kit.restore_with_shares, backup,
                  [_typed(shares[0]), _typed(shares[2])], tmp_path / "new.vault",
                  NEW_VAULT_PASSPHRASE)
    assert_marked(text, raised(kit.RecoveryKitError, kit.check_kit_folder, tmp_path / "gone"))
