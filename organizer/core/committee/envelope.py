"""The outside of an update file: age encryption to one member, and the sender's signature.

On disk an update file is an age v1 file with one X25519 recipient (pyrage). Its plaintext:

    organizer-update\n            the magic line
    1\n                           the envelope version
    sender's Ed25519 key          32 bytes
    signature                     64 bytes
    database                      the rest: a standard SQLite database (see docs/)

The signature covers the magic, the version, the sender's key, the recipient's age key and
the database: a file cannot be re-encrypted to someone else, or claimed by another sender,
without it failing. It is checked before anything in the database is read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyrage

from organizer.core.committee.identity import Identity, verify_signature
from organizer.core.errors import OrganizerError
from organizer.i18n import N_, _

MAGIC = b"organizer-update\n"
ENVELOPE_VERSION = b"1\n"
_AGE_MAGIC = b"age-encryption.org/v1\n"
_KEY = 32
_SIGNATURE = 64


class UpdateRefused(OrganizerError):
    """An update file that is not applied; the message says why in one sentence."""


class NotAnUpdate(UpdateRefused):
    pass


class UpdateDamaged(UpdateRefused):
    pass


class UpdateNotForMe(UpdateRefused):
    pass


class UpdateTooNew(UpdateRefused):
    pass


class UpdateFromStranger(UpdateRefused):
    pass


class BadSignature(UpdateRefused):
    pass


# Translators: {name} is a file name, in every one of these.
NOT_AN_UPDATE = N_("{name} is not an Organizer update file.")
_A_BACKUP = N_(
    "{name} is an Organizer backup, not an update file: restore it from Backups instead."
)
_DAMAGED = N_(
    "{name} is damaged (cut short or changed on the way), so nothing was applied; ask for "
    "it again."
)
_NOT_FOR_ME = N_(
    "{name} was written for another committee member, not for you, so it cannot be read."
)
TOO_NEW = N_(
    "{name} was written by a newer version of Organizer; update Organizer to read it."
)


def _signed_part(sender_key: bytes, recipient_age: str, database: bytes) -> bytes:
    return b"".join(
        (MAGIC, ENVELOPE_VERSION, sender_key, b"\0", recipient_age.encode(), b"\0", database)
    )


def seal(database: bytes, sender: Identity, recipient_age: str) -> bytes:
    """Sign `database` as `sender` and encrypt it to `recipient_age` (an age1... key)."""
    signature = sender.sign(_signed_part(sender.sign_public, recipient_age, database))
    plaintext = b"".join((MAGIC, ENVELOPE_VERSION, sender.sign_public, signature, database))
    return bytes(pyrage.encrypt(plaintext, [pyrage.x25519.Recipient.from_str(recipient_age)]))


@dataclass(frozen=True)
class Opened:
    sender_key: bytes
    signature: bytes
    database: bytes

    def signed_by(self, recipient_age: str) -> bool:
        """Is the signature the sender's, over this database, for this recipient?"""
        return verify_signature(
            self.sender_key,
            self.signature,
            _signed_part(self.sender_key, recipient_age, self.database),
        )


def open_sealed(data: bytes, me: Identity, name: str) -> Opened:
    """Decrypt an update file with my key; the signature is checked by the caller, once it
    has found the sender on the roster (`Opened.signed_by`)."""
    if not data.startswith(_AGE_MAGIC):
        raise NotAnUpdate(_(NOT_AN_UPDATE).format(name=name))
    header = data[: data.find(b"\n---")] if b"\n---" in data else data[:4096]
    stanzas = {line.split(b" ")[1] for line in header.split(b"\n") if line.startswith(b"-> ")
               and len(line.split(b" ")) > 1}
    # (age writers add "grease" stanzas of made-up types, so only scrypt is telling.)
    if b"scrypt" in stanzas:
        raise NotAnUpdate(_(_A_BACKUP).format(name=name))
    try:
        plaintext = pyrage.decrypt(data, [me.age_identity()])
    except pyrage.DecryptError as error:
        # pyrage has no error codes: this sentence is the one age gives when no recipient
        # stanza opens with my key.
        if "No matching keys" in str(error):
            raise UpdateNotForMe(_(_NOT_FOR_ME).format(name=name)) from None
        raise UpdateDamaged(_(_DAMAGED).format(name=name)) from None
    head = len(MAGIC) + len(ENVELOPE_VERSION)
    if not plaintext.startswith(MAGIC):
        raise NotAnUpdate(_(NOT_AN_UPDATE).format(name=name))
    if plaintext[len(MAGIC):head] != ENVELOPE_VERSION:
        raise UpdateTooNew(_(TOO_NEW).format(name=name))
    if len(plaintext) < head + _KEY + _SIGNATURE:
        raise UpdateDamaged(_(_DAMAGED).format(name=name))
    return Opened(
        sender_key=plaintext[head: head + _KEY],
        signature=plaintext[head + _KEY: head + _KEY + _SIGNATURE],
        database=plaintext[head + _KEY + _SIGNATURE:],
    )
