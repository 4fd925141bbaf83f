"""Phone numbers laid out for reading aloud and dialling from paper.

No numbering-plan database: a number typed with its own spaces or dashes keeps the typist's
grouping (they know their country's habit), tidied to single spaces. A run of digits is
grouped: "+1" numbers (North America) as +1 415 555 0123, ten digits without a "+" as
415 555 0123, and others as +CC then groups of three, the last of four when that avoids a
lone digit. The country code's length comes from the ITU's assignment of its first digits.
Extensions are kept as "ext. 1234". Text with fewer than five digits ("ask Ravi") is returned
as typed.
"""

from __future__ import annotations

import re

_EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|x|#)\s*(\d+)\s*$")
# Two-digit country codes; "1" and "7" are the only one-digit ones, the rest have three.
_TWO_DIGIT_CODES = frozenset({
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
    "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
})


def country_code_length(digits: str) -> int:
    if digits[:1] in ("1", "7"):
        return 1
    return 2 if digits[:2] in _TWO_DIGIT_CODES else 3


def group_digits(digits: str) -> str:
    """"5550123" -> "555 0123"; "123456789" -> "123 456 789"."""
    groups: list[str] = []
    rest = digits
    while len(rest) > 4:
        take = 4 if len(rest) == 8 else 3
        groups.append(rest[:take])
        rest = rest[take:]
    if rest:
        groups.append(rest)
    return " ".join(groups)


def format_phone(text: str) -> str:
    """A typed phone number as it should be printed."""
    text = " ".join(text.split())
    extension = ""
    match = _EXTENSION.search(text)
    if match and len(re.sub(r"\D", "", text[: match.start()])) >= 5:
        extension = f" ext. {match.group(1)}"
        text = text[: match.start()]
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return (text + extension).strip()
    plus = text.lstrip().startswith("+") or text.lstrip().startswith("00")
    if text.lstrip().startswith("00"):
        digits = digits[2:]
    if re.search(r"\d[\s\-./()]+\d", text.strip()):
        # Typed with its own grouping: keep it, separators as single spaces, "(415)" as is.
        tidy = re.sub(r"[\s\-./]+", " ", text.strip())
        if text.lstrip().startswith("00"):
            tidy = "+" + tidy.lstrip()[2:].lstrip()
        return tidy + extension
    if plus:
        if digits.startswith("1") and len(digits) == 11:
            return f"+1 {digits[1:4]} {digits[4:7]} {digits[7:]}{extension}"
        cc = country_code_length(digits)
        return f"+{digits[:cc]} {group_digits(digits[cc:])}{extension}"
    if len(digits) == 10 and digits[0] not in "01":
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}{extension}"
    if len(digits) == 11 and digits[0] == "1":
        return f"1 {digits[1:4]} {digits[4:7]} {digits[7:]}{extension}"
    return group_digits(digits) + extension
