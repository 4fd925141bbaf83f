"""The campaign's own settings: its name, the assessment scale, thresholds, editable lists
(departments, shifts, sites), and per-vault app settings such as the auto-lock delay.

All of it lives inside the encrypted vault, never in QSettings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.vault import DEFAULT_SETTINGS, Vault
from organizer.i18n import N_, _

ListKind = Literal["department", "shift", "site"]
LIST_KINDS: tuple[ListKind, ...] = ("department", "shift", "site")
# One whole sentence per kind of list, for translators.
_NEEDS_A_NAME = {
    "department": N_("A department needs a name."),
    "shift": N_("A shift needs a name."),
    "site": N_("A site needs a name."),
}
_ALREADY_CALLED = {
    "department": N_("There is already a department called {name}."),
    "shift": N_("There is already a shift called {name}."),
    "site": N_("There is already a site called {name}."),
}


@dataclass(frozen=True)
class AssessmentLevel:
    score: int
    label: str
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class Threshold:
    id: str
    percent: float
    label: str


@dataclass(frozen=True)
class ListEntry:
    id: str
    name: str
    position: int


def campaign_name(vault: Vault) -> str:
    row = vault.connection.execute("SELECT name FROM campaign LIMIT 1").fetchone()
    return str(row[0]) if row else ""


def is_demo(vault: Vault) -> bool:
    row = vault.connection.execute("SELECT is_demo FROM campaign LIMIT 1").fetchone()
    return bool(row and row[0])


def rename_campaign(vault: Vault, name: str) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput(_("The campaign needs a name."))
    with vault.transaction() as conn:
        conn.execute("UPDATE campaign SET name = ?, updated_at = ?", (name, records.now()))


# ----- assessment scale ---------------------------------------------------------------------


def assessment_scale(vault: Vault) -> list[AssessmentLevel]:
    rows = vault.connection.execute(
        "SELECT score, label, colour FROM assessment_level ORDER BY score"
    ).fetchall()
    return [AssessmentLevel(int(s), str(label), str(colour)) for s, label, colour in rows]


def set_assessment_level(vault: Vault, score: int, label: str, colour: str) -> None:
    """Rename or recolour one level of the 1-5 scale."""
    label = label.strip()
    if not 1 <= score <= 5:
        raise InvalidInput(_("Assessments go from 1 to 5."))
    if not label:
        raise InvalidInput(_("Level {score} needs a label.").format(score=score))
    if len(colour) != 7 or not colour.startswith("#"):
        raise InvalidInput(_("{colour} is not a colour like #1a9850.")
                           .format(colour=repr(colour)))
    # Not int(..., 16): it also takes "-12345", "12_345", " 1234 " and "0x1234".
    if any(c not in "0123456789abcdefABCDEF" for c in colour[1:]):
        raise InvalidInput(_("{colour} is not a colour like #1a9850.")
                           .format(colour=repr(colour)))
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE assessment_level SET label = ?, colour = ?, updated_at = ? WHERE score = ?",
            (label, colour.lower(), records.now(), score),
        )


# ----- thresholds ---------------------------------------------------------------------------


def thresholds(vault: Vault) -> list[Threshold]:
    rows = vault.connection.execute(
        "SELECT id, percent, label FROM threshold ORDER BY percent"
    ).fetchall()
    return [Threshold(str(i), float(p), str(label)) for i, p, label in rows]


def _check_threshold_percent(percent: object) -> float:
    if isinstance(percent, str) and not percent.strip():
        raise InvalidInput(_("Each threshold needs a percentage, like 51."))
    # A bool is an int to Python, but never a percentage here.
    if isinstance(percent, bool) or not isinstance(percent, str | int | float):
        raise InvalidInput(_("{value} is not a percentage.").format(value=repr(percent)))
    try:
        value = float(percent.strip().removesuffix("%") if isinstance(percent, str)
                      else percent)
    except ValueError:
        raise InvalidInput(
            _("{value} is not a percentage.").format(value=repr(percent))) from None
    if math.isnan(value):
        raise InvalidInput(_("{value} is not a percentage.").format(value=repr(percent)))
    if not 0 < value <= 100:
        raise InvalidInput(
            _("A threshold must be more than 0% and at most 100%, not {percent}.")
            .format(percent=f"{value:g}%"))
    return value


def check_thresholds(values: Sequence[tuple[float | str, str]]) -> list[tuple[float, str]]:
    """The thresholds as they would be saved (lowest first, labels trimmed), or InvalidInput
    with one sentence about the first problem. Percentages may be typed text ("51", "51 %")."""
    if not values:
        raise InvalidInput(_("Keep at least one threshold, like 51% for a majority."))
    checked: list[tuple[float, str]] = []
    seen: set[float] = set()
    for percent, label in values:
        value = _check_threshold_percent(percent)
        if value in seen:
            raise InvalidInput(
                _("{percent} is there twice; give each threshold its own percentage.")
                .format(percent=f"{value:g}%"))
        seen.add(value)
        checked.append((value, " ".join(str(label or "").split())))
    return sorted(checked)


def set_thresholds(vault: Vault, values: Sequence[tuple[float | str, str]]) -> None:
    """Replace the thresholds (percent, label) as a whole; all or nothing."""
    checked = check_thresholds(values)
    stamp = records.now()
    with vault.transaction() as conn:
        conn.execute("DELETE FROM threshold")
        conn.executemany(
            "INSERT INTO threshold (id, percent, label, created_at, updated_at) "
            "VALUES (?,?,?,?,?)",
            [(records.new_id(), p, label, stamp, stamp) for p, label in checked],
        )


# ----- departments, shifts, sites -----------------------------------------------------------


def list_entries(vault: Vault, kind: ListKind) -> list[ListEntry]:
    _check_kind(kind)
    rows = vault.connection.execute(
        f"SELECT id, name, position FROM {kind} ORDER BY position, name COLLATE NOCASE"
    ).fetchall()
    return [ListEntry(str(i), str(n), int(p)) for i, n, p in rows]


def add_list_entry(vault: Vault, kind: ListKind, name: str) -> ListEntry:
    _check_kind(kind)
    name = name.strip()
    if not name:
        raise InvalidInput(_(_NEEDS_A_NAME[kind]))
    existing = vault.connection.execute(
        f"SELECT id, name, position FROM {kind} WHERE name = ? COLLATE NOCASE", (name,)
    ).fetchone()
    if existing:
        return ListEntry(str(existing[0]), str(existing[1]), int(existing[2]))
    stamp = records.now()
    entry_id = records.new_id()
    with vault.transaction() as conn:
        position = conn.execute(f"SELECT coalesce(max(position), 0) + 1 FROM {kind}").fetchone()[0]
        conn.execute(
            f"INSERT INTO {kind} (id, name, position, created_at, updated_at) VALUES (?,?,?,?,?)",
            (entry_id, name, position, stamp, stamp),
        )
    return ListEntry(entry_id, name, int(position))


def rename_list_entry(vault: Vault, kind: ListKind, entry_id: str, name: str) -> None:
    _check_kind(kind)
    name = name.strip()
    if not name:
        raise InvalidInput(_(_NEEDS_A_NAME[kind]))
    clash = vault.connection.execute(
        f"SELECT 1 FROM {kind} WHERE name = ? COLLATE NOCASE AND id <> ?", (name, entry_id)
    ).fetchone()
    if clash:
        raise InvalidInput(_(_ALREADY_CALLED[kind]).format(name=name))
    with vault.transaction() as conn:
        conn.execute(
            f"UPDATE {kind} SET name = ?, updated_at = ? WHERE id = ?",
            (name, records.now(), entry_id),
        )


def remove_list_entry(vault: Vault, kind: ListKind, entry_id: str) -> int:
    """Remove an entry; people in it keep their records with the field left blank.

    Returns how many people were in it, so the caller can say so.
    """
    _check_kind(kind)
    column = f"{kind}_id"
    with vault.transaction() as conn:
        count = conn.execute(
            f"SELECT count(*) FROM person WHERE {column} = ?", (entry_id,)
        ).fetchone()[0]
        conn.execute(f"DELETE FROM {kind} WHERE id = ?", (entry_id,))
    return int(count)


def _check_kind(kind: str) -> None:
    if kind not in LIST_KINDS:
        raise ValueError(f"unknown list {kind!r}")


# ----- per-vault app settings ---------------------------------------------------------------


def setting(vault: Vault, key: str) -> str:
    row = vault.connection.execute(
        "SELECT value FROM app_setting WHERE key = ?", (key,)
    ).fetchone()
    if row:
        return str(row[0])
    return DEFAULT_SETTINGS.get(key, "")


def set_setting(vault: Vault, key: str, value: str) -> None:
    stamp = records.now()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO app_setting (id, key, value, created_at, updated_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (records.new_id(), key, value, stamp, stamp),
        )


def auto_lock_minutes(vault: Vault) -> int:
    """Minutes of inactivity before the app locks (0 never; the default is 5)."""
    return _int_setting(vault, "auto_lock_minutes", 5, 0, 240)


def set_auto_lock_minutes(vault: Vault, minutes: int) -> None:
    if not 0 <= minutes <= 240:
        raise InvalidInput(_("Auto-lock must be between 0 (never) and 240 minutes."))
    set_setting(vault, "auto_lock_minutes", str(minutes))


def clipboard_clear_seconds(vault: Vault) -> int:
    """Seconds before a copied phone number or email is cleared from the clipboard."""
    return _int_setting(vault, "clipboard_clear_seconds", 30, 5, 600)


def set_clipboard_clear_seconds(vault: Vault, seconds: int) -> None:
    if not 5 <= seconds <= 600:
        raise InvalidInput(_("Clipboard clearing must be between 5 and 600 seconds."))
    set_setting(vault, "clipboard_clear_seconds", str(seconds))


def hide_from_capture(vault: Vault) -> bool:
    """Keep Organizer's windows out of screenshots and screen sharing (on by default; only
    Windows and macOS can)."""
    return setting(vault, "hide_from_capture") != "0"


def set_hide_from_capture(vault: Vault, hidden: bool) -> None:
    set_setting(vault, "hide_from_capture", "1" if hidden else "0")


def not_contacted_days(vault: Vault) -> int:
    """Today's "no one has talked to them in N days" list uses this N."""
    return _int_setting(vault, "not_contacted_days", 30, 1, 3650)


def set_not_contacted_days(vault: Vault, days: int) -> None:
    if not 1 <= days <= 3650:
        raise InvalidInput(_("Use between 1 and 3650 days."))
    set_setting(vault, "not_contacted_days", str(days))


def _int_setting(vault: Vault, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(setting(vault, key))
    except ValueError:
        return default
    return value if low <= value <= high else default
