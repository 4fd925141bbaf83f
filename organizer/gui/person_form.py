"""The form on a person's page: their details, with Save and Revert and the unsaved
marker, drafts of its unsaved edits kept on lock or close, and copying a phone or email."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, conversations, people
from organizer.core.errors import OrganizerError
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui.one_on_one_dialog import draft_time
from organizer.gui.people_model import SAFE_CHANNEL_LABELS, CampaignChoices, shown_label
from organizer.i18n import N_, _, ngettext

if TYPE_CHECKING:
    _PageBase = QWidget  # mixed into PersonPage, a QWidget: type-checked as one
else:
    _PageBase = object


DRAFT_KIND = "person-edit"  # unsaved edits of a person's details, kept on lock or close
# Translators: the placeholder of a date typed as year-month-day; keep the order and the
# dashes, translate the letters (Spanish: "AAAA-MM-DD").
DATE_PLACEHOLDER = N_("YYYY-MM-DD")

TEXT_FIELDS = (
    "name", "code_name", "personal_phone", "personal_email", "work_phone", "work_email",
    "team", "job_title", "start_date", "language", "left_company_on",
)


def _quiet(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


class PersonForm(_PageBase):
    """PersonPage's form (mixed into it): its fields, Save, Revert and drafts."""

    # Set by the page (gui/person_page.py) or its tabs (gui/person_tabs.py), used here.
    vault: Vault
    choices: CampaignChoices
    person: Person | None
    _saved_form: dict[str, object]
    _draft_id: str | None
    _copy_text: Callable[[str], int] | None
    unsaved_label: QLabel
    draft_note: QLabel
    issue_names: QStringListModel
    person_saved: ClassVar[Signal]
    data_changed: ClassVar[Signal]
    refresh_sections: Callable[[], None]

    # ----- building -----------------------------------------------------------------------

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _list_combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)  # type a new department, shift or site to add it
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName(name)
        completer, editor = combo.completer(), combo.lineEdit()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        if editor is not None:
            editor.setPlaceholderText(_("Choose or type to add"))
        return combo

    def _build_form(self) -> QWidget:
        form_widget = QWidget()
        column = QVBoxLayout(form_widget)

        who = QGroupBox(_("Who they are"))
        form = QFormLayout(who)
        self.name = self._line(_("Name"))
        form.addRow(_("&Name:"), self.name)
        self.code_name = self._line(_("Code name"), _("Shown on screen and on paper instead"))
        form.addRow(_("C&ode name:"), self.code_name)
        self.department = self._list_combo(_("Department"))
        form.addRow(_("&Department:"), self.department)
        self.team = self._line(_("Team"))
        form.addRow(_("&Team:"), self.team)
        self.job_title = self._line(_("Job title"))
        form.addRow(_("&Job title:"), self.job_title)
        self.shift = self._list_combo(_("Shift"))
        form.addRow(_("S&hift:"), self.shift)
        self.site = self._list_combo(_("Site"))
        form.addRow(_("S&ite:"), self.site)
        self.start_date = self._line(_("Start date"), _(DATE_PLACEHOLDER))
        form.addRow(_("Start da&te:"), self.start_date)
        self.language = self._line(_("Language"))
        form.addRow(_("Lan&guage:"), self.language)
        column.addWidget(who)

        reach = QGroupBox(_("Reaching them safely"))
        form = QFormLayout(reach)
        self.personal_phone = self._line(_("Personal phone"))
        self.copy_phone_button = QPushButton(_("Copy"))
        self.copy_phone_button.setAccessibleName(_("Copy personal phone"))
        self.copy_phone_button.clicked.connect(lambda: self.copy_field(self.personal_phone))
        form.addRow(_("&Personal phone:"), self._with_button(self.personal_phone,
                                                             self.copy_phone_button))
        self.personal_email = self._line(_("Personal email"))
        self.copy_email_button = QPushButton(_("Copy"))
        self.copy_email_button.setAccessibleName(_("Copy personal email"))
        self.copy_email_button.clicked.connect(lambda: self.copy_field(self.personal_email))
        form.addRow(_("Personal e&mail:"), self._with_button(self.personal_email,
                                                             self.copy_email_button))
        self.safe_channel = QComboBox()
        self.safe_channel.setAccessibleName(_("Safest way to reach them"))
        self.safe_channel.addItem(_("(not known)"), "")
        for channel in people.SAFE_CHANNELS:
            self.safe_channel.addItem(shown_label(SAFE_CHANNEL_LABELS, channel), channel)
        form.addRow(_("Safest &way to reach:"), self.safe_channel)
        self.copied_label = _quiet("")
        self.copied_label.hide()
        form.addRow(self.copied_label)
        column.addWidget(reach)

        organizing = QGroupBox(_("Organizing"))
        form = QFormLayout(organizing)
        self.assigned_oc_member = QComboBox()
        self.assigned_oc_member.setAccessibleName(_("Assigned OC member"))
        form.addRow(_("&Assigned OC member:"), self.assigned_oc_member)
        self.is_oc_member = QCheckBox(_("On the organizing &committee"))
        form.addRow(self.is_oc_member)
        self.is_organic_leader = QCheckBox(_("Organic &leader (others trust and follow them)"))
        form.addRow(self.is_organic_leader)
        self.left_company_on = self._line(_("Left the company on"), _(DATE_PLACEHOLDER))
        form.addRow(_("Left the compan&y on:"), self.left_company_on)
        column.addWidget(organizing)

        work = QGroupBox(_("Work contact (don't use for organizing)"))
        work.setToolTip(_(
            "Employers can read work phones and email. Keep these only to recognise "
            "the person; never organize through them."
        ))
        form = QFormLayout(work)
        self.work_phone = self._line(_("Work phone (don't use for organizing)"))
        form.addRow(_("Work phone:"), self.work_phone)
        self.work_email = self._line(_("Work email (don't use for organizing)"))
        form.addRow(_("Work email:"), self.work_email)
        column.addWidget(work)

        notes_box = QGroupBox(_("Notes"))
        notes_layout = QVBoxLayout(notes_box)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        notes_layout.addWidget(self.notes)
        column.addWidget(notes_box)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(_("Problem saving"))
        self.error_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_label.setMargin(6)
        self.error_label.hide()
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(360)  # beside the tabs on a laptop at 150% (test_small_screens)
        # Not a tab stop of its own: Tab goes field to field in the order they are seen
        # (tests/gui/test_tab_order.py), and the area scrolls to the field Tab reaches.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # Save and Revert under the form, outside its scroll area: always in view.
        holder = QWidget()
        bar = QVBoxLayout(holder)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(scroll, 1)
        bar.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.revert_button = QPushButton(_("Re&vert"))
        self.revert_button.setToolTip(_("Undo the changes since the last save"))
        self.revert_button.clicked.connect(self.revert)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        bar.addLayout(buttons)
        self._watch_form()
        return holder

    def _watch_form(self) -> None:
        """Every edit of the form updates the unsaved marker and the Save button."""
        for name in TEXT_FIELDS:
            getattr(self, name).textChanged.connect(self._update_unsaved)
        for combo in (self.department, self.shift, self.site):
            combo.currentTextChanged.connect(self._update_unsaved)
        self.assigned_oc_member.currentIndexChanged.connect(self._update_unsaved)
        self.safe_channel.currentIndexChanged.connect(self._update_unsaved)
        self.is_oc_member.toggled.connect(self._update_unsaved)
        self.is_organic_leader.toggled.connect(self._update_unsaved)
        self.notes.textChanged.connect(self._update_unsaved)

    def _update_unsaved(self, *_changed: object) -> None:
        unsaved = self.has_unsaved_changes()
        self.unsaved_label.setVisible(unsaved)
        self.save_button.setEnabled(unsaved)
        self.revert_button.setEnabled(unsaved)

    @staticmethod
    def _with_button(edit: QLineEdit, button: QPushButton) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return box

    # ----- showing ------------------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self.person.id if self.person else None

    def _reload_choices(self, person: Person) -> None:
        for combo, kind in ((self.department, "department"), (self.shift, "shift"),
                            (self.site, "site")):
            combo.clear()
            combo.addItem("", None)
            for entry in campaign.list_entries(self.vault, kind):  # type: ignore[arg-type]
                combo.addItem(entry.name, entry.id)
        self.assigned_oc_member.clear()
        self.assigned_oc_member.addItem(_("(no one yet)"), None)
        for person_id, name in self.choices.oc_members():
            if person_id != person.id:
                self.assigned_oc_member.addItem(name, person_id)
        self.issue_names.setStringList(self.choices.issue_names())

    def _load_form(self, person: Person) -> None:
        self._reload_choices(person)
        for field_name in TEXT_FIELDS:
            edit: QLineEdit = getattr(self, field_name)
            edit.setText(getattr(person, field_name) or "")
        for combo, value in ((self.department, person.department_id),
                             (self.shift, person.shift_id), (self.site, person.site_id),
                             (self.assigned_oc_member, person.assigned_oc_member_id)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        index = self.safe_channel.findData(person.safe_channel)
        if index < 0 and person.safe_channel:
            self.safe_channel.addItem(shown_label(SAFE_CHANNEL_LABELS, person.safe_channel),
                                      person.safe_channel)
            index = self.safe_channel.count() - 1
        self.safe_channel.setCurrentIndex(max(0, index))
        self.is_oc_member.setChecked(person.is_oc_member)
        self.is_organic_leader.setChecked(person.is_organic_leader)
        self.notes.setPlainText(person.notes)
        self.error_label.hide()
        self.copied_label.hide()
        self.draft_note.hide()
        self._saved_form = self.form_values()
        self._update_unsaved()

    # ----- the form -----------------------------------------------------------------------

    def form_values(self) -> dict[str, object]:
        """The form as plain values (for change tracking and drafts)."""
        values: dict[str, object] = {f: getattr(self, f).text() for f in TEXT_FIELDS}
        for name in ("department", "shift", "site"):
            values[name] = getattr(self, name).currentText().strip()
        values["assigned_oc_member_id"] = self.assigned_oc_member.currentData()
        values["safe_channel"] = self.safe_channel.currentData() or ""
        values["is_oc_member"] = self.is_oc_member.isChecked()
        values["is_organic_leader"] = self.is_organic_leader.isChecked()
        values["notes"] = self.notes.toPlainText()
        return values

    def _set_form_values(self, values: dict[str, object]) -> None:
        for field_name in TEXT_FIELDS:
            getattr(self, field_name).setText(str(values.get(field_name, "")))
        for name in ("department", "shift", "site"):
            getattr(self, name).setCurrentText(str(values.get(name, "")))
        index = self.assigned_oc_member.findData(values.get("assigned_oc_member_id"))
        self.assigned_oc_member.setCurrentIndex(max(0, index))
        self.safe_channel.setCurrentIndex(max(0, self.safe_channel.findData(
            values.get("safe_channel", ""))))
        self.is_oc_member.setChecked(bool(values.get("is_oc_member")))
        self.is_organic_leader.setChecked(bool(values.get("is_organic_leader")))
        self.notes.setPlainText(str(values.get("notes", "")))

    def has_unsaved_changes(self) -> bool:
        return self.form_values() != self._saved_form

    def _list_entry_id(self, combo: QComboBox, kind: str) -> str | None:
        text = combo.currentText().strip()
        if not text:
            return None
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index > 0 and combo.itemData(index):
            return str(combo.itemData(index))
        return campaign.add_list_entry(self.vault, kind, text).id  # type: ignore[arg-type]

    def save(self) -> bool:
        """Save the form; on a problem, say what it is beside the Save button."""
        person = dataclasses.replace(self.person) if self.person else Person()
        values = self.form_values()
        for field_name in TEXT_FIELDS:
            value = str(values[field_name]).strip()
            setattr(person, field_name, value or (None if field_name in (
                "start_date", "left_company_on") else ""))
        person.safe_channel = str(values["safe_channel"])
        person.is_oc_member = bool(values["is_oc_member"])
        person.is_organic_leader = bool(values["is_organic_leader"])
        person.notes = str(values["notes"])
        assigned = values["assigned_oc_member_id"]
        person.assigned_oc_member_id = assigned if isinstance(assigned, str) else None
        try:
            person.department_id = self._list_entry_id(self.department, "department")
            person.shift_id = self._list_entry_id(self.shift, "shift")
            person.site_id = self._list_entry_id(self.site, "site")
            if self.person is None:
                saved = people.add_person(self.vault, person)
            else:
                saved = people.update_person(self.vault, person)
        except OrganizerError as error:
            self.error_label.setText(_("Not saved: {error}").format(error=error))
            self.error_label.show()
            self.error_label.setFocus()
            return False
        if self._draft_id:
            conversations.discard_draft(self.vault, self._draft_id)
            self._draft_id = None
        self.choices.invalidate()  # they may have joined or left the OC
        self.person = saved
        self._load_form(saved)
        self.refresh_sections()
        self.person_saved.emit(saved.id)
        self.data_changed.emit()
        return True

    def revert(self) -> None:
        self._set_form_values(self._saved_form)
        self.error_label.hide()
        self._update_unsaved()

    # ----- drafts of unsaved edits --------------------------------------------------------

    def save_draft(self) -> None:
        """Keep unsaved edits in the vault (on lock or close), to offer them back later."""
        if not self.has_unsaved_changes():
            return
        self._draft_id = conversations.save_draft(
            self.vault, DRAFT_KIND, self.person_id, self.form_values(), self._draft_id
        )

    def _restore_draft(self) -> None:
        self._draft_id = None
        person_id = self.person_id
        for draft in conversations.drafts(self.vault, DRAFT_KIND):
            if draft.person_id == person_id:
                self._draft_id = draft.id
                self._set_form_values(draft.body)
                self.draft_note.setText(
                    # Translators: {when} is a date and time; keep the <a> link as it is.
                    _("Restored changes you had not saved ({when}). Save to keep them, or "
                      "<a href='discard'>discard them</a>.").format(
                          when=draft_time(draft.updated_at))
                )
                self.draft_note.show()
                return

    def _discard_draft_edits(self) -> None:
        if self._draft_id:
            conversations.discard_draft(self.vault, self._draft_id)
            self._draft_id = None
        self.revert()
        self.draft_note.hide()

    def discard_unsaved(self) -> None:
        """Forget the form's edits (the user chose not to save them)."""
        self._discard_draft_edits()

    # ----- copying ------------------------------------------------------------------------

    def copy_field(self, edit: QLineEdit) -> None:
        text = edit.text().strip()
        if not text or self._copy_text is None:
            return
        seconds = self._copy_text(text)
        self.copied_label.setText(
            ngettext("Copied. The clipboard is cleared in {n} second.",
                     "Copied. The clipboard is cleared in {n} seconds.", seconds).format(
                         n=formats.number(seconds))
        )
        self.copied_label.show()
