"""File ▸ Import people…: choose a file, check and edit the column mapping, look at the first
rows and the suspected duplicates (merge / keep both / skip each), then import in one go.

The mapping shows the file as it is: its own column names, a few values of each, and the
columns that go nowhere folded away behind "Show … columns not imported" (an Outlook export
has about ninety). Hints under it: a Team column that holds shifts, how dates like 03/04/2026
were read, assigned OC members who are not OC members. Three choices beside them: what to do
with a value Organizer cannot read (refuse the whole import, the default, or import the rest
of the row), with assigned OC members who are not ones (leave them out, or add them as OC
members), and how to read dates (as the file shows, day first, month first). The rows with
values Organizer cannot read, or a warning, are listed under "Rows to check", numbered as the
spreadsheet numbers them, like the first rows and the duplicates.

The dialog only talks to `organizer.core.importers`; all the reading, mapping and writing is
there. Reading the file and looking for duplicates (a few seconds at 100,000 rows) run in a
`VaultRead` on a connection of its own, newest request first. Applying runs in a `VaultWrite`
on a connection of its own, with a progress dialog and Cancel (the import is all or nothing:
a cancel rolls it back). While it holds the write lock the app writes nothing: the controller
calls `stop_vault_tasks()` before a lock, a close or a quit, which cancels the import and
waits for its rollback, and the daily backup waits for the next hour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import importers
from organizer.core.errors import OrganizerError
from organizer.core.importers import (
    IMPORT_FIELDS,
    BadValues,
    Choice,
    DateOrder,
    ImportCancelled,
    ImportOptions,
    ImportPlan,
    ImportReport,
    UnknownOcMembers,
)
from organizer.core.importers.mapping import (
    DATE_FIELDS,
    recognise,
    sample_values,
    suggest_mapping,
)
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.screen_fit import resize_to_fit
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Cancelled, Progress, VaultRead, VaultWrite
from organizer.i18n import N_, _, ngettext
from organizer.words import count

FILE_FILTERS = [
    N_("Spreadsheets and contacts (*.csv *.tsv *.txt *.xlsx *.vcf *.vcard)"),
    N_("All files (*)"),
]
LEAVE_OUT = N_("— leave out —")
_CHOICES = (Choice.SKIP, Choice.KEEP_BOTH, Choice.MERGE)
_CHOICE_LABELS = {Choice.SKIP: N_("Skip"), Choice.KEEP_BOTH: N_("Keep both"),
                  Choice.MERGE: N_("Merge")}
PROGRESS_STEPS = 1000  # the progress bar's resolution for apply's 0..1 fraction
CHECKING = N_("Reading the file and looking for people already in the vault…")
BAD_VALUE_CHOICES = ((BadValues.REFUSE, N_("Refuse the whole import")),
                     (BadValues.IMPORT_REST, N_("Import the rest of the row")))
UNKNOWN_OC_CHOICES = ((UnknownOcMembers.LEAVE_OUT, N_("Leave them out")),
                      (UnknownOcMembers.CREATE, N_("Add them as OC members")))
DATE_CHOICES = ((DateOrder.DETECT, N_("As the file shows")),
                # Translators: how to read a date like 03/04/2026: as 3 April...
                (DateOrder.DAY_FIRST, N_("Day first (3 April)")),
                # Translators: ...or as March 4.
                (DateOrder.MONTH_FIRST, N_("Month first (March 4)")))
SAMPLE_SEPARATOR = " · "
STOPPED_BY_LOCK = N_("The import was stopped by the lock; nothing from the file was added.")
_ROOT = QModelIndex()


def row_text(row_label: str, number: int, text: str) -> str:
    """"Row 3: …" (a spreadsheet's row), or "Line 12: …" (a vCard file's line)."""
    if row_label == "line":
        return _("Line {number}: {problem}").format(number=number, problem=text)
    return _("Row {number}: {problem}").format(number=number, problem=text)


# ----- reading and checking a file -------------------------------------------------------------


@dataclass
class Prepared:
    """What a preparation worker found: the table read, and a plan or the reason for none."""

    table: importers.Table | None
    sheets: list[str] | None  # an xlsx file's sheet names, when it was read for the first time
    plan: ImportPlan | None
    error: str = ""
    mapping: dict[str, str | None] | None = None  # to show when there is no plan
    report: ImportReport | None = None  # the plan's first summary (0.6 s at 100,000 rows)
    samples: dict[str, list[str]] | None = None  # a few values of each column


def copy_table(table: importers.Table) -> importers.Table:
    """prepare() tidies headers and marks the kind, so each preparation starts from the
    table as read."""
    return table.copy()


def prepare_in_worker(
    vault: Vault, path: Path, sheet: str | None, table: importers.Table | None,
    mapping: dict[str, str | None] | None, cancelled: Callable[[], bool] | None = None,
    options: ImportOptions | None = None,
) -> Prepared:
    """Read the file (unless `table` is the one read before) and make the plan.

    Runs in a VaultRead: `vault` is on the worker's own connection. Never touches a widget.
    """
    sheets: list[str] | None = None
    try:
        if table is None:
            table = importers.read_file(path, sheet=sheet, cancel=cancelled)
            if table.kind == "xlsx" and sheet is None:
                sheets = importers.sheet_names(path.read_bytes())
    except OrganizerError as error:
        return Prepared(None, None, None, str(error))
    try:
        plan = importers.prepare(vault, copy_table(table), mapping, cancel=cancelled,
                                 options=options)
    except OrganizerError as error:
        # Keep the mapping on screen (the user's, or the suggested one) to be fixed.
        recognised = recognise(copy_table(table))
        if mapping is None:
            mapping = suggest_mapping(recognised.headers, recognised.kind)
        return Prepared(table, sheets, None, str(error), mapping,
                        samples=sample_values(recognised))
    return Prepared(table, sheets, plan, report=plan.report(), samples=plan.samples)


class DuplicateChoices(QAbstractTableModel):
    """The plan's suspected duplicates, one a row, with what to do about each (editable)."""

    COL_ROW, COL_NAME, COL_LOOKS_LIKE, COL_CHOICE = range(4)
    HEADERS = (N_("Row"), N_("In the file"), N_("Looks like"), N_("What to do"))
    chosen = Signal()  # a choice changed: the summary follows

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self.plan is None else len(self.plan.pairs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_CHOICE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.plan is None or not index.isValid():
            return None
        pair = self.plan.pairs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == self.COL_CHOICE:
            return pair.choice
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CHOICE:
            return _("Click to choose: Skip, Keep both or Merge")
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.COL_ROW:
            return str(pair.row_number)
        if column == self.COL_NAME:
            return pair.name
        if column == self.COL_LOOKS_LIKE:
            # Translators: who the row looks like ("Ana Ruiz (already in the vault)"), then
            # why ("same phone").
            return _("{other}: {reason}").format(other=pair.other_label, reason=_(pair.reason))
        return _(_CHOICE_LABELS[pair.choice])

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (self.plan is None or not index.isValid() or index.column() != self.COL_CHOICE
                or role != Qt.ItemDataRole.EditRole or not isinstance(value, Choice)):
            return False
        self.plan.choose(index.row(), value)
        self.dataChanged.emit(index, index)
        self.chosen.emit()
        return True

    def choose_all(self, choice: Choice) -> None:
        if self.plan is None or not self.plan.pairs:
            return
        self.plan.choose_all(choice)
        self.dataChanged.emit(self.index(0, self.COL_CHOICE),
                              self.index(len(self.plan.pairs) - 1, self.COL_CHOICE))
        self.chosen.emit()


class ChoiceDelegate(QStyledItemDelegate):
    """Skip / Keep both / Merge as a list, made only while one row is being changed."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        for choice in _CHOICES:
            box.addItem(_(_CHOICE_LABELS[choice]), choice)
        # Each pick counts at once, without leaving the cell first.
        box.activated.connect(lambda _i: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport, after a successful import
    prepared = Signal(bool)  # a file was read and checked: True when it can be imported

    COL_HEADER, COL_SAMPLES, COL_FIELD = range(3)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import people"))
        self.vault = vault
        self.path: Path | None = None
        self.table: importers.Table | None = None
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self.options = ImportOptions()
        self.import_task: VaultWrite | None = None
        self._checking: VaultRead | None = None
        self._generation = 0  # of the newest preparation; older results are dropped
        # Folding: the columns that go nowhere are hidden, unless shown all, or kept in view
        # (mapped when the file was read, or changed by the user since).
        self.show_all_columns = False
        self._kept_in_view: set[str] = set()
        self._samples: dict[str, list[str]] = {}

        self.file_label = QLabel(
            _("Choose a spreadsheet (CSV, Excel) or phone contacts (vCard)."))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(_("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_box = QComboBox()
        self.sheet_box.setVisible(False)
        self.sheet_box.activated.connect(lambda _i: self._reload())
        self.error_label = QLabel()
        self.error_label.setObjectName("import-error")
        self.error_label.setWordWrap(True)
        theme.mark_warning(self.error_label)  # a sentence says what is wrong
        self.unmapped_label = QLabel()
        self.unmapped_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("import-hints")
        self.hint_label.setWordWrap(True)
        self.hint_label.setVisible(False)

        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setAccessibleName(_("Where each column of the file goes"))
        self.mapping_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("Sample values"), _("Goes to")])
        self.mapping_table.setAccessibleName(_("Columns of the file and where each goes"))
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(self.COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(self.COL_HEADER, 190)
        self.mapping_table.setColumnWidth(self.COL_FIELD, 210)
        self.mapping_table.verticalHeader().setVisible(False)
        self.fold_button = QPushButton()
        self.fold_button.setFlat(True)
        self.fold_button.setVisible(False)
        self.fold_button.clicked.connect(self._toggle_folded)

        self.bad_values_box = self._choices(BAD_VALUE_CHOICES, _("What to do with a value "
                                                                 "Organizer cannot read"))
        self.bad_values_box.setToolTip(_(
            "An assessment off the scale, a yes/no that is neither, a date that is not one, "
            "an assigned OC member who is not one: refuse the whole import (nothing is "
            "written), or import the rest of each such row without that value."))
        self.oc_box = self._choices(UNKNOWN_OC_CHOICES, _("Assigned OC members who are not "
                                                          "OC members"))
        self.oc_box.setToolTip(_("Names in the assigned OC member column that match no OC "
                                 "member: leave them out, or add each as an OC member."))
        self.dates_box = self._choices(DATE_CHOICES, _("How to read dates like 03/04/2026"))
        self.bad_values_box.activated.connect(self._options_chosen)
        self.oc_box.activated.connect(self._options_chosen)
        self.dates_box.activated.connect(self._dates_chosen)
        self.oc_label = QLabel(_("Unknown OC members:"))
        self.dates_label = QLabel(_("Dates like 03/04/2026:"))

        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setAccessibleName(_("The first rows as they will be imported"))
        self.preview_table.setWordWrap(False)
        # A model, not a widget per pair: importing a file twice makes every row a pair.
        self.duplicates_model = DuplicateChoices(self)
        self.duplicates_model.chosen.connect(self._update_summary)
        self.duplicates_table = QTableView()
        self.duplicates_table.setModel(self.duplicates_model)
        self.duplicates_table.setAccessibleName(_("Possible duplicates"))
        self.duplicates_table.setItemDelegateForColumn(
            DuplicateChoices.COL_CHOICE, ChoiceDelegate(self.duplicates_table))
        self.duplicates_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.duplicates_table.verticalHeader().setVisible(False)
        self.duplicates_table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((0, 50), (1, 200), (2, 330)):
            self.duplicates_table.setColumnWidth(column, width)
        self.all_choice_box = QComboBox()
        self.all_choice_box.setAccessibleName(_("What to do with every possible duplicate"))
        self.all_choice_box.addItem(_("Set all to…"), None)
        for choice in _CHOICES:
            self.all_choice_box.addItem(_(_CHOICE_LABELS[choice]), choice)
        self.all_choice_box.activated.connect(self._choose_all)
        self.rows_to_check = QListWidget()
        self.rows_to_check.setAccessibleName(_("Rows to check"))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.sheet_box)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(QLabel(_("Columns (change where a column goes before importing):")))
        layout.addWidget(self.mapping_table, 3)
        under = QHBoxLayout()
        under.addWidget(self.fold_button)
        under.addWidget(self.unmapped_label, 1)
        layout.addLayout(under)
        layout.addWidget(self.hint_label)
        choices = QHBoxLayout()
        for label, box in ((QLabel(_("Bad values:")), self.bad_values_box),
                           (self.oc_label, self.oc_box), (self.dates_label, self.dates_box)):
            label.setBuddy(box)
            choices.addWidget(label)
            choices.addWidget(box)
        choices.addStretch(1)
        layout.addLayout(choices)

        duplicates_page = QWidget()
        duplicates_layout = QVBoxLayout(duplicates_page)
        duplicates_layout.setContentsMargins(0, 0, 0, 0)
        duplicates_row = QHBoxLayout()
        duplicates_row.addWidget(QLabel(_("Click What to do to change it:")), 1)
        duplicates_row.addWidget(self.all_choice_box)
        duplicates_layout.addLayout(duplicates_row)
        duplicates_layout.addWidget(self.duplicates_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview_table, _("First rows, as they will be saved"))
        self.tabs.addTab(duplicates_page, _("Possible duplicates"))
        self.tabs.addTab(self.rows_to_check, _("Rows to check"))
        layout.addWidget(self.tabs, 2)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)
        self._show_choices(None)
        resize_to_fit(self, 860, 700)

    def _choices(self, choices: tuple[tuple[Any, str], ...], name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        for value, label in choices:
            box.addItem(_(label), value)
        return box

    # ----- loading -------------------------------------------------------------------------

    def choose_file(self) -> None:
        from organizer.gui.start_screen import choose_open_path

        path = choose_open_path(self, _("Import people from"),
                                [_(name) for name in FILE_FILTERS], Path.home())
        if path is not None:
            self.load(path)

    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read the file and suggest a mapping, in a worker; `prepared` tells how it went
        (the reason is shown when the file cannot be imported)."""
        self.path = path
        self.file_label.setText(path.name)
        self.table = None
        self.show_all_columns = False
        self._kept_in_view = set()
        if sheet is None:  # a new file: its sheets are listed once it is read
            self.sheet_box.setVisible(False)
        self._start_preparation(None, sheet)

    def _reload(self) -> None:
        if self.path is not None:
            self.load(self.path, self.sheet_box.currentText() or None)

    def _prepare(self, mapping: dict[str, str | None] | None) -> None:
        if self.table is not None:
            self._start_preparation(mapping, None)

    def _start_preparation(
        self, mapping: dict[str, str | None] | None, sheet: str | None
    ) -> None:
        assert self.path is not None
        self.plan = None
        self.import_button.setEnabled(False)
        self.summary_label.setText(_(CHECKING))
        self._generation += 1
        generation = self._generation
        if self._checking is not None:
            self._checking.cancel()  # its result will be dropped
        path, table, options = self.path, self.table, self.options

        def work(own: Vault, progress: Progress) -> Prepared:
            progress.report(0, 0, _(CHECKING))
            return prepare_in_worker(own, path, sheet, table, mapping,
                                     lambda: progress.cancelled, options)

        task = VaultRead(self.vault, work, parent=self, label=_(CHECKING), cancellable=True)
        task.succeeded.connect(lambda result: self._prepared(generation, task, result))
        task.failed.connect(lambda error: self._preparation_failed(generation, task, error))
        self._checking = task
        task.start()

    def _prepared(self, generation: int, task: VaultRead, result: object) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # overtaken by a newer file, sheet or mapping
        self._checking = None
        if task.was_cancelled:
            self._show_error(_("Stopped before the file was checked. Choose the file again "
                               "to import it."))
            self.prepared.emit(False)
            return
        assert isinstance(result, Prepared)
        first_look = self.table is None
        if result.table is not None:
            self.table = result.table
        if result.samples is not None:
            self._samples = result.samples
        if result.sheets is not None:
            self.sheet_box.blockSignals(True)
            self.sheet_box.clear()
            self.sheet_box.addItems(result.sheets)
            self.sheet_box.blockSignals(False)
            self.sheet_box.setVisible(len(result.sheets) > 1)
        if result.plan is None:
            self._show_error(result.error)
            if result.mapping is not None:
                if first_look:  # nothing usable was found: every column in view to choose
                    self._kept_in_view = set(result.mapping)
                self._show_mapping(result.mapping)
            else:
                self.mapping_table.setRowCount(0)
                self.fold_button.setVisible(False)
            self._show_choices(result.mapping)
            self.prepared.emit(False)
            return
        self.plan = result.plan
        self.error_label.clear()
        if first_look:
            self._kept_in_view = {h for h, f in self.plan.mapping.items() if f}
        self._show_mapping(self.plan.mapping)
        self._show_choices(self.plan.mapping)
        self._show_plan(result.report)
        if first_look:
            self.tabs.setCurrentIndex(2 if self.rows_to_check.count() else
                                      1 if self.plan.pairs else 0)
        self.prepared.emit(True)

    def _preparation_failed(self, generation: int, task: VaultRead, error: object) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._checking = None
        self._show_error(describe_error(error))
        self.prepared.emit(False)

    def _copy(self) -> importers.Table:
        assert self.table is not None
        return copy_table(self.table)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.import_button.setEnabled(False)
        self.preview_table.setRowCount(0)
        self.duplicates_model.set_plan(None)
        self.rows_to_check.clear()
        self.hint_label.setVisible(False)
        self.summary_label.clear()

    # ----- the mapping ---------------------------------------------------------------------

    def _show_mapping(self, mapping: dict[str, str | None]) -> None:
        self.mapping_table.setRowCount(len(mapping))
        for row, (header, field_name) in enumerate(mapping.items()):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping_table.setItem(row, self.COL_HEADER, item)
            shown = SAMPLE_SEPARATOR.join(self._samples.get(header, []))
            samples = QTableWidgetItem(shown or _("(empty)"))
            samples.setFlags(samples.flags() & ~Qt.ItemFlag.ItemIsEditable)
            samples.setToolTip(shown)
            if not shown:
                samples.setForeground(theme.quiet_colour(self.mapping_table.palette()))
            self.mapping_table.setItem(row, self.COL_SAMPLES, samples)
            box = QComboBox()
            box.setAccessibleName(_("Where the column {name} goes").format(name=header))
            box.addItem(_(LEAVE_OUT), None)
            for key, label in IMPORT_FIELDS.items():
                box.addItem(_(label), key)
            box.setCurrentIndex(max(0, box.findData(field_name)) if field_name else 0)
            box.currentIndexChanged.connect(
                lambda _i, header=header: self._mapping_edited(header))
            self.mapping_table.setCellWidget(row, self.COL_FIELD, box)
        self._fold()

    def _fold(self) -> None:
        """Hide the columns that go nowhere (unless shown all, or kept in view)."""
        mapping = self.current_mapping()
        folded = [h for h, f in mapping.items() if f is None and h not in self._kept_in_view]
        for row in range(self.mapping_table.rowCount()):
            header = self._header(row)
            self.mapping_table.setRowHidden(
                row, not self.show_all_columns and header in folded)
        self.fold_button.setVisible(bool(folded))
        if self.show_all_columns:
            self.fold_button.setText(_("Hide the columns not imported"))
        else:
            # Translators: {columns} is "36 columns".
            self.fold_button.setText(_("Show {columns} not imported…").format(
                columns=count(len(folded), "column", "columns")))

    def folded_headers(self) -> list[str]:
        """The columns hidden from the mapping table now."""
        return [self._header(r) for r in range(self.mapping_table.rowCount())
                if self.mapping_table.isRowHidden(r)]

    def _toggle_folded(self) -> None:
        self.show_all_columns = not self.show_all_columns
        self._fold()

    def current_mapping(self) -> dict[str, str | None]:
        mapping: dict[str, str | None] = {}
        for row in range(self.mapping_table.rowCount()):
            header = self._header(row)
            box = self.mapping_table.cellWidget(row, self.COL_FIELD)
            assert isinstance(box, QComboBox)
            mapping[header] = box.currentData()
        return mapping

    def _header(self, row: int) -> str:
        item = self.mapping_table.item(row, self.COL_HEADER)
        return item.text() if item is not None else ""

    def samples_of(self, header: str) -> str:
        """The sample values shown beside a column."""
        for row in range(self.mapping_table.rowCount()):
            if self._header(row) == header:
                item = self.mapping_table.item(row, self.COL_SAMPLES)
                return item.text() if item is not None else ""
        raise KeyError(header)

    def set_field(self, header: str, field_name: str | None) -> None:
        """Map one column (what choosing in its list does)."""
        for row in range(self.mapping_table.rowCount()):
            if self._header(row) == header:
                box = self.mapping_table.cellWidget(row, self.COL_FIELD)
                assert isinstance(box, QComboBox)
                box.setCurrentIndex(max(0, box.findData(field_name)) if field_name else 0)
                return
        raise KeyError(header)

    def _mapping_edited(self, header: str) -> None:
        self._kept_in_view.add(header)  # it stays in view, even when left out
        if self.table is not None:
            self._prepare(self.current_mapping())

    # ----- the choices ---------------------------------------------------------------------

    def _show_choices(self, mapping: dict[str, str | None] | None) -> None:
        """The OC members' and the dates' choices only when a column needs them."""
        fields = set((mapping or {}).values())
        for widget in (self.oc_label, self.oc_box):
            widget.setVisible("assigned_oc_member" in fields)
        for widget in (self.dates_label, self.dates_box):
            widget.setVisible(bool(fields & set(DATE_FIELDS)))

    def choose_options(self, bad_values: BadValues | None = None,
                       unknown_oc_members: UnknownOcMembers | None = None,
                       date_order: DateOrder | None = None) -> None:
        """What choosing in the three lists does."""
        for box, value in ((self.bad_values_box, bad_values),
                           (self.oc_box, unknown_oc_members), (self.dates_box, date_order)):
            if value is not None:
                box.setCurrentIndex(box.findData(value))
        if date_order is not None:
            self._dates_chosen()
        else:
            self._options_chosen()

    def _chosen(self) -> ImportOptions:
        return ImportOptions(self.bad_values_box.currentData(), self.oc_box.currentData(),
                             self.dates_box.currentData())

    @Slot()
    def _options_chosen(self) -> None:
        """Refusing and OC members change only the outcome: no need to read again."""
        self.options = self._chosen()
        if self.plan is not None:
            self.plan.options = self.options
            self._update_summary()

    @Slot()
    def _dates_chosen(self) -> None:
        self.options = self._chosen()
        if self.table is not None:
            self._prepare(self.current_mapping())

    # ----- the plan ------------------------------------------------------------------------

    def _show_plan(self, report: ImportReport | None = None) -> None:
        plan = self.plan
        assert plan is not None
        self.unmapped_label.setText(plan.unmapped_message)
        self.unmapped_label.setVisible(bool(plan.unmapped_message))
        numbered = plan.preview_rows(10)
        preview = [values for _number, values in numbered]
        fields = [f for f in IMPORT_FIELDS if any(f in row for row in preview)]
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(fields))
        self.preview_table.setHorizontalHeaderLabels([_(IMPORT_FIELDS[f]) for f in fields])
        self.preview_table.setRowCount(len(preview))
        # The file's own row numbers, as in the report and the duplicates list.
        self.preview_table.setVerticalHeaderLabels([str(number) for number, _v in numbered])
        for r, values in enumerate(preview):
            for c, f in enumerate(fields):
                self.preview_table.setItem(r, c, QTableWidgetItem(values.get(f, "")))
        self.duplicates_model.set_plan(plan)
        self.all_choice_box.setEnabled(bool(plan.pairs))
        self.tabs.setTabText(1, _("Possible duplicates ({n})").format(
            n=formats.number(len(plan.pairs))))
        self._update_summary(report)

    def choose(self, pair: int, choice: Choice) -> None:
        """What to do with one suspected duplicate (what its list in the table does)."""
        self.duplicates_model.setData(
            self.duplicates_model.index(pair, DuplicateChoices.COL_CHOICE), choice,
            Qt.ItemDataRole.EditRole)

    @Slot(int)
    def _choose_all(self, index: int) -> None:
        choice = self.all_choice_box.itemData(index)
        self.all_choice_box.setCurrentIndex(0)
        if isinstance(choice, Choice):
            self.duplicates_model.choose_all(choice)

    @Slot()
    def _update_summary(self, report: ImportReport | None = None) -> None:
        plan = self.plan
        if plan is None:
            return
        if report is None:
            report = plan.report()
        self._show_rows_to_check(report)
        self._show_hints(plan, report)
        if report.refused:
            # Translators: {problem} is a sentence saying which rows hold values Organizer
            # cannot read; "it"/"them" are those rows.
            self.summary_label.setText(ngettext(
                "Not importable as it is: {problem} Fix it in the file and choose it again, "
                "or choose “Import the rest of the row”.",
                "Not importable as it is: {problem} Fix them in the file and choose it again, "
                "or choose “Import the rest of the row”.",
                len(report.bad_rows)).format(problem=report.unreadable()))
            self.import_button.setEnabled(False)
            return
        duplicates = count(report.duplicates, "possible duplicate", "possible duplicates")
        # Translators: {rows} is "120 rows", {duplicates} "3 possible duplicates"; the others
        # are numbers of people.
        text = _("{rows}: {imported} to import, {merged} to merge, {skipped} to skip "
                 "({duplicates}).").format(
                     rows=count(report.rows_read, "row", "rows"),
                     imported=formats.number(report.imported),
                     merged=formats.number(report.merged),
                     skipped=formats.number(report.skipped), duplicates=duplicates)
        if report.bad_rows:
            bad = len(report.bad_rows)
            text += " " + ngettext("{n} row without the values Organizer cannot read.",
                                   "{n} rows without the values Organizer cannot read.",
                                   bad).format(n=formats.number(bad))
        self.summary_label.setText(text)
        self.import_button.setEnabled(self.import_task is None)

    def _show_rows_to_check(self, report: ImportReport) -> None:
        """The rows with a value Organizer cannot read, and those with a warning."""
        self.rows_to_check.clear()
        for row in report.rows:
            for bad in row.bad:
                self.rows_to_check.addItem(row_text(report.row_label, row.row_number, bad))
            warnings = getattr(row, "warnings", None)  # the importer's own list, when it has one
            if warnings is None:
                warnings = [note.removeprefix("warning: ") for note in row.reason.split("; ")
                            if note.startswith("warning: ")]
            for warning in warnings:
                self.rows_to_check.addItem(row_text(report.row_label, row.row_number, warning))
        self.tabs.setTabText(2, _("Rows to check ({n})").format(
            n=formats.number(self.rows_to_check.count())))

    def _show_hints(self, plan: ImportPlan, report: ImportReport) -> None:
        hints = list(plan.hints)
        if plan.date_note:
            hints.append(plan.date_note)
        unknown = plan.unknown_oc_member_names()
        if unknown and plan.options.unknown_oc_members is UnknownOcMembers.LEAVE_OUT:
            shown = ", ".join(repr(n) for n in unknown[:6])
            if len(unknown) > 6:
                more = len(unknown) - 6
                # Translators: {names} is a list of names, quoted.
                shown = ngettext("{names} and {n} more", "{names} and {n} more", more).format(
                    names=shown, n=formats.number(more))
            hints.append(_("Not OC members: {names}. Choose “Add them as OC members” to add "
                           "them.").format(names=shown))
        if report.new_oc_members:
            hints.append(_("New OC members: {names}.").format(
                names=", ".join(report.new_oc_members[:12])))
        self.hint_label.setText("\n".join(hints))
        self.hint_label.setVisible(bool(hints))

    # ----- importing -----------------------------------------------------------------------

    def run_import(self) -> None:
        """Write the plan in a worker on a connection of its own, with progress and Cancel;
        `imported` fires when it is in, and a cancel leaves the vault as it was."""
        if self.plan is None or self.import_task is not None:
            return
        plan = self.plan

        def work(own: Vault, progress: Progress) -> ImportReport:
            def show(fraction: float) -> None:  # called in the worker: a queued signal only
                progress.report(round(fraction * PROGRESS_STEPS), PROGRESS_STEPS,
                                _("Importing people…"))

            return plan.apply(own, progress=show, cancel=lambda: progress.cancelled)

        task = VaultWrite(self.vault, work, parent=self, label=_("Importing people…"),
                          cancellable=True, undone_note=_(STOPPED_BY_LOCK))
        task.succeeded.connect(self._import_done)
        task.failed.connect(self._import_failed)
        task.finished.connect(self._import_finished)
        self.import_task = task
        self._set_importing(True)
        task.start()

    def _set_importing(self, importing: bool) -> None:
        """While the worker writes, nothing here may change the plan or start another."""
        for widget in (self.choose_button, self.sheet_box, self.mapping_table,
                       self.duplicates_table, self.all_choice_box, self.import_button,
                       self.bad_values_box, self.oc_box, self.dates_box):
            widget.setEnabled(not importing)
        if importing:
            self.summary_label.setText(_("Importing people…"))

    @Slot(object)
    def _import_done(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.report = report
        # First, while the vault is surely open: the window shows the new people.
        self.imported.emit(report)
        if self.import_task is not None and self.import_task.stopped_by_app:
            return  # a lock is under way: it closes this dialog, no box in its way
        messages.inform(
            self, ngettext("Imported {imported} person, merged {merged}, skipped {skipped}.",
                           "Imported {imported} people, merged {merged}, skipped {skipped}.",
                           report.imported).format(
                               imported=formats.number(report.imported),
                               merged=formats.number(report.merged),
                               skipped=formats.number(report.skipped)),
            "\n".join(report.lines(limit=30)))
        if shiboken6.isValid(self):
            self.accept()

    @Slot(object)
    def _import_failed(self, error: object) -> None:
        if self.import_task is not None and self.import_task.stopped_by_app:
            return  # the unlock page says it (STOPPED_BY_LOCK)
        if isinstance(error, ImportCancelled | Cancelled):
            self.summary_label.setText(str(error))
            messages.inform(self, str(error))
        else:
            messages.warn(self, describe_error(error))

    @Slot()
    def _import_finished(self) -> None:
        self.import_task = None
        if not shiboken6.isValid(self):
            return
        self._set_importing(False)
        if self.report is None and self.plan is not None:
            self._update_summary()

    def reject(self) -> None:
        if self.import_task is not None:  # Cancel (Esc) while importing stops the import
            self.import_task.cancel()
            return
        if self._checking is not None:
            self._checking.cancel()
        super().reject()


def make_dialog(window: Any) -> ImportDialog:
    """The dialog over the main window, which refreshes its pages after an import."""
    dialog = ImportDialog(window.vault, window)
    dialog.imported.connect(lambda _report: window._data_changed(None))
    return dialog


def run(window: Any) -> None:
    """The File menu's action: import into the window's vault, then refresh its pages."""
    dialog = make_dialog(window)
    dialog.exec()
    if shiboken6.isValid(dialog):  # a lock meanwhile deletes the window and its dialogs
        dialog.deleteLater()
