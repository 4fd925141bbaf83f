"""File ▸ Import people…: choose a file, check and edit the column mapping, look at the first
rows and the suspected duplicates (merge / keep both / skip each), then import in one go.

The dialog only talks to `organizer.core.importers`; all the reading, mapping and writing is
there. Applying runs with a progress dialog that can cancel (the import is all or nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core import importers
from organizer.core.errors import OrganizerError
from organizer.core.importers import IMPORT_FIELDS, Choice, ImportPlan, ImportReport
from organizer.core.importers.mapping import recognise, suggest_mapping
from organizer.core.vault import Vault
from organizer.gui import messages

FILE_FILTERS = [
    "Spreadsheets and contacts (*.csv *.tsv *.txt *.xlsx *.vcf *.vcard)",
    "All files (*)",
]
LEAVE_OUT = "— leave out —"
_CHOICES = (Choice.SKIP, Choice.KEEP_BOTH, Choice.MERGE)
_CHOICE_LABELS = {Choice.SKIP: "Skip", Choice.KEEP_BOTH: "Keep both", Choice.MERGE: "Merge"}


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport, after a successful import

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import people")
        self.vault = vault
        self.path: Path | None = None
        self.table: importers.Table | None = None
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None

        self.file_label = QLabel("Choose a spreadsheet (CSV, Excel) or phone contacts (vCard).")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_box = QComboBox()
        self.sheet_box.setVisible(False)
        self.sheet_box.activated.connect(lambda _i: self._reload())
        self.error_label = QLabel()
        self.error_label.setObjectName("import-error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b2182b;")
        self.unmapped_label = QLabel()
        self.unmapped_label.setWordWrap(True)

        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "Goes to"])
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.preview_table = QTableWidget(0, 0)
        self.duplicates_table = QTableWidget(0, 4)
        self.duplicates_table.setHorizontalHeaderLabels(
            ["Row", "In the file", "Looks like", "What to do"])
        self.duplicates_table.horizontalHeader().setStretchLastSection(True)
        self.summary_label = QLabel()

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
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
        layout.addWidget(QLabel("Columns (change where a column goes before importing):"))
        layout.addWidget(self.mapping_table, 2)
        layout.addWidget(self.unmapped_label)
        layout.addWidget(QLabel("First rows, as they will be saved:"))
        layout.addWidget(self.preview_table, 2)
        layout.addWidget(QLabel("Possible duplicates:"))
        layout.addWidget(self.duplicates_table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)
        self.resize(820, 680)

    # ----- loading -------------------------------------------------------------------------

    def choose_file(self) -> None:
        from organizer.gui.start_screen import choose_open_path

        path = choose_open_path(self, "Import people from", FILE_FILTERS, Path.home())
        if path is not None:
            self.load(path)

    def load(self, path: Path, sheet: str | None = None) -> bool:
        """Read the file and suggest a mapping; False (and the reason shown) on bad input."""
        self.path = path
        self.file_label.setText(path.name)
        self.plan = None
        try:
            self.table = importers.read_file(path, sheet=sheet)
            if self.table.kind == "xlsx" and sheet is None:
                names = importers.sheet_names(path.read_bytes())
                self.sheet_box.blockSignals(True)
                self.sheet_box.clear()
                self.sheet_box.addItems(names)
                self.sheet_box.blockSignals(False)
                self.sheet_box.setVisible(len(names) > 1)
            elif self.table.kind != "xlsx":
                self.sheet_box.setVisible(False)
            return self._prepare(None)
        except OrganizerError as error:
            self._show_error(str(error))
            return False

    def _reload(self) -> None:
        if self.path is not None:
            self.load(self.path, self.sheet_box.currentText() or None)

    def _prepare(self, mapping: dict[str, str | None] | None) -> bool:
        assert self.table is not None
        try:
            # prepare() tidies headers and may turn a Google export into plain columns, so
            # each preparation starts from the table as read.
            self.plan = importers.prepare(self.vault, self._copy(), mapping)
        except OrganizerError as error:
            self._show_error(str(error))
            # Keep the mapping on screen (the user's, or the suggested one) to be fixed.
            if mapping is None:
                recognised = recognise(self._copy())
                mapping = suggest_mapping(recognised.headers, recognised.kind)
            self._show_mapping(mapping)
            return False
        self.error_label.clear()
        self._show_mapping(self.plan.mapping)
        self._show_plan()
        return True

    def _copy(self) -> importers.Table:
        table = self.table
        assert table is not None
        return importers.Table(list(table.headers), table.rows, table.row_numbers, table.kind,
                               table.row_label, list(table.problems), dict(table.row_problems))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.import_button.setEnabled(False)
        self.preview_table.setRowCount(0)
        self.duplicates_table.setRowCount(0)
        self.summary_label.clear()

    def _show_mapping(self, mapping: dict[str, str | None]) -> None:
        self.mapping_table.setRowCount(len(mapping))
        for row, (header, field_name) in enumerate(mapping.items()):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping_table.setItem(row, 0, item)
            box = QComboBox()
            box.addItem(LEAVE_OUT, None)
            for key, label in IMPORT_FIELDS.items():
                box.addItem(label, key)
            box.setCurrentIndex(max(0, box.findData(field_name)) if field_name else 0)
            box.currentIndexChanged.connect(lambda _i: self._mapping_edited())
            self.mapping_table.setCellWidget(row, 1, box)

    def current_mapping(self) -> dict[str, str | None]:
        mapping: dict[str, str | None] = {}
        for row in range(self.mapping_table.rowCount()):
            header = self._header(row)
            box = self.mapping_table.cellWidget(row, 1)
            assert isinstance(box, QComboBox)
            mapping[header] = box.currentData()
        return mapping

    def _header(self, row: int) -> str:
        item = self.mapping_table.item(row, 0)
        return item.text() if item is not None else ""

    def set_field(self, header: str, field_name: str | None) -> None:
        """Map one column (what choosing in its list does)."""
        for row in range(self.mapping_table.rowCount()):
            if self._header(row) == header:
                box = self.mapping_table.cellWidget(row, 1)
                assert isinstance(box, QComboBox)
                box.setCurrentIndex(max(0, box.findData(field_name)) if field_name else 0)
                return
        raise KeyError(header)

    def _mapping_edited(self) -> None:
        if self.table is not None:
            self._prepare(self.current_mapping())

    def _show_plan(self) -> None:
        plan = self.plan
        assert plan is not None
        self.unmapped_label.setText(plan.unmapped_message)
        preview = plan.preview(10)
        fields = [f for f in IMPORT_FIELDS if any(f in row for row in preview)]
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(fields))
        self.preview_table.setHorizontalHeaderLabels([IMPORT_FIELDS[f] for f in fields])
        self.preview_table.setRowCount(len(preview))
        for r, values in enumerate(preview):
            for c, f in enumerate(fields):
                self.preview_table.setItem(r, c, QTableWidgetItem(values.get(f, "")))
        self.duplicates_table.setRowCount(len(plan.pairs))
        for r, pair in enumerate(plan.pairs):
            self.duplicates_table.setItem(r, 0, QTableWidgetItem(str(pair.row_number)))
            self.duplicates_table.setItem(r, 1, QTableWidgetItem(pair.name))
            self.duplicates_table.setItem(
                r, 2, QTableWidgetItem(f"{pair.other_label}: {pair.reason}"))
            box = QComboBox()
            for choice in _CHOICES:
                box.addItem(_CHOICE_LABELS[choice], choice)
            box.setCurrentIndex(_CHOICES.index(pair.choice))
            box.currentIndexChanged.connect(
                lambda i, r=r: self._choose(r, _CHOICES[i]))
            self.duplicates_table.setCellWidget(r, 3, box)
        self._update_summary()
        self.import_button.setEnabled(True)

    def _choose(self, pair: int, choice: Choice) -> None:
        assert self.plan is not None
        self.plan.choose(pair, choice)
        self._update_summary()

    def choose(self, pair: int, choice: Choice) -> None:
        box = self.duplicates_table.cellWidget(pair, 3)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(_CHOICES.index(choice))

    def _update_summary(self) -> None:
        assert self.plan is not None
        report = self.plan.report()
        self.summary_label.setText(
            f"{report.rows_read:,} rows: {report.imported:,} to import, {report.merged:,} to "
            f"merge, {report.skipped:,} to skip ({report.duplicates:,} possible duplicates).")

    # ----- importing -----------------------------------------------------------------------

    def run_import(self) -> None:
        if self.plan is None:
            return
        progress = QProgressDialog("Importing people…", "Cancel", 0, 1000, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def show(fraction: float) -> None:
            progress.setValue(int(fraction * 1000))
            QApplication.processEvents()

        try:
            self.report = self.plan.apply(self.vault, progress=show,
                                          cancel=progress.wasCanceled)
        except OrganizerError as error:
            progress.close()
            messages.warn(self, str(error))
            return
        progress.close()
        report = self.report
        messages.inform(
            self, f"Imported {report.imported:,} people, merged {report.merged:,}, "
            f"skipped {report.skipped:,}.", "\n".join(report.lines(limit=30)))
        self.imported.emit(report)
        self.accept()


def run(window: Any) -> None:
    """The File menu's action: import into the window's vault, then refresh its pages."""
    dialog = ImportDialog(window.vault, window)
    dialog.imported.connect(lambda _report: window._data_changed(None))
    dialog.exec()
    dialog.deleteLater()
