"""The People page: adding people, filters that combine, sorting, bulk actions, the lazy model."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QPoint, Qt, QThreadPool

from organizer.core import people, workplace_issues
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui import people_page as people_page_module
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.main_window import PEOPLE, PERSON, MainWindow
from organizer.gui.people_model import PERSON_ID_ROLE, Column, PeopleModel
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    big_template_fixture,
    big_vault_fixture,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def names_shown(window: MainWindow) -> list[str]:
    settle()  # the list is read in the thread pool
    model = window.people_page.model
    return [model.row(r).display_name for r in range(model.rowCount())]  # type: ignore[union-attr]


def test_adding_a_person_through_the_form_shows_them_in_the_people_table(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    window.show_section(PEOPLE)
    qtbot.mouseClick(window.people_page.add_button, Qt.MouseButton.LeftButton)
    assert window.current_section() == PERSON
    page = window.person_page
    qtbot.keyClicks(page.name, "Priya Natarajan")
    qtbot.keyClicks(page.department.lineEdit(), "Warehouse")  # a new department, made on save
    qtbot.keyClicks(page.job_title, "Picker")
    qtbot.keyClicks(page.personal_phone, "+1 555 0177")
    qtbot.keyClick(page.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert page.person is not None, page.error_label.text()
    saved = people.get_person(vault, page.person.id)
    assert (saved.name, saved.job_title, saved.personal_phone) == (
        "Priya Natarajan", "Picker", "+1 555 0177"
    )
    assert not page.has_unsaved_changes()

    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.current_section() == PEOPLE
    assert "Priya Natarajan" in names_shown(window)
    row = window.people_page.model.row(window.people_page.model.row_of(saved.id))
    assert row is not None and row.department == "Warehouse"
    assert "9 people" in window.people_page.count_label.text()


def test_a_person_without_a_name_is_not_saved_and_the_form_says_why(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    window.new_person()
    page = window.person_page
    qtbot.keyClicks(page.job_title, "Driver")
    qtbot.keyClicks(page.start_date, "last spring")
    assert not page.save()
    assert page.error_label.isVisibleTo(page)
    assert "needs a name" in page.error_label.text()
    assert people.count_people(vault) == 8


def test_department_and_assessment_filters_combine(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    page.department_filter.setCurrentIndex(
        page.department_filter.findData(seeded.departments["Infrastructure"])
    )
    assert sorted(names_shown(window)) == [
        "Ana Silva", "Kim Rossi", "Maya Okafor", "Noor Khan", "Ravi Kumar",
    ]
    page.assessment_from.setCurrentIndex(page.assessment_from.findData(3))
    assert sorted(names_shown(window)) == ["Kim Rossi", "Ravi Kumar"]
    assert page.count_label.text() == "2 of 8 people match"

    page.assessment_from.setCurrentIndex(page.assessment_from.findData(0))  # not assessed
    assert sorted(names_shown(window)) == ["Maya Okafor"]

    page.oc_only.setChecked(True)
    page.assessment_from.setCurrentIndex(0)
    assert names_shown(window) == ["Maya Okafor"]

    page.clear_filters()
    settle()
    assert page.model.rowCount() == 8


def test_the_name_filter_waits_for_a_pause_in_typing(
    qtbot: Any, window: MainWindow
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    qtbot.keyClicks(page.name_filter, "lee")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    assert sorted(names_shown(window)) == ["Lee Novak", "Sam Lee"]


def test_sorting_by_assessment_puts_supporters_first_and_the_unassessed_last(
    qtbot: Any, window: MainWindow
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton,
        pos=QPoint(
            header.sectionViewportPosition(Column.ASSESSMENT) + 10, header.height() // 2
        ),
    )
    model = page.model
    settle()
    scores = [model.row(r).assessment for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert header.sortIndicatorSection() == Column.ASSESSMENT
    assert scores[:5] == [1, 2, 3, 3, 3]
    assert scores[5:] == [None, None, None]
    assert names_shown(window)[:2] == ["Noor Khan", "Ana Silva"]

    page.table.sortByColumn(Column.ASSESSMENT, Qt.SortOrder.DescendingOrder)
    settle()
    scores = [model.row(r).assessment for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert scores[:5] == [3, 3, 3, 2, 1]  # blanks still last


def test_bulk_assigning_an_oc_member_to_the_selected_rows(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed, monkeypatch: Any
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    settle()
    selection = page.table.selectionModel()
    chosen = ("Kim Rossi", "Lee Novak", "Noor Khan")
    for name in chosen:
        index = page.model.index(page.model.row_of(seeded.people[name]), 0)
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert page.assign_button.isEnabled()
    asked: list[list[str]] = []

    def choose(parent: Any, title: str, label: str, items: list[str], **_: Any) -> str:
        asked.append(items)
        return "Jo Berg"

    monkeypatch.setattr(people_page_module, "choose_item", choose)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)

    assert asked and "Jo Berg" in asked[0] and "Maya Okafor" in asked[0]
    for name in chosen:
        assert people.get_person(vault, seeded.people[name]).assigned_oc_member_id == (
            seeded.people["Jo Berg"]
        )
    assert people.get_person(vault, seeded.people["Ana Silva"]).assigned_oc_member_id == (
        seeded.people["Maya Okafor"]
    )
    # The table shows it, and the rows stay selected for the next bulk action.
    settle()
    row = page.model.row(page.model.row_of(seeded.people["Kim Rossi"]))
    assert row is not None and row.oc_member == "Jo Berg"
    assert set(page.selected_ids()) == {seeded.people[n] for n in chosen}
    # The OC member filter now finds them.
    page.oc_member_filter.setCurrentIndex(page.oc_member_filter.findData(seeded.people["Jo Berg"]))
    assert sorted(names_shown(window)) == ["Kim Rossi", "Lee Novak", "Noor Khan", "Sam Lee"]


def test_bulk_adding_a_new_issue_to_the_selected_rows(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed, monkeypatch: Any
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    page.department_filter.setCurrentIndex(page.department_filter.findData(seeded.departments["Sales"]))
    settle()
    page.table.selectAll()
    monkeypatch.setattr(people_page_module, "choose_item", lambda *a, **k: "Parking fees")
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)

    issue = next(i for i in workplace_issues.list_issues(vault) if i.name == "Parking fees")
    assert issue.people == 3
    page.clear_filters()
    page.issue_filter.setCurrentIndex(page.issue_filter.findData(issue.id))
    assert sorted(names_shown(window)) == ["Jo Berg", "Lee Novak", "Sam Lee"]


def test_enter_on_a_row_opens_the_persons_page(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    settle()  # the list is read in the thread pool
    page.select_person(seeded.people["Ravi Kumar"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_section() == PERSON
    assert window.person_page.person_id == seeded.people["Ravi Kumar"]


def test_the_lazy_model_fetches_only_the_pages_it_shows(big_vault: Vault, qtbot: Any) -> None:
    model = PeopleModel(big_vault, AssessmentScale.load(big_vault))
    with qtbot.waitSignal(model.ids_loaded, timeout=10_000):
        model.refresh()
    total = people.count_people(big_vault)
    assert total >= 2000
    assert model.rowCount() == total
    assert model.cached_row_count() == 0  # the ids alone: nothing fetched yet

    expected_ids = people.people_ids(big_vault)
    row = people.people_rows(big_vault, [expected_ids[1500]])[0]
    index = model.index(1500, Column.NAME)
    assert model.data(index, PERSON_ID_ROLE) == row.id
    assert model.data(index).startswith(row.display_name)
    assert model.data(model.index(1500, Column.DEPARTMENT)) == row.department
    assert model.cached_row_count() == model.PAGE_SIZE

    # Reading every row keeps no more than the cache's bound.
    for r in range(0, total, 7):
        model.data(model.index(r, Column.SHIFT))
    assert model.cached_row_count() <= model.MAX_PAGES * model.PAGE_SIZE
    assert model.data(model.index(total - 1, Column.NAME)) is not None


def test_the_query_runs_in_the_background_and_shows_the_same_rows(
    big_vault: Vault, qtbot: Any
) -> None:
    model = PeopleModel(big_vault, AssessmentScale.load(big_vault))
    with qtbot.waitSignal(model.ids_loaded, timeout=10_000):
        model.set_filter(PeopleFilter(assessments=frozenset({1, 2})))
        assert model.busy and model.rowCount() == 0  # the old rows stay until the new ids
    expected = people.people_ids(big_vault, PeopleFilter(assessments=frozenset({1, 2})))
    assert model.rowCount() == len(expected) > 0
    assert model.person_id(0) == expected[0]
    assert model.total == people.count_people(big_vault)
    assert not model.busy


def test_a_small_campaign_reads_the_same_way_off_the_gui_thread_on_its_own_connection(
    vault: Vault, qtbot: Any, monkeypatch: Any
) -> None:
    """No size threshold: eight people go through the thread pool like 100,000 do."""
    seen: list[tuple[bool, bool]] = []
    real_people_ids = people.people_ids

    def recording(reader: Vault, *args: Any, **kwargs: Any) -> list[str]:
        seen.append((threading.current_thread() is threading.main_thread(),
                     reader.connection is vault.connection))
        return real_people_ids(reader, *args, **kwargs)

    monkeypatch.setattr(people, "people_ids", recording)
    model = PeopleModel(vault, AssessmentScale.load(vault))
    with qtbot.waitSignal(model.ids_loaded, timeout=10_000):
        model.refresh()
    assert seen == [(False, False)]  # a worker thread, not the vault's main connection
    assert model.rowCount() == people.count_people(vault) == 8


def test_the_core_reads_the_table_uses_agree_on_a_second_connection(big_vault: Vault) -> None:
    not_contacted = PeopleFilter(not_contacted_days=30)
    with big_vault.on_own_connection() as reader:
        assert reader.connection is not big_vault.connection
        ids = people.people_ids(reader, not_contacted, people.PeopleSort.LAST_CONTACT)
        first = people.first_people_ids(
            reader, not_contacted, people.PeopleSort.LAST_CONTACT, limit=25
        )
    assert first == ids[:25]
    assert not reader.is_open  # its connection and key are gone
    assert big_vault.is_open


def test_a_model_thrown_away_mid_read_is_no_trouble(big_vault: Vault, qtbot: Any) -> None:
    for _ in range(3):
        model = PeopleModel(big_vault, AssessmentScale.load(big_vault))
        model.refresh()  # a read in the thread pool...
        model.refresh()  # ...overtaken (and interrupted) by a newer one
        model.deleteLater()  # the window goes, as on lock, while they run
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.processEvents()


# ----- the OC-member filter reads its list on first use -----------------------------------------

FIXED_OC_CHOICES = ["Any OC member", "No OC member yet"]


def oc_filter_texts(window: MainWindow) -> list[str]:
    combo = window.people_page.oc_member_filter
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_oc_member_filter_lists_the_oc_members_when_opened(
    qtbot: Any, window: MainWindow
) -> None:
    window.show_section(PEOPLE)
    combo = window.people_page.oc_member_filter
    # Unlocking read no OC members: only the fixed choices until the list is opened.
    assert oc_filter_texts(window) == FIXED_OC_CHOICES
    combo.showPopup()
    assert oc_filter_texts(window) == [
        *FIXED_OC_CHOICES, "Assigned to Jo Berg", "Assigned to Maya Okafor"
    ]
    combo.hidePopup()
    combo.setCurrentIndex(combo.findText("Assigned to Maya Okafor"))
    assert sorted(names_shown(window)) == ["Ana Silva", "Ravi Kumar"]


def test_the_keys_reach_every_oc_member_without_opening_the_list(
    qtbot: Any, window: MainWindow
) -> None:
    window.show_section(PEOPLE)
    combo = window.people_page.oc_member_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last choice: the last OC member by name
    assert combo.currentText() == "Assigned to Maya Okafor"
    assert sorted(names_shown(window)) == ["Ana Silva", "Ravi Kumar"]


def test_a_chosen_oc_member_stays_chosen_after_changes_until_they_are_gone(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    window.show_section(PEOPLE)
    combo = window.people_page.oc_member_filter
    combo.setCurrentIndex(combo.findData(seeded.people["Jo Berg"]))
    assert names_shown(window) == ["Sam Lee"]

    # Kim joins the OC (saved elsewhere): the page re-reads, Jo's filter stays as it was.
    kim = people.get_person(vault, seeded.people["Kim Rossi"])
    kim.is_oc_member = True
    people.update_person(vault, kim)
    window.person_page.data_changed.emit()  # what any change does: the window refreshes
    assert combo.currentText() == "Assigned to Jo Berg"
    assert names_shown(window) == ["Sam Lee"]
    combo.showPopup()
    assert "Assigned to Kim Rossi" in oc_filter_texts(window)
    assert combo.currentText() == "Assigned to Jo Berg"
    combo.hidePopup()

    # Jo is deleted: the next look at the list drops Jo's choice and shows everyone.
    people.delete_person(vault, seeded.people["Jo Berg"])
    window.person_page.data_changed.emit()
    combo.showPopup()
    combo.hidePopup()
    assert "Assigned to Jo Berg" not in oc_filter_texts(window)
    assert combo.currentText() == "Any OC member"
    assert len(names_shown(window)) == 7
