"""Who I am to the committee: my two key pairs, my member card and its fingerprint.

Each vault holds one identity: an age X25519 key pair (update files are encrypted to its
public half) and an Ed25519 key pair (update files are signed with its private half). The
private halves live only inside the vault, which is itself encrypted.

A **member card** is the one line of text a member hands to the others (Signal, paper, a USB
stick): their name and both public keys. Anyone could pass off a card under someone else's
name, so the **fingerprint** of the two keys is read aloud and compared in person before a
member is confirmed.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pyrage import RecipientError, x25519

from organizer.core import records
from organizer.core.committee import stamps
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import N_, _

Connection = Any

CARD_PREFIX = "organizer-member"
CARD_VERSION = 1
NAME_MAX_LENGTH = 100

_FINGERPRINT_DOMAIN = b"organizer-fingerprint:1\0"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# Bidirectional embeddings, overrides and isolates reorder how a name is drawn, so a name
# could look like another member's; nobody types them in a name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters, surrogates and line or paragraph separators: a name is one line.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})

_NOT_A_CARD = N_(
    "That is not an Organizer member card: it should be one line starting with "
    "organizer-member:."
)
_INCOMPLETE = N_("The member card is incomplete (a part of it is missing); ask for it again.")
_DAMAGED_NAME = N_(
    "The member card is damaged (its name does not read correctly); ask for it again."
)
_DAMAGED_KEYS = N_(
    "The member card is damaged (its keys do not read correctly); ask for it again."
)


# ----- names and encodings ----------------------------------------------------------------


def _name_problem(name: str) -> str | None:
    """What is wrong with a (stripped) name: "empty", "long", "control", or None."""
    if not name:
        return "empty"
    if len(name) > NAME_MAX_LENGTH:
        return "long"
    if any(
        ch in _BIDI_CONTROLS or unicodedata.category(ch) in _REFUSED_CATEGORIES for ch in name
    ):
        return "control"
    return None


def clean_name(name: str) -> str:
    """A member's name without surrounding spaces, or InvalidInput saying what is wrong."""
    name = name.strip()
    problem = _name_problem(name)
    if problem == "empty":
        raise InvalidInput(_("A committee member needs a name."))
    if problem == "long":
        raise InvalidInput(_(
            "A committee member's name can be at most {n} characters long."
        ).format(n=NAME_MAX_LENGTH))
    if problem == "control":
        raise InvalidInput(_(
            "A committee member's name cannot contain line breaks, tabs or other invisible "
            "control characters."
        ))
    return name


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes | None:
    """Base64url without padding, or None. Only the one canonical spelling of each value is
    accepted, so a card has exactly one line of text."""
    if not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        return None
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return data if _encode(data) == text else None


# ----- fingerprints and signatures ----------------------------------------------------------


def fingerprint(age_public: str, sign_public: bytes) -> str:
    """Twelve groups of five digits over both public keys, to compare in person."""
    digest = hashlib.sha512(
        _FINGERPRINT_DOMAIN + age_public.encode("utf-8") + b"\0" + sign_public
    ).digest()
    groups = (
        int.from_bytes(digest[5 * i : 5 * i + 5], "big") % 100_000 for i in range(12)
    )
    return " ".join(f"{group:05d}" for group in groups)


def verify_signature(sign_public: bytes, signature: bytes, data: bytes) -> bool:
    """Did the holder of `sign_public` sign exactly `data`? False for any bad signature (or
    a key that is not an Ed25519 key): the caller refuses the file either way."""
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


# ----- member cards -----------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCard:
    name: str
    age_public: str  # the age1... recipient
    sign_public: bytes  # the raw 32-byte Ed25519 public key

    def line(self) -> str:
        # The name is base64url so that any character in it (even a colon) leaves the line
        # one unambiguous sequence of fields.
        return ":".join((
            CARD_PREFIX,
            str(CARD_VERSION),
            _encode(self.name.encode("utf-8")),
            self.age_public,
            _encode(self.sign_public),
        ))

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_public, self.sign_public)


def parse_card(text: str) -> MemberCard:
    """The member card in `text` (one line, surrounding spaces ignored), or InvalidInput
    with one sentence saying what is wrong with it."""
    text = text.strip()
    if not text.startswith(CARD_PREFIX + ":") or any(ch.isspace() for ch in text):
        raise InvalidInput(_(_NOT_A_CARD))
    parts = text.split(":")
    version = parts[1]
    if version != str(CARD_VERSION):
        # A newer card may have other fields, so nothing after its version is read.
        if re.fullmatch(r"[1-9][0-9]{0,5}", version) and int(version) > CARD_VERSION:
            raise InvalidInput(_(
                "This member card was made by a newer version of Organizer (card version "
                "{version}); update Organizer to add this member."
            ).format(version=version))
        raise InvalidInput(_(_NOT_A_CARD))
    if len(parts) != 5:
        raise InvalidInput(_(_INCOMPLETE))
    _prefix, _version, name_text, age_public, sign_text = parts
    if not (age_public and sign_text):
        raise InvalidInput(_(_INCOMPLETE))

    name_bytes = _decode(name_text)
    try:
        name = name_bytes.decode("utf-8").strip() if name_bytes is not None else None
    except UnicodeDecodeError:
        name = None
    if name is None:
        raise InvalidInput(_(_DAMAGED_NAME))
    problem = _name_problem(name)
    if problem == "empty":
        raise InvalidInput(
            _("This member card has no name in it; ask the member to make it again.")
        )
    if problem is not None:
        raise InvalidInput(_(
            "The name on this member card is too long or has control characters in it; ask "
            "the member to make it again."
        ))

    sign_public = _decode(sign_text)
    try:
        recipient = x25519.Recipient.from_str(age_public)
        Ed25519PublicKey.from_public_bytes(sign_public or b"")
    except (RecipientError, ValueError):
        recipient = None
    if recipient is None or sign_public is None:
        raise InvalidInput(_(_DAMAGED_KEYS))
    # Bech32 also has an upper-case spelling: one key, one text, one fingerprint.
    return MemberCard(name, str(recipient), sign_public)


# ----- my identity ------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    name: str
    person_id: str | None  # the person record that is me, if I said which
    age_secret: str = field(repr=False)
    age_public: str
    sign_secret: bytes = field(repr=False)
    sign_public: bytes

    def card(self) -> MemberCard:
        return MemberCard(self.name, self.age_public, self.sign_public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_public, self.sign_public)

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_secret).sign(data)

    def age_identity(self) -> Any:
        """The pyrage X25519 identity that decrypts update files sent to me."""
        return x25519.Identity.from_str(self.age_secret)


_IDENTITY_COLUMNS = "name, person_id, age_secret, age_public, sign_secret, sign_public"


# A card is one short line; a bigger file is not a card, and is not read whole.
CARD_FILE_MAX_BYTES = 64 * 1024


def card_line_in(text: str) -> str:
    """The card in pasted text or a file: a saved message may hold it among other lines, so
    the one line that starts like a card is taken; otherwise the text as it is, for
    parse_card to judge."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    cards = [line for line in lines if line.startswith(CARD_PREFIX + ":")]
    if len(cards) > 1:
        raise InvalidInput(
            _("That holds more than one member card; add them one at a time.")
        )
    return cards[0] if cards else text.strip()


def read_card_file(path: Path) -> str:
    """The card line in a card file (or a saved message), or InvalidInput in one sentence."""
    try:
        with path.open("rb") as file:
            data = file.read(CARD_FILE_MAX_BYTES + 1)
    except OSError as error:
        # Translators: {reason} is the system's own words ("permission denied").
        raise InvalidInput(_("Organizer cannot read {path}: {reason}.").format(
            path=path, reason=(error.strerror or _("unreadable")).lower()
        )) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if len(data) > CARD_FILE_MAX_BYTES or not text.strip():
        raise InvalidInput(
            _("{name} does not hold an Organizer member card.").format(name=path.name)
        )
    return card_line_in(text)


def read_identity(conn: Connection) -> Identity | None:
    """`get_identity` on a connection, for use inside a transaction."""
    row = conn.execute(f"SELECT {_IDENTITY_COLUMNS} FROM committee_identity").fetchone()
    if row is None:
        return None
    name, person_id, age_secret, age_public, sign_secret, sign_public = row
    return Identity(
        str(name), person_id, str(age_secret), str(age_public), bytes(sign_secret),
        bytes(sign_public),
    )


def get_identity(vault: Vault) -> Identity | None:
    """This vault's identity, or None before it has joined a committee."""
    return read_identity(vault.connection)


def ensure_identity(vault: Vault, name: str | None = None) -> Identity:
    """This vault's identity, made the first time (then `name` is required), renamed when
    `name` is given and differs."""
    wanted = clean_name(name) if name is not None else None
    with vault.transaction() as conn:
        existing = read_identity(conn)
        if existing is not None:
            if wanted is None or wanted == existing.name:
                return existing
            conn.execute("UPDATE committee_identity SET name = ?", (wanted,))
            return replace(existing, name=wanted)
        if wanted is None:
            raise InvalidInput(_(
                "Give your name the first time you set up your committee identity: it is "
                "how the other members will see you."
            ))
        age = x25519.Identity.generate()
        signing = Ed25519PrivateKey.generate()
        created = Identity(
            name=wanted,
            person_id=None,
            age_secret=str(age),
            age_public=str(age.to_public()),
            sign_secret=signing.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            sign_public=signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )
        conn.execute(
            f"INSERT INTO committee_identity (id, {_IDENTITY_COLUMNS}, created_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            (created.name, created.person_id, created.age_secret, created.age_public,
             created.sign_secret, created.sign_public, records.now()),
        )
        # Copies of one vault file share its device id, the tiebreak of every change stamp:
        # once this copy joins a committee, its stamps must be its own.
        conn.execute("UPDATE replica SET device_id = lower(hex(randomblob(8)))")
        # Everything written down so far was written here, by me. Not stamped: nothing was
        # sent yet, and the first update to each member carries it all.
        with stamps.not_recording():
            for table in ("one_on_one", "assessment", "relationship"):
                conn.execute(
                    f"UPDATE {table} SET recorded_by = ? WHERE recorded_by IS NULL",
                    (created.name,),
                )
        device = conn.execute("SELECT device_id FROM replica").fetchone()[0]
    # The clock this vault's connections share stamps with the new id from now on (once the
    # new id is committed, never before).
    stamps.clock_for(vault.path, str(device))
    return created


def set_my_person(vault: Vault, person_id: str | None) -> Identity:
    """Say which person record is me (None: none of them)."""
    with vault.transaction() as conn:
        me = read_identity(conn)
        if me is None:
            raise InvalidInput(_(
                "Set up your committee identity (your name and keys) before saying which "
                "person is you."
            ))
        if person_id is not None and conn.execute(
            "SELECT 1 FROM person WHERE id = ?", (person_id,)
        ).fetchone() is None:
            raise InvalidInput(_("That person is no longer in the vault; choose another."))
        conn.execute("UPDATE committee_identity SET person_id = ?", (person_id,))
    return replace(me, person_id=person_id)
