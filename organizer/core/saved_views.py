"""Saved views: a People filter kept under a name ("Night shift 2s and 3s") and read back.

The filter is stored as JSON, one key per `PeopleFilter` field that differs from its
default, found with `dataclasses.fields`: a field added to PeopleFilter later is saved and
read with no change here, and a view saved before it reads with that field at its default.
A key this version does not know (a filter field since removed) is refused when the view is
read, in one sentence: a view that silently dropped a condition would list the wrong people.
Names are unique case-insensitively. Views stay in this vault (not shared, like call lists).
"""

from __future__ import annotations

import enum
import json
import types
import typing
from dataclasses import dataclass, fields
from typing import Any

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.i18n import _

MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class SavedView:
    id: str
    name: str
    people_filter: PeopleFilter


class _Unreadable(Exception):
    pass


# ----- the filter as JSON ------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, (frozenset, set, tuple, list)):
        items: list[Any] = [_plain(v) for v in value]
        try:
            return sorted(items)  # the same filter, the same text
        except TypeError:
            return sorted(items, key=repr)
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    return value


def filter_to_json(people_filter: PeopleFilter) -> str:
    """The filter's fields that differ from their defaults, as JSON (sets as sorted lists)."""
    default = PeopleFilter()
    chosen = {
        f.name: _plain(getattr(people_filter, f.name))
        for f in fields(PeopleFilter)
        if getattr(people_filter, f.name) != getattr(default, f.name)
    }
    return json.dumps(chosen, sort_keys=True, ensure_ascii=False)


def _read(hint: Any, value: object) -> object:
    """`value` read from JSON as the field's type `hint`, or _Unreadable."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _read(option, value)
            except _Unreadable:
                continue
        raise _Unreadable
    if origin in (frozenset, set, tuple, list):
        if not isinstance(value, list):
            raise _Unreadable
        (item,) = typing.get_args(hint)[:1] or (Any,)
        items = [_read(item, v) for v in value]
        return frozenset(items) if origin in (frozenset, set) else origin(items)
    if hint is Any:
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise _Unreadable
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Unreadable
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise _Unreadable
    if hint is str:
        if isinstance(value, str):
            return value
        raise _Unreadable
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            raise _Unreadable from None
    raise _Unreadable


def filter_from_json(text: str) -> PeopleFilter:
    """The filter saved as `text`; InvalidInput, in one sentence, for keys this version
    does not know or values of the wrong kind."""
    try:
        saved = json.loads(text)
    except (ValueError, TypeError):
        saved = None
    if not isinstance(saved, dict):
        raise InvalidInput(_("This saved view is damaged and cannot be read; delete it and "
                             "save the filter again."))
    hints = typing.get_type_hints(PeopleFilter)
    known = {f.name for f in fields(PeopleFilter) if f.init}
    unknown = sorted(set(saved) - known)
    if unknown:
        raise InvalidInput(_(
            "This saved view uses a filter this version of Organizer does not know "
            "({names}), so it was not applied; delete it and save the "
            "filter again."
        ).format(names=", ".join(unknown)))
    values: dict[str, object] = {}
    for name, value in saved.items():
        try:
            values[name] = _read(hints[name], value)
        except _Unreadable:
            raise InvalidInput(_(
                "This saved view holds a filter ({name}) this version of Organizer cannot "
                "read, so it was not applied; delete it and save the filter again."
            ).format(name=name)) from None
    return PeopleFilter(**values)  # type: ignore[arg-type]


# ----- the views ---------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.replace("\x00", "").split())
    if not cleaned:
        raise InvalidInput(_("A saved view needs a name."))
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput(_("A saved view's name can be at most {limit} characters.")
                           .format(limit=MAX_NAME_CHARS))
    return cleaned


def _clash(conn: Any, name: str, view_id: str | None) -> str | None:
    """The id of another view of this name (in any case), if any."""
    for other_id, other_name in conn.execute("SELECT id, name FROM saved_view").fetchall():
        if str(other_name).casefold() == name.casefold() and other_id != view_id:
            return str(other_id)
    return None


def list_views(vault: Vault) -> list[tuple[str, str]]:
    """(id, name) of every saved view, by name. The filters are read by `get_view`, so one
    that cannot be read does not hide the others."""
    rows = vault.connection.execute("SELECT id, name FROM saved_view").fetchall()
    return sorted(((str(i), str(n)) for i, n in rows), key=lambda v: (v[1].casefold(), v[0]))


def get_view(vault: Vault, view_id: str) -> SavedView:
    row = vault.connection.execute(
        "SELECT id, name, filter FROM saved_view WHERE id = ?", (view_id,)
    ).fetchone()
    if row is None:
        raise InvalidInput(_("This saved view no longer exists (was it deleted?)."))
    return SavedView(str(row[0]), str(row[1]), filter_from_json(str(row[2])))


def save_view(
    vault: Vault, name: str, people_filter: PeopleFilter, *, replace: bool = False
) -> SavedView:
    """Save the filter under `name`. A view of that name (in any case) is refused, unless
    `replace`: then its filter becomes this one (its name keeps its spelling)."""
    name = _clean_name(name)
    text = filter_to_json(people_filter)
    stamp = records.now()
    with vault.transaction() as conn:
        existing = _clash(conn, name, None)
        if existing is not None:
            if not replace:
                raise InvalidInput(
                    _("There is already a saved view called {name}.").format(name=name))
            conn.execute(
                "UPDATE saved_view SET filter = ?, updated_at = ? WHERE id = ?",
                (text, stamp, existing),
            )
            view_id = existing
        else:
            view_id = records.new_id()
            conn.execute(
                "INSERT INTO saved_view (id, name, filter, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (view_id, name, text, stamp, stamp),
            )
    return get_view(vault, view_id)


def rename_view(vault: Vault, view_id: str, name: str) -> None:
    name = _clean_name(name)
    with vault.transaction() as conn:
        if _clash(conn, name, view_id) is not None:
            raise InvalidInput(_("There is already a saved view called {name}.").format(name=name))
        cursor = conn.execute(
            "UPDATE saved_view SET name = ?, updated_at = ? WHERE id = ?",
            (name, records.now(), view_id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_("This saved view no longer exists (was it deleted?)."))


def delete_view(vault: Vault, view_id: str) -> None:
    with vault.transaction() as conn:
        cursor = conn.execute("DELETE FROM saved_view WHERE id = ?", (view_id,))
        if cursor.rowcount != 1:
            raise InvalidInput(_("This saved view no longer exists (was it deleted?)."))
