"""Passphrase rules, a strength hint, and diceware suggestions from the EFF large word list."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from organizer.core.errors import WeakPassphrase
from organizer.core.paths import resources_dir

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
    return " ".join(secrets.choice(chosen) for _ in range(words))


def check_new_passphrase(passphrase: str) -> None:
    """Refuse an empty or too-short passphrase with a sentence saying what to do."""
    if not passphrase:
        raise WeakPassphrase("The passphrase is empty. Type one, or use a suggested passphrase.")
    if len(passphrase) < MIN_LENGTH:
        raise WeakPassphrase(
            f"The passphrase is too short ({len(passphrase)} characters). Use at least "
            f"{MIN_LENGTH}, or a suggested passphrase of {SUGGESTED_WORDS} words."
        )


@dataclass(frozen=True)
class Strength:
    bits: float
    label: str  # "too short", "weak", "fair", "strong", "very strong"
    advice: str


def estimate_strength(passphrase: str) -> Strength:
    """A rough, conservative hint: diceware words count ~12.9 bits each, other text by pool."""
    if len(passphrase) < MIN_LENGTH:
        return Strength(0.0, "too short", f"Use at least {MIN_LENGTH} characters.")
    known = set(wordlist())
    tokens = passphrase.split()
    if len(tokens) >= 3 and all(t.lower() in known for t in tokens):
        bits = len(tokens) * math.log2(len(known))
    else:
        pool = 0
        if any(c.islower() for c in passphrase):
            pool += 26
        if any(c.isupper() for c in passphrase):
            pool += 26
        if any(c.isdigit() for c in passphrase):
            pool += 10
        if any(not c.isalnum() for c in passphrase):
            pool += 33
        distinct = len(set(passphrase))
        # Repeated characters add little: count length by distinct characters, capped.
        effective = min(len(passphrase), distinct * 2)
        bits = effective * math.log2(max(pool, 2)) * 0.6  # people pick text, not random bytes
    if bits < 40:
        return Strength(bits, "weak", "Add more words; a suggested passphrase is much stronger.")
    if bits < 60:
        return Strength(bits, "fair", "Good for a start; six random words are stronger.")
    if bits < 75:
        return Strength(bits, "strong", "Strong. Write it down somewhere safe, away from work.")
    return Strength(bits, "very strong", "Very strong. Write it down somewhere safe.")
