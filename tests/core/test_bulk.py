"""bulk_load: many rows in one transaction with the triggers' work done set-based at the end.

The yardstick is the per-row path: the same rows inserted with the schema's triggers firing
must leave the same person columns, the same search index and the same schema as a bulk load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from random import Random
from typing import Any

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.core import bulk, chart, conversations, demo, search
from organizer.core.bulk import bulk_load
from organizer.core.conversations import OneOnOne
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, examples
from tests.core.domain_fixtures import add, scratch_vault

STAMP = "2026-01-01T00:00:00.000Z"


# ----- what to compare ------------------------------------------------------------------------


def schema(vault: Vault) -> list[tuple[Any, ...]]:
    """Every schema object as SQLite keeps it, but the root page (a rebuilt index moves)."""
    return list(vault.connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall())


def triggers(vault: Vault) -> list[tuple[Any, ...]]:
    return [row for row in schema(vault) if row[0] == "trigger"]


def derived(vault: Vault) -> list[tuple[Any, ...]]:
    return list(vault.connection.execute(
        "SELECT id, assessment, last_contact_on, next_follow_up_on FROM person ORDER BY id"
    ).fetchall())


def index_rows(vault: Vault) -> list[tuple[Any, ...]]:
    return list(vault.connection.execute(
        "SELECT rowid, kind, record_id, person_id, title, body FROM search_index ORDER BY rowid"
    ).fetchall())


def fts_config(vault: Vault) -> list[tuple[Any, ...]]:
    return list(vault.connection.execute(
        "SELECT k, v FROM search_index_config ORDER BY k").fetchall())


def matches(vault: Vault, query: str) -> list[int]:
    return [r[0] for r in vault.connection.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid", (query,))]


def issue_links(vault: Vault) -> list[tuple[Any, ...]]:
    """Every person_issue link with its copy of the person's department and "has not left"."""
    return list(vault.connection.execute(
        "SELECT person_id, issue_id, person_department_id, person_current FROM person_issue "
        "ORDER BY person_id, issue_id"
    ).fetchall())


def index_ok(vault: Vault) -> None:
    vault.connection.execute(
        "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)")


def same_state(a: Vault, b: Vault) -> None:
    assert derived(a) == derived(b)
    assert issue_links(a) == issue_links(b)
    assert index_rows(a) == index_rows(b)
    assert schema(a) == schema(b)
    assert fts_config(a) == fts_config(b)
    for query in ('"orange"*', '"ask"*', "title: 2026*", '"pear"'):
        assert matches(a, query) == matches(b, query), query
    index_ok(a)
    index_ok(b)


# ----- the same rows, written both ways -------------------------------------------------------

PERSON = ("INSERT INTO person (id, name, code_name, notes, team, job_title, created_at, "
          "updated_at) VALUES (?,?,?,?,?,?,?,?)")
ASSESSMENT = ("INSERT INTO assessment (id, person_id, score, assessed_at, basis, created_at, "
              "updated_at) VALUES (?,?,?,?,?,?,?)")
ONE_ON_ONE = ("INSERT INTO one_on_one (id, person_id, held_on, agitate, ask, notes, created_at, "
              "updated_at) VALUES (?,?,?,?,?,?,?,?)")
FOLLOW_UP = ("INSERT INTO follow_up (id, person_id, due_on, description, done_at, created_at, "
             "updated_at) VALUES (?,?,?,?,?,?,?)")
WORDS = ("orange", "pear", "ask", "rota", "layoffs", "ok", "")


def _person(i: int) -> tuple[Any, ...]:
    return (f"p{i:04d}", f"Person {i} {WORDS[i % 7]}", "" if i % 3 else f"Code{i}",
            WORDS[(i + 1) % 7], "Team", "Job", STAMP, STAMP)


def _rows(rnd: Random, people: int, children: int, first_person: int = 0) -> list[
        tuple[str, tuple[Any, ...]]]:
    """People, then their records in a shuffled order: ties in assessed_at (the rowid breaks
    them), cleared scores, two talks on one day, done and open follow-ups."""
    rows: list[tuple[str, tuple[Any, ...]]] = [
        (PERSON, _person(i)) for i in range(first_person, first_person + people)]
    owners = range(0, first_person + people)
    days = ["2026-01-0" + str(d) for d in range(1, 6)]
    for n in range(children):
        who = f"p{rnd.choice(owners):04d}"
        key = f"{first_person}-{n}"
        kind = rnd.randrange(3)
        if kind == 0:
            score = rnd.choice([None, 1, 2, 3, 4, 5])
            rows.append((ASSESSMENT, (f"a{key}", who, score, rnd.choice(days) + "T10:00:00Z",
                                      "hearsay", STAMP, STAMP)))
        elif kind == 1:
            rows.append((ONE_ON_ONE, (f"o{key}", who, rnd.choice(days), rnd.choice(WORDS),
                                      "Will you ask?", rnd.choice(WORDS), STAMP, STAMP)))
        else:
            done = rnd.choice([None, None, STAMP])
            rows.append((FOLLOW_UP, (f"f{key}", who, rnd.choice(days), rnd.choice(WORDS), done,
                                     STAMP, STAMP)))
    return rows


def _write(conn: Any, rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    for sql, values in rows:
        conn.execute(sql, values)


def _per_row(vault: Vault, rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    with vault.transaction() as conn:
        _write(conn, rows)


@pytest.fixture
def pair(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[
        tuple[Vault, Vault]]:
    """Two new, empty vaults: one written row by row, one in bulk."""
    first = empty_vault_template.open_copy(tmp_path / "per-row")
    second = empty_vault_template.open_copy(tmp_path / "bulk")
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def test_a_bulk_load_leaves_what_the_triggers_would(pair: tuple[Vault, Vault]) -> None:
    per_row, bulk_vault = pair
    before = schema(bulk_vault)
    rows = _rows(Random(1), people=40, children=300)
    _per_row(per_row, rows)
    with bulk_load(bulk_vault) as conn:
        _write(conn, rows)
    assert schema(bulk_vault) == before
    same_state(per_row, bulk_vault)
    assert any(row[1] is not None for row in derived(bulk_vault))
    assert any(row[2] is not None for row in derived(bulk_vault))
    assert any(row[3] is not None for row in derived(bulk_vault))


def test_into_a_vault_with_records_only_the_new_rows_are_indexed_and_recomputed(
    pair: tuple[Vault, Vault],
) -> None:
    per_row, bulk_vault = pair
    rnd = Random(2)
    old = _rows(rnd, people=30, children=120)
    new = _rows(rnd, people=20, children=200, first_person=30)  # also for the old people
    for vault in pair:
        _per_row(vault, old)
    before = schema(bulk_vault)
    _per_row(per_row, new)
    with bulk_load(bulk_vault) as conn:
        _write(conn, new)
    assert schema(bulk_vault) == before
    same_state(per_row, bulk_vault)


@pytest.mark.slow
@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), people=st.integers(1, 12), children=st.integers(0, 60),
       old_people=st.integers(0, 6), old_children=st.integers(0, 20),
       drop_indexes=st.sampled_from([None, True, False]))
def test_any_rows_any_way_match_the_triggers(
    tmp_path_factory: pytest.TempPathFactory, seed: int, people: int, children: int,
    old_people: int, old_children: int, drop_indexes: bool | None,
) -> None:
    rnd = Random(seed)
    old = _rows(rnd, old_people, old_children if old_people else 0)
    new = _rows(rnd, people, children, first_person=old_people)
    with (scratch_vault(tmp_path_factory, "per-row") as per_row,
          scratch_vault(tmp_path_factory, "bulk") as bulk_vault):
        for vault in (per_row, bulk_vault):
            _per_row(vault, old)
        _per_row(per_row, new)
        with bulk_load(bulk_vault.connection, drop_indexes=drop_indexes) as conn:
            _write(conn, new)
        same_state(per_row, bulk_vault)


@pytest.mark.slow
def test_a_demo_campaign_matches_the_one_written_row_by_row(
    pair: tuple[Vault, Vault],
) -> None:
    per_row, bulk_vault = pair
    today = dt.date(2026, 5, 1)
    with per_row.transaction() as conn:  # the generator without bulk_load
        writer = demo._Writer(conn, None, None)
        demo._Campaign(Random(5), demo._Calendar(today), 150, 450).write(writer)
    demo.generate_demo(bulk_vault, people=150, one_on_ones=450, seed=5, today=today)
    same_state(per_row, bulk_vault)
    assert len(index_rows(bulk_vault)) > 600
    # Only updated_at differs: the per-row path stamps a person "updated now" whenever a
    # record changes their columns; the bulk load keeps the generated stamps.
    columns = "id, name, assessment, last_contact_on, next_follow_up_on, created_at"
    sql = f"SELECT {columns} FROM person ORDER BY id"
    assert per_row.connection.execute(sql).fetchall() == \
        bulk_vault.connection.execute(sql).fetchall()
    assert not bulk_vault.connection.execute(
        "SELECT count(*) FROM person WHERE updated_at <> created_at").fetchone()[0]
    # The issues tally: same links, same counts, and every link filled in.
    assert len(issue_links(bulk_vault)) > 100
    assert chart.issues_tally(per_row) == chart.issues_tally(bulk_vault)
    assert not bulk_vault.connection.execute(
        "SELECT count(*) FROM person_issue WHERE person_current IS NULL").fetchone()[0]


# ----- the issues tally's copy on each person_issue link ---------------------------------------

DEPARTMENT = "INSERT INTO department (id, name, created_at, updated_at) VALUES (?,?,?,?)"
WORKER = ("INSERT INTO person (id, name, department_id, left_company_on, created_at, "
          "updated_at) VALUES (?,?,?,?,?,?)")
ISSUE = "INSERT INTO workplace_issue (id, name, created_at, updated_at) VALUES (?,?,?,?)"
LINK = "INSERT INTO person_issue (person_id, issue_id) VALUES (?,?)"


def _workers(first: int, last: int) -> list[tuple[str, tuple[Any, ...]]]:
    """Workers w<first>..w<last - 1>: every third in Support, every fourth with no
    department, every fifth gone since October."""
    rows = []
    for i in range(first, last):
        dept = None if i % 4 == 0 else "support" if i % 3 == 0 else "infra"
        left = "2026-10-01" if i % 5 == 0 else None
        rows.append((WORKER, (f"w{i:02d}", f"Worker {i}", dept, left, STAMP, STAMP)))
    return rows


def _links(workers: range, issue: str) -> list[tuple[str, tuple[Any, ...]]]:
    return [(LINK, (f"w{i:02d}", issue)) for i in workers]


def by_department(vault: Vault) -> dict[str, dict[str | None, int]]:
    return {i.name: i.by_department for i in chart.issues_tally(vault).issues}


def test_issue_links_loaded_in_bulk_carry_their_persons_department(
    pair: tuple[Vault, Vault],
) -> None:
    per_row, bulk_vault = pair
    lists = [(DEPARTMENT, (d, d.title(), STAMP, STAMP)) for d in ("infra", "support")]
    issues = [(ISSUE, (i, i.title(), STAMP, STAMP)) for i in ("pay", "rto")]
    old = lists + issues + _workers(0, 10) + _links(range(0, 10, 2), "pay")
    # New workers with links, and new links for workers who were already there.
    new = _workers(10, 20) + _links(range(10, 20), "pay") + _links(range(0, 20, 3), "rto")
    for vault in pair:
        _per_row(vault, old)
    _per_row(per_row, new)
    with bulk_load(bulk_vault) as conn:
        _write(conn, new)
    same_state(per_row, bulk_vault)
    # By hand. Pay: w02 w04 w06 w08 w11..w14 w16..w19 (w00 w10 w15 are gone), of whom w04
    # w08 w12 w16 have no department and w06 w18 are in Support. RTO: w03 w06 w09 w12 w18
    # (w00 w15 are gone), w12 with no department, the rest in Support.
    assert by_department(bulk_vault) == {
        "Pay": {None: 4, "infra": 6, "support": 2},
        "Rto": {None: 1, "support": 4},
    }


def test_issue_links_into_an_empty_vault_with_the_indexes_dropped(vault: Vault) -> None:
    lists = [(DEPARTMENT, (d, d.title(), STAMP, STAMP)) for d in ("infra", "support")]
    issues = [(ISSUE, ("pay", "Pay", STAMP, STAMP))]
    with bulk_load(vault, drop_indexes=True) as conn:
        _write(conn, lists + issues + _workers(0, 12) + _links(range(12), "pay"))
    # w00 w05 w10 are gone; w04 w08 have no department; w03 w06 w09 are in Support.
    assert by_department(vault) == {"Pay": {None: 2, "infra": 4, "support": 3}}
    assert vault.connection.execute(
        "SELECT count(*) FROM person_issue WHERE person_current = 0").fetchone()[0] == 3


# ----- triggers and indexes come back, whatever happens ---------------------------------------


def test_triggers_and_indexes_are_back_and_work_after_a_load(vault: Vault) -> None:
    before = schema(vault)
    config = fts_config(vault)
    with bulk_load(vault) as conn:
        _write(conn, _rows(Random(3), people=5, children=10))
        # Inside, the triggers (and, in an empty vault, the indexes) are gone.
        assert not conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]
        assert not conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchone()[0]
    assert schema(vault) == before
    assert fts_config(vault) == config
    # The per-row path works again: a new one-on-one moves last contact and is found.
    person = add(vault, "Zelda Quist")
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=person.id, held_on="2026-02-03", agitate="Kumquat trouble"))
    assert vault.connection.execute(
        "SELECT last_contact_on FROM person WHERE id = ?", (person.id,)).fetchone()[0] == \
        "2026-02-03"
    assert [h.person for h in search.search(vault, "kumquat")] == ["Zelda Quist"]


def test_indexes_are_kept_when_the_vault_has_records(vault: Vault) -> None:
    _per_row(vault, _rows(Random(4), people=3, children=3))
    with bulk_load(vault) as conn:
        assert conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'one_on_one_person'"
        ).fetchone()[0] == 1


def _fails(vault: Vault, where: str, monkeypatch: pytest.MonkeyPatch, first: int) -> None:
    class Boom(Exception):
        pass

    if where == "while finishing":
        def fail(*args: object, **kwargs: object) -> None:
            raise Boom()
        monkeypatch.setattr(search, "index_records", fail)
    with pytest.raises(Boom), bulk_load(vault) as conn:
        _write(conn, _rows(Random(6), people=10, children=40, first_person=first))
        if where == "in the block":
            raise Boom()


@pytest.mark.parametrize("where", ["in the block", "while finishing"])
@pytest.mark.parametrize("with_records", [False, True], ids=["empty vault", "with records"])
def test_a_failure_rolls_everything_back_and_keeps_the_triggers(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, where: str, with_records: bool
) -> None:
    if with_records:
        _per_row(vault, _rows(Random(7), people=4, children=8))
    before = (schema(vault), derived(vault), index_rows(vault), fts_config(vault))
    _fails(vault, where, monkeypatch, first=4 if with_records else 0)
    assert not vault.connection.in_transaction
    assert (schema(vault), derived(vault), index_rows(vault), fts_config(vault)) == before
    assert len(triggers(vault)) > 20
    index_ok(vault)


def test_a_constraint_error_comes_translated_for_a_vault(vault: Vault) -> None:
    before = schema(vault)
    with pytest.raises(InvalidInput), bulk_load(vault) as conn:
        conn.execute(ONE_ON_ONE, ("o1", "nobody", "2026-01-01", "", "", "", STAMP, STAMP))
    assert schema(vault) == before


def test_on_a_bare_connection_it_commits_or_rolls_back_itself(vault: Vault) -> None:
    conn = vault.connection
    with bulk_load(conn) as same:
        assert same is conn and conn.in_transaction
        _write(conn, _rows(Random(8), people=2, children=2))
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 2
    with pytest.raises(sqlcipher3.IntegrityError), bulk_load(conn):
        conn.execute(PERSON, _person(0))  # the same id again
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 2


def test_inside_a_transaction_it_is_a_savepoint(vault: Vault) -> None:
    before = schema(vault)
    with vault.transaction() as conn:
        conn.execute(PERSON, _person(1))
        with pytest.raises(RuntimeError), bulk_load(vault):
            conn.execute(PERSON, _person(2))
            raise RuntimeError("stop")
        assert conn.in_transaction
        assert schema(vault) == before
        with bulk_load(conn):
            conn.execute(PERSON, _person(3))
        assert conn.in_transaction
    assert [row[0] for row in derived(vault)] == ["p0001", "p0003"]
    assert schema(vault) == before
    assert len(index_rows(vault)) == 2


def test_names_that_need_quoting_survive(vault: Vault) -> None:
    conn = vault.connection
    conn.execute('CREATE TRIGGER "odd ""name""" AFTER INSERT ON draft BEGIN SELECT 1; END')
    before = schema(vault)
    with bulk_load(vault):
        pass
    assert schema(vault) == before


def test_the_schema_objects_it_saves(vault: Vault) -> None:
    names = [name for name, _ in bulk.schema_objects(vault.connection, "trigger")]
    assert "person_search_insert" in names and "assessment_sets_current" in names
    indexes = [name for name, _ in bulk.schema_objects(vault.connection, "index")]
    assert "one_on_one_person" in indexes
    assert not [name for name in indexes if name.startswith("sqlite_autoindex")]
