"""Typing a call list's results back in from the paper: one fast-entry row per person, in the
same order as the printed list.

Keys 1-7 in the Outcome column set the outcome (the same order as the tick boxes on paper),
Enter moves to the next person. Nothing is written to the campaign until "Record results" is
confirmed; until then what was typed is kept as a draft inside the vault a moment after each
change and whenever the sheet is hidden (the app hides its window before it locks), and the
draft comes back when the sheet is reopened.

Who called is, unless a draft says otherwise, the OC member whose calls these are when the
list has just one; else me, when the vault knows which person is me: whoever types results
in has usually made the calls.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import call_lists, people
from organizer.core.call_lists import (
    DEFAULT_CALL_BACK_DAYS,
    OUTCOME_KEYS,
    OUTCOMES,
    CallList,
    CallResult,
    CallRow,
    RecordedResults,
    outcome_for_key,
)
from organizer.core.committee import identity
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.one_on_one_dialog import DateEdit
from organizer.gui.people_model import CampaignChoices
from organizer.i18n import N_, _, ngettext

DRAFT_PAUSE_MS = 2000  # keep a draft this long after the last change
# The outcomes as people read them; the stored values (OUTCOMES) stay English.
OUTCOME_LABELS: dict[str, str] = {
    # Translators: a call outcome: the caller spoke with the person.
    "reached": N_("reached"),
    # Translators: a call outcome.
    "no answer": N_("no answer"),
    # Translators: a call outcome: the caller left a voicemail.
    "left message": N_("left message"),
    # Translators: a call outcome.
    "wrong number": N_("wrong number"),
    # Translators: a call outcome: the person asked to be called again later.
    "call back": N_("call back"),
    # Translators: a call outcome: the person no longer works there.
    "left the company": N_("left the company"),
    # Translators: a call outcome: the person did not want to talk.
    "refused": N_("refused"),
}


def outcome_label(outcome: str) -> str:
    """A stored outcome ("call back") in the reader's language."""
    return _(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else outcome


def legend() -> str:
    """"1 reached · 2 no answer · …": the keys and what they mean."""
    return " · ".join(f"{key} {outcome_label(outcome)}" for key, outcome in OUTCOME_KEYS.items())


ModelIndex = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    NUMBER = 0
    SECTION = 1  # "Maya's calls", on the first row of each section of a per-organizer list
    ON_PAPER = 2  # the name as printed (maybe a code name or initials)
    PERSON = 3  # the name in the app, shown when the paper has code names or initials
    OUTCOME = 4
    CALL_BACK = 5
    COMMITMENT = 6
    NOTE = 7


HEADERS: dict[Column, str] = {
    Column.NUMBER: "#",
    Column.SECTION: N_("Section"),
    # Translators: the name as printed on the call list (maybe a code name or initials).
    Column.ON_PAPER: N_("On paper"),
    Column.PERSON: N_("Person"),
    Column.OUTCOME: N_("Outcome (1–7)"),
    Column.CALL_BACK: N_("Call back on"),
    Column.COMMITMENT: N_("Commitment"),
    Column.NOTE: N_("Note"),
}
EDITABLE = (Column.OUTCOME, Column.CALL_BACK, Column.COMMITMENT, Column.NOTE)


def outcome_text(outcome: str | None) -> str:
    """"1 · reached": the key too, so the table teaches the keyboard."""
    if outcome is None:
        return ""
    return f"{OUTCOMES.index(outcome) + 1} · {outcome_label(outcome)}"


@dataclass
class ResultEntry:
    """One person's row: what is printed, and what has been typed so far."""

    row: CallRow
    section: int
    person: str
    section_title: str = ""
    first_in_section: bool = False
    outcome: str | None = None
    commitment: str = ""
    note: str = ""
    call_back_on: dt.date | None = None

    def result(self) -> CallResult:
        return CallResult(
            person_id=self.row.person_id,
            outcome=self.outcome,
            commitment=self.commitment,
            note=self.note,
            call_back_on=self.call_back_on if self.outcome == "call back" else None,
        )

    def clear(self) -> None:
        self.outcome, self.commitment, self.note, self.call_back_on = None, "", "", None


class CallResultsModel(QAbstractTableModel):
    """The sheet's rows in the paper's order; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, entries: list[ResultEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self.default_call_back = dt.date.today() + dt.timedelta(days=DEFAULT_CALL_BACK_DAYS)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            header = HEADERS[Column(section)]
            return header if section == Column.NUMBER else _(header)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = Column(index.column())
        entry = self.entries[index.row()]
        if column in EDITABLE and (column != Column.CALL_BACK or entry.outcome == "call back"):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == Column.OUTCOME:
                return entry.outcome or ""
            if column == Column.CALL_BACK:
                day = entry.call_back_on or self.default_call_back
                return QDate(day.year, day.month, day.day)
            if column == Column.COMMITMENT:
                return entry.commitment
            if column == Column.NOTE:
                return entry.note
            return self._display(entry, column)
        if (role == Qt.ItemDataRole.ForegroundRole and column == Column.CALL_BACK
                and entry.outcome == "call back" and entry.call_back_on is None):
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if (role == Qt.ItemDataRole.AccessibleDescriptionRole and column == Column.CALL_BACK
                and entry.outcome == "call back" and entry.call_back_on is None):
            return _("The default call-back day")  # grey is not enough for a screen reader
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.SECTION:
                return entry.section_title or None
            if column == Column.OUTCOME:
                return _("Type a number: {legend}. 0 or Delete clears it.").format(
                    legend=legend())
            if column == Column.CALL_BACK and entry.outcome == "call back":
                return ngettext(
                    "When to call back (F2 to change; grey: the default, {n} day after the "
                    "calls). A follow-up is made for that day.",
                    "When to call back (F2 to change; grey: the default, {n} days after the "
                    "calls). A follow-up is made for that day.",
                    DEFAULT_CALL_BACK_DAYS).format(n=formats.number(DEFAULT_CALL_BACK_DAYS))
        return None

    def _display(self, entry: ResultEntry, column: Column) -> str:
        if column == Column.NUMBER:
            return str(entry.row.number)
        if column == Column.SECTION:
            return entry.section_title if entry.first_in_section else ""
        if column == Column.ON_PAPER:
            return entry.row.name
        if column == Column.PERSON:
            return entry.person
        if column == Column.OUTCOME:
            return outcome_text(entry.outcome)
        if column == Column.CALL_BACK:
            if entry.outcome != "call back":
                return ""
            # Grey (see ForegroundRole) while it is the default, two days after the calls.
            return formats.short_date(entry.call_back_on or self.default_call_back)
        if column == Column.COMMITMENT:
            return entry.commitment
        return entry.note

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        entry = self.entries[index.row()]
        column = Column(index.column())
        if column == Column.OUTCOME:
            text = str(value or "").strip()
            outcome = outcome_for_key(text) or (text if text in OUTCOMES else None)
            if text and outcome is None:
                return False
            entry.outcome = outcome
            if outcome != "call back":
                entry.call_back_on = None
        elif column == Column.CALL_BACK:
            if entry.outcome != "call back":
                return False
            if isinstance(value, QDate):
                value = value.toPython()
            entry.call_back_on = value if isinstance(value, dt.date) else None
        elif column == Column.COMMITMENT:
            entry.commitment = " ".join(str(value or "").split())
        elif column == Column.NOTE:
            entry.note = str(value or "").strip()
        else:
            return False
        self._row_changed(index.row())
        return True

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        self.changed.emit()

    def set_default_call_back(self, day: dt.date) -> None:
        self.default_call_back = day
        if self.entries:
            self.dataChanged.emit(self.index(0, Column.CALL_BACK),
                                  self.index(len(self.entries) - 1, Column.CALL_BACK))

    def results(self, rows: Iterable[int] | None = None) -> list[CallResult]:
        """The typed rows (blank ones left out), in the paper's order."""
        chosen = range(len(self.entries)) if rows is None else sorted(rows)
        found = [self.entries[r].result() for r in chosen]
        return [r for r in found if not r.is_blank]

    def restore(self, results: Iterable[CallResult]) -> int:
        """Put a draft's rows back; people no longer on the list are skipped."""
        by_person = {e.row.person_id: e for e in self.entries}
        restored = 0
        self.beginResetModel()
        for result in results:
            entry = by_person.get(result.person_id)
            if entry is None or result.is_blank:
                continue
            entry.outcome = result.outcome
            entry.commitment = result.commitment
            entry.note = result.note
            entry.call_back_on = result.call_back_on if result.outcome == "call back" else None
            restored += 1
        self.endResetModel()
        return restored

    def clear_rows(self, rows: Iterable[int]) -> None:
        self.beginResetModel()
        for row in rows:
            self.entries[row].clear()
        self.endResetModel()
        self.changed.emit()


# ----- editing --------------------------------------------------------------------------


class OutcomeDelegate(QStyledItemDelegate):
    """A drop-down of the seven outcomes, for the mouse and for F2."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Outcome"))
        combo.addItem("", "")
        for outcome in OUTCOMES:
            combo.addItem(outcome_text(outcome), outcome)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "")


class CallBackDelegate(QStyledItemDelegate):
    """A date field with a calendar for the call-back day."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        editor = DateEdit(parent=parent)
        editor.setAccessibleName(_("Call back on"))
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateEdit) and isinstance(value, QDate):
            editor.setDate(value)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex
    ) -> None:
        if isinstance(editor, DateEdit):
            model.setData(index, editor.date())


class ResultsTable(QTableView):
    """The fast-entry table: digits set the outcome, Enter goes to the next person's outcome."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        model = self.model()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if index.isValid() and plain and self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.next_person()
                return
            column = Column(index.column())
            text = event.text()
            if column == Column.OUTCOME:
                outcome = outcome_for_key(text) if text else None
                if outcome is not None:
                    model.setData(index, outcome)
                    return
                if text == "0" or key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    model.setData(index, "")
                    return
                if text and text.isprintable() and not text.isspace():
                    return  # only 1-7 mean something here; other letters do nothing
            elif column in (Column.COMMITMENT, Column.NOTE) and key in (
                Qt.Key.Key_Delete, Qt.Key.Key_Backspace
            ):
                model.setData(index, "")
                return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter in a note or commitment: keep it and go on to the next person.
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.next_person()
            return
        super().closeEditor(editor, hint)

    def next_person(self) -> None:
        """The next shown row's Outcome cell (hidden rows belong to other sections)."""
        current = self.currentIndex()
        row = current.row() + 1 if current.isValid() else 0
        model = self.model()
        while row < model.rowCount() and self.isRowHidden(row):
            row += 1
        if row < model.rowCount():
            index = model.index(row, Column.OUTCOME)
            self.setCurrentIndex(index)
            self.scrollTo(index)


# ----- the sheet ------------------------------------------------------------------------


def describe_recording(results: Sequence[CallResult]) -> tuple[str, str]:
    """The question before recording and what it will do, in the organizer's words."""
    count = len(results)
    counts = {outcome: 0 for outcome in OUTCOMES}
    spoken = 0
    for r in results:
        counts[str(r.outcome)] += 1
        if r.outcome == "reached" and (r.note.strip() or r.commitment.strip()):
            spoken += 1
    question = ngettext("Record {n} call?", "Record {n} calls?", count).format(
        n=formats.number(count))
    # Translators: the parts below are joined into one sentence: "This adds 5 call
    # attempts, updates last contact for…, makes… and marks…".
    parts = [ngettext("This adds {n} call attempt", "This adds {n} call attempts",
                      count).format(n=formats.number(count))]
    if counts["reached"]:
        reached = counts["reached"]
        # Translators: part of "This adds 5 call attempts, updates last contact for…".
        parts.append(ngettext("updates last contact for the {n} person reached",
                              "updates last contact for the {n} people reached",
                              reached).format(n=formats.number(reached)))
    if spoken:
        # Translators: part of "This adds 5 call attempts, makes 2 phone one-on-ones…".
        parts.append(ngettext("makes {n} phone one-on-one from the notes and commitments",
                              "makes {n} phone one-on-ones from the notes and commitments",
                              spoken).format(n=formats.number(spoken)))
    if counts["call back"]:
        n = counts["call back"]
        # Translators: part of "This adds 5 call attempts, schedules 1 call-back…".
        parts.append(ngettext("schedules {n} call-back as follow-up",
                              "schedules {n} call-backs as follow-ups",
                              n).format(n=formats.number(n)))
    if counts["left the company"]:
        n = counts["left the company"]
        # Translators: part of "This adds 5 call attempts, … and marks 1 person as…".
        parts.append(ngettext("marks {n} person as having left the company",
                              "marks {n} people as having left the company",
                              n).format(n=formats.number(n)))
    if len(parts) > 1:
        # Translators: joins the last part of a list: "{items}" is "a, b, c".
        text = _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])
    else:
        text = parts[0]
    # Translators: {actions} is "This adds 5 call attempts, updates … and marks …".
    return question, _("{actions}. Recorded calls cannot be taken back from this sheet.").format(
        actions=text)


class CallResultsSheet(QWidget):
    """One saved list's results, typed in from the paper. Opened by the Call lists page."""

    closed = Signal()
    results_recorded = Signal(object)  # RecordedResults
    person_requested = Signal(str)

    def __init__(
        self, vault: Vault, call_list_id: str, *, choices: CampaignChoices | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Raises OrganizerError when the list no longer exists."""
        super().__init__(parent)
        self.vault = vault
        self.call_list_id = call_list_id
        self.choices = choices or CampaignChoices(vault)
        self.call_list: CallList = call_lists.open_call_list(vault, call_list_id)
        self._dirty = False
        self._has_draft = False
        self.setObjectName("call-results-sheet")

        names = {r.id: r.display_name
                 for r in people.people_rows(vault, self.call_list.person_ids)}
        entries = [
            ResultEntry(row=row, section=number, person=names.get(row.person_id, row.name),
                        section_title=section.title, first_in_section=index == 0)
            for number, section in enumerate(self.call_list.sections)
            for index, row in enumerate(section.rows)
        ]
        self.model = CallResultsModel(entries, self)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)

        top = QHBoxLayout()
        self.back_button = QPushButton(_("← &Back to call lists"))
        self.back_button.setToolTip(_("What you typed is kept as a draft until you record it"))
        self.back_button.clicked.connect(self.close_sheet)
        top.addWidget(self.back_button)
        self.title = QLabel(_("Results for “{name}”").format(name=self.call_list.name))
        theme.heading(self.title, 1.2)
        self.title.setAccessibleName(_("Call list"))
        top.addWidget(self.title, 1)
        self.draft_label = QLabel()
        self.draft_label.setEnabled(False)
        self.draft_label.setAccessibleName(_("Draft"))
        top.addWidget(self.draft_label)
        outer.addLayout(top)

        facts = QHBoxLayout()
        caller_label = QLabel(_("&Who called:"))
        self.caller = QComboBox()
        self.caller.setAccessibleName(_("Who called"))
        self.caller.setToolTip(_("The OC member who made these calls; follow-ups go to them"))
        # Translators: who made the calls was not given.
        self.caller.addItem(_("Not said"), None)
        for person_id, name in self.choices.oc_members():
            self.caller.addItem(name, person_id)
        caller_label.setBuddy(self.caller)
        facts.addWidget(caller_label)
        facts.addWidget(self.caller)
        facts.addSpacing(16)
        date_label = QLabel(_("&Called on:"))
        self.called_on = DateEdit(dt.date.today())
        self.called_on.setMaximumDate(QDate.currentDate())
        self.called_on.setAccessibleName(_("Called on"))
        date_label.setBuddy(self.called_on)
        facts.addWidget(date_label)
        facts.addWidget(self.called_on)
        facts.addSpacing(16)
        self.section = QComboBox()
        self.section.setAccessibleName(_("Whose calls"))
        self.section.addItem(_("Everyone on the list ({n})").format(
            n=formats.number(len(entries))), -1)
        sections = self.call_list.sections
        for number, section in enumerate(sections):
            if section.title:
                self.section.addItem(f"{section.title} ({formats.number(len(section.rows))})",
                                     number)
        section_label = QLabel(_("&Show:"))
        section_label.setBuddy(self.section)
        has_sections = self.section.count() > 2
        section_label.setVisible(has_sections)
        self.section.setVisible(has_sections)
        facts.addWidget(section_label)
        facts.addWidget(self.section)
        facts.addStretch(1)
        outer.addLayout(facts)

        self.legend = QLabel(
            _("Outcome keys: {legend}.  Enter: next person.  0 or Delete clears.").format(
                legend=legend())
        )
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(_("Outcome keys"))
        outer.addWidget(self.legend)
        self.restored_label = QLabel()
        self.restored_label.setWordWrap(True)
        self.restored_label.hide()
        outer.addWidget(self.restored_label)

        self.table = ResultsTable()
        self.table.setObjectName("call-results-table")
        self.table.setAccessibleName(_("Call results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTabKeyNavigation(True)  # Tab moves along a row; Ctrl+Tab leaves
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.setItemDelegateForColumn(Column.OUTCOME, OutcomeDelegate(self.table))
        self.table.setItemDelegateForColumn(Column.CALL_BACK, CallBackDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        widths = {Column.NUMBER: metrics.horizontalAdvance("0000") + 16,
                  Column.SECTION: min(180, 24 + max(
                      (metrics.horizontalAdvance(s.title) for s in sections), default=0)),
                  Column.ON_PAPER: 160, Column.PERSON: 160,
                  Column.OUTCOME: max(metrics.horizontalAdvance(outcome_text(o))
                                      for o in OUTCOMES) + 24,
                  Column.CALL_BACK: max(metrics.horizontalAdvance(_("Call back on")),
                                        metrics.horizontalAdvance(
                                            formats.short_date(dt.date(2026, 12, 30)))) + 40,
                  Column.COMMITMENT: 170}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        # The app's own name is worth a column only when the paper shows something else.
        self.table.setColumnHidden(
            Column.PERSON, self.call_list.options.name_style == "name"
        )
        self.table.setColumnHidden(Column.SECTION, not any(s.title for s in sections))
        self.table.doubleClicked.connect(self._double_clicked)
        outer.addWidget(self.table, 1)
        self.empty_label = QLabel(_("No one on this list is still in the campaign."))
        self.empty_label.setEnabled(False)
        self.empty_label.setVisible(not entries)
        outer.addWidget(self.empty_label)

        bottom = QHBoxLayout()
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName(_("How many results are typed"))
        bottom.addWidget(self.progress_label, 1)
        self.clear_button = QPushButton(_("C&lear sheet…"))
        self.clear_button.setToolTip(_("Throw away everything typed on this sheet"))
        self.clear_button.clicked.connect(self.ask_clear)
        bottom.addWidget(self.clear_button)
        self.record_button = QPushButton(_("&Record results…"))
        self.record_button.setToolTip(
            _("Add the calls to the campaign: call attempts, last contact, one-on-ones from "
              "notes, follow-ups for call-backs")
        )
        self.record_button.clicked.connect(self.ask_record)
        bottom.addWidget(self.record_button)
        outer.addLayout(bottom)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_PAUSE_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self._restore_draft()
        self._default_caller()
        self.model.set_default_call_back(self._default_call_back())
        self.model.changed.connect(self._changed)
        self.caller.currentIndexChanged.connect(self._changed)
        self.called_on.dateChanged.connect(self._date_changed)
        self.section.currentIndexChanged.connect(self._section_changed)
        self._update_progress()
        if entries:
            self.table.setCurrentIndex(self.model.index(0, Column.OUTCOME))

    # ----- reading the sheet ----------------------------------------------------------------

    def caller_id(self) -> str | None:
        value = self.caller.currentData()
        return value if isinstance(value, str) else None

    def called_day(self) -> dt.date:
        value = self.called_on.date().toPython()
        assert isinstance(value, dt.date)
        return value

    def _default_call_back(self) -> dt.date:
        return self.called_day() + dt.timedelta(days=DEFAULT_CALL_BACK_DAYS)

    def shown_rows(self) -> list[int]:
        """The rows of the section shown (all rows for "Everyone")."""
        chosen = self.section.currentData()
        return [row for row, entry in enumerate(self.model.entries)
                if chosen in (None, -1) or entry.section == chosen]

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- drafts ---------------------------------------------------------------------------

    def _restore_draft(self) -> None:
        try:
            draft = call_lists.results_draft(self.vault, self.call_list_id)
        except OrganizerError:
            return
        if draft is None:
            return
        self._has_draft = True
        restored = self.model.restore(draft.results)
        if draft.caller_id is not None:
            index = self.caller.findData(draft.caller_id)
            if index >= 0:
                self.caller.setCurrentIndex(index)
        if draft.called_on is not None:
            self.called_on.set_day(draft.called_on)
        when = formats.short_date(draft.updated_at[:10])
        self.restored_label.setText(
            # Translators: {date} is when the results were typed ("Dec 4, 2026").
            ngettext("Restored {n} result typed on {date} and not yet recorded.",
                     "Restored {n} results typed on {date} and not yet recorded.",
                     restored).format(n=formats.number(restored), date=when)
        )
        self.restored_label.setVisible(True)

    def _default_caller(self) -> None:
        """With no caller from a draft: the organizer whose calls these are, when there is
        just one; else me, when the vault knows who I am."""
        if self.caller_id() is not None:
            return
        organizers = {s.organizer_id for s in self.call_list.sections if s.organizer_id}
        if len(organizers) == 1:
            index = self.caller.findData(organizers.pop())
            if index >= 0:
                self.caller.setCurrentIndex(index)
                return
        # A draft whose caller is "Not said" may be a choice: recording the calls as mine
        # would give me the follow-ups, so a draft is left as it was.
        if self._has_draft:
            return
        me = self._my_person_id()
        if me is not None:
            self.caller.setCurrentIndex(max(0, self.caller.findData(me)))

    def _my_person_id(self) -> str | None:
        """The person who is me, added to the callers if not there (not yet ticked as on
        the OC, as in the one-on-one dialog); None when the vault does not know who I am."""
        try:
            me = identity.get_identity(self.vault)
            if me is None or me.person_id is None:
                return None
            if self.caller.findData(me.person_id) < 0:
                name = people.get_person(self.vault, me.person_id).display_name
                self.caller.addItem(name, me.person_id)
        except OrganizerError:
            return None
        return me.person_id

    def _changed(self) -> None:
        self._dirty = True
        self._draft_timer.start()
        self._update_progress()

    def _date_changed(self) -> None:
        self.model.set_default_call_back(self._default_call_back())
        self._changed()

    def save_draft(self) -> None:
        """Keep what was typed inside the vault (nothing when nothing changed)."""
        self._draft_timer.stop()
        if not self._dirty or not self.vault.is_open:
            return
        results = self.model.results()
        try:
            if results:
                call_lists.save_results_draft(
                    self.vault, self.call_list_id, results, caller_id=self.caller_id(),
                    called_on=self.called_day(),
                )
                self._has_draft = True
                self.draft_label.setText(
                    # Translators: {time} is a time of day ("3:05 PM").
                    _("Draft kept in the vault at {time}").format(
                        time=formats.time_of_day(dt.datetime.now()))
                )
            elif self._has_draft:
                call_lists.discard_results_draft(self.vault, self.call_list_id)
                self._has_draft = False
                self.draft_label.setText("")
        except OrganizerError:
            return  # the vault is closing or the list was deleted: nothing more to keep
        self._dirty = False

    def hideEvent(self, event: QHideEvent) -> None:
        # The app hides its window before it locks the vault: keep the draft while it is open.
        self.save_draft()
        super().hideEvent(event)

    def close_sheet(self) -> None:
        self.save_draft()
        self.closed.emit()

    # ----- sections, progress -----------------------------------------------------------------

    def _section_changed(self) -> None:
        shown = set(self.shown_rows())
        for row in range(self.model.rowCount()):
            self.table.setRowHidden(row, row not in shown)
        chosen = self.section.currentData()
        if isinstance(chosen, int) and chosen >= 0:
            organizer = self.call_list.sections[chosen].organizer_id
            index = self.caller.findData(organizer) if organizer else -1
            if index >= 0:
                self.caller.setCurrentIndex(index)
        if shown:
            self.table.setCurrentIndex(self.model.index(min(shown), Column.OUTCOME))
        self._update_progress()

    def _update_progress(self) -> None:
        rows = self.shown_rows()
        typed = len(self.model.results(rows))
        # Translators: how many rows of the sheet have a result typed in: "3 of 12 typed".
        self.progress_label.setText(_("{typed} of {rows} typed").format(
            typed=formats.number(typed), rows=formats.number(len(rows))))
        self.record_button.setEnabled(typed > 0)
        self.clear_button.setEnabled(bool(self.model.results()))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (Column.NUMBER, Column.SECTION, Column.ON_PAPER, Column.PERSON):
            self.save_draft()
            self.person_requested.emit(self.model.entries[index.row()].row.person_id)

    # ----- recording ------------------------------------------------------------------------

    def ask_clear(self) -> None:
        if not self.model.results():
            return
        if not messages.confirm(
            self, _("Clear everything typed on this sheet?"),
            detail=_("Nothing has been recorded from it; the draft is thrown away too."),
            confirm_label=_("Clear sheet"), cancel_label=_("Keep it"),
        ):
            return
        self.model.clear_rows(range(self.model.rowCount()))
        self.save_draft()
        self.restored_label.hide()

    def ask_record(self) -> RecordedResults | None:
        """Confirm, then record the shown rows in one go; None when nothing was recorded."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            # Keep what is in an open editor: the user sees it as typed.
            self.table.setFocus()
        rows = self.shown_rows()
        results = self.model.results(rows)
        if not results:
            messages.inform(self, _("Type an outcome for at least one person first (keys "
                                    "1–7)."))
            return None
        for row in rows:
            result = self.model.entries[row].result()
            if not result.is_blank and result.outcome is None:
                self.table.setCurrentIndex(self.model.index(row, Column.OUTCOME))
                messages.warn(
                    self,
                    _("Number {number} has a note or commitment but no outcome: type 1–7 in "
                      "its Outcome column, or clear the row.").format(
                          number=self.model.entries[row].row.number),
                )
                return None
        question, detail = describe_recording(results)
        if not messages.confirm(self, question, detail=detail,
                                confirm_label=_("Record results"),
                                cancel_label=_("Keep editing")):
            return None
        try:
            recorded = call_lists.record_results(
                self.vault, self.call_list_id, results, self.caller_id(), self.called_day(),
            )
        except OrganizerError as error:
            messages.warn(self, str(error), _("Nothing was recorded."))
            return None
        # record_results dropped the draft; rows of other sections typed meanwhile stay.
        self._has_draft = False
        self.model.clear_rows(rows)
        self._dirty = True
        self.save_draft()
        self.restored_label.hide()
        self.results_recorded.emit(recorded)
        return recorded


def describe_recorded(recorded: RecordedResults) -> str:
    """"Recorded 12 calls: 5 reached, 2 to call back." for a status line."""
    n = recorded.call_attempts
    parts = [f"{formats.number(recorded.by_outcome[o])} {outcome_label(o)}"
             for o in OUTCOMES if recorded.by_outcome.get(o)]
    # Translators: {outcomes} is "5 reached, 2 call back".
    return ngettext("Recorded {n} call: {outcomes}.", "Recorded {n} calls: {outcomes}.",
                    n).format(n=formats.number(n), outcomes=", ".join(parts))
