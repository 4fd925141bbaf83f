"""Tags on people: the campaign's list (add, rename, fold onto another's name, remove with a
count), tagging and untagging many people in one transaction, finding people by tags, the
CSV export's Tags column, and erasure taking a person's tags with them. Real vaults."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from organizer.core import people, tags
from organizer.core.bulk import bulk_load
from organizer.core.committee.tables import PRESENT
from organizer.core.errors import InvalidInput
from organizer.core.exporters.csv_export import export_people
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, count, table_counts


def _names(vault: Vault) -> list[tuple[str, int]]:
    return [(t.name, t.people) for t in tags.list_tags(vault)]


def _of(vault: Vault, person_id: str) -> list[str]:
    return [t.name for t in tags.tags_of(vault, person_id)]


def _link_stamps(vault: Vault) -> dict[str, str]:
    return dict(vault.connection.execute(
        "SELECT row_id, stamp FROM field_stamp WHERE tbl = 'person_tag' AND field = ?",
        (PRESENT,),
    ).fetchall())


def _digest(vault: Vault) -> str:
    """The vault file and its write-ahead log, as bytes on disk."""
    found = hashlib.sha256(vault.path.read_bytes())
    wal = Path(f"{vault.path}-wal")
    if wal.exists():
        found.update(wal.read_bytes())
    return found.hexdigest()


# ----- names ----------------------------------------------------------------------------------


def test_parse_tags_splits_on_commas_and_semicolons_trims_and_keeps_each_once() -> None:
    assert tags.parse_tags("card signed; Spanish speaker, Card  Signed ;; ,night driver ") == [
        "card signed", "Spanish speaker", "night driver"]
    assert tags.parse_tags("") == []
    assert tags.parse_tags(" ; , ") == []


@pytest.mark.parametrize("name", ["", "   ", "a, b", "a; b", "x" * (tags.MAX_TAG_CHARS + 1),
                                  "bell\x07"])
def test_a_name_that_cannot_be_a_tag_is_refused(vault: Vault, name: str) -> None:
    with pytest.raises(InvalidInput):
        tags.add_tag(vault, name)
    assert count(vault, "tag") == 0


# ----- the list -------------------------------------------------------------------------------


def test_adding_a_tag_twice_in_any_case_gives_the_same_tag(vault: Vault) -> None:
    first = tags.add_tag(vault, "  Card   signed ")
    assert first.name == "Card signed"
    assert tags.add_tag(vault, "CARD SIGNED").id == first.id
    made = tags.ensure_tags(vault, ["night driver", "card signed", "Night Driver"])
    assert [t.name for t in made] == ["night driver", "Card signed"]
    assert _names(vault) == [("Card signed", 0), ("night driver", 0)]


def test_rename_and_remove_say_how_many_people_had_the_tag(vault: Vault) -> None:
    ana, bo, cy = (add(vault, n).id for n in ("Ana", "Bo", "Cy"))
    petition = tags.add_tag(vault, "petition")
    assert tags.add_tags(vault, [ana, bo], [petition.id]) == 2
    renamed = tags.rename_tag(vault, petition.id, "Petition signed")
    assert (renamed.id, renamed.name, renamed.people) == (petition.id, "Petition signed", 2)
    assert _of(vault, ana) == ["Petition signed"]
    assert tags.get_tag(vault, petition.id).people == 2
    assert tags.remove_tag(vault, petition.id) == 2
    assert _names(vault) == [] and _of(vault, ana) == [] and _of(vault, cy) == []
    assert count(vault, "person_tag") == 0
    # The removal is an erasure the committee hears of.
    assert count(vault, "tombstone", "id = ? AND kind = 'tag'", (petition.id,)) == 1
    with pytest.raises(InvalidInput, match="no longer exists"):
        tags.remove_tag(vault, petition.id)


def test_renaming_onto_another_tags_name_folds_the_two_into_one(vault: Vault) -> None:
    ana, bo, cy = (add(vault, n).id for n in ("Ana", "Bo", "Cy"))
    signed = tags.add_tag(vault, "Card signed")
    typo = tags.add_tag(vault, "crad signed")
    tags.add_tags(vault, [ana, bo], [signed.id])
    tags.add_tags(vault, [bo, cy], [typo.id])

    kept = tags.rename_tag(vault, typo.id, "card SIGNED")

    keep, drop = sorted((signed.id, typo.id))
    assert (kept.id, kept.name, kept.people) == (keep, "card SIGNED", 3)
    assert _names(vault) == [("card SIGNED", 3)]
    for person in (ana, bo, cy):
        assert _of(vault, person) == ["card SIGNED"]
    # Remembered as a fold, not an erasure: every member folds its copy the same way.
    assert vault.connection.execute("SELECT old_id, new_id, tbl FROM merged_alias").fetchall() \
        == [(drop, keep, "tag")]
    assert count(vault, "tombstone") == 0
    assert not [k for k in _link_stamps(vault) if k.endswith(drop)]


def test_renaming_to_the_same_name_in_another_case_is_a_plain_rename(vault: Vault) -> None:
    tag = tags.add_tag(vault, "night driver")
    assert tags.rename_tag(vault, tag.id, "Night Driver").name == "Night Driver"
    assert _names(vault) == [("Night Driver", 0)]
    assert count(vault, "merged_alias") == 0


# ----- many people at once --------------------------------------------------------------------


def test_tagging_and_untagging_many_people_is_one_stamped_write_each(vault: Vault) -> None:
    crowd = [add(vault, f"Worker {n}").id for n in range(30)]
    signed, spanish = tags.ensure_tags(vault, ["card signed", "Spanish speaker"])
    assert tags.add_tags(vault, crowd, [signed.id]) == 30
    assert tags.add_tags(vault, [*crowd[:10], "gone" * 8], [signed.id, spanish.id]) == 10
    assert _names(vault) == [("card signed", 30), ("Spanish speaker", 10)]
    stamped = _link_stamps(vault)
    assert len(stamped) == 40, "every new link carries a stamp for the committee"
    # The triggers bulk_load dropped are back.
    triggers = {r[0] for r in vault.connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"person_tag_stamp_insert", "person_tag_stamp_delete", "tag_touch"} <= triggers

    assert tags.remove_tags(vault, crowd[:5], [signed.id, spanish.id]) == 10
    assert _names(vault) == [("card signed", 25), ("Spanish speaker", 5)]
    after = _link_stamps(vault)
    removed = [f"{p}:{t}" for p in crowd[:5] for t in (signed.id, spanish.id)]
    assert all(after[key] > stamped[key] for key in removed), "each removal is stamped"


def test_tagging_with_a_tag_removed_meanwhile_changes_nothing(vault: Vault) -> None:
    ana = add(vault, "Ana").id
    signed = tags.add_tag(vault, "card signed")
    gone = tags.add_tag(vault, "gone")
    tags.remove_tag(vault, gone.id)
    before, digest = table_counts(vault), _digest(vault)
    with pytest.raises(InvalidInput, match="no longer exists"):
        tags.add_tags(vault, [ana], [signed.id, gone.id])
    assert table_counts(vault) == before and _digest(vault) == digest


def test_people_with_all_or_any_of_some_tags(vault: Vault) -> None:
    ana, bo, cy = (add(vault, n).id for n in ("Ana", "Bo", "Cy"))
    signed, spanish, night = tags.ensure_tags(vault, ["card signed", "Spanish", "night"])
    tags.add_tags(vault, [ana, bo], [signed.id])
    tags.add_tags(vault, [bo, cy], [spanish.id])
    both = [signed.id, spanish.id]
    assert tags.people_with_tags(vault, both) == [bo]
    assert tags.people_with_tags(vault, both, match_all=False) == sorted([ana, bo, cy])
    assert tags.people_with_tags(vault, [night.id], match_all=False) == []
    assert tags.people_with_tags(vault, []) == []
    # The fragment works in the people table's own query shape.
    where, params = tags.tag_filter_sql([signed.id, spanish.id, signed.id])
    rows = vault.connection.execute(
        f"SELECT p.id FROM person p LEFT JOIN department d ON d.id = p.department_id "
        f"WHERE p.name <> 'Nobody' AND {where}", params).fetchall()
    assert [r[0] for r in rows] == [bo]
    assert tags.tag_filter_sql([]) == ("1", [])


def test_an_importer_tags_its_people_inside_its_bulk_load(vault: Vault) -> None:
    here = add(vault, "Already here").id
    with vault.transaction() as conn, bulk_load(conn) as writer:
        writer.execute(
            "INSERT INTO person (id, name, created_at, updated_at) VALUES "
            "('a' || hex(randomblob(15)), 'New', '2026-01-01T00:00:00.000Z', "
            "'2026-01-01T00:00:00.000Z')")
        new = writer.execute("SELECT id FROM person WHERE name = 'New'").fetchone()[0]
        given = tags.add_imported_tags(writer, {
            new: tags.parse_tags("Card signed; night driver"),
            here: ["card SIGNED"],
        })
    assert given == 3
    assert _names(vault) == [("Card signed", 2), ("night driver", 1)]
    stamps = _link_stamps(vault)
    signed = tags.list_tags(vault)[0].id
    assert f"{here}:{signed}" in stamps, "a person already here carries the new tag along"


# ----- erasure and export ---------------------------------------------------------------------


def test_erasing_a_person_erases_their_tags_and_the_stamps_of_them(vault: Vault) -> None:
    ana, bo = add(vault, "Ana").id, add(vault, "Bo").id
    signed = tags.add_tag(vault, "card signed")
    tags.add_tags(vault, [ana, bo], [signed.id])
    people.delete_person(vault, ana)
    assert count(vault, "person_tag", "person_id = ?", (ana,)) == 0
    assert count(vault, "field_stamp", "row_id LIKE ?", (f"%{ana}%",)) == 1  # its _deleted
    assert _names(vault) == [("card signed", 1)]
    assert count(vault, "tombstone", "id = ?", (ana,)) == 1


def test_the_csv_export_has_a_tags_column_that_reads_back(vault: Vault, tmp_path: Path) -> None:
    ana, bo = add(vault, "Ana").id, add(vault, "Bo").id
    made = tags.ensure_tags(vault, ["Spanish speaker", "card signed", "=formula"])
    tags.add_tags(vault, [ana], [t.id for t in made])
    target = tmp_path / "people.csv"
    assert export_people(vault, target, ids=[ana, bo], fields=["name", "tags"]) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["Name", "Tags"],
                    ["Ana", "'=formula; card signed; Spanish speaker"],
                    ["Bo", ""]]
    assert tags.parse_tags(rows[1][1].removeprefix("'")) == [
        "=formula", "card signed", "Spanish speaker"]
