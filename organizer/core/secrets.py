"""The opt-in OS keychain for "Remember on this computer": only a real, working keychain.

What is stored is the vault's raw derived key (`x'...'`, see `Vault.raw_key`), never the
passphrase, so the passphrase cannot be read back from the keychain and reused elsewhere.
The entry's user name is a SHA-256 of the vault's resolved path, so a keychain browser shows
neither the campaign's name nor where the vault lives.

Plaintext backends (keyrings.alt's files, "null", "fail") are refused outright: a key written
to a plain file would undo the vault's encryption.
"""

from __future__ import annotations

import hashlib
import secrets as random_tokens
from pathlib import Path
from typing import Any

import keyring

from organizer.core.errors import OrganizerError
from organizer.i18n import _

SERVICE = "Organizer"
_PROBE_PREFIX = "organizer-probe-"

# Modules and class names of backends that keep secrets in the clear or not at all.
_REFUSED_MODULE_PREFIXES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
_REFUSED_NAME_PARTS = ("plaintext", "fail", "null", "uncrypted", "unencrypted", "file")


class KeychainError(OrganizerError):
    """The OS keychain refused to store, read or delete the key."""


def entry_name(vault_path: Path | str) -> str:
    """The keychain user name for a vault: a hash of its resolved path, never the path."""
    resolved = Path(vault_path).expanduser().resolve()
    return hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()


def _backend_is_acceptable(backend: Any) -> bool:
    try:
        if float(backend.priority) < 1:
            return False
    except Exception:
        return False
    kind = type(backend)
    module = kind.__module__ or ""
    if module.startswith(_REFUSED_MODULE_PREFIXES):
        return False
    name = f"{module}.{kind.__qualname__}".lower()
    if any(part in name for part in _REFUSED_NAME_PARTS):
        return False
    if module.startswith("keyring.backends.chainer"):
        # The chainer writes to the first of its backends that accepts: all must be safe.
        inner = list(getattr(backend, "backends", None) or [])
        return bool(inner) and all(_backend_is_acceptable(b) for b in inner)
    return True


def keychain_available() -> bool:
    """True only for a recommended, non-plaintext keychain whose round trip works.

    May block (the OS keychain can ask the user to unlock it): call it off the GUI thread.
    """
    try:
        backend = keyring.get_keyring()
        if not _backend_is_acceptable(backend):
            return False
        probe_name = _PROBE_PREFIX + random_tokens.token_hex(8)
        probe_value = random_tokens.token_hex(16)
        backend.set_password(SERVICE, probe_name, probe_value)
        try:
            read_back = backend.get_password(SERVICE, probe_name)
        finally:
            backend.delete_password(SERVICE, probe_name)
        return bool(read_back == probe_value)
    except Exception:
        # Any failure, of any kind, means "no keychain": the passphrase still works.
        return False


def remember_key(vault_path: Path | str, raw_key: str) -> None:
    """Store a vault's raw key (never a passphrase) in the OS keychain."""
    if not (raw_key.startswith("x'") and raw_key.endswith("'")):
        raise ValueError("only a raw key in x'...' form may be stored, never a passphrase")
    try:
        keyring.get_keyring().set_password(SERVICE, entry_name(vault_path), raw_key)
    except Exception:
        raise KeychainError(_(
            "The keychain on this computer did not accept the key, so it was not remembered. "
            "You can still unlock with the passphrase.")
        ) from None


def remembered_key(vault_path: Path | str) -> str | None:
    """The stored raw key for this vault, or None when none is stored or readable."""
    try:
        value = keyring.get_keyring().get_password(SERVICE, entry_name(vault_path))
    except Exception:
        return None
    return str(value) if value else None


def forget_key(vault_path: Path | str) -> None:
    """Delete the stored key for this vault; doing nothing when none is stored."""
    backend = keyring.get_keyring()
    name = entry_name(vault_path)
    try:
        if backend.get_password(SERVICE, name) is None:
            return
        backend.delete_password(SERVICE, name)
    except Exception:
        raise KeychainError(_(
            "The keychain on this computer did not let Organizer delete the stored key. "
            "Remove the entry named Organizer with your system's keychain app.")
        ) from None
