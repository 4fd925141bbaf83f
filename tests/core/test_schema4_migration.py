"""Schema 4 (tags, import records, saved views) on a vault made and filled by the Organizer
before it (schema 3): opening upgrades it in place, keeps every row of every table, passes
the vault's check, ends with exactly the schema of a vault made new, and works from then on,
with the committee too."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

from organizer.core import bulk, demo, imports, people, saved_views, schema, tags, workplace_issues
from organizer.core.committee import identity, roster
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from tests.conftest import PASSPHRASE, VaultTemplate, exchange

_NEW_TABLES = {"tag", "person_tag", "import_record", "import_person", "saved_view",
               "printed_copy"}


@contextmanager
def organizer_of_schema_3() -> Iterator[None]:
    """Inside: this Organizer knows only schema versions up to 3, as the last release did."""
    with pytest.MonkeyPatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        old.setattr(schema, "SCHEMA_VERSION", 3)
        # Schema 5's stored sort key did not exist yet.
        old.setattr(bulk, "_FILL_SORT_NAME", "SELECT 1")
        yield


def _card(name: str) -> str:
    """A member card with fresh keys, for a member whose vault this test never opens."""
    sign = Ed25519PrivateKey.generate().public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)
    return identity.MemberCard(name, str(x25519.Identity.generate().to_public()), sign).line()


def _fill(vault: Vault) -> dict[str, str]:
    """A believable campaign (every kind of record the demo makes), then a committee and
    some stamped edits, links and an erasure, as a schema-3 Organizer writes them."""
    demo.generate_demo(vault, people=25, seed=4, one_on_ones=60)
    identity.ensure_identity(vault, "Ana")
    roster.add_member(vault, _card("Ben"))
    ids = [str(r[0]) for r in vault.connection.execute("SELECT id FROM person ORDER BY name, id")]
    edited = people.get_person(vault, ids[0])
    edited.notes = "Edited at schema 3"
    people.update_person(vault, edited)
    people.delete_person(vault, ids[1])
    workplace_issues.add_named_issue_to_people(vault, ids[2:5], "Night pay")
    identity.set_my_person(vault, ids[5])
    return {"edited": ids[0], "erased": ids[1], "other": ids[6]}


@dataclass(frozen=True)
class OldVault:
    path: Path
    raw_key: str
    ids: dict[str, str]

    def copy_to(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "old.vault"
        shutil.copyfile(self.path, target)
        os.chmod(target, 0o600)
        return target


@pytest.fixture(scope="module")
def schema_3_vault(tmp_path_factory: pytest.TempPathFactory) -> OldVault:
    """Made once per module by an Organizer of schema 3, closed; tests take copies."""
    path = tmp_path_factory.mktemp("schema3") / "old.vault"
    with organizer_of_schema_3():
        vault = Vault.create(path, PASSPHRASE, "Old campaign")
        try:
            assert vault.connection.execute("PRAGMA user_version").fetchone()[0] == 3
            ids = _fill(vault)
            raw_key = vault.raw_key
        finally:
            vault.close()
    return OldVault(path, raw_key, ids)


def _everything(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the search index and its own tables included)."""
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    found = {}
    for name in names:
        columns = "rowid, *" if name == "search_index" else "*"
        found[name] = sorted(conn.execute(f"SELECT {columns} FROM {name}").fetchall(), key=repr)
    return found


def _read(path: Path, raw_key: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.set_key(raw_key)
        return _everything(conn)
    finally:
        conn.close()


def _schema(conn: Any) -> set[tuple[str, str, str, str]]:
    return {
        (str(t), str(n), str(tbl), str(sql)) for t, n, tbl, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    }


def test_a_schema_3_vault_is_upgraded_in_place_and_keeps_every_row(
    schema_3_vault: OldVault, tmp_path: Path, vault: Vault
) -> None:
    path = schema_3_vault.copy_to(tmp_path / "old")
    before = _read(path, schema_3_vault.raw_key)
    assert _NEW_TABLES.isdisjoint(before)
    assert len(before["person"]) == 24 and before["field_stamp"] and before["tombstone"]

    with Vault.open_with_key(path, schema_3_vault.raw_key) as upgraded:
        conn = upgraded.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert not upgraded.needs_upgrade
        report = upgraded.check()
        assert report.ok, report.problems
        assert report.counts["people"] == 24 and report.counts["tombstones"] == 1
        after = _everything(conn)
        # Schema 5 adds each person's sort key as a last column, and changes nothing else.
        assert {row[-1] for row in after["person"]} == {
            people.collation_key(row[2] or row[1]) for row in before["person"]}
        after["person"] = sorted((row[:-1] for row in after["person"]), key=repr)
        for table, rows in before.items():
            assert after[table] == rows, f"{table} changed"
        assert {t: after[t] for t in _NEW_TABLES} == {t: [] for t in _NEW_TABLES}
        # Exactly the tables, indexes and triggers of a vault made new today.
        assert _schema(conn) == _schema(vault.connection)
    assert sorted(p.name for p in path.parent.iterdir()) == ["old.vault"], (
        "the migration's safety copy is gone")


def test_the_upgraded_vault_tags_records_saves_and_exchanges(
    schema_3_vault: OldVault, tmp_path: Path, empty_vault_template: VaultTemplate
) -> None:
    path = schema_3_vault.copy_to(tmp_path / "old")
    ids = schema_3_vault.ids
    ana = Vault.open_with_key(path, schema_3_vault.raw_key)
    cy = empty_vault_template.open_copy(tmp_path / "cy")
    try:
        roster.remove_member(ana, "Ben")  # made up at schema 3: no vault to send to
        roster.add_member(cy, identity.ensure_identity(ana).card().line())
        roster.add_member(ana, identity.ensure_identity(cy, "Cy").card().line())
        signed = tags.add_tag(ana, "card signed")
        assert tags.add_tags(ana, [ids["edited"], ids["other"]], [signed.id]) == 2
        with ana.transaction() as conn:
            imports.record_import(conn, "/home/ana/sheet.csv", [], merged=0)
        assert [r.file_name for r in imports.list_imports(ana)] == ["sheet.csv"]
        view = saved_views.save_view(ana, "Signed", PeopleFilter(current_only=True))
        assert saved_views.get_view(ana, view.id).people_filter.current_only

        files = tmp_path / "files"
        exchange(ana, cy, files)
        assert tags.people_with_tags(cy, [signed.id]) == sorted([ids["edited"], ids["other"]])
        assert people.get_person(cy, ids["edited"]).notes == "Edited at schema 3"
        tags.add_tags(cy, [ids["other"]], [tags.add_tag(cy, "night driver").id])
        tags.remove_tags(cy, [ids["edited"]], [signed.id])
        exchange(cy, ana, files)
        assert tags.tag_names_by_person(ana, [ids["edited"], ids["other"]]) == {
            ids["other"]: ["card signed", "night driver"]}
        assert ana.check().ok
    finally:
        ana.close()
        cy.close()
