"""Import records: an import is recorded (file name only, when, who, how many made and
merged, which people it made), listed, and undone: the people nobody touched since are
erased as any erasure is, the touched ones are listed for a decision, and a refusal leaves
the vault file byte for byte as it was. Real vaults; the import is written the way the
importer writes one (bulk_load, then the record, in one transaction)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from organizer.core import follow_ups, imports, people, records, tags
from organizer.core.bulk import bulk_load
from organizer.core.committee import identity
from organizer.core.conversations import OneOnOne, log_one_on_one
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, committee_of, exchange
from tests.core.domain_fixtures import add, count, table_counts


def _import(
    vault: Vault, file_name: str, names: Sequence[str], *, merged_into: str | None = None,
    assessed: int | None = None, tagged: str = "",
) -> tuple[str, list[str]]:
    """What an importer does: one transaction, the new people (and an assessment and tags
    from the file) through bulk_load, a merge into someone already here, then the record."""
    stamp = records.now()
    ids = [records.new_id() for _ in names]
    with vault.transaction() as conn:
        if merged_into is not None:
            conn.execute("UPDATE person SET team = 'Imported team', updated_at = ? "
                         "WHERE id = ?", (stamp, merged_into))
        with bulk_load(conn) as writer:
            writer.executemany(
                "INSERT INTO person (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [(i, n, stamp, stamp) for i, n in zip(ids, names, strict=True)])
            if assessed is not None:
                writer.executemany(
                    "INSERT INTO assessment (id, person_id, score, assessed_at, basis, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, 'other', ?, ?)",
                    [(records.new_id(), i, assessed, stamp, stamp, stamp) for i in ids])
            if tagged:
                tags.add_imported_tags(writer, {i: tags.parse_tags(tagged) for i in ids})
        import_id = imports.record_import(
            conn, file_name, ids, merged=0 if merged_into is None else 1)
    return import_id, ids


def _digest(vault: Vault) -> str:
    found = hashlib.sha256(vault.path.read_bytes())
    wal = Path(f"{vault.path}-wal")
    if wal.exists():
        found.update(wal.read_bytes())
    return found.hexdigest()


def test_an_import_is_recorded_with_its_file_name_only_and_who(vault: Vault) -> None:
    here = add(vault, "Already here").id
    first, _ = _import(vault, "/home/ana/Organizing/Night shift.csv", ["Ana", "Bo"])
    identity.ensure_identity(vault, "Maya")
    second, made = _import(vault, "C:\\Users\\maya\\Desktop\\sheet.xlsx", ["Cy"],
                           merged_into=here)
    listed = imports.list_imports(vault)
    assert [r.id for r in listed] == [second, first]  # the newest first
    newest, oldest = listed
    assert (newest.file_name, newest.imported_by, newest.people_created,
            newest.people_merged, newest.people_left) == ("sheet.xlsx", "Maya", 1, 1, 1)
    assert (oldest.file_name, oldest.imported_by, oldest.people_created,
            oldest.people_merged) == ("Night shift.csv", "", 2, 0)
    assert not newest.undone and newest.imported_at > oldest.imported_at
    stored = vault.connection.execute("SELECT group_concat(file_name) FROM import_record")
    assert "Users" not in stored.fetchone()[0]
    assert vault.connection.execute(
        "SELECT person_id FROM import_person WHERE import_id = ?", (second,)).fetchall() == [
        (made[0],)]
    with vault.transaction() as conn, pytest.raises(InvalidInput):
        imports.record_import(conn, "/only/a/folder/", [], merged=0)


def test_undo_erases_the_untouched_and_lists_the_touched_for_a_decision(
    empty_vault_template: VaultTemplate, tmp_path: Path,
) -> None:
    ana, ben = committee_of(empty_vault_template, tmp_path, ["Ana", "Ben"])
    try:
        _undo_in_a_committee(ana, ben, tmp_path / "files")
    finally:
        ana.close()
        ben.close()


def _undo_in_a_committee(vault: Vault, ben: Vault, files: Path) -> None:
    maya = add(vault, "Maya", is_oc_member=True).id
    names = ["Untouched", "Also untouched", "Edited", "Talked to", "Assessed again",
             "Tagged since", "Follow-up due"]
    import_id, ids = _import(vault, "sheet.csv", names, assessed=3, tagged="card signed")
    exchange(vault, ben, files)
    assert count(ben, "person", "id IN (SELECT value FROM json_each(?))",
                 (json.dumps(ids),)) == 7
    made = dict(zip(names, ids, strict=True))
    edited = people.get_person(vault, made["Edited"])
    edited.notes = "Met at the bus stop"
    people.update_person(vault, edited)
    log_one_on_one(vault, OneOnOne(person_id=made["Talked to"], held_on="2026-03-01",
                                   oc_member_id=maya))
    people.record_assessment(vault, made["Assessed again"], 2)
    spanish = tags.add_tag(vault, "Spanish speaker")
    tags.add_tags(vault, [made["Tagged since"]], [spanish.id])
    follow_ups.add_follow_up(vault, made["Follow-up due"], "2026-03-09", "ask about nights")

    preview = imports.undo_preview(vault, import_id)
    assert sorted(preview.untouched) == sorted([made["Untouched"], made["Also untouched"]])
    reasons = {p.display_name: p.what for p in preview.touched}
    assert reasons == {
        "Edited": ("edited",), "Talked to": ("one-on-ones",),
        "Assessed again": ("assessments",), "Tagged since": ("tags or issues",),
        "Follow-up due": ("follow-ups",),
    }, "the assessment and tag the import brought do not count"

    # Naming someone untouched as well changes nothing: they go anyway.
    erased = imports.undo_import(vault, import_id, also=[made["Edited"], made["Untouched"]])

    assert erased == 3
    gone = {made["Untouched"], made["Also untouched"], made["Edited"]}
    left = {r[0] for r in vault.connection.execute("SELECT id FROM person")}
    assert not gone & left and set(ids) - gone <= left
    # The usual erasure: their records go, a tombstone of each UUID stays, and nothing of
    # them is left in the search index.
    for person_id in gone:
        assert count(vault, "tombstone", "id = ? AND kind = 'person'", (person_id,)) == 1
        assert count(vault, "assessment", "person_id = ?", (person_id,)) == 0
        assert count(vault, "person_tag", "person_id = ?", (person_id,)) == 0
        assert count(vault, "search_index", "record_id = ?", (person_id,)) == 0
    record = imports.get_import(vault, import_id)
    assert record.undone and record.people_undone == 3 and record.people_left == 4
    assert imports.list_imports(vault)[0].undone_at == record.undone_at
    # The erasure reaches the rest of the committee.
    exchange(vault, ben, files)
    assert {r[0] for r in ben.connection.execute("SELECT id FROM person")} == left
    assert count(ben, "tombstone", "id IN (SELECT value FROM json_each(?))",
                 (json.dumps(sorted(gone)),)) == 3


def test_undoing_twice_or_an_unknown_import_is_refused_and_changes_nothing(
    vault: Vault,
) -> None:
    import_id, ids = _import(vault, "sheet.csv", ["Ana", "Bo"])
    bo = people.get_person(vault, ids[1])
    bo.team = "Night"
    people.update_person(vault, bo)  # touched: listed for a decision
    other = add(vault, "Not imported").id
    vault.checkpoint()
    before, digest = table_counts(vault), _digest(vault)
    for not_its_own in ([other], [ids[1], "f" * 32]):
        with pytest.raises(InvalidInput, match="not made by it"):
            imports.undo_import(vault, import_id, also=not_its_own)
    assert (table_counts(vault), _digest(vault)) == (before, digest)

    assert imports.undo_import(vault, import_id) == 1
    vault.checkpoint()
    before, digest = table_counts(vault), _digest(vault)
    for attempt in (
        lambda: imports.undo_import(vault, import_id),
        lambda: imports.undo_preview(vault, import_id),
        lambda: imports.undo_import(vault, "0" * 32),
        lambda: imports.undo_preview(vault, "0" * 32),
    ):
        with pytest.raises(OrganizerError) as refused:
            attempt()
        sentence = str(refused.value)
        assert sentence.endswith("nothing was changed.") and "\n" not in sentence
    with pytest.raises(InvalidInput, match="already undone"):
        imports.undo_import(vault, import_id)
    with pytest.raises(InvalidInput, match="no such import"):
        imports.undo_import(vault, "0" * 32)
    assert (table_counts(vault), _digest(vault)) == (before, digest)
