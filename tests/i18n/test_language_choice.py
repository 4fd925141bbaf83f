"""Which language Organizer speaks: the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), unless
Settings › Language chose one; counts take the form their number needs, and dates and numbers
follow the locale."""

from __future__ import annotations

import datetime as dt
import gettext
import stat

import pytest

from organizer import formats, i18n
from organizer.core import paths
from organizer.words import count

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the system's locale variables (and take the tests' forced English away)."""
    monkeypatch.delenv("ORGANIZER_LANGUAGE", raising=False)
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_locale(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return set_locale


def test_the_system_locale_chooses_spanish(system) -> None:  # type: ignore[no-untyped-def]
    system(LANG="es_MX.UTF-8")
    assert i18n.start() == "es"
    assert i18n.locale_name() == "es_MX"
    assert i18n._("today") == "hoy"


def test_language_lists_come_first_and_unknown_languages_are_skipped(system) -> None:  # type: ignore[no-untyped-def]
    system(LANGUAGE="de_DE:es:en", LANG="en_US.UTF-8")
    assert i18n.start() == "es"


def test_lc_all_wins_over_lang_and_c_means_english(system) -> None:  # type: ignore[no-untyped-def]
    system(LC_ALL="C", LANG="es_ES.UTF-8")
    assert i18n.start() == "en"
    system(LC_ALL="es_ES.UTF-8", LANG="en_GB.UTF-8")
    assert i18n.start() == "es"


def test_a_language_nobody_translated_falls_back_to_english(system) -> None:  # type: ignore[no-untyped-def]
    system(LANG="fr_FR.UTF-8")
    assert i18n.start() == "en"
    assert i18n._("today") == "today"


def test_the_choice_in_settings_wins_and_keeps_the_system_s_region(system) -> None:  # type: ignore[no-untyped-def]
    system(LANG="en_US.UTF-8")
    i18n.choose_language("es")
    assert i18n.chosen_language() == "es"
    assert i18n.start() == "es"
    i18n.choose_language(None)
    assert i18n.chosen_language() is None
    assert i18n.start() == "en"


def test_the_choice_is_a_private_file_that_names_only_the_language(system) -> None:  # type: ignore[no-untyped-def]
    i18n.choose_language("es")
    kept = paths.config_dir(create=False) / i18n.LANGUAGE_FILE
    assert kept.read_text("utf-8") == '{"language": "es"}'
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_damaged_or_unknown_choice_follows_the_system(system) -> None:  # type: ignore[no-untyped-def]
    system(LANG="es_ES.UTF-8")
    kept = paths.config_dir() / i18n.LANGUAGE_FILE
    for text in ("{not json", '{"language": "xx"}', "[]"):
        kept.write_text(text, "utf-8")
        assert i18n.chosen_language() is None
        assert i18n.start() == "es"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.choose_language("xx")


@pytest.mark.parametrize(("code", "forms"), [
    ("en", ["0 supporters", "1 supporter", "2 supporters"]),
    ("es", ["0 partidarios", "1 partidario", "2 partidarios"]),
])
def test_counts_take_the_form_their_number_needs(code: str, forms: list[str]) -> None:
    with i18n.speaking(code):
        assert [count(n, "supporter", "supporters") for n in (0, 1, 2)] == forms


@pytest.mark.parametrize(("code", "forms"), [
    ("en", ["in 0 days", "1 day ago", "2 days ago"]),
    ("es", ["dentro de 0 días", "hace 1 día", "hace 2 días"]),
])
def test_relative_dates_with_zero_one_and_two(code: str, forms: list[str]) -> None:
    today = dt.date(2026, 12, 4)
    with i18n.speaking(code):
        assert i18n.ngettext("in {n} day", "in {n} days", 0).format(n=0) == forms[0]
        assert i18n.ngettext("{n} day ago", "{n} days ago", 1).format(n=1) == forms[1]
        assert formats.relative_date(dt.date(2026, 12, 2), today) == forms[2]


def test_dates_and_numbers_follow_the_locale() -> None:
    day = dt.date(2026, 12, 4)
    i18n.use("en", "en_US")
    assert (formats.short_date(day), formats.number(12345), formats.percent(0.65)) == (
        "Dec 4, 2026", "12,345", "65%")
    i18n.use("es", "es_ES")
    assert formats.short_date(day) == "4 dic 2026"
    assert formats.number(12345) == "12.345"
    assert formats.relative_date(day, dt.date(2026, 12, 7)) == "hace 3 días"


def test_a_source_checkout_compiles_the_catalogue_in_memory() -> None:
    catalogue = i18n.catalogue("es")
    assert isinstance(catalogue, gettext.GNUTranslations)
    assert catalogue.gettext("today") == "hoy"


def test_the_pseudo_locale_keeps_every_placeholder() -> None:
    text = i18n.pseudo("Saved {name} at %d <b>now</b> &amp; %(count)s")
    assert text.startswith("⟦") and text.endswith("⟧")
    for kept in ("{name}", "%d", "<b>", "</b>", "&amp;", "%(count)s"):
        assert kept in text
    assert "Saved" not in text and "now" not in text
