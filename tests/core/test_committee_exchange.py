"""The exchange's bookkeeping between two members: what a file carries after
acknowledgements, that changes are not echoed back to the member they came from, and that a
changed scope brings a full update even when an older acknowledgement arrives afterwards."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest

from organizer.core import campaign, conversations, people, relationships
from organizer.core.committee import conflicts, envelope, identity, receive, roster, send
from organizer.core.conversations import OneOnOne, log_one_on_one
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, committee_of, exchange


@pytest.fixture
def pair(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[tuple[Vault, Vault]]:
    ana, ben = committee_of(empty_vault_template, tmp_path, ("Ana", "Ben"))
    yield ana, ben
    ana.close()
    ben.close()


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def _contents(receiver: Vault, sent: send.SentFile) -> sqlite3.Connection:
    """The database inside a file, decrypted as its recipient would."""
    me = identity.get_identity(receiver)
    assert me is not None
    opened = envelope.open_sealed(sent.path.read_bytes(), me, sent.path.name)
    database = sqlite3.connect(":memory:")
    database.deserialize(opened.database)
    return database


def test_a_reply_does_not_send_back_what_came_from_its_recipient(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    for name in ("Carla", "Dev", "Eli"):
        people.add_person(ana, people.Person(name=name))
    exchange(ana, ben, _folder(tmp_path, "1"))
    assert ben.connection.execute("SELECT count(*) FROM person").fetchone()[0] == 3

    reply = exchange(ben, ana, _folder(tmp_path, "2"))

    assert reply.counts["person"] == 0
    assert _contents(ana, reply).execute("SELECT count(*) FROM person").fetchone()[0] == 0


def test_after_an_acknowledgement_a_file_carries_only_what_changed(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    ids = [people.add_person(ana, people.Person(name=f"Worker {i}")).id for i in range(5)]
    first = exchange(ana, ben, _folder(tmp_path, "1"))
    assert first.full and first.counts["person"] == 5
    exchange(ben, ana, _folder(tmp_path, "2"))  # carries Ben's acknowledgement

    edited = people.get_person(ana, ids[2])
    edited.notes = "asked about the petition"
    people.update_person(ana, edited)
    log_one_on_one(ana, OneOnOne(person_id=ids[4], agitate="short-staffed"))
    day = exchange(ana, ben, _folder(tmp_path, "3"))

    assert not day.full
    assert day.counts["person"] == 1 and day.counts["one_on_one"] == 1
    assert ben.connection.execute(
        "SELECT notes FROM person WHERE id = ?", (ids[2],)
    ).fetchone()[0] == "asked about the petition"


def test_until_acknowledged_each_file_repeats_the_last_so_a_lost_one_costs_nothing(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    people.add_person(ana, people.Person(name="Carla"))
    exchange(ana, ben, _folder(tmp_path, "1"))
    exchange(ben, ana, _folder(tmp_path, "2"))
    people.add_person(ana, people.Person(name="Dev"))
    [lost] = send.send_updates(ana, _folder(tmp_path, "3"))  # never delivered
    people.add_person(ana, people.Person(name="Eli"))

    later = exchange(ana, ben, _folder(tmp_path, "4"))

    assert lost.counts["person"] == 1 and later.counts["person"] == 2
    names = {r[0] for r in ben.connection.execute("SELECT name FROM person")}
    assert names == {"Carla", "Dev", "Eli"}


def test_a_changed_scope_brings_a_full_update_despite_an_older_acknowledgement(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    departments = {
        name: campaign.add_list_entry(ana, "department", name).id
        for name in ("Warehouse", "Office")
    }
    people.add_person(ana, people.Person(name="Wren", department_id=departments["Warehouse"]))
    people.add_person(ana, people.Person(name="Otto", department_id=departments["Office"]))
    roster.set_scope(ana, "Ben", ["Warehouse"])
    first = exchange(ana, ben, _folder(tmp_path, "1"))
    assert first.counts["person"] == 1
    # Ben's reply, written before his scope widens, arrives after it did.
    [in_flight] = send.send_updates(ben, _folder(tmp_path, "2"))
    roster.set_scope(ana, "Ben", None)
    receive.receive_updates(ana, [in_flight.path])

    widened = exchange(ana, ben, _folder(tmp_path, "3"))

    assert widened.full and widened.counts["person"] == 2
    names = {r[0] for r in ben.connection.execute("SELECT name FROM person")}
    assert names == {"Wren", "Otto"}


def test_a_private_one_on_one_saved_as_such_never_leaves(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = people.add_person(ana, people.Person(name="Carla"))
    secret = log_one_on_one(ana, OneOnOne(
        person_id=carla.id, agitate="her manager threatened her", is_private=True))
    log_one_on_one(ana, OneOnOne(person_id=carla.id, agitate="pay"))

    sent = exchange(ana, ben, _folder(tmp_path, "1"))

    plaintext = pyrage.decrypt(
        sent.path.read_bytes(), [identity.get_identity(ben).age_identity()]  # type: ignore[union-attr]
    )
    assert b"threatened" not in plaintext and secret.id.encode() not in plaintext
    assert ben.connection.execute("SELECT count(*) FROM one_on_one").fetchone()[0] == 1


def _resealed(sender: Vault, receiver: Vault, sent: send.SentFile, edit: str) -> Path:
    """The same file with its database changed by `edit` (SQL), signed again by the sender:
    what a buggy or older Organizer of a real member could send."""
    database = _contents(receiver, sent)
    database.executescript(edit)
    me = identity.get_identity(sender)
    them = identity.get_identity(receiver)
    assert me is not None and them is not None
    sealed = envelope.seal(database.serialize(), me, them.age_public)
    path = sent.path.with_name("edited" + send.SUFFIX)
    path.write_bytes(sealed)
    return path


def test_rows_outside_my_scope_are_not_applied_and_counted(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    warehouse = campaign.add_list_entry(ana, "department", "Warehouse").id
    office = campaign.add_list_entry(ana, "department", "Office").id
    people.add_person(ana, people.Person(name="Wren", department_id=warehouse))
    roster.set_scope(ana, "Ben", ["Warehouse"])
    [sent] = send.send_updates(ana, _folder(tmp_path, "1"))
    # An Office person slipped into a file whose manifest limits Ben to the Warehouse.
    edited = _resealed(ana, ben, sent, f"""
        INSERT INTO person (id, name, department_id, is_oc_member, created_at)
            VALUES ('{"0" * 32}', 'Otto Outside', '{office}', 0, '2026-01-01T00:00:00.000Z');
    """)

    [received] = receive.receive_updates(ben, [edited])

    assert received.out_of_scope == 1
    assert "1 outside your departments not applied" in received.sentence()
    names = {r[0] for r in ben.connection.execute("SELECT name FROM person")}
    assert names == {"Wren"}


def test_a_file_from_an_older_schema_merges_with_the_missing_columns_defaulted(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    people.add_person(ana, people.Person(name="Carla", is_organic_leader=True))
    [sent] = send.send_updates(ana, _folder(tmp_path, "1"))
    older = _resealed(ana, ben, sent, """
        ALTER TABLE person DROP COLUMN is_organic_leader;
        UPDATE exchange_manifest SET value = '2' WHERE key = 'schema_version';
    """)

    [received] = receive.receive_updates(ben, [older])

    assert received.added["person"] == 1
    assert ben.connection.execute(
        "SELECT name, is_organic_leader FROM person"
    ).fetchall() == [("Carla", 0)]


def _concurrent_notes(ana: Vault, ben: Vault, tmp_path: Path) -> str:
    """Carla's notes edited by both before either heard of the other's edit; Ben's is later."""
    carla = people.add_person(ana, people.Person(name="Carla"))
    exchange(ana, ben, _folder(tmp_path, "a"))
    for vault, notes in ((ana, "Ana's version"), (ben, "Ben's version")):
        person = people.get_person(vault, carla.id)
        person.notes = notes
        people.update_person(vault, person)
    exchange(ana, ben, _folder(tmp_path, "b"))
    exchange(ben, ana, _folder(tmp_path, "c"))
    return carla.id


def test_a_conflict_is_listed_with_both_values_and_who_sent_it(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = _concurrent_notes(ana, ben, tmp_path)

    [seen_by_ben] = conflicts.open_conflicts(ben)

    assert seen_by_ben.record_id == carla and seen_by_ben.about == "Carla"
    assert (seen_by_ben.current, seen_by_ben.other) == ("Ben's version", "Ana's version")
    assert seen_by_ben.member == "Ana" and seen_by_ben.what == "person: notes"
    assert seen_by_ben.current_is_mine and not seen_by_ben.other_is_mine
    [seen_by_ana] = conflicts.open_conflicts(ana)
    assert seen_by_ana.other_is_mine and not seen_by_ana.current_is_mine
    for vault in (ana, ben):
        assert people.get_person(vault, carla).notes == "Ben's version"


@pytest.mark.parametrize("take_other", [True, False])
def test_resolving_a_conflict_travels_to_the_committee(
    pair: tuple[Vault, Vault], tmp_path: Path, take_other: bool
) -> None:
    ana, ben = pair
    carla = _concurrent_notes(ana, ben, tmp_path)
    [conflict] = conflicts.open_conflicts(ben)

    conflicts.resolve(ben, conflict.id, take_other=take_other)
    exchange(ben, ana, _folder(tmp_path, "d"))

    chosen = "Ana's version" if take_other else "Ben's version"
    assert conflicts.open_conflicts(ben) == []
    for vault in (ana, ben):
        assert people.get_person(vault, carla).notes == chosen
    with pytest.raises(InvalidInput, match="already resolved"):
        conflicts.resolve(ben, conflict.id, take_other=True)


def test_who_wrote_it_down_travels_with_one_on_ones_assessments_and_relationships(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = people.add_person(ana, people.Person(name="Carla"))
    dev = people.add_person(ana, people.Person(name="Dev"))
    log_one_on_one(ana, OneOnOne(person_id=carla.id, agitate="pay", assessment_after=2))
    relationships.add_relationship(ana, carla.id, dev.id, "friends")

    exchange(ana, ben, _folder(tmp_path, "1"))

    [talk] = conversations.one_on_ones_for(ben, carla.id)
    [assessed] = people.assessment_history(ben, carla.id)
    [friends] = relationships.relationships_for(ben, carla.id)
    assert talk.recorded_by == assessed.recorded_by == friends.recorded_by == "Ana"


def test_records_from_before_the_identity_are_mine_once_it_exists(
    tmp_path: Path, empty_vault_template: VaultTemplate
) -> None:
    with empty_vault_template.open_copy(tmp_path) as vault:
        carla = people.add_person(vault, people.Person(name="Carla"))
        log_one_on_one(vault, OneOnOne(person_id=carla.id, agitate="pay"))
        assert conversations.one_on_ones_for(vault, carla.id)[0].recorded_by == ""

        identity.ensure_identity(vault, "Ana")

        assert conversations.one_on_ones_for(vault, carla.id)[0].recorded_by == "Ana"


def test_erasing_a_person_erases_the_values_their_conflicts_kept(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = _concurrent_notes(ana, ben, tmp_path)
    assert conflicts.open_conflicts(ben)

    people.delete_person(ben, carla)

    assert ben.connection.execute("SELECT count(*) FROM update_conflict").fetchone()[0] == 0


@pytest.mark.parametrize(("edit", "why"), [
    ("UPDATE field_stamp SET stamp = '9-0-x'", "a stamp that is no clock reading"),
    ("UPDATE field_stamp SET stamp = '9999999999999-00000-ab'", "a stamp centuries ahead"),
    ("CREATE TABLE loose AS SELECT key, CASE WHEN key = 'through_seq' THEN NULL ELSE value "
     "END AS value FROM exchange_manifest; DROP TABLE exchange_manifest; "
     "ALTER TABLE loose RENAME TO exchange_manifest", "a NULL where a number belongs"),
    ("DELETE FROM exchange_manifest WHERE key = 'file_id'", "a manifest without its id"),
    ("UPDATE exchange_manifest SET value = '99999999999999999999' WHERE key = 'through_seq'",
     "a counter SQLite cannot hold"),
    ("UPDATE person SET is_oc_member = 'x'; UPDATE one_on_one SET held_on = NULL",
     "rows the vault's rules refuse"),
])
def test_a_signed_file_with_bad_insides_is_refused_in_one_sentence(
    pair: tuple[Vault, Vault], tmp_path: Path, edit: str, why: str
) -> None:
    ana, ben = pair
    carla = people.add_person(ana, people.Person(name="Carla"))
    log_one_on_one(ana, OneOnOne(person_id=carla.id, agitate="pay"))
    edited_person = people.get_person(ana, carla.id)
    edited_person.notes = "stamped"
    people.update_person(ana, edited_person)
    [sent] = send.send_updates(ana, _folder(tmp_path, "1"))
    bad = _resealed(ana, ben, sent, edit)
    before = ben.connection.execute("SELECT count(*) FROM person").fetchone()[0]

    with pytest.raises(envelope.UpdateRefused) as refused:
        receive.receive_updates(ben, [bad])

    assert "nothing was applied" in str(refused.value), why
    assert ben.connection.execute("SELECT count(*) FROM person").fetchone()[0] == before


def test_a_fold_of_records_without_a_natural_key_is_ignored(
    pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = people.add_person(ana, people.Person(name="Carla"))
    dev = people.add_person(ana, people.Person(name="Dev"))
    exchange(ana, ben, _folder(tmp_path, "1"))
    [sent] = send.send_updates(ana, _folder(tmp_path, "2"))
    keep, drop = sorted((carla.id, dev.id))
    bad = _resealed(ana, ben, sent, f"""
        INSERT INTO merged_alias VALUES ('{drop}', '{keep}', 'person');
    """)

    receive.receive_updates(ben, [bad])

    assert {r[0] for r in ben.connection.execute("SELECT name FROM person")} == {"Carla", "Dev"}
