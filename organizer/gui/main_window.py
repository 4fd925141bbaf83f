"""The main window of an unlocked vault: navigation, global search, pages, menus.

The window is built for one open vault and thrown away on lock, so no person's data can
outlive the key in a widget or model. Before it goes (hidden on lock, closed on quit) it keeps
whatever was typed and not saved as drafts inside the vault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMetaMethod, QMimeData, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHideEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, people
from organizer.core.committee.send import SUFFIX as UPDATE_SUFFIX
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleCounts, PeopleFilter
from organizer.core.search import SearchHit
from organizer.core.vault import Vault
from organizer.gui import committee_exchange, messages, panic_key_setting, theme, wheel_guard
from organizer.gui.about_dialog import show_about
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.clipboard import SecureClipboard
from organizer.gui.committee_exchange import FolderStatusLabel, FolderSync
from organizer.gui.help_dialogs import GENERAL_GROUP, add_help_actions
from organizer.gui.one_on_one_dialog import OneOnOneDialog
from organizer.gui.people_model import CampaignChoices
from organizer.gui.people_page import PeoplePage
from organizer.gui.person_page import PersonPage
from organizer.gui.screen_fit import fitting_size, remember_size, remembered_size, room_for
from organizer.gui.search_box import GlobalSearchBox
from organizer.gui.today_page import TodayPage
from organizer.gui.workers import LatestRead, VaultWrite
from organizer.i18n import N_, _, ngettext
from organizer.words import count

# Translators: the app's name, the main window's title. Keep it as it is.
WINDOW_TITLE = N_("Organizer")  # never the campaign's name: other apps can read window titles

SECTIONS = (N_("Today"), N_("People"), N_("Chart"), N_("Plans"), N_("Call lists"))
# The View menu's items, with their accelerators (the navigation list shows SECTIONS).
SECTION_ACTIONS = (N_("&Today"), N_("&People"), N_("&Chart"), N_("&Plans"),
                   N_("&Call lists"))
TODAY, PEOPLE, CHART, PLANS, CALL_LISTS, PERSON = range(6)



def describe_counts(counts: PeopleCounts) -> str:
    """The status bar's numbers: "12 people · 3 on the OC · coverage 50% · …"."""
    parts = [
        count(counts.people, "person", "people"),
        # Translators: how many people are members of the organizing committee (OC).
        ngettext("{n} on the OC", "{n} on the OC", counts.oc_members).format(
            n=formats.number(counts.oc_members)),
        # Translators: {share} is a percentage ("50%"): people with an assigned OC member.
        _("coverage {share}").format(share=formats.percent(counts.coverage)),
        # Translators: how many people have had their support assessed.
        ngettext("{n} assessed", "{n} assessed", counts.assessed).format(
            n=formats.number(counts.assessed)),
        count(counts.supporters, "supporter", "supporters"),
    ]
    return " · ".join(parts)


@dataclass(frozen=True)
class Place:
    """Where the organizer was when the window went (a lock): the section, the person whose
    page was open, and whether a one-on-one was being logged and for whom. Ids only, kept
    in memory; what was typed is in the vault as drafts."""

    section: int
    person_id: str | None = None
    logging_one_on_one: bool = False
    one_on_one_person_id: str | None = None


# The size the window opens at when the screen has room for it.
PREFERRED_SIZE = QSize(1200, 780)
# The share of a big screen the window takes the first time (a 1920×1080 screen: the wall
# chart's grid gets the width), before it remembers the size the organizer gives it.
FIRST_SHARE = 0.85


def first_size(window: QWidget) -> QSize:
    """The first size on this computer: most of a big screen, PREFERRED_SIZE on a laptop."""
    room = room_for(window)
    if room is None:
        return PREFERRED_SIZE
    return PREFERRED_SIZE.expandedTo(QSize(int(room.width() * FIRST_SHARE),
                                           int(room.height() * FIRST_SHARE)))


class PageArea(QScrollArea):
    """A frameless scroll area that gives its page all the room there is, and scrolls only
    when the room is less than the page's minimum size.

    Not QScrollArea's widgetResizable: for a page with word-wrapped text (height for width)
    that keeps the page at its preferred height, so pages scrolled on a laptop screen
    although they fit it."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(page)
        # A page's minimum size changes with its content: fit again once it has settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        page.installEventFilter(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._refit.start()
        return False

    def _fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        room = self.maximumViewportSize()  # the viewport without scroll bars
        width = max(room.width(), least.width())
        height = max(room.height(), least.height())
        # A scroll bar in one direction takes room from the other.
        if width > room.width():
            height = max(room.height() - self.horizontalScrollBar().sizeHint().height(),
                         least.height())
        if height > room.height():
            width = max(room.width() - self.verticalScrollBar().sizeHint().width(),
                        least.width())
        page.resize(width, height)


def scrolling(page: QWidget) -> QScrollArea:
    """`page` in a scroll area that gives it all the room there is (see PageArea)."""
    return PageArea(page)


class MainWindow(QMainWindow):
    """Signals ask the app controller (organizer.gui.app) to act; it owns the vault's life."""

    lock_requested = Signal()
    settings_requested = Signal()
    close_vault_requested = Signal()
    about_requested = Signal()
    backup_requested = Signal()  # "Back up now…": the controller shows the dialog

    def __init__(self, vault: Vault, *, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault = vault
        self.demo = demo
        # The app sets its SecureClipboard here after construction; see copy_secret().
        self.clipboard: SecureClipboard | None = None
        self.one_on_one_dialog: OneOnOneDialog | None = None
        self.setWindowTitle(_(WINDOW_TITLE))

        self.setObjectName("main-window")
        self.scale = AssessmentScale.load(vault)
        self._stale: set[int] = set()
        self._status_reads = LatestRead(vault, self)
        self.choices = CampaignChoices(vault)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if demo:
            banner = QLabel(_(
                "Demo campaign: every person here is made up. Nothing you type is kept "
                "after you close Organizer."
            ))
            banner.setObjectName("demo-banner")
            banner.setWordWrap(True)
            # The palette's tooltip colours: set apart from the window in any theme, light,
            # dark or high-contrast, and always readable on each other.
            banner.setAutoFillBackground(True)
            banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
            banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
            banner.setMargin(6)
            banner.setAccessibleName(_("This is a demo campaign"))
            outer.addWidget(banner)

        top = QHBoxLayout()
        top.setContentsMargins(12, 8, 12, 4)
        self.campaign_heading = QLabel(campaign.campaign_name(vault))
        theme.bold(self.campaign_heading)
        self.campaign_heading.setAccessibleName(_("Campaign"))
        top.addWidget(self.campaign_heading)
        top.addStretch(1)
        self.search_box = GlobalSearchBox(vault, central)
        self.search_box.setMinimumWidth(360)
        self.search_box.hit_chosen.connect(self.open_search_hit)
        top.addWidget(self.search_box)
        outer.addLayout(top)

        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 4)
        self.navigation = QListWidget(self)
        self.navigation.setAccessibleName(_("Sections"))
        theme.heading(self.navigation, 1.1, bold=None)
        row_height = self.navigation.fontMetrics().height() + 14
        for index, section in enumerate(SECTIONS):
            name = _(section)
            self.navigation.addItem(name)
            item = self.navigation.item(index)
            # Translators: a section's tooltip: its name, then its keyboard shortcut.
            item.setToolTip(_("{section} ({shortcut})").format(
                section=name, shortcut=f"Ctrl+{index + 1}"))
            item.setSizeHint(QSize(0, row_height))
        self.navigation.setMaximumWidth(150)
        self.navigation.setMinimumWidth(120)

        # The People page first: it starts its list's read (in the thread pool), which then
        # runs while the rest of the window is built.
        self.people_page = PeoplePage(vault, self.scale, choices=self.choices)
        self.today_page = TodayPage(vault)
        self.person_page = PersonPage(
            vault, self.scale, copy_text=self.copy_secret, choices=self.choices
        )
        # Each page sits in a scroll area: a page taller or wider than a small screen
        # scrolls instead of growing the window past the screen.
        self.pages = QStackedWidget(self)
        self.pages.addWidget(scrolling(self.today_page))
        self.pages.addWidget(scrolling(self.people_page))
        # Chart, Plans and Call lists are built when first shown or asked for (see
        # _campaign_page): the window opens on Today or People, and building them at unlock
        # only delays the people list. Until then an empty widget holds each one's place.
        self._campaign_pages: dict[int, QWidget] = {}
        # Pairs the organizer said are not the same person (Find duplicates), this session.
        self.dismissed_duplicates: set[frozenset[str]] = set()
        for _section in (CHART, PLANS, CALL_LISTS):
            self.pages.addWidget(QWidget())
        self.pages.addWidget(scrolling(self.person_page))
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        outer.addLayout(row, 1)
        self.setCentralWidget(central)

        self.counts_label = QLabel()
        self.counts_label.setAccessibleName(_("Campaign numbers"))
        self.statusBar().addWidget(self.counts_label)
        # The shared folder's last exchange, or its problem: a line, never a dialog. It takes
        # the room left (stretch) and elides what does not fit.
        self.folder_status = FolderStatusLabel()
        self.folder_status.setVisible(False)
        self.statusBar().addPermanentWidget(self.folder_status, 1)
        self.campaign_label = QLabel(campaign.campaign_name(vault))
        self.statusBar().addPermanentWidget(self.campaign_label)
        # Built here, started by the app controller once the window is shown (tests that
        # build a window alone get no background passes).
        self.folder_sync = FolderSync(vault, self)
        self.folder_sync.status_changed.connect(self._show_folder_status)
        self.folder_sync.data_changed.connect(self._updates_merged)
        # Update files dropped anywhere on the window are received (see dropEvent).
        self.setAcceptDrops(True)

        wheel_guard.install()
        self._connect_pages()
        self._build_menus()
        self.navigation.currentRowChanged.connect(self._navigated)
        # From a person's page, clicking the (already selected) People row goes back to it.
        self.navigation.itemClicked.connect(
            lambda item: self._navigated(self.navigation.row(item))
        )
        # The People page started its read above; Today reads itself when first shown
        # (TodayPage.showEvent), Call lists each time it is shown.
        self._refresh_counts_after_people()
        self.navigation.setCurrentRow(TODAY)
        self.resize(fitting_size(self, remembered_size() or first_size(self)))

    def current_page(self) -> QWidget:
        """The page shown (inside its scroll area)."""
        area = self.pages.currentWidget()
        page = area.widget() if isinstance(area, QScrollArea) else area
        assert page is not None
        return page

    # ----- wiring -------------------------------------------------------------------------

    def _connect_pages(self) -> None:
        today, people_page, person = self.today_page, self.people_page, self.person_page
        today.person_requested.connect(self.show_person)
        today.add_person_requested.connect(self.new_person)
        today.log_one_on_one_requested.connect(self.new_one_on_one)
        today.show_people_requested.connect(self.show_people_filtered)
        today.backup_requested.connect(self.backup_requested)
        today.data_changed.connect(lambda: self._data_changed(TODAY))
        people_page.person_activated.connect(self.show_person)
        people_page.add_person_requested.connect(self.new_person)
        people_page.data_changed.connect(lambda: self._data_changed(PEOPLE))
        people_page.call_list_requested.connect(self.show_call_list_for)
        person.person_requested.connect(self.show_person)
        person.log_one_on_one_requested.connect(self.new_one_on_one)
        person.back_requested.connect(lambda: self.show_section(PEOPLE))
        person.person_saved.connect(self._person_saved)
        person.person_deleted.connect(self._person_deleted)
        person.data_changed.connect(lambda: self._data_changed(PERSON))

    def _action(
        self, text: str, slot: object, shortcuts: tuple[str | QKeySequence, ...] = (),
        role: QAction.MenuRole | None = None,
    ) -> QAction:
        action = QAction(text, self)
        keys = [QKeySequence(k) if isinstance(k, str) else k for k in shortcuts]
        keys = [k for k in keys if not k.isEmpty()]
        if keys:
            action.setShortcuts(keys)
        if role is not None:
            action.setMenuRole(role)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    @property
    def chart_page(self) -> QWidget:
        return self._campaign_page(CHART)

    @property
    def plans_page(self) -> QWidget:
        return self._campaign_page(PLANS)

    @property
    def call_lists_page(self) -> QWidget:
        return self._campaign_page(CALL_LISTS)

    def show_call_list_for(self, people_filter: object) -> None:
        """People's "Make a call list": the Call lists page, preset to those people."""
        if isinstance(people_filter, PeopleFilter):
            self.show_section(CALL_LISTS)
            page = self.call_lists_page
            if isinstance(page, CallListsPage):
                page.start_list_for(people_filter)

    def _campaign_page(self, index: int) -> QWidget:
        """The Chart, Plans or Call lists page, built the first time it is needed."""
        page = self._campaign_pages.get(index)
        if page is None:
            build = {CHART: self._chart_page, PLANS: self._plans_page,
                     CALL_LISTS: self._call_lists_page}[index]
            page = self._campaign_pages[index] = build()
            placeholder = self.pages.widget(index)
            self.pages.insertWidget(index, scrolling(page))
            if placeholder is not None:
                self.pages.removeWidget(placeholder)
                placeholder.deleteLater()
        return page

    # Each campaign page is built by its own method, so each can grow on its own.
    def _chart_page(self) -> QWidget:
        from organizer.gui.chart_page import ChartPage

        page = ChartPage(self.vault, self.scale)  # re-reads each time it is shown
        page.person_requested.connect(self.show_person)
        return page

    def _plans_page(self) -> QWidget:
        from organizer.gui.plans_page import PlansPage

        page = PlansPage(self.vault, self.scale, choices=self.choices)
        page.person_requested.connect(self.show_person)
        page.data_changed.connect(lambda: self._data_changed(PLANS))
        return page

    def _call_lists_page(self) -> QWidget:
        page = CallListsPage(self.vault, self.scale, choices=self.choices)
        page.person_requested.connect(self.show_person)
        page.data_changed.connect(lambda: self._data_changed(CALL_LISTS))
        return page

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.new_one_on_one_action = self._action(
            _("&New one-on-one…"), self.new_one_on_one, ("Ctrl+N",)
        )
        file_menu.addAction(self.new_one_on_one_action)
        self.new_person_action = self._action(
            _("New &person…"), self.new_person, ("Ctrl+Shift+N",))
        file_menu.addAction(self.new_person_action)
        from organizer.gui import duplicates_dialog, export_dialog, import_dialog, import_history

        self.import_action = self._action(_("&Import people…"), lambda: import_dialog.run(self))
        file_menu.addAction(self.import_action)
        self.import_history_action = self._action(
            _("Import &history…"), lambda: import_history.run(self))
        file_menu.addAction(self.import_history_action)
        self.export_action = self._action(_("E&xport people…"), lambda: export_dialog.run(self))
        file_menu.addAction(self.export_action)
        self.find_duplicates_action = self._action(
            _("Find &duplicates…"), lambda: duplicates_dialog.run(self))
        file_menu.addAction(self.find_duplicates_action)
        file_menu.addSeparator()
        self.send_updates_action = self._action(_("&Send updates…"), self.send_updates)
        file_menu.addAction(self.send_updates_action)
        self.receive_updates_action = self._action(_("&Receive updates…"), self.receive_updates)
        file_menu.addAction(self.receive_updates_action)
        self.exchange_now_action = self._action(
            _("Exchange with shared folder &now"), self.exchange_with_folder_now)
        file_menu.addAction(self.exchange_now_action)
        file_menu.addSeparator()
        self.backup_action = self._action(_("&Back up now…"), self.backup_requested.emit)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        # Translators: File › Lock (a verb: lock the vault now).
        self.lock_action = self._action(_("&Lock"), self.lock_requested.emit, ("Ctrl+L",))
        file_menu.addAction(self.lock_action)
        self.close_action = self._action(_("&Close vault"), self.close_vault_requested.emit)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        self.settings_action = self._action(
            _("&Settings…"), self.settings_requested.emit,
            (QKeySequence(QKeySequence.StandardKey.Preferences), "Ctrl+,"),
            QAction.MenuRole.PreferencesRole,
        )
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = self._action(
            _("&Quit"), self.quit, ("Ctrl+Q",), QAction.MenuRole.QuitRole
        )
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(_("&Edit"))
        self.find_action = self._action(_("&Find…"), self.focus_search, ("Ctrl+F", "Ctrl+K"))
        edit_menu.addAction(self.find_action)

        view_menu = self.menuBar().addMenu(_("&View"))
        self.section_actions: list[QAction] = []
        for index, label in enumerate(SECTION_ACTIONS):
            action = self._action(
                _(label), lambda _checked=False, i=index: self.show_section(i),
                (f"Ctrl+{index + 1}",)
            )
            view_menu.addAction(action)
            self.section_actions.append(action)

        committee_menu = self.menuBar().addMenu(_("&Committee"))
        self.conflicts_action = self._action(_("&Conflicts to review…"), self.review_conflicts)
        # Its dialog is a module of its own; a build without it shows the item greyed.
        self.conflicts_action.setEnabled(committee_exchange.conflicts_dialog_available())
        committee_menu.addAction(self.conflicts_action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = self._action(
            _("&About Organizer"), self.show_about, role=QAction.MenuRole.AboutRole
        )
        help_menu.addAction(self.about_action)
        # Guide (F1) and Keyboard shortcuts (Ctrl+/), above About.
        self.help_actions = add_help_actions(help_menu, self, lambda: self.vault)

    def other_shortcuts(self) -> list[tuple[str, str, list[QKeySequence]]]:
        """Keys Help › Keyboard shortcuts cannot read from this window's own actions and
        shortcuts, as (group, what it does, keys): the app's panic key as this computer has
        it (Settings › Safety), the keys of the dialogs it opens, and those of pages not built
        yet."""
        def keys(*names: str | QKeySequence.StandardKey) -> list[QKeySequence]:
            found: list[QKeySequence] = []
            for name in names:
                if isinstance(name, str):
                    found.append(QKeySequence(name))
                else:
                    found.extend(QKeySequence.keyBindings(name))
            return found

        rows = [
            (_(GENERAL_GROUP), _("Lock at once, from any window"),
             [panic_key_setting.panic_key()]),
            # Translators: a group in the list of keyboard shortcuts: the dialog that logs a
            # one-on-one.
            (_("Logging a one-on-one"), _("Save the one-on-one"),
             keys("Ctrl+Return", "Ctrl+Enter")),
            (_("Print preview"), _("Zoom in"), keys(QKeySequence.StandardKey.ZoomIn)),
            (_("Print preview"), _("Zoom out"), keys(QKeySequence.StandardKey.ZoomOut)),
        ]
        if CALL_LISTS not in self._campaign_pages:
            # Once the page is built, its own shortcut is read from it.
            rows.append((_("Saved call lists"), _("Delete"),
                         keys(QKeySequence.StandardKey.Delete)))
        return rows

    # ----- navigation ---------------------------------------------------------------------

    def current_section(self) -> int:
        return self.pages.currentIndex()

    def show_section(self, index: int) -> None:
        """Show Today, People, Chart, Plans or Call lists (the person page is show_person)."""
        if self.navigation.currentRow() == index and self.pages.currentIndex() == index:
            return
        if not self._may_leave_person_page():
            return
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(index)
        self.navigation.blockSignals(False)
        self._show_page(index)

    def _navigated(self, row: int) -> None:
        if self.pages.currentIndex() == row:
            return
        if not self._may_leave_person_page():
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(PEOPLE)
            self.navigation.blockSignals(False)
            return
        self._show_page(row)

    def _show_page(self, index: int) -> None:
        if index in (CHART, PLANS, CALL_LISTS):
            self._campaign_page(index)  # built before it is shown
        if index in self._stale:
            self._stale.discard(index)
            if index == TODAY:
                self.today_page.refresh()
            elif index == PEOPLE:
                self.people_page.refresh()
        self.pages.setCurrentIndex(index)
        if index == PEOPLE and self.people_page.model.rowCount():
            self.people_page.table.setFocus()
        elif index == TODAY:
            self.today_page.follow_ups.setFocus()

    def _may_leave_person_page(self) -> bool:
        """Leaving a person's page with unsaved edits: save them or throw them away."""
        page = self.person_page
        if self.pages.currentIndex() != PERSON or not page.has_unsaved_changes():
            return True
        if page.person:
            question = _("Save your changes to {name}?").format(name=page.person.display_name)
        else:
            question = _("Save your changes to this new person?")
        choice = messages.save_discard_or_stay(self, question)
        if choice == messages.SAVE:
            return page.save()
        if choice == messages.DISCARD:
            page.discard_unsaved()
            return True
        return False  # Cancel or Esc: stay on the page, edits as they were

    def show_person(self, person_id: str, one_on_one_id: str | None = None) -> bool:
        """Open a person's page (and, for a one-on-one hit, that one-on-one)."""
        if not (self.pages.currentIndex() == PERSON and self.person_page.person_id == person_id):
            if not self._may_leave_person_page():
                return False
            try:
                self.person_page.show_person(person_id, one_on_one_id)
            except OrganizerError as error:
                messages.warn_error(self, error)
                return False
        elif one_on_one_id:
            self.person_page.select_one_on_one(one_on_one_id)
        self._show_person_page()
        return True

    def new_person(self) -> None:
        if not self._may_leave_person_page():
            return
        self.person_page.new_person()
        self._show_person_page()

    def _show_person_page(self) -> None:
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(PEOPLE)
        self.navigation.blockSignals(False)
        self.pages.setCurrentIndex(PERSON)

    def show_people_filtered(self, people_filter: object) -> None:
        if isinstance(people_filter, PeopleFilter):
            self.show_section(PEOPLE)
            self.people_page.set_filter(people_filter)

    def open_search_hit(self, hit: object) -> None:
        if not isinstance(hit, SearchHit):
            return
        self.search_box.clear()
        self.show_person(hit.person_id, hit.record_id if hit.kind == "one-on-one" else None)
        if self.pages.currentIndex() == PERSON:
            self.person_page.name.setFocus()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # ----- one-on-ones --------------------------------------------------------------------

    def new_one_on_one(self, person_id: str | None = None) -> OneOnOneDialog:
        """Open the log dialog; from a person's page that person is already chosen."""
        if self.one_on_one_dialog is not None and self.one_on_one_dialog.isVisible():
            self.one_on_one_dialog.raise_()
            self.one_on_one_dialog.activateWindow()
            return self.one_on_one_dialog
        if not isinstance(person_id, str):
            person_id = (
                self.person_page.person_id if self.pages.currentIndex() == PERSON else None
            )
        dialog = OneOnOneDialog(
            self.vault, self.scale, self, person_id=person_id, choices=self.choices
        )
        dialog.one_on_one_logged.connect(self._one_on_one_logged)
        dialog.finished.connect(self._one_on_one_dialog_closed)
        self.one_on_one_dialog = dialog
        dialog.open()
        return dialog

    def _one_on_one_dialog_closed(self) -> None:
        dialog, self.one_on_one_dialog = self.one_on_one_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _one_on_one_logged(self, person_id: str, one_on_one_id: str) -> None:
        self.statusBar().showMessage(_("One-on-one saved."), 5000)
        self._data_changed(None)
        if self.pages.currentIndex() == PERSON and self.person_page.person_id == person_id:
            self.person_page.refresh()
            self.person_page.select_one_on_one(one_on_one_id)

    # ----- the committee's update files ---------------------------------------------------

    def send_updates(self) -> committee_exchange.SendUpdatesDialog | None:
        """File › Send updates…: one file per member chosen, into a folder chosen."""
        problem = committee_exchange.exchange_problem(self.vault)
        if problem:
            messages.inform(self, problem)
            return None
        dialog = committee_exchange.SendUpdatesDialog(self.vault, self)
        # Sending reads a snapshot and marks the members written to: no pass beside it.
        dialog.about_to_send.connect(self.folder_sync.make_way)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def receive_updates(self) -> committee_exchange.ReceiveUpdatesDialog | None:
        """File › Receive updates…: files, or a folder of them."""
        problem = committee_exchange.exchange_problem(self.vault)
        if problem:
            messages.inform(self, problem)
            return None
        dialog = committee_exchange.ReceiveUpdatesDialog(self)
        dialog.chosen.connect(self.receive_files)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def receive_files(self, paths: list[Path]) -> VaultWrite | None:
        """Receive these update files (or the update files in these folders), then say how
        it went. Returns the worker, or None when nothing was started."""
        self.folder_sync.make_way()  # one write at a time: a quiet pass runs after this
        return committee_exchange.start_receiving(
            self.vault, [Path(p) for p in paths], self, data_changed=self._updates_merged)

    def exchange_with_folder_now(self) -> VaultWrite | None:
        """File › Exchange with shared folder now: a pass with progress and a summary."""
        return self.folder_sync.exchange_now(by_hand=True, parent=self)

    def review_conflicts(self) -> None:
        if committee_exchange.open_conflicts(self.vault, self, self._updates_merged) is None:
            messages.inform(self, _("Reviewing conflicts is not part of this version of "
                                    "Organizer yet."))

    def _updates_merged(self) -> None:
        self._data_changed(None)

    def _show_folder_status(self, text: str) -> None:
        self.folder_status.show_status(text, self.folder_sync.tooltip)

    @staticmethod
    def _dropped_updates(mime: QMimeData | None) -> list[Path]:
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls()
                if url.isLocalFile() and url.toLocalFile().endswith(UPDATE_SUFFIX)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_updates(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._dropped_updates(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped_updates(event.mimeData())
        if not files:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        # After the drop has ended: a box shown inside it would hold the file manager's drag.
        QTimer.singleShot(0, lambda: self.receive_files(files))

    # ----- keeping pages current ----------------------------------------------------------

    def _data_changed(self, source: int | None) -> None:
        """A page changed the vault: refresh the visible page and mark the others stale."""
        self.choices.invalidate()
        self.refresh_counts()
        for index in (TODAY, PEOPLE):
            if index == source:
                continue
            if self.pages.currentIndex() == index:
                self._refresh(index)
            else:
                self._stale.add(index)
        if source != PERSON and self.pages.currentIndex() == PERSON:
            self.person_page.refresh()

    def settings_saved(self) -> None:
        """Settings may have changed the thresholds, the scale's labels or the lists: show
        the change at once on the page in view (the window-modal dialog gives it no show
        event), and let the others re-read when next shown."""
        if self.pages.currentIndex() in (CHART, PLANS, CALL_LISTS):
            page = self._campaign_pages.get(self.pages.currentIndex())
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()
        self._data_changed(None)
        self.folder_sync.folder_setting_changed()  # the shared folder may be another now

    def _refresh(self, index: int) -> None:
        if index == TODAY:
            self.today_page.refresh()
        elif index == PEOPLE:
            self.people_page.refresh()

    def _refresh_counts_after_people(self) -> None:
        """The status bar's numbers, read once the people list's first read is in.

        Both run in the thread pool, and side by side (two cores, shared with the rest of
        the desktop) each takes about twice as long on a big campaign; the list is what the
        organizer is waiting for.
        """
        model = self.people_page.model
        if not model.busy:
            self.refresh_counts()
            return

        def people_read(busy: bool) -> None:
            if not busy:  # delivered or failed: either way, the numbers' turn
                model.busy_changed.disconnect(people_read)
                self.refresh_counts()

        model.busy_changed.connect(people_read)

    def refresh_counts(self) -> None:
        self._status_reads.request(
            people.people_counts,
            lambda counts: self.counts_label.setText(describe_counts(counts)),
        )

    def _person_saved(self, person_id: str) -> None:
        self.statusBar().showMessage(_("Saved."), 4000)

    def _person_deleted(self, person_id: str) -> None:
        self.statusBar().showMessage(
            _("Deleted. Everything about them was erased from this vault."), 6000
        )

        self._stale.add(PEOPLE)
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(PEOPLE)
        self.navigation.blockSignals(False)
        self._show_page(PEOPLE)

    # ----- clipboard, about, quit ---------------------------------------------------------

    def copy_secret(self, text: str) -> int:
        """Copy a phone number or email; the clipboard clears itself. Returns the seconds."""
        seconds = campaign.clipboard_clear_seconds(self.vault)
        if self.clipboard is None:
            self.clipboard = SecureClipboard(self)
        self.clipboard.copy(text, seconds)
        return seconds

    def show_about(self) -> None:
        signal = QMetaMethod.fromSignal(self.about_requested)
        if self.isSignalConnected(signal):
            self.about_requested.emit()
            return
        show_about(self)

    def quit(self) -> None:
        """Quit the app; the controller closes the vault on the way (aboutToQuit)."""
        self.save_drafts()
        QApplication.quit()

    # ----- where the organizer was ----------------------------------------------------------

    def place(self) -> Place:
        dialog = self.one_on_one_dialog
        logging = dialog is not None and dialog.isVisible()
        return Place(
            section=self.current_section(),
            person_id=self.person_page.person_id if self.current_section() == PERSON else None,
            logging_one_on_one=logging,
            one_on_one_person_id=dialog.person_id if logging and dialog is not None else None,
        )

    def return_to(self, place: Place) -> None:
        """Back where `place` was, with the drafts kept at the lock restored (the person
        page and the one-on-one dialog offer their drafts when they open)."""
        if place.section == PERSON and place.person_id is not None:
            if not self.show_person(place.person_id):
                self.show_section(PEOPLE)  # erased meanwhile (a committee update)
        elif place.section != PERSON:
            self.show_section(place.section)
        if place.logging_one_on_one:
            self.new_one_on_one(place.one_on_one_person_id)

    # ----- before the window goes ---------------------------------------------------------

    def save_drafts(self) -> None:
        """Keep unsaved typing (a one-on-one, a person's edits) as drafts in the vault."""
        if not self.vault.is_open:
            return
        try:
            if self.one_on_one_dialog is not None:
                self.one_on_one_dialog.save_draft()
            self.person_page.save_draft()
        except OrganizerError:
            pass  # the vault went away first; nothing more can be kept

    def hideEvent(self, event: QHideEvent) -> None:
        # The app hides the window just before it locks the vault.
        if not event.spontaneous():
            self.save_drafts()
            remember_size(self)
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_drafts()
        self.search_box.hide_results()
        super().closeEvent(event)
