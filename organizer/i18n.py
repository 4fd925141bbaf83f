"""Every sentence a person reads, in their language: gettext catalogues (.po, compiled to .mo).

The one translation system for the GUI, the core's error sentences, the command line and the
printed pages. The core never imports Qt, so this is Python's gettext with catalogues made by
Babel (the format translators and Weblate work in), not Qt's .ts files.

Mark a string where it is shown: `_("Save")`, `ngettext("1 person", "{n} people", n)`. A
string kept in a module-level constant is marked with `N_()` and translated where it is shown,
`_(CONSTANT)`, so that switching language (Settings › Language, the tests) reaches it too.

The language follows the system (LANGUAGE, LC_ALL, LC_MESSAGES, LANG; Windows' and macOS's own
setting), unless Settings › Language chose one; that choice is not sensitive and lives in this
computer's configuration folder, never in a vault.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

DOMAIN = "organizer"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGE_FILE = "language.json"
# The languages Organizer speaks, each in its own words (what Settings › Language lists).
LANGUAGES = {"en": "English", "es": "Español"}
SOURCE_LANGUAGE = "en"
# Not a language: every marked message transformed, to find the ones nobody marked.
PSEUDO = "pseudo"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_locale_name = SOURCE_LANGUAGE


def _(message: str) -> str:
    """`message` in the chosen language."""
    return _translations.gettext(message)


def ngettext(one: str, many: str, count: int) -> str:
    """The form of a counted message that `count` needs in the chosen language."""
    return _translations.ngettext(one, many, count)


def pgettext(context: str, message: str) -> str:
    """`message` where the same English word needs different translations ("Open" a file,
    "Open" as a state): `context` tells the translator which."""
    return _translations.pgettext(context, message)


def npgettext(context: str, one: str, many: str, count: int) -> str:
    """A counted message with a context (the same English used elsewhere uncounted)."""
    return _translations.npgettext(context, one, many, count)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it yet (module constants)."""
    return message


def language() -> str:
    """The language messages are shown in ("en", "es", or PSEUDO in tests)."""
    return _language


def locale_name() -> str:
    """The locale for dates and numbers: the language, with the system's region when the
    system speaks the same language ("es_MX" formats dates as Mexico does)."""
    return _locale_name


# --- choosing the language ----------------------------------------------------------------

def _normalise(tag: str) -> str:
    """"es_MX.UTF-8", "es-MX", "es_MX@euro" → "es_MX"; "C" and "POSIX" → ""."""
    tag = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    return "" if tag in ("C", "POSIX") else tag


def system_locales() -> list[str]:
    """The languages this user asked for, most wanted first: LANGUAGE (a list), then LC_ALL,
    LC_MESSAGES and LANG as gettext reads them, then the operating system's own setting."""
    wanted: list[str] = []
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            wanted.extend(_normalise(part) for part in value.split(":"))
            if variable != "LANGUAGE":
                break
    if not any(wanted):
        from organizer import platform

        wanted.extend(_normalise(tag) for tag in platform.current().ui_languages())
    return [tag for tag in wanted if tag]


def best_language(locales: list[str]) -> tuple[str, str]:
    """The first of `locales` Organizer speaks, as (language, locale for formats)."""
    for tag in locales:
        code = tag.split("_")[0].lower()
        if code in LANGUAGES:
            return code, tag
    return SOURCE_LANGUAGE, SOURCE_LANGUAGE


def chosen_language() -> str | None:
    """The language picked in Settings › Language on this computer, or None to follow the
    system."""
    from organizer.core import paths

    try:
        data = json.loads((paths.config_dir(create=False) / LANGUAGE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    code = data.get("language") if isinstance(data, dict) else None
    return code if code in LANGUAGES else None


def choose_language(code: str | None) -> None:
    """Keep `code` as this computer's language (None: follow the system again). Takes effect
    the next time Organizer starts."""
    from organizer.core import paths

    target = paths.config_dir() / LANGUAGE_FILE
    if code is None:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    partial = target.with_name(f".{LANGUAGE_FILE}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump({"language": code}, file)
    os.replace(partial, target)


def start() -> str:
    """Use the language this computer asks for (ORGANIZER_LANGUAGE, then Settings ›
    Language, then the system); returns it. Called once as the app or a command starts."""
    forced = os.environ.get("ORGANIZER_LANGUAGE", "")
    if forced == PSEUDO:
        use_pseudo()
        return PSEUDO
    system = system_locales()
    wanted = forced if forced in LANGUAGES else chosen_language()
    if wanted:
        # The system's region still formats dates, when it speaks the wanted language.
        region = next((tag for tag in system if tag.split("_")[0].lower() == wanted), wanted)
        use(wanted, region)
        return wanted
    code, region = best_language(system)
    use(code, region)
    return code


# --- loading catalogues --------------------------------------------------------------------

def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of `code`; compiled from its .po in memory when the build has
    not compiled it (a source checkout)."""
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    source = folder / f"{DOMAIN}.po"
    if compiled.exists() and (not source.exists()
                              or compiled.stat().st_mtime >= source.stat().st_mtime):
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    if not source.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        messages = read_po(file, locale=code, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, messages, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def use(code: str, region: str | None = None) -> None:
    """Show messages in `code` from now on (strings already on screen stay as they are)."""
    global _translations, _language, _locale_name
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    _translations = catalogue(code)
    _language = code
    _locale_name = region or code


def use_translations(translations: gettext.NullTranslations, code: str,
                     region: str | None = None) -> None:
    """Show messages through `translations` (the pseudo-locale; a test's own catalogue)."""
    global _translations, _language, _locale_name
    _translations = translations
    _language = code
    _locale_name = region or SOURCE_LANGUAGE


@contextlib.contextmanager
def speaking(code: str) -> Iterator[None]:
    """Messages in `code` inside the block, then the language before it (tests, and the
    call list printed in a member's language)."""
    before = (_translations, _language, _locale_name)
    use(code)
    try:
        yield
    finally:
        use_translations(*before)


# --- the pseudo-locale ------------------------------------------------------------------------

_PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóƥʠŕšţúʋŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŢÚƲŴẊÝŽ",
)
# What must survive translation untouched: {name} fields, %d and %(name)s, HTML tags and
# entities, and "\n".
_KEEP = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[-+ 0-9.]*[sdifr%]|<[^<>]*>|&[a-z]+;|&#\d+;")


def pseudo(message: str) -> str:
    """`message` with every letter accented and ⟦brackets⟧ round it, fields kept intact."""
    if not message:
        return message
    parts: list[str] = []
    last = 0
    for match in _KEEP.finditer(message):
        parts.append(message[last:match.start()].translate(_PSEUDO_LETTERS))
        parts.append(match.group())
        last = match.end()
    parts.append(message[last:].translate(_PSEUDO_LETTERS))
    return "⟦" + "".join(parts) + "⟧"


class PseudoTranslations(gettext.NullTranslations):
    """Every message transformed by `pseudo`: text on screen without the brackets and
    accents was never marked for translation."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def use_pseudo() -> None:
    use_translations(PseudoTranslations(), PSEUDO)
