"""Handing an in-memory database from the standard library's SQLite to SQLCipher: real
connections of both libraries, real images; nothing mocked."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from organizer.core import sqlite_images
from organizer.core.sqlite_images import HandoffUnavailable


def _sqlcipher_memory() -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


@pytest.fixture
def built() -> Iterator[sqlite3.Connection]:
    """A standard-library database in one block of memory, with rows of every kind."""
    seed = sqlite3.connect(":memory:")
    seed.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, score REAL, raw BLOB)")
    seed.execute("CREATE INDEX note_body ON note(body)")
    seed.commit()
    conn = sqlite_images.contiguous_memory_database(seed.serialize())
    seed.close()
    conn.executemany(
        "INSERT INTO note (body, score, raw) VALUES (?, ?, ?)",
        [(f"note {i} é ✊", i / 7, bytes([i % 256]) * 3) for i in range(5000)],
    )
    yield conn
    conn.close()


def test_sqlcipher_reads_the_very_image_the_standard_library_built(
    built: sqlite3.Connection,
) -> None:
    reader = _sqlcipher_memory()
    try:
        size = sqlite_images.hand_over(built, reader)
        expected = built.execute("SELECT id, body, score, raw FROM note ORDER BY id").fetchall()
        assert reader.execute("SELECT id, body, score, raw FROM note ORDER BY id").fetchall() \
            == expected
        assert size == len(built.serialize())
        assert reader.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # Read-only: the memory belongs to the standard library's connection.
        with pytest.raises(sqlcipher3.OperationalError, match="readonly"):
            reader.execute("DELETE FROM note")
    finally:
        reader.close()
    assert built.execute("SELECT count(*) FROM note").fetchone() == (5000,)


def test_sqlcipher_writes_the_handed_image_out_encrypted(
    built: sqlite3.Connection, tmp_path: Path
) -> None:
    target = tmp_path / "out.db"
    reader = _sqlcipher_memory()
    try:
        sqlite_images.hand_over(built, reader)
        reader.execute("ATTACH DATABASE ? AS out KEY ?", (str(target), "a test key"))
        reader.execute("SELECT sqlcipher_export('out')").fetchall()
        reader.execute("DETACH DATABASE out")
    finally:
        reader.close()
    assert not target.read_bytes().startswith(b"SQLite format 3\x00")
    opened = sqlcipher3.connect(str(target))
    try:
        opened.execute("PRAGMA key = 'a test key'")
        assert opened.execute("SELECT count(*), sum(score) FROM note").fetchone() == (
            built.execute("SELECT count(*), sum(score) FROM note").fetchone()
        )
    finally:
        opened.close()


def test_a_database_in_separate_pages_is_not_handed_over() -> None:
    """A plain ':memory:' database keeps its pages apart: there is no one image to share."""
    scattered = sqlite3.connect(":memory:", isolation_level=None)
    scattered.execute("CREATE TABLE t (x)")
    reader = _sqlcipher_memory()
    try:
        with pytest.raises(HandoffUnavailable, match="contiguous"):
            sqlite_images.hand_over(scattered, reader)
    finally:
        reader.close()
        scattered.close()


class _NotAConnection:
    total_changes = 0
    in_transaction = False

    def execute(self, *args: object) -> None:
        return None


def test_only_real_connections_are_trusted_with_a_handle() -> None:
    with pytest.raises(HandoffUnavailable, match="not a connection"):
        sqlite_images.prove_handle(_NotAConnection())

    class Subclassed(sqlite3.Connection):
        pass

    subclassed = sqlite3.connect(":memory:", factory=Subclassed)
    try:
        with pytest.raises(HandoffUnavailable, match="not a connection"):
            sqlite_images.prove_handle(subclassed)
    finally:
        subclassed.close()


def test_a_handle_must_match_its_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check compares the library's change count on the handle with the module's: a
    handle of another connection (here: read from the wrong object) is refused."""
    honest = _sqlcipher_memory()
    other = _sqlcipher_memory()
    try:
        assert sqlite_images.prove_handle(honest) == sqlite_images.prove_handle(honest)
        other_handle = sqlite_images.prove_handle(other)
        real_from_address = sqlite_images.ctypes.c_void_p.from_address

        class WrongPointer:
            value = other_handle

        def from_address(address: int) -> object:
            return WrongPointer() if address == id(honest) + object.__basicsize__ \
                else real_from_address(address)

        monkeypatch.setattr(sqlite_images.ctypes.c_void_p, "from_address", from_address)
        with pytest.raises(HandoffUnavailable, match="did not prove itself"):
            sqlite_images.prove_handle(honest)
    finally:
        honest.close()
        other.close()


def test_a_small_sqlcipher_database_is_copied_out_whole() -> None:
    source = _sqlcipher_memory()
    source.execute("CREATE TABLE t (x TEXT)")
    source.execute("INSERT INTO t VALUES ('kept')")
    image = sqlite_images.serialize(source)
    source.close()
    assert image.startswith(b"SQLite format 3\x00")
    copy = sqlite3.connect(":memory:")
    copy.deserialize(image)
    assert copy.execute("SELECT x FROM t").fetchall() == [("kept",)]
    copy.close()


def test_an_empty_contiguous_database_grows_and_serializes_whole() -> None:
    conn = sqlite_images.contiguous_memory_database()
    try:
        conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)")
        conn.executemany("INSERT INTO t (y) VALUES (?)", [(str(i) * 20,) for i in range(20000)])
        image = conn.serialize()
        assert image.startswith(b"SQLite format 3\x00")
        copy = sqlite3.connect(":memory:")
        copy.deserialize(image)
        assert copy.execute("SELECT count(*), max(x) FROM t").fetchone() == (20000, 20000)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copy.close()
    finally:
        conn.close()
