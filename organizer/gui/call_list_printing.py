"""What goes on the page of a new call list, and getting it on paper: preview, print or a
PDF, each copy logged as a printed copy with its copy mark, and the printed list saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtGui import QPagedPaintDevice
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from organizer import formats
from organizer.core import call_lists
from organizer.core.call_lists import (
    COLUMNS,
    CallList,
    CallListCriteria,
    CallListOptions,
    resolve_page_size,
)
from organizer.core.errors import OrganizerError
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages, print_preview, printed_copies_ui
from organizer.gui.one_on_one_dialog import DateEdit
from organizer.gui.people_model import CampaignChoices
from organizer.gui.workers import Task
from organizer.i18n import N_, _, ngettext
from organizer.reports.call_list_pdf import (
    preview_call_list,
    render_call_list,
    system_locale_name,
)

DESTROY_AFTER_DAYS = 7  # the "destroy by" date offered by default

# Module constants are marked with N_ and translated where they are shown.
NAME_STYLES: tuple[tuple[str, str], ...] = (
    (N_("Full names"), "name"),
    (N_("Code names (initials when there is none)"), "code name"),
    (N_("Initials only"), "initials"),
)
NAME_HINTS = {
    "name": N_("Code names or initials are safer on paper: a lost page then names no one."),
    "code name": N_("People without a code name are printed by their initials."),
    "initials": N_("Only initials are printed: the caller needs to know who is who."),
}
COLUMN_LABELS = {
    "department": N_("Department"),
    "shift": N_("Shift"),
    "assessment": N_("Assessment"),
    "last contact": N_("Last contact"),
    "main issue": N_("Main issue"),
}
# Paper sizes by their stored names; "Letter" is a word in other languages.
PAPER_NAMES = {"A4": N_("A4"), "Letter": N_("Letter")}


def shows_recipient(call_list: CallList) -> bool:
    """A list printed with code names or initials keeps the recipient's name off its copy
    mark (the log in the vault still says for whom)."""
    return call_list.options.name_style == "name"


if TYPE_CHECKING:
    _Page = QWidget
else:
    _Page = object


class CallListPrinting(_Page):
    """The new list's "On the page" options and its output: a part of CallListsPage."""

    if TYPE_CHECKING:  # set up by CallListsPage and its other parts
        list_saved = Signal(str)
        vault: Vault
        choices: CampaignChoices
        _task: Task | None
        _last_saved: tuple[CallList, str, str] | None
        list_name: QLineEdit
        status_label: QLabel
        preview_button: QPushButton
        print_button: QPushButton
        save_pdf_button: QPushButton

        def _combo(self, accessible: str) -> QComboBox: ...
        def current_criteria(self) -> CallListCriteria: ...
        def update_count(self) -> None: ...
        def refresh_saved_lists(self, select: str | None = None) -> None: ...

    def _build_options(self) -> QWidget:
        box = QGroupBox(_("On the page"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.name_style = self._combo(_("Names on paper"))
        for text, value in NAME_STYLES:
            self.name_style.addItem(_(text), value)
        names_label = QLabel(_("Na&mes"))
        names_label.setBuddy(self.name_style)
        grid.addWidget(names_label, 0, 0)
        grid.addWidget(self.name_style, 0, 1)
        self.name_hint = QLabel(_(NAME_HINTS["name"]))
        self.name_hint.setObjectName("name-style-hint")
        self.name_hint.setWordWrap(True)
        self.name_hint.setEnabled(False)
        grid.addWidget(self.name_hint, 1, 1)

        columns = QHBoxLayout()
        self.columns: dict[str, QCheckBox] = {}
        for column in COLUMNS:
            check = QCheckBox(_(COLUMN_LABELS[column]))
            # Translators: a check box's name for screen readers: "Print department".
            check.setAccessibleName(_("Print {column}").format(
                column=_(COLUMN_LABELS[column]).lower()))
            check.setChecked(True)
            self.columns[column] = check
            columns.addWidget(check)
        columns.addStretch(1)
        columns_label = QLabel(_("Columns"))
        grid.addWidget(columns_label, 2, 0)
        grid.addLayout(columns, 2, 1)
        self.phones_note = QLabel(
            _("Personal phone numbers are always printed; work numbers never."))
        self.phones_note.setWordWrap(True)
        self.phones_note.setEnabled(False)
        grid.addWidget(self.phones_note, 3, 1)

        self.assessment_style = self._combo(_("Assessment on paper"))
        self.assessment_style.addItem(_("As a neutral code (A1–A5)"), "code")
        self.assessment_style.addItem(_("As its label"), "label")
        self.assessment_style.setToolTip(
            _("A code means nothing to whoever finds a lost page; the caller learns the scale")
        )
        assessment_label = QLabel(_("Assessment as"))
        assessment_label.setBuddy(self.assessment_style)
        grid.addWidget(assessment_label, 4, 0)
        grid.addWidget(self.assessment_style, 4, 1)

        self.per_organizer = QCheckBox(
            _("One section per &OC member, each starting a new page"))
        self.per_organizer.setToolTip(
            _("“Maya's calls” on top: each caller gets only their pages"))
        self.per_organizer.setChecked(True)
        grid.addWidget(self.per_organizer, 5, 0, 1, 2)

        self.printed_for = QLineEdit()
        self.printed_for.setAccessibleName(_("Printed for"))
        self.printed_for.setPlaceholderText(_("Optional: who gets this copy"))
        self.printed_for.setMaxLength(60)
        self._printed_for_names = QStringListModel(self)
        completer = QCompleter(self._printed_for_names, self.printed_for)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.printed_for.setCompleter(completer)
        printed_label = QLabel(_("Printed for"))
        printed_label.setBuddy(self.printed_for)
        grid.addWidget(printed_label, 6, 0)
        grid.addWidget(self.printed_for, 6, 1)

        destroy = QHBoxLayout()
        self.destroy_by = QCheckBox(_("Destroy &by"))
        self.destroy_by.setChecked(True)
        self.destroy_by_date = DateEdit(dt.date.today() + dt.timedelta(days=DESTROY_AFTER_DAYS))
        self.destroy_by_date.setAccessibleName(_("Destroy by date"))
        self.destroy_by_date.setMinimumDate(QDate.currentDate())
        self.destroy_by.toggled.connect(self.destroy_by_date.setEnabled)
        destroy.addWidget(self.destroy_by_date)
        destroy.addStretch(1)
        grid.addWidget(self.destroy_by, 7, 0)
        grid.addLayout(destroy, 7, 1)

        self.page_size = self._combo(_("Paper size"))
        auto = resolve_page_size("auto", system_locale_name())
        # Translators: {size} is a paper size's name, "A4" or "Letter".
        self.page_size.addItem(_("From the language settings ({size})").format(
            size=_(PAPER_NAMES.get(auto, auto))), "auto")
        self.page_size.addItem(_(PAPER_NAMES["A4"]), "A4")
        self.page_size.addItem(_(PAPER_NAMES["Letter"]), "Letter")
        paper_label = QLabel(_("Paper"))
        paper_label.setBuddy(self.page_size)
        grid.addWidget(paper_label, 8, 0)
        grid.addWidget(self.page_size, 8, 1)

        self.name_style.currentIndexChanged.connect(self._name_style_changed)
        self.columns["assessment"].toggled.connect(self.assessment_style.setEnabled)
        return box

    def current_options(self) -> CallListOptions:
        destroy_by = self.destroy_by_date.date().toPython() if self.destroy_by.isChecked() else None
        return CallListOptions(
            name_style=str(self.name_style.currentData()),
            columns=tuple(c for c in COLUMNS if self.columns[c].isChecked()),
            assessment_style=str(self.assessment_style.currentData()),
            per_organizer=self.per_organizer.isChecked(),
            printed_for=" ".join(self.printed_for.text().split()),
            destroy_by=destroy_by if isinstance(destroy_by, dt.date) else None,
            page_size=str(self.page_size.currentData()),
        )

    def default_list_name(self) -> str:
        """"Calls Dec 4, 2026": a list's name is read by people (file names stay ISO)."""
        # Translators: a new call list's default name; {date} is "Dec 4, 2026".
        return _("Calls {date}").format(date=formats.short_date(dt.date.today()))

    def list_name_text(self) -> str:
        return " ".join(self.list_name.text().split()) or self.default_list_name()

    def _name_style_changed(self) -> None:
        self.name_hint.setText(_(NAME_HINTS[str(self.name_style.currentData())]))

    # ----- output -----------------------------------------------------------------------------

    def build(self) -> CallList | None:
        """The list as it will be printed; None (after saying why) when there is nothing."""
        try:
            call_list = call_lists.build_call_list(
                self.vault, self.current_criteria(), self.current_options()
            )
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        if call_list.people_count == 0:
            messages.inform(self,
                            _("No one matches these choices, so there is nothing to print."))
            return None
        return call_list

    def _paint(self, device: QPagedPaintDevice, call_list: CallList, name: str,
               copy_mark: str | None = None) -> int:
        return render_call_list(device, call_list, list_name=name, printed_on=dt.date.today(),
                                copy_mark=copy_mark)

    def copy_recipient(self, call_list: CallList) -> str:
        """Who the printed copy is for: "Printed for", else the list's OC member."""
        if call_list.options.printed_for.strip():
            return call_list.options.printed_for
        organizer_id = call_list.criteria.organizer_id
        if not organizer_id:
            return ""
        try:
            members = dict(self.choices.oc_members())
        except OrganizerError:
            return ""
        return members.get(organizer_id, "")

    def _record_copy(self, call_list: CallList, name: str
                     ) -> tuple[PrintedCopy, str] | None:
        """Log the copy about to be printed or saved: its copy and its mark."""
        return printed_copies_ui.record(
            self, self.vault, "call list", printed_for=self.copy_recipient(call_list),
            description=name, destroy_by=call_list.options.destroy_by,
            show_recipient=shows_recipient(call_list))

    def _preview_mark(self, call_list: CallList) -> str:
        return printed_copies_ui.preview_mark(printed_for=self.copy_recipient(call_list),
                                              show_recipient=shows_recipient(call_list))

    def preview(self) -> bool:
        """Show the list as it will print; printing from there saves it."""
        call_list = self.build()
        if call_list is None:
            return False
        name = self.list_name_text()
        return self._printed(call_list, name, self._preview(call_list, name))

    def print_list(self) -> bool:
        """The print dialog, then the printer; the list is saved once it has printed."""
        call_list = self.build()
        if call_list is None:
            return False
        name = self.list_name_text()
        return self._printed(call_list, name, self._send_to_printer(call_list, name))

    def _printed(self, call_list: CallList, name: str, pages: int) -> bool:
        if pages:
            self._saved(call_list, name,
                        ngettext("Sent {n} page to the printer", "Sent {n} pages to the printer",
                                 pages).format(n=formats.number(pages)))
        return bool(pages)

    def _preview(self, call_list: CallList, name: str) -> int:
        """The pages as images (no print system); Print there sends them to the printer.
        Returns the pages printed, 0 when nothing was."""
        try:
            images = preview_call_list(call_list, list_name=name, printed_on=dt.date.today(),
                                       copy_mark=self._preview_mark(call_list))
        except OrganizerError as error:
            messages.warn_error(self, error)
            return 0
        if not print_preview.show_preview(self, images):
            return 0
        return self._send_to_printer(call_list, name)

    def _send_to_printer(self, call_list: CallList, name: str) -> int:
        """The operating system's print dialog, then the printer (the only path that loads
        the print system). Returns the pages printed, 0 when nothing was."""
        printer = print_preview.new_printer(call_list.options.page_size)
        if not print_preview.choose_printer(self, printer):
            return 0
        logged = self._record_copy(call_list, name)
        if logged is None:
            return 0
        copy, mark = logged
        pages = 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = self._paint(printer, call_list, name, mark)
            return pages
        except OrganizerError as error:
            messages.warn_error(self, error)
            return 0
        finally:
            QApplication.restoreOverrideCursor()
            printed_copies_ui.finished(self.vault, copy, pages)

    def _still_here(self) -> bool:
        """False once the vault locked while a PDF was being written: the window is gone."""
        return shiboken6.isValid(self) and self.vault.is_open

    def _pdf_written(self, call_list: CallList, name: str, path: Path, pages: object,
                     copy: PrintedCopy | None = None) -> None:
        if not self._still_here():
            return  # the PDF is written; the list is not saved in a locked vault
        count = int(pages) if isinstance(pages, int) else 0
        if copy is not None:
            printed_copies_ui.finished(self.vault, copy, max(count, 1))
        self._saved(call_list, name,
                    # Translators: {file} is the PDF's file name.
                    ngettext("Saved {n} page as {file}", "Saved {n} pages as {file}",
                             count).format(n=formats.number(count), file=path.name))

    def _pdf_failed(self, error: object,
                    copy: PrintedCopy | None = None) -> None:
        if not self._still_here():
            return
        if copy is not None:
            printed_copies_ui.finished(self.vault, copy, 0)  # nothing to shred
        if isinstance(error, OrganizerError):
            messages.warn_error(self, error)
        else:
            messages.warn(self, _("Organizer could not write the PDF; nothing was saved."),
                          str(error))

    def _output_finished(self) -> None:
        if not self._still_here():
            return
        self._task = None
        self.update_count()

    def _saved(self, call_list: CallList, name: str, what: str) -> None:
        """Keep the printed list in the vault (once per unchanged list) and say so."""
        try:
            last = self._last_saved
            if last is not None and last[0] == call_list and last[1] == name and any(
                s.id == last[2] for s in call_lists.saved_call_lists(self.vault)
            ):
                list_id = last[2]
                call_lists.mark_printed(self.vault, list_id)
            else:
                list_id = call_lists.save_built(self.vault, call_list, name, printed=True)
                self._last_saved = (call_list, name, list_id)
        except OrganizerError as error:
            messages.warn(self, _("The list was printed but not saved: {error}").format(
                error=error))
            return
        self.refresh_saved_lists(select=list_id)
        people = call_list.people_count
        self.status_label.setText(
            # Translators: {what} is "Sent 2 pages to the printer" or "Saved 2 pages as
            # call-list-2026-12-04.pdf"; {name} is the list's name.
            ngettext("{what}: {n} person on “{name}”. Shred the paper after the calls.",
                     "{what}: {n} people on “{name}”. Shred the paper after the calls.",
                     people).format(what=what, n=formats.number(people), name=name)
        )
        self.list_saved.emit(list_id)
