"""Shared fixtures and builders for the domain tests (people, one-on-ones, search...).

Every test gets its own real SQLCipher vault file in its own tmp_path. Creating a vault costs
two key derivations (~0.4 s), so one vault is made with `Vault.create` per test session and
each test opens a byte-for-byte copy of it with the raw key: same schema, same defaults, same
encryption, a fraction of the time. Nothing here mocks the database.

Import the fixtures into a test module by their function names, e.g.
`from tests.core.domain_fixtures import vault_fixture  # noqa: F401`; tests then ask for
`vault`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from organizer.core import campaign, people
from organizer.core.people import Person
from organizer.core.vault import Vault, derive_raw_key, read_salt

PASSPHRASE = "correct horse battery staple"
CAMPAIGN_NAME = "Test campaign"

_template: dict[str, Any] = {}


def template(factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The session's pristine vault (made with Vault.create) and its raw key."""
    if "path" not in _template or not Path(_template["path"]).exists():
        path = factory.mktemp("domain-template") / "c.vault"
        Vault.create(path, PASSPHRASE, CAMPAIGN_NAME).close()
        _template["path"] = path
        _template["raw_key"] = derive_raw_key(PASSPHRASE, read_salt(path))
    return _template["path"], _template["raw_key"]


def open_new_vault(folder: Path, factory: pytest.TempPathFactory) -> Vault:
    """A fresh vault file `folder/c.vault`, open."""
    source, raw_key = template(factory)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "c.vault"
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return Vault.open_with_key(target, raw_key)


@contextmanager
def scratch_vault(factory: pytest.TempPathFactory, name: str) -> Iterator[Vault]:
    """A vault for a whole hypothesis test (function-scoped fixtures don't mix with @given)."""
    vault = open_new_vault(factory.mktemp(name), factory)
    try:
        yield vault
    finally:
        vault.close()


@pytest.fixture(name="vault")
def vault_fixture(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """A new, empty campaign vault, open; closed (and checkpointed) after the test."""
    vault = open_new_vault(tmp_path / "vault", tmp_path_factory)
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
