"""Tools ▸ Find duplicates…: coworkers who are in the vault twice (the same phone number or
email, or nearly the same name in the same department), each pair to merge, keeping both
histories, or to set aside as "not the same" for this session.

The search (a few seconds at 100,000 people) runs in a `VaultRead` on a connection of its own.
A merge runs in a `VaultWrite` on a connection of its own (a lock cancels it and waits for its
rollback); meanwhile the list reads nothing from the vault, so what it shows stays as it was.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import conversations, people
from organizer.core.errors import OrganizerError
from organizer.core.importers.duplicates import (
    VaultDuplicate,
    email_key,
    find_duplicates,
    merge_people,
)
from organizer.core.importers.phones import default_region, to_e164
from organizer.core.people import Person, PersonRow
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.screen_fit import resize_to_fit
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Progress, VaultRead, VaultWrite
from organizer.i18n import N_, _, ngettext

Pair = frozenset[str]  # the two people's ids, in either order
SEARCHING = N_("Looking for coworkers who are in the vault twice…")
NOTHING_FOUND = N_(
    "No possible duplicates: nobody in the vault shares a phone number or an email with "
    "someone else, or has nearly the same name as someone in the same department."
)
NONE_LEFT = N_("No more possible duplicates to look at.")
MERGE_UNDONE = N_("The merge was stopped by the lock; both records are as they were.")
WHY = {  # find_duplicates' reasons, as a sentence would say them
    "same phone": N_("Same phone number"),
    "same email": N_("Same email address"),
    "same name in the same department": N_("Same name, same department"),
    "similar name in the same department": N_("Nearly the same name, same department"),
}
_PAGE = 100  # pairs whose people are read at once when the list paints them
_CACHE_LIMIT = 20_000  # people rows kept; beyond that the cache starts again
_ROOT = QModelIndex()


def shared_detail(first: Person, second: Person, region: str) -> str:
    """What the two records have in common, in a sentence: the number or the address they
    share (compared as the search compares them), else their names."""
    for mine in (first.personal_phone, first.work_phone):
        key = to_e164(mine, region) if mine else ""
        if key and key in {to_e164(p, region) for p in (second.personal_phone,
                                                        second.work_phone) if p}:
            return _("Both have the phone number {number}.").format(number=mine)
    for mine in (first.personal_email, first.work_email):
        key = email_key(mine) if mine else ""
        if key and key in {email_key(e) for e in (second.personal_email,
                                                  second.work_email) if e}:
            return _("Both have the email address {address}.").format(address=mine)
    return _("Their names are nearly the same: {first} and {second}.").format(
        first=first.name, second=second.name)


def pair_of(duplicate: VaultDuplicate) -> Pair:
    return frozenset((duplicate.keep_id, duplicate.other_id))


def why(duplicate: VaultDuplicate) -> str:
    if duplicate.reason in WHY:
        return _(WHY[duplicate.reason])
    return duplicate.reason[:1].upper() + duplicate.reason[1:]


class DuplicatePairsModel(QAbstractTableModel):
    """The suspected pairs, one a row. Departments are read lazily for the rows painted
    (the demo campaign's 100,000 people give ~97,000 pairs: reading every department first
    would take seconds)."""

    COL_PERSON, COL_LOOKS_LIKE, COL_DEPARTMENT, COL_WHY = range(4)
    HEADERS = (N_("Person"), N_("Looks like"), N_("Department"), N_("Why"))

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.pairs: list[VaultDuplicate] = []
        self._people: dict[str, PersonRow] = {}
        # While a merge writes through the vault's connection the list must not read it.
        self.frozen = False

    # ----- Qt's model ------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        ):
            return None
        duplicate = self.pairs[index.row()]
        column = index.column()
        if column == self.COL_PERSON:
            return duplicate.keep_name
        if column == self.COL_LOOKS_LIKE:
            return duplicate.other_name
        if column == self.COL_WHY:
            return why(duplicate)
        return self.departments(index.row())

    # ----- the pairs -------------------------------------------------------------------------

    def set_pairs(self, pairs: list[VaultDuplicate]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self._people.clear()
        self.endResetModel()

    def remove(self, row: int) -> VaultDuplicate:
        self.beginRemoveRows(QModelIndex(), row, row)
        duplicate = self.pairs.pop(row)
        self.endRemoveRows()
        return duplicate

    def after_merge(self, kept_id: str, kept_name: str, merged_id: str,
                    dismissed: set[Pair]) -> None:
        """The merged person is gone: their other pairs now concern the kept person (the
        same phone or name still matches), and a pair that became one person goes."""
        seen: set[Pair] = set()
        pairs: list[VaultDuplicate] = []
        for d in self.pairs:
            if merged_id in (d.keep_id, d.other_id):
                keep_id, keep_name, other_id, other_name = d.keep_id, d.keep_name, \
                    d.other_id, d.other_name
                if keep_id == merged_id:
                    keep_id, keep_name = kept_id, kept_name
                if other_id == merged_id:
                    other_id, other_name = kept_id, kept_name
                d = VaultDuplicate(keep_id, other_id, keep_name, other_name, d.reason)
            pair = pair_of(d)
            if d.keep_id == d.other_id or pair in seen or pair in dismissed:
                continue
            seen.add(pair)
            pairs.append(d)
        self.beginResetModel()
        self.pairs = pairs
        self._people.pop(kept_id, None)  # blanks filled from the other: department too
        self._people.pop(merged_id, None)
        self.endResetModel()

    def person(self, person_id: str) -> PersonRow | None:
        """The list row of one of the people (read when first needed, never while frozen)."""
        return self._people.get(person_id)

    def departments(self, row: int) -> str:
        duplicate = self.pairs[row]
        if duplicate.keep_id not in self._people or duplicate.other_id not in self._people:
            if self.frozen:
                return "…"
            self._read_people(row)
        first = self._people.get(duplicate.keep_id)
        second = self._people.get(duplicate.other_id)
        names = [p.department for p in (first, second) if p is not None and p.department]
        if not names:
            return ""
        if len(names) == 2 and names[0] != names[1]:
            return f"{names[0]} / {names[1]}"
        return names[0]

    def _read_people(self, row: int) -> None:
        if len(self._people) > _CACHE_LIMIT:
            self._people.clear()
        ids: list[str] = []
        for d in self.pairs[row:row + _PAGE]:
            ids += [i for i in (d.keep_id, d.other_id) if i not in self._people]
        for person in people.people_rows(self.vault, ids):
            self._people[person.id] = person


class DuplicatesDialog(QDialog):
    """The list of suspected pairs with Merge and Not the same for the one selected."""

    searched = Signal(int)  # how many pairs are listed, after each search
    merged = Signal(str)  # the kept person's id, after a merge

    def __init__(
        self, vault: Vault, dismissed: set[Pair] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Find duplicates"))
        self.setObjectName("duplicates-dialog")
        self.vault = vault
        # "Not the same" lasts for this session: the caller keeps the set between dialogs.
        self.dismissed: set[Pair] = dismissed if dismissed is not None else set()
        self.merge_task: VaultWrite | None = None
        self._search_task: VaultRead | None = None

        intro = QLabel(_(
            "Coworkers who may be in the vault twice: they share a phone number or an email, "
            "or have nearly the same name in the same department. Merging keeps both "
            "histories (one-on-ones, assessments, follow-ups) under the person you keep."
        ))
        intro.setWordWrap(True)
        self.status_label = QLabel(_(SEARCHING))
        self.status_label.setObjectName("duplicates-status")
        self.status_label.setWordWrap(True)

        self.model = DuplicatePairsModel(vault, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Possible duplicates"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 200), (1, 200), (2, 180)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.why_label = QLabel()
        self.why_label.setObjectName("duplicates-why")
        self.why_label.setWordWrap(True)
        self.why_label.setTextFormat(Qt.TextFormat.PlainText)
        self.keep_box = QGroupBox(_("Merge into"))
        self.keep_first = QRadioButton()
        self.keep_second = QRadioButton()
        self.keep_first.setChecked(True)
        keep_layout = QVBoxLayout(self.keep_box)
        keep_layout.addWidget(self.keep_first)
        keep_layout.addWidget(self.keep_second)
        self.merge_button = QPushButton(_("&Merge…"))
        self.merge_button.setAccessibleName(_("Merge the two records"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.dismiss_button = QPushButton(_("&Not the same"))
        self.dismiss_button.setAccessibleName(
            _("Not the same person: take the pair off the list"))
        self.dismiss_button.setToolTip(_("Takes the pair off the list until the vault is "
                                         "locked; nothing is changed"))
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        actions = QVBoxLayout()
        actions.addWidget(self.merge_button)
        actions.addWidget(self.dismiss_button)
        actions.addStretch(1)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.keep_box, 1)
        choice_row.addLayout(actions)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.why_label)
        layout.addLayout(choice_row)
        layout.addWidget(self.buttons)
        resize_to_fit(self, 820, 560)
        self._selection_changed()
        self.search()

    # ----- searching -------------------------------------------------------------------------

    def search(self) -> None:
        """Look for pairs in a worker, on a connection of its own."""
        if self._search_task is not None:
            return
        def work(own: Vault, progress: Progress) -> list[VaultDuplicate]:
            progress.report(0, 0, _(SEARCHING))
            return find_duplicates(own, default_region(own))

        self.status_label.setText(_(SEARCHING))
        task = VaultRead(self.vault, work, parent=self, label=_(SEARCHING), cancellable=True)
        task.succeeded.connect(self._found)
        task.failed.connect(self._search_failed)
        self._search_task = task
        task.start()

    @Slot(object)
    def _found(self, found: object) -> None:
        task, self._search_task = self._search_task, None
        if task is not None and task.was_cancelled:
            self.status_label.setText(_("Stopped looking for duplicates."))
            self.searched.emit(0)
            return
        assert isinstance(found, list)
        pairs = [d for d in found if pair_of(d) not in self.dismissed]
        self.model.set_pairs(pairs)
        self._show_count(NOTHING_FOUND)
        if pairs:
            self.select_row(0)
        self.searched.emit(len(pairs))

    @Slot(object)
    def _search_failed(self, error: object) -> None:
        self._search_task = None
        self.status_label.setText(describe_error(error))
        self.searched.emit(0)

    def _show_count(self, when_none: str) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.status_label.setText(_(when_none))
        else:
            self.status_label.setText(ngettext(
                "{n} possible duplicate. Choose one, check which record to merge into, then "
                "Merge or Not the same.",
                "{n} possible duplicates. Choose one, check which record to merge into, then "
                "Merge or Not the same.", count).format(n=formats.number(count)))
        self.table.setVisible(count > 0)
        self._selection_changed()

    # ----- the selected pair -----------------------------------------------------------------

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))

    def selected_pair(self) -> VaultDuplicate | None:
        row = self.selected_row()
        return self.model.pairs[row] if row is not None else None

    @Slot()
    def _selection_changed(self) -> None:
        row = self.selected_row()
        duplicate = self.model.pairs[row] if row is not None else None
        busy = self.merge_task is not None
        for widget in (self.keep_box, self.merge_button, self.dismiss_button):
            widget.setEnabled(duplicate is not None and not busy)
        if row is None or duplicate is None:
            self.keep_first.setText("")
            self.keep_second.setText("")
            self.why_label.clear()
            return
        if self.model.frozen:
            return  # a merge is writing: the texts stay as they are until it ends
        self.model.departments(row)  # reads both people's list rows (departments)
        self._show_why(duplicate)
        # Translators: {person} is a name with department and one-on-ones ("Ravi · Sales · 2
        # one-on-ones"); this is the record entered first.
        self.keep_first.setText(_("{person} (the older record)").format(
            person=self.describe(duplicate.keep_id, duplicate.keep_name)))
        self.keep_second.setText(self.describe(duplicate.other_id, duplicate.other_name))
        self.keep_first.setChecked(True)

    def describe(self, person_id: str, name: str) -> str:
        """One line to tell the two apart: department and how many one-on-ones (a quick
        read of one person, on the GUI thread)."""
        try:
            talks = len(conversations.one_on_ones_for(self.vault, person_id))
        except OrganizerError:
            return name
        row = self.model.person(person_id)
        details = [row.department if row is not None else "",
                   ngettext("{n} one-on-one", "{n} one-on-ones", talks).format(
                       n=formats.number(talks))]
        return " · ".join([name, *(d for d in details if d)])

    def _show_why(self, duplicate: VaultDuplicate) -> None:
        try:
            first = people.get_person(self.vault, duplicate.keep_id)
            second = people.get_person(self.vault, duplicate.other_id)
            region = default_region(self.vault)
        except OrganizerError:
            self.why_label.clear()
            return
        self.why_label.setText(shared_detail(first, second, region))

    def keep(self, first: bool) -> None:
        """Choose which record the merge keeps (what clicking its button does)."""
        (self.keep_first if first else self.keep_second).setChecked(True)

    # ----- merging and dismissing ------------------------------------------------------------

    @Slot()
    def merge_selected(self) -> None:
        duplicate = self.selected_pair()
        if duplicate is None or self.merge_task is not None:
            return
        if self.keep_first.isChecked():
            keep_id, keep_name = duplicate.keep_id, duplicate.keep_name
            merge_id, merge_name = duplicate.other_id, duplicate.other_name
        else:
            keep_id, keep_name = duplicate.other_id, duplicate.other_name
            merge_id, merge_name = duplicate.keep_id, duplicate.keep_name
        if keep_name == merge_name:
            question = _("Merge the two records of {name} into one, keeping both "
                         "histories?").format(name=keep_name)
        else:
            # Translators: {merged} disappears into {kept}; both are people's names.
            question = _("Merge {merged} into {kept}, moving all of {merged}'s one-on-ones, "
                         "assessments and follow-ups to {kept}?").format(
                             merged=merge_name, kept=keep_name)
        if not messages.confirm(self, question, confirm_label=_("Merge")):
            return
        def work(own: Vault, _progress: Progress) -> tuple[str, str, str]:
            merge_people(own, keep_id, merge_id)
            return keep_id, keep_name, merge_id

        task = VaultWrite(self.vault, work, parent=self,
                          label=_("Merging into {name}…").format(name=keep_name),
                          undone_note=_(MERGE_UNDONE))
        task.succeeded.connect(self._merged)
        task.failed.connect(self._merge_failed)
        task.finished.connect(self._merge_finished)
        self.merge_task = task
        self.model.frozen = True  # the list shows the two as they were until the merge ends
        self._selection_changed()
        task.start()

    @Slot(object)
    def _merged(self, outcome: object) -> None:
        assert isinstance(outcome, tuple)
        keep_id, keep_name, merge_id = outcome
        self.model.frozen = False
        row = self.selected_row() or 0
        self.model.after_merge(keep_id, keep_name, merge_id, self.dismissed)
        self.merged.emit(keep_id)
        self._after_change(row)

    @Slot(object)
    def _merge_failed(self, error: object) -> None:
        self.model.frozen = False
        task = self.merge_task
        if task is not None and task.stopped_by_app:
            return  # a lock is closing the dialog
        messages.warn(self, describe_error(error))

    @Slot()
    def _merge_finished(self) -> None:
        self.merge_task = None
        self.model.frozen = False
        if shiboken6.isValid(self):
            self._selection_changed()

    @Slot()
    def dismiss_selected(self) -> None:
        """Not the same person: off the list for this session; the vault is not touched."""
        row = self.selected_row()
        if row is None or self.merge_task is not None:
            return
        self.dismissed.add(pair_of(self.model.remove(row)))
        self._after_change(row)

    def _after_change(self, row: int) -> None:
        self._show_count(NONE_LEFT)
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))

    def reject(self) -> None:
        if self.merge_task is not None:
            return  # a merge takes under a second: it ends, then the dialog may close
        if self._search_task is not None:
            self._search_task.cancel()
        super().reject()


def dismissed_for(window: Any) -> set[Pair]:
    """The window's "not the same" pairs: they last as long as the window (until a lock)."""
    dismissed = getattr(window, "dismissed_duplicates", None)
    if not isinstance(dismissed, set):
        dismissed = set()
        window.dismissed_duplicates = dismissed
    return dismissed


def make_dialog(window: Any) -> DuplicatesDialog:
    """The dialog over the main window, which refreshes its pages after each merge."""
    dialog = DuplicatesDialog(window.vault, dismissed_for(window), window)
    dialog.merged.connect(lambda _kept: window._data_changed(None))
    return dialog


def run(window: Any) -> None:
    """The File menu's action: find and merge duplicates in the window's vault."""
    dialog = make_dialog(window)
    dialog.exec()
    if shiboken6.isValid(dialog):  # a lock meanwhile deletes the window and its dialogs
        dialog.deleteLater()
