"""The People page: every coworker in one table, with filters that combine and bulk actions
(assign an OC member, add an issue, add or remove a tag) for the selected rows. "My people"
(shown once the vault knows which person is me) keeps the people assigned to me.

A filter that is on is marked in bold with the accessible description "Filter on", and
"Clear filters" is enabled only then. The columns shown, and whether names sort by last
name, are the campaign's settings (in the vault): the header's right-click menu and the
Columns button change them. "Make a call list" hands the people shown to the Call lists page
(`call_list_requested`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, people, tags, workplace_issues
from organizer.core.committee import identity
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter, assessment_range
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.assessment_badge import NOT_ASSESSED, AssessmentDelegate, AssessmentScale
from organizer.gui.flow_layout import FlowLayout
from organizer.gui.people_model import (
    ASSESSMENT_ROLE,
    COLUMN_KEYS,
    HEADERS,
    CampaignChoices,
    Column,
    PeopleModel,
    refill_choices,
    save_shown_columns,
    shown_columns,
)
from organizer.gui.saved_views_ui import ViewsButton
from organizer.gui.tags_ui import TagFilterButton
from organizer.i18n import N_, _, ngettext

TYPING_PAUSE_MS = 150
UNASSIGNED = "__unassigned__"
# The accessible description of a filter that is not at "any" (shown as _(FILTER_ON)).
FILTER_ON = N_("Filter on")
ComboT = TypeVar("ComboT", bound=QComboBox)


def choose_item(
    parent: QWidget, title: str, label: str, items: list[str], *, editable: bool = False
) -> str | None:
    """Ask the user to pick (or, if `editable`, type) one item; None when cancelled.

    A seam: tests replace it instead of driving a modal dialog.
    """
    # Translators: the app's name, as a window title: never translated (see the glossary).
    text, ok = QInputDialog.getItem(parent, _("Organizer"), label, items, 0, editable)
    return text.strip() if ok and text.strip() else None


class LazyChoicesCombo(QComboBox):
    """A filter whose long list is read on first use, not when the page is built.

    The OC-member filter lists every OC member (people.oc_members reads the whole person
    table, slow on a big campaign), and most visits to the People page never open it. Its
    fixed choices are there from the start; the rest are read the first time someone opens the
    list, moves through it with the keys or wheel, or code looks a choice up (findData,
    findText). `mark_stale()` drops the read list after a change, keeping what is chosen.
    """

    def __init__(
        self, fixed: list[tuple[str, object]], read: Callable[[], list[tuple[str, object]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fixed = fixed
        self._read = read
        self._stale = True
        self._rebuild([])

    def mark_stale(self) -> None:
        """Forget the read choices (they changed); the chosen one stays chosen until then."""
        self._stale = True
        index = self.currentIndex()
        chosen = self.itemData(index) if index >= 0 else None
        kept = [] if index < len(self._fixed) else [(self.itemText(index), chosen)]
        self._rebuild(kept)

    def ensure_filled(self) -> None:
        if not self._stale:
            return
        self._stale = False
        before = self.currentData()
        self._rebuild(self._read())
        if self.currentData() != before:  # the chosen one is gone (no longer on the OC)
            self.currentIndexChanged.emit(self.currentIndex())

    def _rebuild(self, items: list[tuple[str, object]]) -> None:
        # Signals off: the page re-filters on currentIndexChanged, and clear() and refilling
        # would make it query for every step in between.
        chosen = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            for text, value in [*self._fixed, *items]:
                self.addItem(text, value)
            index = super().findData(chosen) if chosen is not None else 0
            self.setCurrentIndex(max(0, index))
        finally:
            self.blockSignals(False)

    # First use: opening the list, keys, the wheel, or code looking a choice up.
    def showPopup(self) -> None:
        self.ensure_filled()
        super().showPopup()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        self.ensure_filled()
        super().keyPressEvent(e)

    def wheelEvent(self, e: QWheelEvent) -> None:
        self.ensure_filled()
        super().wheelEvent(e)

    def findData(self, *args: Any, **kwargs: Any) -> int:
        self.ensure_filled()
        return super().findData(*args, **kwargs)

    def findText(self, *args: Any, **kwargs: Any) -> int:
        self.ensure_filled()
        return super().findText(*args, **kwargs)


class RoomyLabel(QLabel):
    """A label shown only when it has room for all of its text: never a cut-off half."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.width() >= super().sizeHint().width():
            super().paintEvent(event)


class PeoplePage(QWidget):
    person_activated = Signal(str)
    add_person_requested = Signal()
    data_changed = Signal()
    # "Make a call list": a PeopleFilter, the one shown, with person_ids set to exactly the
    # people shown (for CallListsPage.start_list_for).
    call_list_requested = Signal(object)

    def __init__(
        self, vault: Vault, scale: AssessmentScale, parent: QWidget | None = None,
        *, choices: CampaignChoices | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.choices = choices or CampaignChoices(vault)
        self.model = PeopleModel(vault, scale, self)
        self._updating_filters = False
        self._keep: list[str] = []
        self._me: str | None = None  # the person who is me, once the vault knows

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)

        # Filters: what is "any" by default first, then the assessment range and the yes/no
        # filters, then the table; they wrap onto more lines when the window is narrow (a
        # 1024-pixel screen, a laptop at 150%: tests/gui/test_small_screens.py).
        filters = QWidget()
        flow = FlowLayout(filters)
        first = flow
        self.name_filter = QLineEdit()
        self.name_filter.setPlaceholderText(_("Filter by name"))
        self.name_filter.setAccessibleName(_("Filter by name"))
        self.name_filter.setClearButtonEnabled(True)
        self.name_filter.setMinimumWidth(180)
        first.addWidget(self.name_filter)
        self.department_filter = self._combo(_("Filter by department"))
        self.shift_filter = self._combo(_("Filter by shift"))
        self.site_filter = self._combo(_("Filter by site"))
        self.oc_member_filter = self._filter_combo(_("Filter by assigned OC member"),
                                                   LazyChoicesCombo(
            [(_("Any OC member"), None), (_("No OC member yet"), UNASSIGNED)],
            lambda: [(_("Assigned to {name}").format(name=name), i)
                     for i, name in self.choices.oc_members()],
        ))
        self.my_people = QCheckBox(_("M&y people"))
        self.my_people.setToolTip(_("Only the people you are the assigned OC member of"))
        self.my_people.hide()  # until the vault knows which person is me
        self.issue_filter = self._combo(_("Filter by issue"))
        for combo in (self.department_filter, self.shift_filter, self.site_filter,
                      self.oc_member_filter):
            first.addWidget(combo)
        first.addWidget(self.my_people)  # beside the OC member menu it stands in for
        first.addWidget(self.issue_filter)
        self.clear_filters_button = QPushButton(_("Clear filters"))
        self.clear_filters_button.setToolTip(_("Show everyone: every filter back to “any”"))
        self.clear_filters_button.clicked.connect(self.clear_filters)
        first.addWidget(self.clear_filters_button)
        self.views_button = ViewsButton(vault, self.current_filter)
        self.views_button.view_chosen.connect(self.set_filter)
        first.addWidget(self.views_button)

        # The range and the days stay beside their words when the filters wrap.
        assessment_range = QWidget()
        second = QHBoxLayout(assessment_range)
        second.setContentsMargins(0, 0, 0, 0)
        # An assessment range: "from" alone is one score (or "not yet assessed"); "to" widens
        # it, e.g. 1 to 2 for everyone supportive.
        self.assessment_from = self._filter_combo(_("Filter by assessment"), QComboBox(),
                                                  apply=False)
        self.assessment_from.setAccessibleName(_("Filter by assessment, from"))
        self.assessment_from.setToolTip(_("Filter by assessment: one, or the first of a range"))
        self.assessment_from.currentIndexChanged.connect(self._assessment_from_changed)
        self.assessment_to = self._filter_combo(_("Filter by assessment up to"), QComboBox())
        self.assessment_to.setAccessibleName(_("Filter by assessment, to"))
        self.assessment_to.setToolTip(_("The last assessment of the range, e.g. 1 to 2"))
        for combo in (self.assessment_from, self.assessment_to):
            combo.setMinimumContentsLength(10)  # "1 · Active supporter…": the row wraps
        # Translators: between the two assessment menus of a range: "1 · … to 2 · …".
        self.assessment_to_label = QLabel(_("to"))
        self.assessment_to_label.setBuddy(self.assessment_to)
        second.addWidget(self.assessment_from)
        second.addWidget(self.assessment_to_label)
        second.addWidget(self.assessment_to)
        flow.addWidget(assessment_range)
        self.tag_filter = TagFilterButton()
        self.tag_filter.hide()  # until the campaign has tags
        flow.addWidget(self.tag_filter)
        self.oc_only = QCheckBox(_("OC &members only"))
        self.leaders_only = QCheckBox(_("Organic &leaders"))
        # Translators: followed by a number of days: "Not talked to in [30 days]".
        self.not_contacted = QCheckBox(_("&Not talked to in"))
        self.not_contacted_days = QSpinBox()
        self.not_contacted_days.setRange(1, 3650)
        self.not_contacted_days.setAccessibleName(_("Not talked to in how many days"))
        self.not_contacted_days.setValue(campaign.not_contacted_days(vault))
        self._days_suffix()
        flow.addWidget(self.oc_only)
        flow.addWidget(self.leaders_only)
        days = QWidget()
        days_row = QHBoxLayout(days)
        days_row.setContentsMargins(0, 0, 0, 0)
        days_row.addWidget(self.not_contacted)
        days_row.addWidget(self.not_contacted_days)
        flow.addWidget(days)
        # What the table shows (a right-click on its header too).
        self.columns_button = QPushButton(_("Columns"))
        self.columns_button.setAccessibleName(_("Columns and name order"))
        self.columns_button.setToolTip(
            _("Show or hide columns; sort names by last name (also a right-click on the header)")
        )
        flow.addWidget(self.columns_button)
        outer.addWidget(filters)

        # Table ---------------------------------------------------------------------------
        self.table = QTableView()
        self.table.setAccessibleName(_("People"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows it does not show (100,000 rows).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 12
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        widths = {Column.NAME: 200, Column.DEPARTMENT: 140, Column.TEAM: 120,
                  Column.JOB_TITLE: 140, Column.SHIFT: 90, Column.SITE: 110,
                  Column.ASSESSMENT: 190, Column.OC_MEMBER: 170, Column.LAST_CONTACT: 100}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.columns_menu = self._build_columns_menu()
        self.columns_button.setMenu(self.columns_menu)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_columns_menu)
        self._show_columns(shown_columns(vault))
        self.table.setItemDelegateForColumn(
            Column.ASSESSMENT, AssessmentDelegate(scale, ASSESSMENT_ROLE, self.table)
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._activated)

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setEnabled(False)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        self.empty_button = QPushButton()
        self.empty_button.clicked.connect(self._empty_action)
        empty_row = QHBoxLayout()
        empty_row.addStretch(1)
        empty_row.addWidget(self.empty_button)
        empty_row.addStretch(1)
        empty_layout.addLayout(empty_row)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        outer.addWidget(self.stack, 1)

        # Actions -------------------------------------------------------------------------
        # Two groups that wrap onto two lines when the window is narrow: what to do with
        # the selection, then what the table shows and the call list of it.
        action_rows = QWidget()
        action_flow = FlowLayout(action_rows)
        selection_group = QWidget()
        actions = QHBoxLayout(selection_group)
        actions.setContentsMargins(0, 0, 0, 0)
        action_flow.addWidget(selection_group)
        self.add_button = QPushButton(_("&Add person…"))
        self.add_button.clicked.connect(self.add_person_requested)
        actions.addWidget(self.add_button)
        actions.addSpacing(16)
        self.selection_label = QLabel()
        actions.addWidget(self.selection_label)
        self.assign_button = QPushButton(_("Assign &OC member…"))
        self.assign_button.setToolTip(_("Give the selected people an OC member to talk with them"))
        self.assign_button.clicked.connect(self.ask_assign_oc_member)
        actions.addWidget(self.assign_button)
        self.issue_button = QPushButton(_("Add &issue…"))
        self.issue_button.setToolTip(_("Record that the selected people care about an issue"))
        self.issue_button.clicked.connect(self.ask_add_issue)
        actions.addWidget(self.issue_button)
        self.add_tag_button = QPushButton(_("Add ta&g…"))
        self.add_tag_button.setToolTip(_("Give the selected people a tag (type a new one to "
                                         "create it)"))
        self.add_tag_button.clicked.connect(self.ask_add_tag)
        actions.addWidget(self.add_tag_button)
        self.remove_tag_button = QPushButton(_("Remove tag…"))
        self.remove_tag_button.setToolTip(_("Take a tag off the selected people"))
        self.remove_tag_button.clicked.connect(self.ask_remove_tag)
        actions.addWidget(self.remove_tag_button)
        shown_group = QWidget()
        actions = QHBoxLayout(shown_group)
        actions.setContentsMargins(0, 0, 0, 0)
        action_flow.addWidget(shown_group)
        # In the room left over: on a small screen with rows selected it gives way.
        self.legend = RoomyLabel(_("<b>Bold</b>: on the OC  ·  ★ organic leader"))
        self.legend.setEnabled(False)
        actions.addWidget(self.legend, 1)
        self.busy_label = QLabel(_("Loading…"))
        self.busy_label.hide()
        actions.addWidget(self.busy_label)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("How many people are shown"))
        actions.addWidget(self.count_label)
        self.call_list_button = QPushButton(_("Make a call lis&t…"))
        self.call_list_button.setToolTip(
            _("Start a new call list of exactly the people shown here, on the Call lists page")
        )
        self.call_list_button.clicked.connect(self.request_call_list)
        self.call_list_button.setEnabled(False)  # until the list is read
        actions.addWidget(self.call_list_button)
        outer.addWidget(action_rows)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.ids_loaded.connect(self._ids_loaded)
        self.model.busy_changed.connect(self.busy_label.setVisible)
        # "Loading…" stands where the count goes (stale meanwhile): the bottom row must not
        # widen while a list is read, or on a 1024-pixel screen its buttons scroll away.
        self.model.busy_changed.connect(lambda busy: self.count_label.setVisible(not busy))
        self._name_timer = QTimer(self)
        self._name_timer.setSingleShot(True)
        self._name_timer.setInterval(TYPING_PAUSE_MS)
        self._name_timer.timeout.connect(self.apply_filters)
        self.name_filter.textChanged.connect(self._name_timer.start)
        for box in (self.my_people, self.oc_only, self.leaders_only, self.not_contacted):
            box.toggled.connect(self.apply_filters)
        # "My people" is an assigned OC member filter: the menu would contradict it.
        self.my_people.toggled.connect(
            lambda mine: self.oc_member_filter.setEnabled(not mine)
        )
        self.not_contacted_days.valueChanged.connect(self._days_changed)
        self.not_contacted_days.valueChanged.connect(self._days_suffix)
        # The marks follow the controls at once, before the (paused) filtering.
        self.name_filter.textChanged.connect(self.show_active_filters)
        for box in (self.my_people, self.oc_only, self.leaders_only, self.not_contacted):
            box.toggled.connect(self.show_active_filters)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self.show_active_filters)
        self.tag_filter.changed.connect(self.show_active_filters)
        self.tag_filter.changed.connect(self.apply_filters)
        self.show_active_filters()

        self._selection_changed()
        self.refresh()  # the first read: the people list first, then the filters' choices

    def _days_suffix(self) -> None:
        """" days" after the number, in the form the number needs."""
        days = self.not_contacted_days.value()
        # Translators: after a number in a box: "[30] days". Keep the space before it.
        self.not_contacted_days.setSuffix(ngettext(" day", " days", days))

    def _combo(self, name: str) -> QComboBox:
        return self._filter_combo(name, QComboBox())

    def _filter_combo(self, name: str, combo: ComboT, *, apply: bool = True) -> ComboT:
        """`name` (translated) is the combo's accessible name and tooltip."""
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Short enough that the filters fit a 1024-pixel screen; the choice shows whole in
        # the open list.
        combo.setMinimumContentsLength(13)  # "Any department" whole: the filters wrap
        if apply:
            combo.currentIndexChanged.connect(self.apply_filters)
        return combo

    def _filter_combos(self) -> tuple[QComboBox, ...]:
        return (self.department_filter, self.shift_filter, self.site_filter,
                self.assessment_from, self.assessment_to, self.oc_member_filter,
                self.issue_filter)

    # ----- columns and name order ---------------------------------------------------------

    def _build_columns_menu(self) -> QMenu:
        menu = QMenu(_("Columns"), self)
        menu.setAccessibleName(_("Columns and name order"))
        self.column_actions: dict[Column, QAction] = {}
        for column in COLUMN_KEYS:
            action = QAction(_(HEADERS[column]), menu)
            action.setCheckable(True)
            action.toggled.connect(
                lambda shown, c=column: self.set_column_shown(c, shown)
            )
            menu.addAction(action)
            self.column_actions[column] = action
        menu.addSeparator()
        self.last_name_action = QAction(_("Sort names by &last name"), menu)
        self.last_name_action.setCheckable(True)
        self.last_name_action.setToolTip(
            _("“Maya Okafor” among the O's; kept for this campaign"))
        self.last_name_action.setChecked(self.model.by_last_name)
        self.last_name_action.toggled.connect(self.set_sort_by_last_name)
        menu.addAction(self.last_name_action)
        return menu

    def show_columns_menu(self, position: QPoint) -> QMenu:
        """The columns menu beside the header (its right-click menu)."""
        header = self.table.horizontalHeader()
        self.columns_menu.popup(header.viewport().mapToGlobal(position))
        return self.columns_menu

    def _show_columns(self, shown: frozenset[Column]) -> None:
        for column, action in self.column_actions.items():
            action.blockSignals(True)
            action.setChecked(column in shown)
            action.blockSignals(False)
            self.table.setColumnHidden(column, column not in shown)

    def set_column_shown(self, column: Column, shown: bool) -> None:
        """Show or hide a column and keep the choice in the campaign's settings."""
        if column is Column.NAME:
            return
        self.table.setColumnHidden(column, not shown)
        self.column_actions[column].blockSignals(True)
        self.column_actions[column].setChecked(shown)
        self.column_actions[column].blockSignals(False)
        try:
            save_shown_columns(
                self.vault, [c for c in COLUMN_KEYS if not self.table.isColumnHidden(c)]
            )
        except OrganizerError as error:
            messages.warn_error(self, error)

    def set_sort_by_last_name(self, by_last_name: bool) -> None:
        """Sort names by last name (or as written) and keep the choice for the campaign."""
        self.last_name_action.blockSignals(True)
        self.last_name_action.setChecked(by_last_name)
        self.last_name_action.blockSignals(False)
        try:
            people.set_sorts_by_last_name(self.vault, by_last_name)
        except OrganizerError as error:
            messages.warn_error(self, error)
        self.model.set_by_last_name(by_last_name)

    # ----- filter choices -----------------------------------------------------------------

    def reload_choices(self) -> None:
        """Fill the filter combos from the campaign's lists, keeping what was chosen."""
        self._updating_filters = True
        try:
            for combo, kind, any_text in (
                (self.department_filter, "department", _("Any department")),
                (self.shift_filter, "shift", _("Any shift")),
                (self.site_filter, "site", _("Any site")),
            ):
                entries = campaign.list_entries(self.vault, kind)  # type: ignore[arg-type]
                refill_choices(combo, any_text, [(e.name, e.id) for e in entries])
                combo.setVisible(bool(entries))
            levels = [(self.scale.text(level.score), level.score) for level in self.scale.levels]
            refill_choices(self.assessment_from, _("Any assessment"),
                           [*levels, (_(NOT_ASSESSED), 0)])
            chosen_to = self.assessment_to.currentData()
            self.assessment_to.clear()
            for text, score in levels:
                self.assessment_to.addItem(text, score)
            self.assessment_to.setCurrentIndex(self.assessment_to.findData(chosen_to))
            self._sync_assessment_to()
            self.oc_member_filter.mark_stale()  # read when first opened: see LazyChoicesCombo
            issues = self.choices.issues()
            refill_choices(self.issue_filter, _("Any issue"), [(i.name, i.id) for i in issues])
            self.issue_filter.setVisible(bool(issues))
            campaign_tags = tags.list_tags(self.vault)
            self.tag_filter.set_tags(campaign_tags)
            self.tag_filter.setVisible(bool(campaign_tags) or bool(self.tag_filter.chosen()))
            self.views_button.reload()
            me_changed = self._read_me()
        finally:
            self._updating_filters = False
        self.show_active_filters()
        if me_changed:
            self.apply_filters()

    def _assessment_from_changed(self) -> None:
        self._sync_assessment_to(follow=True)
        self.apply_filters()

    def _sync_assessment_to(self, *, follow: bool = False) -> None:
        """"to" means something only after a score: blank and disabled otherwise, and
        `follow` moves it to the score chosen, so one choice alone is one score."""
        low = self.assessment_from.currentData()
        is_score = isinstance(low, int) and low > 0
        self.assessment_to.blockSignals(True)
        try:
            if not is_score:
                self.assessment_to.setCurrentIndex(-1)
            elif follow or self.assessment_to.currentIndex() < 0:
                self.assessment_to.setCurrentIndex(max(0, self.assessment_to.findData(low)))
        finally:
            self.assessment_to.blockSignals(False)
        self.assessment_to.setEnabled(is_score)
        self.assessment_to_label.setEnabled(is_score)

    def _read_me(self) -> bool:
        """Who I am can be set or changed at any time: read it with the lists. True when
        "My people" is (or was) ticked and now means someone else: filter again."""
        before, ticked = self._me, self.my_people.isChecked()
        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            me = None
        self._me = me.person_id if me is not None else None
        self.my_people.setVisible(self._me is not None)
        if self._me is None:
            self.my_people.setChecked(False)
        return ticked and before != self._me

    def current_filter(self) -> PeopleFilter:
        def chosen(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset({value}) if isinstance(value, str) else frozenset()

        oc_member = self.oc_member_filter.currentData()
        if self.my_people.isChecked() and self._me is not None:
            oc_member = self._me
        issue = self.issue_filter.currentData()
        return PeopleFilter(
            department_ids=chosen(self.department_filter),
            shift_ids=chosen(self.shift_filter),
            site_ids=chosen(self.site_filter),
            assessments=self._assessments(),
            oc_members_only=self.oc_only.isChecked(),
            assigned_oc_member_id=(
                oc_member if isinstance(oc_member, str) and oc_member != UNASSIGNED else None
            ),
            unassigned_only=oc_member == UNASSIGNED,
            issue_id=issue if isinstance(issue, str) else None,
            not_contacted_days=(
                self.not_contacted_days.value() if self.not_contacted.isChecked() else None
            ),
            organic_leaders_only=self.leaders_only.isChecked(),
            name_contains=self.name_filter.text(),
            tag_ids=self.tag_filter.chosen(),
            tags_match_all=self.tag_filter.match_all(),
        )

    def _assessments(self) -> frozenset[int]:
        low = self.assessment_from.currentData()
        if not isinstance(low, int):
            return frozenset()
        if low == 0:
            return frozenset({0})  # not yet assessed
        high = self.assessment_to.currentData()
        return assessment_range(low, high if isinstance(high, int) and high > 0 else low)

    def active_filters(self) -> list[QWidget]:
        """The filter controls that are not at "any" (what `show_active_filters` marks)."""
        on: list[QWidget] = []
        if self.name_filter.text().strip():
            on.append(self.name_filter)
        for combo in (self.department_filter, self.shift_filter, self.site_filter,
                      self.issue_filter):
            if combo.currentIndex() > 0:
                on.append(combo)
        if self.assessment_from.currentIndex() > 0:
            on.append(self.assessment_from)
            if self.assessment_to.isEnabled():
                on.append(self.assessment_to)
        if self.oc_member_filter.isEnabled() and self.oc_member_filter.currentIndex() > 0:
            on.append(self.oc_member_filter)
        if self.tag_filter.chosen():
            on.append(self.tag_filter)
        for box in (self.my_people, self.oc_only, self.leaders_only):
            if box.isChecked():
                on.append(box)
        if self.not_contacted.isChecked():
            on += [self.not_contacted, self.not_contacted_days]
        return on

    def show_active_filters(self) -> None:
        """Mark each filter that is on: bold (not colour alone) and described as "Filter on"
        to screen readers; "Clear filters" is enabled only when one is."""
        on = self.active_filters()
        for widget in (self.name_filter, *self._filter_combos(), self.tag_filter,
                       self.my_people, self.oc_only,
                       self.leaders_only, self.not_contacted, self.not_contacted_days):
            active = widget in on
            font = widget.font()
            if font.bold() != active:
                font.setBold(active)
                widget.setFont(font)
            widget.setAccessibleDescription(_(FILTER_ON) if active else "")
        self.clear_filters_button.setEnabled(bool(on))

    def apply_filters(self) -> None:
        if self._updating_filters:
            return
        self._name_timer.stop()
        people_filter = self.current_filter()
        if people_filter != self.model.people_filter:
            self.model.set_filter(people_filter)

    def _days_changed(self) -> None:
        if self.not_contacted.isChecked():
            self.apply_filters()

    def set_filter(self, people_filter: PeopleFilter) -> None:
        """Show the people matching `people_filter` (from the Today page's "Show all", or a
        saved view), every filter control set to show it."""
        self._updating_filters = True
        try:
            self._reset_filter_widgets()
            if people_filter.not_contacted_days is not None:
                self.not_contacted.setChecked(True)
                self.not_contacted_days.setValue(people_filter.not_contacted_days)
            self._show_assessments(people_filter.assessments)
            oc_member = people_filter.assigned_oc_member_id
            if oc_member is not None and oc_member == self._me:
                self.my_people.setChecked(True)  # Today's "Mine": my people
            elif oc_member is not None:
                found = self.oc_member_filter.findData(oc_member)
                if found >= 0:
                    self.oc_member_filter.setCurrentIndex(found)
            elif people_filter.unassigned_only:
                self.oc_member_filter.setCurrentIndex(
                    max(0, self.oc_member_filter.findData(UNASSIGNED)))
            for combo, chosen in ((self.department_filter, people_filter.department_ids),
                                  (self.shift_filter, people_filter.shift_ids),
                                  (self.site_filter, people_filter.site_ids),
                                  (self.issue_filter, frozenset(
                                      {people_filter.issue_id} - {None}))):
                if len(chosen) == 1:
                    combo.setCurrentIndex(max(0, combo.findData(next(iter(chosen)))))
            self.oc_only.setChecked(people_filter.oc_members_only)
            self.leaders_only.setChecked(people_filter.organic_leaders_only)
            self.name_filter.setText(people_filter.name_contains)
            self._name_timer.stop()
            self.tag_filter.choose(people_filter.tag_ids, people_filter.tags_match_all)
        finally:
            self._updating_filters = False
        self.show_active_filters()
        self.apply_filters()

    def _show_assessments(self, scores: frozenset[int]) -> None:
        """Show a filter's assessments: one score, a range, or "not yet assessed"."""
        low = 0 if scores == {0} else min(scores - {0}, default=None)
        high = max(scores - {0}, default=None)
        if low is None or (low and high is not None
                           and scores != assessment_range(low, high)):
            return  # no assessment filter, or one the two menus cannot show
        self.assessment_from.setCurrentIndex(max(0, self.assessment_from.findData(low)))
        self._sync_assessment_to(follow=True)
        if low and high is not None:
            self.assessment_to.setCurrentIndex(self.assessment_to.findData(high))

    def clear_filters(self) -> None:
        self._updating_filters = True
        try:
            self._reset_filter_widgets()
        finally:
            self._updating_filters = False
        self.show_active_filters()
        self.apply_filters()

    def _reset_filter_widgets(self) -> None:
        self.name_filter.clear()
        for combo in (self.department_filter, self.shift_filter, self.site_filter,
                      self.assessment_from, self.oc_member_filter, self.issue_filter):
            combo.setCurrentIndex(0)
        self._sync_assessment_to()
        for box in (self.my_people, self.oc_only, self.leaders_only, self.not_contacted):
            box.setChecked(False)
        self.tag_filter.choose(())

    # ----- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read after a change elsewhere, keeping the selected person selected."""
        self._keep = self.selected_ids()
        # The list's read first: on a big campaign it goes to the thread pool and runs while
        # the choices are read here (the filter it uses is the model's, not the combos').
        self.model.refresh()
        self.reload_choices()

    def _ids_loaded(self, count: int) -> None:
        total = self.model.total
        if count == total:
            self.count_label.setText(ngettext("{n} person", "{n} people", total).format(
                n=formats.number(total)))
        else:
            # Translators: {n} people of {total} match the filters.
            self.count_label.setText(ngettext(
                "{n} of {total} people match", "{n} of {total} people match", total
            ).format(n=formats.number(count), total=formats.number(total)))
        if total == 0:
            self.empty_text.setText(
                _("No one here yet.\nAdd the people you work with, starting with your own team.")
            )
            self.empty_button.setText(_("Add a person…"))
            self.stack.setCurrentIndex(1)
        elif count == 0:
            self.empty_text.setText(_("No one matches these filters."))
            self.empty_button.setText(_("Clear filters"))
            self.stack.setCurrentIndex(1)
        else:
            self.stack.setCurrentIndex(0)
        self.call_list_button.setEnabled(count > 0)
        keep, self._keep = self._keep, []
        for person_id in keep:
            self.select_person(person_id, clear=False)
        self._selection_changed()

    def request_call_list(self) -> PeopleFilter | None:
        """Ask for a new call list of exactly the people shown (`call_list_requested`)."""
        ids = self.model.person_ids()
        if not ids:
            return None
        chosen = dataclasses.replace(self.model.people_filter, person_ids=frozenset(ids))
        self.call_list_requested.emit(chosen)
        return chosen

    def _empty_action(self) -> None:
        if self.model.total == 0:
            self.add_person_requested.emit()
        else:
            self.clear_filters()

    def select_person(self, person_id: str, *, clear: bool = True) -> bool:
        row = self.model.row_of(person_id)
        if row < 0:
            return False
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if clear:
            flags |= QItemSelectionModel.SelectionFlag.Clear
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [i for i in (self.model.person_id(r) for r in rows) if i]

    def _selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.assign_button.setEnabled(count > 0)
        self.issue_button.setEnabled(count > 0)
        self.add_tag_button.setEnabled(count > 0)
        self.remove_tag_button.setEnabled(count > 0)
        if count > 1:
            # Translators: before the buttons acting on the selected rows; {n} is 2 or more.
            text = ngettext("{n} selected:", "{n} selected:", count).format(
                n=formats.number(count))
        else:
            text = _("Selected:") if count else ""
        self.selection_label.setText(text)

    def _activated(self) -> None:
        person_id = self.model.person_id(self.table.currentIndex().row())
        if person_id:
            self.person_activated.emit(person_id)

    # ----- bulk actions -------------------------------------------------------------------

    def ask_assign_oc_member(self) -> None:
        ids = self.selected_ids()
        members = self.choices.oc_members()
        if not ids:
            return
        if not members:
            messages.inform(
                self,
                _("There are no OC members yet."),
                _("Open a person who is on the organizing committee and tick "
                  "“On the organizing committee”, then come back here."),
            )
            return
        unassign = _("No one (unassign)")
        names = [unassign, *(name for _member_id, name in members)]
        choice = choose_item(
            self, _("Assign OC member"),
            ngettext("Who on the OC should talk with the {n} selected person?",
                     "Who on the OC should talk with the {n} selected people?",
                     len(ids)).format(n=formats.number(len(ids))), names,
        )
        if choice is None:
            return
        by_name = {name: i for i, name in members}
        self.assign_oc_member(ids, by_name.get(choice))

    def assign_oc_member(self, person_ids: list[str], oc_member_id: str | None) -> int:
        return self._bulk(lambda: people.assign_oc_member(self.vault, person_ids, oc_member_id))

    def ask_add_issue(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = self.choices.issue_names()
        choice = choose_item(
            self, _("Add issue"),
            ngettext("Which issue does the {n} selected person care about? "
                     "(Type a new one to create it.)",
                     "Which issue do the {n} selected people care about? "
                     "(Type a new one to create it.)",
                     len(ids)).format(n=formats.number(len(ids))), names, editable=True,
        )
        if choice is not None:
            self.add_issue(ids, choice)

    def add_issue(self, person_ids: list[str], issue_name: str) -> int:
        def work() -> int:
            return workplace_issues.add_named_issue_to_people(self.vault, person_ids, issue_name)

        return self._bulk(work)

    def ask_add_tag(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [tag.name for tag in tags.list_tags(self.vault)]
        choice = choose_item(
            self, _("Add tag"),
            ngettext("Which tag should the {n} selected person have? "
                     "(Type a new one to create it.)",
                     "Which tag should the {n} selected people have? "
                     "(Type a new one to create it.)",
                     len(ids)).format(n=formats.number(len(ids))),
            names, editable=True,
        )
        if choice is not None:
            self.add_tag(ids, choice)

    def add_tag(self, person_ids: list[str], tag_name: str) -> int:
        """Give these people the tag called `tag_name`, made if new; how many got it."""
        def work() -> int:
            (tag,) = tags.ensure_tags(self.vault, [tag_name])
            return tags.add_tags(self.vault, person_ids, [tag.id])

        return self._bulk(work)

    def ask_remove_tag(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        had = {name for names in tags.tag_names_by_person(self.vault, ids).values()
               for name in names}
        if not had:
            messages.inform(
                self, _("No tags to remove."),
                ngettext("None of the {n} selected people has a tag.",
                         "None of the {n} selected people has a tag.", len(ids)).format(
                             n=formats.number(len(ids)))
                if len(ids) > 1 else _("The selected person has no tag."),
            )
            return
        names = sorted(had, key=lambda n: (n.casefold(), n))
        choice = choose_item(
            self, _("Remove tag"),
            ngettext("Which tag should be taken off the {n} selected person?",
                     "Which tag should be taken off the {n} selected people?",
                     len(ids)).format(n=formats.number(len(ids))), names,
        )
        if choice is not None:
            self.remove_tag(ids, choice)

    def remove_tag(self, person_ids: list[str], tag_name: str) -> int:
        """Take the tag called `tag_name` off these people; how many had it."""
        def work() -> int:
            found = [t.id for t in tags.list_tags(self.vault)
                     if t.name.casefold() == tag_name.casefold()]
            return tags.remove_tags(self.vault, person_ids, found)

        return self._bulk(work)

    def _bulk(self, work: Callable[[], int]) -> int:
        try:
            changed = work()
        except OrganizerError as error:
            messages.warn_error(self, error)
            return 0
        self.choices.invalidate()
        self.refresh()
        self.data_changed.emit()
        return changed
