"""The People page's assessment range, the marks on filters that are on, the columns and name
order kept in the vault, and "Make a call list" handing exactly the people shown to the Call
lists page. Real widgets on a real seeded vault."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from organizer.core import campaign, people
from organizer.core.committee import identity
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.main_window import CALL_LISTS, PEOPLE, MainWindow
from organizer.gui.people_model import COLUMNS_SETTING, Column
from organizer.gui.people_page import FILTER_ON, PeoplePage
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    make_window,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

LEFT = Qt.MouseButton.LeftButton
EVERYONE = ["Ana Silva", "Jo Berg", "Kim Rossi", "Lee Novak", "Maya Okafor", "Noor Khan",
            "Ravi Kumar", "Sam Lee"]


def shown(page: PeoplePage) -> list[str]:
    settle()  # the list is read in the thread pool
    model = page.model
    return [model.row(r).display_name for r in range(model.rowCount())]  # type: ignore[union-attr]


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)


def people_page(window: MainWindow) -> PeoplePage:
    window.show_section(PEOPLE)
    settle()
    return window.people_page


# ----- the assessment range -----------------------------------------------------------------


def test_an_assessment_range_shows_exactly_the_people_scored_in_it(
    qtbot: Any, window: MainWindow
) -> None:
    page = people_page(window)
    assert not page.assessment_to.isEnabled()  # "to" means nothing before a score

    choose(page.assessment_from, 2)
    assert page.assessment_to.isEnabled() and page.assessment_to.currentData() == 2
    assert shown(page) == ["Ana Silva"]  # one choice alone: that one score
    choose(page.assessment_to, 3)
    assert shown(page) == ["Ana Silva", "Kim Rossi", "Ravi Kumar", "Sam Lee"]
    assert page.model.people_filter.assessments == frozenset({2, 3})
    assert page.count_label.text() == "4 of 8 people match"

    choose(page.assessment_from, 1)  # "from" moves "to" with it: now one score again
    assert shown(page) == ["Noor Khan"]
    choose(page.assessment_to, 2)
    assert shown(page) == ["Ana Silva", "Noor Khan"]

    choose(page.assessment_from, 0)  # not yet assessed stays a choice, alone
    assert not page.assessment_to.isEnabled() and page.assessment_to.currentIndex() == -1
    assert shown(page) == ["Jo Berg", "Lee Novak", "Maya Okafor"]


def test_a_range_sent_from_elsewhere_shows_in_the_two_menus(
    qtbot: Any, window: MainWindow
) -> None:
    page = people_page(window)
    page.set_filter(PeopleFilter(assessments=frozenset({1, 2})))
    assert (page.assessment_from.currentData(), page.assessment_to.currentData()) == (1, 2)
    assert shown(page) == ["Ana Silva", "Noor Khan"]


# ----- filters that are on are marked -------------------------------------------------------


def marked(page: PeoplePage) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget) if w.accessibleDescription() == FILTER_ON]


def test_each_filter_that_is_on_is_bold_and_said_to_be_on_until_cleared(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    page = people_page(window)
    assert marked(page) == [] and not page.clear_filters_button.isEnabled()
    assert not page.department_filter.font().bold()

    choose(page.department_filter, seeded.departments["Infrastructure"])
    assert marked(page) == [page.department_filter]
    assert page.department_filter.font().bold()
    assert page.clear_filters_button.isEnabled()

    qtbot.mouseClick(page.leaders_only, LEFT)
    choose(page.assessment_from, 1)
    qtbot.keyClicks(page.name_filter, "noor")  # marked at once, before the typing pause
    assert set(marked(page)) == {page.department_filter, page.leaders_only,
                                 page.assessment_from, page.assessment_to, page.name_filter}
    assert all(w.font().bold() for w in marked(page))
    assert shown(page) == ["Noor Khan"]

    qtbot.mouseClick(page.clear_filters_button, LEFT)
    assert marked(page) == [] and not page.clear_filters_button.isEnabled()
    assert not any(w.font().bold() for w in (page.department_filter, page.leaders_only,
                                             page.assessment_from, page.name_filter))
    assert shown(page) == EVERYONE

    page.not_contacted.setChecked(True)  # the days count is part of that filter
    assert set(marked(page)) == {page.not_contacted, page.not_contacted_days}
    page.not_contacted.setChecked(False)
    assert not page.clear_filters_button.isEnabled()


# ----- columns and name order, kept in the vault --------------------------------------------


def test_a_hidden_column_stays_hidden_in_a_new_window_on_the_same_vault(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed, qt_settings_folder: Any
) -> None:
    page = people_page(window)
    table = page.table
    assert table.isColumnHidden(Column.TEAM) and not table.isColumnHidden(Column.LAST_CONTACT)

    menu = page.show_columns_menu(QPoint(10, 5))  # the header's right-click menu
    assert menu.isVisible()
    assert Column.NAME not in page.column_actions  # the name always shows
    page.column_actions[Column.LAST_CONTACT].trigger()
    menu.close()
    page.column_actions[Column.TEAM].trigger()
    page.column_actions[Column.JOB_TITLE].trigger()
    assert table.isColumnHidden(Column.LAST_CONTACT)
    assert not table.isColumnHidden(Column.TEAM) and not table.isColumnHidden(Column.JOB_TITLE)
    assert "team" in campaign.setting(vault, COLUMNS_SETTING).split(",")

    window.close()
    ravi = people.get_person(vault, seeded.people["Ravi Kumar"])
    ravi.team = "Pager crew"
    people.update_person(vault, ravi)
    again = make_window(qtbot, vault)
    table = again.people_page.table
    assert table.isColumnHidden(Column.LAST_CONTACT)
    assert not table.isColumnHidden(Column.TEAM) and not table.isColumnHidden(Column.JOB_TITLE)
    assert again.people_page.column_actions[Column.TEAM].isChecked()
    # Kept in the vault, nowhere else.
    assert not any("team" in f.read_text(errors="replace")
                   for f in qt_settings_folder.rglob("*") if f.is_file())
    model = again.people_page.model
    settle()
    assert model.data(model.index(model.row_of(ravi.id), Column.TEAM)) == "Pager crew"


def test_accented_names_sort_with_their_letter_in_the_table(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    people.add_person(vault, people.Person(name="élise Martin"))
    people.add_person(vault, people.Person(name="Ávila Ruiz"))
    page = people_page(window)
    page.refresh()
    assert shown(page) == ["Ana Silva", "Ávila Ruiz", "élise Martin", *EVERYONE[1:]]


def test_sorting_by_last_name_is_kept_for_the_campaign(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    page = people_page(window)
    assert not page.last_name_action.isChecked()
    page.last_name_action.trigger()
    by_last = ["Jo Berg", "Noor Khan", "Ravi Kumar", "Sam Lee", "Lee Novak", "Maya Okafor",
               "Kim Rossi", "Ana Silva"]
    assert shown(page) == by_last
    assert page.model.headerData(Column.NAME, Qt.Orientation.Horizontal) == \
        "Name (by last name)"
    assert people.sorts_by_last_name(vault)

    again = PeoplePage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(again)
    assert again.last_name_action.isChecked()
    assert shown(again) == by_last


# ----- a call list of the people shown ------------------------------------------------------


def test_make_a_call_list_sends_the_filter_and_the_call_list_has_exactly_those_people(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    page = people_page(window)
    infrastructure = seeded.departments["Infrastructure"]
    choose(page.department_filter, infrastructure)
    expected = ["Ana Silva", "Kim Rossi", "Maya Okafor", "Noor Khan", "Ravi Kumar"]
    assert shown(page) == expected  # Maya is on the OC: a call list leaves her out by itself
    with qtbot.waitSignal(page.call_list_requested) as sent:
        qtbot.mouseClick(page.call_list_button, LEFT)
    chosen = sent.args[0]
    assert isinstance(chosen, PeopleFilter)
    assert chosen.department_ids == frozenset({infrastructure})
    assert chosen.person_ids == frozenset(seeded.people[name] for name in expected)

    # The window took it: the Call lists page is shown, preset to exactly those people.
    settle()
    assert window.current_section() == CALL_LISTS
    calls = window.call_lists_page
    assert isinstance(calls, CallListsPage)
    assert calls.preset_row.isVisible()
    assert calls.count_label.text() == "5 people"
    built = calls.build()
    assert built is not None
    assert sorted(built.person_ids) == sorted(chosen.person_ids)

    choose(calls.assessment_from, 3)  # the choices still narrow it
    calls.update_count()
    settle()
    assert calls.count_label.text() == "2 people"
    qtbot.mouseClick(calls.preset_clear_button, LEFT)
    settle()
    assert not calls.preset_row.isVisible()
    assert calls.count_label.text() == "3 people"  # every 3 but the OC members


def test_nothing_shown_means_no_call_list(qtbot: Any, window: MainWindow) -> None:
    page = people_page(window)
    qtbot.keyClicks(page.name_filter, "nobody by this name")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)
    assert not page.call_list_button.isEnabled()
    assert page.request_call_list() is None


# ----- keyboard, names, small screens -------------------------------------------------------


def test_the_new_controls_are_in_the_tab_order_and_named(
    qtbot: Any, window: MainWindow
) -> None:
    page = people_page(window)
    chain: list[QWidget] = []
    widget: QWidget = page.name_filter
    while widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    for control in (page.assessment_from, page.assessment_to, page.clear_filters_button,
                    page.columns_button, page.call_list_button):
        assert control in chain
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus
    unnamed = []
    for control in page.findChildren(QWidget):
        if not isinstance(control, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractButton):
            continue
        if not control.isVisibleTo(page) or control.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(control, QLineEdit) and isinstance(control.parent(),
                                                         QComboBox | QAbstractSpinBox):
            continue
        text = control.text() if isinstance(control, QAbstractButton) else ""
        if not (control.accessibleName() or text):
            unnamed.append(control)
    assert unnamed == []
    assert all(action.text() for action in page.columns_menu.actions()
               if not action.isSeparator())


def test_with_my_people_and_every_filter_on_the_page_fits_a_1024_screen(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    identity.ensure_identity(vault, "Maya")
    identity.set_my_person(vault, seeded.people["Maya Okafor"])
    window.resize(1024, 570)
    page = people_page(window)
    page.refresh()
    settle()
    assert page.my_people.isVisible()
    choose(page.department_filter, seeded.departments["Infrastructure"])
    choose(page.assessment_from, 1)
    for box in (page.oc_only, page.leaders_only, page.not_contacted):
        box.setChecked(True)
    area = window.pages.currentWidget()
    assert isinstance(area, QAbstractScrollArea)
    assert page.minimumSizeHint().width() <= area.maximumViewportSize().width()
