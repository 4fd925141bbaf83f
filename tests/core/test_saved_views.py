"""Saved views: a People filter saved under a name reads back equal, names are unique
case-insensitively, and a view this version cannot read is refused in one sentence."""

from __future__ import annotations

import json
import typing
from dataclasses import fields

import pytest

from organizer.core import people, saved_views
from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, count, department, shift


def _every_field_set(vault: Vault) -> PeopleFilter:
    """A filter with every field away from its default, whatever fields PeopleFilter has."""
    night, packing = shift(vault, "Night"), department(vault, "Packing")
    maya = add(vault, "Maya", is_oc_member=True).id
    by_type: dict[str, object] = {
        "department_ids": frozenset({packing, people.NO_DEPARTMENT}),
        "shift_ids": frozenset({night}),
        "assessments": frozenset({2, 3, 0}),
        "assigned_oc_member_id": maya,
        "not_contacted_days": 30,
        "name_contains": "Ok",
    }
    hints = typing.get_type_hints(PeopleFilter)
    values: dict[str, object] = {}
    for f in fields(PeopleFilter):
        default = getattr(PeopleFilter(), f.name)
        if f.name in by_type:
            values[f.name] = by_type[f.name]
        elif isinstance(default, bool):
            values[f.name] = not default
        elif isinstance(default, frozenset):
            values[f.name] = frozenset({"a" * 32, "b" * 32})
        elif isinstance(default, str):
            values[f.name] = "x"
        elif default is None:
            values[f.name] = 7 if int in typing.get_args(hints[f.name]) else "c" * 32
    return PeopleFilter(**values)  # type: ignore[arg-type]


def test_a_saved_filter_reads_back_equal(vault: Vault) -> None:
    night_2s_and_3s = _every_field_set(vault)
    saved = saved_views.save_view(vault, "Night shift 2s and 3s", night_2s_and_3s)
    assert saved.people_filter == night_2s_and_3s
    again = saved_views.get_view(vault, saved.id)
    assert (again.name, again.people_filter) == ("Night shift 2s and 3s", night_2s_and_3s)
    # Only what differs from the defaults is stored, sets as sorted lists.
    stored = json.loads(vault.connection.execute(
        "SELECT filter FROM saved_view WHERE id = ?", (saved.id,)).fetchone()[0])
    assert stored["assessments"] == [0, 2, 3]
    plain = saved_views.save_view(vault, "Everyone", PeopleFilter())
    assert vault.connection.execute(
        "SELECT filter FROM saved_view WHERE id = ?", (plain.id,)).fetchone()[0] == "{}"
    assert saved_views.get_view(vault, plain.id).people_filter == PeopleFilter()


def test_the_same_filter_gives_the_same_people_after_reading_it_back(vault: Vault) -> None:
    night = shift(vault, "Night")
    ana = add(vault, "Ana", shift_id=night).id
    add(vault, "Bo")
    people.record_assessment(vault, ana, 2)
    wanted = PeopleFilter(shift_ids=frozenset({night}), assessments=frozenset({2, 3}))
    view = saved_views.save_view(vault, "Night 2s and 3s", wanted)
    assert people.people_ids(vault, saved_views.get_view(vault, view.id).people_filter) == [ana]


def test_names_are_unique_in_any_case(vault: Vault) -> None:
    first = saved_views.save_view(vault, "Night shift", PeopleFilter(oc_members_only=True))
    other = saved_views.save_view(vault, "Day shift", PeopleFilter())
    with pytest.raises(InvalidInput, match="already a saved view called NIGHT SHIFT"):
        saved_views.save_view(vault, "NIGHT SHIFT", PeopleFilter())
    with pytest.raises(InvalidInput, match="already a saved view"):
        saved_views.rename_view(vault, other.id, "night  shift")
    with pytest.raises(InvalidInput, match="needs a name"):
        saved_views.save_view(vault, "   ", PeopleFilter())
    assert count(vault, "saved_view") == 2
    # Saving over it on purpose keeps its name and takes the new filter.
    replaced = saved_views.save_view(vault, "night shift", PeopleFilter(current_only=True),
                                     replace=True)
    assert (replaced.id, replaced.name) == (first.id, "Night shift")
    assert replaced.people_filter == PeopleFilter(current_only=True)
    saved_views.rename_view(vault, first.id, "Night Shift")  # its own name, another case
    assert saved_views.list_views(vault) == [(other.id, "Day shift"),
                                             (first.id, "Night Shift")]
    saved_views.delete_view(vault, other.id)
    assert saved_views.list_views(vault) == [(first.id, "Night Shift")]
    with pytest.raises(InvalidInput, match="no longer exists"):
        saved_views.delete_view(vault, other.id)


@pytest.mark.parametrize("stored, says", [
    ('{"shift_ids": ["x"], "favourite_colour": "red"}', "does not know \\(favourite_colour\\)"),
    ('{"assessments": "2-3"}', "cannot read"),
    ('{"oc_members_only": 1}', "cannot read"),
    ('{"not_contacted_days": true}', "cannot read"),
    ("[1, 2]", "damaged"),
    ("not json", "damaged"),
])
def test_a_view_this_version_cannot_read_is_refused_in_a_sentence(
    vault: Vault, stored: str, says: str
) -> None:
    view = saved_views.save_view(vault, "Odd", PeopleFilter())
    kept = saved_views.save_view(vault, "Fine", PeopleFilter(current_only=True))
    with vault.transaction() as conn:
        conn.execute("UPDATE saved_view SET filter = ? WHERE id = ?", (stored, view.id))
    with pytest.raises(InvalidInput, match=says):
        saved_views.get_view(vault, view.id)
    # The list still shows it (to delete it), and the others still read.
    assert [name for _, name in saved_views.list_views(vault)] == ["Fine", "Odd"]
    assert saved_views.get_view(vault, kept.id).people_filter.current_only
