"""A committee moving in keeps its organizing data: assessments (with an honest history),
assigned OC members, the OC and organic-leader flags, issues, last contacts and tags, from
a CSV and from a workbook; a bad value refuses the import (the default) or leaves that value
out. Real vault files throughout."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from organizer.core import campaign, imports, people, tags, workplace_issues
from organizer.core.importers import (
    BadValues,
    Choice,
    DateOrder,
    ImportOptions,
    ImportRefused,
    Recording,
    UnknownOcMembers,
    prepare,
    read_bytes,
    read_file,
)
from organizer.core.importers.cell_values import AssessmentScale, read_flag
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate
from tests.core.import_fixtures import counts

# 2026-11-01 09:30 UTC: when the committee last saved its sheet.
SAVED = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
SAVED_AT = "2026-11-01T09:30:00.000Z"
HEADER = ["Name", "Department", "Assessment", "Organizer", "On the OC", "Organic leader",
          "Issues", "Last contact", "Tags"]
# Jo is on the OC (a row of the file); Ravi Kumar is already in the vault as an OC member;
# Sam Rivera is nobody yet. Ana's 25/10/2026 shows the file writes days first.
ROWS: list[list[Any]] = [
    ["Jo Berg", "Packing", "1", "", "yes", "x", "Pay; On-call load", "2026-10-02",
     "card signed"],
    ["Ana Ruiz", "Packing", "2 - Leaning supportive", "Jo Berg", "no", "", "pay, parking",
     "25/10/2026", ""],
    ["Bo Li", "Shipping", "leaning against", "Ravi", "n", "✓", "", "03/11/2026", ""],
    ["Cy Park", "Shipping", "a favor", "Sam Rivera", "", "sí", "Parking", "", ""],
    ["Dee Quinn", "Shipping", "Indeciso", "kumar ravi", "oui", "0", "", "", ""],
    ["Eli Moss", "Packing", "", "Sam Rivera", "FALSE", "TRUE", "", "", ""],
]


def _csv(folder: Path, rows: list[list[Any]] = ROWS, header: list[str] = HEADER,
         name: str = "committee.csv") -> Path:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    _saved(path)
    return path


def _xlsx(folder: Path) -> Path:
    """The same sheet as Excel holds it: real dates, booleans, numbers, and one last contact
    as a bare day number (a cell formatted General)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(list(row))
    sheet["C2"] = 1  # a number, not text
    sheet["E2"] = True  # a tick box
    sheet["H2"] = dt.datetime(2026, 10, 2)  # a real date cell
    sheet["H4"] = 46329  # 2026-11-03 as Excel counts days
    path = folder / "committee.xlsx"
    book.save(path)
    _saved(path)
    return path


def _saved(path: Path) -> None:
    os.utime(path, (SAVED.timestamp(), SAVED.timestamp()))


def _person(vault: Vault, name: str) -> Person:
    row = vault.connection.execute("SELECT id FROM person WHERE name = ?", (name,)).fetchone()
    assert row is not None, name
    return people.get_person(vault, str(row[0]))


def _issues(vault: Vault, name: str) -> set[str]:
    return {i.name for i in workplace_issues.issues_for_person(vault, _person(vault, name).id)}


def _with_ravi(vault: Vault) -> str:
    workplace_issues.get_or_add_issue(vault, "PAY")  # the campaign's own spelling stays
    return people.add_person(vault, Person(name="Ravi Kumar", is_oc_member=True)).id


CREATE = ImportOptions(unknown_oc_members=UnknownOcMembers.CREATE)


@pytest.mark.parametrize("make", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_every_organizing_column_comes_in(vault: Vault, tmp_path: Path, make: Any) -> None:
    ravi = _with_ravi(vault)
    path = make(tmp_path)
    plan = prepare(vault, read_file(path), options=CREATE)
    assert plan.mapping == {
        "Name": "name", "Department": "department", "Assessment": "assessment",
        "Organizer": "assigned_oc_member", "On the OC": "is_oc_member",
        "Organic leader": "is_organic_leader", "Issues": "issues",
        "Last contact": "last_contact_on", "Tags": "tags"}
    report = plan.apply(vault)
    assert (report.imported, report.assessments, report.new_oc_members) == (6, 5, ["Sam Rivera"])
    assert report.bad_rows == []

    found = {n: _person(vault, n) for n in ("Jo Berg", "Ana Ruiz", "Bo Li", "Cy Park",
                                           "Dee Quinn", "Eli Moss", "Sam Rivera")}
    assert {n: p.assessment for n, p in found.items()} == {
        "Jo Berg": 1, "Ana Ruiz": 2, "Bo Li": 4, "Cy Park": 2, "Dee Quinn": 3,
        "Eli Moss": None, "Sam Rivera": None}
    # The history says where each came from and when the sheet said so.
    [entry] = people.assessment_history(vault, found["Ana Ruiz"].id)
    assert (entry.score, entry.basis, entry.note, entry.assessed_at, entry.assessed_by) == (
        2, "other", f"imported from {path.name}", SAVED_AT, "")
    jo, sam = found["Jo Berg"].id, found["Sam Rivera"].id
    assert {n: p.assigned_oc_member_id for n, p in found.items()} == {
        "Jo Berg": None, "Ana Ruiz": jo, "Bo Li": ravi, "Cy Park": sam, "Dee Quinn": ravi,
        "Eli Moss": sam, "Sam Rivera": None}
    assert {n for n, p in found.items() if p.is_oc_member} == {"Jo Berg", "Dee Quinn",
                                                                "Sam Rivera"}
    assert {n for n, p in found.items() if p.is_organic_leader} == {
        "Jo Berg", "Bo Li", "Cy Park", "Eli Moss"}
    assert _issues(vault, "Jo Berg") == {"PAY", "On-call load"}
    assert _issues(vault, "Ana Ruiz") == {"PAY", "parking"}
    assert _issues(vault, "Cy Park") == {"parking"}
    assert len(workplace_issues.list_issues(vault)) == 3
    assert {n: p.last_contact_on for n, p in found.items() if p.last_contact_on} == {
        "Jo Berg": "2026-10-02", "Ana Ruiz": "2026-10-25", "Bo Li": "2026-11-03"}
    assert counts(vault)["person"] == 8  # six rows, Ravi, and Sam added as an OC member
    assert [t.name for t in tags.tags_of(vault, jo)] == ["card signed"]
    [record] = imports.list_imports(vault)  # Sam too, so undoing the import takes him away
    assert (record.file_name, record.people_created, record.people_merged) == (
        path.name, 7, 0)


def test_a_workbook_day_number_is_a_date_only_in_a_workbook(vault: Vault, tmp_path: Path
                                                            ) -> None:
    path = _csv(tmp_path, [["Ana Ruiz", "", "", "", "", "", "", "46329", ""]])
    plan = prepare(vault, read_file(path))
    assert plan.candidates[0].bad == ["last contact date '46329' is not a date"]


def test_the_same_file_twice_merged_adds_no_second_assessment_and_keeps_newer_ones(
    vault: Vault, tmp_path: Path
) -> None:
    """Merging into someone here fills what they lack; the file's assessment joins their
    history at the file's date, so a newer assessment made here stays the current one."""
    ana = people.add_person(vault, Person(name="Ana Ruiz", department_id=campaign.add_list_entry(
        vault, "department", "Packing").id)).id
    people.record_assessment(vault, ana, 3, assessed_at="2026-11-20T10:00:00.000Z")
    vault.connection.execute("UPDATE person SET last_contact_on = '2026-10-30' WHERE id = ?",
                             (ana,))  # a reached call, say: no one-on-one behind it
    path = _csv(tmp_path, [ROWS[0], ROWS[1]])
    for _ in range(2):
        plan = prepare(vault, read_file(path), options=CREATE)
        plan.choose_all(Choice.MERGE)
        report = plan.apply(vault)
    assert report.merged == 2  # the second time Jo is here too
    history = people.assessment_history(vault, ana)
    assert [(e.score, e.note) for e in history] == [(3, ""), (2, "imported from committee.csv")]
    merged = _person(vault, "Ana Ruiz")
    assert merged.assessment == 3  # the newer one, made here
    assert merged.assigned_oc_member_id == _person(vault, "Jo Berg").id
    assert merged.last_contact_on == "2026-10-30"  # later than the file's 2026-10-25
    assert _issues(vault, "Ana Ruiz") == {"Pay", "parking"}
    assert counts(vault)["person"] == 2
    assert sorted((r.people_created, r.people_merged) for r in imports.list_imports(vault)) == [
        (0, 2), (1, 1)]


# ----- a value Organizer cannot read ----------------------------------------------------

BAD = [
    ("Assessment", "7", "assessment '7' is not on the 1–5 scale"),
    ("Organizer", "Nobody Here", "assigned OC member 'Nobody Here' is not an OC member"),
    ("Last contact", "soon", "last contact date 'soon' is not a date"),
    ("On the OC", "maybe", "on the OC 'maybe' is not yes or no"),
    ("Organic leader", "sometimes", "organic leader 'sometimes' is not yes or no"),
]


def _bad_sheet(folder: Path, column: str, value: str) -> Path:
    rows = [list(r) for r in ROWS[:3]]
    rows[1][HEADER.index(column)] = value  # Ana, row 3
    rows[2][3] = "Jo Berg"  # Bo's organizer is known: only Ana's row is bad
    return _csv(folder, rows)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("column", "value", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_value_refuses_the_whole_import_by_default(
    vault_path: Path, empty_vault_template: VaultTemplate, tmp_path: Path, column: str,
    value: str, message: str,
) -> None:
    before = _sha256(vault_path)
    with Vault.open_with_key(vault_path, empty_vault_template.raw_key) as vault:
        plan = prepare(vault, read_file(_bad_sheet(tmp_path, column, value)))
        report = plan.report()
        assert report.refused
        assert [(r.row_number, r.bad) for r in report.bad_rows] == [(3, (message,))]
        with pytest.raises(ImportRefused, match=r"Nothing was imported: 1 row \(row 3\)"):
            plan.apply(vault)
        lines = report.lines()
        assert lines[:3] == ["rows read: 3", "imported: 0",
                             f"refused: {report.refusal()}"]
        assert f"  row 3: {message}" in lines
    assert _sha256(vault_path) == before  # not a byte changed


@pytest.mark.parametrize(("column", "value", "message"), BAD, ids=[b[0] for b in BAD])
def test_import_the_rest_leaves_out_only_the_bad_value(
    vault: Vault, tmp_path: Path, column: str, value: str, message: str
) -> None:
    options = ImportOptions(bad_values=BadValues.IMPORT_REST)
    report = prepare(vault, read_file(_bad_sheet(tmp_path, column, value)),
                     options=options).apply(vault)
    assert report.imported == 3 and not report.refused
    assert f"  row 3: imported: {message}; left out" in report.lines()
    ana = _person(vault, "Ana Ruiz")
    good = {  # what Ana's row says, each left out only when it is the bad one
        "Assessment": (ana.assessment, 2), "Organizer": (ana.assigned_oc_member_id,
                                                         _person(vault, "Jo Berg").id),
        "Last contact": (ana.last_contact_on, "2026-10-25"),
    }
    for name, (stored, expected) in good.items():
        assert stored == (None if name == column else expected), name
    assert _issues(vault, "Ana Ruiz") == {"Pay", "parking"}
    assert str(campaign.list_entries(vault, "department")[0].name) == "Packing"


def test_many_bad_rows_are_each_named(vault: Vault, tmp_path: Path) -> None:
    rows = [["Ana Ruiz", "", "9"], ["Bo Li", "", "2"], ["Cy Park", "", "maybe"]]
    path = _csv(tmp_path, rows, ["Name", "Department", "Assessment"])
    with pytest.raises(ImportRefused) as refused:
        prepare(vault, read_file(path)).apply(vault)
    assert "2 rows (rows 2 and 4) have a value Organizer cannot read" in str(refused.value)
    assert counts(vault)["person"] == 0


# ----- reading values -------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "score"), [
    ("1", 1), ("2.0", 2), ("A3", 3), (" 4 ", 4), ("5 - Opposed", 5), ("2 · Leaning supportive", 2),
    ("Active supporter / leader", 1), ("leader", 1), ("LEANING SUPPORTIVE", 2),
    ("undecided", 3), ("Leaning against", 4), ("opposed", 5), ("a favor", 2),
    ("Apoyo activo", 1), ("indecisa", 3), ("en contra", 4), ("opuesto", 5),
    ("Fired up", 1),  # the campaign's own word for 1
])
def test_assessments_by_number_or_by_the_scale_s_words(
    vault: Vault, typed: str, score: int
) -> None:
    campaign.set_assessment_level(vault, 1, "Fired up", "#1a9850")
    scale = AssessmentScale.of((lv.score, lv.label) for lv in campaign.assessment_scale(vault))
    assert scale.read(typed) == (score, "")


@pytest.mark.parametrize("typed", ["0", "6", "3.5", "12", "maybe", "2 - Opposed"])
def test_assessments_off_the_scale_are_reported(typed: str) -> None:
    score, problem = AssessmentScale.of(()).read(typed)
    assert score is None and repr(typed) in problem


@pytest.mark.parametrize(("typed", "flag"), [
    *((w, True) for w in ("yes", "Y", "x", "✓", "1", "true", "sí", "si", "oui", "TRUE")),
    *((w, False) for w in ("no", "n", "0", "false", "", "  ", "FALSE", "non")),
    *((w, None) for w in ("maybe", "2", "yes?")),
])
def test_yes_and_no(typed: str, flag: bool | None) -> None:
    assert read_flag(typed) is flag


def _dates(vault: Vault, folder: Path, typed: list[str], **options: Any) -> Any:
    path = _csv(folder, [[f"P{i} Person", t] for i, t in enumerate(typed)],
                ["Name", "Last contact"], name="dates.csv")
    return prepare(vault, read_file(path), options=ImportOptions(**options))


def test_the_file_s_own_dates_decide_day_or_month_first(vault: Vault, tmp_path: Path) -> None:
    day_first = _dates(vault, tmp_path / "a", ["03/04/2026", "25/12/2026"])
    assert [c.values["last_contact_on"] for c in day_first.candidates] == [
        "2026-04-03", "2026-12-25"]
    assert "read day first (3 April 2026), as '25/12/2026'" in day_first.date_note
    month_first = _dates(vault, tmp_path / "b", ["03/04/2026", "12/25/2026", "2026-01-09"])
    assert [c.values["last_contact_on"] for c in month_first.candidates] == [
        "2026-03-04", "2026-12-25", "2026-01-09"]
    chosen = _dates(vault, tmp_path / "c", ["03/04/2026", "4.3.2026"],
                    date_order=DateOrder.DAY_FIRST)
    assert [c.values["last_contact_on"] for c in chosen.candidates] == [
        "2026-04-03", "2026-03-04"]  # dots are always day first
    assert chosen.date_note.endswith("as chosen.")


def test_undecided_dates_follow_the_campaign_s_country_and_say_so(
    vault: Vault, tmp_path: Path
) -> None:
    us = _dates(vault, tmp_path / "us", ["03/04/2026"])
    assert us.candidates[0].values["last_contact_on"] == "2026-03-04"
    assert "nothing in the file tells, and that is how US writes dates" in us.date_note
    assert "If they mean 3 April 2026, choose day first." in us.date_note
    assert us.date_note in us.report().problems
    campaign.set_setting(vault, "default_phone_region", "GB")
    gb = _dates(vault, tmp_path / "gb", ["03/04/2026"])
    assert gb.candidates[0].values["last_contact_on"] == "2026-04-03"


# ----- text a spreadsheet would run ----------------------------------------------------


def test_formula_looking_names_and_notes_are_imported_as_text_with_a_warning(
    vault: Vault, tmp_path: Path
) -> None:
    text = ('Name,Notes\n"=HYPERLINK(""http://evil.example"",""x"")",fine\n'
            "@Ana Ruiz,+1 talk to her\nBo Li,-cmd|' /C calc'!A0\n'=Quoted Name,\n")
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    report = prepare(vault, read_file(path)).apply(vault)
    assert report.imported == 4
    names = {str(r[0]): str(r[1]) for r in vault.connection.execute(
        "SELECT name, notes FROM person").fetchall()}
    assert names == {'=HYPERLINK("http://evil.example","x")': "fine",
                     "@Ana Ruiz": "+1 talk to her", "Bo Li": "-cmd|' /C calc'!A0",
                     "=Quoted Name": ""}
    warned = {r.row_number: r.reason for r in report.rows}
    assert warned[2].startswith("warning: name '=HYPERLINK(") and "starts with '='" in warned[2]
    assert "name '@Ana Ruiz' starts with '@'" in warned[3]
    assert "notes '+1 talk to her' starts with '+'" in warned[3]
    assert "notes \"-cmd|' /C calc'!A0\" starts with '-'" in warned[4]
    assert "imported as plain text, as typed" in warned[5]


# ----- tags, and the record of the import: through the plan's Recording -----------------


class Recorded:
    def __init__(self) -> None:
        self.tags: dict[str, list[str]] = {}
        self.imports: list[tuple[str, list[str], int]] = []

    def recording(self) -> Recording:
        def write_tags(conn: Any, names: Any) -> int:
            assert conn.in_transaction  # inside the import's one transaction
            self.tags.update({k: list(v) for k, v in names.items()})
            return sum(len(v) for v in names.values())

        def record_import(conn: Any, name: str, created: Any, merged: int) -> str:
            self.imports.append((name, list(created), merged))
            return "record"

        return Recording(parse_tags=lambda text: [t.strip() for t in text.split("|")],
                         write_tags=write_tags, record_import=record_import)


def test_tags_and_the_import_record_go_through_the_recording(
    vault: Vault, tmp_path: Path
) -> None:
    path = _csv(tmp_path, [["Ana Ruiz", "card signed | Spanish speaker"], ["Bo Li", ""]],
                ["Name", "Tags"])
    recorded = Recorded()
    plan = prepare(vault, read_file(path), recording=recorded.recording())
    assert plan.preview()[0]["tags"] == "card signed; Spanish speaker"
    plan.apply(vault)
    ana, bo = _person(vault, "Ana Ruiz").id, _person(vault, "Bo Li").id
    assert recorded.tags == {ana: ["card signed", "Spanish speaker"]}
    assert recorded.imports == [("committee.csv", sorted([ana, bo]), 0)]


def test_tags_and_the_import_record_are_written_by_the_core(
    vault: Vault, tmp_path: Path
) -> None:
    path = _csv(tmp_path, [["Ana Ruiz", "card signed; Spanish speaker, Card Signed"],
                           ["Bo Li", "night driver"]], ["Name", "Tags"])
    prepare(vault, read_file(path)).apply(vault)
    ana = _person(vault, "Ana Ruiz").id
    assert [t.name for t in tags.tags_of(vault, ana)] == ["card signed", "Spanish speaker"]
    [record] = imports.list_imports(vault)
    assert (record.file_name, record.people_created) == ("committee.csv", 2)


def test_a_tag_the_core_refuses_is_a_bad_value(vault: Vault, tmp_path: Path) -> None:
    def clean(name: str) -> str:
        from organizer.core.errors import InvalidInput

        if len(name) > 10:
            raise InvalidInput("A tag's name can be at most 10 characters long.")
        return name

    path = _csv(tmp_path, [["Ana Ruiz", "ok, far too long a tag"]], ["Name", "Tags"])
    plan = prepare(vault, read_file(path), recording=Recording(clean_tag=clean))
    assert plan.candidates[0].bad == [
        "tag 'far too long a tag': A tag's name can be at most 10 characters long"]
    assert plan.candidates[0].values["tags"] == "ok"


def test_an_xlsx_read_from_memory_has_no_file_name_and_records_no_import(
    vault: Vault
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Name", "Assessment"])
    book.active.append(["Ana Ruiz", 2])
    out = io.BytesIO()
    book.save(out)
    recorded = Recorded()
    prepare(vault, read_bytes(out.getvalue()), recording=recorded.recording()).apply(vault)
    [entry] = people.assessment_history(vault, _person(vault, "Ana Ruiz").id)
    assert entry.note == "imported from a file" and recorded.imports == []


def test_the_sample_committee_sheet_maps_every_column_and_imports_cleanly(
    vault: Vault,
) -> None:
    """docs/sample-committee-sheet.csv shows a committee every column Organizer reads."""
    from organizer.core.importers import IMPORT_FIELDS

    sheet = Path(__file__).resolve().parents[2] / "docs" / "sample-committee-sheet.csv"
    plan = prepare(vault, read_file(sheet))
    mapped = set(plan.mapping.values())
    assert None not in mapped
    assert mapped == set(IMPORT_FIELDS) - {"first_name", "last_name"}
    assert 8 <= len(plan.candidates) <= 12 and plan.hints == [] and plan.pairs == []
    report = plan.apply(vault)
    assert report.bad_rows == [] and not report.refused
    assert report.imported == len(plan.candidates)
    on_oc = vault.connection.execute(
        "SELECT count(*) FROM person WHERE is_oc_member = 1").fetchone()[0]
    assigned = vault.connection.execute(
        "SELECT count(*) FROM person WHERE assigned_oc_member_id IS NOT NULL").fetchone()[0]
    assert on_oc == 2 and assigned >= 6
