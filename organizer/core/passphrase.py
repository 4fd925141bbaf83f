"""Passphrase rules, a strength hint, and diceware suggestions from the EFF large word list."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from zxcvbn import zxcvbn

from organizer.core.errors import WeakPassphrase
from organizer.core.paths import resources_dir
from organizer.i18n import _

MIN_LENGTH = 12
SUGGESTED_WORDS = 6
WORDLIST_FILE = "eff_large_wordlist.txt"


@cache
def wordlist(path: Path | None = None) -> tuple[str, ...]:
    """The 7,776 words of the EFF large list (see resources/eff_large_wordlist.LICENSE.txt)."""
    path = path or resources_dir() / WORDLIST_FILE
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            words.append(parts[1])
    if len(words) != 7776:
        raise RuntimeError(f"the word list at {path} is damaged ({len(words)} words)")
    return tuple(words)


def suggest_passphrase(words: int = SUGGESTED_WORDS) -> str:
    """Six random words: about 77 bits, far beyond guessing even offline."""
    chosen = wordlist()
    return " ".join(secrets.choice(chosen) for _word in range(words))


# zxcvbn's score: 4 means more than 10^10 guesses. Lower scores fall to an offline attack on
# a stolen laptop in days or less, even against the vault's key derivation.
MIN_SCORE = 4
# zxcvbn refuses longer input; a longer passphrase is at least as strong as its beginning.
_MEASURED_CHARS = 72


def _measure(passphrase: str) -> dict[str, Any]:
    result: dict[str, Any] = zxcvbn(passphrase[:_MEASURED_CHARS])
    return result


def check_new_passphrase(passphrase: str) -> None:
    """Refuse an empty, short or guessable passphrase with a sentence saying what to do."""
    if not passphrase:
        raise WeakPassphrase(
            _("The passphrase is empty. Type one, or use a suggested passphrase."))
    if len(passphrase) < MIN_LENGTH:
        raise WeakPassphrase(_(
            "The passphrase is too short ({length} characters). Use at least "
            "{minimum}, or a suggested passphrase of {words} words."
        ).format(length=len(passphrase), minimum=MIN_LENGTH, words=SUGGESTED_WORDS))
    measured = _measure(passphrase)
    if measured["score"] < MIN_SCORE:
        warning = str(measured["feedback"].get("warning") or "").strip()
        if warning:
            # Translators: {why} is zxcvbn's English warning, such as "This is a top-10
            # common password"; {suggestion} is a suggested passphrase of English words.
            message = _("That passphrase would be easy to guess ({why}). Use a suggested "
                        "passphrase of {words} random words, such as: {suggestion}")
        else:
            # Translators: {suggestion} is a suggested passphrase of English words.
            message = _("That passphrase would be easy to guess. Use a suggested passphrase "
                        "of {words} random words, such as: {suggestion}")
        raise WeakPassphrase(message.format(why=warning.rstrip("."), words=SUGGESTED_WORDS,
                                            suggestion=suggest_passphrase()))


@dataclass(frozen=True)
class Strength:
    bits: float
    label: str  # "too short", "weak", "fair", "strong", "very strong" (translated)
    advice: str


def estimate_strength(passphrase: str) -> Strength:
    """The hint shown while typing: zxcvbn's estimate (the one password managers use) of how
    many guesses it would take, as bits; accepted only from "strong" (MIN_SCORE) up."""
    if len(passphrase) < MIN_LENGTH:
        return Strength(0.0, _("too short"),
                        _("Use at least {minimum} characters.").format(minimum=MIN_LENGTH))
    measured = _measure(passphrase)
    bits = float(measured["guesses_log10"]) * math.log2(10)
    if measured["score"] < MIN_SCORE - 1:
        return Strength(bits, _("weak"), _("Easy to guess. Use a suggested passphrase instead."))
    if measured["score"] < MIN_SCORE:
        return Strength(bits, _("fair"), _("Still too easy to guess: add more random words."))
    if bits < 75:
        # Translators: the advice starts with the strength's own word ("strong").
        return Strength(bits, _("strong"),
                        _("Strong. Write it down somewhere safe, away from work."))
    # Translators: the advice starts with the strength's own words ("very strong").
    return Strength(bits, _("very strong"), _("Very strong. Write it down somewhere safe."))
