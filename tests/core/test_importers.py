"""Import: every format as real apps write it, mapping in three languages, bad input that
writes nothing, limits, cancel, and a fuzz of every reader. Real vault files throughout."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.core import campaign
from organizer.core.errors import OrganizerError
from organizer.core.importers import (
    MAX_FILE_BYTES,
    BadValues,
    Choice,
    FileTooLarge,
    ImportCancelled,
    ImportFileError,
    ImportOptions,
    ImportRefused,
    MappingError,
    NotContactsFile,
    prepare,
    read_bytes,
    read_file,
    suggest_mapping,
)
from organizer.core.importers.csv_reader import read_csv_bytes
from organizer.core.importers.table import MAX_FIELD_CHARS
from organizer.core.importers.vcard import read_vcard_text
from organizer.core.importers.xlsx_reader import read_xlsx_bytes
from organizer.core.vault import Vault
from tests.conftest import examples
from tests.core.import_fixtures import by_name, counts, people


def do_import(vault: Vault, path: Path, **kwargs: object) -> object:
    plan = prepare(vault, read_file(path, sheet=kwargs.pop("sheet", None)),  # type: ignore[arg-type]
                   **kwargs)  # type: ignore[arg-type]
    return plan.apply(vault)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ----- samples, as the apps write them ------------------------------------------------------

GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\r\n"
    "José,,Núñez,,,,,,,,Brightline,Picker,Packing,,\"Met at the bus stop 🚌\nlikes soccer\","
    ",* myContacts,* Home,jose.nunez@example.org,Work,jnunez@brightline.example,"
    "Mobile,+1 555-010-2000 ::: +1 555-010-2001,Work,555-010-9000\r\n"
    "Zoë,,Okafor,,,,,,,,Brightline,,Shipping,,,,* myContacts,,zoe@example.org,,,"
    "Mobile,(555) 010-3000,,\r\n"
)

GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
    "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
    "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,"
    "Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,"
    "Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n"
    "Amaru Quispe,Amaru,,Quispe,,,,,,,,,,,,,,,,,,,,,,,,,* My Contacts,* Home,"
    "amaru@example.org,Mobile,+51 912 345 678,,Brightline,Loader\n"
)

OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,"
    "E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,"
    "Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,"
    "Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,"
    "TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,Manager's Name,"
    "Assistant's Name,Assistant's Phone,Company Yomi,Business Street,Business City,"
    "Business State,Business Postal Code,Business Country/Region,Home Street,Home City,"
    "Home State,Home Postal Code,Home Country/Region,Notes,Web Page,Birthday,Anniversary\r\n"
    "Hélène,,Château,Ms.,,,,,helene@example.fr,,,,,+33 1 23 45 67 89,,+33 6 12 34 56 78,"
    ",,,,,,,,,,,,,Cariste,Logistique,Brightline,,,,,,,,,,,,,,,,Déléguée possible,,,\r\n"
)

IOS_VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
    "N:Núñez;Ana;María;;\r\nFN:Ana María Núñez\r\nORG:Brightline;Packing;\r\n"
    "TITLE:Picker\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:(555) 010-4000\r\n"
    "TEL;type=WORK;type=VOICE:555-010-9400\r\n"
    "item1.TEL:555-010-4001\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
    "EMAIL;type=INTERNET;type=HOME;type=pref:ana@example.org\r\n"
    "EMAIL;type=INTERNET;type=WORK:anunez@brightline.example\r\n"
    "NOTE:Works nights 🌙\\, wants a fair schedule and talks to everyone in the break r\r\n"
    " oom about it\r\n"
    "END:VCARD\r\n"
)

ANDROID_VCARD_21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89mile;Fran=C3=A7ois;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Fran=C3=A7ois =C3=89mile\r\n"
    "TEL;CELL:+33 6 98 76 54 32\r\nTEL;WORK:+33 1 98 76 54 32\r\n"
    "EMAIL;HOME:francois@example.fr\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Tr=C3=A8s motiv=C3=A9 pour la pause =\r\n"
    "d=C3=A9jeuner =F0=9F=8D=B2\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:G=F6rg;J=FCrgen;;;\r\n"
    "TEL;CELL;PREF:+49 151 2345 6789\r\n"
    "END:VCARD\r\n"
)

VCARD_40 = (
    "BEGIN:VCARD\nVERSION:4.0\nFN:Chen Wei\nN:Chen;Wei;;;\n"
    "TEL;TYPE=\"cell,voice\";VALUE=uri:tel:+1-555-010-5000\n"
    "TEL;TYPE=work;VALUE=uri:tel:+1-555-010-5001\n"
    "EMAIL;TYPE=home:wei@example.org\nEMAIL;TYPE=work:wchen@brightline.example\n"
    "END:VCARD\n"
)


# ----- each format --------------------------------------------------------------------------


def test_google_contacts_csv_new_format(vault: Vault, tmp_path: Path) -> None:
    report = do_import(vault, write(tmp_path, "contacts.csv", GOOGLE_NEW.encode("utf-8")))
    assert report.imported == 2  # type: ignore[attr-defined]
    found = by_name(vault)
    jose = found["José Núñez"]
    assert jose["personal_phone"] == "+15550102000"  # stored in E.164
    assert jose["personal_email"] == "jose.nunez@example.org"
    assert jose["work_email"] == "jnunez@brightline.example"
    assert jose["work_phone"] == "+15550109000"
    assert jose["department"] == "Packing"
    assert jose["job_title"] == "Picker"
    assert "bus stop 🚌\nlikes soccer" in str(jose["notes"])
    assert "+1 555-010-2001" in str(jose["notes"])  # the second mobile is kept
    assert found["Zoë Okafor"]["department"] == "Shipping"


def test_google_contacts_csv_old_format(vault: Vault, tmp_path: Path) -> None:
    do_import(vault, write(tmp_path, "google.csv", GOOGLE_OLD.encode("utf-8")))
    amaru = by_name(vault)["Amaru Quispe"]
    assert amaru["personal_phone"] == "+51912345678"
    assert amaru["job_title"] == "Loader"


def test_outlook_csv_in_cp1252(vault: Vault, tmp_path: Path) -> None:
    path = write(tmp_path, "outlook.csv", OUTLOOK.encode("cp1252"))
    plan = prepare(vault, read_file(path))
    assert plan.kind == "outlook"
    assert plan.unmapped_message == ""  # Outlook's other columns are known, not complained of
    plan.apply(vault)
    helene = by_name(vault)["Hélène Château"]
    assert helene["personal_phone"] == "+33612345678"
    assert helene["work_phone"] == "+33123456789"
    assert helene["job_title"] == "Cariste"  # not "Ms.", Outlook's Title
    assert helene["department"] == "Logistique"


def test_ios_vcard_30(vault: Vault, tmp_path: Path) -> None:
    do_import(vault, write(tmp_path, "ios.vcf", IOS_VCARD.encode("utf-8")))
    ana = by_name(vault)["Ana María Núñez"]
    assert ana["personal_phone"] == "+15550104000"
    assert ana["work_phone"] == "+15550109400"
    assert ana["personal_email"] == "ana@example.org"
    assert ana["work_email"] == "anunez@brightline.example"
    assert ana["team"] == "Packing"
    assert ana["job_title"] == "Picker"
    assert "Works nights 🌙, wants a fair schedule" in str(ana["notes"])
    assert "break room about it" in str(ana["notes"])  # folded line joined
    assert "555-010-4001" in str(ana["notes"])


def test_android_vcard_21_quoted_printable(vault: Vault, tmp_path: Path) -> None:
    do_import(vault, write(tmp_path, "android.vcf", ANDROID_VCARD_21.encode("ascii")))
    found = by_name(vault)
    francois = found["François Émile"]
    assert francois["personal_phone"] == "+33698765432"
    assert francois["work_phone"] == "+33198765432"
    assert francois["notes"] == "Très motivé pour la pause déjeuner 🍲"
    assert "Jürgen Görg" in found  # ISO-8859-1 charset, name from N


def test_vcard_40(vault: Vault, tmp_path: Path) -> None:
    do_import(vault, write(tmp_path, "v4.vcf", VCARD_40.encode("utf-8")))
    wei = by_name(vault)["Chen Wei"]
    assert wei["personal_phone"] == "+15550105000"
    assert wei["work_phone"] == "+15550105001"
    assert wei["work_email"] == "wchen@brightline.example"


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_first_and_chosen_sheet(vault: Vault, tmp_path: Path) -> None:
    data = _workbook({
        "Roster": [["Name", "Cell", "Dept", "Hire date"],
                   ["Kwame Mensah", 5550106000, "Receiving", dt.datetime(2019, 4, 2)],
                   [None, None, None, None],
                   ["Priya Raman 🌟", "+44 7700 900123", "Receiving", "2021-09-30"]],
        "Other": [["Nombre", "Apellido"], ["Lucía", "Fernández"]],
    })
    path = write(tmp_path, "roster.xlsx", data)
    do_import(vault, path)
    found = by_name(vault)
    assert found["Kwame Mensah"]["personal_phone"] == "+15550106000"
    assert found["Kwame Mensah"]["start_date"] == "2019-04-02"
    assert found["Priya Raman 🌟"]["department"] == "Receiving"
    assert len(found) == 2
    do_import(vault, path, sheet="Other")
    assert "Lucía Fernández" in by_name(vault)
    with pytest.raises(ImportFileError, match="'Roster', 'Other'"):
        read_file(path, sheet="Missing")


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";"), ("latin-1", ",")],
)
def test_csv_encodings_and_delimiters(
    vault: Vault, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    d = delimiter
    text = (f"Name{d}Phone{d}Department{d}Notes\r\n"
            f"Renée Lefèvre{d}555-010-7000{d}Caisse{d}\"multi\r\nline; with, separators\"\r\n"
            f"Øyvind Ångström{d}555-010-7001{d}Caisse{d}\r\n")
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((b"\xff\xfe", b"\xfe\xff"))  # as Excel writes it
    do_import(vault, write(tmp_path, "people.csv", data))
    found = by_name(vault)
    assert found["Renée Lefèvre"]["notes"] == "multi\r\nline; with, separators"
    assert found["Øyvind Ångström"]["personal_phone"] == "+15550107001"
    assert found["Øyvind Ångström"]["department"] == "Caisse"


def test_ragged_rows_are_kept_and_reported(vault: Vault, tmp_path: Path) -> None:
    text = "Name,Phone,Department\nAna Ruiz,555-010-8000\nBo Li,555-010-8001,Ops,EXTRA,MORE\n"
    plan = prepare(vault, read_file(write(tmp_path, "r.csv", text.encode())))
    report = plan.apply(vault)
    assert report.imported == 2
    assert by_name(vault)["Ana Ruiz"]["department"] is None
    assert by_name(vault)["Bo Li"]["department"] == "Ops"
    assert any(r.row_number == 3 and "extra cells" in r.reason for r in report.rows)


# ----- mapping ------------------------------------------------------------------------------


def test_mapping_english_variants() -> None:
    mapping = suggest_mapping(["Full Name", "Cell Phone", "E-mail Address", "Dept.",
                               "Shift", "Location", "Hire Date", "Job Title", "Work Phone",
                               "Personal phone", "Work email (don't use)", "Comments", "Foo"])
    assert mapping == {
        "Full Name": "name", "Cell Phone": "personal_phone",
        "E-mail Address": "personal_email", "Dept.": "department", "Shift": "shift",
        "Location": "site", "Hire Date": "start_date", "Job Title": "job_title",
        "Work Phone": "work_phone", "Personal phone": "personal_phone",
        "Work email (don't use)": "work_email", "Comments": "notes", "Foo": None,
    }


def test_mapping_spanish(vault: Vault, tmp_path: Path) -> None:
    text = ("Nombre;Apellido;Departamento;Turno;Teléfono;Correo electrónico;Sede;Puesto\n"
            "Lucía;Fernández;Almacén;Noche;55 1234 5678;lucia@example.mx;Planta Norte;"
            "Operaria\n")
    assert set(suggest_mapping(text.split("\n")[0].split(";")).values()) == {
        "first_name", "last_name", "department", "shift", "personal_phone",
        "personal_email", "site", "job_title"}
    do_import(vault, write(tmp_path, "es.csv", text.encode("cp1252")), region="MX")
    lucia = by_name(vault)["Lucía Fernández"]
    assert (lucia["department"], lucia["shift"], lucia["site"]) == (
        "Almacén", "Noche", "Planta Norte")
    names = [e.name for e in campaign.list_entries(vault, "shift")]
    assert "Noche" in names


def test_mapping_french(vault: Vault, tmp_path: Path) -> None:
    text = "Prénom,Nom,Service,Équipe,Portable,Courriel,Poste\n" \
           "Hélène,Dubois,Expédition,B,06 12 34 56 78,helene@example.fr,Cariste\n"
    assert suggest_mapping(text.split("\n")[0].split(",")) == {
        "Prénom": "first_name", "Nom": "last_name", "Service": "department",
        "Équipe": "team", "Portable": "personal_phone", "Courriel": "personal_email",
        "Poste": "job_title"}
    do_import(vault, write(tmp_path, "fr.csv", text.encode()), region="FR")
    helene = by_name(vault)["Hélène Dubois"]
    assert helene["team"] == "B" and helene["department"] == "Expédition"


def test_unmapped_columns_are_named(vault: Vault, tmp_path: Path) -> None:
    text = "Name,Foo,Bar\nAna Ruiz,1,2\n"
    plan = prepare(vault, read_file(write(tmp_path, "u.csv", text.encode())))
    assert plan.unmapped_message == (
        "Columns not understood: 'Foo', 'Bar' — map them or leave them out.")
    assert plan.preview() == [{"name": "Ana Ruiz"}]


def test_edited_mapping_is_used(vault: Vault, tmp_path: Path) -> None:
    text = "Worker ID,Person name,Foo\n17,Ana Ruiz,Packing\n"
    path = write(tmp_path, "m.csv", text.encode())
    plan = prepare(vault, read_file(path), {"Person name": "name", "Foo": "department"})
    plan.apply(vault)
    assert by_name(vault)["Ana Ruiz"]["department"] == "Packing"


# ----- bad input: a clear error and nothing written ----------------------------------------


def _assert_nothing_written(vault: Vault, before: dict[str, int]) -> None:
    assert counts(vault) == before


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("empty.csv", b"", NotContactsFile, "empty"),
        ("blank.csv", b"\r\n  \n", NotContactsFile, "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
         NotContactsFile, "not text"),
        ("prose.txt", b"It was a dark and stormy night; the rain fell in torrents.\n"
         b"Except at occasional intervals.\n", MappingError, "No column holds names"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, NotContactsFile,
         ".xls"),
        ("broken.xlsx", b"PK\x03\x04" + b"garbage" * 50, ImportFileError, "workbook"),
        ("cut.vcf", (IOS_VCARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Card\r\nTEL:555")
         .encode(), ImportFileError, "line 17"),
    ],
)
def test_bad_input_is_a_clear_error(
    vault: Vault, tmp_path: Path, name: str, data: bytes, error: type[Exception], words: str
) -> None:
    before = counts(vault)
    with pytest.raises(error, match=words.replace(".", r"\.")):
        prepare(vault, read_file(write(tmp_path, name, data)))
    _assert_nothing_written(vault, before)


def test_unmappable_csv_says_which_headers(vault: Vault, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", b"Badge,Colour,Locker\n1,red,4\n")
    with pytest.raises(MappingError) as caught:
        prepare(vault, read_file(path))
    message = str(caught.value)
    assert "'Badge', 'Colour', 'Locker'" in message and "Name" in message


def test_file_over_the_limit_is_refused_unread(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no 50 MB written
    before = counts(vault)
    with pytest.raises(FileTooLarge, match="50 MB"):
        read_file(path)
    _assert_nothing_written(vault, before)


def test_absurdly_long_fields_are_cut_and_reported(vault: Vault, tmp_path: Path) -> None:
    long_name = "Ana " + "x" * 20_000
    text = f'Name,Notes\n"{long_name}","{"n" * 50_000}"\nBo Li,ok\n'
    report = prepare(vault, read_file(write(tmp_path, "l.csv", text.encode()))).apply(vault)
    assert report.imported == 2
    names = [str(p["name"]) for p in people(vault)]
    assert any(len(n) == MAX_FIELD_CHARS and n.startswith("Ana x") for n in names)
    assert any("name cut to 500 characters" in r.reason for r in report.rows)


def test_rows_without_a_name_are_skipped_with_reason(vault: Vault, tmp_path: Path) -> None:
    text = "First name,Last name,Phone\nAna,Ruiz,1\n,,555-010-1111\n"
    report = prepare(vault, read_file(write(tmp_path, "n.csv", text.encode()))).apply(vault)
    assert (report.imported, report.skipped) == (1, 1)
    assert [(r.row_number, r.reason) for r in report.rows if r.outcome == "skipped"] == [
        (3, "no name")]


def test_cancel_rolls_back_everything(vault: Vault, tmp_path: Path) -> None:
    rows = "\n".join(f"Person {i} Example,Dept {i % 7},555-01{i:05d}" for i in range(600))
    path = write(tmp_path, "c.csv", f"Name,Department,Phone\n{rows}\n".encode())
    plan = prepare(vault, read_file(path))
    plan.choose_all(Choice.KEEP_BOTH)  # whatever looks alike is kept: not the point here
    before = counts(vault)
    calls = iter([False, False, True])
    with pytest.raises(ImportCancelled):
        plan.apply(vault, cancel=lambda: next(calls, True))
    _assert_nothing_written(vault, before)  # departments made inside the import too
    seen: list[float] = []
    report = plan.apply(vault, progress=seen.append)
    assert report.imported == 600 and seen[-1] == 1.0
    assert counts(vault)["department"] == 7


def test_preparing_stops_when_asked_and_writes_nothing(vault: Vault, tmp_path: Path) -> None:
    rows = "\n".join(f"Person {i} Example,555-01{i:05d}" for i in range(5000))
    table = read_file(write(tmp_path, "p.csv", f"Name,Phone\n{rows}\n".encode()))
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) == 2  # after the first chunk of rows

    before = counts(vault)
    with pytest.raises(ImportCancelled):
        prepare(vault, table, cancel=cancel)
    assert len(asked) == 2 and counts(vault) == before and gc.isenabled()
    assert len(prepare(vault, table, cancel=lambda: False).candidates) == 5000


def test_a_cancel_after_the_last_row_still_undoes_the_import(
    vault: Vault, tmp_path: Path
) -> None:
    """The rows are in, the indexes and search index are being rebuilt (seconds at 100,000
    rows) when the app locks: the statement is interrupted and everything rolled back."""
    rows = "\n".join(f"Person {i} Example,555-03{i:05d}" for i in range(2500))
    plan = prepare(vault, read_file(write(tmp_path, "late.csv",
                                          f"Name,Phone\n{rows}\n".encode())))
    before = counts(vault)
    finished: list[float] = []
    with pytest.raises(ImportCancelled):
        plan.apply(vault, progress=finished.append, cancel=lambda: bool(finished)
                   and finished[-1] >= 1.0)
    assert finished[-1] == 1.0
    _assert_nothing_written(vault, before)


def test_a_cancel_interrupts_a_long_statement(vault: Vault) -> None:
    from organizer.core.importers.plan import _stops_when

    conn = vault.connection
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with _stops_when(conn, cancel), pytest.raises(Exception, match="interrupt"):
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < 100000000) SELECT count(*) FROM n").fetchone()
    assert len(calls) == 4
    # The handler is gone afterwards: the same statement runs to its end.
    assert conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 100000) SELECT count(*) FROM n").fetchone() == (100000,)


def test_import_is_searchable(vault: Vault, tmp_path: Path) -> None:
    rows = "\n".join(f"Zyxwv{i} Person,555-02{i:05d}" for i in range(250))  # bulk path
    plan = prepare(vault, read_file(write(tmp_path, "s.csv", f"Name,Phone\n{rows}\n".encode())))
    plan.choose_all(Choice.KEEP_BOTH)
    assert plan.apply(vault).imported == 250
    hits = vault.connection.execute(
        "SELECT count(*) FROM search_index WHERE search_index MATCH 'Zyxwv17'").fetchone()[0]
    assert hits == 1


def test_default_region_setting_is_used(vault: Vault, tmp_path: Path) -> None:
    campaign.set_setting(vault, "default_phone_region", "FR")
    path = write(tmp_path, "a.csv", b"Name,Portable\nAna,06 12 34 56 78\n")
    prepare(vault, read_file(path)).apply(vault)
    path2 = write(tmp_path, "b.csv", b"Name,Portable\nAna Bis,+33 6 12 34 56 78\n")
    plan = prepare(vault, read_file(path2))
    assert [p.reason for p in plan.pairs] == ["same phone"]
    with pytest.raises(MappingError, match="country code"):
        prepare(vault, read_file(path2), region="XX")


# ----- fuzz: random bytes give a clear error or a table, never another exception --------


def _only_organizer_errors(call: object, data: bytes | str) -> None:
    with contextlib.suppress(OrganizerError):  # anything else fails the test
        call(data)  # type: ignore[operator]


fuzz = settings(max_examples=examples(100), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(st.binary(max_size=2000))
def test_fuzz_any_bytes(data: bytes) -> None:
    _only_organizer_errors(read_bytes, data)


@fuzz
@given(st.binary(max_size=2000))
def test_fuzz_csv_reader(data: bytes) -> None:
    _only_organizer_errors(read_csv_bytes, data)


@fuzz
@given(st.binary(max_size=1000))
def test_fuzz_xlsx_reader(data: bytes) -> None:
    _only_organizer_errors(read_xlsx_bytes, b"PK\x03\x04" + data)


@fuzz
@given(st.text(max_size=1500))
def test_fuzz_vcard_reader(text: str) -> None:
    _only_organizer_errors(read_vcard_text, "BEGIN:VCARD\r\n" + text)


@fuzz
@given(st.binary(max_size=1500))
def test_fuzz_vcard_bytes(data: bytes) -> None:
    _only_organizer_errors(read_bytes, b"BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:" + data)


@settings(max_examples=examples(30), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=1000))
def test_fuzz_through_prepare(vault: Vault, data: bytes) -> None:
    before = counts(vault)
    with contextlib.suppress(OrganizerError):
        prepare(vault, read_bytes(b"Name,Phone\n" + data))
    assert counts(vault) == before


# ----- big files: many rows to a statement, keys and dates worked out once ---------------------

def test_big_import_stores_every_row_as_read(vault: Vault, tmp_path: Path) -> None:
    """2,345 rows: more than one progress chunk, and a last statement shorter than the rest."""
    count = 2345
    lines = ["Name,Department,Shift,Team,Start date,Notes"]
    for i in range(count):
        lines.append(f"Zq{i:05d} Worker,{'packing ' if i % 3 else 'Packing'},"
                     f"{'' if i % 2 else 'Night'},{'' if i % 5 else 'Dock'},"
                     f"{'' if i % 4 else '2021-03-0' + str(1 + i % 9)},{'' if i % 7 else 'ok'}")
    plan = prepare(vault, read_file(write(tmp_path, "big.csv", "\n".join(lines).encode())))
    plan.choose_all(Choice.KEEP_BOTH)
    seen: list[float] = []
    assert plan.apply(vault, progress=seen.append).imported == count
    assert seen[-1] == 1.0 and len(seen) > 2
    rows = vault.connection.execute(
        "SELECT p.id, p.name, d.name, s.name, p.team, p.start_date, p.notes, p.code_name, "
        "p.created_at = p.updated_at FROM person p LEFT JOIN department d "
        "ON d.id = p.department_id LEFT JOIN shift s ON s.id = p.shift_id ORDER BY p.rowid"
    ).fetchall()
    # rowids follow the file, and so do the (random, sorted) ids
    assert [r[1] for r in rows] == [f"Zq{i:05d} Worker" for i in range(count)]
    ids = [str(r[0]) for r in rows]
    assert ids == sorted(ids) and len(set(ids)) == count
    assert all(len(i) == 32 and i[12] == "4" and i[16] in "89ab" for i in ids)
    for i, (_, _, dept, shift, team, start, notes, code_name, same_stamp) in enumerate(rows):
        assert dept == "Packing"  # one department, named as first typed
        assert shift == (None if i % 2 else "Night")
        assert team == ("" if i % 5 else "Dock")  # a blank cell is '', never NULL
        assert start == (None if i % 4 else f"2021-03-0{1 + i % 9}")
        assert (notes, code_name, same_stamp) == ("" if i % 7 else "ok", "", 1)
    assert counts(vault)["search_index"] == count


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2024-05-11", "2024-05-11"), (" 2024-05-11T08:30:00 ", "2024-05-11"),
     ("2024-5-1", "2024-05-01"), ("2024/05/11", "2024-05-11"), ("11.05.2024", "2024-05-11"),
     ("2024-02-29", "2024-02-29"), ("2023-02-29", None), ("2024-13-01", None),
     ("0000-01-01", None), ("soon", None)])
def test_start_dates(vault: Vault, tmp_path: Path, typed: str, stored: str | None) -> None:
    """A start date that is not one is a bad value: the import is refused by default, and
    with "import the rest" the rows come in without it, the report naming each."""
    text = f"Name,Start date\nAna Ruiz,{typed}\nBo Li,{typed}\n"
    path = write(tmp_path, "d.csv", text.encode())
    if stored is None:
        with pytest.raises(ImportRefused, match="rows 2 and 3"):
            do_import(vault, path)
        assert people(vault) == []
    report = do_import(vault, path, options=ImportOptions(bad_values=BadValues.IMPORT_REST))
    assert [p["start_date"] for p in people(vault)] == [stored, stored]
    noted = [b for r in report.rows for b in r.bad if "not a date" in b]  # type: ignore[attr-defined]
    assert len(noted) == (2 if stored is None else 0)


def test_cycle_collector_is_back_on_after_an_import(vault: Vault, tmp_path: Path) -> None:
    rows = "\n".join(f"Person {i} Example,555-01{i:05d}" for i in range(300))
    path = write(tmp_path, "g.csv", f"Name,Phone\n{rows}\n".encode())
    plan = prepare(vault, read_file(path))
    assert gc.isenabled()
    with pytest.raises(ImportCancelled):
        plan.apply(vault, cancel=lambda: True)
    assert gc.isenabled()
    gc.disable()  # whoever had it off keeps it off
    try:
        prepare(vault, read_file(path)).apply(vault)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(("typed", "region", "stored"), [
    ("(206) 555-0100", "US", "+12065550100"), ("206.555.0100", "US", "+12065550100"),
    ("+1 206 555 0100", "US", "+12065550100"), ("001 206 555 0100", "FR", "+12065550100"),
    ("06 12 34 56 78", "FR", "+33612345678"), ("+33 (0)6 12 34 56 78", "US", "+33612345678"),
    ("55 1234 5678", "MX", "+525512345678"),
    ("415 555 0192 ext. 7838", "US", "+14155550192;ext=7838"),
])
def test_phones_are_stored_in_e164(vault: Vault, tmp_path: Path, typed: str, region: str,
                                   stored: str) -> None:
    path = write(tmp_path, "p.csv", f'Name,Phone,Work phone\nAna Ruiz,"{typed}","{typed}"\n'
                 .encode())
    report = do_import(vault, path, region=region)
    ana = by_name(vault)["Ana Ruiz"]
    assert (ana["personal_phone"], ana["work_phone"]) == (stored, stored)
    assert [r.reason for r in report.rows] == [""]  # type: ignore[attr-defined]


def test_a_phone_that_is_not_a_whole_number_is_kept_as_typed_and_reported(
    vault: Vault, tmp_path: Path
) -> None:
    path = write(tmp_path, "p.csv", b"Name,Phone\nAna Ruiz,555-0101\nBo Li,ask Ravi\n")
    report = do_import(vault, path)
    assert [p["personal_phone"] for p in people(vault)] == ["555-0101", "ask Ravi"]
    assert [r.reason for r in report.rows] == [  # type: ignore[attr-defined]
        "personal phone '555-0101' is not a whole phone number; kept as typed",
        "personal phone 'ask Ravi' is not a whole phone number; kept as typed"]
