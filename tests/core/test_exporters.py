"""CSV export: BOM, labels, formula neutralising, selection, atomic 0600 file, and the round
trip export -> import giving the same people (hypothesis)."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.core import campaign, people
from organizer.core.errors import InvalidInput
from organizer.core.exporters.csv_export import export_people, neutralise
from organizer.core.importers import Choice, prepare, read_file
from organizer.core.importers.phones import to_e164
from organizer.core.people import PeopleFilter, Person
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, assert_private, examples
from tests.core.import_fixtures import people as people_in


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_bom_labels_and_formula_neutralising(vault: Vault, tmp_path: Path) -> None:
    dept = campaign.add_list_entry(vault, "department", "=Packing").id
    people.add_person(vault, Person(
        name="=HYPERLINK(\"http://evil\")", personal_phone="+1 555 010 2000",
        work_phone="-5", personal_email="@mention", work_email="-work@example.org",
        notes="\rreturn", department_id=dept))
    people.add_person(vault, Person(name="Zoë Okafor 🌟", personal_phone="555-010-3000"))
    people.add_person(vault, Person(name="'=Quoted already", personal_phone="'Tom's"))
    target = tmp_path / "out.csv"
    count = export_people(vault, target, fields=[
        "name", "personal_phone", "work_phone", "personal_email", "work_email", "department",
        "notes"])
    assert count == 3
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert_private(target)
    rows = _rows(target)
    assert rows[0] == ["Name", "Personal phone", "Work phone (don't use)", "Personal email",
                       "Work email (don't use)", "Department", "Notes"]
    assert rows[2] == ["'=HYPERLINK(\"http://evil\")", "'+1 555 010 2000", "'-5", "'@mention",
                       "'-work@example.org", "'=Packing", "'\rreturn"]
    assert rows[3][:2] == ["Zoë Okafor 🌟", "555-010-3000"]
    assert rows[1][:2] == ["''=Quoted already", "'Tom's"]
    # and back: the importer takes exactly one apostrophe off
    back = prepare(vault, read_file(target))
    names = [c.values["name"] for c in back.candidates]
    assert "'=Quoted already" in names and '=HYPERLINK("http://evil")' in names
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]  # no temp file left


def test_neutralise() -> None:
    values = ("=1", "+1", "-1", "@a", "\t", "\r", "a=1", "", "'=x", "'Tom", "''")
    assert [neutralise(v) for v in values] == [
        "'=1", "'+1", "'-1", "'@a", "'\t", "'\r", "a=1", "", "''=x", "'Tom", "'" * 3]


def test_filter_and_selection(vault: Vault, tmp_path: Path) -> None:
    packing = campaign.add_list_entry(vault, "department", "Packing").id
    a = people.add_person(vault, Person(name="Ana", department_id=packing)).id
    people.add_person(vault, Person(name="Bo"))
    target = tmp_path / "f.csv"
    assert export_people(vault, target, people_filter=PeopleFilter(
        department_ids=frozenset({packing})), fields=["name", "department"]) == 1
    assert _rows(target)[1:] == [["Ana", "Packing"]]
    assert export_people(vault, target, ids=[a], fields=["name"]) == 1
    with pytest.raises(InvalidInput, match="not a field"):
        export_people(vault, target, fields=["name", "password"])
    with pytest.raises(InvalidInput, match="does not exist"):
        export_people(vault, tmp_path / "missing" / "x.csv")


def test_failed_export_leaves_the_old_file(vault: Vault, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    people.add_person(vault, Person(name="Ana"))
    target = tmp_path / "keep.csv"
    target.write_text("old")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        export_people(vault, target)
    assert target.read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


# ----- round trip ---------------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                           blacklist_characters="\x00"),
    min_size=0, max_size=20,
).map(lambda s: " ".join(s.split()))
_name = st.one_of(_text, st.sampled_from(["'=", "'", "''", "-"]).flatmap(
    lambda p: _text.map(lambda s: p + s))).filter(lambda s: any(c.isalnum() for c in s))
_person = st.fixed_dictionaries({
    "name": _name,
    "personal_phone": st.one_of(st.just(""), st.from_regex(r"\+?[0-9 ()\-]{7,14}",
                                                             fullmatch=True).map(str.strip)),
    "personal_email": st.one_of(st.just(""), st.emails().map(lambda e: e[:60])),
    "department": st.sampled_from(["", "Packing", "Expédition", "=Formula", "Café ☕"]),
})


@pytest.mark.slow
@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_person, min_size=1, max_size=8))
def test_export_then_import_gives_the_same_people(
    empty_vault_template: VaultTemplate, tmp_path: Path, rows: list[dict[str, str]]
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    source = empty_vault_template.open_copy(folder, "a.vault")
    target = empty_vault_template.open_copy(folder, "b.vault")
    try:
        for row in rows:
            dept = (campaign.add_list_entry(source, "department", row["department"]).id
                    if row["department"] else None)
            people.add_person(source, Person(
                name=row["name"], personal_phone=row["personal_phone"],
                personal_email=row["personal_email"], department_id=dept))
        out = folder / "out.csv"
        export_people(source, out, fields=["name", "personal_phone", "personal_email",
                                           "department", "work_phone"])
        plan = prepare(target, read_file(out))
        plan.choose_all(Choice.KEEP_BOTH)  # generated people may look alike
        plan.apply(target)
        keys = ("name", "personal_phone", "personal_email", "department")

        def summary(v: Vault) -> list[tuple[object, ...]]:
            def value(p: dict[str, object], k: str) -> object:
                text = str(p[k] or "")  # an import stores whole numbers in E.164
                return (to_e164(text) or text) if k == "personal_phone" else text

            return sorted((tuple(value(p, k) for k in keys) for p in people_in(v)), key=repr)

        assert summary(target) == summary(source)
    finally:
        source.close()
        target.close()
