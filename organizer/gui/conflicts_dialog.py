"""Conflicts to review: two committee members changed the same thing before either had seen
the other's change. The later change is what everyone has; the other was set aside here
(core/committee/conflicts.py). For each one, keep what is there or take the other value.

A choice is itself an edit, stamped like any other, so it reaches the whole committee with
the next update: the dialog says so before anyone clicks. The member whose update brought a
conflict is marked when their fingerprint is not confirmed yet (gui/member_names.py).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, people
from organizer.core.committee import conflicts, stamps
from organizer.core.committee.conflicts import Conflict
from organizer.core.committee.tables import RECORDS_BY_NAME
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import theme
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.member_names import MemberNames, not_confirmed_tip
from organizer.gui.people_model import ENUM_LABELS, shown_label
from organizer.gui.screen_fit import resize_to_fit
from organizer.i18n import N_, _

# Module constants are marked with N_ and shown through _(): see organizer/i18n.py.
EMPTY = N_("No conflicts to review.")
TRAVELS = N_(
    "Your choice is saved as a new change and goes to the whole committee with your next "
    "update, so everyone ends up with the same value."
)
WHAT_HAPPENED = N_(
    "Each conflict is one thing two members changed before either had seen the other's "
    "change. Everyone has the later change now; the other was set aside for you to look at."
)
BLANK = N_("(blank)")
SHORT = 80  # characters of the chosen value repeated once a conflict is resolved

# Field names as an organizer says them (every field a committee shares, so that each is
# translated); one the list does not know reads well with spaces for underscores.
_FIELD_WORDS = {
    "name": N_("name"),
    "position": N_("position"),
    "description": N_("description"),
    "code_name": N_("code name"),
    "personal_phone": N_("personal phone"),
    "personal_email": N_("personal email"),
    "work_phone": N_("work phone"),
    "work_email": N_("work email"),
    "team": N_("team"),
    "job_title": N_("job title"),
    "start_date": N_("start date"),
    "language": N_("language"),
    "notes": N_("notes"),
    "channel": N_("channel"),
    "agitate": N_("agitate"),
    "educate": N_("educate"),
    "inoculate": N_("inoculate"),
    "organize": N_("organize"),
    "uplift": N_("uplift"),
    "ask": N_("the ask"),
    "answer": N_("their answer"),
    "commitment": N_("commitment"),
    "assessment_before": N_("assessment before"),
    "assessment_after": N_("assessment after"),
    "next_step": N_("next step"),
    "recorded_by": N_("recorded by"),
    "assessed_at": N_("assessed on"),
    "basis": N_("basis"),
    "one_on_one_id": N_("one-on-one"),
    "note": N_("note"),
    "kind": N_("kind of relationship"),
    "title": N_("title"),
    "goal": N_("goal"),
    "status": N_("status"),
    "plan_id": N_("plan"),
    "ladder_position": N_("place on the escalation ladder"),
    "target_percent": N_("target share"),
    "planned_on": N_("planned on"),
    "structure_test_id": N_("structure test"),
    "called_at": N_("called on"),
    "outcome": N_("outcome"),
    "assigned_oc_member_id": N_("assigned OC member"),
    "oc_member_id": N_("OC member"),
    "is_oc_member": N_("on the OC"),
    "is_organic_leader": N_("organic leader"),
    "department_id": N_("department"),
    "shift_id": N_("shift"),
    "site_id": N_("site"),
    "owner_id": N_("owner"),
    "caller_id": N_("caller"),
    "assessed_by_id": N_("assessed by"),
    "person_id": N_("person"),
    "other_person_id": N_("other person"),
    "scope_shift_id": N_("shift"),
    "scope_site_id": N_("site"),
    "left_company_on": N_("left the company on"),
    "safe_channel": N_("safest way to reach them"),
    "held_on": N_("date"),
    "due_on": N_("due date"),
    "done_at": N_("done"),
    "score": N_("assessment"),
}
# The kinds of record a conflict can be about, as the app names them.
_RECORD_WORDS = {
    "person": N_("person"), "one_on_one": N_("one-on-one"), "assessment": N_("assessment"),
    "follow_up": N_("follow-up"), "relationship": N_("relationship"),
    "department": N_("department"), "shift": N_("shift"), "site": N_("site"),
    "workplace_issue": N_("issue"), "tag": N_("tag"), "action_plan": N_("plan"),
    "action_step": N_("plan step"), "structure_test": N_("structure test"),
    "participation": N_("participation"), "call_attempt": N_("call"),
}
# "no longer in the vault" sentences for ids of list entries, whole for each kind.
_GONE = {
    "department": N_("(a department no longer in the vault)"),
    "shift": N_("(a shift no longer in the vault)"),
    "site": N_("(a site no longer in the vault)"),
}
_DATE_FIELDS = frozenset({"held_on", "due_on", "start_date", "left_company_on", "planned_on"})
_MOMENT_FIELDS = frozenset({"done_at", "assessed_at", "called_at"})
_YES_NO_FIELDS = frozenset({"is_oc_member", "is_organic_leader"})
_SCORE_FIELDS = frozenset({"score", "assessment_before", "assessment_after"})
_LIST_TABLES = ("department", "shift", "site")


def field_words(field: str) -> str:
    return _(_FIELD_WORDS[field]) if field in _FIELD_WORDS else field.replace("_", " ")


def record_words(table: str) -> str:
    return _(_RECORD_WORDS[table]) if table in _RECORD_WORDS else table.replace("_", " ")


def local_time(moment: dt.datetime) -> str:
    """"Nov 12, 2026, 2:05 PM", in this computer's time zone and the reader's locale."""
    return formats.date_and_time(moment.astimezone())


def found_at_text(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return local_time(moment)


def stamp_time(stamp: str) -> str:
    """When the change behind a stamp was made, by its writer's clock ("" if unknown)."""
    try:
        ms, _counter = stamps.parse_stamp(stamp)
    except ValueError:
        return ""
    if not ms:
        return ""
    return local_time(dt.datetime.fromtimestamp(ms / 1000, dt.UTC))


class _Values:
    """Shows a stored value as the person page would: names for the ids of people and
    list entries, labels for scores, yes or no for ticks. Lookups are cached per dialog."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._people: dict[str, str] = {}
        self._lists: dict[str, dict[str, str]] = {}
        self._scale: AssessmentScale | None = None

    def text(self, conflict: Conflict, value: object) -> str:
        if value is None or value == "":
            return _(BLANK)
        field = conflict.field
        if field in _YES_NO_FIELDS:
            return _("yes") if value else _("no")
        if field in ENUM_LABELS and isinstance(value, str):
            return shown_label(ENUM_LABELS[field], value)
        if isinstance(value, str) and field in _DATE_FIELDS:
            try:
                return formats.short_date(value)
            except ValueError:
                return value
        if isinstance(value, str) and field in _MOMENT_FIELDS:
            return found_at_text(value)
        if field in _SCORE_FIELDS and isinstance(value, int):
            if self._scale is None:
                self._scale = AssessmentScale.load(self.vault)
            return self._scale.text(value)
        table = RECORDS_BY_NAME.get(conflict.table)
        target = dict(table.refs).get(field) if table is not None else None
        if target == "person":
            return self.person(str(value))
        if target in _LIST_TABLES:
            names = self._list(str(target))
            return names.get(str(value), _(_GONE[str(target)]))
        if target is not None:
            # Translators: a record the conflict points to, e.g. "(another one-on-one)".
            return _("(another {record})").format(record=record_words(str(target)))
        return str(value)

    def person(self, person_id: str) -> str:
        if person_id not in self._people:
            try:
                self._people[person_id] = people.get_person(self.vault, person_id).display_name
            except OrganizerError:
                self._people[person_id] = _("(someone no longer in the vault)")
        return self._people[person_id]

    def _list(self, kind: str) -> dict[str, str]:
        if kind not in self._lists:
            entries = campaign.list_entries(self.vault, kind)  # type: ignore[arg-type]
            self._lists[kind] = {entry.id: entry.name for entry in entries}
        return self._lists[kind]


def _bold(label: QLabel) -> QLabel:
    return theme.bold(label)


def _wrapped(text: str, *, quiet: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # values are typed text, never markup
    label.setEnabled(not quiet)  # the palette's disabled text: quiet, theme-aware
    return label


class ConflictCard(QFrame):
    """One conflict: what it is about, both values side by side, a button under each."""

    chosen = Signal(object, bool)  # the card, take_other

    def __init__(self, conflict: Conflict, about: str, values: _Values,
                 parent: QWidget | None = None, *, members: MemberNames | None = None
                 ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setFrameShape(QFrame.Shape.StyledPanel)
        what = field_words(conflict.field)
        if conflict.table != "person":
            # Translators: the kind of record, then which of its fields: "follow-up: due date".
            what = _("{record}: {field}").format(record=record_words(conflict.table),
                                                 field=what)
        # Translators: who or what a conflict is about, then what changed: "Carla · notes".
        self.title_text = _("{about} · {what}").format(about=about, what=what) if about else what
        self.setAccessibleName(_("Conflict: {what}").format(what=self.title_text))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.title = _bold(_wrapped(self.title_text))
        layout.addWidget(self.title)
        found_at = found_at_text(conflict.found_at)
        if members is not None and members.is_unconfirmed(conflict.member):
            # Not quiet: the warning colour is the point. "Ben (not confirmed)'s update"
            # does not read, hence "an update from".
            self.sender_label = _wrapped(
                # Translators: {member} is a committee member's name, {when} a date and time.
                _("Found when an update from {member} arrived, {when}.").format(
                    member=members.text(conflict.member), when=found_at)
            )
            theme.mark_warning(self.sender_label)  # the words say it too
            self.sender_label.setToolTip(not_confirmed_tip(conflict.member))
        else:
            if conflict.member:
                # Translators: {member} is a committee member's name, {when} a date and time.
                found = _("Found when {member}'s update arrived, {when}.").format(
                    member=conflict.member, when=found_at)
            else:
                found = _("Found when an update arrived, {when}.").format(when=found_at)
            self.sender_label = _wrapped(found, quiet=True)
        layout.addWidget(self.sender_label)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.current_text = values.text(conflict, conflict.current)
        self.other_text = values.text(conflict, conflict.other)
        sides = (
            (_("Now (everyone has this)"), self.current_text, conflict.current_stamp,
             _("&Keep this"), False),
            (_("Set aside (the other change)"), self.other_text, conflict.other_stamp,
             _("&Take this instead"), True),
        )
        self.buttons: dict[bool, QPushButton] = {}
        for column, (heading, shown, stamp, button_text, take_other) in enumerate(sides):
            grid.addWidget(_bold(_wrapped(heading)), 0, column)
            value = _wrapped(shown)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setFrameShape(QFrame.Shape.StyledPanel)
            value.setMargin(6)
            value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            # Translators: a side of a conflict, then its value: "Now (everyone has this): 3".
            value.setAccessibleName(_("{side}: {value}").format(side=heading, value=shown))
            grid.addWidget(value, 1, column)
            when = stamp_time(stamp)
            mine = conflict.other_is_mine if take_other else conflict.current_is_mine
            # Whose change it was, when it was made here: the set-aside value may be my own.
            if not when:
                changed = ""
            elif mine:
                changed = _("Changed by you, {when}").format(when=when)
            else:
                changed = _("Changed {when}").format(when=when)
            grid.addWidget(_wrapped(changed, quiet=True), 2, column)
            button = QPushButton(button_text)
            button.setAutoDefault(False)
            button.setAccessibleName(
                # Translators: a button's words, then the conflict: "Keep this: Carla · notes".
                _("{action}: {conflict}").format(action=button_text.replace("&", ""),
                                                 conflict=self.title_text)
            )
            button.clicked.connect(
                lambda _checked=False, take=take_other: self.chosen.emit(self, take))
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            grid.addLayout(row, 3, column)
            self.buttons[take_other] = button
        self.choice_area = QWidget()
        self.choice_area.setLayout(grid)
        layout.addWidget(self.choice_area)
        self.outcome = _wrapped("")
        self.outcome.hide()
        layout.addWidget(self.outcome)

    def show_outcome(self, text: str) -> None:
        """After a choice (or a failed one): say what happened; the buttons go once done."""
        self.outcome.setText(text)
        self.outcome.show()

    def mark_resolved(self, take_other: bool) -> None:
        kept = self.other_text if take_other else self.current_text
        if len(kept) > SHORT:
            kept = kept[:SHORT].rstrip() + "…"
        self.choice_area.hide()
        self.show_outcome(_("✓ Resolved: “{value}” stays. It goes to the committee with your "
                            "next update.").format(value=kept))


class ConflictsDialog(QDialog):
    """Emits `conflict_resolved(conflict_id)` after each choice is saved."""

    conflict_resolved = Signal(str)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        # Translators: the app's name, as a window title: never translated (see the glossary).
        self.setWindowTitle(_("Organizer"))  # never a person's name
        self.setAccessibleName(_("Conflicts to review"))
        self.setObjectName("conflicts-dialog")
        # Tall enough for three conflicts where the screen allows, never taller than it.
        room = self.screen().availableGeometry().height() - 60
        resize_to_fit(self, 780, max(420, min(760, room)))
        self.cards: list[ConflictCard] = []
        self.resolved = 0

        outer = QVBoxLayout(self)
        self.heading = theme.heading(QLabel(_("Conflicts to review")), 1.4)
        outer.addWidget(self.heading)
        # What a conflict is, then what a choice does: read before the first click.
        self.explanation = _wrapped(_(WHAT_HAPPENED))
        outer.addWidget(self.explanation)
        self.travels = _bold(_wrapped(_(TRAVELS)))
        outer.addWidget(self.travels)

        body = QWidget()
        self.list_layout = QVBoxLayout(body)
        self.list_layout.setContentsMargins(0, 4, 0, 4)
        self.list_layout.setSpacing(10)
        self.empty = _wrapped(_(EMPTY), quiet=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        outer.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        """Read the open conflicts again and show one card for each."""
        for card in self.cards:
            self.list_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        try:
            found = conflicts.open_conflicts(self.vault)
        except OrganizerError as error:
            found = []
            self.empty.setText(_("The conflicts could not be read: {error}").format(error=error))
        else:
            self.empty.setText(_(EMPTY))
        values = _Values(self.vault)
        members = MemberNames(self.vault)
        for position, conflict in enumerate(found):
            card = ConflictCard(conflict, self._about(conflict, values), values,
                                members=members)
            card.chosen.connect(self.resolve)
            self.list_layout.insertWidget(position, card)
            self.cards.append(card)
        self._update_heading()

    def _about(self, conflict: Conflict, values: _Values) -> str:
        # A person's code name is what goes on screen; the core's `about` is the real name.
        if conflict.table == "person":
            return values.person(conflict.record_id)
        return conflict.about

    def open_count(self) -> int:
        return sum(1 for card in self.cards if card.choice_area.isVisibleTo(card))

    def _update_heading(self) -> None:
        count = self.open_count()
        # Translators: the heading, with how many conflicts are still open.
        self.heading.setText(_("Conflicts to review ({n})").format(n=formats.number(count))
                             if count else _("Conflicts to review"))
        self.empty.setVisible(not self.cards)
        self.explanation.setVisible(bool(self.cards))
        self.travels.setVisible(bool(self.cards))

    def card_for(self, conflict_id: str) -> ConflictCard | None:
        return next((c for c in self.cards if c.conflict.id == conflict_id), None)

    def resolve(self, card: ConflictCard, take_other: bool) -> bool:
        """Save the choice for one conflict; False (said on the card) when it could not be."""
        try:
            conflicts.resolve(self.vault, card.conflict.id, take_other=take_other)
        except OrganizerError as error:
            card.show_outcome(_("Not saved: {error}").format(error=error))
            return False
        card.mark_resolved(take_other)
        self.resolved += 1
        self._update_heading()
        self.conflict_resolved.emit(card.conflict.id)
        next_card = next((c for c in self.cards if c.choice_area.isVisibleTo(c)), None)
        (next_card.buttons[False] if next_card else self.close_button).setFocus()
        return True
