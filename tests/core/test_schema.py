"""The schema's conventions, checked on a real vault: version, ids and timestamps on every
record table, the touch trigger, and enforced foreign keys and checks."""

from __future__ import annotations

import re
import time

import pytest
import sqlcipher3

from organizer.core import records, schema
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, count, department

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def _tables(vault: Vault) -> list[str]:
    return [
        str(r[0])
        for r in vault.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_index%' ORDER BY name"
        )
    ]


def _columns(vault: Vault, table: str) -> dict[str, tuple[str, int]]:
    """name -> (declared type, primary-key position)"""
    return {
        str(r[1]): (str(r[2]), int(r[5]))
        for r in vault.connection.execute(f"PRAGMA table_info({table})")
    }


def _join_tables(vault: Vault) -> set[str]:
    """Tables that only link records (person_issue...): no id of their own."""
    return {
        t for t in _tables(vault) if "id" not in _columns(vault, t) and t not in _BOOKKEEPING
    }


# The committee exchange's bookkeeping (schema 3): neither records nor links.
_BOOKKEEPING = {
    "tombstone", "replica", "field_stamp", "committee_identity", "update_received",
    "update_conflict", "merged_alias", "update_file_seen",
}


def _record_tables(vault: Vault) -> list[str]:
    """Everything but the links, the bookkeeping and the search index."""
    joins = _join_tables(vault)
    return [t for t in _tables(vault) if t not in joins and t not in _BOOKKEEPING]


def test_a_new_vault_is_at_the_current_schema_version(vault: Vault) -> None:
    conn = vault.connection
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert schema.SCHEMA_VERSION == len(schema.MIGRATIONS) >= 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_every_record_table_has_a_text_id_key_and_both_timestamps(vault: Vault) -> None:
    record_tables = _record_tables(vault)
    assert "person" in record_tables and "one_on_one" in record_tables
    for table in record_tables:
        columns = _columns(vault, table)
        assert columns.get("id") == ("TEXT", 1), table
        assert columns.get("created_at", ("", 0))[0] == "TEXT", table
        assert columns.get("updated_at", ("", 0))[0] == "TEXT", table


def test_every_record_table_has_a_touch_trigger(vault: Vault) -> None:
    record_tables = set(_record_tables(vault))
    assert record_tables == {*schema._TABLES_WITH_UPDATED_AT, "committee_member"}
    triggers = {
        str(r[0])
        for r in vault.connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    assert {f"{t}_touch" for t in record_tables} <= triggers


def test_join_tables_are_keyed_by_the_records_they_link(vault: Vault) -> None:
    joins = _join_tables(vault)
    assert {"person_issue", "one_on_one_issue"} <= joins
    for table in joins:
        key = [name for name, (_, pk) in _columns(vault, table).items() if pk]
        linked = {str(r[3]) for r in vault.connection.execute(
            f"PRAGMA foreign_key_list({table})")}
        assert len(key) >= 2 and set(key) <= linked, table


def test_the_search_index_uses_fts5_secure_delete(vault: Vault) -> None:
    config = dict(vault.connection.execute("SELECT k, v FROM search_index_config").fetchall())
    assert config.get("secure-delete") == 1


def test_each_connection_has_secure_delete_and_foreign_keys_on(vault: Vault) -> None:
    conn = vault.connection
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _stamp(vault: Vault, table: str, row_id: str) -> str:
    row = vault.connection.execute(f"SELECT updated_at FROM {table} WHERE id = ?", (row_id,))
    return str(row.fetchone()[0])


@pytest.mark.parametrize(
    ("table", "change"),
    [("person", "name = 'Ravi K.'"), ("department", "name = 'Infrastructure'"),
     ("person", "notes = notes || ' more'")],
)
def test_updating_a_row_without_setting_updated_at_refreshes_it(
    vault: Vault, table: str, change: str
) -> None:
    row_id = add(vault, "Ravi").id if table == "person" else department(vault, "Infra")
    with vault.transaction() as conn:
        conn.execute(f"UPDATE {table} SET updated_at = '2000-01-01T00:00:00.000Z' WHERE id = ?",
                     (row_id,))
    assert _stamp(vault, table, row_id) == "2000-01-01T00:00:00.000Z"
    before = records.now()
    with vault.transaction() as conn:
        conn.execute(f"UPDATE {table} SET {change} WHERE id = ?", (row_id,))
    refreshed = _stamp(vault, table, row_id)
    assert STAMP.match(refreshed), refreshed
    assert refreshed >= before[:19]


def test_an_updated_at_set_by_the_caller_is_kept(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    with vault.transaction() as conn:
        conn.execute("UPDATE person SET name = 'R', updated_at = '2030-01-01T00:00:00.000Z' "
                     "WHERE id = ?", (ravi.id,))
    assert _stamp(vault, "person", ravi.id) == "2030-01-01T00:00:00.000Z"


def test_the_touch_trigger_changes_only_the_updated_row(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    tom_before = _stamp(vault, "person", tom.id)
    time.sleep(0.005)
    with vault.transaction() as conn:
        conn.execute("UPDATE person SET team = 'Storage' WHERE id = ?", (ravi.id,))
    assert _stamp(vault, "person", tom.id) == tom_before
    assert _stamp(vault, "person", ravi.id) > ravi.updated_at


def test_created_and_updated_at_are_utc_iso_with_milliseconds(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    assert STAMP.match(ravi.created_at) and STAMP.match(ravi.updated_at)
    assert re.fullmatch(r"[0-9a-f]{32}", ravi.id)


def _insert_follow_up(conn: object, person_id: str) -> None:
    stamp = records.now()
    conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO follow_up (id, person_id, due_on, created_at, updated_at) "
        "VALUES (?,?,?,?,?)", (records.new_id(), person_id, "2026-12-01", stamp, stamp))


def test_foreign_keys_are_enforced(vault: Vault) -> None:
    with pytest.raises(sqlcipher3.IntegrityError, match="FOREIGN KEY"):
        _insert_follow_up(vault.connection, "no-such-person")
    assert count(vault, "follow_up") == 0


def test_a_transaction_refused_by_a_foreign_key_saves_nothing(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    with pytest.raises(OrganizerError), vault.transaction() as conn:
        _insert_follow_up(conn, ravi.id)
        _insert_follow_up(conn, "no-such-person")
    assert count(vault, "follow_up") == 0


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO assessment (id, person_id, score, assessed_at, created_at, updated_at) "
        "VALUES ('a', :p, 6, 'x', 'x', 'x')",
        "INSERT INTO assessment (id, person_id, score, assessed_at, basis, created_at, "
        "updated_at) VALUES ('a', :p, 3, 'x', 'gossip', 'x', 'x')",
        "INSERT INTO relationship (id, person_id, other_person_id, created_at, updated_at) "
        "VALUES ('r', :p, :p, 'x', 'x')",
        "INSERT INTO call_attempt (id, person_id, called_at, outcome, created_at, updated_at) "
        "VALUES ('c', :p, 'x', 'hung up', 'x', 'x')",
        "INSERT INTO threshold (id, percent, label, created_at, updated_at) "
        "VALUES ('t', 101, 'x', 'x', 'x')",
    ],
    ids=["score 6", "unknown basis", "self relationship", "unknown outcome", "threshold 101"],
)
def test_check_constraints_refuse_impossible_rows(vault: Vault, sql: str) -> None:
    ravi = add(vault, "Ravi")
    with pytest.raises(sqlcipher3.IntegrityError, match="CHECK"):
        vault.connection.execute(sql, {"p": ravi.id})


def test_deleting_a_department_blanks_it_on_people_instead_of_refusing(vault: Vault) -> None:
    infra = department(vault, "Infra")
    ravi = add(vault, "Ravi", department_id=infra)
    with vault.transaction() as conn:
        conn.execute("DELETE FROM department WHERE id = ?", (infra,))
    row = vault.connection.execute("SELECT department_id FROM person WHERE id = ?", (ravi.id,))
    assert row.fetchone()[0] is None


def test_check_version_refuses_a_vault_from_a_newer_organizer() -> None:
    schema.check_version(schema.SCHEMA_VERSION)
    with pytest.raises(OrganizerError, match="newer version"):
        schema.check_version(schema.SCHEMA_VERSION + 1)
