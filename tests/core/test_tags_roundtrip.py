"""Tags go out with the CSV export and come back in with the import, to the same people."""

from __future__ import annotations

from pathlib import Path

from organizer.core import importers, people, tags
from organizer.core.exporters.csv_export import export_people
from organizer.core.people import Person
from tests.conftest import VaultTemplate


def test_tags_round_trip_through_export_and_import(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    source = empty_vault_template.open_copy(tmp_path / "source")
    try:
        ana = people.add_person(source, Person(name="Ana Lima", personal_phone="+12065550101"))
        bo = people.add_person(source, Person(name="Bo Chen", personal_phone="+12065550102"))
        made = tags.ensure_tags(source, ["card signed", "Spanish speaker"])
        tags.add_tags(source, [ana.id], [t.id for t in made])
        tags.add_tags(source, [bo.id], [made[0].id])
        sheet = tmp_path / "people.csv"
        export_people(source, sheet, ids=[ana.id, bo.id],
                      fields=["name", "personal_phone", "tags"])
    finally:
        source.close()

    target = empty_vault_template.open_copy(tmp_path / "target")
    try:
        plan = importers.prepare(target, importers.read_file(sheet))
        plan.apply(target)
        found = {
            name: sorted(t.name.casefold() for t in tags.tags_of(target, person_id))
            for query in ("Ana", "Bo")
            for person_id, name in people.find_people(target, query)
        }
        assert found == {"Ana Lima": ["card signed", "spanish speaker"],
                         "Bo Chen": ["card signed"]}
    finally:
        target.close()
