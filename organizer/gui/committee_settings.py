"""Settings › Committee: who I am to the committee, my member card, the members this vault
exchanges updates with, and the shared folder.

Every change on this tab is saved at once through organizer.core.committee (like the Lists
tab), because each one is a single small write the user asked for by clicking: setting up
the card, adding, confirming or removing a member. A refusal from the core is shown as its
one sentence, in the dialog the user typed into, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import segno
from babel import lists
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import (
    QGuiApplication,
    QPalette,
    QPixmap,
    QShowEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats, i18n
from organizer.core import campaign
from organizer.core.committee import folder, identity, roster
from organizer.core.committee.identity import (
    Identity,
    MemberCard,
    card_line_in,
    read_card_file,
)
from organizer.core.committee.roster import Member
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, start_screen, theme
from organizer.gui.passphrase_fields import error_label
from organizer.gui.person_picker import PersonPicker
from organizer.i18n import N_, _, ngettext

CARD_FILTERS = [N_("Member cards (*.txt)"), N_("All files (*)")]
READ_ALOUD = N_("Read this aloud when a member compares fingerprints with you.")
FOLDER_SENTENCE = N_(
    "A folder that Syncthing, Nextcloud, a network share or a USB stick keeps in step between "
    "members. Organizer writes your updates there and reads the ones for you; it never deletes "
    "anything in it."
)
REMOVE_CONSEQUENCES = N_(
    "Nothing more is sent to them. Their later files will be refused. Files already sent to "
    "them cannot be unsent: they keep what they received."
)
MEMBER_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
# Tall enough for a committee of about twelve before the table scrolls on its own.
MEMBERS_MAX_HEIGHT = 420


# ----- seams: tests replace these ------------------------------------------------------------


def choose_card_file(parent: QWidget | None) -> Path | None:
    """A file holding a member card (saved from a message, a USB stick); None if cancelled."""
    return start_screen.choose_open_path(
        parent, _("Open a member card"), [_(f) for f in CARD_FILTERS], Path.home()
    )


def choose_shared_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """The folder the members keep in step; None when cancelled."""
    return start_screen.choose_folder(parent, start, _("Shared folder for the committee"))


# ----- small pieces ----------------------------------------------------------------------------


def qr_pixmap(text: str, scale: int = 3) -> QPixmap:
    """`text` as a QR code, drawn by segno (medium error correction: survives a smudged
    screen photo without growing much)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buffer, kind="png", scale=scale, border=2, dark="#000000", light="#ffffff"
    )
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def fingerprint_rows(fingerprint: str, per_row: int = 4) -> str:
    """Twelve groups as rows of `per_row`: read aloud a row at a time, like a safety number."""
    groups = fingerprint.split()
    return "\n".join(
        " ".join(groups[i : i + per_row]) for i in range(0, len(groups), per_row)
    )


def fingerprint_label(fingerprint: str, scale: float = 1.6) -> QLabel:
    """A fingerprint in a large monospace font, selectable so it can be copied."""
    label = QLabel(fingerprint_rows(fingerprint))
    # The system's fixed-width family at `scale` times the application's size (the system's
    # font size), not the fixed font's own size, which ignores it.
    theme.heading(label, scale, bold=None, fixed=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(_("Fingerprint"))
    return label


def _listed(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B, and C", as the reader's language joins a list (Babel's
    CLDR data: "A, B y C" in Spanish)."""
    if i18n.language() == i18n.PSEUDO:
        # Babel's "and" counts as translated (accented), as formats does with month names.
        fields = [f"{{{index}}}" for index in range(len(items))]
        pattern = i18n.pseudo(lists.format_list(fields, locale="en"))[1:-1]
        return pattern.format(*items)
    return lists.format_list(list(items), locale=i18n.locale_name())


def scope_sentence(name: str | None, everything: bool, chosen: Sequence[str],
                   every: Sequence[str]) -> str:
    """What `name` (None: a member not named yet) will and will not receive, in the
    organizer's words."""
    if everything:
        if name is None:
            return _("They will receive everything you share, from every department.")
        return _("{name} will receive everything you share, from every department.").format(
            name=name)
    if not chosen:
        return _("Tick at least one department, or choose All departments.")
    left_out = [department for department in every if department not in chosen]
    # send.py sends people with no department only to members who see every department.
    received = _listed([*chosen, _("every OC member")])
    not_received = _listed([*left_out, _("people with no department")])
    if name is None:
        # Translators: {received} and {left_out} are lists of departments.
        return _("They will receive: {received}. Not: {left_out}.").format(
            received=received, left_out=not_received)
    # Translators: {name} is a committee member; {received} and {left_out} are lists of
    # departments.
    return _("{name} will receive: {received}. Not: {left_out}.").format(
        name=name, received=received, left_out=not_received)


def scope_summary(member: Member) -> str:
    """A member's scope for the table: "all departments" or the departments' names."""
    if member.all_departments:
        return _("all departments")
    return ", ".join(member.department_names) or _("OC members only")


def describe_stamp(stamp: str | None, today: dt.date | None = None) -> str:
    """A stored UTC time ("2026-11-23T14:05:09.123Z") in local time: "today at 3:05 PM",
    "yesterday at 9:30 AM", else the date and time; "never"."""
    if not stamp:
        return _("never")
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone().replace(tzinfo=None)
    today = today or dt.date.today()
    if local.date() == today:
        return _("today at {time}").format(time=formats.time_of_day(local))
    if local.date() == today - dt.timedelta(days=1):
        return _("yesterday at {time}").format(time=formats.time_of_day(local))
    return formats.date_and_time(local)


def _unconfirmed_sentence(names: Sequence[str]) -> str:
    if not names:
        return ""
    # Translators: {names} is a list of committee members' names.
    return ngettext(
        "⚠ {names} is not confirmed: until you compare fingerprints, you cannot be sure a "
        "card came from the person named on it (select the row, then Confirm…).",
        "⚠ {names} are not confirmed: until you compare fingerprints, you cannot be sure a "
        "card came from the person named on it (select the row, then Confirm…).",
        len(names),
    ).format(names=_listed(names))


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _heading(text: str) -> QLabel:
    return theme.heading(_note(text), 1.2)


def _warning_label(text: str = "") -> QLabel:
    label = _note(text)
    theme.mark_warning(label)  # the red readable on this palette; the words say it too
    return label


# ----- what a member receives ------------------------------------------------------------------


class ScopeChooser(QWidget):
    """All departments, or only the ticked ones, with a live sentence saying what that means."""

    changed = Signal()

    def __init__(
        self, vault: Vault, member_name: str | None, member: Member | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.member_name = member_name
        self.every = [entry.name for entry in campaign.list_entries(vault, "department")]
        self.all_departments = QRadioButton(_("A&ll departments"))
        self.only_these = QRadioButton(_("Only &these:"))
        group = QButtonGroup(self)
        group.addButton(self.all_departments)
        group.addButton(self.only_these)
        self.departments = QListWidget()
        self.departments.setAccessibleName(_("Departments they receive"))
        for name in self.every:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = member is not None and name in member.department_names
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.departments.addItem(item)
        # Short lists stay short; a long one scrolls within a few rows.
        rows = min(max(len(self.every), 2), 6)
        self.departments.setMaximumHeight(rows * self.departments.sizeHintForRow(0) + 8
                                          if self.every else 40)
        self.sentence = _note("")
        self.sentence.setAccessibleName(_("What they will receive"))
        if not self.every:
            self.only_these.setEnabled(False)
            self.departments.hide()
            self.sentence_extra = _note(_(
                "This campaign has no departments yet; add them on the Lists tab to share "
                "only some of them."
            ))
        else:
            self.sentence_extra = _note(_(
                "Private one-on-ones never leave your computer. Narrowing this later does not "
                "take back what they already received."
            ))
        everything = member is None or member.all_departments or not self.every
        (self.all_departments if everything else self.only_these).setChecked(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.all_departments)
        layout.addWidget(self.only_these)
        layout.addWidget(self.departments)
        layout.addWidget(self.sentence)
        layout.addWidget(self.sentence_extra)
        self.all_departments.toggled.connect(self._update)
        self.departments.itemChanged.connect(self._update)
        self._update()

    def chosen(self) -> list[str]:
        items = (self.departments.item(i) for i in range(self.departments.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: Sequence[str]) -> None:
        """Tick exactly these departments and choose "Only these" (what clicking does)."""
        self.only_these.setChecked(True)
        for i in range(self.departments.count()):
            item = self.departments.item(i)
            ticked = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def set_member_name(self, name: str) -> None:
        self.member_name = name
        self._update()

    def everything(self) -> bool:
        return self.all_departments.isChecked()

    def departments_to_save(self) -> list[str] | None:
        """None for all departments; else the ticked names (InvalidInput when none is
        ticked: the core would read an empty list as "all", the opposite of what was meant)."""
        if self.everything():
            return None
        chosen = self.chosen()
        if not chosen:
            raise InvalidInput(_("Tick at least one department, or choose All departments."))
        return chosen

    @Slot()
    def _update(self) -> None:
        self.departments.setEnabled(self.only_these.isChecked())
        self.sentence.setText(
            scope_sentence(self.member_name, self.everything(), self.chosen(), self.every)
        )
        self.changed.emit()


# ----- dialogs ----------------------------------------------------------------------------------


class _MemberDialog(QDialog):
    """A small dialog with a problem label and Save-like buttons; `save` does the work."""

    def __init__(self, title: str, accept_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Never a member's name: other programs can read window titles, and who is on the
        # committee is exactly what the employer would like to know.
        self.setWindowTitle(title)
        self.setModal(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            accept_label, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    @Slot()
    def save(self) -> None:
        raise NotImplementedError


class AddMemberDialog(_MemberDialog):
    """Paste (or open) a member's card, compare fingerprints, choose what they receive."""

    member_added = Signal(str)  # the member's name

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(_("Add a committee member"), _("&Add member"), parent)
        self.setObjectName("add-member-dialog")
        self.vault = vault
        self.card: MemberCard | None = None

        intro = _note(_(
            "Paste the card the member sent you: one line starting with organizer-member:. "
            "Or open the file they sent."
        ))
        self.card_text = QPlainTextEdit()
        self.card_text.setAccessibleName(_("Their member card"))
        self.card_text.setPlaceholderText("organizer-member:1:…")
        self.card_text.setTabChangesFocus(True)
        # A card has no spaces: wrap it anywhere, not at its hyphens.
        self.card_text.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.card_text.setFixedHeight(self.card_text.fontMetrics().lineSpacing() * 3 + 12)
        self.card_text.textChanged.connect(self._read_card)
        paste_label = QLabel(_("&Paste their card here:"))
        paste_label.setBuddy(self.card_text)
        self.open_button = QPushButton(_("&Open card file…"))
        self.open_button.setAccessibleName(_("Open a member card file"))
        self.open_button.clicked.connect(self.open_card_file)
        self.card_problem = _warning_label()
        self.card_problem.setAccessibleName(_("What is wrong with the card"))
        self.card_problem.hide()

        self.name_label = _heading("")
        self.name_label.setAccessibleName(_("Their name"))
        self.fingerprint = fingerprint_label("")
        self.fingerprint.setAccessibleName(_("Their fingerprint"))
        self.confirmed = QCheckBox(_("Con&firmed: the fingerprints match"))
        self.confirmed.setAccessibleName(_("Confirmed: the fingerprints match"))
        later = _note(_("Not compared yet? Add them now; you can confirm them later, from the "
                        "Members table."))
        self.scope = ScopeChooser(vault, None)

        # Side by side, so the dialog fits a 600-pixel-high screen.
        member_box = QGroupBox(_("The member on this card"))
        member_layout = QVBoxLayout(member_box)
        member_layout.addWidget(self.name_label)
        member_layout.addWidget(_note(_("Their fingerprint:")))
        member_layout.addWidget(self.fingerprint)
        member_layout.addWidget(_note(_(
            "Compare this with theirs, in person or on a call. They read theirs aloud from "
            "Settings › Committee; check that every group matches."
        )))
        member_layout.addWidget(self.confirmed)
        member_layout.addWidget(later)
        member_layout.addStretch(1)
        scope_box = QGroupBox(_("What they receive"))
        QVBoxLayout(scope_box).addWidget(self.scope)
        self.found = QWidget()
        found_layout = QHBoxLayout(self.found)
        found_layout.setContentsMargins(0, 0, 0, 0)
        found_layout.addWidget(member_box, 1)
        found_layout.addWidget(scope_box, 1)
        self.found.hide()

        open_row = QHBoxLayout()
        open_row.addWidget(paste_label)
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(open_row)
        layout.addWidget(self.card_text)
        layout.addWidget(self.card_problem)
        layout.addWidget(self.found)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(820)
        self._read_card()

    def paste(self, text: str) -> None:
        """Put card text in the box (what pasting does)."""
        self.card_text.setPlainText(text)

    @Slot()
    def open_card_file(self) -> None:
        chosen = choose_card_file(self)
        if chosen is None:
            return
        try:
            self.paste(read_card_file(chosen))
        except OrganizerError as error:
            self.show_error(str(error))

    @Slot()
    def _read_card(self) -> None:
        text = self.card_text.toPlainText()
        self.show_error("")
        self.card = None
        problem = ""
        if text.strip():
            try:
                self.card = identity.parse_card(card_line_in(text))
            except InvalidInput as error:
                problem = str(error)
        self.card_problem.setText(problem)
        self.card_problem.setVisible(bool(problem))
        self.found.setVisible(self.card is not None)
        self.accept_button.setEnabled(self.card is not None)
        if self.card is not None:
            self.name_label.setText(self.card.name)
            self.fingerprint.setText(fingerprint_rows(self.card.fingerprint))
            self.scope.set_member_name(self.card.name)
        self.adjustSize()

    @Slot()
    def save(self) -> None:
        if self.card is None:
            self.show_error(_("Paste a member card first."))
            return
        try:
            departments = self.scope.departments_to_save()
            member = roster.add_member(self.vault, self.card, departments)
            if self.confirmed.isChecked():
                roster.confirm_member(self.vault, member.name)
        except OrganizerError as error:
            self.show_error(str(error))
            return
        self.member_added.emit(member.name)
        self.accept()


class ConfirmMemberDialog(_MemberDialog):
    """Compare a member's fingerprint and say whether it matched."""

    def __init__(self, vault: Vault, member: Member, parent: QWidget | None = None) -> None:
        super().__init__(_("Confirm a member"), _("&Save"), parent)
        self.setObjectName("confirm-member-dialog")
        self.vault = vault
        self.member = member
        self.confirmed = QCheckBox(_("Con&firmed: the fingerprints match"))
        self.confirmed.setAccessibleName(_("Confirmed: the fingerprints match"))
        self.confirmed.setChecked(member.confirmed)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(_("Confirm {name}").format(name=member.name)))
        layout.addWidget(_note(
            _("{name}'s fingerprint, from the card you added:").format(name=member.name)))
        layout.addWidget(fingerprint_label(member.fingerprint))
        layout.addWidget(_note(_(
            "Compare this with theirs, in person or on a call. Ask {name} to read theirs "
            "aloud from Settings › Committee; tick the box only when every group matches. If "
            "any group differs, the card did not come from them: remove this member, and ask "
            "for their card again in person."
        ).format(name=member.name)))
        layout.addWidget(self.confirmed)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    @Slot()
    def save(self) -> None:
        try:
            roster.confirm_member(self.vault, self.member.name, self.confirmed.isChecked())
        except OrganizerError as error:
            self.show_error(str(error))
            return
        self.accept()


class ScopeDialog(_MemberDialog):
    """Change what one member receives."""

    def __init__(self, vault: Vault, member: Member, parent: QWidget | None = None) -> None:
        super().__init__(_("What a member receives"), _("&Save"), parent)
        self.setObjectName("member-scope-dialog")
        self.vault = vault
        self.member = member
        self.scope = ScopeChooser(vault, member.name, member)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(_("What {name} receives").format(name=member.name)))
        layout.addWidget(self.scope)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    @Slot()
    def save(self) -> None:
        try:
            roster.set_scope(self.vault, self.member.name, self.scope.departments_to_save())
        except OrganizerError as error:
            self.show_error(str(error))
            return
        self.accept()


# ----- the tab ----------------------------------------------------------------------------------


class MembersTable(QTableWidget):
    """The roster, one row per member, by name; removed members are greyed."""

    NAME, FINGERPRINT, CONFIRMED, RECEIVES, LAST_SENT, LAST_RECEIVED, REMOVED = range(7)
    HEADERS = (N_("Name"), N_("Fingerprint"), N_("Confirmed"), N_("Receives"), N_("Last sent"),
               N_("Last received"), N_("Removed"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setAccessibleName(_("Committee members"))
        self.setHorizontalHeaderLabels([_(header) for header in self.HEADERS])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        for column in range(len(self.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.RECEIVES, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._mono = theme.fixed_width_font()

    def show_members(self, members: Sequence[Member]) -> None:
        selected = self.selected_name()
        self.setRowCount(0)
        for member in members:
            self._append(member)
        for row in range(self.rowCount()):
            if self._cell(row, self.NAME).text() == selected:
                self.selectRow(row)
        self._fit_height()

    def _append(self, member: Member) -> None:
        row = self.rowCount()
        self.insertRow(row)
        texts = {
            self.NAME: member.name,
            self.FINGERPRINT: fingerprint_rows(member.fingerprint, per_row=6),
            self.CONFIRMED: _("✓ confirmed") if member.confirmed else _("⚠ not confirmed"),
            self.RECEIVES: scope_summary(member),
            self.LAST_SENT: describe_stamp(member.last_sent_at),
            self.LAST_RECEIVED: describe_stamp(member.last_received_at),
            self.REMOVED: describe_stamp(member.removed_at) if member.removed_at else "",
        }
        for column, text in texts.items():
            item = QTableWidgetItem(text)
            item.setData(MEMBER_NAME_ROLE, member.name)
            if column == self.FINGERPRINT:
                item.setFont(self._mono)
            if not member.active:
                item.setForeground(self.palette().placeholderText())
            elif column == self.CONFIRMED and not member.confirmed:
                item.setForeground(
                    theme.warning_colour(self.palette(), QPalette.ColorRole.Base))
                item.setToolTip(_("Compare fingerprints with them, then choose Confirm…."))
            self.setItem(row, column, item)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None, "every row gets all its cells in _append"
        return item

    def _fit_height(self) -> None:
        """As tall as its rows (the tab scrolls), up to a cap beyond which it scrolls itself."""
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(row) for row in range(self.rowCount()))
        wanted = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth() + 4
        if self.horizontalScrollBar().isVisible() or self.rowCount() == 0:
            wanted += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(min(max(wanted, 80), MEMBERS_MAX_HEIGHT))

    def selected_name(self) -> str | None:
        items = self.selectedItems()
        return str(items[0].data(MEMBER_NAME_ROLE)) if items else None

    def select_member(self, name: str) -> None:
        for row in range(self.rowCount()):
            if self._cell(row, self.NAME).text() == name:
                self.selectRow(row)
                return


class CommitteeTab(QWidget):
    """Settings › Committee. `problem` carries one sentence the core refused with, or "";
    `changed` fires after each write (the dialog's Save is not needed for these)."""

    problem = Signal(str)
    changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.me: Identity | None = None

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(_note(_("Changes on this tab are saved at once.")))
        layout.addWidget(self._who_box())
        layout.addWidget(self._card_box())
        layout.addWidget(self._members_box())
        layout.addWidget(self._folder_box())
        layout.addStretch(1)
        # At 1024×600 the sections do not fit: they scroll, the dialog's buttons stay put.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll_area = scroll
        self.refresh()

    # ----- building -----------------------------------------------------------------------

    def _who_box(self) -> QGroupBox:
        box = QGroupBox(_("Who I am"))
        self.setup_note = _note(_(
            "Each committee member keeps their own copy of the campaign. To send each other "
            "updates, each of you sets up a committee card: your name as the others will see "
            "it, and keys Organizer makes for you. Nothing leaves this computer until you send "
            "it."
        ))
        self.setup_name = QLineEdit()
        self.setup_name.setAccessibleName(_("Your name, as the other members will see it"))
        self.setup_name.setPlaceholderText(_("Your name, as the other members will see it"))
        self.setup_name.returnPressed.connect(self.set_up)
        self.setup_button = QPushButton(_("Set &up my committee card"))
        self.setup_button.setAccessibleName(_("Set up my committee card"))
        self.setup_button.clicked.connect(self.set_up)
        setup_row = QHBoxLayout()
        setup_label = QLabel(_("Your &name:"))
        setup_label.setBuddy(self.setup_name)
        setup_row.addWidget(setup_label)
        setup_row.addWidget(self.setup_name, 1)
        setup_row.addWidget(self.setup_button)
        self.setup_part = QWidget()
        setup_layout = QVBoxLayout(self.setup_part)
        setup_layout.setContentsMargins(0, 0, 0, 0)
        setup_layout.addWidget(self.setup_note)
        setup_layout.addLayout(setup_row)

        self.my_name = QLineEdit()
        self.my_name.setAccessibleName(_("My name on the committee"))
        self.my_name.setMaxLength(identity.NAME_MAX_LENGTH)
        # Saved when the field is left (Tab, Enter, or a click on Save): no extra button.
        self.my_name.editingFinished.connect(self.rename)
        self.renamed_note = _note(_(
            "Saved. Members who already added your card keep the name that was on it."
        ))
        self.renamed_note.hide()
        self.my_person = PersonPicker(self.vault)
        self.my_person.setAccessibleName(_("This is me: the person record that is you"))
        self.my_person.person_chosen.connect(self.set_my_person)
        self.my_person.person_cleared.connect(self.clear_my_person)
        form = QFormLayout()
        name_label = QLabel(_("My &name:"))
        name_label.setBuddy(self.my_name)
        person_label = QLabel(_("This is m&e:"))
        person_label.setBuddy(self.my_person)
        form.addRow(name_label, self.my_name)
        form.addRow("", self.renamed_note)
        form.addRow(person_label, self.my_person)
        form.addRow("", _note(_("New one-on-ones and follow-ups default to you.")))
        self.me_part = QWidget()
        self.me_part.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(box)
        layout.addWidget(self.setup_part)
        layout.addWidget(self.me_part)
        return box

    def _card_box(self) -> QGroupBox:
        self.card_section = QGroupBox(_("My card"))
        self.card_line = QLineEdit()
        self.card_line.setReadOnly(True)
        self.card_line.setAccessibleName(_("My member card"))
        self.copy_button = QPushButton(_("Co&py card"))
        self.copy_button.setAccessibleName(_("Copy my member card"))
        self.copy_button.clicked.connect(self.copy_card)
        self.copied = _note("")
        self.copied.hide()
        self.qr = QLabel()
        self.qr.setAccessibleName(_("My member card as a QR code"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.my_fingerprint = fingerprint_label("")
        self.my_fingerprint.setAccessibleName(_("My fingerprint"))

        copy_row = QHBoxLayout()
        copy_row.addWidget(self.card_line, 1)
        copy_row.addWidget(self.copy_button)
        words = QVBoxLayout()
        words.addWidget(_note(_(
            "Send this line to each member (in Signal, by email, on a USB stick). It holds your "
            "name and two public keys: nothing secret."
        )))
        words.addLayout(copy_row)
        words.addWidget(self.copied)
        words.addSpacing(8)
        words.addWidget(_note(_("My fingerprint:")))
        words.addWidget(self.my_fingerprint)
        words.addWidget(_note(_(READ_ALOUD)))
        words.addStretch(1)
        qr_caption = _note(_("The same card, for a phone's camera."))
        qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        qr_caption.setMaximumWidth(200)
        qr_column = QVBoxLayout()
        qr_column.addWidget(self.qr)
        qr_column.addWidget(qr_caption)
        qr_column.addStretch(1)
        layout = QHBoxLayout(self.card_section)
        layout.addLayout(words, 1)
        layout.addLayout(qr_column)
        return self.card_section

    def _members_box(self) -> QGroupBox:
        self.members_section = QGroupBox(_("Members"))
        self.members = MembersTable()
        self.members.itemSelectionChanged.connect(self._update_buttons)
        self.members.itemDoubleClicked.connect(lambda _item: self.confirm_selected())
        self.no_members = _note(_(
            "No members yet. Ask each member for their card, then add it here (Add member…)."
        ))
        self.add_button = QPushButton(_("&Add member…"))
        self.add_button.setAccessibleName(_("Add a committee member"))
        self.add_button.clicked.connect(self.add_member)
        self.confirm_button = QPushButton(_("Con&firm…"))
        self.confirm_button.setAccessibleName(_("Confirm the member's fingerprint"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.scope_button = QPushButton(_("Sc&ope…"))
        self.scope_button.setAccessibleName(_("Choose what the member receives"))
        self.scope_button.clicked.connect(self.change_scope)
        self.remove_button = QPushButton(_("&Remove…"))
        self.remove_button.setAccessibleName(_("Remove the member from the committee"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.select_hint = _note(_("Select a member to confirm, change or remove them."))
        self.unconfirmed = _warning_label()
        self.unconfirmed.setAccessibleName(_("Members not confirmed"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.confirm_button, self.scope_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addWidget(self.select_hint, 1)
        layout = QVBoxLayout(self.members_section)
        layout.addWidget(self.no_members)
        layout.addWidget(self.unconfirmed)
        layout.addWidget(self.members)
        layout.addLayout(buttons)
        return self.members_section

    def _folder_box(self) -> QGroupBox:
        self.folder_section = QGroupBox(_("Shared folder (optional)"))
        self.folder_path = QLineEdit()
        self.folder_path.setReadOnly(True)
        self.folder_path.setAccessibleName(_("Shared folder"))
        self.folder_path.setPlaceholderText(_("None: you send and receive update files by hand"))
        self.choose_button = QPushButton(_("C&hoose…"))
        self.choose_button.setAccessibleName(_("Choose the shared folder"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.stop_button = QPushButton(_("S&top sharing"))
        self.stop_button.setAccessibleName(_("Stop using a shared folder"))
        self.stop_button.clicked.connect(self.stop_sharing)
        self.folder_missing = _warning_label()
        self.folder_missing.hide()
        row = QHBoxLayout()
        row.addWidget(self.folder_path, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self.folder_section)
        layout.addWidget(_note(_(FOLDER_SENTENCE)))
        layout.addLayout(row)
        layout.addWidget(self.folder_missing)
        return self.folder_section

    # ----- showing --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        # The Lists tab may have renamed a department since: show the scopes as they are.
        if self.me is not None:
            self._show_members()
        super().showEvent(event)

    def refresh(self) -> None:
        """Show what the vault holds now."""
        self.me = identity.get_identity(self.vault)
        ready = self.me is not None
        self.setup_part.setVisible(not ready)
        for part in (self.me_part, self.card_section, self.members_section,
                     self.folder_section):
            part.setVisible(ready)
        if self.me is not None:
            self._show_me(self.me)
            self._show_members()
            self._show_folder()

    def _show_me(self, me: Identity) -> None:
        self.my_name.setText(me.name)
        try:
            self.my_person.set_person(me.person_id)
        except OrganizerError:
            self.my_person.set_person(None)  # erased since: nobody is me any more
        line = me.card().line()
        self.card_line.setText(line)
        self.card_line.setCursorPosition(0)
        self.qr.setPixmap(qr_pixmap(line))
        self.my_fingerprint.setText(fingerprint_rows(me.fingerprint))

    def _show_members(self) -> None:
        members = roster.list_members(self.vault)
        self.members.show_members(members)
        self.members.setVisible(bool(members))
        self.no_members.setVisible(not members)
        unconfirmed = [m.name for m in members if m.active and not m.confirmed]
        self.unconfirmed.setText(_unconfirmed_sentence(unconfirmed))
        self.unconfirmed.setVisible(bool(unconfirmed))
        self._update_buttons()

    def _show_folder(self) -> None:
        shared = folder.shared_folder(self.vault)
        self.folder_path.setText(str(shared) if shared else "")
        self.stop_button.setEnabled(shared is not None)
        missing = shared is not None and not shared.is_dir()
        self.folder_missing.setText(_(
            "The shared folder {path} is not there now (is the disk or share connected?)."
        ).format(path=shared) if missing else "")
        self.folder_missing.setVisible(missing)

    @Slot()
    def _update_buttons(self) -> None:
        member = self.selected_member()
        for button in (self.confirm_button, self.scope_button, self.remove_button):
            button.setEnabled(member is not None and member.active)
        self.select_hint.setText(
            _("Select a member to confirm, change or remove them.") if member is None
            else _("{name} was removed from the committee.").format(name=member.name)
            if not member.active else ""
        )

    def selected_member(self) -> Member | None:
        name = self.members.selected_name()
        if name is None:
            return None
        try:
            return roster.find_member(self.vault, name)
        except OrganizerError:
            return None

    def _say(self, text: str) -> None:
        self.problem.emit(text)

    def _saved(self) -> None:
        """A write went through: clear any earlier refusal and say so."""
        self.problem.emit("")
        self.changed.emit()

    # ----- who I am ---------------------------------------------------------------------------

    @Slot()
    def set_up(self) -> None:
        try:
            identity.ensure_identity(self.vault, self.setup_name.text())
        except OrganizerError as error:
            self._say(str(error))
            return
        self._saved()
        self.refresh()
        self.copy_button.setFocus()

    @Slot()
    def rename(self) -> None:
        if self.me is None or self.my_name.text().strip() == self.me.name:
            return
        try:
            self.me = identity.ensure_identity(self.vault, self.my_name.text())
        except OrganizerError as error:
            self._say(str(error))
            return
        self._saved()
        self._show_me(self.me)
        self.renamed_note.show()

    @Slot(str)
    def set_my_person(self, person_id: str) -> None:
        self._save_my_person(person_id)

    @Slot()
    def clear_my_person(self) -> None:
        self._save_my_person(None)

    def _save_my_person(self, person_id: str | None) -> None:
        try:
            self.me = identity.set_my_person(self.vault, person_id)
        except OrganizerError as error:
            self._say(str(error))
            return
        self._saved()

    # ----- my card --------------------------------------------------------------------------

    @Slot()
    def copy_card(self) -> None:
        # Not through SecureClipboard: the card is public, is meant to be pasted into a
        # message minutes later, and should stay in clipboard history like any text.
        QGuiApplication.clipboard().setText(self.card_line.text())
        self.copied.setText(_("Copied. Paste it into a message to each member."))
        self.copied.show()

    # ----- members ----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        """Window-modal and not blocking (tests drive the dialog); refresh when it closes."""
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    @Slot(int)
    def _dialog_closed(self, result: int) -> None:
        self._show_members()
        if result == QDialog.DialogCode.Accepted:  # each dialog accepts only once saved
            self._saved()

    @Slot()
    def add_member(self) -> AddMemberDialog:
        dialog = AddMemberDialog(self.vault, self)
        dialog.member_added.connect(self._member_added)
        self._open(dialog)
        return dialog

    @Slot(str)
    def _member_added(self, name: str) -> None:
        self._show_members()
        self.members.select_member(name)

    def _chosen_member(self) -> Member | None:
        """The selected member still on the committee, or None (and a sentence saying why)."""
        member = self.selected_member()
        if member is None:
            self._say(_("Choose a member in the table first."))
            return None
        if not member.active:
            self._say(_("{name} was removed from the committee.").format(name=member.name))
            return None
        return member

    @Slot()
    def confirm_selected(self) -> ConfirmMemberDialog | None:
        member = self._chosen_member()
        if member is None:
            return None
        dialog = ConfirmMemberDialog(self.vault, member, self)
        self._open(dialog)
        return dialog

    @Slot()
    def change_scope(self) -> ScopeDialog | None:
        member = self._chosen_member()
        if member is None:
            return None
        dialog = ScopeDialog(self.vault, member, self)
        self._open(dialog)
        return dialog

    @Slot()
    def remove_selected(self) -> None:
        member = self._chosen_member()
        if member is None:
            return
        if not messages.confirm(
            self, _("Remove {name} from the committee?").format(name=member.name),
            confirm_label=_("Remove {name}").format(name=member.name),
            detail=_(REMOVE_CONSEQUENCES),
        ):
            return
        try:
            roster.remove_member(self.vault, member.name)
        except OrganizerError as error:
            self._say(str(error))
            return
        self._saved()
        self._show_members()

    # ----- shared folder --------------------------------------------------------------------

    @Slot()
    def choose_folder(self) -> None:
        chosen = choose_shared_folder(self, folder.shared_folder(self.vault))
        if chosen is not None:
            self.set_folder(chosen)

    def set_folder(self, chosen: Path | None) -> None:
        try:
            folder.set_shared_folder(self.vault, chosen)
        except OrganizerError as error:
            self._say(str(error))
            return
        self._saved()
        self._show_folder()

    @Slot()
    def stop_sharing(self) -> None:
        self.set_folder(None)

