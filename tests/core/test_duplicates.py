"""Duplicates on import (phone, email, close name in the same department; against the vault
and earlier rows; merge / keep both / skip) and in the vault (find, merge both histories)."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.core import conversations, follow_ups, people, relationships, workplace_issues
from organizer.core.errors import InvalidInput
from organizer.core.importers import Choice, prepare, read_file
from organizer.core.importers.duplicates import find_duplicates, merge_people
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.core.import_fixtures import by_name, counts


def add(vault: Vault, name: str, **fields: object) -> str:
    department = fields.pop("department", None)
    person = Person(name=name, **fields)  # type: ignore[arg-type]
    if department:
        from organizer.core import campaign
        person.department_id = campaign.add_list_entry(vault, "department", str(department)).id
    return people.add_person(vault, person).id


def plan_for(vault: Vault, tmp_path: Path, text: str) -> object:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return prepare(vault, read_file(path))


def test_same_phone_in_another_format_is_a_duplicate(vault: Vault, tmp_path: Path) -> None:
    existing = add(vault, "Ana Ruiz", personal_phone="(555) 010-1234")
    plan = plan_for(vault, tmp_path, "Name,Mobile\nAnita R.,+1 555 010 1234\nBo Li,555-010-9999\n")
    pairs = plan.pairs  # type: ignore[attr-defined]
    assert [(p.row_number, p.existing_id, p.reason) for p in pairs] == [
        (2, existing, "same phone")]
    report = plan.apply(vault)  # type: ignore[attr-defined]
    assert (report.imported, report.duplicates, report.skipped) == (1, 1, 1)  # default: skip
    assert set(by_name(vault)) == {"Ana Ruiz", "Bo Li"}


def test_one_switchboard_number_with_different_extensions_is_different_people(
    vault: Vault, tmp_path: Path
) -> None:
    first = add(vault, "Ella Morris", work_phone="+1 415 555 0192 ext. 7838")
    add(vault, "Jamie Smith", work_phone="+1 415 555 0192 ext. 7839")
    desk = add(vault, "Front Desk", work_phone="+1 415 555 0192")
    assert find_duplicates(vault) == []
    # The same name with the switchboard number written without the extension: one desk.
    people.delete_person(vault, desk)
    again = add(vault, "Ella Morris", work_phone="+1 415 555 0192")
    assert [(d.keep_id, d.other_id) for d in find_duplicates(vault)] == [(first, again)]
    people.delete_person(vault, again)
    plan = plan_for(vault, tmp_path, "Name,Work phone\nE. Morris,(415) 555-0192 x7838\n")
    assert [(p.existing_id, p.reason) for p in plan.pairs] == [  # type: ignore[attr-defined]
        (first, "same phone")]


def test_same_email_ignoring_case(vault: Vault, tmp_path: Path) -> None:
    add(vault, "Chen Wei", work_email="Wei.Chen@Example.org")
    plan = plan_for(vault, tmp_path, "Name,Email\nWei Chen-Li,wei.chen@example.ORG\n")
    assert [p.reason for p in plan.pairs] == ["same email"]  # type: ignore[attr-defined]


def test_close_name_only_in_the_same_department(vault: Vault, tmp_path: Path) -> None:
    add(vault, "María Fernanda González", department="Packing")
    plan = plan_for(vault, tmp_path,
                    "Name,Department\nGonzales Maria Fernanda,packing\n"
                    "Maria Fernanda Gonzalez,Shipping\nMaría Fernanda González Ruiz,Packing\n")
    assert [(p.row_number, p.reason) for p in plan.pairs] == [  # type: ignore[attr-defined]
        (2, "similar name in the same department")]


def test_namesakes_with_their_own_work_email_or_phone_are_two_people(
    vault: Vault, tmp_path: Path
) -> None:
    existing = add(vault, "Li Wei", department="Packing", work_email="li.wei@acme.example")
    plan = plan_for(vault, tmp_path,
                    "Name,Department,Work email,Work phone,Personal email\n"
                    # Each has their own work email: two people who share a name.
                    "Li Wei,Packing,li.wei2@acme.example,,\n"
                    "Li  Wei,Packing,wei.li@acme.example,,\n"
                    # No work email to tell them apart: as before, a suspected duplicate.
                    "Li Wei,Packing,,,\n"
                    # A personal email of their own does not tell them apart.
                    "Li Wei,Packing,,,li@home.example\n"
                    # Rows 6 and 7: close names, but each has their own work phone.
                    "Ana Sousa,Packing,,555-010-7000,\n"
                    "Ana Souza,Packing,,555-010-7001,\n"
                    "Ana Souza,Packing,,,\n")
    pairs = [(p.row_number, p.existing_id or p.earlier_index, p.reason)
             for p in plan.pairs]  # type: ignore[attr-defined]
    # Rows 2, 3, 6 and 7 are nobody's duplicates; row 8, with no work phone, matches row 7
    # by its exact name (an earlier row: index 5 of the file's data rows).
    assert pairs == [
        (4, existing, "same name in the same department"),
        (5, existing, "same name in the same department"),
        (8, 5, "same name in the same department"),
    ]


def test_find_duplicates_leaves_namesakes_out(vault: Vault) -> None:
    first = add(vault, "Omar Haddad", department="Sales", work_email="omar@acme.example")
    add(vault, "Omar Haddad", department="Sales", work_email="omar.h@acme.example")
    again = add(vault, "Omar Hadad", department="Sales")
    assert [(d.keep_id, d.other_id, d.reason) for d in find_duplicates(vault)] == [
        (first, again, "similar name in the same department")]


def test_earlier_row_in_the_same_file(vault: Vault, tmp_path: Path) -> None:
    plan = plan_for(vault, tmp_path,
                    "Name,Phone,Email\nKwame Mensah,555-010-3000,\n"
                    "Kwame Mensah,,kwame@example.org\nKwame Mensah,,\n")
    pairs = plan.pairs  # type: ignore[attr-defined]
    assert [(p.row_number, p.earlier_index) for p in pairs] == [(3, 0), (4, 0)]
    plan.choose(0, Choice.MERGE)  # type: ignore[attr-defined]
    report = plan.apply(vault)  # type: ignore[attr-defined]
    assert (report.imported, report.merged, report.skipped) == (1, 1, 1)
    kwame = by_name(vault)["Kwame Mensah"]
    assert (kwame["personal_phone"], kwame["personal_email"]) == (
        "+15550103000", "kwame@example.org")


def test_choices_merge_keep_both_skip(vault: Vault, tmp_path: Path) -> None:
    a = add(vault, "Olga Petrova", personal_phone="555-010-0001")
    add(vault, "Sam Jones", personal_email="sam@example.org", notes="first note")
    add(vault, "Lee Park", personal_phone="555-010-0003")
    plan = plan_for(vault, tmp_path,
                    "Name,Phone,Email,Job title,Notes\n"
                    "Olga Petrova,555-010-0001,olga@example.org,Driver,\n"
                    "Samuel Jones,,sam@example.org,,from the sheet\n"
                    "Lee Park,555-010-0003,,,\n")
    plan.choose(0, Choice.MERGE)  # type: ignore[attr-defined]
    plan.choose(1, Choice.KEEP_BOTH)  # type: ignore[attr-defined]
    report = plan.apply(vault)  # type: ignore[attr-defined]
    assert (report.merged, report.imported, report.skipped) == (1, 1, 1)
    olga = people.get_person(vault, a)
    assert (olga.personal_email, olga.job_title) == ("olga@example.org", "Driver")
    assert set(by_name(vault)) == {"Olga Petrova", "Sam Jones", "Samuel Jones", "Lee Park"}


def test_find_duplicates_in_the_vault(vault: Vault) -> None:
    a = add(vault, "Priya Raman", personal_phone="+1 555 010 7777")
    b = add(vault, "P. Raman", work_phone="555.010.7777")
    add(vault, "Someone Else", personal_phone="555-010-1212")
    found = find_duplicates(vault)
    assert [(d.keep_id, d.other_id, d.reason) for d in found] == [(a, b, "same phone")]


def _history(vault: Vault, person_id: str, other: str, oc: str, label: str) -> None:
    conversations.log_one_on_one(vault, conversations.OneOnOne(
        person_id=person_id, held_on="2026-01-0" + label[-1], oc_member_id=oc,
        notes=f"talk {label}", assessment_after=int(label[-1])))
    follow_ups.add_follow_up(vault, person_id, "2026-12-0" + label[-1], f"call {label}")
    relationships.add_relationship(vault, person_id, other, "close to")
    issue = workplace_issues.get_or_add_issue(vault, f"Issue {label}")
    workplace_issues.add_issue_to_people(vault, [person_id], issue.id)


def test_merge_keeps_both_histories(vault: Vault) -> None:
    oc = add(vault, "Olu Organizer", is_oc_member=True)
    friend = add(vault, "Fran Friend")
    keep = add(vault, "Dana Cruz", personal_phone="555-010-4444")
    other = add(vault, "Dana M. Cruz", personal_email="dana@example.org", job_title="Welder",
                notes="likes Fridays")
    _history(vault, keep, friend, oc, "k1")
    _history(vault, other, friend, oc, "o2")
    relationships.add_relationship(vault, keep, other, "friends")
    before = counts(vault)
    merge_people(vault, keep, other)
    after = counts(vault)
    assert after["person"] == before["person"] - 1
    assert after["one_on_one"] == before["one_on_one"]
    assert after["assessment"] == before["assessment"]
    assert after["follow_up"] == before["follow_up"]
    assert after["person_issue"] == before["person_issue"]
    # the keep->other link goes; both "close to" Fran collapse into one
    assert after["relationship"] == before["relationship"] - 2
    # The merged person's, and the "close to" that collapsed (a record deleted on its own
    # leaves a tombstone for the committee; the keep->other link went with the person).
    assert after["tombstone"] == before["tombstone"] + 2
    conn = vault.connection
    assert conn.execute("SELECT count(*) FROM one_on_one WHERE person_id = ?",
                        (keep,)).fetchone()[0] == 2
    assert len(workplace_issues.issues_for_person(vault, keep)) == 2
    kept = people.get_person(vault, keep)
    assert (kept.personal_email, kept.job_title, kept.notes) == (
        "dana@example.org", "Welder", "likes Fridays")
    assert kept.last_contact_on == "2026-01-02" and kept.assessment == 2
    assert kept.next_follow_up_on == "2026-12-01"
    with pytest.raises(InvalidInput):
        people.get_person(vault, other)
    assert conn.execute("SELECT kind FROM tombstone WHERE id = ?", (other,)).fetchone() == (
        "person",)


def test_merge_refuses_nonsense(vault: Vault) -> None:
    a = add(vault, "Ana")
    with pytest.raises(InvalidInput):
        merge_people(vault, a, a)
    with pytest.raises(InvalidInput):
        merge_people(vault, a, "0" * 32)


@pytest.mark.parametrize(("existing", "incoming", "similar"), [
    ("Person8 Smith", "Person80 Smith", False),  # a digit apart: a numbered namesake
    ("Maria Garcia", "Maria Garcia Lopez", False),  # a whole extra surname
    ("Jon Smith", "John Smith", True),  # a typo
])
def test_similar_names_are_a_typo_apart(
    vault: Vault, tmp_path: Path, existing: str, incoming: str, similar: bool
) -> None:
    add(vault, existing, department="Packing")
    plan = plan_for(vault, tmp_path, f"Name,Department\n{incoming},Packing\n")
    reasons = [p.reason for p in plan.pairs]  # type: ignore[attr-defined]
    assert reasons == (["similar name in the same department"] if similar else [])


def test_a_numbered_roster_has_no_suspected_duplicates(vault: Vault, tmp_path: Path) -> None:
    """2,000 distinct "PersonN Smith" rows in one department (before, 1,945 of them were
    held back as similar to an earlier row)."""
    rows = "".join(f"Person{n} Smith,Packing\n" for n in range(2000))
    plan = plan_for(vault, tmp_path, f"Name,Department\n{rows}")
    assert plan.pairs == []  # type: ignore[attr-defined]
    report = plan.apply(vault)  # type: ignore[attr-defined]
    assert (report.imported, report.skipped) == (2000, 0)
    assert counts(vault)["person"] == 2000


def test_the_report_says_how_many_duplicates_were_skipped_and_why(
    vault: Vault, tmp_path: Path
) -> None:
    add(vault, "Ana Ruiz", personal_phone="555-010-1234", department="Packing")
    add(vault, "Bo Li", personal_email="bo@example.org")
    plan = plan_for(vault, tmp_path,
                    "Name,Phone,Email,Department\nAnita R.,555 010 1234,,\n"
                    "Bo L.,,BO@example.org,\nAnna Ruiz,,,Packing\nA. Ruiz,555-010-1234,,\n"
                    ",555-010-9999,,\n")
    report = plan.report()  # type: ignore[attr-defined]
    assert report.skipped == 5
    assert ("skipped as suspected duplicates: 4 (2 same phone, 1 same email, "
            "1 similar name in the same department)") in report.lines(limit=0)
