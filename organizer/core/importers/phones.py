"""Phone numbers: stored in E.164 when they are whole numbers, matched as E.164.

An import stores a number in E.164 ("+15550102345"), whatever way the file wrote it ("(555)
010-2345", "06 12 34 56 78", "+1 555.010.2345"), so the vault holds one format that every
screen and printout can lay out for its reader. Numbers written without a country code get
the campaign's default region (`campaign.setting(vault, DEFAULT_REGION_SETTING)`, "US" when
unset). What is not a whole number ("ask Ravi", "555-0101", which lacks its area code) is
kept as typed: turning it into E.164 would invent digits, and the report says so.

For matching duplicates every number is turned into E.164 the same way; one phonenumbers
cannot parse still matches on its bare digits (at least 6 of them), so two identical odd
numbers are still seen as the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

DEFAULT_REGION_SETTING = "default_phone_region"
FALLBACK_REGION = "US"
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_FORMATTING = re.compile(r"[\s().\-/]")
_POSSIBLE = phonenumbers.ValidationResult.IS_POSSIBLE
_LOCAL_ONLY = phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY


def valid_region(region: str) -> bool:
    return region.upper() in phonenumbers.SUPPORTED_REGIONS


def default_region(vault: object) -> str:
    from organizer.core import campaign

    region = campaign.setting(vault, DEFAULT_REGION_SETTING).strip().upper()  # type: ignore[arg-type]
    return region if valid_region(region) else FALLBACK_REGION


def to_e164(text: str, region: str = FALLBACK_REGION) -> str:
    """The number in E.164, or its bare digits when it cannot be parsed, or "" for none.

    An extension stays on, RFC 3966 style ("+14155550192;ext=7838"): a company directory
    lists one switchboard number with a different extension for each coworker, and those
    coworkers are not the same person."""
    return _read(text, region)[0]


def stored_phone(text: str, region: str = FALLBACK_REGION) -> str | None:
    """What an import stores for a typed number: its E.164 form (with any extension), or
    None when it is not a whole number (then the number is kept as typed)."""
    key, whole = _read(text, region)
    return key if whole else None


@lru_cache(maxsize=65536)
def _read(text: str, region: str) -> tuple[str, bool]:
    """(to_e164's answer, whether that is the E.164 form of a whole number). One parse per
    distinct number serves both the stored value and the duplicate search."""
    text = text.strip()
    if not text:
        return "", False
    compact = _FORMATTING.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if _E164.match(compact) and "(0" not in text:
        # Already international: the common case, without the parser. Not "+33 (0)6 ...",
        # whose (0) is the trunk prefix dialled only at home: the parser drops it.
        return compact, True
    try:
        parsed = phonenumbers.parse(text[:64], region.upper() or None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None:
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        if reason in (_POSSIBLE, _LOCAL_ONLY):
            number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if parsed.extension:
                number = f"{number};ext={parsed.extension}"
            # A local number ("555-0101") still matches its twin; it is not stored as E.164,
            # which would need the area code it lacks.
            return number, reason == _POSSIBLE
    digits = re.sub(r"\D", "", text)
    return (digits if len(digits) >= 6 else ""), False
