"""What a committee's spreadsheet cells mean: an assessment, yes or no, a date, a list of names.

Each reader takes the cell as typed and gives the value Organizer stores, or says it cannot
(None, or a sentence for the row's report). Nothing here guesses past what the cell says: a
value that is not clearly one thing is reported, never read as the nearest thing.

- Assessments: a number 1-5 ("2", "2.0", "A2" as call lists print them, "2 - Leaning
  supportive"), or the words of the campaign's scale, of the default scale in English, and
  the usual English and Spanish words for each level ("leaning supportive", "a favor",
  "indeciso"). A number whose words name another level ("2 - Opposed") is reported: which
  one was meant is not for Organizer to decide. "Not assessed", "?" and the like are blank.
- Yes or no: yes, y, x, a tick, 1, true, sí, si, oui (and VERDADERO / VRAI as a Spanish or
  French spreadsheet writes TRUE); no, n, 0, false, non, a cross or a blank cell.
- Dates: ISO (2026-11-12, with or without a time), the short form 12/11/2026 (or 12-11-26)
  read day first or month first as the file's own dates show (`date_order`), 12.11.2026
  always day first (no country writes dots month first), and in a workbook Excel's serial
  day numbers (46338 is 2026-11-12) for a cell whose format did not say it is a date.
- Lists (issues, tags): names separated by commas or semicolons, each once.
- A name or note starting with = + - or @ is what a spreadsheet runs as a formula:
  `formula_warning` says so for the report (Organizer stores it as typed, as text).
- Shifts: a value such as "Nuit/Jour", "Day", "Evening shift" or "turno de noche" reads like
  a shift (`looks_like_shift`), which the mapping uses to notice a shift column mapped to Team.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from organizer.core.importers.table import short
from organizer.i18n import _

# ----- words ------------------------------------------------------------------------------


def words_key(text: str) -> str:
    """Lower case, accents gone, anything but letters and digits a single space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


# ----- yes or no --------------------------------------------------------------------------

_YES_MARKS = frozenset("xX✓✔☑✅")
_NO_MARKS = frozenset("✗✘×☐-–—")
_YES = frozenset({"yes", "y", "x", "1", "true", "si", "oui", "verdadero", "vrai", "ja"})
_NO = frozenset({"no", "n", "0", "false", "non", "falso", "faux", "nein"})


def read_flag(text: str) -> bool | None:
    """True for a yes, False for a no or a blank cell, None when it is neither."""
    text = text.strip()
    if not text or text in _NO_MARKS:
        return False
    if text in _YES_MARKS:
        return True
    # Accents and case aside, but not punctuation: "yes?" is not a yes.
    key = "".join(c for c in unicodedata.normalize("NFKD", text)
                  if not unicodedata.combining(c)).casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def flag_problem(label: str, text: str) -> str:
    # Translators: {field} is a column's name in lower case ("organic leader"); {value} the
    # cell as typed, in quotes. One line of the import's report.
    return _("{field} {value} is not yes or no").format(field=label, value=repr(short(text)))


# ----- assessments ------------------------------------------------------------------------

# The usual words for each level, beyond the campaign's own labels and the default scale's.
_LEVEL_WORDS: dict[int, tuple[str, ...]] = {
    1: ("active supporter", "leader", "active", "strong supporter", "strong yes",
        "apoyo activo", "activo", "activa", "activista", "lider", "muy a favor",
        "simpatizante activo", "simpatizante activa", "apoyo activo lider"),
    2: ("leaning supportive", "supportive", "supporter", "leaning yes", "leaning for",
        "lean supportive", "lean yes", "a favor", "inclinado a favor", "inclinada a favor",
        "tiende a favor", "favorable", "simpatizante"),
    3: ("undecided", "unsure", "neutral", "on the fence", "fence sitter", "indeciso",
        "indecisa", "neutro", "neutra", "no sabe"),
    4: ("leaning against", "leaning no", "lean against", "lean no", "skeptical",
        "sceptical", "inclinado en contra", "inclinada en contra", "tiende en contra",
        "en contra"),
    5: ("opposed", "against", "anti", "anti union", "hostile", "management aligned",
        "opposed management aligned", "strong no", "opuesto", "opuesta", "muy en contra",
        "antisindical", "anti sindicato", "pro empresa", "con la empresa"),
}
_NOT_ASSESSED = frozenset({"not assessed", "unassessed", "not yet assessed", "n a", "na",
                           "tbd", "unknown", "none", "sin evaluar", "no evaluado",
                           "no evaluada", "sin evaluacion"})
_SCORE = re.compile(r"[Aa]?\s*([0-9]+(?:[.,][0-9]+)?)(?:\s*[-–—:.,;·)/|]\s*|\s+|$)(.*)",
                    re.DOTALL)


@dataclass(frozen=True)
class AssessmentScale:
    """How assessments are written: words -> score, and the labels to name in messages."""

    words: dict[str, int]
    labels: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, levels: Iterable[tuple[int, str]]) -> AssessmentScale:
        """The campaign's levels (score, label) first, then the default scale's and the
        usual words: a campaign that renamed a level is read by its own words first."""
        from organizer.core.vault import DEFAULT_SCALE

        own = [(int(score), str(label)) for score, label in levels]
        words: dict[str, int] = {}
        # The default scale's words in English and in the language in use.
        defaults = [(s, label) for s, label, _c in DEFAULT_SCALE]
        defaults += [(s, _(label)) for s, label in defaults]
        for score, label in [*own, *defaults]:
            for part in (label, *re.split(r"[/(),]", label)):
                key = words_key(part)
                if key and key not in _NOT_ASSESSED:
                    words.setdefault(key, score)
        for score, synonyms in _LEVEL_WORDS.items():
            for synonym in synonyms:
                words.setdefault(synonym, score)
        return cls(words, tuple(own) or tuple((s, _(label)) for s, label, _c in DEFAULT_SCALE))

    def read(self, text: str) -> tuple[int | None, str]:
        """(score, "") for an assessment, (None, "") for a blank or "not assessed", and
        (None, why) for anything else."""
        text = text.strip()
        key = words_key(text)
        if not key or key in _NOT_ASSESSED or text == "?":
            return None, ""
        match = _SCORE.fullmatch(text)
        if match is not None:
            number, rest = match.group(1), match.group(2)
            value = float(number.replace(",", "."))
            if not value.is_integer() or not 1 <= value <= 5:
                # Translators: {value} is the cell as typed, in quotes.
                return None, _("assessment {value} is not on the 1–5 scale").format(
                    value=repr(short(text)))
            score = int(value)
            named = self.words.get(words_key(rest))
            if named is not None and named != score:
                # Translators: {value} is the cell as typed ("2 - Opposed"); {number} and
                # {words} two different levels of the 1–5 scale.
                return None, _("assessment {value}: the number says {number} but the words "
                               "say {words}").format(value=repr(short(text)), number=score,
                                                     words=named)
            return score, ""
        word_score = self.words.get(key)
        if word_score is not None:
            return word_score, ""
        example = next((label for s, label in self.labels if s == 2), "")
        # Translators: {value} is the cell as typed; {example} a level of the campaign's scale
        # ("leaning supportive"), both in quotes.
        return None, _("assessment {value} is neither 1–5 nor a word of the scale (such as "
                       "{example})").format(value=repr(short(text)), example=repr(example))


# ----- dates ------------------------------------------------------------------------------


class DateOrder(enum.Enum):
    """How to read 03/04/2026: as the file shows (DETECT), or as chosen."""

    DETECT = "detect"
    DAY_FIRST = "day first"
    MONTH_FIRST = "month first"


# Where 03/04/2026 is the 4th of March: the United States and the places that write as it
# does. Only asked when a file's own dates cannot tell.
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "AS", "GU", "MP", "PR", "VI", "UM", "FM", "MH",
                                 "PW"})
_ISO = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T].*)?", re.DOTALL)
_SHORT = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?:[ T].*)?",
                    re.DOTALL)
_SERIAL = re.compile(r"[0-9]{5,7}(?:\.[0-9]+)?")
_EXCEL_DAY_ZERO = dt.date(1899, 12, 30)  # what Excel's day numbers count from (1900 system)
_FIRST_YEAR, _LAST_YEAR = 1900, 2199
_FIRST_SERIAL = (dt.date(1927, 5, 18) - _EXCEL_DAY_ZERO).days  # 10000: not a year typed
_LAST_SERIAL = (dt.date(_LAST_YEAR, 12, 31) - _EXCEL_DAY_ZERO).days


def default_day_first(region: str) -> bool:
    return region.upper() not in MONTH_FIRST_REGIONS


def date_order_evidence(text: str) -> DateOrder | None:
    """What one typed date says about the file's order: 25/11/2026 can only be day first,
    11/25/2026 only month first; 03/04/2026, ISO dates and dotted dates say nothing."""
    match = _SHORT.fullmatch(text.strip())
    if match is None or match.group(2) == ".":
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return DateOrder.DAY_FIRST
    if second > 12 >= first:
        return DateOrder.MONTH_FIRST
    return None


def detect_date_order(texts: Iterable[str]) -> DateOrder | None:
    """The order most of the file's telling dates show, or None when none tells."""
    votes = {DateOrder.DAY_FIRST: 0, DateOrder.MONTH_FIRST: 0}
    for text in texts:
        found = date_order_evidence(text)
        if found is not None:
            votes[found] += 1
    if not any(votes.values()):
        return None
    return max(votes, key=lambda order: votes[order])


def read_date(text: str, *, day_first: bool, serials: bool = False) -> str | None:
    """The date as YYYY-MM-DD, or None when the text is not one."""
    text = text.strip()
    if serials and _SERIAL.fullmatch(text):
        days = float(text)
        if _FIRST_SERIAL <= days <= _LAST_SERIAL:
            return (_EXCEL_DAY_ZERO + dt.timedelta(days=int(days))).isoformat()
        return None
    match = _ISO.fullmatch(text)
    if match is not None:
        return _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _SHORT.fullmatch(text)
    if match is not None:
        first, second = int(match.group(1)), int(match.group(3))
        year = _full_year(match.group(4))
        if match.group(2) == "." or day_first:
            return _day(year, second, first)
        return _day(year, first, second)
    return None


def _full_year(typed: str) -> int:
    """A two-digit year in the century that puts it at most ten years ahead."""
    if len(typed) == 4:
        return int(typed)
    year = int(typed)
    this_year = dt.date.today().year
    century = this_year - this_year % 100
    return century + year if century + year <= this_year + 10 else century - 100 + year


def _day(year: int, month: int, day: int) -> str | None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_problem(label: str, text: str) -> str:
    # Translators: {field} is a column's name in lower case ("last contact date"); {value}
    # the cell as typed, in quotes.
    return _("{field} {value} is not a date").format(field=label, value=repr(short(text)))


# ----- lists of names ---------------------------------------------------------------------

_SEPARATORS = re.compile(r"[,;]")


def split_names(text: str) -> list[str]:
    """"pay; On-call load, Pay" -> ["pay", "On-call load"]: separated by commas or
    semicolons, spaces tidied, each name once (case aside; the first spelling stays)."""
    found: dict[str, str] = {}
    for part in _SEPARATORS.split(text):
        name = " ".join(part.replace("\x00", "").split())
        if name:
            found.setdefault(name.casefold(), name)
    return list(found.values())


# ----- text a spreadsheet would run ------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@")


def formula_warning(label: str, text: str) -> str:
    """The report's warning for a name or note that a spreadsheet would run as a formula:
    it is stored as typed, as plain text, and never evaluated."""
    # Translators: "warning: " starts each warning among the notes of an import's rows.
    return _("warning: {warning}").format(warning=formula_caution(label, text))


def formula_caution(label: str, text: str) -> str:
    """`formula_warning` without its "warning: " (where it is listed among warnings)."""
    # Translators: {field} is a column's name in lower case ("notes"); {value} the cell as
    # typed and {character} its first character (= + - or @), in quotes.
    return _("{field} {value} starts with {character}, as a spreadsheet formula does: "
             "imported as plain text, as typed").format(
        field=label, value=repr(short(text)), character=repr(text[0]))


# ----- shifts -----------------------------------------------------------------------------

_SHIFT_WORDS = frozenset({
    "day", "days", "night", "nights", "evening", "evenings", "morning", "mornings",
    "afternoon", "afternoons", "swing", "graveyard", "overnight", "am", "pm", "early", "late",
    "mid", "midday", "weekend", "weekends", "weekday", "weekdays", "1st", "2nd", "3rd",
    "first", "second", "third", "shift", "shifts", "rotating", "split",
    "dia", "dias", "noche", "noches", "tarde", "tardes", "manana", "mananas", "madrugada",
    "nocturno", "nocturna", "diurno", "diurna", "vespertino", "matutino", "turno", "mixto",
    "jour", "jours", "nuit", "nuits", "soir", "soiree", "matin", "matinee", "apres", "midi",
    "equipe", "de", "du", "la", "el", "of", "the", "and", "y", "et",
})
_SHIFT_CORE = _SHIFT_WORDS - {"de", "du", "la", "el", "of", "the", "and", "y", "et", "shift",
                              "shifts", "turno", "equipe", "first", "second", "third", "split",
                              "mid", "early", "late"}


def looks_like_shift(text: str) -> bool:
    """"Nuit/Jour", "Day", "Evening shift", "turno de noche": words of shifts only, and at
    least one that names a time of day."""
    words = words_key(text).split()
    return bool(words) and all(w in _SHIFT_WORDS for w in words) and any(
        w in _SHIFT_CORE for w in words)
