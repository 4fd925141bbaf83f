"""Printed copies: the log of every printout (Settings › Printing › Printed copies), and what
the pages that print call to log one.

Every call list, wall chart, prep sheet and recovery kit share that is printed or saved is
logged right before its pages are drawn (`record`), once the print dialog was confirmed or the
file chosen, so a cancelled dialog logs nothing. Its copy code goes small at the foot of
every page; the preview shows the mark with dots for the code (`preview_mark`), so it lays
out exactly as it will print.

`PrintedCopiesTab` lists the log, newest first: the copy code, what was printed, for whom,
when, how many pages, destroy-by, and whether it was destroyed. A copy past its destroy-by
date and not destroyed says so in words (not by colour alone). "Copy code on the page" finds
the copy a page that turned up came from.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import printed_copies
from organizer.core.errors import OrganizerError
from organizer.core.printed_copies import Kind, PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.i18n import N_, _, ngettext

COLUMNS = (N_("Copy code"), N_("What"), N_("For"), N_("Printed"), N_("Pages"),
           N_("Destroy by"), N_("Destroyed"))
CODE, WHAT, FOR, PRINTED, PAGES, DESTROY_BY, DESTROYED = range(len(COLUMNS))
COPY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_CODE = "····-····"  # the preview's stand-in: the real code is drawn when printed


# ----- what the printing pages call --------------------------------------------------------


def preview_mark(*, printed_for: str = "", show_recipient: bool = True) -> str:
    """The copy mark as the preview shows it: the code not drawn yet (it is only made when
    the copy is printed), the rest as it will print."""
    stand_in = PrintedCopy(
        id="", copy_code=PREVIEW_CODE, kind="call list", printed_for=" ".join(printed_for.split()),
        description="", pages=0, printed_at=dt.date.today().isoformat(), destroy_by=None,
        destroyed_at=None)
    return printed_copies.copy_mark(stand_in, show_recipient=show_recipient)


def record(parent: QWidget | None, vault: Vault, kind: Kind, *, printed_for: str = "",
           description: str = "", destroy_by: dt.date | None = None,
           show_recipient: bool = True) -> tuple[PrintedCopy, str] | None:
    """Log a printout about to be drawn; its copy and the mark for its pages. None (after
    saying why) when it could not be logged: then nothing is printed."""
    try:
        copy = printed_copies.record_copy(vault, kind, printed_for=printed_for,
                                          description=description, destroy_by=destroy_by)
    except OrganizerError as error:
        messages.warn_error(parent, error)
        return None
    return copy, printed_copies.copy_mark(copy, show_recipient=show_recipient)


def finished(vault: Vault, copy: PrintedCopy, pages: int) -> None:
    """Note how many pages the copy had; a copy that never printed (0 pages: an error on the
    way) is marked destroyed, so that nobody is reminded to shred it."""
    try:
        if pages > 0:
            printed_copies.set_pages(vault, copy.id, pages)
        else:
            printed_copies.mark_destroyed(vault, copy.id)
    except OrganizerError:
        pass  # the log is a help; the printout itself is done (or failed and said so)


# ----- Settings › Printing › Printed copies -------------------------------------------------


def destroyed_text(copy: PrintedCopy, today: dt.date | None = None) -> str:
    """"Dec 5, 2026", or, past its destroy-by date, "Overdue: shred it"."""
    if copy.destroyed_at:
        return formats.short_date(copy.destroyed_at[:10])
    if copy.is_overdue(today):
        # Translators: a printed copy past its destroy-by date that is not marked destroyed.
        return _("Overdue: shred it")
    # Translators: a printed copy not destroyed yet (and not due yet).
    return _("Not yet")


def what_text(copy: PrintedCopy) -> str:
    """"Call list: Calls Dec 4, 2026", or just "Wall chart"."""
    if copy.description:
        # Translators: {what} is "Call list", "Wall chart"...; {description} what it was
        # (a call list's name, a person's name...).
        return _("{what}: {description}").format(what=copy.what,
                                                   description=copy.description)
    return copy.what


class PrintedCopiesTab(QWidget):
    """Every printout logged in this vault, marking one destroyed, and finding one by the
    copy code on its pages."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.copies: dict[str, PrintedCopy] = {}
        self.setObjectName("printed-copies")
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Every page Organizer prints or saves carries a small copy mark with a random "
            "copy code. If a page turns up where it should not, type its code below to see "
            "which copy it was. Shred copies by their destroy-by date, then mark them "
            "destroyed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        find_row = QHBoxLayout()
        find_label = QLabel(_("Copy code on the &page:"))
        self.code_box = QLineEdit()
        self.code_box.setAccessibleName(_("Copy code on the page"))
        # Translators: a placeholder; keep the example code as it is.
        self.code_box.setPlaceholderText(_("For example K7QM-2XRD"))
        self.code_box.setMaxLength(20)
        self.code_box.setClearButtonEnabled(True)
        find_label.setBuddy(self.code_box)
        self.code_box.textChanged.connect(self.find_code)
        self.code_box.returnPressed.connect(lambda: self.find_code(self.code_box.text()))
        find_row.addWidget(find_label)
        find_row.addWidget(self.code_box, 1)
        layout.addLayout(find_row)
        self.found_label = QLabel()
        self.found_label.setObjectName("copy-found")
        self.found_label.setWordWrap(True)
        self.found_label.setTextFormat(Qt.TextFormat.PlainText)  # names as typed
        layout.addWidget(self.found_label)

        self.empty_label = QLabel(_("Nothing has been printed or saved from this campaign "
                                    "yet."))
        layout.addWidget(self.empty_label)
        self.table = QTreeWidget()
        self.table.setAccessibleName(_("Printed copies"))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setHeaderLabels([_(column) for column in COLUMNS])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        for column in (CODE, FOR, PRINTED, PAGES, DESTROY_BY, DESTROYED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("copies-overdue")
        self.overdue_label.setWordWrap(True)
        bold = QFont(self.overdue_label.font())
        bold.setBold(True)
        self.overdue_label.setFont(bold)
        buttons.addWidget(self.overdue_label, 1)
        self.destroyed_button = QPushButton(_("&Mark destroyed"))
        self.destroyed_button.clicked.connect(self.toggle_destroyed)
        buttons.addWidget(self.destroyed_button)
        layout.addLayout(buttons)
        self.table.currentItemChanged.connect(lambda *_args: self._selection_changed())
        self.refresh()

    # ----- the table ------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        keep = select or self.selected_id()
        today = dt.date.today()
        try:
            copies = printed_copies.printed_copies(self.vault)
        except OrganizerError as error:
            messages.warn_error(self, error)
            copies = []
        self.copies = {copy.id: copy for copy in copies}
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.table.clear()
        overdue = 0
        for copy in copies:
            item = QTreeWidgetItem([
                copy.copy_code, what_text(copy), copy.printed_for or _("(no one named)"),
                formats.short_date(copy.printed_at[:10]),
                formats.number(copy.pages) if copy.pages else "",
                formats.short_date(copy.destroy_by) if copy.destroy_by else _("(none)"),
                destroyed_text(copy, today),
            ])
            item.setData(0, COPY_ID_ROLE, copy.id)
            item.setTextAlignment(PAGES, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(WHAT, what_text(copy))
            if copy.is_overdue(today):
                overdue += 1
                item.setIcon(DESTROYED, warning)
                for column in range(len(COLUMNS)):
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
            self.table.addTopLevelItem(item)
            if copy.id == keep:
                self.table.setCurrentItem(item)
        first = self.table.topLevelItem(0)
        if self.table.currentItem() is None and first is not None:
            self.table.setCurrentItem(first)
        self.empty_label.setVisible(not copies)
        self.table.setVisible(bool(copies))
        self.overdue_label.setText(overdue_sentence(overdue) if overdue else "")
        self._selection_changed()

    def selected_id(self) -> str | None:
        item = self.table.currentItem()
        value = item.data(0, COPY_ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def selected_copy(self) -> PrintedCopy | None:
        copy_id = self.selected_id()
        return self.copies.get(copy_id) if copy_id else None

    def select_copy(self, copy_id: str) -> bool:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None and item.data(0, COPY_ID_ROLE) == copy_id:
                self.table.setCurrentItem(item)
                self.table.scrollToItem(item)
                return True
        return False

    def _selection_changed(self) -> None:
        copy = self.selected_copy()
        self.destroyed_button.setEnabled(copy is not None)
        if copy is not None and copy.destroyed_at:
            self.destroyed_button.setText(_("&Not destroyed"))
            self.destroyed_button.setToolTip(_("This copy was not shredded after all"))
        else:
            self.destroyed_button.setText(_("&Mark destroyed"))
            self.destroyed_button.setToolTip(_("This copy was shredded"))

    def toggle_destroyed(self) -> bool:
        """Mark the chosen copy destroyed, or (when it is) not destroyed after all."""
        copy = self.selected_copy()
        if copy is None:
            return False
        try:
            printed_copies.mark_destroyed(self.vault, copy.id, copy.destroyed_at is None)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.refresh()
            return False
        self.refresh(select=copy.id)
        return True

    # ----- finding a copy by its code -------------------------------------------------------

    def find_code(self, text: str) -> PrintedCopy | None:
        """Select the copy whose code was typed (case and dashes do not matter)."""
        letters = "".join(c for c in text if c.isalnum())
        if not letters:
            self.found_label.setText("")
            return None
        if len(letters) < printed_copies.CODE_LENGTH:
            self.found_label.setText("")
            return None
        try:
            copy = printed_copies.find_copy(self.vault, text)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        if copy is None:
            self.found_label.setText(_("No printed copy in this campaign has this copy code."))
            return None
        if copy.id not in self.copies:
            self.refresh()
        self.select_copy(copy.id)
        self.found_label.setText(found_sentence(copy))
        return copy


def found_sentence(copy: PrintedCopy) -> str:
    """"Copy K7QM-2XRD: Call list, printed for Maya Okafor on Dec 4, 2026." """
    printed = formats.short_date(copy.printed_at[:10])
    if copy.printed_for:
        # Translators: {code} a copy code, {what} "Call list: Calls Dec 4", {name} a person.
        return _("Copy {code}: {what}, printed for {name} on {date}.").format(
            code=copy.copy_code, what=what_text(copy), name=copy.printed_for, date=printed)
    return _("Copy {code}: {what}, printed on {date}.").format(
        code=copy.copy_code, what=what_text(copy), date=printed)


def overdue_sentence(count: int) -> str:
    """What Today and the Printed copies tab say about copies past their destroy-by date."""
    return ngettext(
        "{n} printed copy is past its destroy-by date: shred it and mark it destroyed in "
        "Settings › Printed copies.",
        "{n} printed copies are past their destroy-by date: shred them and mark them "
        "destroyed in Settings › Printed copies.", count).format(n=formats.number(count))
