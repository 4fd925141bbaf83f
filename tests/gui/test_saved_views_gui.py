"""Saved views in the window: the People page's Views menu saves the filters shown and puts
every filter control back; the Call lists page calls exactly the people a view shows. Real
widgets, real vaults."""

from __future__ import annotations

from typing import Any

from organizer.core import people, saved_views, tags
from organizer.core.committee import identity
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui import messages, saved_views_ui
from organizer.gui.main_window import CALL_LISTS, PEOPLE, MainWindow
from tests.gui.settling import settle
from tests.gui.test_small_screens import ROOM, _hidden_buttons
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def names_shown(window: MainWindow) -> list[str]:
    settle()
    model = window.people_page.model
    return sorted(model.row(r).display_name for r in range(model.rowCount()))  # type: ignore[union-attr]


def test_a_saved_view_puts_every_filter_back(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed, monkeypatch: Any
) -> None:
    (signed,) = tags.ensure_tags(vault, ["Card signed"])
    tags.add_tags(vault, [seeded.people[n] for n in ("Kim Rossi", "Sam Lee", "Ana Silva")],
                  [signed.id])
    page = window.people_page
    window.show_section(PEOPLE)
    page.refresh()
    settle()
    page.department_filter.setCurrentIndex(
        page.department_filter.findData(seeded.departments["Infrastructure"]))
    page.assessment_from.setCurrentIndex(page.assessment_from.findData(2))
    page.assessment_to.setCurrentIndex(page.assessment_to.findData(3))
    page.tag_filter.tag_actions[signed.id].trigger()
    page.name_filter.setText("i")
    page.apply_filters()
    shown = names_shown(window)
    assert shown == ["Ana Silva", "Kim Rossi"]
    wanted = page.current_filter()

    monkeypatch.setattr(saved_views_ui, "ask_view_name", lambda *a, **k: "Infra 2-3 signed")
    page.views_button.save_action.trigger()
    ((view_id, name),) = saved_views.list_views(vault)
    assert name == "Infra 2-3 signed"
    assert saved_views.get_view(vault, view_id).people_filter == wanted

    page.clear_filters()
    assert len(names_shown(window)) == 8
    page.views_button.view_actions[view_id].trigger()
    assert page.current_filter() == wanted
    assert names_shown(window) == shown
    assert page.tag_filter in page.active_filters()
    assert page.clear_filters_button.isEnabled()

    # The same name again: asked before replacing.
    page.leaders_only.setChecked(True)
    messages.answer_next(True)
    page.views_button.save_action.trigger()
    assert "already a saved view" in messages.seam.seen[-1].text
    assert saved_views.get_view(vault, view_id).people_filter.organic_leaders_only


def test_a_view_of_my_people_and_unassigned_and_the_flags_round_trips(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    identity.ensure_identity(vault, "Jo")
    identity.set_my_person(vault, seeded.people["Jo Berg"])
    page = window.people_page
    window.show_section(PEOPLE)
    page.refresh()
    settle()
    for chosen in (
        PeopleFilter(assigned_oc_member_id=seeded.people["Jo Berg"], organic_leaders_only=True),
        PeopleFilter(unassigned_only=True, oc_members_only=True, not_contacted_days=40),
        PeopleFilter(shift_ids=frozenset({seeded.shifts["Night"]}), assessments=frozenset({0})),
    ):
        page.set_filter(chosen)
        assert page.current_filter() == chosen


def test_the_people_page_with_views_still_fits_1024_by_600(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    tags.ensure_tags(vault, ["Card signed"])
    saved_views.save_view(vault, "Everyone", PeopleFilter())
    identity.ensure_identity(vault, "Jo")
    identity.set_my_person(vault, seeded.people["Jo Berg"])
    window.resize(ROOM)
    page = window.people_page
    window.show_section(PEOPLE)
    page.refresh()
    settle()
    page.table.selectAll()
    settle()  # the list read done: "Loading…" gone from the bottom row
    qtbot.wait(20)
    area = window.pages.currentWidget()
    assert page.minimumSizeHint().width() <= area.maximumViewportSize().width()  # type: ignore[attr-defined]
    assert _hidden_buttons(window, page) == []
    assert people.count_people(vault) == 8


def test_the_call_lists_page_calls_exactly_the_people_a_saved_view_shows(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    infrastructure = PeopleFilter(department_ids=frozenset({seeded.departments["Infrastructure"]}))
    view = saved_views.save_view(vault, "Infrastructure", infrastructure)
    nobody = saved_views.save_view(vault, "Nobody", PeopleFilter(name_contains="zzz"))
    window.show_section(CALL_LISTS)
    calls = window.call_lists_page
    assert calls.saved_view.isVisibleTo(calls)

    calls.saved_view.setCurrentIndex(calls.saved_view.findData(view.id))
    settle()
    expected = {seeded.people[n] for n in (
        "Ana Silva", "Kim Rossi", "Maya Okafor", "Noor Khan", "Ravi Kumar")}
    assert calls.preset_row.isVisible()
    assert "the saved view \u201cInfrastructure\u201d" in calls.preset_label.text()
    assert calls.count_label.text() == "5 people"
    built = calls.build()
    assert built is not None and set(built.person_ids) == expected

    # A view that shows no one: said, and the list is not preset to everyone.
    calls.clear_preset()
    messages.answer_next(True)
    calls.saved_view.setCurrentIndex(calls.saved_view.findData(nobody.id))
    assert "shows no one" in messages.seam.seen[-1].text
    assert not calls.preset_row.isVisible()
    assert calls.saved_view.currentIndex() == 0
