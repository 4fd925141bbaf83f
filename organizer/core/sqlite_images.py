"""Handing a whole in-memory database from the standard library's SQLite to SQLCipher.

Why: a restore builds the new vault where the backup's plaintext already is, in an in-memory
database of the standard library's `sqlite3`, whose allocations are plain `malloc`s. Built in
SQLCipher instead, every one of its millions of allocations would be `mlock`ed and its free
wiped and `munlock`ed (cipher_memory_security, on for every vault connection): measured at
100,000 people, the same restore took 98-175 s that way and about 46 s this way. SQLCipher
then only writes the finished database out, encrypted (`sqlcipher_export`). What this gives
up, knowingly: the indexes and search index built from the backup sit, like the decrypted
backup they are built from (which the backup format puts in such memory anyway), in memory
that is neither locked against swapping nor wiped when freed. The vault's own connections
keep memory security on, and nothing reaches the disk unencrypted.

Neither Python module offers the two calls this needs: `sqlcipher3` has no `deserialize`,
and the standard library's `serialize` always copies (a second gigabyte at that size). So
they are made here through `ctypes`, on the documented C API of the very libraries the two
modules loaded: ``sqlite3_serialize(..., SQLITE_SERIALIZE_NOCOPY)`` on the standard library's
side and ``sqlite3_deserialize(..., SQLITE_DESERIALIZE_READONLY)`` on SQLCipher's, so both
connections read the same memory and nothing is copied.

Safety. A connection's ``sqlite3 *`` is the first field after the object header, in CPython's
`sqlite3` and in `sqlcipher3` alike (pysqlite's layout since 2004). Before a handle is used it
must prove itself: the library's own count of changes made through it and its transaction
state must match what the Python module reports, after a change count no other handle has.
A missing symbol, a library without the feature, or a handle that fails that check raises
`HandoffUnavailable`, and the caller takes its slower path; nothing is guessed. The
SQLCipher connection only reads the image, and it must be closed before the connection that
owns the memory.
"""

from __future__ import annotations

import ctypes
import functools
import secrets
import sqlite3
from types import ModuleType
from typing import Any

import sqlcipher3

# From sqlite3.h.
_SERIALIZE_NOCOPY = 0x001
_DESERIALIZE_READONLY = 0x004


class HandoffUnavailable(RuntimeError):
    """This build of Python or SQLCipher cannot hand an image over without copying."""


@functools.cache
def _library(module_name: str) -> Any:
    """The C library behind a `sqlite3`-like extension module, with the calls used here."""
    module = _stdlib_module() if module_name == "stdlib" else sqlcipher3._sqlite3
    try:
        library = ctypes.CDLL(module.__file__)
        library.sqlite3_serialize.restype = ctypes.c_void_p
        library.sqlite3_serialize.argtypes = [
            ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int64), ctypes.c_uint,
        ]
        library.sqlite3_deserialize.restype = ctypes.c_int
        library.sqlite3_deserialize.argtypes = [
            ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
            ctypes.c_uint,
        ]
        library.sqlite3_free.restype = None
        library.sqlite3_free.argtypes = [ctypes.c_void_p]
        library.sqlite3_total_changes64.restype = ctypes.c_int64
        library.sqlite3_total_changes64.argtypes = [ctypes.c_void_p]
        library.sqlite3_get_autocommit.restype = ctypes.c_int
        library.sqlite3_get_autocommit.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError, TypeError) as error:
        raise HandoffUnavailable(f"{module.__name__}: {error}") from None
    return library


def _stdlib_module() -> ModuleType:
    import _sqlite3  # the extension module behind `sqlite3`

    return _sqlite3


def _library_for(conn: Any) -> Any:
    if type(conn) is sqlite3.Connection:
        return _library("stdlib")
    if type(conn) is sqlcipher3.Connection:
        return _library("sqlcipher")
    raise HandoffUnavailable(f"not a connection object: {type(conn).__name__}")


def check_available() -> None:
    """Raise HandoffUnavailable unless both libraries offer every call used here."""
    _library("stdlib")
    _library("sqlcipher")


def prove_handle(conn: Any) -> int:
    """The connection's ``sqlite3 *``, after it proved to be that connection's handle.

    Call it on a connection in autocommit mode; it writes to a throwaway TEMP table (every
    connection here keeps temp_store in memory)."""
    library = _library_for(conn)
    handle = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    if not handle:
        raise HandoffUnavailable("the connection has no open database")
    # A change count of its own: a number of rows no other handle has just written.
    rows = 1000 + secrets.randbelow(9000)
    conn.execute("CREATE TEMP TABLE handoff_check (n)")
    conn.execute(
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ?) "
        "INSERT INTO temp.handoff_check SELECT n FROM c",
        (rows,),
    )
    conn.execute("DROP TABLE temp.handoff_check")
    same_changes = library.sqlite3_total_changes64(handle) == conn.total_changes
    same_state = bool(library.sqlite3_get_autocommit(handle)) == (not conn.in_transaction)
    if not (same_changes and same_state and conn.total_changes >= rows):
        raise HandoffUnavailable("the connection's handle did not prove itself")
    return int(handle)


def hand_over(source: sqlite3.Connection, target: Any) -> int:
    """Make `target`'s (SQLCipher) main database, read-only, the very memory of `source`'s
    (standard library) main database; returns its size in bytes.

    `source` must hold one contiguous image (`contiguous_memory_database`) and must not be
    written to, or closed, before `target` is closed."""
    size = ctypes.c_int64()
    view = _library_for(source).sqlite3_serialize(
        prove_handle(source), b"main", ctypes.byref(size), _SERIALIZE_NOCOPY
    )
    if not view:  # only a deserialized (memdb) database is one block of memory
        raise HandoffUnavailable("the source is not one contiguous in-memory image")
    result = _library_for(target).sqlite3_deserialize(
        prove_handle(target), b"main", view, size.value, size.value, _DESERIALIZE_READONLY
    )
    if result != 0:
        raise HandoffUnavailable(f"sqlite3_deserialize returned {result}")
    return int(size.value)


def contiguous_memory_database(image: bytes | None = None) -> sqlite3.Connection:
    """A standard-library connection whose main database is a copy of `image` (by default
    an empty database) in one growable block of memory, for building on.

    Such a database is what `hand_over` can hand over, and its `serialize()` is one copy of
    that block (0.3 s for 400 MB) where a plain ':memory:' database gathers its pages one by
    one (2.9 s for the same 400 MB, measured)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.deserialize(_empty_image() if image is None else image)
    return conn


@functools.cache
def _empty_image() -> bytes:
    """An empty database, one page long (`deserialize` refuses zero bytes)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("CREATE TABLE placeholder (x)")
        conn.execute("DROP TABLE placeholder")
        conn.execute("VACUUM")
        return conn.serialize()
    finally:
        conn.close()


def serialize(conn: Any) -> bytes:
    """A copy of a small, unencrypted, in-memory SQLCipher (or standard library) database."""
    library = _library_for(conn)
    size = ctypes.c_int64()
    data = library.sqlite3_serialize(prove_handle(conn), b"main", ctypes.byref(size), 0)
    if not data:
        raise HandoffUnavailable("sqlite3_serialize returned nothing")
    try:
        return ctypes.string_at(data, size.value)
    finally:
        library.sqlite3_free(data)
