"""What a committee's spreadsheet cells mean.

- Shifts: a value such as "Nuit/Jour", "Day", "Evening shift" or "turno de noche" reads like
  a shift (`looks_like_shift`), which the mapping uses to notice a shift column mapped to Team.
"""

from __future__ import annotations

import re
import unicodedata

# ----- words ------------------------------------------------------------------------------


def words_key(text: str) -> str:
    """Lower case, accents gone, anything but letters and digits a single space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


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
