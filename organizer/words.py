"""Counts said in words: "1 supporter", "2 supporters", never "1 supporters" or "cell(s)".

`count(n, "supporter", "supporters")` asks the chosen language's catalogue for the form `n`
needs (Spanish, like English, has two; other languages more). `make translations` extracts
both words as one plural message (the `count:2,3` keyword)."""

from __future__ import annotations

from organizer import formats
from organizer.i18n import ngettext

__all__ = ["count", "ngettext"]


def count(number: int, one: str, many: str) -> str:
    """"1 supporter", "1,204 supporters": the number, then its word in the right form."""
    return f"{formats.number(number)} {ngettext(one, many, number)}"
