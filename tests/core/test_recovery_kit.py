"""The recovery kit's core: the passphrase as a SLIP-39 secret, split K of N and read back
word by word through the reference implementation; every bad input in one plain sentence;
the kit made and adopted in a real vault; a real backup restored with shares.

SLIP-39's published test vectors (from trezor/python-shamir-mnemonic's vectors.json, which
the installed package does not ship) pass through the same wrapper."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import shamir_mnemonic
from hypothesis import given, settings
from hypothesis import strategies as st

from organizer.core import campaign, people
from organizer.core.backup import (
    KEY_PASSPHRASE,
    export_backup,
    kit,
    set_auto_backup_settings,
)
from organizer.core.errors import OrganizerError
from organizer.core.passphrase import wordlist
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.conftest import examples

EFF_PASSPHRASE = "abacus yearbook canopy drizzle unusable pony"
NEW_VAULT_PASSPHRASE = "granite otter lemonade harbor"


def mnemonics(shares: tuple[kit.KitShare, ...], *numbers: int) -> list[str]:
    """The typed words of the shares with these numbers (as printed, from 1)."""
    return [" ".join(shares[number - 1].words) for number in numbers]


def one_sentence(error: BaseException) -> str:
    text = str(error)
    assert isinstance(error, OrganizerError)
    assert "\n" not in text and text.endswith("."), text
    assert "Invalid" not in text and "mnemonic" not in text.lower(), text  # not the library's
    return text


# ----- the secret ----------------------------------------------------------------------------


eff_words = st.lists(st.sampled_from(wordlist()), min_size=1, max_size=7).map(" ".join)
any_text = st.text(min_size=1, max_size=40).filter(lambda t: len(t.encode("utf-8")) <= 62)


@given(passphrase=st.one_of(eff_words, any_text))
def test_the_encoding_gives_every_passphrase_back_at_a_fixed_length(passphrase: str) -> None:
    secret = kit.encode_passphrase(passphrase)
    assert len(secret) in (16, 64)  # never the passphrase's own length
    assert kit.decode_passphrase(secret) == passphrase


def test_six_suggested_words_make_20_word_shares_and_other_text_59() -> None:
    assert len(kit.encode_passphrase(EFF_PASSPHRASE)) == 16
    assert len(kit.split_passphrase(EFF_PASSPHRASE, 3, 2)[0].words) == 20
    typed = "Our union, our rules: 2026!"
    assert len(kit.encode_passphrase(typed)) == 64
    assert len(kit.split_passphrase(typed, 3, 2)[0].words) == 59
    # Two spaces are not the words form: the passphrase must come back exactly as it was.
    spaced = "abacus  yearbook canopy drizzle"
    assert kit.decode_passphrase(kit.encode_passphrase(spaced)) == spaced


def test_a_passphrase_too_long_for_a_kit_is_refused_in_one_sentence() -> None:
    with pytest.raises(kit.RecoveryKitError) as caught:
        kit.encode_passphrase("x" * 63)
    assert "too long" in one_sentence(caught.value)


# ----- split and recombine -------------------------------------------------------------------


@settings(max_examples=examples(30))
@given(
    passphrase=st.one_of(eff_words, any_text),
    sizes=st.integers(kit.MIN_SHARES, kit.MAX_SHARES).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(kit.MIN_THRESHOLD, n))),
    data=st.data(),
)
def test_any_k_of_n_shares_in_any_order_give_the_passphrase_back(
    passphrase: str, sizes: tuple[int, int], data: st.DataObject
) -> None:
    count, threshold = sizes
    shares = kit.split_passphrase(passphrase, count, threshold)
    assert [s.number for s in shares] == list(range(1, count + 1))
    assert all(s.summary == f"share {s.number} of {count}, any {threshold} restore"
               for s in shares)
    chosen = data.draw(st.permutations(range(1, count + 1)))[:threshold]
    assert kit.recover_passphrase(mnemonics(shares, *chosen)) == passphrase
    fewer = chosen[: threshold - 1]
    with pytest.raises(kit.TooFewShares):
        kit.recover_passphrase(mnemonics(shares, *fewer))


def test_typed_shares_may_use_four_letters_any_case_and_the_paper_s_numbers() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)
    short = " ".join(word[:4].upper() for word in shares[0].words)
    numbered = " ".join(f"{n}. {word}," for n, word in enumerate(shares[2].words, start=1))
    assert kit.recover_passphrase([short, "", numbered]) == EFF_PASSPHRASE


def test_more_shares_than_needed_restore_too() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 5, 2)
    assert kit.recover_passphrase(mnemonics(shares, 4, 1, 5)) == EFF_PASSPHRASE


# ----- every bad input, in one plain sentence -------------------------------------------------


def test_a_word_not_on_the_list_says_which_share_and_which_word() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)
    words = list(shares[1].words)
    words[6] = "academix"
    with pytest.raises(kit.UnknownShareWord) as caught:
        kit.recover_passphrase([" ".join(shares[0].words), " ".join(words)])
    assert one_sentence(caught.value).startswith("Word 7 of share 2 is not a word")
    assert "academix" not in str(caught.value)  # piped, it could be a passphrase


def test_the_checksum_catches_any_one_word_swapped_for_another_list_word() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)
    slip39 = shamir_mnemonic.wordlist.WORDLIST
    rng = random.Random(7)
    for index, word in enumerate(shares[0].words):
        words = list(shares[0].words)
        words[index] = rng.choice([w for w in slip39 if w != word])
        with pytest.raises(kit.MistypedShare) as caught:
            kit.read_share(" ".join(words), 3)
        assert one_sentence(caught.value).startswith("Share 3 has a wrong word")


def test_two_words_swapped_places_are_caught_too() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)
    words = list(shares[1].words)
    words[5], words[6] = words[6], words[5]
    assert words != list(shares[1].words)
    with pytest.raises(kit.MistypedShare):
        kit.read_share(" ".join(words))


def test_a_share_missing_words_says_it_is_too_short() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)
    with pytest.raises(kit.ShareLength) as caught:
        kit.recover_passphrase([" ".join(shares[0].words[:12]), " ".join(shares[1].words)])
    assert "Share 1 has 12 words" in one_sentence(caught.value)
    with pytest.raises(kit.MistypedShare):  # one word short of a whole share
        kit.read_share(" ".join(shares[0].words[:19]) + " " + " ".join(shares[0].words[:1]))


def test_a_share_from_another_kit_is_refused() -> None:
    first = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)
    other = kit.split_passphrase(EFF_PASSPHRASE, 3, 2)  # same passphrase, another kit
    assert first[0].words[:2] != other[0].words[:2]
    with pytest.raises(kit.ShareFromAnotherKit) as caught:
        kit.recover_passphrase([" ".join(first[0].words), " ".join(other[1].words)])
    assert one_sentence(caught.value).startswith(
        "Share 2 is from a different recovery kit than share 1")


def test_too_few_shares_say_how_many_the_kit_needs() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 5, 3)
    with pytest.raises(kit.TooFewShares) as caught:
        kit.recover_passphrase(mnemonics(shares, 2, 5))
    assert one_sentence(caught.value) == (
        "This kit needs 3 different shares to restore, and only 2 were given.")
    with pytest.raises(kit.TooFewShares) as caught:
        kit.recover_passphrase(["", "  "])
    assert one_sentence(caught.value).startswith("No share was given")


def test_the_same_share_twice_is_refused() -> None:
    shares = kit.split_passphrase(EFF_PASSPHRASE, 5, 3)
    typed = mnemonics(shares, 2, 4, 2)
    with pytest.raises(kit.RepeatedShare) as caught:
        kit.recover_passphrase(typed)
    assert one_sentence(caught.value) == (
        "Share 3 is the same share as share 1 (both are share 2 of the kit): type another "
        "member's share instead.")
    # Four letters of each word: still the same share.
    short = " ".join(word[:4] for word in shares[1].words)
    with pytest.raises(kit.RepeatedShare):
        kit.recover_passphrase([typed[0], short])


def test_valid_shares_of_something_that_is_not_a_kit_are_refused() -> None:
    foreign = shamir_mnemonic.generate_mnemonics(1, [(2, 3)], bytes(16))[0]
    with pytest.raises(kit.NotAKitShare) as caught:
        kit.recover_passphrase(foreign[:2])
    one_sentence(caught.value)


def test_kit_sizes_slip39_cannot_make_or_one_share_would_open_are_refused() -> None:
    for count, threshold in ((1, 1), (17, 3), (5, 1), (5, 6), (0, 0)):
        with pytest.raises(kit.RecoveryKitError) as caught:
            kit.split_passphrase(EFF_PASSPHRASE, count, threshold)
        one_sentence(caught.value)
    kit.check_kit_size(16, 16)
    kit.check_kit_size(2, 2)


# ----- SLIP-39's own test vectors ----------------------------------------------------------
# From SLIP-0039's vectors.json (trezor/python-shamir-mnemonic): master secrets encrypted with
# the SLIP-39 passphrase "TREZOR". Each set goes through `kit.recover_secret`: the valid ones
# give the published secret, the invalid ones one of our sentences (never the library's).

VECTORS: list[tuple[str, list[str], str | type[kit.RecoveryKitError]]] = [
    ("valid mnemonic without sharing (128 bits)", [
        "duckling enlarge academic academic agency result length solution fridge kidney coal "
        "piece deal husband erode duke ajar critical decision keyboard",
    ], "bb54aac4b89dc868ba37d9cc21b2cece"),
    ("invalid checksum (128 bits)", [
        "duckling enlarge academic academic agency result length solution fridge kidney coal "
        "piece deal husband erode duke ajar critical decision kidney",
    ], kit.MistypedShare),
    ("invalid padding (128 bits)", [
        "duckling enlarge academic academic email result length solution fridge kidney coal "
        "piece deal husband erode duke ajar music cargo fitness",
    ], kit.MistypedShare),
    ("basic sharing 2-of-3 (128 bits)", [
        "shadow pistol academic always adequate wildlife fancy gross oasis cylinder mustang "
        "wrist rescue view short owner flip making coding armed",
        "shadow pistol academic acid actress prayer class unknown daughter sweater depict flip "
        "twice unkind craft early superior advocate guest smoking",
    ], "b43ceb7e57a0ea8766221624d01b0864"),
    ("basic sharing 2-of-3, one share only (128 bits)", [
        "shadow pistol academic always adequate wildlife fancy gross oasis cylinder mustang "
        "wrist rescue view short owner flip making coding armed",
    ], kit.TooFewShares),
    ("different identifiers (128 bits)", [
        "adequate smoking academic acid debut wine petition glen cluster slow rhyme slow simple "
        "epidemic rumor junk tracks treat olympic tolerate",
        "adequate stay academic agency agency formal party ting frequent learn upstairs "
        "remember smear leaf damage anatomy ladle market hush corner",
    ], kit.ShareFromAnotherKit),
    ("different iteration exponents (128 bits)", [
        "peasant leaves academic acid desert exact olympic math alive axle trial tackle drug "
        "deny decent smear dominant desert bucket remind",
        "peasant leader academic agency cultural blessing percent network envelope medal junk "
        "primary human pumps jacket fragment payroll ticket evoke voice",
    ], kit.ShareFromAnotherKit),
    ("duplicate member indices (128 bits)", [
        "device stay academic always dive coal antenna adult black exceed stadium herald "
        "advance soldier busy dryer daughter evaluate minister laser",
        "device stay academic always dwarf afraid robin gravity crunch adjust soul branch "
        "walnut coastal dream costume scholar mortgage mountain pumps",
    ], kit.RepeatedShare),
    ("mismatching member thresholds (128 bits)", [
        "hour painting academic academic device formal evoke guitar random modern justice "
        "filter withdraw trouble identify mailman insect general cover oven",
        "hour painting academic agency artist again daisy capital beaver fiber much enjoy "
        "suitable symbolic identify photo editor romp float echo",
    ], kit.ShareFromAnotherKit),
    ("invalid digest (128 bits)", [
        "guilt walnut academic acid deliver remove equip listen vampire tactics nylon rhythm "
        "failure husband fatigue alive blind enemy teaspoon rebound",
        "guilt walnut academic agency brave hamster hobo declare herd taste alpha slim "
        "criminal mild arcade formal romp branch pink ambition",
    ], kit.SharesDoNotFit),
    ("sharing in groups (128 bits): never made by Organizer", [
        "eraser senior beard romp adorn nuclear spill corner cradle style ancient family "
        "general leader ambition exchange unusual garlic promise voice",
        "eraser senior acrobat romp bishop medical gesture pumps secret alive ultimate quarter "
        "priest subject class dictate spew material endless market",
    ], kit.NotAKitShare),
    ("valid mnemonic without sharing (256 bits)", [
        "theory painting academic academic armed sweater year military elder discuss acne "
        "wildlife boring employer fused large satoshi bundle carbon diagnose anatomy hamster "
        "leaves tracks paces beyond phantom capital marvel lips brave detect luck",
    ], "989baf9dcaad5b10ca33dfd8cc75e42477025dce88ae83e75a230086a0e00e92"),
    ("invalid checksum (256 bits)", [
        "theory painting academic academic armed sweater year military elder discuss acne "
        "wildlife boring employer fused large satoshi bundle carbon diagnose anatomy hamster "
        "leaves tracks paces beyond phantom capital marvel lips brave detect lunar",
    ], kit.MistypedShare),
    ("basic sharing 2-of-3 (256 bits)", [
        "humidity disease academic always aluminum jewelry energy woman receiver strategy "
        "amuse duckling lying evidence network walnut tactics forget hairy rebound impulse "
        "brother survive clothes stadium mailman rival ocean reward venture always armed unwrap",
        "humidity disease academic agency actress jacket gross physics cylinder solution fake "
        "mortgage benefit public busy prepare sharp friar change work slow purchase ruler "
        "again tricycle involve viral wireless mixture anatomy desert cargo upgrade",
    ], "c938b319067687e990e05e0da0ecce1278f75ff58d9853f19dcaeed5de104aae"),
    ("mnemonic too short (128 bits)", [
        "junk necklace academic academic acne isolate join hesitate lunar roster dough "
        "calcium chemical ladybug amount mobile glasses verify cylinder",
    ], kit.ShareLength),
]


@pytest.mark.parametrize(("mnemonic_set", "expected"),
                         [(m, e) for _d, m, e in VECTORS], ids=[d for d, _m, _e in VECTORS])
def test_slip39_vectors_pass_through_the_kit_s_wrapper(
    mnemonic_set: list[str], expected: str | type[kit.RecoveryKitError]
) -> None:
    if isinstance(expected, str):
        assert kit.recover_secret(mnemonic_set, slip39_passphrase=b"TREZOR").hex() == expected
        # ... and the reference implementation agrees.
        assert shamir_mnemonic.combine_mnemonics(mnemonic_set, b"TREZOR").hex() == expected
    else:
        with pytest.raises(expected) as caught:
            kit.recover_secret(mnemonic_set, slip39_passphrase=b"TREZOR")
        one_sentence(caught.value)


# ----- the kit in a real vault ------------------------------------------------------------


def write_words(share: kit.KitShare, path: Path) -> None:
    """A stand-in for the PDF page (tests/reports has the real one): the share's words."""
    path.write_text(json.dumps({"number": share.number, "words": share.words}))


def page_words(path: Path) -> str:
    return " ".join(json.loads(path.read_text())["words"])


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """An empty folder for a kit's pages (the vault lives elsewhere in tmp_path)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    return folder


def test_a_new_kit_becomes_the_backup_passphrase_and_its_pages_restore_it(
    vault: Vault, pages: Path
) -> None:
    set_auto_backup_settings(vault, folder=None, passphrase="an older backup passphrase")
    made, written = kit.make_kit(vault, pages, 5, 3, write_share=write_words,
                                 holders=["Maya", "", "Ben"])
    assert [p.name for p in written] == [f"kit-share-{n}-of-5.pdf" for n in range(1, 6)]
    assert [s.holder for s in made.shares] == ["Maya", "", "Ben", "", ""]
    stored = campaign.setting(vault, KEY_PASSPHRASE)
    assert stored == made.passphrase != "an older backup passphrase"
    assert len(stored.split()) == 6
    typed = [page_words(written[n]) for n in (4, 0, 2)]
    assert kit.recover_passphrase(typed) == stored
    status = kit.kit_status(vault)
    assert status is not None and status.current
    assert (status.count, status.threshold) == (5, 3)
    assert "any 3 of 5 shares" in status.sentence()
    # Changing the backup passphrase afterwards: the kit no longer opens new backups.
    set_auto_backup_settings(vault, folder=None, passphrase="yet another backup passphrase")
    status = kit.kit_status(vault)
    assert status is not None and not status.current
    assert "make a new kit" in status.sentence()


def test_a_kit_of_the_current_passphrase_leaves_it_as_it_is(
    vault: Vault, pages: Path
) -> None:
    with pytest.raises(kit.RecoveryKitError) as caught:
        kit.make_kit(vault, pages, 3, 2, write_share=write_words, reuse_current=True)
    assert "no backup passphrase yet" in one_sentence(caught.value)
    assert list(pages.iterdir()) == []
    current = "the committee's backup passphrase"
    set_auto_backup_settings(vault, folder=None, passphrase=current)
    made, written = kit.make_kit(vault, pages, 3, 2, write_share=write_words,
                                 reuse_current=True)
    assert not made.new_passphrase
    assert campaign.setting(vault, KEY_PASSPHRASE) == current
    assert kit.recover_passphrase([page_words(written[2]), page_words(written[1])]) == current


def test_a_failed_page_leaves_no_page_and_the_vault_unchanged(
    vault: Vault, pages: Path
) -> None:
    set_auto_backup_settings(vault, folder=None, passphrase="an older backup passphrase")

    def fails_on_the_third(share: kit.KitShare, path: Path) -> None:
        if share.number == 3:
            raise kit.RecoveryKitError("The disk is full.")
        write_words(share, path)

    with pytest.raises(kit.RecoveryKitError):
        kit.make_kit(vault, pages, 4, 2, write_share=fails_on_the_third)
    assert list(pages.iterdir()) == []
    assert campaign.setting(vault, KEY_PASSPHRASE) == "an older backup passphrase"
    assert kit.kit_status(vault) is None


def test_a_folder_holding_another_kit_s_pages_is_refused_before_any_work(
    vault: Vault, pages: Path, tmp_path: Path
) -> None:
    with pytest.raises(kit.RecoveryKitError):
        kit.make_kit(vault, pages, 3, 2, write_share=write_words, holders=["a", "b", "c", "d"])
    with pytest.raises(kit.RecoveryKitError):
        kit.make_kit(vault, tmp_path / "missing", 3, 2, write_share=write_words)
    (pages / "kit-share-1-of-4.pdf").write_bytes(b"%PDF an older kit")
    with pytest.raises(kit.RecoveryKitError) as caught:
        kit.make_kit(vault, pages, 3, 2, write_share=write_words)
    assert "already holds a recovery kit's pages" in one_sentence(caught.value)
    assert [p.name for p in pages.iterdir()] == ["kit-share-1-of-4.pdf"]
    assert kit.kit_status(vault) is None


# ----- restoring a real backup with shares ------------------------------------------------


@pytest.mark.slow
def test_shares_restore_a_backup_made_with_the_kit_s_passphrase(
    vault: Vault, pages: Path, tmp_path: Path
) -> None:
    people.add_person(vault, Person(name="Ines Walkout-Marker"))
    made, written = kit.make_kit(vault, pages, 3, 2, write_share=write_words)
    backup_file = tmp_path / "campaign.age"
    export_backup(vault, backup_file, made.passphrase)
    typed = [page_words(written[2]), page_words(written[0])]

    target = tmp_path / "restored.vault"
    restored = kit.restore_with_shares(backup_file, typed, target, NEW_VAULT_PASSPHRASE)
    try:
        assert people.count_people(restored) == 1
    finally:
        restored.close()
    Vault.open(target, NEW_VAULT_PASSPHRASE).close()

    # A backup made with another passphrase: the shares are right but do not open it.
    older = tmp_path / "older.age"
    export_backup(vault, older, "an older backup passphrase")
    with pytest.raises(kit.KitDoesNotOpenBackup) as caught:
        kit.restore_with_shares(older, typed, tmp_path / "not.vault", NEW_VAULT_PASSPHRASE)
    assert "made before the recovery kit" in one_sentence(caught.value)
    assert not (tmp_path / "not.vault").exists()
    # Bad shares: refused before the backup is even decrypted, nothing written.
    with pytest.raises(kit.TooFewShares):
        kit.restore_with_shares(backup_file, typed[:1], tmp_path / "not.vault",
                                NEW_VAULT_PASSPHRASE)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".vault") == [
        "restored.vault"]
