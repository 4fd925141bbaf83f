"""The OS keychain: only a real one is used, it holds the raw key under a hashed name."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from organizer.core import secrets
from organizer.core.vault import Vault
from tests.conftest import derived_template
from tests.keyring_double import MemoryKeyring

PASSPHRASE = "correct horse battery staple"
CAMPAIGN = "Quillfeather Warehouse Drive"


class LowPriorityKeyring(MemoryKeyring):
    priority = 0.5  # type: ignore[assignment]


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's file backend, which writes secrets in the clear."""


class ForgetfulKeyring(MemoryKeyring):
    """Accepts a secret and then cannot give it back."""

    def get_password(self, service: str, username: str) -> str | None:
        return None


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the keychain daemon went away")


@pytest.fixture(autouse=True)
def restore_keyring() -> Iterator[None]:
    yield
    keyring.set_keyring(keyring.backends.fail.Keyring())


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def vault(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Vault]:
    """A copy of the suite's template vault (tests/conftest.py) named CAMPAIGN, open."""
    template = derived_template(tmp_path_factory, "secrets", lambda vault: None,
                                campaign_name=CAMPAIGN)
    opened = template.open_copy(tmp_path)
    yield opened
    opened.close()


def test_round_trip_stores_the_raw_key_under_a_hashed_name(
    memory: MemoryKeyring, vault: Vault
) -> None:
    assert secrets.keychain_available()
    assert memory.entries == {}  # the probe cleaned up after itself
    secrets.remember_key(vault.path, vault.raw_key)

    [((service, name), stored)] = memory.entries.items()
    assert service == "Organizer"
    assert name == hashlib.sha256(str(vault.path.resolve()).encode()).hexdigest()
    assert str(vault.path) not in name and "campaign" not in name and CAMPAIGN not in name
    assert stored == vault.raw_key and stored.startswith("x'")
    assert PASSPHRASE not in stored
    assert secrets.remembered_key(vault.path) == vault.raw_key

    path = vault.path
    vault.close()
    reopened = Vault.open_with_key(path, secrets.remembered_key(path) or "")
    reopened.close()

    secrets.forget_key(path)
    assert memory.entries == {}
    assert secrets.remembered_key(path) is None
    secrets.forget_key(path)  # forgetting twice is fine


def test_the_name_follows_the_file_not_the_spelling_of_its_path(
    memory: MemoryKeyring, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets.remember_key(vault.path, vault.raw_key)
    monkeypatch.chdir(vault.path.parent)
    assert secrets.remembered_key(Path("campaign.vault")) == vault.raw_key
    assert secrets.remembered_key(vault.path.parent / "other.vault") is None


def test_a_passphrase_can_never_be_stored(memory: MemoryKeyring, vault: Vault) -> None:
    with pytest.raises(ValueError, match="never a passphrase"):
        secrets.remember_key(vault.path, PASSPHRASE)
    assert memory.entries == {}


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), LowPriorityKeyring(), PlaintextKeyring(),
     ForgetfulKeyring(), BrokenKeyring()],
    ids=["fail", "priority-below-1", "plaintext", "round-trip-loses-it", "raises"],
)
def test_no_usable_keychain_means_not_available(backend: keyring.backend.KeyringBackend) -> None:
    keyring.set_keyring(backend)
    assert secrets.keychain_available() is False


def test_a_keyrings_alt_backend_is_refused_even_with_a_high_priority() -> None:
    alt = type("Keyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})()
    keyring.set_keyring(alt)
    assert secrets.keychain_available() is False


def test_failures_are_plain_sentences(vault: Vault) -> None:
    keyring.set_keyring(BrokenKeyring())
    with pytest.raises(secrets.KeychainError, match="You can still unlock with the passphrase"):
        secrets.remember_key(vault.path, vault.raw_key)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert secrets.remembered_key(vault.path) is None
