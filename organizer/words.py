"""Counts said in words: "1 supporter", "2 supporters", never "1 supporters" or "cell(s)".

Through gettext's ngettext, so the translated catalogues of issue 18 plug in here and every
count already asks for its plural the way Spanish (and other languages) need."""

from __future__ import annotations

import gettext

_translations: gettext.NullTranslations = gettext.NullTranslations()


def ngettext(one: str, many: str, count: int) -> str:
    return _translations.ngettext(one, many, count)


def count(number: int, one: str, many: str) -> str:
    """"1 supporter", "1,204 supporters": the number, then its word in the right form."""
    return f"{number:,} {ngettext(one, many, number)}"
