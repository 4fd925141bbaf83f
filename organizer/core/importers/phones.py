"""Phone numbers: kept as typed, matched as E.164.

What is stored is the number as the user typed it (in `personal_phone` / `work_phone`), because
that is how people recognise and dial it ("(555) 010-2345", "06 12 34 56 78"). For matching
duplicates the number is turned into E.164 ("+15550102345") with the campaign's default region
(`campaign.setting(vault, DEFAULT_REGION_SETTING)`, "US" when unset) for numbers written
without a country code. A number phonenumbers cannot parse still matches on its bare digits
(at least 6 of them), so two identical odd numbers are still seen as the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

DEFAULT_REGION_SETTING = "default_phone_region"
FALLBACK_REGION = "US"
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_FORMATTING = re.compile(r"[\s().\-/]")


def valid_region(region: str) -> bool:
    return region.upper() in phonenumbers.SUPPORTED_REGIONS


def default_region(vault: object) -> str:
    from organizer.core import campaign

    region = campaign.setting(vault, DEFAULT_REGION_SETTING).strip().upper()  # type: ignore[arg-type]
    return region if valid_region(region) else FALLBACK_REGION


@lru_cache(maxsize=65536)
def to_e164(text: str, region: str = FALLBACK_REGION) -> str:
    """The number in E.164, or its bare digits when it cannot be parsed, or "" for none.

    An extension stays on, RFC 3966 style ("+14155550192;ext=7838"): a company directory
    lists one switchboard number with a different extension for each coworker, and those
    coworkers are not the same person."""
    text = text.strip()
    if not text:
        return ""
    compact = _FORMATTING.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if _E164.match(compact):
        return compact  # already international: the common case, without the parser
    try:
        parsed = phonenumbers.parse(text[:64], region.upper() or None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        return f"{number};ext={parsed.extension}" if parsed.extension else number
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= 6 else ""
