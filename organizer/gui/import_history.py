"""Import history (File › Import history…): every import of this vault, the file's name,
when, who, how many people it made and merged, whether it was undone; and "Remove the people
added by this import…", which shows what undoing it would erase before anything is.

core/imports.py decides who an undo erases: the people the import made that nobody touched
since. Those touched since are listed with what was done with them, each with a tick to
erase them too; nobody is erased without being counted in the question first."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core import imports
from organizer.core.errors import OrganizerError
from organizer.core.imports import ImportRecord, UndoPreview
from organizer.core.vault import Vault
from organizer.gui import messages

IMPORT_ID_ROLE = Qt.ItemDataRole.UserRole
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("File", "When", "Who", "Made", "Merged", "Undone")


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def when_text(iso: str | None) -> str:
    """"2026-11-23 14:05 UTC" from a record's ISO time (stored in UTC)."""
    if not iso:
        return ""
    return f"{iso[:10]} {iso[11:16]} UTC" if len(iso) >= 16 else iso


class UndoImportDialog(QDialog):
    """The preview of undoing one import: how many people it erases, and the people changed
    since, each with a tick to erase them too. Nothing is written here: `also()` says whom
    the user ticked."""

    def __init__(
        self, record: ImportRecord, preview: UndoPreview, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.record = record
        self.preview = preview
        self.setWindowTitle("Remove the people added by an import")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        untouched = len(preview.untouched)
        summary = QLabel(
            f"Undoing the import of {record.file_name} ({when_text(record.imported_at)}) "
            f"erases the {_people(untouched)} it added that nobody has changed since, "
            "for good, with everything about them."
            if untouched else
            f"Every person the import of {record.file_name} added has been changed since: "
            "none is erased unless you tick them below."
        )
        summary.setWordWrap(True)
        self.summary = summary
        layout.addWidget(summary)
        self.touched = QListWidget()
        self.touched.setAccessibleName("People changed since the import")
        for person in preview.touched:
            item = QListWidgetItem(f"{person.display_name}: {', '.join(person.what)}")
            item.setData(PERSON_ID_ROLE, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.touched.addItem(item)
        if preview.touched:
            kept = QLabel(
                f"{_people(len(preview.touched))} it added "
                f"{'was' if len(preview.touched) == 1 else 'were'} changed since and "
                "will be kept. Tick any to erase them too:"
            )
            kept.setWordWrap(True)
            layout.addWidget(kept)
            layout.addWidget(self.touched, 1)
        else:
            self.touched.hide()
        self.buttons = QDialogButtonBox()
        self.erase_button = self.buttons.addButton(
            "Erase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.touched.itemChanged.connect(self._update_button)
        self._update_button()

    def also(self) -> list[str]:
        """The people changed since whom the user ticked to erase too."""
        return [
            str(self.touched.item(row).data(PERSON_ID_ROLE))
            for row in range(self.touched.count())
            if self.touched.item(row).checkState() == Qt.CheckState.Checked
        ]

    def tick(self, person_id: str, ticked: bool = True) -> None:
        for row in range(self.touched.count()):
            item = self.touched.item(row)
            if item.data(PERSON_ID_ROLE) == person_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def erasing(self) -> int:
        return len(self.preview.untouched) + len(self.also())

    def _update_button(self) -> None:
        count = self.erasing()
        self.erase_button.setText(f"Erase {_people(count)}…" if count else "Erase")
        self.erase_button.setEnabled(count > 0)


class ImportHistoryDialog(QDialog):
    """Every import of the vault, the newest first, and undoing one."""

    people_erased = Signal(int)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.undo_dialog: UndoImportDialog | None = None
        self.setWindowTitle("Import history")
        layout = QVBoxLayout(self)
        self.empty_label = QLabel("Nothing has been imported into this campaign yet.")
        layout.addWidget(self.empty_label)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Imports")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 150)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.undo_button = QPushButton("&Remove the people added by this import…")
        self.undo_button.setToolTip(
            "Erase the people this import added, after showing who and asking")
        self.undo_button.clicked.connect(self.ask_undo)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.table.currentItemChanged.connect(self._selection_changed)
        self.resize(760, 380)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.table.clear()
        try:
            records = imports.list_imports(self.vault)
        except OrganizerError as error:
            messages.warn_error(self, error)
            records = []
        self.records = {r.id: r for r in records}
        for record in records:
            undone = (f"{when_text(record.undone_at)}: {_people(record.people_undone)} erased"
                      if record.undone else "")
            item = QTreeWidgetItem([
                record.file_name, when_text(record.imported_at),
                record.imported_by or "(this computer)", f"{record.people_created:,}",
                f"{record.people_merged:,}", undone,
            ])
            item.setData(0, IMPORT_ID_ROLE, record.id)
            self.table.addTopLevelItem(item)
            if record.id == select:
                self.table.setCurrentItem(item)
        first = self.table.topLevelItem(0)
        if self.table.currentItem() is None and first is not None:
            self.table.setCurrentItem(first)
        self.empty_label.setVisible(not records)
        self._selection_changed()

    def selected_import(self) -> ImportRecord | None:
        item = self.table.currentItem()
        return self.records.get(str(item.data(0, IMPORT_ID_ROLE))) if item else None

    def select_import(self, import_id: str) -> bool:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None and item.data(0, IMPORT_ID_ROLE) == import_id:
                self.table.setCurrentItem(item)
                return True
        return False

    def _selection_changed(self, *_: Any) -> None:
        record = self.selected_import()
        self.undo_button.setEnabled(
            record is not None and not record.undone and record.people_left > 0)

    def ask_undo(self) -> UndoImportDialog | None:
        """Show what undoing the selected import erases (window-modal, not blocking); on
        Erase it asks once more, erases and says how many."""
        record = self.selected_import()
        if record is None:
            return None
        try:
            preview = imports.undo_preview(self.vault, record.id)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.refresh(record.id)
            return None
        dialog = UndoImportDialog(record, preview, self)
        dialog.accepted.connect(lambda: self.undo(record, dialog.also()))
        dialog.finished.connect(dialog.deleteLater)
        self.undo_dialog = dialog
        dialog.open()
        return dialog

    def undo(self, record: ImportRecord, also: list[str]) -> int:
        """Erase the import's untouched people and those in `also`, after one question."""
        try:
            preview = imports.undo_preview(self.vault, record.id)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.refresh(record.id)
            return 0
        count = len(preview.untouched) + len(set(also))
        if not messages.confirm(
            self, f"Erase {_people(count)} for good?",
            confirm_label=f"Erase {_people(count)}",
            detail="They are erased with everything about them, here and, in a committee, "
                   "for every member. This cannot be undone.",
        ):
            return 0
        try:
            erased = imports.undo_import(self.vault, record.id, also)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.refresh(record.id)
            return 0
        self.refresh(record.id)
        self.people_erased.emit(erased)
        messages.inform(
            self, f"Erased {_people(erased)} added by the import of {record.file_name}.",
            "The import is marked undone in this list.",
        )
        return erased


def make_dialog(window: Any) -> ImportHistoryDialog:
    """The dialog over the main window, which refreshes its pages after an undo."""
    dialog = ImportHistoryDialog(window.vault, window)
    dialog.people_erased.connect(lambda _count: window._data_changed(None))
    return dialog


def run(window: Any) -> None:
    """The File menu's action: the vault's imports, and undoing one."""
    dialog = make_dialog(window)
    dialog.exec()
    if shiboken6.isValid(dialog):  # a lock meanwhile deletes the window and its dialogs
        dialog.deleteLater()
