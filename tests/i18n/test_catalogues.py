"""Every language's catalogue is whole: each message in the code is translated, none is fuzzy,
and every placeholder survives translation. A new message without its Spanish fails here
(run `make translations`, then translate it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from organizer import i18n

ROOT = Path(__file__).resolve().parents[2]
# As `make translations` extracts: gettext's names, and words.count's two forms.
KEYWORDS = {**DEFAULT_KEYWORDS, "count": (2, 3)}
TRANSLATED = sorted(code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE)
# {name} fields, printf fields and tags: what the code fills in or Qt reads.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[-+0-9.]*[sdif]|<[^<>]+>")
MessageId = str | tuple[str, str]


def _key(message: MessageId, context: str | None) -> tuple[str | None, str]:
    singular = message[0] if isinstance(message, tuple) else message
    return context, singular


@pytest.fixture(scope="module")
def in_the_code() -> dict[tuple[str | None, str], MessageId]:
    found: dict[tuple[str | None, str], MessageId] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT / "organizer", keywords=KEYWORDS,
    ):
        found[_key(message, context)] = message
    return found


def _catalogue(code: str) -> Catalog:
    with (i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as file:
        return read_po(file, locale=code)


def test_the_extraction_finds_plain_plural_and_counted_messages(
    in_the_code: dict[tuple[str | None, str], MessageId]
) -> None:
    assert in_the_code[(None, "today")] == "today"
    assert in_the_code[(None, "{n} day ago")] == ("{n} day ago", "{n} days ago")
    assert in_the_code[(None, "supporter")] == ("supporter", "supporters")  # words.count


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_in_the_code_is_translated_and_none_is_fuzzy(
    code: str, in_the_code: dict[tuple[str | None, str], MessageId]
) -> None:
    catalogue = _catalogue(code)
    missing, empty, fuzzy = [], [], []
    for (context, singular), message in in_the_code.items():
        entry = catalogue.get(singular, context=context)
        if entry is None:
            missing.append(singular)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            empty.append(singular)
        if entry.fuzzy:
            fuzzy.append(singular)
        if isinstance(message, tuple) != isinstance(entry.id, tuple):
            missing.append(f"{singular} (plural forms differ: run make translations)")
    assert missing == [], f"not in {code}.po (make translations): {missing[:20]}"
    assert empty == [], f"untranslated in {code}.po: {empty[:20]}"
    assert fuzzy == [], f"fuzzy in {code}.po: {fuzzy[:20]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_placeholder_survives_translation(code: str) -> None:
    lost = []
    for entry in _catalogue(code):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = {field for text in ids for field in PLACEHOLDER.findall(text)}
        for text in strings:
            if not text:
                continue  # untranslated: the test above names it
            fields = set(PLACEHOLDER.findall(text))
            named = {f for f in wanted if f.startswith(("{", "%("))}
            if not fields <= wanted or not named - {"{n}"} <= fields:
                lost.append(f"{ids[0]!r} → {text!r}")
    assert lost == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_declares_its_plural_rule(code: str) -> None:
    catalogue = _catalogue(code)
    assert catalogue.num_plurals >= 2
    assert "nplurals" in catalogue.plural_forms
