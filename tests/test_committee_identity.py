"""My committee identity: member cards, fingerprints, signatures and the keys in the vault."""

from __future__ import annotations

import re
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519

from organizer.core import campaign, people
from organizer.core.committee.identity import (
    MemberCard,
    ensure_identity,
    fingerprint,
    get_identity,
    parse_card,
    set_my_person,
    verify_signature,
)
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, examples

# Fixed keys, so the fingerprint below is pinned: an age public key, and the Ed25519 public key
# whose private key is the bytes 0..31.
AGE_PUBLIC = "age15t09s92y38fxwyfx48t83szm64nfuk8k0tqxhy8cslcs4scvpy5q80pf26"
SIGN_PUBLIC = bytes.fromhex("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")
PINNED_FINGERPRINT = (
    "31416 02003 67905 46429 27486 41600 86555 56676 06539 99834 52637 50147"
)
FINGERPRINT_SHAPE = re.compile(r"\d{5}( \d{5}){11}")


def new_keys() -> tuple[str, bytes]:
    """A fresh (age public key, Ed25519 public key) pair."""
    age = x25519.Identity.generate()
    sign = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return str(age.to_public()), sign


KEY_PAIRS = [new_keys() for _ in range(3)]
CARD = MemberCard("Ann Lee", AGE_PUBLIC, SIGN_PUBLIC)


def with_field(line: str, index: int, value: str) -> str:
    parts = line.split(":")
    parts[index] = value
    return ":".join(parts)


def refusal(text: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_card(text)
    return str(caught.value)


# ----- member cards -------------------------------------------------------------------------

# Names as people write them: any printable text, one line, no invisible controls.
NAMES = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\u202a\u202b"
                  "\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    min_size=1, max_size=100,
).filter(lambda name: name == name.strip() and name != "")


@settings(max_examples=examples(50))
@given(name=NAMES, keys=st.sampled_from(KEY_PAIRS))
def test_a_card_line_round_trips(name: str, keys: tuple[str, bytes]) -> None:
    card = MemberCard(name, *keys)
    line = card.line()
    assert line.startswith("organizer-member:1:")
    assert "\n" not in line and " " not in line
    assert len(line.split(":")) == 5
    assert parse_card(line) == card
    assert parse_card(f"  \n{line}\r\n") == card


def test_a_card_line_has_the_documented_fields() -> None:
    assert CARD.line() == (
        "organizer-member:1:QW5uIExlZQ:" + AGE_PUBLIC
        + ":A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"
    )


# A colon (the card's separator), accents, Arabic script, Persian with its zero-width
# non-joiner, Chinese, and an emoji made with a zero-width joiner.
@pytest.mark.parametrize(
    "name", ["Ann: O'Neil", "Zoë Ökçe", "فاطمه", "می‌خواهم", "李小龍", "👩🏽‍🔧 Sam"]
)
def test_names_in_any_script_survive_a_card(name: str) -> None:
    card = MemberCard(name, AGE_PUBLIC, SIGN_PUBLIC)
    assert parse_card(card.line()).name == name


def test_an_upper_case_age_key_reads_as_the_same_key() -> None:
    line = with_field(CARD.line(), 3, AGE_PUBLIC.upper())
    assert parse_card(line) == CARD
    assert parse_card(line).fingerprint == PINNED_FINGERPRINT


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        AGE_PUBLIC,
        "organizer-member",
        "Organizer-Member:1:QW5uIExlZQ:x:y",
        CARD.line()[:40] + "\n" + CARD.line()[40:],
        CARD.line()[:40] + " " + CARD.line()[40:],
        with_field(CARD.line(), 1, "one"),
        with_field(CARD.line(), 1, "0"),
        with_field(CARD.line(), 1, "01"),
        with_field(CARD.line(), 1, ""),
    ],
)
def test_what_is_not_a_card_is_refused(text: str) -> None:
    assert refusal(text) == (
        "That is not an Organizer member card: it should be one line starting with "
        "organizer-member:."
    )


@pytest.mark.parametrize("version", ["2", "17"])
def test_a_card_from_a_newer_organizer_says_to_update(version: str) -> None:
    # Whatever comes after the version: a newer card may look different.
    message = refusal(f"organizer-member:{version}:something:else:entirely:more")
    assert message == (
        f"This member card was made by a newer version of Organizer (card version {version}); "
        "update Organizer to add this member."
    )


def test_a_huge_version_number_is_not_a_card() -> None:
    assert "not an Organizer member card" in refusal("organizer-member:" + "9" * 5000 + ":x")


@pytest.mark.parametrize(
    "text",
    [
        ":".join(CARD.line().split(":")[:4]),
        CARD.line() + ":extra",
        with_field(CARD.line(), 3, ""),
        with_field(CARD.line(), 4, ""),
    ],
)
def test_an_incomplete_card_is_refused(text: str) -> None:
    assert "incomplete" in refusal(text)


@pytest.mark.parametrize(
    "age_public, sign_text",
    [
        (AGE_PUBLIC[:-1] + ("q" if AGE_PUBLIC[-1] != "q" else "p"), None),  # checksum fails
        (AGE_PUBLIC[:20], None),
        ("AGE-SECRET-KEY-1W0WE2F0NJQ04WFJFGZ7HQPHLXTFU9EYYDH6QM7ZDQ4R9CD67KZQSU004TV", None),
        (None, "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJV"),  # too short for a key
        (None, "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbgA"),  # too long
        (None, "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"),  # not base64url
        (None, "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbh"),  # bits past the end
        (None, "!!!!"),
    ],
)
def test_a_card_with_damaged_keys_is_refused(age_public: str | None, sign_text: str | None) -> None:
    line = CARD.line()
    if age_public is not None:
        line = with_field(line, 3, age_public)
    if sign_text is not None:
        line = with_field(line, 4, sign_text)
    assert refusal(line) == (
        "The member card is damaged (its keys do not read correctly); ask for it again."
    )


@pytest.mark.parametrize("name_text", ["@@@", "QW5uIExlZQ=", "QW5uIExlZR", "A", "__79"])
def test_a_card_with_a_garbled_name_is_refused(name_text: str) -> None:
    # Not base64url; padding; bits past the end; an impossible length; not UTF-8 (ff fe fd).
    assert refusal(with_field(CARD.line(), 2, name_text)) == (
        "The member card is damaged (its name does not read correctly); ask for it again."
    )


@pytest.mark.parametrize("name", ["", "   "])
def test_a_card_without_a_name_is_refused(name: str) -> None:
    line = MemberCard(name, AGE_PUBLIC, SIGN_PUBLIC).line()
    assert refusal(line) == "This member card has no name in it; ask the member to make it again."


@pytest.mark.parametrize("name", ["x" * 101, "Ann\nLee", "Ann\tLee", "Ann\x00", "\u202eeeL nnA"])
def test_a_card_with_an_unusable_name_is_refused(name: str) -> None:
    line = MemberCard(name, AGE_PUBLIC, SIGN_PUBLIC).line()
    assert "too long or has control characters" in refusal(line)


def test_a_hundred_character_name_is_fine() -> None:
    assert parse_card(MemberCard("x" * 100, AGE_PUBLIC, SIGN_PUBLIC).line()).name == "x" * 100


# ----- fingerprints -------------------------------------------------------------------------


def test_the_fingerprint_is_twelve_groups_of_five_digits_and_stable() -> None:
    assert fingerprint(AGE_PUBLIC, SIGN_PUBLIC) == PINNED_FINGERPRINT
    assert CARD.fingerprint == PINNED_FINGERPRINT
    for age_public, sign_public in KEY_PAIRS:
        assert FINGERPRINT_SHAPE.fullmatch(fingerprint(age_public, sign_public))


def test_the_fingerprint_changes_with_either_key() -> None:
    other_age, other_sign = KEY_PAIRS[0]
    assert fingerprint(other_age, SIGN_PUBLIC) != PINNED_FINGERPRINT
    assert fingerprint(AGE_PUBLIC, other_sign) != PINNED_FINGERPRINT
    one_bit = bytes([SIGN_PUBLIC[0] ^ 1]) + SIGN_PUBLIC[1:]
    assert fingerprint(AGE_PUBLIC, one_bit) != PINNED_FINGERPRINT


def test_the_name_is_not_part_of_the_fingerprint() -> None:
    # It is the keys that are compared in person; a name can be corrected.
    assert MemberCard("Someone else", AGE_PUBLIC, SIGN_PUBLIC).fingerprint == PINNED_FINGERPRINT


# ----- my identity --------------------------------------------------------------------------


def device_id(vault: Vault) -> str:
    return str(vault.connection.execute("SELECT device_id FROM replica").fetchone()[0])


def test_a_new_vault_has_no_identity(vault: Vault) -> None:
    assert get_identity(vault) is None


def test_the_first_time_a_name_is_required_and_nothing_is_written(vault: Vault) -> None:
    before = device_id(vault)
    with pytest.raises(InvalidInput, match=r"^Give your name the first time"):
        ensure_identity(vault)
    with pytest.raises(InvalidInput, match="needs a name"):
        ensure_identity(vault, "   ")
    assert get_identity(vault) is None
    assert device_id(vault) == before


def test_the_identity_is_made_once_and_kept(
    vault: Vault, empty_vault_template: VaultTemplate
) -> None:
    before = device_id(vault)
    made = ensure_identity(vault, "  Ann Lee ")
    assert made.name == "Ann Lee"
    assert made.person_id is None
    assert made.age_secret.startswith("AGE-SECRET-KEY-1")
    assert made.age_public.startswith("age1")
    assert len(made.sign_secret) == 32 and len(made.sign_public) == 32
    assert get_identity(vault) == made

    # A copy of this vault file must not share its device id once it joins a committee.
    after = device_id(vault)
    assert after != before
    assert re.fullmatch(r"[0-9a-f]{16}", after)

    assert ensure_identity(vault) == made
    assert ensure_identity(vault, "Ann Lee") == made
    assert device_id(vault) == after  # only on creation

    path = vault.path
    vault.close()
    with Vault.open_with_key(path, empty_vault_template.raw_key) as reopened:
        assert get_identity(reopened) == made


def test_the_keys_belong_together(vault: Vault) -> None:
    me = ensure_identity(vault, "Ann")
    secret_message = pyrage.encrypt(b"for Ann", [x25519.Recipient.from_str(me.age_public)])
    assert pyrage.decrypt(secret_message, [me.age_identity()]) == b"for Ann"
    derived = Ed25519PrivateKey.from_private_bytes(me.sign_secret).public_key()
    assert derived.public_bytes(Encoding.Raw, PublicFormat.Raw) == me.sign_public
    assert me.card() == MemberCard("Ann", me.age_public, me.sign_public)
    assert me.fingerprint == me.card().fingerprint
    assert parse_card(me.card().line()) == me.card()


def test_two_copies_of_one_vault_get_their_own_keys_and_device_ids(
    vault: Vault, empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    with empty_vault_template.open_copy(tmp_path / "other") as other:
        assert device_id(other) == device_id(vault)
        mine, theirs = ensure_identity(vault, "Ann"), ensure_identity(other, "Ann")
        assert mine.sign_public != theirs.sign_public
        assert mine.age_public != theirs.age_public
        assert device_id(other) != device_id(vault)


def test_changes_after_joining_are_stamped_with_the_new_device_id(vault: Vault) -> None:
    entry = campaign.add_list_entry(vault, "department", "Warehouse")
    ensure_identity(vault, "Ann")
    campaign.rename_list_entry(vault, "department", entry.id, "Loading dock")
    stamp = vault.connection.execute(
        "SELECT stamp FROM field_stamp WHERE row_id = ? AND field = 'name'", (entry.id,)
    ).fetchone()[0]
    assert stamp.endswith("-" + device_id(vault))


def test_giving_another_name_renames_and_keeps_the_keys(vault: Vault) -> None:
    made = ensure_identity(vault, "Ann")
    renamed = ensure_identity(vault, "Ann Lee")
    assert renamed.name == "Ann Lee"
    assert (renamed.age_secret, renamed.sign_secret) == (made.age_secret, made.sign_secret)
    assert get_identity(vault) == renamed


@pytest.mark.parametrize("name", ["x" * 101, "Ann\nLee"])
def test_an_unusable_name_is_refused(vault: Vault, name: str) -> None:
    with pytest.raises(InvalidInput):
        ensure_identity(vault, name)
    assert get_identity(vault) is None


def test_the_secrets_are_not_in_its_repr(vault: Vault) -> None:
    me = ensure_identity(vault, "Ann")
    for shown in (repr(me), str(me)):
        assert me.age_secret not in shown
        assert "AGE-SECRET-KEY" not in shown
        assert repr(me.sign_secret) not in shown
        assert "Ann" in shown and me.age_public in shown


# ----- signatures ---------------------------------------------------------------------------


def test_a_signature_verifies_and_tampering_does_not(vault: Vault) -> None:
    me = ensure_identity(vault, "Ann")
    data = b"an update file's plaintext"
    signature = me.sign(data)
    assert len(signature) == 64
    assert verify_signature(me.sign_public, signature, data)
    assert not verify_signature(me.sign_public, signature, data + b"!")
    assert not verify_signature(me.sign_public, bytes([signature[0] ^ 1]) + signature[1:], data)
    assert not verify_signature(me.sign_public, signature[:-1], data)
    assert not verify_signature(me.sign_public, b"", data)
    assert not verify_signature(SIGN_PUBLIC, signature, data)  # someone else's key
    assert not verify_signature(b"short", signature, data)  # not a key at all


# ----- which person is me -------------------------------------------------------------------


def test_saying_which_person_is_me(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="committee identity"):
        set_my_person(vault, None)
    ensure_identity(vault, "Ann")
    ann = people.add_person(vault, people.Person(name="Ann Lee"))
    assert set_my_person(vault, ann.id).person_id == ann.id
    identity_now = get_identity(vault)
    assert identity_now is not None and identity_now.person_id == ann.id

    with pytest.raises(InvalidInput, match="no longer in the vault"):
        set_my_person(vault, "0" * 32)
    assert get_identity(vault) == identity_now

    assert set_my_person(vault, None).person_id is None
