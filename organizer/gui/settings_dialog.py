"""The campaign's settings: auto-lock, clipboard clearing, the "not contacted" window, the
assessment scale's labels and colours, the support thresholds the majority tracker measures
against, the department / shift / site lists, whether the key is remembered on this
computer, and the passphrase.

Everything lives in the vault (organizer.core.campaign), never in QSettings. Save is all or
nothing: if one value is refused, the ones already written are put back and the refusal is
shown as one sentence. The lists are the exception: each add, rename or remove is saved at
once, as the tab says, because removing asks first. So is a new passphrase: it has a dialog
of its own (organizer.gui.passphrase_change), and the file is re-keyed when that says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer import formats, i18n
from organizer.core import campaign, people, secrets, structure_tests, tags
from organizer.core.campaign import ListKind
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import DEFAULT_THRESHOLDS, Vault
from organizer.gui import messages
from organizer.gui.backup_dialogs import BackupSettingsPage
from organizer.gui.committee_settings import CommitteeTab
from organizer.gui.panic_key_ui import PanicKeyRow
from organizer.gui.passphrase_change import Keychain, PassphraseChanged, PassphraseChangeDialog
from organizer.gui.printed_copies_ui import PrintedCopiesTab
from organizer.gui.retention_settings import RetentionTab
from organizer.gui.unlock import REMEMBER_WARNING, describe_error
from organizer.gui.workers import Task
from organizer.i18n import N_, _, ngettext
from organizer.platform import current as this_platform

NEVER_WARNING = N_(
    "Never locking is unsafe: anyone who gets to your computer while Organizer is open "
    "can read every note."
)
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def choose_colour(parent: QWidget | None, current: str, title: str) -> str | None:
    """Ask for a colour ("#rrggbb"); None when cancelled. A seam tests replace."""
    colour = QColorDialog.getColor(QColor(current), parent, title)
    return colour.name() if colour.isValid() else None


def people_in(vault: Vault, kind: ListKind, entry_id: str) -> int:
    only = frozenset({entry_id})
    if kind == "department":
        chosen = people.PeopleFilter(department_ids=only)
    elif kind == "shift":
        chosen = people.PeopleFilter(shift_ids=only)
    else:
        chosen = people.PeopleFilter(site_ids=only)
    return people.count_people(vault, chosen)


NamesKind = str  # a ListKind, or "tag"


def _names_texts(kind: NamesKind) -> dict[str, str]:
    """Every sentence of one names list, whole: a department, a shift, a site and a tag each
    have their own (their words differ in gender and number in other languages)."""
    if kind == "department":
        return {
            "heading": _("Departments"),
            "new name": _("New department name"),
            "placeholder": _("New department"),
            "add": _("Add department"),
            "rename": _("Rename department"),
            "remove": _("Remove department"),
            "type first": _("Type the new department's name first."),
            "choose rename": _("Choose the department to rename first."),
            "choose remove": _("Choose the department to remove first."),
            "question": _("Remove the department \u201c{name}\u201d?"),
        }
    if kind == "shift":
        return {
            "heading": _("Shifts"),
            "new name": _("New shift name"),
            "placeholder": _("New shift"),
            "add": _("Add shift"),
            "rename": _("Rename shift"),
            "remove": _("Remove shift"),
            "type first": _("Type the new shift's name first."),
            "choose rename": _("Choose the shift to rename first."),
            "choose remove": _("Choose the shift to remove first."),
            "question": _("Remove the shift \u201c{name}\u201d?"),
        }
    if kind == "site":
        return {
            "heading": _("Sites"),
            "new name": _("New site name"),
            "placeholder": _("New site"),
            "add": _("Add site"),
            "rename": _("Rename site"),
            "remove": _("Remove site"),
            "type first": _("Type the new site's name first."),
            "choose rename": _("Choose the site to rename first."),
            "choose remove": _("Choose the site to remove first."),
            "question": _("Remove the site \u201c{name}\u201d?"),
        }
    return {
        "heading": _("Tags"),
        "new name": _("New tag name"),
        "placeholder": _("New tag"),
        "add": _("Add tag"),
        "rename": _("Rename tag"),
        "remove": _("Remove tag"),
        "type first": _("Type the new tag's name first."),
        "choose rename": _("Choose the tag to rename first."),
        "choose remove": _("Choose the tag to remove first."),
        "question": _("Remove the tag \u201c{name}\u201d?"),
    }


def _people_sentence(count: int, kind: ListKind) -> str:
    n = formats.number(count)
    if kind == "department":
        if count == 0:
            return _("Nobody is in this department.")
        return ngettext("{n} person is in it; they keep their record, with no department.",
                        "{n} people are in it; they keep their records, with no department.",
                        count).format(n=n)
    if kind == "shift":
        if count == 0:
            return _("Nobody is in this shift.")
        return ngettext("{n} person is in it; they keep their record, with no shift.",
                        "{n} people are in it; they keep their records, with no shift.",
                        count).format(n=n)
    if count == 0:
        return _("Nobody is in this site.")
    return ngettext("{n} person is in it; they keep their record, with no site.",
                    "{n} people are in it; they keep their records, with no site.",
                    count).format(n=n)


def _widened_tests_sentence(names: list[str]) -> str:
    """Removing a department widens the structure tests scoped to it alone: say so."""
    if not names:
        return ""
    quoted = [_("\u201c{name}\u201d").format(name=name) for name in names]
    # Translators: the last two of a list of names: "“A”, “B” and “C”".
    listed = quoted[0] if len(quoted) == 1 else _("{names} and {last}").format(
        names=", ".join(quoted[:-1]), last=quoted[-1])
    # Translators: {tests} is one or more structure tests' names, quoted.
    return " " + ngettext(
        "The structure test {tests} covers only this department; without it, it will cover "
        "every department.",
        "The structure tests {tests} cover only this department; without it, they will "
        "cover every department.", len(names)).format(tests=listed)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


@dataclass
class _Change:
    apply: Callable[[], None]
    undo: Callable[[], None]


class NamesEditor(QGroupBox):
    """One editable list of names (departments, shifts, sites, tags); every change is saved
    at once. Subclasses say how each change is written (`_read`, `_add_entry`, ...)."""

    problem = Signal(str)

    def __init__(self, vault: Vault, kind: NamesKind, parent: QWidget | None = None) -> None:
        self.texts = _names_texts(kind)
        super().__init__(self.texts["heading"], parent)
        self.vault = vault
        self._filling = False

        self.entries = QListWidget()
        self.entries.setAccessibleName(self.texts["heading"])
        self.entries.itemChanged.connect(self._renamed)
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.texts["new name"])
        self.new_name.setPlaceholderText(self.texts["placeholder"])
        self.new_name.returnPressed.connect(self.add)
        add = QPushButton(_("Add"))
        add.setAccessibleName(self.texts["add"])
        add.clicked.connect(self.add)
        rename = QPushButton(_("Rename"))
        rename.setAccessibleName(self.texts["rename"])
        rename.clicked.connect(self.start_rename)
        remove = QPushButton(_("Remove…"))
        remove.setAccessibleName(self.texts["remove"])
        remove.clicked.connect(self.remove)

        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(add)
        changing = QHBoxLayout()
        changing.addWidget(rename)
        changing.addWidget(remove)
        changing.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entries, 1)
        layout.addLayout(adding)
        layout.addLayout(changing)
        self.refresh()

    # What each subclass writes through.
    def _read(self) -> list[tuple[str, str]]:
        """(id, name) of every entry, in the order shown."""
        raise NotImplementedError

    def _add_entry(self, name: str) -> None:
        raise NotImplementedError

    def _rename_entry(self, entry_id: str, old_name: str, name: str) -> None:
        raise NotImplementedError

    def _remove_question(self, entry_id: str, name: str) -> str:
        raise NotImplementedError

    def _remove_entry(self, entry_id: str) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        self._filling = True
        try:
            self.entries.clear()
            for entry_id, name in self._read():
                item = QListWidgetItem(name)
                item.setData(ENTRY_ID_ROLE, entry_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.entries.addItem(item)
        finally:
            self._filling = False

    def names(self) -> list[str]:
        return [self.entries.item(i).text() for i in range(self.entries.count())]

    @Slot()
    def add(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            self.problem.emit(self.texts["type first"])
            return
        try:
            self._add_entry(name)
        except OrganizerError as error:
            self.problem.emit(str(error))
            return
        self.new_name.clear()
        self.refresh()
        self.problem.emit("")

    @Slot()
    def start_rename(self) -> None:
        item = self.entries.currentItem()
        if item is None:
            self.problem.emit(self.texts["choose rename"])
            return
        self.entries.editItem(item)

    def rename(self, item: QListWidgetItem, name: str) -> None:
        """Rename an entry (what editing an item in place does)."""
        item.setText(name)

    @Slot(QListWidgetItem)
    def _renamed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        entry_id = str(item.data(ENTRY_ID_ROLE))
        old_name = dict(self._read()).get(entry_id, "")
        try:
            self._rename_entry(entry_id, old_name, item.text())
        except OrganizerError as error:
            self.problem.emit(str(error))
        else:
            self.problem.emit("")
        self.refresh()

    @Slot()
    def remove(self) -> None:
        item = self.entries.currentItem()
        if item is None:
            self.problem.emit(self.texts["choose remove"])
            return
        entry_id = str(item.data(ENTRY_ID_ROLE))
        try:
            question = self._remove_question(entry_id, item.text())
        except OrganizerError as error:
            self.problem.emit(str(error))
            self.refresh()
            return
        if not messages.confirm(self, question, confirm_label=self.texts["remove"]):
            return
        try:
            self._remove_entry(entry_id)
        except OrganizerError as error:
            self.problem.emit(str(error))
            return
        self.refresh()
        self.problem.emit("")


class ListEditor(NamesEditor):
    """Departments, shifts or sites."""

    def __init__(self, vault: Vault, kind: ListKind, parent: QWidget | None = None) -> None:
        self.kind: ListKind = kind
        super().__init__(vault, kind, parent)

    def _read(self) -> list[tuple[str, str]]:
        return [(e.id, e.name) for e in campaign.list_entries(self.vault, self.kind)]

    def _add_entry(self, name: str) -> None:
        campaign.add_list_entry(self.vault, self.kind, name)

    def _rename_entry(self, entry_id: str, old_name: str, name: str) -> None:
        campaign.rename_list_entry(self.vault, self.kind, entry_id, name)

    def _remove_question(self, entry_id: str, name: str) -> str:
        count = people_in(self.vault, self.kind, entry_id)
        question = (self.texts["question"].format(name=name) + " "
                    + _people_sentence(count, self.kind))
        if self.kind == "department":
            question += _widened_tests_sentence(
                structure_tests.tests_scoped_only_to(self.vault, entry_id))
        return question

    def _remove_entry(self, entry_id: str) -> None:
        campaign.remove_list_entry(self.vault, self.kind, entry_id)


def _tag_people_sentence(count: int) -> str:
    if count == 0:
        return _("Nobody has this tag.")
    return ngettext("{n} person has this tag; they keep their record, without it.",
                    "{n} people have this tag; they keep their records, without it.",
                    count).format(n=formats.number(count))


class TagListEditor(NamesEditor):
    """The campaign's tags. Renaming one onto another's name makes the two one tag
    (tags.rename_tag): asked first, since it cannot be undone here."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, "tag", parent)

    def _read(self) -> list[tuple[str, str]]:
        return [(t.id, t.name) for t in tags.list_tags(self.vault)]

    def _add_entry(self, name: str) -> None:
        clean = tags.clean_tag_name(name)
        if any(t.name.casefold() == clean.casefold() for t in tags.list_tags(self.vault)):
            raise InvalidInput(_("There is already a tag called {name}.").format(name=clean))
        tags.add_tag(self.vault, clean)

    def _rename_entry(self, entry_id: str, old_name: str, name: str) -> None:
        clean = tags.clean_tag_name(name)
        other = next((t for t in tags.list_tags(self.vault)
                      if t.name.casefold() == clean.casefold() and t.id != entry_id), None)
        if other is not None:
            renamed = tags.get_tag(self.vault, entry_id)
            # Translators: {other} and {old} are tags' names, {new} the name they will
            # share; {first} and {second} how many people have each now.
            question = _(
                "There is already a tag \u201c{other}\u201d. Make \u201c{old}\u201d and "
                "\u201c{other}\u201d one tag, called \u201c{new}\u201d? Everyone who has "
                "either will have it ({first} and {second} people now)."
            ).format(other=other.name, old=old_name, new=clean,
                     first=formats.number(renamed.people),
                     second=formats.number(other.people))
            if not messages.confirm(self, question, confirm_label=_("Make them one tag")):
                return
        tags.rename_tag(self.vault, entry_id, clean)

    def _remove_question(self, entry_id: str, name: str) -> str:
        count = tags.get_tag(self.vault, entry_id).people
        return self.texts["question"].format(name=name) + " " + _tag_people_sentence(count)

    def _remove_entry(self, entry_id: str) -> None:
        tags.remove_tag(self.vault, entry_id)


def _percent_text(percent: float) -> str:
    """51.0 as "51", and never rounded: an untouched threshold must save as it was."""
    short = f"{percent:g}"
    return short if float(short) == percent else repr(percent)


class ThresholdsEditor(QGroupBox):
    """The campaign's support thresholds (percent + label), edited in place.

    Nothing is written here: the dialog saves them with everything else (all or nothing).
    `problem` carries the first thing wrong with the table as typed, or "" when it is fine.
    """

    problem = Signal(str)
    PERCENT, LABEL = 0, 1

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(_("Support thresholds"), parent)
        self.vault = vault
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(_("Support thresholds"))
        self.table.setHorizontalHeaderLabels([_("Percent"), _("Label")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.PERCENT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.LABEL, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.itemChanged.connect(self._edited)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setAccessibleName(_("Add threshold"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove threshold"))
        self.remove_button.clicked.connect(self.remove)
        self.defaults_button = QPushButton(_("Restore defaults"))
        self.defaults_button.setToolTip(
            ", ".join(formats.percent(p / 100) for p, _label in DEFAULT_THRESHOLDS))
        self.defaults_button.clicked.connect(self.restore_defaults)
        note = QLabel(_("The majority tracker and the chart measure support against these. "
                        "Double-click a percent or label to change it; saved with Save."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.defaults_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.saved_values = [(t.percent, t.label) for t in campaign.thresholds(vault)]
        self.set_values(self.saved_values)

    def set_values(self, values: list[tuple[float, str]]) -> None:
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            for percent, label in values:
                self._append(_percent_text(percent), label)
        finally:
            self.table.blockSignals(False)
        self._edited()

    def _append(self, percent: str, label: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, self.PERCENT, QTableWidgetItem(percent))
        self.table.setItem(row, self.LABEL, QTableWidgetItem(label))
        return row

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None, "every row gets both cells in _append"
        return item

    def typed(self) -> list[tuple[str, str]]:
        """Each row as typed: (percent text, label)."""
        return [(self._cell(row, self.PERCENT).text(), self._cell(row, self.LABEL).text())
                for row in range(self.table.rowCount())]

    def checked(self) -> list[tuple[float, str]]:
        """The thresholds to save, lowest first; InvalidInput says what is wrong."""
        return campaign.check_thresholds(self.typed())

    def changed(self) -> bool:
        try:
            return self.checked() != sorted(self.saved_values)
        except OrganizerError:
            return True  # not saveable as typed: Save will say why

    @Slot()
    def _edited(self) -> None:
        try:
            self.checked()
        except OrganizerError as error:
            self.problem.emit(str(error))
        else:
            self.problem.emit("")

    @Slot()
    def add(self) -> None:
        """A new row to fill in, its percent cell open for typing."""
        self.table.blockSignals(True)
        row = self._append("", "")
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, self.PERCENT)
        self.table.editItem(self._cell(row, self.PERCENT))

    def edit(self, row: int, percent: str, label: str) -> None:
        """Change one row (what typing in its cells does)."""
        self._cell(row, self.PERCENT).setText(percent)
        self._cell(row, self.LABEL).setText(label)

    @Slot()
    def remove(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.problem.emit(_("Choose the threshold to remove first."))
            return
        self.table.removeRow(row)
        self._edited()

    @Slot()
    def restore_defaults(self) -> None:
        self.set_values([(percent, _(label)) for percent, label in DEFAULT_THRESHOLDS])


class SettingsDialog(QDialog):
    """Settings of the open campaign. Emits `saved` after a successful Save."""

    saved = Signal()

    def __init__(
        self, vault: Vault, *, keychain_available: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settings-dialog")
        self._keychain_available = keychain_available
        self._key_remembered: bool | None = None
        self._task: Task | None = None
        self.passphrase_dialog: PassphraseChangeDialog | None = None

        tabs = QTabWidget()
        tabs.addTab(self._safety_tab(), _("&Safety"))
        tabs.addTab(self._campaign_tab(), _("&Campaign"))
        tabs.addTab(self._lists_tab(), _("&Lists"))
        self.backups = BackupSettingsPage(vault)
        tabs.addTab(self.backups, _("&Backups"))
        # Saved at once, like the lists: nothing of it waits for Save.
        self.committee = CommitteeTab(vault)
        self.committee.problem.connect(self.show_error)
        tabs.addTab(self.committee, _("Co&mmittee"))
        # Saved with Save, after asking (its rules erase what they list, at once).
        self.retention = RetentionTab(vault)
        tabs.addTab(self.retention, _("&Retention"))
        # The log of printouts: marking a copy destroyed is saved at once.
        self.printed_copies = PrintedCopiesTab(vault, self)
        tabs.addTab(self.printed_copies, _("&Printing"))
        tabs.addTab(self._language_tab(), _("Lan&guage"))
        tabs.setUsesScrollButtons(False)  # every tab in sight: the dialog widens to show them
        self.tabs = tabs

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName(_("Problem"))
        bold = QFont(self.font())
        bold.setBold(True)
        self.error.setFont(bold)
        self.error.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._load_remembered_state()

    # ----- tabs -----------------------------------------------------------------------------

    def _safety_tab(self) -> QWidget:
        page = QWidget()
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        # Translators: after the number in a spin box, "5 minutes" (keep the leading space).
        self.auto_lock.setSuffix(_(" minutes"))
        self.auto_lock.setSpecialValueText(_("Never"))
        self.auto_lock.setAccessibleName(_("Lock after this many idle minutes (0 for never)"))
        self.auto_lock.setValue(campaign.auto_lock_minutes(self.vault))
        self.never_warning = QLabel(_(NEVER_WARNING))
        self.never_warning.setWordWrap(True)
        self.auto_lock.valueChanged.connect(self._update_never_warning)

        self.clipboard_seconds = QSpinBox()
        self.clipboard_seconds.setRange(5, 600)
        # Translators: after the number in a spin box, "30 seconds" (keep the leading space).
        self.clipboard_seconds.setSuffix(_(" seconds"))
        self.clipboard_seconds.setAccessibleName(
            _("Clear copied details after this many seconds"))
        self.clipboard_seconds.setValue(campaign.clipboard_clear_seconds(self.vault))

        self.remember = QCheckBox(_("Remember the key on this computer"))
        self.remember.setAccessibleName(_("Remember the key on this computer"))
        self.remember.setEnabled(False)  # until the keychain has answered
        remember_note = QLabel(
            _(REMEMBER_WARNING) if self._keychain_available
            else _("This computer has no working keychain, so the key cannot be remembered.")
        )
        remember_note.setWordWrap(True)

        system = this_platform()
        self.hide_from_capture = QCheckBox(
            _("Keep Organizer out of screenshots and screen sharing"))
        self.hide_from_capture.setAccessibleName(
            _("Keep Organizer out of screenshots and screen sharing"))
        self.hide_from_capture.setChecked(
            system.CAN_HIDE_FROM_CAPTURE and campaign.hide_from_capture(self.vault))
        self.hide_from_capture.setEnabled(system.CAN_HIDE_FROM_CAPTURE)
        self.capture_note = QLabel(_(system.CAPTURE_NOTE))
        self.capture_note.setWordWrap(True)
        self.hide_from_capture.setAccessibleDescription(_(system.CAPTURE_NOTE))

        self.change_passphrase_button = QPushButton(_("Change &passphrase…"))
        self.change_passphrase_button.setAccessibleName(_("Change passphrase"))
        self.change_passphrase_button.clicked.connect(self.change_passphrase)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.change_passphrase_button)
        passphrase_row.addStretch(1)
        passphrase_note = QLabel(_("Changed at once, in a dialog of its own, not with Save."))
        passphrase_note.setWordWrap(True)

        for box in (self.auto_lock, self.clipboard_seconds):
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form = QFormLayout(page)
        form.addRow(_("&Lock after"), self.auto_lock)
        form.addRow("", self.never_warning)
        form.addRow(_("Clear copied &details after"), self.clipboard_seconds)
        form.addRow("", self.remember)
        form.addRow("", remember_note)
        form.addRow("", self.hide_from_capture)
        form.addRow("", self.capture_note)
        # This computer's, not the campaign's: it locks before any campaign is open too.
        self.panic_key = PanicKeyRow(page)
        form.addRow(_("Panic &key"), self.panic_key)
        form.addRow(_("Passphrase"), passphrase_row)
        form.addRow("", passphrase_note)
        self._update_never_warning(self.auto_lock.value())
        return page

    def _campaign_tab(self) -> QWidget:
        page = QWidget()
        self.not_contacted = QSpinBox()
        self.not_contacted.setRange(1, 3650)
        # Translators: after the number in a spin box, "30 days" (keep the leading space).
        self.not_contacted.setSuffix(_(" days"))
        self.not_contacted.setAccessibleName(_("Not contacted after this many days"))
        self.not_contacted.setValue(campaign.not_contacted_days(self.vault))

        scale_box = QGroupBox(_("Assessment scale"))
        grid = QGridLayout(scale_box)
        self.level_labels: dict[int, QLineEdit] = {}
        self.level_colours: dict[int, str] = {}
        self.colour_buttons: dict[int, QPushButton] = {}
        for row, level in enumerate(campaign.assessment_scale(self.vault)):
            number = QLabel(str(level.score))
            label = QLineEdit(level.label)
            label.setAccessibleName(_("Label for level {number}").format(number=level.score))
            number.setBuddy(label)
            button = QPushButton(_("Colour…"))
            button.setAccessibleName(_("Colour for level {number}").format(number=level.score))
            button.clicked.connect(partial(self.pick_colour, level.score))
            self.level_labels[level.score] = label
            self.colour_buttons[level.score] = button
            self.set_level_colour(level.score, level.colour)
            grid.addWidget(number, row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(button, row, 2)
        note = QLabel(_("1 is the strongest support, 5 the strongest opposition."))
        note.setWordWrap(True)
        grid.addWidget(note, grid.rowCount(), 0, 1, 3)

        self.thresholds = ThresholdsEditor(self.vault)
        self.thresholds.problem.connect(self.show_error)

        layout = QVBoxLayout(page)
        self.not_contacted.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form = QFormLayout()
        form.addRow(_("&Not contacted after"), self.not_contacted)
        layout.addLayout(form)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(scale_box, 3)
        side_by_side.addWidget(self.thresholds, 2)
        layout.addLayout(side_by_side, 1)
        return page

    def _lists_tab(self) -> QWidget:
        page = QWidget()
        note = QLabel(_("Changes to these lists are saved at once."))
        note.setWordWrap(True)
        row = QHBoxLayout()
        self.list_editors: dict[ListKind, ListEditor] = {}
        for kind in campaign.LIST_KINDS:
            editor = ListEditor(self.vault, kind)
            editor.problem.connect(self.show_error)
            self.list_editors[kind] = editor
            row.addWidget(editor)
        self.tag_editor = TagListEditor(self.vault)
        self.tag_editor.problem.connect(self.show_error)
        row.addWidget(self.tag_editor)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addLayout(row, 1)
        return page

    def _language_tab(self) -> QWidget:
        """Settings › Language: this computer's choice, outside the vault (organizer.i18n),
        used from the next start."""
        page = QWidget()
        system_code, _region = i18n.best_language(i18n.system_locales())
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        # Translators: {language} is the system's language in its own words ("English",
        # "Español").
        self.language.addItem(_("Follow the system ({language})").format(
            language=i18n.LANGUAGES[system_code]), None)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own words
        self.saved_language = i18n.chosen_language()
        self.language.setCurrentIndex(
            0 if self.saved_language is None else max(0, self.language.findData(
                self.saved_language)))
        self.language.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.language_note = QLabel(
            _("Organizer will use this language the next time it starts."))
        self.language_note.setWordWrap(True)
        form = QFormLayout(page)
        label = QLabel(_("&Language"))
        label.setBuddy(self.language)
        form.addRow(label, self.language)
        form.addRow("", self.language_note)
        return page

    def chosen_language(self) -> str | None:
        """The language picked in the list (None: follow the system)."""
        code = self.language.currentData()
        return code if isinstance(code, str) else None

    def choose_language(self, code: str | None) -> None:
        """Pick a language in the list (what choosing it does); kept on Save."""
        self.language.setCurrentIndex(0 if code is None else self.language.findData(code))

    def _save_language(self) -> bool:
        """Keep the language picked, when it changed; False (and says why) if it cannot be."""
        code = self.chosen_language()
        if code == self.saved_language:
            return True
        try:
            i18n.choose_language(code)
        except OSError as error:
            self.show_error(_("The other settings were saved, but not the language: "
                              "{problem}").format(problem=error.strerror or error))
            return False
        self.saved_language = code
        return True

    # ----- small behaviours ------------------------------------------------------------------

    @Slot(int)
    def _update_never_warning(self, minutes: int) -> None:
        self.never_warning.setVisible(minutes == 0)

    def set_level_colour(self, score: int, colour: str) -> None:
        self.level_colours[score] = colour
        button = self.colour_buttons[score]
        button.setIcon(_swatch(colour))
        # Translators: {colour} is a colour's code, like "#91cf60".
        button.setToolTip(_("Colour: {colour}").format(colour=colour))

    def pick_colour(self, score: int, _checked: bool = False) -> None:
        chosen = choose_colour(self, self.level_colours[score],
                               _("Colour for level {number}").format(number=score))
        if chosen:
            self.set_level_colour(score, chosen)

    @Slot(str)
    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _load_remembered_state(self) -> None:
        if not self._keychain_available:
            return
        path = self.vault.path
        task = Task(lambda _p: secrets.remembered_key(path) is not None, parent=self)
        task.succeeded.connect(self._show_remembered_state)
        task.start()

    @Slot(object)
    def _show_remembered_state(self, remembered: object) -> None:
        self._key_remembered = bool(remembered)
        self.remember.setChecked(self._key_remembered)
        self.remember.setEnabled(True)

    @Slot()
    def change_passphrase(self) -> None:
        """The passphrase dialog, over this one; the vault is re-keyed from there."""
        if self.passphrase_dialog is not None:
            return
        dialog = PassphraseChangeDialog(
            self.vault, keychain_available=self._keychain_available, parent=self)
        dialog.changed.connect(self._passphrase_changed)
        dialog.finished.connect(self._passphrase_dialog_closed)
        self.passphrase_dialog = dialog
        dialog.open()

    @Slot(object)
    def _passphrase_changed(self, outcome: object) -> None:
        assert isinstance(outcome, PassphraseChanged)
        if outcome.keychain in (Keychain.FORGOTTEN, Keychain.UPDATED):
            # What the keychain holds now: Save must not store or forget it again.
            self._key_remembered = outcome.keychain is Keychain.UPDATED
            self.remember.setChecked(self._key_remembered)

    @Slot()
    def _passphrase_dialog_closed(self) -> None:
        dialog, self.passphrase_dialog = self.passphrase_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    # ----- saving ---------------------------------------------------------------------------

    def _changes(self) -> list[_Change]:
        vault = self.vault
        changes: list[_Change] = []
        for level in campaign.assessment_scale(vault):
            label = self.level_labels[level.score].text()
            colour = self.level_colours[level.score]
            if label != level.label or colour.lower() != level.colour.lower():
                changes.append(_Change(
                    partial(campaign.set_assessment_level, vault, level.score, label, colour),
                    partial(campaign.set_assessment_level, vault, level.score, level.label,
                            level.colour),
                ))
        numbers: list[tuple[QSpinBox, Callable[[Vault], int], Callable[[Vault, int], None]]] = [
            (self.auto_lock, campaign.auto_lock_minutes, campaign.set_auto_lock_minutes),
            (self.clipboard_seconds, campaign.clipboard_clear_seconds,
             campaign.set_clipboard_clear_seconds),
            (self.not_contacted, campaign.not_contacted_days, campaign.set_not_contacted_days),
        ]
        for box, read, write in numbers:
            box.interpretText()
            old_value, new_value = read(vault), box.value()
            if new_value != old_value:
                changes.append(_Change(
                    partial(write, vault, new_value), partial(write, vault, old_value)
                ))
        hidden = self.hide_from_capture.isChecked()
        if self.hide_from_capture.isEnabled() and hidden != campaign.hide_from_capture(vault):
            changes.append(_Change(
                partial(campaign.set_hide_from_capture, vault, hidden),
                partial(campaign.set_hide_from_capture, vault, not hidden),
            ))
        if self.thresholds.changed():
            # check_thresholds raises here, before anything is written, when the table is wrong.
            new_thresholds = self.thresholds.checked()
            old_thresholds = list(self.thresholds.saved_values)
            changes.append(_Change(
                partial(campaign.set_thresholds, vault, new_thresholds),
                partial(campaign.set_thresholds, vault, old_thresholds),
            ))
        rules = self.retention.change()
        if rules is not None:
            changes.append(_Change(*rules))
        backups = self.backups.change()  # last: its passphrase cannot be put back
        if backups is not None:
            changes.append(_Change(*backups))
        return changes

    @Slot()
    def save(self) -> None:
        """Write every changed value, or none of them."""
        if self._task is not None:
            return
        problem = self.backups.problem()
        if problem:
            self.tabs.setCurrentWidget(self.backups)
            self.show_error(_("{problem} Nothing was saved.").format(problem=problem))
            return
        rules = self.retention.pending()
        if rules is not None and not self.retention.confirm(rules):
            self.tabs.setCurrentWidget(self.retention)
            return
        done: list[_Change] = []
        try:
            for change in self._changes():
                change.apply()
                done.append(change)
        except OrganizerError as error:
            for change in reversed(done):
                with contextlib.suppress(OrganizerError):
                    change.undo()
            self.show_error(_("{problem} Nothing was saved.").format(problem=error))
            return
        self.backups.saved()
        erase = self.retention.saved()
        if erase is not None:
            self.save_button.setEnabled(False)
            task = self.retention.erase_task(erase, parent=self)
            task.succeeded.connect(self._erased)
            task.failed.connect(self._erase_failed)
            self._task = task
            task.start()
            return
        self._save_the_rest()

    @Slot(object)
    def _erased(self, _result: object) -> None:
        self._task = None
        self.save_button.setEnabled(True)
        self._save_the_rest()

    @Slot(object)
    def _erase_failed(self, error: object) -> None:
        self._task = None
        self.save_button.setEnabled(True)
        self.show_error(_("The settings were saved, but nothing was erased: {problem}").format(
            problem=describe_error(error)))

    def _save_the_rest(self) -> None:
        """After the vault's settings: the language and the keychain (outside the vault)."""
        if not self._save_language():
            return
        if not self.panic_key.save():  # it says why beside the key
            self.tabs.setCurrentIndex(0)
            return
        self.show_error("")
        remember = self.remember.isChecked()
        if self._key_remembered is None or remember == self._key_remembered:
            self._finish()
            return
        path, key = self.vault.path, self.vault.raw_key

        def store_or_forget(_progress: object) -> None:
            if remember:
                secrets.remember_key(path, key)
            else:
                secrets.forget_key(path)

        self.save_button.setEnabled(False)
        task = Task(store_or_forget, parent=self, label=_("Updating the keychain…"))
        task.succeeded.connect(self._keychain_updated)
        task.failed.connect(self._keychain_failed)
        self._task = task
        task.start()

    @Slot(object)
    def _keychain_updated(self, _result: object) -> None:
        self._task = None
        self._finish()

    @Slot(object)
    def _keychain_failed(self, error: object) -> None:
        self._task = None
        self.save_button.setEnabled(True)
        self.show_error(_("The other settings were saved. {problem}").format(
            problem=describe_error(error)))

    def _finish(self) -> None:
        self.saved.emit()
        self.accept()

    def reject(self) -> None:
        if self._task is None:
            super().reject()
