"""Passphrase rules, the strength hint and diceware suggestions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organizer.core.errors import WeakPassphrase
from organizer.core.passphrase import (
    MIN_LENGTH,
    SUGGESTED_WORDS,
    check_new_passphrase,
    estimate_strength,
    suggest_passphrase,
    wordlist,
)


def test_empty_passphrase_is_refused_with_a_plain_reason() -> None:
    with pytest.raises(WeakPassphrase, match="empty"):
        check_new_passphrase("")


def test_eleven_characters_are_too_short() -> None:
    with pytest.raises(WeakPassphrase, match=r"too short \(11 characters\)"):
        check_new_passphrase("a" * 11)


def test_twelve_unguessable_characters_are_enough() -> None:
    assert MIN_LENGTH == 12
    check_new_passphrase("a7#kP!2q9Zx$")


@pytest.mark.parametrize(
    "guessable", ["aaaaaaaaaaaa", "password1234", " " * 12, "qwertyuiopasdf", "123456789012"]
)
def test_long_enough_but_guessable_is_refused_with_a_suggestion(guessable: str) -> None:
    with pytest.raises(WeakPassphrase) as caught:
        check_new_passphrase(guessable)
    sentence = str(caught.value)
    assert sentence.startswith("That passphrase would be easy to guess")
    suggested = sentence.rsplit("such as: ", 1)[1]
    assert len(suggested.split(" ")) == SUGGESTED_WORDS
    assert all(word in set(wordlist()) for word in suggested.split(" "))
    assert guessable not in sentence.replace(suggested, "") or guessable.strip() == ""


@given(st.lists(st.sampled_from(wordlist()), min_size=SUGGESTED_WORDS,
                max_size=SUGGESTED_WORDS + 2, unique=True))
def test_any_suggested_kind_of_passphrase_passes(words: list[str]) -> None:
    check_new_passphrase(" ".join(words))


def test_a_very_long_passphrase_is_measured_by_its_start() -> None:
    check_new_passphrase(suggest_passphrase() + " " + "x" * 500)
    with pytest.raises(WeakPassphrase):
        check_new_passphrase("a" * 500)


@given(st.text(max_size=MIN_LENGTH - 1))
def test_any_shorter_passphrase_fails(passphrase: str) -> None:
    with pytest.raises(WeakPassphrase):
        check_new_passphrase(passphrase)


def test_word_list_has_7776_unique_words() -> None:
    words = wordlist()
    assert len(words) == 7776
    assert len(set(words)) == 7776
    assert all(word and word == word.strip() and " " not in word for word in words)


def test_suggestion_is_six_words_from_the_list() -> None:
    known = set(wordlist())
    suggestion = suggest_passphrase()
    words = suggestion.split(" ")
    assert len(words) == SUGGESTED_WORDS == 6
    assert all(word in known for word in words)
    check_new_passphrase(suggestion)


def test_suggestions_differ_each_time() -> None:
    suggestions = {suggest_passphrase() for _ in range(20)}
    assert len(suggestions) == 20


def test_suggestion_is_rated_very_strong() -> None:
    strength = estimate_strength(suggest_passphrase())
    assert strength.label == "very strong"
    assert strength.bits > 75


LABELS = ["too short", "weak", "fair", "strong", "very strong"]


@pytest.mark.parametrize(
    ("weaker", "stronger"),
    [
        ("short", "aaaaaaaaaaaa"),
        ("aaaaaaaaaaaa", "summer2024holiday"),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", "Tr0ub4dor&3-horse-Battery"),
        ("abacus abdomen abdominal", "abacus abdomen abdominal abide abiding ability"),
        ("password1234", "crust unwary gusty frisbee bullion sloppy"),
    ],
)
def test_strength_orders_weak_below_strong(weaker: str, stronger: str) -> None:
    low, high = estimate_strength(weaker), estimate_strength(stronger)
    assert low.bits < high.bits
    assert LABELS.index(low.label) <= LABELS.index(high.label)
    assert low.advice and high.advice


def test_repeating_one_character_stays_weak() -> None:
    assert estimate_strength("a" * 40).label == "weak"


def test_too_short_is_labelled_so() -> None:
    strength = estimate_strength("short")
    assert (strength.label, strength.bits) == ("too short", 0.0)


def test_common_password_with_digits_is_weak() -> None:
    assert estimate_strength("password1234").label == "weak"
