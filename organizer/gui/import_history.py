"""Import history (File › Import history…): every import of this vault, the file's name,
when, who, how many people it made and merged, whether it was undone; and "Remove the people
added by this import…", which shows what undoing it would erase before anything is.

core/imports.py decides who an undo erases: the people the import made that nobody touched
since. Those touched since are listed with what was done with them, each with a tick to
erase them too; nobody is erased without being counted in the question first."""

from __future__ import annotations

import datetime as dt
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

from organizer import formats
from organizer.core import imports
from organizer.core.errors import OrganizerError
from organizer.core.imports import ImportRecord, UndoPreview
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.i18n import N_, _, ngettext

IMPORT_ID_ROLE = Qt.ItemDataRole.UserRole
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole
# Translators: the import history's columns: the file's name, when it was imported, by whom,
# how many people it made, merged, and whether it was undone.
COLUMNS = (N_("File"), N_("When"), N_("Who"), N_("Made"), N_("Merged"), N_("Undone"))


def when_text(iso: str | None) -> str:
    """"Nov 23, 2026, 2:05 PM" in this computer's time, from a record's ISO time (stored in
    UTC)."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return formats.date_and_time(moment.astimezone())


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
        self.setWindowTitle(_("Remove the people added by an import"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        untouched = len(preview.untouched)
        summary = QLabel(
            # Translators: {file} is the imported file's name, {when} the date and time.
            ngettext(
                "Undoing the import of {file} ({when}) erases the {n} person it added that "
                "nobody has changed since, for good, with everything about them.",
                "Undoing the import of {file} ({when}) erases the {n} people it added that "
                "nobody has changed since, for good, with everything about them.",
                untouched).format(file=record.file_name, when=when_text(record.imported_at),
                                  n=formats.number(untouched))
            if untouched else
            _("Every person the import of {file} added has been changed since: none is "
              "erased unless you tick them below.").format(file=record.file_name)
        )
        summary.setWordWrap(True)
        self.summary = summary
        layout.addWidget(summary)
        self.touched = QListWidget()
        self.touched.setAccessibleName(_("People changed since the import"))
        for person in preview.touched:
            item = QListWidgetItem(f"{person.display_name}: {', '.join(person.what)}")
            item.setData(PERSON_ID_ROLE, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.touched.addItem(item)
        if preview.touched:
            changed = len(preview.touched)
            kept = QLabel(ngettext(
                "{n} person it added was changed since and will be kept. Tick any to erase "
                "them too:",
                "{n} people it added were changed since and will be kept. Tick any to erase "
                "them too:", changed).format(n=formats.number(changed)))
            kept.setWordWrap(True)
            layout.addWidget(kept)
            layout.addWidget(self.touched, 1)
        else:
            self.touched.hide()
        self.buttons = QDialogButtonBox()
        self.erase_button = self.buttons.addButton(
            _("Erase"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
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
        self.erase_button.setText(
            ngettext("Erase {n} person…", "Erase {n} people…", count).format(
                n=formats.number(count)) if count else _("Erase"))
        self.erase_button.setEnabled(count > 0)


class ImportHistoryDialog(QDialog):
    """Every import of the vault, the newest first, and undoing one."""

    people_erased = Signal(int)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.undo_dialog: UndoImportDialog | None = None
        self.setWindowTitle(_("Import history"))
        layout = QVBoxLayout(self)
        self.empty_label = QLabel(_("Nothing has been imported into this campaign yet."))
        layout.addWidget(self.empty_label)
        self.table = QTreeWidget()
        self.table.setAccessibleName(_("Imports"))
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([_(column) for column in COLUMNS])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 150)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.undo_button = QPushButton(_("&Remove the people added by this import…"))
        self.undo_button.setToolTip(
            _("Erase the people this import added, after showing who and asking"))
        self.undo_button.clicked.connect(self.ask_undo)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
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
            # Translators: {when} is a date and time.
            undone = (ngettext("{when}: {n} person erased", "{when}: {n} people erased",
                               record.people_undone).format(
                                   when=when_text(record.undone_at),
                                   n=formats.number(record.people_undone))
                      if record.undone else "")
            item = QTreeWidgetItem([
                record.file_name, when_text(record.imported_at),
                record.imported_by or _("(this computer)"), formats.number(record.people_created),
                formats.number(record.people_merged), undone,
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

    def _selection_changed(self, *_args: Any) -> None:
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
            self, ngettext("Erase {n} person for good?", "Erase {n} people for good?",
                           count).format(n=formats.number(count)),
            confirm_label=ngettext("Erase {n} person", "Erase {n} people", count).format(
                n=formats.number(count)),
            detail=_("They are erased with everything about them, here and, in a committee, "
                     "for every member. This cannot be undone."),
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
            self, ngettext("Erased {n} person added by the import of {file}.",
                           "Erased {n} people added by the import of {file}.", erased).format(
                               n=formats.number(erased), file=record.file_name),
            _("The import is marked undone in this list."),
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
