"""Today: who is due a follow-up, the latest one-on-ones, who no one has talked to lately,
and the campaign's numbers at a glance. The page Maya opens on Monday evening.

On a committee it also says what needs her as a member: once the vault knows which person
is her, her own follow-ups and her own people not talked to lately come first (everyone's
one click away); conflicts to review; and members she has sent nothing to for a week, whose
picture of the campaign is growing old. And printed copies past their destroy-by date that
nobody marked destroyed (Settings › Printed copies), until they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from babel import dates as babel_dates
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats, i18n
from organizer.core import (
    backup,
    campaign,
    conversations,
    follow_ups,
    people,
    plans,
    printed_copies,
)
from organizer.core.committee import conflicts, identity, roster
from organizer.core.conversations import OneOnOneSummary
from organizer.core.errors import OrganizerError
from organizer.core.follow_ups import FollowUp
from organizer.core.people import PeopleCounts, PeopleFilter, PeopleSort, PersonRow
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.backup_dialogs import status_sentence
from organizer.gui.conflicts_dialog import ConflictsDialog
from organizer.gui.one_on_one_dialog import PRIVATE_TEXT, DateEdit, lock_icon
from organizer.gui.printed_copies_ui import overdue_sentence
from organizer.gui.workers import LatestRead
from organizer.i18n import N_, _, ngettext, npgettext

UPCOMING_DAYS = 7  # follow-ups due within a week show under "Coming up"
NOT_CONTACTED_SHOWN = 25
RECENT_SHOWN = 12
NO_FOLLOW_UPS = N_(
    "No follow-ups due this week.\nWhen you log a one-on-one (Ctrl+N), give it a follow-up "
    "date and it will show up here on the day."
)
UNSENT_DAYS = 7  # a member sent nothing for this long is named on the page

FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
ONE_ON_ONE_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class TodayData:
    """Everything the page shows, read in one go (in the background for big campaigns)."""

    today: dt.date
    counts: PeopleCounts
    follow_ups: list[FollowUp]
    recent: list[OneOnOneSummary]
    not_contacted: list[PersonRow]
    not_contacted_total: int
    not_contacted_days: int
    me: str | None = None  # the person who is me, when the vault knows
    conflicts: int = 0
    # Members sent nothing for UNSENT_DAYS or more: (name, days since the last file, or
    # None when they were never sent one).
    unsent: tuple[tuple[str, int | None], ...] = ()
    # With me: the people assigned to me no one has talked to lately (the first
    # NOT_CONTACTED_SHOWN of them) and how many there are in all.
    my_not_contacted: tuple[PersonRow, ...] = ()
    my_not_contacted_total: int = 0
    # Printed copies past their destroy-by date, not marked destroyed.
    overdue_copies: int = 0


def unsent_members(vault: Vault, now: dt.datetime | None = None) -> list[tuple[str, int | None]]:
    """Active members sent nothing for UNSENT_DAYS days or more, by name."""
    now = now or dt.datetime.now(dt.UTC)
    found: list[tuple[str, int | None]] = []
    for member in roster.list_members(vault, include_removed=False):
        if member.last_sent_at is None:
            found.append((member.name, None))
            continue
        try:
            sent = dt.datetime.fromisoformat(member.last_sent_at.replace("Z", "+00:00"))
        except ValueError:
            continue
        days = (now - sent).days
        if days >= UNSENT_DAYS:
            found.append((member.name, days))
    return found


def unsent_sentence(unsent: tuple[tuple[str, int | None], ...]) -> str:
    """"Nothing sent to Ben for 9 days. Nothing sent to Cleo yet." """
    return " ".join(
        _("Nothing sent to {name} yet.").format(name=name) if days is None
        # Translators: {name} is a committee member; {n} how many days since the last update.
        else ngettext("Nothing sent to {name} for {n} day.",
                      "Nothing sent to {name} for {n} days.", days
                      ).format(name=name, n=formats.number(days))
        for name, days in unsent
    )


def read_today(vault: Vault, today: dt.date | None = None) -> TodayData:
    today = today or dt.date.today()
    days = campaign.not_contacted_days(vault)
    not_contacted = PeopleFilter(not_contacted_days=days)
    ids = people.first_people_ids(
        vault, not_contacted, PeopleSort.LAST_CONTACT, limit=NOT_CONTACTED_SHOWN
    )
    me = identity.get_identity(vault)
    me_id = me.person_id if me is not None else None
    my_rows: tuple[PersonRow, ...] = ()
    my_total = 0
    if me_id is not None:
        # A query of its own, not a filter of everyone's first 25: mine could all be further
        # down the list.
        mine = PeopleFilter(not_contacted_days=days, assigned_oc_member_id=me_id)
        my_ids = people.first_people_ids(
            vault, mine, PeopleSort.LAST_CONTACT, limit=NOT_CONTACTED_SHOWN
        )
        my_rows = tuple(people.people_rows(vault, my_ids))
        my_total = people.count_people(vault, mine)
    return TodayData(
        today=today,
        counts=people.people_counts(vault),
        follow_ups=follow_ups.due_follow_ups(vault, today + dt.timedelta(days=UPCOMING_DAYS)),
        recent=conversations.recent_one_on_ones(vault, RECENT_SHOWN),
        not_contacted=people.people_rows(vault, ids),
        not_contacted_total=people.count_people(vault, not_contacted),
        not_contacted_days=days,
        me=me_id,
        # Conflicts and the roster only exist once this vault has joined a committee.
        conflicts=len(conflicts.open_conflicts(vault)) if me is not None else 0,
        unsent=tuple(unsent_members(vault)) if me is not None else (),
        my_not_contacted=my_rows,
        my_not_contacted_total=my_total,
        overdue_copies=len(printed_copies.overdue_copies(vault, today)),
    )


RELATIVE_DAYS = 60  # nearer than this, "3 weeks ago"; further, the date itself


def friendly_date(iso: str | None, today: dt.date) -> str:
    """"today", "yesterday", "in 3 days", "3 weeks ago"; further off, the date ("Jan 5,
    2025") - how people say dates, in the reader's language."""
    if not iso:
        # Translators: a last contact that never happened.
        return _("never")
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    if abs((day - today).days) < RELATIVE_DAYS:
        return formats.relative_date(day, today)
    return formats.short_date(day)


def upper_first(text: str) -> str:
    """`text` with its first letter a capital, the rest as it was ("Jan", not "jan")."""
    return text[:1].upper() + text[1:]


def long_date(day: dt.date) -> str:
    """"Saturday, December 5": the weekday and the day, for the page's title."""
    locale = i18n.locale_name()
    text = babel_dates.format_skeleton(
        "MMMMEEEEd", day, locale="en" if locale == i18n.PSEUDO else locale)
    # Babel's words count as translated (see formats): marked under the pseudo-locale.
    return i18n.pseudo(text) if i18n.language() == i18n.PSEUDO else text


def _heading(text: str) -> QLabel:
    # 1.15 times the system's font size, and still so when it changes.
    return theme.heading(QLabel(text), 1.15)


def _empty_state(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setForegroundRole(label.foregroundRole())
    label.setEnabled(False)  # the palette's disabled text: quiet, theme-aware
    label.setMargin(16)
    return label


class _Count(QFrame):
    """One of the numbers at the top: big figure, small words."""

    def __init__(self, words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.figure = theme.heading(QLabel("–"), 1.8)
        self.words = QLabel(words)
        self.words.setWordWrap(True)  # five of them side by side on a small screen
        layout.addWidget(self.figure)
        layout.addWidget(self.words)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, figure: str, words: str | None = None) -> None:
        self.figure.setText(figure)
        if words is not None:
            self.words.setText(words)
        self.setAccessibleName(f"{figure} {self.words.text()}")


class TodayPage(QWidget):
    person_requested = Signal(str, object)  # person id, one-on-one id or None
    add_person_requested = Signal()
    log_one_on_one_requested = Signal()
    show_people_requested = Signal(object)  # a PeopleFilter for the People page
    data_changed = Signal()
    backup_requested = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._reads = LatestRead(vault, self)
        self._data: TodayData | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        # Nothing is read until the page is first shown (showEvent): the window may open onto
        # another section, and at unlock the people list's read should not queue behind this.
        self._never_read = True
        self._read_when_shown = QTimer(self)
        self._read_when_shown.setSingleShot(True)
        self._read_when_shown.setInterval(0)
        self._read_when_shown.timeout.connect(self._read_if_shown)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        self.title = theme.heading(QLabel(), 1.6)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        # The page's main action, beside its title (not at the foot of one list).
        self.log_button = QPushButton(_("&Log a one-on-one…"))
        self.log_button.setToolTip("Ctrl+N")
        self.log_button.clicked.connect(self.log_one_on_one_requested)
        title_row.addWidget(self.log_button)
        outer.addLayout(title_row)

        backup_row = QHBoxLayout()
        self.backup_status = QLabel()
        self.backup_status.setObjectName("backup-status")
        self.backup_status.setWordWrap(True)
        self.backup_status.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_status.setAccessibleName(_("Backups"))
        backup_row.addWidget(self.backup_status, 1)
        self.backup_button = QPushButton(_("&Back up now…"))
        self.backup_button.setAccessibleName(_("Back up now"))
        self.backup_button.clicked.connect(self.backup_requested)
        backup_row.addWidget(self.backup_button)
        outer.addLayout(backup_row)

        # The committee: hidden until there is something to say.
        conflicts_row = QHBoxLayout()
        self.conflicts_label = QLabel()
        self.conflicts_label.setObjectName("conflicts-to-review")
        self.conflicts_label.setAccessibleName(_("Conflicts to review"))
        theme.bold(self.conflicts_label)
        conflicts_row.addWidget(self.conflicts_label, 1)
        self.conflicts_button = QPushButton(_("Revie&w conflicts…"))
        self.conflicts_button.setToolTip(_(
            "Two members changed the same thing before seeing each other's change: "
            "choose which value stays."
        ))
        self.conflicts_button.clicked.connect(self.review_conflicts)
        conflicts_row.addWidget(self.conflicts_button)
        self.conflicts_row = QWidget()
        self.conflicts_row.setLayout(conflicts_row)
        conflicts_row.setContentsMargins(0, 0, 0, 0)
        self.conflicts_row.hide()
        outer.addWidget(self.conflicts_row)
        self.unsent_label = QLabel()
        self.unsent_label.setObjectName("unsent-members")
        self.unsent_label.setAccessibleName(_("Committee members waiting for an update"))
        self.unsent_label.setWordWrap(True)
        self.unsent_label.setTextFormat(Qt.TextFormat.PlainText)  # members' names as typed
        self.unsent_label.setToolTip(_(
            "They only see your one-on-ones and changes once you send them an update."
        ))
        self.unsent_label.hide()
        outer.addWidget(self.unsent_label)
        # Paper past its destroy-by date: hidden until there is some.
        self.copies_label = QLabel()
        self.copies_label.setObjectName("copies-to-shred")
        self.copies_label.setAccessibleName(_("Printed copies to shred"))
        self.copies_label.setWordWrap(True)
        self.copies_label.setTextFormat(Qt.TextFormat.PlainText)
        theme.bold(self.copies_label)  # a warning stands out, without colour only
        self.copies_label.hide()
        outer.addWidget(self.copies_label)

        counts = QHBoxLayout()
        # The words under the big figures at the top (in their plural until the numbers
        # are in: see _show).
        self.people_count = _Count(ngettext("person", "people", 2))
        self.oc_count = _Count(npgettext("count", "on the OC", "on the OC", 2))
        # Translators: under a percentage at the top of Today: people with an OC member.
        self.coverage_count = _Count(_("coverage (have an OC member)"))
        self.assessed_count = _Count(ngettext("assessed", "assessed", 2))
        self.supporters_count = _Count(ngettext("supporter (1-2)", "supporters (1-2)", 2))
        for widget in (self.people_count, self.oc_count, self.coverage_count,
                       self.assessed_count, self.supporters_count):
            counts.addWidget(widget)
        outer.addLayout(counts)

        # Shown instead of the sections while the campaign has nobody in it yet.
        self.welcome = QWidget()
        welcome_layout = QVBoxLayout(self.welcome)
        welcome_text = QLabel(_(
            "<h2>Welcome to your campaign</h2>"
            "<p>Start by adding the people you work with: your own team first, then the "
            "teams around it. Then log each conversation you have with them as a "
            "one-on-one, and this page will tell you who is due a follow-up.</p>"
        ))
        welcome_text.setWordWrap(True)
        welcome_text.setTextFormat(Qt.TextFormat.RichText)
        welcome_layout.addWidget(welcome_text)
        welcome_buttons = QHBoxLayout()
        add_person = QPushButton(_("&Add a person…"))
        add_person.clicked.connect(self.add_person_requested)
        welcome_buttons.addWidget(add_person)
        welcome_buttons.addStretch(1)
        welcome_layout.addLayout(welcome_buttons)
        welcome_layout.addStretch(1)

        sections = QWidget()
        grid = QGridLayout(sections)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setHorizontalSpacing(16)

        # Follow-ups ----------------------------------------------------------------------
        left = QVBoxLayout()
        heading_row = QHBoxLayout()
        self.follow_ups_heading = _heading(_("Follow-ups"))
        heading_row.addWidget(self.follow_ups_heading, 1)
        # Mine or everyone's: shown once the vault knows which person is me.
        # Translators: show only my follow-ups.
        self.mine_button = QPushButton(_("&Mine"))
        self.mine_button.setToolTip(_("Follow-ups you own"))
        # Translators: show every member's follow-ups.
        self.everyone_button = QPushButton(_("Every&one's"))
        self.everyone_button.setToolTip(_("Every member's follow-ups"))
        self.whose = QButtonGroup(self)
        for button in (self.mine_button, self.everyone_button):
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.hide()
            self.whose.addButton(button)
            heading_row.addWidget(button)
        self.mine_button.setChecked(True)
        self.whose.buttonToggled.connect(self._whose_changed)
        left.addLayout(heading_row)
        self.follow_ups = QTreeWidget()
        self.follow_ups.setAccessibleName(_("Follow-ups due"))
        # Translators: the follow-ups' columns: when due, who with, the task, who does it.
        self.follow_ups.setHeaderLabels([_("Due"), _("Person"), _("What"), _("Owner")])
        self.follow_ups.setRootIsDecorated(False)
        self.follow_ups.setAlternatingRowColors(True)
        self.follow_ups.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.follow_ups.header().setStretchLastSection(False)
        self.follow_ups.setWordWrap(False)
        self.follow_ups.itemActivated.connect(self._open_follow_up_person)
        self.follow_ups.currentItemChanged.connect(self._follow_up_selected)
        self.follow_ups_stack = QStackedWidget()
        self.follow_ups_empty = _empty_state(NO_FOLLOW_UPS)
        self.follow_ups_stack.addWidget(self.follow_ups)
        self.follow_ups_stack.addWidget(self.follow_ups_empty)
        left.addWidget(self.follow_ups_stack, 1)
        actions = QHBoxLayout()
        self.mark_done_button = QPushButton(_("Mark &done"))
        self.mark_done_button.setToolTip(_("Mark the selected follow-up as done (Ctrl+D)"))
        self.mark_done_button.clicked.connect(self.mark_selected_done)
        actions.addWidget(self.mark_done_button)
        actions.addSpacing(12)
        move_label = QLabel(_("Move to:"))
        actions.addWidget(move_label)
        self.reschedule_date = DateEdit()
        self.reschedule_date.setAccessibleName(_("New date for the selected follow-up"))
        move_label.setBuddy(self.reschedule_date)
        actions.addWidget(self.reschedule_date)
        self.reschedule_button = QPushButton(_("&Reschedule"))
        self.reschedule_button.setToolTip(_("Move the selected follow-up to the date (Ctrl+R)"))
        self.reschedule_button.clicked.connect(self.reschedule_selected)
        actions.addWidget(self.reschedule_button)
        actions.addStretch(1)
        left.addLayout(actions)
        # Keys for the list's two everyday actions, anywhere on this page.
        for keys, slot, what in (("Ctrl+D", self.mark_selected_done, _("Mark follow-up done")),
                                 ("Ctrl+R", self.reschedule_selected,
                                  _("Reschedule follow-up"))):
            shortcut = QShortcut(QKeySequence(keys), self, slot,
                                 context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis(what)
        # Overdue steps of action plans (ticked off on the Plans page); hidden when none.
        self.overdue_steps_heading = _heading(_("Overdue plan steps"))
        self.overdue_steps = QTreeWidget()
        self.overdue_steps.setAccessibleName(_("Overdue plan steps"))
        self.overdue_steps.setHeaderLabels([_("Due"), _("Step"), _("Plan"), _("Owner")])
        self.overdue_steps.setRootIsDecorated(False)
        self.overdue_steps.setMaximumHeight(140)
        self.overdue_steps.setToolTip(_("Tick a step off on the Plans page when it is done."))
        left.addWidget(self.overdue_steps_heading)
        left.addWidget(self.overdue_steps)
        grid.addLayout(left, 0, 0, 2, 1)

        # Recent one-on-ones --------------------------------------------------------------
        right_top = QVBoxLayout()
        right_top.addWidget(_heading(_("Recent one-on-ones")))
        self.recent = QTreeWidget()
        self.recent.setAccessibleName(_("Recent one-on-ones"))
        # Translators: the recent one-on-ones' columns: when, with whom, by which organizer.
        self.recent.setHeaderLabels([_("When"), _("With"), _("By"), _("What was said")])
        self.recent.setRootIsDecorated(False)
        self.recent.header().setStretchLastSection(True)
        self.recent.itemActivated.connect(self._open_recent)
        self.recent_stack = QStackedWidget()
        self.recent_stack.addWidget(self.recent)
        self.recent_stack.addWidget(_empty_state(_(
            "No one-on-ones logged yet.\nPress Ctrl+N after a conversation to log it: "
            "it takes a minute."
        )))
        right_top.addWidget(self.recent_stack, 1)
        grid.addLayout(right_top, 0, 1)

        # Not contacted -------------------------------------------------------------------
        right_bottom = QVBoxLayout()
        row = QHBoxLayout()
        self.not_contacted_heading = _heading(_("No one has talked to them lately"))
        row.addWidget(self.not_contacted_heading, 1)
        # My people or everyone's, as for the follow-ups: shown once the vault knows me.
        # Other mnemonics than the follow-ups' Mine and Everyone's, and accessible names of
        # their own (set with the counts), so the two pairs are told apart.
        # Translators: show only my people (a second "Mine" button, another accelerator).
        self.my_people_button = QPushButton(_("M&ine"))
        self.my_people_button.setToolTip(_("People you are the assigned OC member of"))
        self.everyones_people_button = QPushButton(_("Ever&yone's"))
        self.everyones_people_button.setToolTip(_("Everyone no one has talked to lately"))
        self.whose_people = QButtonGroup(self)
        for button in (self.my_people_button, self.everyones_people_button):
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.hide()
            self.whose_people.addButton(button)
            row.addWidget(button)
        self.my_people_button.setChecked(True)
        self.whose_people.buttonToggled.connect(self._whose_people_changed)
        right_bottom.addLayout(row)
        self.not_contacted = QTreeWidget()
        self.not_contacted.setAccessibleName(_("People no one has talked to lately"))
        self.not_contacted.setHeaderLabels(
            [_("Person"), _("Department"), _("Last contact"), _("OC member")])
        self.not_contacted.setRootIsDecorated(False)
        self.not_contacted.itemActivated.connect(self._open_not_contacted)
        self.not_contacted_stack = QStackedWidget()
        self.not_contacted_stack.addWidget(self.not_contacted)
        self.not_contacted_empty = _empty_state(_("Everyone has been talked to recently."))
        self.not_contacted_stack.addWidget(self.not_contacted_empty)
        right_bottom.addWidget(self.not_contacted_stack, 1)
        show_all_row = QHBoxLayout()
        show_all_row.addStretch(1)
        self.show_all_button = QPushButton(_("Show &all in People"))
        self.show_all_button.clicked.connect(self._show_all_not_contacted)
        show_all_row.addWidget(self.show_all_button)
        right_bottom.addLayout(show_all_row)
        grid.addLayout(right_bottom, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        self.body = QStackedWidget()
        self.body.addWidget(sections)
        self.body.addWidget(self.welcome)
        outer.addWidget(self.body, 1)
        self._follow_up_selected()

    # ----- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        self._never_read = False
        self._read_when_shown.stop()
        self._reads.request(read_today, self._show)
        self.refresh_backup_status()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._never_read:
            return  # the window refreshes it after changes (MainWindow._data_changed)
        # The read runs in the thread pool anyway, so wait one turn of the event loop: a
        # window shown and switched straight to another section (People) then never starts
        # this read at all.
        self._read_when_shown.start()

    def _read_if_shown(self) -> None:
        if self._never_read and self.isVisible():
            self.refresh()

    def refresh_backup_status(self) -> None:
        """"Last backup: today at 14:05, verified." or why a backup is needed."""
        try:
            demo = campaign.is_demo(self.vault)
            status = backup.backup_status(self.vault)
        except OrganizerError:
            return
        # The demo is thrown away on quit: no nag to back it up.
        for widget in (self.backup_status, self.backup_button):
            widget.setVisible(not demo)
        self.backup_status.setText(status_sentence(status))
        # A warning stands out, without colour only.
        theme.bold(self.backup_status, status.warning is not None)

    @property
    def data(self) -> TodayData | None:
        return self._data

    def _show(self, data: TodayData) -> None:
        self._data = data
        today = data.today
        # Translators: the page's title; {date} is the weekday and day ("Saturday, December 5").
        self.title.setText(_("Today, {date}").format(date=long_date(today)))
        counts = data.counts
        # Translators: the words under the big figures (the figure is shown above them).
        self.people_count.set_value(formats.number(counts.people),
                                    ngettext("person", "people", counts.people))
        self.oc_count.set_value(formats.number(counts.oc_members),
                                npgettext("count", "on the OC", "on the OC", counts.oc_members))
        self.coverage_count.set_value(formats.percent(counts.coverage))
        self.assessed_count.set_value(formats.number(counts.assessed),
                                      ngettext("assessed", "assessed", counts.assessed))
        self.supporters_count.set_value(
            formats.number(counts.supporters),
            ngettext("supporter (1-2)", "supporters (1-2)", counts.supporters))
        self._show_overdue_steps(today)
        self._show_committee(data)
        self.body.setCurrentIndex(1 if counts.people == 0 else 0)
        self._show_follow_ups(data)
        self._show_recent(data)
        self._show_not_contacted(data)

    def showing_mine(self) -> bool:
        """Are only my follow-ups shown (the vault knows me and "Mine" is chosen)?"""
        return bool(self._data and self._data.me) and self.mine_button.isChecked()

    def _whose_changed(self, _button: object, checked: bool) -> None:
        if checked and self._data is not None:
            self._show_follow_ups(self._data)

    def _show_follow_ups(self, data: TodayData) -> None:
        selected = self.selected_follow_up()
        keep = selected.id if selected else None
        tree = self.follow_ups
        tree.clear()
        mine = [f for f in data.follow_ups if data.me and f.owner_id == data.me]
        for button in (self.mine_button, self.everyone_button):
            button.setVisible(data.me is not None)
        # Translators: {n} is how many follow-ups.
        self.mine_button.setText(_("&Mine ({n})").format(n=formats.number(len(mine))))
        self.everyone_button.setText(
            _("Every&one's ({n})").format(n=formats.number(len(data.follow_ups))))
        shown = mine if self.showing_mine() else data.follow_ups
        today_iso = data.today.isoformat()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        bold = QFont()  # only the weight: the size stays the system's
        bold.setBold(True)
        overdue = 0
        for follow_up in shown:
            is_overdue = follow_up.due_on < today_iso
            if is_overdue:
                days = (data.today - dt.date.fromisoformat(follow_up.due_on)).days
                when = ngettext("Overdue {n} day", "Overdue {n} days", days).format(
                    n=formats.number(days))
                overdue += 1
            elif follow_up.due_on == today_iso:
                when = _("Due today")
            else:
                when = upper_first(friendly_date(follow_up.due_on, data.today))
            item = QTreeWidgetItem([
                when, follow_up.person, follow_up.description or _("(no description)"),
                follow_up.owner,
            ])
            item.setData(0, FOLLOW_UP_ROLE, follow_up)
            due_on = formats.short_date(follow_up.due_on)
            item.setToolTip(0, _("Due {date}").format(date=due_on))
            if is_overdue:
                item.setIcon(0, warning)
                item.setFont(0, bold)
                item.setData(
                    0, Qt.ItemDataRole.AccessibleTextRole,
                    # Translators: {when} is "Overdue 3 days"; {date} the date it was due.
                    _("{when}, due {date}").format(when=when, date=due_on),
                )
            tree.addTopLevelItem(item)
            if follow_up.id == keep:
                tree.setCurrentItem(item)
        # "What" is the task: it gets the width; names are cut short first (tooltips and
        # the person's page have them whole).
        for column, widest in ((0, 170), (1, 120), (3, 90)):
            tree.resizeColumnToContents(column)
            tree.setColumnWidth(column, min(widest, tree.columnWidth(column)))
        due = sum(1 for f in shown if f.due_on <= today_iso)
        if data.me is None:
            heading = _("Follow-ups")
        else:
            heading = _("My follow-ups") if self.showing_mine() else _("Everyone's follow-ups")
        if shown:
            # Translators: follow-ups counted in the heading: "1 overdue, 2 due today, …".
            parts = [ngettext("{n} overdue", "{n} overdue", overdue).format(
                n=formats.number(overdue))] if overdue else []
            parts.append(ngettext("{n} due today", "{n} due today", due - overdue).format(
                n=formats.number(due - overdue)))
            parts.append(ngettext("{n} coming up this week", "{n} coming up this week",
                                  len(shown) - due).format(n=formats.number(len(shown) - due)))
            # Translators: a heading, then its counts ("1 overdue, 2 due today, …").
            heading = _("{heading}  ({counts})").format(
                heading=heading, counts=", ".join(parts))
        self.follow_ups_heading.setText(heading)
        if self.showing_mine() and data.follow_ups:
            others = len(data.follow_ups)
            self.follow_ups_empty.setText(ngettext(
                "None of your follow-ups are due this week.\n"
                "Other members have {n}: see Everyone's.",
                "None of your follow-ups are due this week.\n"
                "Other members have {n}: see Everyone's.", others,
            ).format(n=formats.number(others)))
        else:
            self.follow_ups_empty.setText(_(NO_FOLLOW_UPS))
        self.follow_ups_stack.setCurrentIndex(0 if shown else 1)
        first = tree.topLevelItem(0)
        if tree.currentItem() is None and first is not None:
            tree.setCurrentItem(first)
        self._follow_up_selected()

    def _show_committee(self, data: TodayData) -> None:
        count = data.conflicts
        self.conflicts_label.setText(
            ngettext("{n} conflict to review", "{n} conflicts to review", count).format(
                n=formats.number(count))
        )
        self.conflicts_row.setVisible(count > 0)
        self.unsent_label.setText(unsent_sentence(data.unsent))
        self.unsent_label.setVisible(bool(data.unsent))
        self.copies_label.setText(overdue_sentence(data.overdue_copies)
                                  if data.overdue_copies else "")
        self.copies_label.setVisible(data.overdue_copies > 0)

    def review_conflicts(self) -> ConflictsDialog:
        """Open the conflicts to review (window-modal, like the one-on-one dialog)."""
        if self.conflicts_dialog is not None and self.conflicts_dialog.isVisible():
            self.conflicts_dialog.raise_()
            return self.conflicts_dialog
        dialog = ConflictsDialog(self.vault, self)
        dialog.finished.connect(self._conflicts_closed)
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog

    def _conflicts_closed(self) -> None:
        dialog, self.conflicts_dialog = self.conflicts_dialog, None
        if dialog is None:
            return
        if dialog.resolved:
            self.refresh()
            self.data_changed.emit()  # the values chosen show on the other pages too
        dialog.deleteLater()

    def _show_recent(self, data: TodayData) -> None:
        self.recent.clear()
        for summary in data.recent:
            item = QTreeWidgetItem([
                friendly_date(summary.held_on, data.today), summary.person, summary.oc_member,
                summary.summary,
            ])
            item.setToolTip(0, formats.short_date(summary.held_on))
            item.setToolTip(3, summary.summary)
            item.setData(0, PERSON_ROLE, summary.person_id)
            item.setData(0, ONE_ON_ONE_ROLE, summary.id)
            if summary.is_private:
                # The word as well as the icon, as on the person's page.
                item.setIcon(0, lock_icon())
                # Translators: {when} is "3 days ago": a one-on-one kept private.
                item.setText(0, _("{when} · private").format(when=item.text(0)))
                item.setToolTip(0, _("{date}. {private}").format(
                    date=formats.short_date(summary.held_on), private=_(PRIVATE_TEXT)))
            self.recent.addTopLevelItem(item)
        for column, widest in ((0, 90), (1, 150), (2, 120)):
            self.recent.resizeColumnToContents(column)
            self.recent.setColumnWidth(column, min(widest, self.recent.columnWidth(column)))
        self.recent_stack.setCurrentIndex(0 if data.recent else 1)

    def showing_my_people(self) -> bool:
        """Are only my people shown as not talked to (the vault knows me, "Mine" chosen)?"""
        return bool(self._data and self._data.me) and self.my_people_button.isChecked()

    def _whose_people_changed(self, _button: object, checked: bool) -> None:
        if checked and self._data is not None:
            self._show_not_contacted(self._data)

    def _show_not_contacted(self, data: TodayData) -> None:
        self.not_contacted.clear()
        for button in (self.my_people_button, self.everyones_people_button):
            button.setVisible(data.me is not None)
        mine_total, everyone_total = data.my_not_contacted_total, data.not_contacted_total
        mine_n, everyone_n = formats.number(mine_total), formats.number(everyone_total)
        # Translators: {n} is how many people.
        self.my_people_button.setText(_("M&ine ({n})").format(n=mine_n))
        self.my_people_button.setAccessibleName(
            _("My people not talked to lately ({n})").format(n=mine_n)
        )
        self.everyones_people_button.setText(_("Ever&yone's ({n})").format(n=everyone_n))
        self.everyones_people_button.setAccessibleName(
            _("Everyone not talked to lately ({n})").format(n=everyone_n)
        )
        mine = self.showing_my_people()
        shown = data.my_not_contacted if mine else data.not_contacted
        for row in shown:
            item = QTreeWidgetItem([
                row.display_name, row.department,
                friendly_date(row.last_contact_on, data.today), row.oc_member or _("none yet"),
            ])
            item.setData(0, PERSON_ROLE, row.id)
            self.not_contacted.addTopLevelItem(item)
        tree = self.not_contacted
        for column, widest in ((0, 170), (1, 130), (2, 110)):
            tree.resizeColumnToContents(column)
            tree.setColumnWidth(column, min(widest, tree.columnWidth(column)))
        days = data.not_contacted_days
        total = mine_total if mine else everyone_total
        days_n = formats.number(days)
        if mine:
            heading = ngettext("My people not talked to in {days} day",
                               "My people not talked to in {days} days", days).format(days=days_n)
        else:
            heading = ngettext("Not talked to in {days} day",
                               "Not talked to in {days} days", days).format(days=days_n)
        if total:
            # Translators: a heading, then how many people it lists in all.
            heading = _("{heading} ({n})").format(heading=heading, n=formats.number(total))
        self.not_contacted_heading.setText(heading)
        if mine and everyone_total:
            # None of mine is in everyone's count here: all of them are other members'.
            self.not_contacted_empty.setText("\n".join((
                ngettext("None of your people have gone {days} day without a talk.",
                         "None of your people have gone {days} days without a talk.",
                         days).format(days=days_n),
                ngettext("{n} other person has: see Everyone's.",
                         "{n} other people have: see Everyone's.",
                         everyone_total).format(n=everyone_n),
            )))
        else:
            self.not_contacted_empty.setText(
                ngettext("Everyone has been talked to in the last {days} day.",
                         "Everyone has been talked to in the last {days} days.",
                         days).format(days=days_n)
            )
        self.show_all_button.setVisible(total > len(shown))
        self.not_contacted_stack.setCurrentIndex(0 if shown else 1)

    # ----- follow-up actions --------------------------------------------------------------

    def _show_overdue_steps(self, today: dt.date) -> None:
        steps = plans.overdue_steps(self.vault, today)
        self.overdue_steps.clear()
        for step in steps:
            self.overdue_steps.addTopLevelItem(QTreeWidgetItem([
                # Translators: a step's due date, then how many days late it is ("d": days).
                ngettext("{date} ({n} d late)", "{date} ({n} d late)", step.days_overdue
                         ).format(date=formats.short_date(step.due_on),
                                  n=formats.number(step.days_overdue)),
                step.description, step.plan_title, step.owner or "—",
            ]))
        self.overdue_steps_heading.setText(
            _("Overdue plan steps ({n})").format(n=formats.number(len(steps))))

        self.overdue_steps_heading.setVisible(bool(steps))
        self.overdue_steps.setVisible(bool(steps))

    def selected_follow_up(self) -> FollowUp | None:
        item = self.follow_ups.currentItem()
        if item is None:
            return None
        value = item.data(0, FOLLOW_UP_ROLE)
        return value if isinstance(value, FollowUp) else None

    def _follow_up_selected(self) -> None:
        follow_up = self.selected_follow_up()
        for widget in (self.mark_done_button, self.reschedule_button, self.reschedule_date):
            widget.setEnabled(follow_up is not None)
        if follow_up is not None:
            today = QDate.currentDate()
            due = QDate.fromString(follow_up.due_on, "yyyy-MM-dd")
            self.reschedule_date.setDate(max(today.addDays(UPCOMING_DAYS), due.addDays(1)))

    def mark_selected_done(self) -> None:
        follow_up = self.selected_follow_up()
        if follow_up is None:
            return
        self._write(lambda: follow_ups.mark_done(self.vault, follow_up.id))

    def reschedule_selected(self) -> None:
        follow_up = self.selected_follow_up()
        if follow_up is None:
            return
        due = self.reschedule_date.date().toString("yyyy-MM-dd")
        self._write(lambda: follow_ups.reschedule(self.vault, follow_up.id, due))

    def _write(self, change: Callable[[], None]) -> None:
        try:
            change()
        except OrganizerError as error:
            messages.warn_error(self, error)
            return
        self.refresh()
        self.data_changed.emit()

    # ----- opening people -----------------------------------------------------------------

    def _open_follow_up_person(self, item: QTreeWidgetItem) -> None:
        value = item.data(0, FOLLOW_UP_ROLE)
        if isinstance(value, FollowUp):
            self.person_requested.emit(value.person_id, None)

    def _open_recent(self, item: QTreeWidgetItem) -> None:
        self.person_requested.emit(item.data(0, PERSON_ROLE), item.data(0, ONE_ON_ONE_ROLE))

    def _open_not_contacted(self, item: QTreeWidgetItem) -> None:
        self.person_requested.emit(item.data(0, PERSON_ROLE), None)

    def _show_all_not_contacted(self) -> None:
        days = self._data.not_contacted_days if self._data else 30
        mine = self._data.me if self._data and self.showing_my_people() else None
        self.show_people_requested.emit(
            PeopleFilter(not_contacted_days=days, assigned_oc_member_id=mine)
        )
