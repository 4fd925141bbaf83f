"""Dates and numbers the way the reader's locale writes them, one style per context.

- `short_date`: in tables, lists and on paper ("Dec 4, 2026", "4 dic 2026").
- `relative_date`: where recency matters ("today", "3 days ago", "in 2 days").
- `date_and_time`: when something happened to the minute (backups, exchanges, conflicts).
- `number`, `percent`: counts and shares with the locale's separators.

Through Babel (CLDR data), so the core, the command line and the printed pages format as the
GUI does without Qt. The locale is i18n's: the chosen language with the system's region.
"""

from __future__ import annotations

import datetime as dt

from babel import dates, numbers

from organizer import i18n
from organizer.i18n import _, ngettext


def _locale() -> str:
    name = i18n.locale_name()
    return "en" if name == i18n.PSEUDO else name


def _as_date(day: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day


def _shown(text: str) -> str:
    """Babel's words ("Dec") count as translated: under the pseudo-locale they are marked
    like every message, so only forgotten strings stay plain."""
    return i18n.pseudo(text) if i18n.language() == i18n.PSEUDO else text


def short_date(day: dt.date | str) -> str:
    """The date for tables and paper: day, abbreviated month and year, in the locale's
    order (never the all-numbers form, which reads differently in the US and elsewhere)."""
    return _shown(dates.format_date(_as_date(day), "medium", locale=_locale()))


def day_and_month(day: dt.date | str) -> str:
    """A date within the coming weeks, where the year goes without saying ("Dec 4")."""
    return _shown(dates.format_skeleton("MMMd", _as_date(day), locale=_locale()))


def relative_date(day: dt.date | str, today: dt.date | None = None) -> str:
    """"today", "yesterday", "3 days ago", "tomorrow", "in 4 days"; past a fortnight, "5
    weeks ago" and "3 months ago"."""
    delta = (_as_date(day) - (today or dt.date.today())).days
    if delta == 0:
        return _("today")
    if delta == -1:
        return _("yesterday")
    if delta == 1:
        return _("tomorrow")
    if abs(delta) <= 14:
        if delta < 0:
            return ngettext("{n} day ago", "{n} days ago", -delta).format(n=-delta)
        return ngettext("in {n} day", "in {n} days", delta).format(n=delta)
    if abs(delta) < 60:
        weeks = abs(delta) // 7
        if delta < 0:
            return ngettext("{n} week ago", "{n} weeks ago", weeks).format(n=weeks)
        return ngettext("in {n} week", "in {n} weeks", weeks).format(n=weeks)
    months = abs(delta) // 30
    if delta < 0:
        return ngettext("{n} month ago", "{n} months ago", months).format(n=months)
    return ngettext("in {n} month", "in {n} months", months).format(n=months)


def time_of_day(moment: dt.datetime | dt.time) -> str:
    """"3:05 PM", "15:05": the clock as the locale reads it."""
    return _shown(dates.format_time(moment, "short", locale=_locale()))


def date_and_time(moment: dt.datetime) -> str:
    """"Dec 4, 2026, 3:05 PM": when something happened, to the minute."""
    return _("{date}, {time}").format(date=short_date(moment.date()), time=time_of_day(moment))


def number(value: int | float) -> str:
    """"1,204" in English, "1204" or "1.204" in Spanish."""
    return numbers.format_decimal(value, locale=_locale())


def percent(share: float) -> str:
    """`share` (0.65) as "65%" ("65 %" in Spanish)."""
    return numbers.format_percent(share, locale=_locale())
