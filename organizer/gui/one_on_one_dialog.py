"""Logging a one-on-one: who, when, what was raised, the ask and the answer, the assessment
after, and the follow-up, in under a minute with the keyboard alone.

Ctrl+Enter saves. What is typed is kept as a draft inside the vault a couple of seconds after
typing stops (and on lock or close), so a crash loses nothing; opening the dialog for the
same person again restores it. Nothing is ever written outside the vault.

A one-on-one ticked private is never sent to the committee. When the vault knows which
person is me (the committee identity), a new one-on-one is mine by default: the member who
logs it is nearly always the one who had the conversation.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtCore import QDate, QPointF, QRectF, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import conversations, people
from organizer.core.committee import identity
from organizer.core.conversations import FollowUpRequest, OneOnOne
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.assessment_badge import NOT_ASSESSED, AssessmentScale
from organizer.gui.date_fields import DateEdit
from organizer.gui.people_model import CHANNEL_LABELS, CampaignChoices, shown_label
from organizer.gui.person_picker import PersonPicker
from organizer.gui.screen_fit import resize_to_fit
from organizer.i18n import N_, _

DRAFT_KIND = "one-on-one"
DRAFT_PAUSE_MS = 2000  # keep a draft this long after typing stops
FOLLOW_UP_DAYS = 7  # the follow-up date offered by default
LINE_FIELDS = ("issues", "ask", "answer", "commitment", "next_step")
TEXT_FIELDS = ("agitate", "educate", "inoculate", "organize", "uplift", "notes")
# Module constants: marked with N_, shown through _() (see organizer/i18n.py).
PRIVATE_TEXT = N_("Private: never sent to the committee")
PRIVATE_TIP = N_(
    "Its notes, the ask and the answer stay in this vault. A new assessment or follow-up "
    "made with it still reaches the committee, without the next step."
)
# The AEIOU sections' names and what each asks, as the form shows them (the core's
# conversations.AEIOU_SECTIONS names the same fields).
AEIOU_LABELS: dict[str, tuple[str, str]] = {
    "agitate": (N_("Agitate"), N_("what's wrong, how does it feel")),
    "educate": (N_("Educate"), N_("who decides, what could change it")),
    "inoculate": (N_("Inoculate"), N_("what management will say and do")),
    "organize": (N_("Organize"), N_("what we do together")),
    "uplift": (N_("Uplift"), N_("the ask, the vision")),
}


def lock_icon(colour: QColor | None = None, size: int = 16) -> QIcon:
    """A padlock, drawn here: icon themes differ by desktop and may have none, and the
    fonts on many systems have no emoji lock."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at twice the size: sharp on HiDPI too
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    ink = colour or QPalette().color(QPalette.ColorRole.WindowText)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 16
    painter.setPen(QPen(ink, 1.8 * unit))
    shackle = QPainterPath(QPointF(5 * unit, 8 * unit))
    shackle.lineTo(5 * unit, 5.5 * unit)
    shackle.arcTo(QRectF(5 * unit, 2 * unit, 6 * unit, 6 * unit), 180, -180)
    shackle.lineTo(11 * unit, 8 * unit)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    painter.drawRoundedRect(QRectF(3 * unit, 7.5 * unit, 10 * unit, 7.5 * unit), unit, unit)
    painter.end()
    return QIcon(pixmap)


def draft_time(stamp: str) -> str:
    """When a draft was kept (a UTC timestamp), in this computer's time zone, as the
    reader's locale writes a moment."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return formats.date_and_time(moment.astimezone())


class IssuesEdit(QLineEdit):
    """Issues as comma-separated names; the completer completes the one being typed."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer = QCompleter(QStringListModel(names, self), self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated[str].connect(self._insert)  # type: ignore[index]
        self.textEdited.connect(self._complete)

    def _current_word(self) -> str:
        return self.text()[: self.cursorPosition()].split(",")[-1].strip()

    def _complete(self) -> None:
        word = self._current_word()
        popup = self._completer.popup()
        if word:
            self._completer.setCompletionPrefix(word)
            if self._completer.completionCount():
                self._completer.complete()
                return
        if popup is not None:
            popup.hide()

    def _insert(self, name: str) -> None:
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition():]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        self.setText(f"{head}{name}, {after.lstrip(', ')}".rstrip())
        self.setCursorPosition(len(head) + len(name) + 2)

    def names(self) -> list[str]:
        found: dict[str, str] = {}
        for part in self.text().split(","):
            name = " ".join(part.split())
            if name:
                found.setdefault(name.casefold(), name)
        return list(found.values())


class OneOnOneDialog(QDialog):
    """Emits `one_on_one_logged(person_id, one_on_one_id)` after saving."""

    one_on_one_logged = Signal(str, str)

    def __init__(
        self, vault: Vault, scale: AssessmentScale, parent: QWidget | None = None,
        *, person_id: str | None = None, today: dt.date | None = None,
        choices: CampaignChoices | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self._today = today or dt.date.today()
        self._draft_id: str | None = None
        self._quiet_close = False
        self._saved = False
        self._discarded = False
        # The app's name, never a person's: window titles are public.
        # Translators: the app's name, as a window title: never translated (see the glossary).
        self.setWindowTitle(_("Organizer"))
        self.setAccessibleName(_("Log a one-on-one"))
        self.setObjectName("one-on-one-dialog")
        resize_to_fit(self, 620, 760)

        outer = QVBoxLayout(self)
        heading = theme.heading(QLabel(_("Log a one-on-one")), 1.4)
        outer.addWidget(heading)
        self.draft_note = QLabel()
        self.draft_note.setWordWrap(True)
        self.draft_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft_note.setMargin(6)
        self.draft_note.setTextFormat(Qt.TextFormat.RichText)
        self.draft_note.linkActivated.connect(self.discard_restored_draft)
        self.draft_note.hide()
        outer.addWidget(self.draft_note)

        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.picker = PersonPicker(vault)
        self.picker.setAccessibleName(_("Who you talked with"))
        form.addRow(_("&With:"), self.picker)
        self.held_on = DateEdit(self._today)
        self.held_on.setAccessibleName(_("When"))
        self.held_on.setAccessibleDescription(_("The day of the conversation"))
        form.addRow(_("Wh&en:"), self.held_on)
        self.channel = QComboBox()
        self.channel.setAccessibleName(_("Channel"))
        self.channel.setAccessibleDescription(_("How you talked: in person, by phone…"))
        # The stored word is the item's data; the text is in the reader's language.
        for channel in conversations.CHANNELS:
            self.channel.addItem(shown_label(CHANNEL_LABELS, channel), channel)
        form.addRow(_("&Channel:"), self.channel)
        self.oc_member = QComboBox()
        self.oc_member.setAccessibleName(_("OC member who talked with them"))
        self.oc_member.addItem(_("(not recorded)"), None)
        choices = choices or CampaignChoices(vault)
        for member_id, name in choices.oc_members():
            self.oc_member.addItem(name, member_id)
        self._me = self._my_person_id()
        form.addRow(_("&OC member:"), self.oc_member)
        self.issues = IssuesEdit(choices.issue_names())
        self.issues.setAccessibleName(_("Issues raised"))
        self.issues.setPlaceholderText(
            _("pay, on-call load…  (comma between issues; new ones are added)")
        )
        form.addRow(_("&Issues raised:"), self.issues)

        # AEIOU sections: optional, folded away so a quick log stays short.
        self.aeiou_toggle = QToolButton()
        # Translators: AEIOU stays as it is (the letters of the method's five steps).
        self.aeiou_toggle.setText(_("AEIOU sections"))
        self.aeiou_toggle.setAccessibleName(_("AEIOU sections: agitate, educate, inoculate, "
                                              "organize, uplift"))
        self.aeiou_toggle.setAccessibleDescription(_("Shows or hides the five AEIOU fields"))
        self.aeiou_toggle.setCheckable(True)
        self.aeiou_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.aeiou_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.aeiou_toggle.setAutoRaise(True)
        self.aeiou_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.aeiou_toggle.toggled.connect(self.show_aeiou)
        form.addRow(self.aeiou_toggle)
        self.aeiou = QWidget()
        aeiou_form = QFormLayout(self.aeiou)
        aeiou_form.setContentsMargins(16, 0, 0, 0)
        for field_name, _section in conversations.AEIOU_SECTIONS:
            name, question = AEIOU_LABELS[field_name]
            edit = self._text_edit(_(name))
            edit.setPlaceholderText(_(question))
            setattr(self, field_name, edit)
            # Translators: a form label: the AEIOU section's name and a colon.
            aeiou_form.addRow(_("{section}:").format(section=_(name)), edit)
        self.aeiou.hide()
        form.addRow(self.aeiou)

        self.ask = self._line(_("The ask"), _("What did you ask them to do?"))
        form.addRow(_("The &ask:"), self.ask)
        self.answer = self._line(_("Their answer"), _("What did they say?"))
        form.addRow(_("Their a&nswer:"), self.answer)
        self.commitment = self._line(_("Commitment"), _("What did they commit to, if anything?"))
        form.addRow(_("Co&mmitment:"), self.commitment)
        self.assessment_after = QComboBox()
        self.assessment_after.setAccessibleName(_("Assessment after the conversation"))
        for level in scale.levels:
            self.assessment_after.addItem(scale.text(level.score), level.score)
        self.assessment_after.addItem(_(NOT_ASSESSED), None)
        self.assessment_before = QLabel()
        self.assessment_before.setEnabled(False)
        after_row = QHBoxLayout()
        after_row.addWidget(self.assessment_after, 1)
        after_row.addWidget(self.assessment_before)
        after_label = QLabel(_("Assessment a&fter:"))
        after_label.setBuddy(self.assessment_after)
        form.addRow(after_label, after_row)
        self.next_step = self._line(_("Next step"), _("What happens next?"))
        form.addRow(_("Ne&xt step:"), self.next_step)
        follow_row = QHBoxLayout()
        self.follow_up = QCheckBox(_("Follow &up on"))
        self.follow_up.setAccessibleName(_("Add a follow-up"))
        follow_row.addWidget(self.follow_up)
        due = self._today + dt.timedelta(days=FOLLOW_UP_DAYS)
        self.follow_up_on = DateEdit(due)
        self.follow_up_on.setAccessibleName(_("Follow-up date"))
        self.follow_up_on.setEnabled(False)
        self.follow_up.toggled.connect(self.follow_up_on.setEnabled)
        # A next step usually needs a follow-up: typing one ticks the box, once. A tick the
        # organizer cleared (or set) by hand is theirs, and stays as they left it.
        self._follow_up_chosen = False
        self.follow_up.clicked.connect(self._follow_up_clicked)
        self.next_step.textEdited.connect(self._next_step_typed)
        follow_row.addWidget(self.follow_up_on)
        follow_row.addStretch(1)
        form.addRow(_("Follow-up:"), follow_row)
        self.notes = self._text_edit(_("Notes"))
        self.notes.setPlaceholderText(_("Anything else worth remembering"))
        self.notes.setMinimumHeight(110)
        form.addRow(_("No&tes:"), self.notes)

        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        # Not a tab stop of its own: Tab goes field to field in the order they are seen
        # (tests/gui/test_tab_order.py), and the area scrolls to the field Tab reaches.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # Outside the scrolled form, so it is in sight whatever the dialog's height.
        # Translators: the same words as "Private: never sent to the committee", with an
        # & before the letter that ticks it with Alt.
        self.private = QCheckBox(_("&Private: never sent to the committee"))
        self.private.setIcon(lock_icon())
        self.private.setAccessibleName(_(PRIVATE_TEXT))
        self.private.setToolTip(_(PRIVATE_TIP))
        outer.addWidget(self.private)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_label.setMargin(6)
        self.error_label.setAccessibleName(_("Problem saving"))
        self.error_label.hide()
        outer.addWidget(self.error_label)
        buttons = QHBoxLayout()
        hint = QLabel(_("Ctrl+Enter saves · Esc cancels"))
        hint.setEnabled(False)
        buttons.addWidget(hint)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.cancel_button)
        self.save_button = QPushButton(_("&Save one-on-one"))
        self.save_button.setAutoDefault(False)  # Enter in a field must not save half a form
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, self.save)
            # Its name in Help › Keyboard shortcuts.
            shortcut.setWhatsThis(_("Save the one-on-one"))

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_PAUSE_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self.picker.person_chosen.connect(self._person_chosen)
        self._default_oc_member(None)
        if person_id:
            self.picker.set_person(person_id)
            self._person_chosen(person_id, restore=False)
        self._pristine = self.form_values()
        self._restore_draft(person_id)
        self._watch_for_typing()
        (self.held_on if person_id else self.picker).setFocus()

    # ----- building helpers ---------------------------------------------------------------

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _text_edit(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the form
        edit.setMinimumHeight(56)
        return edit

    def show_aeiou(self, shown: bool) -> None:
        self.aeiou.setVisible(shown)
        self.aeiou_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _watch_for_typing(self) -> None:
        for name in LINE_FIELDS:
            getattr(self, name).textEdited.connect(self._changed)
        for name in TEXT_FIELDS:
            getattr(self, name).textChanged.connect(self._changed)
        self.picker.textEdited.connect(self._changed)
        for combo in (self.channel, self.oc_member, self.assessment_after):
            combo.currentIndexChanged.connect(self._changed)
        for date in (self.held_on, self.follow_up_on):
            date.dateChanged.connect(self._changed)
        self.follow_up.toggled.connect(self._changed)
        self.private.toggled.connect(self._changed)

    # ----- the person ---------------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self.picker.person_id

    def _person_chosen(self, person_id: str, restore: bool = True) -> None:
        """Default the OC member and the assessment to the person's own."""
        try:
            person = people.get_person(self.vault, person_id)
        except OrganizerError:
            return
        # Translators: the person's assessment before this conversation, beside the new one.
        self.assessment_before.setText(
            _("before: {assessment}").format(assessment=self.scale.text(person.assessment)))
        if restore and not self.has_text() and self._restore_draft(person_id):
            return
        self._default_oc_member(person.assigned_oc_member_id)
        self.assessment_after.setCurrentIndex(
            max(0, self.assessment_after.findData(person.assessment))
        )

    def _my_person_id(self) -> str | None:
        """The person who is me, added to the OC member choices if they are not there (not
        yet ticked as on the OC); None when the vault does not know who I am."""
        try:
            me = identity.get_identity(self.vault)
            if me is None or me.person_id is None:
                return None
            if self.oc_member.findData(me.person_id) < 0:
                name = people.get_person(self.vault, me.person_id).display_name
                self.oc_member.addItem(name, me.person_id)
        except OrganizerError:
            return None
        return me.person_id

    def _default_oc_member(self, assigned_oc_member_id: str | None) -> None:
        """Me when the vault knows who I am, else the person's assigned OC member."""
        wanted = self._me or assigned_oc_member_id
        self.oc_member.setCurrentIndex(max(0, self.oc_member.findData(wanted)))

    # ----- form values and drafts ---------------------------------------------------------

    def form_values(self) -> dict[str, object]:
        values: dict[str, object] = {
            "person_id": self.picker.person_id,
            "held_on": self.held_on.iso(),
            "channel": self.channel.currentData() or self.channel.currentText(),
            "oc_member_id": self.oc_member.currentData(),
            "assessment_after": self.assessment_after.currentData(),
            "follow_up": self.follow_up.isChecked(),
            "follow_up_on": self.follow_up_on.iso(),
            "is_private": self.private.isChecked(),
        }
        for name in LINE_FIELDS:
            values[name] = getattr(self, name).text()
        for name in TEXT_FIELDS:
            values[name] = getattr(self, name).toPlainText()
        return values

    def _set_form_values(self, values: dict[str, object]) -> None:
        person_id = values.get("person_id")
        if isinstance(person_id, str) and person_id != self.picker.person_id:
            with contextlib.suppress(OrganizerError):
                self.picker.set_person(person_id)
        held_on = QDate.fromString(str(values.get("held_on", "")), "yyyy-MM-dd")
        if held_on.isValid():
            self.held_on.setDate(held_on)
        channel = self.channel.findData(values.get("channel", self.channel.currentData()))
        if channel >= 0:
            self.channel.setCurrentIndex(channel)
        self.oc_member.setCurrentIndex(max(0, self.oc_member.findData(values.get("oc_member_id"))))
        self.assessment_after.setCurrentIndex(
            max(0, self.assessment_after.findData(values.get("assessment_after")))
        )
        self.follow_up.setChecked(bool(values.get("follow_up")))
        self.private.setChecked(bool(values.get("is_private")))
        due = QDate.fromString(str(values.get("follow_up_on", "")), "yyyy-MM-dd")
        if due.isValid():
            self.follow_up_on.setDate(due)
        for name in LINE_FIELDS:
            getattr(self, name).setText(str(values.get(name, "")))
        for name in TEXT_FIELDS:
            getattr(self, name).setPlainText(str(values.get(name, "")))
        if any(values.get(name) for name in TEXT_FIELDS[:5]):
            self.aeiou_toggle.setChecked(True)

    def has_text(self) -> bool:
        """True once anything was typed into the form's text fields."""
        values = self.form_values()
        return any(str(values[name]).strip() for name in (*LINE_FIELDS, *TEXT_FIELDS))

    def is_modified(self) -> bool:
        return self.has_text() or self.form_values() != self._pristine

    def _follow_up_clicked(self) -> None:
        self._follow_up_chosen = True

    def _next_step_typed(self, text: str) -> None:
        if text.strip() and not self._follow_up_chosen and not self.follow_up.isChecked():
            self.follow_up.setChecked(True)

    def _changed(self) -> None:
        self.error_label.hide()
        if self.is_modified():
            self._draft_timer.start()

    @property
    def draft_id(self) -> str | None:
        return self._draft_id

    def save_draft(self) -> None:
        """Keep the form in the vault now (the typing pause, lock and close call this)."""
        self._draft_timer.stop()
        if self._saved or not self.is_modified():
            return
        with contextlib.suppress(OrganizerError):  # a locked vault: nothing more can be kept
            self._draft_id = conversations.save_draft(
                self.vault, DRAFT_KIND, self.picker.person_id, self.form_values(),
                self._draft_id,
            )

    def _restore_draft(self, person_id: str | None) -> bool:
        for draft in conversations.drafts(self.vault, DRAFT_KIND):
            if draft.person_id == person_id:
                self._draft_id = draft.id
                self._set_form_values(draft.body)
                self.draft_note.setText(
                    # Translators: {when} is a date and time; keep the <a> link as it is.
                    _("Restored what you typed before ({when}) but did not save. "
                      "<a href='discard'>Start again instead</a>").format(
                          when=draft_time(draft.updated_at))
                )
                self.draft_note.show()
                return True
        return False

    def discard_restored_draft(self) -> None:
        self._discard_draft()
        person_id = self.picker.person_id
        self._set_form_values({**self._pristine, "person_id": person_id})
        if person_id:
            self._person_chosen(person_id, restore=False)
        self.draft_note.hide()

    def _discard_draft(self) -> None:
        self._draft_timer.stop()
        if self._draft_id:
            with contextlib.suppress(OrganizerError):
                conversations.discard_draft(self.vault, self._draft_id)
            self._draft_id = None

    # ----- saving -------------------------------------------------------------------------

    def entry(self) -> tuple[OneOnOne, FollowUpRequest | None]:
        """The form as a OneOnOne (the issues it names are created with it) and its
        follow-up."""
        values = self.form_values()
        after = values["assessment_after"]
        oc_member_id = values["oc_member_id"]
        def text(name: str) -> str:
            return str(values[name]).strip()

        entry = OneOnOne(
            person_id=self.picker.person_id or "",
            held_on=str(values["held_on"]),
            oc_member_id=oc_member_id if isinstance(oc_member_id, str) else None,
            channel=str(values["channel"]),
            agitate=text("agitate"), educate=text("educate"), inoculate=text("inoculate"),
            organize=text("organize"), uplift=text("uplift"), ask=text("ask"),
            answer=text("answer"), commitment=text("commitment"), next_step=text("next_step"),
            assessment_after=after if isinstance(after, int) else None,
            notes=str(values["notes"]).rstrip(),
            is_private=bool(values["is_private"]),
            issue_names=self.issues.names(),
        )
        follow_up = (
            FollowUpRequest(due_on=str(values["follow_up_on"])) if values["follow_up"] else None
        )
        return entry, follow_up

    def save(self) -> bool:
        if self._saved:
            return True
        if self.picker.person_id is None and self.picker.text().strip():
            self.picker._take_best()
        try:
            if self.picker.person_id is None:
                raise OrganizerError(_("Choose who you talked with: type part of their name."))
            entry, follow_up = self.entry()
            saved = conversations.log_one_on_one(
                self.vault, entry, follow_up=follow_up, draft_id=self._draft_id
            )
        except OrganizerError as error:
            self.error_label.setText(_("Not saved: {error}").format(error=error))
            self.error_label.show()
            if self.picker.person_id is None:
                self.picker.setFocus()
            return False
        self._saved = True
        self._draft_timer.stop()
        self._draft_id = None
        self.one_on_one_logged.emit(saved.person_id, saved.id)
        self.accept()
        return True

    # ----- leaving ------------------------------------------------------------------------

    def close_keeping_draft(self) -> None:
        """Close without asking, keeping what was typed as a draft (lock, window closing)."""
        self.save_draft()
        self._quiet_close = True
        self.reject()

    def reject(self) -> None:
        """Esc and Cancel: ask before throwing away anything typed."""
        if not self._quiet_close and not self._saved:
            if self.has_text() and not messages.confirm(
                self, _("Discard this one-on-one? What you typed will be lost."),
                confirm_label=_("Discard"), cancel_label=_("Keep editing"),
            ):
                return
            self._discard_draft()
            self._discarded = True
        super().reject()

    def done(self, result: int) -> None:
        # Closed by anything else (the app locking, the window going): keep a draft.
        if not self._saved and not self._discarded:
            self.save_draft()
        self._draft_timer.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window's close button asks like Esc does.
        if self.isVisible() and not self._quiet_close and not self._saved and self.has_text():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
