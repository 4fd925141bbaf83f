"""The Plans page: action plans with ordered steps and linked people, and the escalation
ladder of structure tests ("Structure tests" tab): add, edit (scope: several departments, a
shift, a site), reorder and delete tests, and set participation in bulk.

The page reads and writes through organizer.core.plans and organizer.core.structure_tests;
every change emits `data_changed` so Today (overdue steps) and the counts refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, people, plans, structure_tests
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter
from organizer.core.plans import PLAN_STATUSES, ActionPlan
from organizer.core.structure_tests import StructureTest, StructureTestSummary
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.assessment_badge import NOT_ASSESSED, AssessmentScale
from organizer.gui.date_fields import OptionalDateEdit
from organizer.gui.flow_layout import FlowLayout
from organizer.gui.people_model import CampaignChoices, refill_choices
from organizer.gui.person_picker import PersonPicker
from organizer.i18n import _, ngettext

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TURNOUT_ROLE = Qt.ItemDataRole.UserRole + 2  # (turnout, committed share, target 0-1)
PARTICIPANTS_SHOWN = 2000
NO_STATUS = ""


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _top(tree: QTreeWidget, row: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(row)
    assert item is not None
    return item


def target_text(percent: float) -> str:
    """A test's target share, "60%" ("60 %" in Spanish); a stored 0.5% stays 0.5%."""
    if percent == int(percent):
        return formats.percent(percent / 100)
    return formats.number(percent) + "%"


def day_text(iso: str | None) -> str:
    """A planned or due date as the reader's locale writes it; "—" for none."""
    return formats.short_date(iso) if iso else "—"


def stored_word(value: str) -> str:
    """A stored status ("active", "did it") in the reader's language: the core marks
    them for the catalogue."""
    return _(value) if value else value


def _blank_to_none(text: str) -> str | None:
    return text.strip() or None


class _Writer:
    """Runs a core change, shows an OrganizerError as a warning, then refreshes."""

    def __init__(self, owner: QWidget, after: Callable[[], None]) -> None:
        self.owner = owner
        self.after = after

    def __call__(self, change: Callable[[], object]) -> bool:
        try:
            change()
        except OrganizerError as error:
            messages.warn_error(self.owner, error)
            return False
        self.after()
        return True


# ----- action plans -------------------------------------------------------------------------


class PlansTab(QWidget):
    data_changed = Signal()
    person_requested = Signal(str)

    def __init__(self, vault: Vault, scale: AssessmentScale, choices: CampaignChoices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.choices = choices
        self.plan: ActionPlan | None = None
        self._write = _Writer(self, self._changed)

        row = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        row.addWidget(splitter)
        left = QWidget()
        ll = QVBoxLayout(left)
        # Translators: column headers of the list of action plans; "Done" and "Late" head
        # counts of steps ("2/5", "⚠ 1").
        self.plan_list = _tree([_("Plan"), _("Status"), _("Due"), _("Done"), _("Late")],
                               _("Action plans"))
        self.plan_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):  # the title gets the width; the figures what they need
            self.plan_list.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.plan_list.header().setStretchLastSection(False)
        self.plan_list.currentItemChanged.connect(self._plan_chosen)
        ll.addWidget(self.plan_list, 1)
        # The new plan's title above its buttons: the list stays narrow enough for the plan
        # beside it on a laptop at 150% (tests/gui/test_small_screens.py).
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(_("New plan's title"))
        self.new_title.setAccessibleName(_("New plan's title"))
        self.new_title.returnPressed.connect(self.add_plan)
        ll.addWidget(self.new_title)
        buttons = QHBoxLayout()
        self.add_plan_button = QPushButton(_("Add plan"))
        self.add_plan_button.clicked.connect(self.add_plan)
        buttons.addWidget(self.add_plan_button)
        self.delete_plan_button = QPushButton(_("Delete plan…"))
        self.delete_plan_button.clicked.connect(self.delete_plan)
        buttons.addWidget(self.delete_plan_button)
        buttons.addStretch(1)
        ll.addLayout(buttons)
        splitter.addWidget(left)

        self.detail = QWidget()
        dl = QVBoxLayout(self.detail)
        form = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Title"))
        form.addRow(_("Title"), self.title_edit)
        self.goal_edit = QPlainTextEdit()
        self.goal_edit.setAccessibleName(_("Goal"))
        self.goal_edit.setMaximumHeight(70)
        form.addRow(_("Goal"), self.goal_edit)
        self.due_edit = OptionalDateEdit()
        self.due_edit.setAccessibleName(_("Target date"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for status in PLAN_STATUSES:
            self.status_combo.addItem(stored_word(status).capitalize(), status)
        # Date, status and Save on one line: the steps below keep their room.
        status_row = QHBoxLayout()
        status_row.addWidget(self.due_edit)
        status_label = QLabel(_("Status"))
        status_label.setBuddy(self.status_combo)
        status_row.addWidget(status_label)
        status_row.addWidget(self.status_combo, 1)
        self.save_plan_button = QPushButton(_("Save plan"))
        self.save_plan_button.clicked.connect(self.save_plan)
        status_row.addWidget(self.save_plan_button)
        form.addRow(_("Target date"), status_row)
        dl.addLayout(form)

        # Steps and people on tabs under the plan: the whole plan fits a laptop screen.
        sections = QTabWidget()
        sections.setAccessibleName(_("The plan's steps and people"))
        steps_page = QWidget()
        dl_steps = QVBoxLayout(steps_page)
        self.steps = _tree(["#", _("Step"), _("Owner"), _("Due")], _("Steps"))
        self.steps.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 3):
            self.steps.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.steps.itemChanged.connect(self._step_ticked)
        self.steps.currentItemChanged.connect(self._step_chosen)
        # The hint on the list itself: a line of its own cost the steps their room.
        self.steps.setToolTip(_("Tick a step when it is done."))
        self.steps.setAccessibleDescription(_("Tick a step when it is done."))
        dl_steps.addWidget(self.steps, 1)
        step_row = QHBoxLayout()
        self.step_description = QLineEdit()
        self.step_description.setPlaceholderText(_("What needs doing"))
        self.step_description.setAccessibleName(_("Step"))
        step_row.addWidget(self.step_description, 2)
        self.step_owner = QComboBox()
        self.step_owner.setAccessibleName(_("Owner"))
        step_row.addWidget(self.step_owner, 1)
        self.step_due = OptionalDateEdit(empty_text=_("No due date"))
        self.step_due.setAccessibleName(_("Step due date"))
        step_row.addWidget(self.step_due)
        dl_steps.addLayout(step_row)
        step_buttons = QHBoxLayout()
        self.add_step_button = QPushButton(_("Add step"))
        self.add_step_button.clicked.connect(self.add_step)
        self.save_step_button = QPushButton(_("Save step"))
        self.save_step_button.clicked.connect(self.save_step)
        # Translators: a button that moves a step up the list.
        self.up_button = QPushButton(_("Up"))
        self.up_button.setToolTip(_("Move the step up"))
        self.up_button.setAccessibleName(_("Move the step up"))
        self.up_button.clicked.connect(lambda: self.move_step(up=True))
        # Translators: a button that moves a step down the list.
        self.down_button = QPushButton(_("Down"))
        self.down_button.setToolTip(_("Move the step down"))
        self.down_button.setAccessibleName(_("Move the step down"))
        self.down_button.clicked.connect(lambda: self.move_step(up=False))
        self.delete_step_button = QPushButton(_("Delete step…"))
        self.delete_step_button.clicked.connect(self.delete_step)
        for button in (self.add_step_button, self.save_step_button, self.up_button,
                       self.down_button, self.delete_step_button):
            step_buttons.addWidget(button)
        step_buttons.addStretch(1)
        dl_steps.addLayout(step_buttons)
        sections.addTab(steps_page, _("&Steps"))

        people_page = QWidget()
        dl_people = QVBoxLayout(people_page)
        dl_people.addWidget(QLabel(_("The people this plan is about (double-click to open).")))
        self.linked = QListWidget()
        self.linked.setAccessibleName(_("Linked people"))
        self.linked.itemDoubleClicked.connect(
            lambda item: self.person_requested.emit(item.data(ID_ROLE)))
        dl_people.addWidget(self.linked, 1)
        link_row = QHBoxLayout()
        self.picker = PersonPicker(vault)
        link_row.addWidget(self.picker, 1)
        self.link_button = QPushButton(_("Link person"))
        self.link_button.clicked.connect(self.link_person)
        link_row.addWidget(self.link_button)
        self.unlink_button = QPushButton(_("Remove"))
        self.unlink_button.clicked.connect(self.unlink_person)
        link_row.addWidget(self.unlink_button)
        dl_people.addLayout(link_row)
        sections.addTab(people_page, _("&People"))
        self.sections = sections
        dl.addWidget(sections, 1)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        self.detail.setEnabled(False)

    # ----- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.plan.id if self.plan else None
        self.plan_list.blockSignals(True)
        self.plan_list.clear()
        current = None
        for summary in plans.list_plans(self.vault):
            item = QTreeWidgetItem([
                summary.title, stored_word(summary.status), day_text(summary.due_on),
                f"{summary.steps_done}/{summary.steps}",
                f"⚠ {summary.steps_overdue}" if summary.steps_overdue else "",
            ])
            item.setData(0, ID_ROLE, summary.id)
            item.setToolTip(0, summary.title + (f"\n{summary.goal}" if summary.goal else ""))
            self.plan_list.addTopLevelItem(item)
            if summary.id == chosen:
                current = item
        self.plan_list.blockSignals(False)
        if current is None and self.plan_list.topLevelItemCount():
            current = _top(self.plan_list, 0)
        self.step_owner.clear()
        self.step_owner.addItem(_("Nobody yet"), None)
        for person_id, name in self.choices.oc_members():
            self.step_owner.addItem(name, person_id)
        if current is not None:
            self.plan_list.setCurrentItem(current)
            self._show_plan(str(current.data(0, ID_ROLE)))
        else:
            self.plan = None
            self.detail.setEnabled(False)

    def plan_titles(self) -> list[str]:
        return [_top(self.plan_list, i).text(0)
                for i in range(self.plan_list.topLevelItemCount())]

    def step_texts(self) -> list[str]:
        return [_top(self.steps, i).text(1) for i in range(self.steps.topLevelItemCount())]

    def _plan_chosen(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self._show_plan(str(item.data(0, ID_ROLE)))

    def _show_plan(self, plan_id: str) -> None:
        try:
            plan = plans.get_plan(self.vault, plan_id)
        except OrganizerError:
            self.plan = None
            self.detail.setEnabled(False)
            return
        self.plan = plan
        self.detail.setEnabled(True)
        self.title_edit.setText(plan.title)
        self.goal_edit.setPlainText(plan.goal)
        self.due_edit.set_iso(plan.due_on)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(plan.status)))
        chosen_step = self.current_step_id()
        self.steps.blockSignals(True)
        self.steps.clear()
        for number, step in enumerate(plan.steps, 1):
            item = QTreeWidgetItem([str(number), step.description,
                                    step.owner or "—", day_text(step.due_on)])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if step.done_at
                               else Qt.CheckState.Unchecked)
            item.setData(0, ID_ROLE, step.id)
            self.steps.addTopLevelItem(item)
            if step.id == chosen_step:
                self.steps.setCurrentItem(item)
        self.steps.blockSignals(False)
        self.linked.clear()
        for person in plan.people:
            linked = QListWidgetItem(
                f"{person.display_name} — {self.scale.text(person.assessment)}")
            linked.setData(ID_ROLE, person.id)
            self.linked.addItem(linked)

    def current_step_id(self) -> str | None:
        item = self.steps.currentItem()
        return str(item.data(0, ID_ROLE)) if item is not None else None

    def _step_chosen(self, item: QTreeWidgetItem | None) -> None:
        if item is None or self.plan is None:
            return
        step = next((s for s in self.plan.steps if s.id == item.data(0, ID_ROLE)), None)
        if step is None:
            return
        self.step_description.setText(step.description)
        self.step_owner.setCurrentIndex(max(0, self.step_owner.findData(step.owner_id)))
        self.step_due.set_iso(step.due_on)

    # ----- writing ------------------------------------------------------------------------

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def add_plan(self) -> None:
        title = self.new_title.text()
        holder: list[str] = []
        if self._write(lambda: holder.append(plans.add_plan(self.vault, title))):
            self.new_title.clear()
            self._select_plan(holder[0])

    def _select_plan(self, plan_id: str) -> None:
        for i in range(self.plan_list.topLevelItemCount()):
            item = _top(self.plan_list, i)
            if item.data(0, ID_ROLE) == plan_id:
                self.plan_list.setCurrentItem(item)

    def save_plan(self) -> None:
        if self.plan is None:
            return
        plan_id = self.plan.id
        self._write(lambda: plans.update_plan(
            self.vault, plan_id, title=self.title_edit.text(),
            goal=self.goal_edit.toPlainText(), due_on=self.due_edit.iso_or_none(),
            status=str(self.status_combo.currentData()),
        ))

    def delete_plan(self) -> None:
        if self.plan is None:
            return
        plan = self.plan
        if not messages.confirm(self, _("Delete the plan “{title}” and its steps?").format(
                                    title=plan.title),
                                confirm_label=_("Delete plan")):
            return
        self.plan = None
        self._write(lambda: plans.delete_plan(self.vault, plan.id))

    def add_step(self) -> None:
        if self.plan is None:
            return
        plan_id = self.plan.id
        if self._write(lambda: plans.add_step(
            self.vault, plan_id, self.step_description.text(),
            owner_id=self.step_owner.currentData(),
            due_on=self.step_due.iso_or_none(),
        )):
            self.step_description.clear()
            self.step_due.clear_day()

    def save_step(self) -> None:
        step_id = self.current_step_id()
        if step_id is None:
            return
        self._write(lambda: plans.update_step(
            self.vault, step_id, description=self.step_description.text(),
            owner_id=self.step_owner.currentData(),
            due_on=self.step_due.iso_or_none(),
        ))

    def _step_ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        done = item.checkState(0) == Qt.CheckState.Checked
        step_id = str(item.data(0, ID_ROLE))
        self._write(lambda: plans.mark_step_done(self.vault, step_id, done))

    def move_step(self, *, up: bool) -> None:
        step_id = self.current_step_id()
        if step_id is not None:
            self._write(lambda: plans.move_step(self.vault, step_id, up=up))

    def delete_step(self) -> None:
        step_id = self.current_step_id()
        if step_id is None:
            return
        if messages.confirm(self, _("Delete this step?"), confirm_label=_("Delete step")):
            self._write(lambda: plans.delete_step(self.vault, step_id))

    def link_person(self) -> None:
        person_id = self.picker.person_id
        if self.plan is None or person_id is None:
            return
        plan_id = self.plan.id
        if self._write(lambda: plans.link_people(self.vault, plan_id, [person_id])):
            self.picker.set_person(None)

    def unlink_person(self) -> None:
        item = self.linked.currentItem()
        if self.plan is None or item is None:
            return
        plan_id, person_id = self.plan.id, str(item.data(ID_ROLE))
        self._write(lambda: plans.unlink_person(self.vault, plan_id, person_id))


# ----- the escalation ladder ----------------------------------------------------------------


class TurnoutDelegate(QStyledItemDelegate):
    """Did it (solid) and committed (hatched) against the target (a line), in the palette's
    highlight colour: the hatching, not a shade, tells the two apart, and the tooltip says
    both in words."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        value = index.data(TURNOUT_ROLE)
        if not isinstance(value, tuple):
            return
        turnout, committed, target = value
        rect = QRectF(option.rect).adjusted(4, 5, -60, -5)
        painter.save()
        palette: QPalette = option.palette
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(rect)
        painter.setPen(Qt.PenStyle.NoPen)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.setBrush(QBrush(highlight, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(QRectF(rect.left(), rect.top(), rect.width() * min(1, committed),
                                rect.height()))
        painter.setBrush(highlight)
        painter.drawRect(QRectF(rect.left(), rect.top(), rect.width() * min(1, turnout),
                                rect.height()))
        x = rect.left() + rect.width() * target
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 2))
        painter.drawLine(int(x), int(rect.top()) - 3, int(x), int(rect.bottom()) + 3)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text = formats.percent(turnout) + (" ✓" if turnout >= target and turnout > 0 else "")
        painter.drawText(QRectF(rect.right() + 4, rect.top() - 4, 56, rect.height() + 8),
                         Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class StructureTestDialog(QDialog):
    """Edit one structure test: name, target share, planned date, scope and description.

    Save writes through structure_tests.update_structure_test; a refusal is shown inside the
    dialog as one sentence and nothing is saved, so the form can be corrected."""

    saved = Signal(str)  # the test's id

    def __init__(self, vault: Vault, test: StructureTest,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.test_id = test.id
        self.saved_target = test.target_percent
        # Neutral: other programs can read window titles, and a test's name can say a lot.
        self.setWindowTitle(_("Edit structure test"))
        self.setAccessibleName(_("Edit structure test"))

        self.name = QLineEdit(test.name)
        self.name.setAccessibleName(_("Name"))
        self.target = QDoubleSpinBox()
        # From 0, not 1: the core refuses 0% in a sentence, and a stored 0.5% stays 0.5%.
        self.target.setRange(0, 100)
        self.target.setDecimals(2)
        self.target.setSuffix(" %")
        self.target.setValue(test.target_percent)
        self.target.setAccessibleName(_("Target share"))
        self.planned = OptionalDateEdit()
        self.planned.set_iso(test.planned_on)
        self.planned.setAccessibleName(_("Planned date"))

        self.departments = QListWidget()
        self.departments.setAccessibleName(_("Departments"))
        self.departments.setMaximumHeight(130)
        for entry in campaign.list_entries(vault, "department"):
            item = QListWidgetItem(entry.name)
            item.setData(ID_ROLE, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.id in test.scope_department_ids
                               else Qt.CheckState.Unchecked)
            self.departments.addItem(item)
        departments_note = QLabel(_("Tick none for every department."))
        departments_note.setWordWrap(True)
        self.shift = self._choice(_("Shift"), _("Any shift"), "shift", test.scope_shift_id)
        self.site = self._choice(_("Site"), _("Any site"), "site", test.scope_site_id)
        self.description = QPlainTextEdit(test.description)
        self.description.setAccessibleName(_("Description"))
        self.description.setMaximumHeight(80)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName(_("Problem"))
        theme.bold(self.error)
        theme.mark_warning(self.error)  # the sentence says what is wrong
        self.error.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(_("&Name"), self.name)
        form.addRow(_("&Target share"), self.target)
        form.addRow(_("&Planned date"), self.planned)
        form.addRow(_("&Departments"), self.departments)
        form.addRow("", departments_note)
        form.addRow(_("S&hift"), self.shift)
        form.addRow(_("S&ite"), self.site)
        form.addRow(_("D&escription"), self.description)
        form.addRow(self.error)
        form.addRow(buttons)
        self.setMinimumWidth(440)

    def _choice(self, name: str, any_text: str, kind: campaign.ListKind,
                chosen: str | None) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(any_text, None)
        for entry in campaign.list_entries(self.vault, kind):
            combo.addItem(entry.name, entry.id)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
        return combo

    def checked_departments(self) -> set[str]:
        return {
            str(item.data(ID_ROLE))
            for item in (self.departments.item(i) for i in range(self.departments.count()))
            if item.checkState() == Qt.CheckState.Checked
        }

    def set_department_checked(self, name: str, checked: bool) -> None:
        for i in range(self.departments.count()):
            item = self.departments.item(i)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if checked
                                   else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def target_percent(self) -> float:
        """The spin box's value, or the saved target itself when it only shows it rounded."""
        self.target.interpretText()
        shown = self.target.value()
        return self.saved_target if shown == round(self.saved_target, 2) else shown

    def save(self) -> None:
        shift, site = self.shift.currentData(), self.site.currentData()
        try:
            structure_tests.update_structure_test(
                self.vault, self.test_id, name=self.name.text(),
                target_percent=self.target_percent(),
                planned_on=self.planned.iso_or_none(),
                department_ids=self.checked_departments(),
                shift_id=shift if isinstance(shift, str) else None,
                site_id=site if isinstance(site, str) else None,
                description=self.description.toPlainText(),
            )
        except OrganizerError as error:
            # Translators: {error} is a sentence saying what is wrong with the form.
            self.show_error(_("{error} Nothing was saved.").format(error=error))
            return
        self.show_error("")
        self.saved.emit(self.test_id)
        self.accept()


class LadderTab(QWidget):
    data_changed = Signal()
    person_requested = Signal(str)

    def __init__(self, vault: Vault, scale: AssessmentScale,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.summaries: list[StructureTestSummary] = []
        self.test_dialog: StructureTestDialog | None = None
        self._write = _Writer(self, self._changed)

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.default_button = QPushButton(_("Add the standard ladder"))
        self.default_button.setToolTip(
            _("Committee meeting, cards, petition, buttons, rally, …"))
        self.default_button.clicked.connect(self.add_default)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(_("New action, e.g. 'Sticker day'"))
        self.new_name.setAccessibleName(_("New structure test"))
        top.addWidget(self.new_name, 1)
        self.new_target = QDoubleSpinBox()
        self.new_target.setRange(1, 100)
        self.new_target.setValue(50)
        self.new_target.setSuffix(" %")
        self.new_target.setAccessibleName(_("Target share"))
        top.addWidget(self.new_target)
        self.new_date = OptionalDateEdit()
        self.new_date.setAccessibleName(_("Planned date"))
        top.addWidget(self.new_date)
        self.new_scope = QComboBox()
        self.new_scope.setAccessibleName(_("Scope"))
        top.addWidget(self.new_scope)
        add = QPushButton(_("Add test"))
        add.clicked.connect(self.add_test)
        top.addWidget(add)
        outer.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.tests = _tree(["#", _("Action"), _("Target"), _("Date"), _("Scope"), _("People"),
                            _("Turnout (did it ■, committed ▫, target |)"),
                            _("Still needed")],
                           _("Structure tests"))
        self.tests.setItemDelegateForColumn(6, TurnoutDelegate(self.tests))
        self.tests.header().setSectionResizeMode(6, QHeaderView.ResizeMode.Fixed)
        self.tests.setColumnWidth(6, 300)
        self.tests.currentItemChanged.connect(self._test_chosen)
        self.tests.itemDoubleClicked.connect(lambda *_args: self.edit_test())
        rungs = QWidget()
        rl = QVBoxLayout(rungs)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.tests, 1)
        rung_buttons = QHBoxLayout()
        self.edit_button = QPushButton(_("Edit test…"))
        self.edit_button.setToolTip(_("Name, target, date, scope and description"))
        self.edit_button.clicked.connect(self.edit_test)
        # "Earlier" / "later", not "up" / "down": the list shows the ladder's bottom rung first.
        self.earlier_button = QPushButton(_("Move earlier"))
        self.earlier_button.setToolTip(_("One rung down the ladder: a smaller, earlier action"))
        self.earlier_button.clicked.connect(lambda: self.move_test(up=False))
        self.later_button = QPushButton(_("Move later"))
        self.later_button.setToolTip(_("One rung up the ladder: a bigger, later action"))
        self.later_button.clicked.connect(lambda: self.move_test(up=True))
        self.delete_button = QPushButton(_("Delete test…"))
        self.delete_button.clicked.connect(self.delete_test)
        for button in (self.edit_button, self.earlier_button, self.later_button,
                       self.delete_button):
            rung_buttons.addWidget(button)
        rung_buttons.addStretch(1)
        rung_buttons.addWidget(self.default_button)
        rl.addLayout(rung_buttons)
        splitter.addWidget(rungs)

        lower = QSplitter(Qt.Orientation.Horizontal)
        part = QWidget()
        pl = QVBoxLayout(part)
        self.participation_heading = QLabel(
            _("<b>Choose a test above to set who took part</b>"))
        pl.addWidget(self.participation_heading)
        filters = QHBoxLayout()
        self.department_filter = QComboBox()
        self.shift_filter = QComboBox()
        self.assessment_filter = QComboBox()
        self.status_filter = QComboBox()
        for combo, name in ((self.department_filter, _("Department")),
                            (self.shift_filter, _("Shift")),
                            (self.assessment_filter, _("Assessment")),
                            (self.status_filter, _("Participation"))):
            combo.setAccessibleName(name)
            combo.currentIndexChanged.connect(self._show_participants)
            filters.addWidget(combo)
        filters.addStretch(1)
        pl.addLayout(filters)
        self.participants = _tree([_("Name"), _("Department"), _("Shift"), _("Assessment"),
                                   _("Status")],
                                  _("People and their participation"))
        self.participants.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.participants.itemDoubleClicked.connect(
            lambda item: self.person_requested.emit(item.data(0, ID_ROLE)))
        pl.addWidget(self.participants, 1)
        # The marks wrap onto a second line in a narrow window (a laptop at 150%).
        mark_row = QWidget()
        marks = FlowLayout(mark_row)
        # Translators: before buttons that mark the chosen people "Asked", "Committed"…
        marks.addWidget(QLabel(_("Mark:")))
        self.mark_buttons: dict[str, QPushButton] = {}
        for status, text in (("asked", _("Asked")), ("committed", _("Committed")),
                             ("did it", _("Did it")), ("declined", _("Declined")),
                             (NO_STATUS, _("Clear"))):
            button = QPushButton(text)
            # Translators: {status} is a participation status: "asked", "did it"…
            button.setAccessibleName(
                _("Clear the mark") if status == NO_STATUS
                else _("Mark {status}").format(status=stored_word(status)))
            button.clicked.connect(lambda _checked=False, s=status: self.mark_selected(s))
            self.mark_buttons[status] = button
            marks.addWidget(button)
        self.select_all = QCheckBox(_("Select all shown"))
        self.select_all.toggled.connect(self._select_all)
        marks.addWidget(self.select_all)
        pl.addWidget(mark_row)
        lower.addWidget(part)
        lead = QWidget()
        ld = QVBoxLayout(lead)
        leaders_heading = QLabel(_("<b>How each organic leader's group turned out</b>"))
        leaders_heading.setWordWrap(True)
        ld.addWidget(leaders_heading)
        # Translators: "Their own" heads the leader's own participation status.
        self.leaders = _tree([_("Organic leader"), _("Their own"), _("Group"), _("Did it"),
                              _("Committed"), _("Declined")], _("Leader turnout"))
        ld.addWidget(self.leaders, 1)
        lower.addWidget(lead)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        splitter.addWidget(lower)
        outer.addWidget(splitter, 1)

    # ----- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.current_test_id()
        self.summaries = structure_tests.ladder(self.vault)
        self.default_button.setVisible(not self.summaries)
        self._fill_filters()
        self.tests.blockSignals(True)
        self.tests.clear()
        current = None
        for number, s in enumerate(self.summaries, 1):
            test = s.test
            item = QTreeWidgetItem([
                str(number), test.name, target_text(test.target_percent),
                day_text(test.planned_on), s.scope, formats.number(s.people), "",
                # Translators: a structure test's target was reached.
                _("reached ✓") if s.reached
                # Translators: how many more people a structure test needs: "4 more".
                else _("{n} more").format(n=formats.number(s.more_needed)),
            ])
            item.setData(0, ID_ROLE, test.id)
            item.setData(6, TURNOUT_ROLE,
                         (s.turnout, s.committed_share, test.target_percent / 100))
            item.setToolTip(6, _("{did_it} did it, {committed} committed, {asked} asked, "
                                 "{declined} declined, {not_asked} not asked yet").format(
                did_it=formats.number(s.did_it), committed=formats.number(s.committed),
                asked=formats.number(s.asked), declined=formats.number(s.declined),
                not_asked=formats.number(s.not_asked)))
            self.tests.addTopLevelItem(item)
            if test.id == chosen:
                current = item
        self.tests.blockSignals(False)
        if current is None and self.tests.topLevelItemCount():
            current = _top(self.tests, 0)
        if current is not None:
            self.tests.setCurrentItem(current)
        self._show_test()

    def _fill_filters(self) -> None:
        def fill(combo: QComboBox, any_text: str, items: Sequence[tuple[str, object]]) -> None:
            combo.blockSignals(True)
            refill_choices(combo, any_text, items)
            combo.blockSignals(False)

        departments = campaign.list_entries(self.vault, "department")
        fill(self.department_filter, _("Any department"),
             [(d.name, d.id) for d in departments])
        fill(self.shift_filter, _("Any shift"),
             [(s.name, s.id) for s in campaign.list_entries(self.vault, "shift")])
        fill(self.assessment_filter, _("Any assessment"), [
            *((self.scale.text(level.score), level.score) for level in self.scale.levels),
            (_(NOT_ASSESSED), 0),
        ])
        fill(self.status_filter, _("Any participation"),
             [(stored_word(s).capitalize(), s) for s in structure_tests.STATUSES]
             + [(_("Not asked"), "-")])
        fill(self.new_scope, _("Whole unit"), [(d.name, d.id) for d in departments])

    def current_test_id(self) -> str | None:
        item = self.tests.currentItem()
        return str(item.data(0, ID_ROLE)) if item is not None else None

    def current_summary(self) -> StructureTestSummary | None:
        test_id = self.current_test_id()
        return next((s for s in self.summaries if s.test.id == test_id), None)

    def _test_chosen(self) -> None:
        self._show_test()

    def _show_test(self) -> None:
        summary = self.current_summary()
        enabled = summary is not None
        for button in (*self.mark_buttons.values(), self.edit_button, self.delete_button):
            button.setEnabled(enabled)
        current = self.tests.currentItem()
        rung = self.tests.indexOfTopLevelItem(current) if enabled and current else -1
        self.earlier_button.setEnabled(rung > 0)
        self.later_button.setEnabled(0 <= rung < self.tests.topLevelItemCount() - 1)
        if summary is None:
            self.participants.clear()
            self.leaders.clear()
            return
        self.participation_heading.setText(
            # Translators: {name} is the structure test's name, {scope} who it is for
            # ("Whole unit"), {target} a share ("60%"), {needed} how many people that is.
            ngettext("<b>{name}</b> — {scope}: {did_it} did it, {committed} committed, "
                     "{asked} asked, {declined} declined of {people}; target {target} "
                     "({needed} person)",
                     "<b>{name}</b> — {scope}: {did_it} did it, {committed} committed, "
                     "{asked} asked, {declined} declined of {people}; target {target} "
                     "({needed} people)", summary.needed).format(
                name=summary.test.name, scope=summary.scope,
                did_it=formats.number(summary.did_it),
                committed=formats.number(summary.committed),
                asked=formats.number(summary.asked), declined=formats.number(summary.declined),
                people=formats.number(summary.people),
                target=target_text(summary.test.target_percent),
                needed=formats.number(summary.needed)))
        self._show_participants()
        self.leaders.clear()
        for row in structure_tests.leader_turnout(self.vault, summary.test.id):
            self.leaders.addTopLevelItem(QTreeWidgetItem([
                row.leader,
                stored_word(row.leader_status) if row.leader_status else _("not asked"),
                formats.number(row.group), formats.number(row.did_it),
                formats.number(row.committed), formats.number(row.declined),
            ]))

    def _filter(self) -> PeopleFilter:
        summary = self.current_summary()
        department = self.department_filter.currentData()
        shift = self.shift_filter.currentData()
        assessment = self.assessment_filter.currentData()
        test = summary.test if summary else None
        # The test's scope unless a filter above narrows it: these are the people counted.
        departments = frozenset({department}) if isinstance(department, str) else (
            test.scope_department_ids if test is not None else frozenset())
        if test is not None and test.scope_shift_id and not shift:
            shift = test.scope_shift_id
        return PeopleFilter(
            department_ids=departments,
            shift_ids=frozenset({shift}) if isinstance(shift, str) else frozenset(),
            site_ids=frozenset({test.scope_site_id}) if test and test.scope_site_id
            else frozenset(),
            assessments=frozenset({assessment}) if isinstance(assessment, int) else frozenset(),
            current_only=True,  # people who left are not counted in any test
        )

    def _show_participants(self) -> None:
        test_id = self.current_test_id()
        self.participants.clear()
        if test_id is None:
            return
        status = structure_tests.participation_for_test(self.vault, test_id)
        wanted = self.status_filter.currentData()
        ids = people.first_people_ids(self.vault, self._filter(), limit=PARTICIPANTS_SHOWN)
        items = []
        for row in people.people_rows(self.vault, ids):
            own = status.get(row.id, "")
            if (wanted == "-" and own) or (isinstance(wanted, str) and wanted != "-" \
                    and own != wanted):
                continue
            item = QTreeWidgetItem([row.display_name, row.department, row.shift,
                                    self.scale.text(row.assessment),
                                    stored_word(own) if own else "—"])
            item.setData(0, ID_ROLE, row.id)
            items.append(item)
        self.participants.addTopLevelItems(items)

    def _select_all(self, on: bool) -> None:
        if on:
            self.participants.selectAll()
        else:
            self.participants.clearSelection()

    def selected_people(self) -> list[str]:
        return [str(item.data(0, ID_ROLE)) for item in self.participants.selectedItems()]

    def participant_status(self, name: str) -> str:
        for i in range(self.participants.topLevelItemCount()):
            item = _top(self.participants, i)
            if item.text(0) == name:
                return item.text(4)
        raise KeyError(name)

    # ----- writing ------------------------------------------------------------------------

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def mark_selected(self, status: str) -> None:
        test_id = self.current_test_id()
        chosen = self.selected_people()
        if test_id is None or not chosen:
            messages.inform(self, _("Select people in the list first (Ctrl-click or "
                                    "Shift-click to pick several)."))
            return
        if status == NO_STATUS:
            self._write(lambda: structure_tests.clear_participation(self.vault, test_id, chosen))
        else:
            self._write(lambda: structure_tests.set_participation(
                self.vault, test_id, chosen, status))
        self.select_all.setChecked(False)

    def add_default(self) -> None:
        self._write(lambda: structure_tests.add_default_ladder(self.vault))

    def add_test(self) -> None:
        name, target = self.new_name.text(), self.new_target.value()
        department = self.new_scope.currentData()
        if self._write(lambda: structure_tests.add_structure_test(
            self.vault, name, target, planned_on=self.new_date.iso_or_none(),
            department_ids={department} if isinstance(department, str) else (),
        )):
            self.new_name.clear()
            self.new_date.clear_day()

    def edit_test(self) -> StructureTestDialog | None:
        """Open the chosen test's form (window-modal, not blocking); it saves on Save."""
        summary = self.current_summary()
        if summary is None:
            return None
        dialog = StructureTestDialog(self.vault, summary.test, self)
        dialog.saved.connect(lambda _test_id: self._changed())
        dialog.finished.connect(self._test_dialog_closed)
        self.test_dialog = dialog
        dialog.open()
        return dialog

    def _test_dialog_closed(self) -> None:
        dialog, self.test_dialog = self.test_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def move_test(self, *, up: bool) -> None:
        """One rung up the ladder (later, bigger) or down (earlier); the test stays chosen."""
        test_id = self.current_test_id()
        if test_id is not None:
            self._write(lambda: structure_tests.move_structure_test(self.vault, test_id, up=up))

    def test_names(self) -> list[str]:
        return [_top(self.tests, i).text(1) for i in range(self.tests.topLevelItemCount())]

    def select_test(self, name: str) -> None:
        for i in range(self.tests.topLevelItemCount()):
            if _top(self.tests, i).text(1) == name:
                self.tests.setCurrentItem(_top(self.tests, i))
                return
        raise KeyError(name)

    def delete_test(self) -> None:
        summary = self.current_summary()
        if summary is None:
            return
        # Everyone's status goes, in scope or not, so count the rows rather than the summary.
        asked = len(structure_tests.participation_for_test(self.vault, summary.test.id))
        if asked:
            question = ngettext(
                "Delete the structure test “{name}” and the status of the {n} person asked?",
                "Delete the structure test “{name}” and the status of the {n} people asked?",
                asked).format(name=summary.test.name, n=formats.number(asked))
        else:
            question = _("Delete the structure test “{name}”?").format(name=summary.test.name)
        if messages.confirm(self, question, confirm_label=_("Delete test")):
            self._write(lambda: structure_tests.delete_structure_test(
                self.vault, summary.test.id))


class PlansPage(QWidget):
    data_changed = Signal()
    person_requested = Signal(str)

    def __init__(self, vault: Vault, scale: AssessmentScale, *, choices: CampaignChoices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.plans_tab = PlansTab(vault, scale, choices)
        self.ladder_tab = LadderTab(vault, scale)
        self.tabs.addTab(self.plans_tab, _("Action plans"))
        self.tabs.addTab(self.ladder_tab, _("Structure tests"))
        layout.addWidget(self.tabs)
        for tab in (self.plans_tab, self.ladder_tab):
            tab.data_changed.connect(self.data_changed)
            tab.person_requested.connect(self.person_requested)

    def refresh(self) -> None:
        self.plans_tab.refresh()
        self.ladder_tab.refresh()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()
