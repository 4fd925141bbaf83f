"""A vault's life: create, open, write, read from a worker, crash, re-key, close."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from organizer.core import schema
from organizer.core.errors import OrganizerError, WrongPassphrase
from organizer.core.vault import Vault
from tests.core.helpers import (
    MARKER,
    NEW_PASSPHRASE,
    PASSPHRASE,
    Template,
    add_marker_person,
    add_person,
    decrypt_pages,
    key_bytes,
    kill_writer_midway,
    marker_forms,
    names_in,
    person_names,
    plaintext_image,
    plaintext_leaks,
    shared_template,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return shared_template(tmp_path_factory)


@pytest.fixture
def vault(template: Template, tmp_path: Path) -> Iterator[Vault]:
    opened = template.open_copy(tmp_path / "vault")
    yield opened
    opened.close()


def test_create_close_open_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "campaign.vault"
    with Vault.create(path, PASSPHRASE, "Warehouse campaign") as vault:
        assert vault.is_open
        assert vault.check().ok
        add_marker_person(vault)
    assert names_in(tmp_path) == {"campaign.vault"}, "closing checkpoints and removes the WAL"
    with Vault.open(path, PASSPHRASE) as vault:
        assert person_names(vault) == [MARKER]
        campaign = vault.connection.execute("SELECT name, is_demo FROM campaign").fetchall()
        assert campaign == [("Warehouse campaign", 0)]
        report = vault.check()
        assert report.ok and report.problems == []
        assert report.counts["people"] == 1


def test_close_drops_the_key_and_the_connection(vault: Vault) -> None:
    assert vault.raw_key.startswith("x'")
    vault.close()
    assert not vault.is_open
    with pytest.raises(OrganizerError, match="locked"):
        _ = vault.raw_key
    with pytest.raises(OrganizerError, match="locked"):
        _ = vault.connection
    with pytest.raises(OrganizerError, match="locked"), vault.transaction():
        pass
    with pytest.raises(OrganizerError, match="locked"):
        vault.connect_another()
    vault.close()  # closing twice is harmless


def test_closing_frees_the_vault_for_the_next_open(template: Template, tmp_path: Path) -> None:
    path = template.copy_to(tmp_path)
    Vault.open_with_key(path, template.raw_key).close()
    Vault.open_with_key(path, template.raw_key).close()


def test_new_vault_is_at_the_current_schema_version(vault: Vault) -> None:
    conn = vault.connection
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert not list(vault.path.parent.glob("*.before-schema-*")), "no migration was needed"


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "secure_delete": 1,
    "temp_store": 2,
    "synchronous": 2,
}


@pytest.mark.parametrize("which", ["main connection", "worker connection"])
def test_connections_get_the_safe_pragmas(which: str, vault: Vault) -> None:
    conn = vault.connection if which == "main connection" else vault.connect_another()
    try:
        for pragma, expected in EXPECTED_PRAGMAS.items():
            assert conn.execute(f"PRAGMA {pragma}").fetchone()[0] == expected, pragma
    finally:
        if conn is not vault.connection:
            conn.close()


def test_worker_connection_reads_while_the_main_one_writes(vault: Vault) -> None:
    worker = vault.connect_another()
    seen: list[int] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def read_until_done() -> None:
        try:
            while not done.is_set():
                seen.append(worker.execute("SELECT count(*) FROM person").fetchone()[0])
        except BaseException as error:
            failures.append(error)

    reader = threading.Thread(target=read_until_done)
    reader.start()
    try:
        for number in range(40):
            with vault.transaction() as conn:
                add_person(conn, f"Person {number}")
                add_person(conn, f"Colleague {number}")
    finally:
        done.set()
        reader.join(timeout=30)
    seen.append(worker.execute("SELECT count(*) FROM person").fetchone()[0])
    worker.close()
    assert failures == []
    assert seen == sorted(seen), "a reader never sees the count go back"
    assert all(count % 2 == 0 for count in seen), "a reader never sees half a transaction"
    assert seen[-1] == 80


def test_crash_mid_transaction_loses_only_that_transaction(
    template: Template, tmp_path: Path
) -> None:
    path = template.copy_to(tmp_path / "vault")
    kill_writer_midway(path, template.raw_key, "Committed A", "Uncommitted B")
    assert names_in(path.parent) == {"campaign.vault", "campaign.vault-wal", "campaign.vault-shm"}
    with Vault.open_with_key(path, template.raw_key) as vault:
        assert person_names(vault) == ["Committed A"]
        assert vault.check().ok
    with Vault.open_with_key(path, template.raw_key) as vault:
        assert person_names(vault) == ["Committed A"]


def test_rolled_back_transaction_leaves_nothing(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.transaction() as conn:
        add_person(conn, MARKER)
        raise RuntimeError("the user pressed cancel")
    assert person_names(vault) == []
    assert vault.check().ok


def test_changed_passphrase_opens_and_the_old_one_does_not(
    template: Template, tmp_path: Path
) -> None:
    path = template.copy_to(tmp_path / "vault")
    with Vault.open_with_key(path, template.raw_key) as vault:
        add_marker_person(vault)
        old_key = vault.raw_key
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        assert vault.raw_key != old_key
        assert vault.passphrase_matches(NEW_PASSPHRASE)
        assert not vault.passphrase_matches(PASSPHRASE)
        add_marker_person(vault, "Written after the change")
    assert names_in(path.parent) == {"campaign.vault"}
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Vault.open_with_key(path, old_key)
    with Vault.open(path, NEW_PASSPHRASE) as vault:
        assert vault.check().ok
        assert person_names(vault) == ["Written after the change", MARKER]
    assert plaintext_leaks(path.parent, [MARKER]) == []


def test_changed_passphrase_keeps_the_vault_locked_against_a_second_open(
    template: Template, tmp_path: Path
) -> None:
    path = template.copy_to(tmp_path / "vault")
    with Vault.open_with_key(path, template.raw_key) as vault:
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        with pytest.raises(OrganizerError, match="already open"):
            Vault.open_with_key(path, vault.raw_key)


def test_checkpoint_empties_the_wal(vault: Vault) -> None:
    add_marker_person(vault)
    wal = Path(f"{vault.path}-wal")
    assert wal.stat().st_size > 0
    vault.checkpoint()
    assert wal.stat().st_size == 0


def test_deleted_person_leaves_nothing_even_in_the_decrypted_pages(vault: Vault) -> None:
    """secure_delete: after a delete and a checkpoint, not even the freed pages hold the name."""
    with vault.transaction() as conn:
        for number in range(50):
            add_person(conn, f"Colleague {number:02d}", notes="ordinary notes")
        doomed = add_person(conn, MARKER, notes=f"{MARKER} signed the petition")
    vault.checkpoint()
    key = key_bytes(vault.raw_key)

    # The name as stored, and as the search index's tokenizer keeps it.
    traces = [*marker_forms(), MARKER.split("-")[0].lower().encode()]

    def traces_in_pages() -> set[bytes]:
        pages = decrypt_pages(vault.path.read_bytes(), key)
        return {trace for trace in traces if any(trace in page for page in pages)}

    assert traces_in_pages() >= {traces[0], traces[-1]}, "the check below would prove nothing"
    with vault.transaction() as conn:
        conn.execute("DELETE FROM person WHERE id = ?", (doomed,))
    vault.checkpoint()
    assert traces_in_pages() == set()
    vault.close()
    plain = sqlite3.connect(":memory:")
    plain.deserialize(plaintext_image(vault.path, PASSPHRASE))
    assert plain.execute("SELECT count(*) FROM person").fetchone()[0] == 50
