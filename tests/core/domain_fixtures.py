"""Shared fixtures and builders for the domain tests (people, one-on-ones, search...).

Every test gets its own real SQLCipher vault file in its own tmp_path: the `vault` fixture of
tests/conftest.py, a byte-for-byte copy of one vault made per session with `Vault.create`,
opened with its raw key. Nothing here mocks the database.

Import the fixtures here into a test module by their function names, e.g.
`from tests.core.domain_fixtures import oc_member_fixture  # noqa: F401`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from organizer.core import campaign, people
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.conftest import CAMPAIGN_NAME as CAMPAIGN_NAME
from tests.conftest import PASSPHRASE as PASSPHRASE
from tests.conftest import session_template


@contextmanager
def scratch_vault(factory: pytest.TempPathFactory, name: str) -> Iterator[Vault]:
    """A vault for a whole hypothesis test (function-scoped fixtures don't mix with @given):
    a copy of the session's template vault (tests/conftest.py), open."""
    vault = session_template(factory).open_copy(factory.mktemp(name), "c.vault")
    try:
        yield vault
    finally:
        vault.close()


@pytest.fixture(name="oc_member")
def oc_member_fixture(vault: Vault) -> Person:
    """Maya, an organizing-committee member."""
    return people.add_person(vault, Person(name="Maya Okafor", is_oc_member=True))


# ----- builders -----------------------------------------------------------------------------


def add(vault: Vault, name: str, **fields: Any) -> Person:
    """Save a person with these fields and return them as read back."""
    return people.add_person(vault, Person(name=name, **fields))


def add_oc(vault: Vault, name: str, **fields: Any) -> Person:
    return add(vault, name, is_oc_member=True, **fields)


def department(vault: Vault, name: str) -> str:
    return campaign.add_list_entry(vault, "department", name).id


def shift(vault: Vault, name: str) -> str:
    return campaign.add_list_entry(vault, "shift", name).id


def site(vault: Vault, name: str) -> str:
    return campaign.add_list_entry(vault, "site", name).id


def count(vault: Vault, table: str, where: str = "1", params: tuple[object, ...] = ()) -> int:
    """Rows in `table` matching `where`, read straight from SQL (not through the module)."""
    row = vault.connection.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)
    return int(row.fetchone()[0])


def table_counts(vault: Vault) -> dict[str, int]:
    """Rows in every ordinary table: to prove a refused action saved nothing."""
    names = [
        str(r[0])
        for r in vault.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE "
            "VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%'"
        )
    ]
    return {name: count(vault, name) for name in names}


# ----- looking inside the encrypted file ----------------------------------------------------

SQLCIPHER_PAGE = 4096
_SALT, _IV, _HMAC = 16, 16, 64


def decrypted_pages(path: Path, raw_key: str) -> list[bytes]:
    """Every page of an SQLCipher 4 file, HMAC-checked and decrypted, read independently of
    SQLCipher from the published format (AES-256-CBC, HMAC-SHA512, 4096-byte pages)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    data = path.read_bytes()
    assert len(data) % SQLCIPHER_PAGE == 0
    key = bytes.fromhex(raw_key[2:-1])[:32]
    hmac_key = hashlib.pbkdf2_hmac("sha512", key, bytes(b ^ 0x3A for b in data[:_SALT]), 2, 32)
    pages = []
    for index in range(len(data) // SQLCIPHER_PAGE):
        number = index + 1
        page = data[index * SQLCIPHER_PAGE : number * SQLCIPHER_PAGE]
        body = page[_SALT if number == 1 else 0 : SQLCIPHER_PAGE - _IV - _HMAC]
        iv = page[SQLCIPHER_PAGE - _IV - _HMAC : SQLCIPHER_PAGE - _HMAC]
        mac = hmac.new(hmac_key, body + iv + number.to_bytes(4, "little"), "sha512").digest()
        assert hmac.compare_digest(mac, page[SQLCIPHER_PAGE - _HMAC :]), f"page {number} HMAC"
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(body) + decryptor.finalize())
    return pages


def marker_forms(marker: str) -> list[bytes]:
    """How a word can sit in a page: as typed, lower-cased by the FTS5 tokenizer, UTF-16."""
    forms = {marker.encode(), marker.lower().encode(), marker.encode("utf-16-le"),
             marker.encode("utf-16-be")}
    return sorted(forms)


def pages_containing(pages: list[bytes], marker: str) -> list[int]:
    forms = marker_forms(marker)
    return [n for n, page in enumerate(pages, 1) if any(f in page for f in forms)]
