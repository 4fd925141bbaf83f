"""Who to call on a new call list: the choices (department, shift, assessment, structure test,
saved view, tags...), a list started for the People page's people, and the live count."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from organizer import formats
from organizer.core import call_lists, campaign, people, saved_views, structure_tests, tags
from organizer.core.call_lists import (
    NOT_ASKED,
    PARTICIPATION_STATUSES,
    CallListCriteria,
)
from organizer.core.committee import identity
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter, PeopleSort
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.assessment_badge import NOT_ASSESSED, AssessmentScale
from organizer.gui.people_model import CampaignChoices, refill_choices
from organizer.gui.tags_ui import TagFilterButton
from organizer.gui.workers import LatestRead
from organizer.i18n import N_, _, ngettext

UNASSIGNED = "__unassigned__"

# Module constants are marked with N_ and translated where they are shown.
SORTS: tuple[tuple[str, PeopleSort], ...] = (
    (N_("By name"), PeopleSort.NAME),
    (N_("By department"), PeopleSort.DEPARTMENT),
    (N_("By shift"), PeopleSort.SHIFT),
    (N_("By assessment"), PeopleSort.ASSESSMENT),
    (N_("Longest without contact first"), PeopleSort.LAST_CONTACT),
    (N_("By next follow-up"), PeopleSort.NEXT_FOLLOW_UP),
)
# Translators: where someone stands on a structure test (a test's participation).
STATUS_LABELS = {NOT_ASKED: N_("Not asked yet"), "asked": N_("Asked"),
                 "committed": N_("Committed"), "did it": N_("Did it"),
                 "declined": N_("Declined")}


def status_label(status: str) -> str:
    """A stored participation status ("did it") in the reader's language."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status.capitalize()


if TYPE_CHECKING:
    _Page = QWidget
else:
    _Page = object


class WhoToCall(_Page):
    """The new list's "Who to call" choices and count: a part of CallListsPage."""

    if TYPE_CHECKING:  # set up by CallListsPage and its other parts
        vault: Vault
        scale: AssessmentScale
        choices: CampaignChoices
        _reads: LatestRead
        _updating: bool
        _organizer_chosen: bool
        _preset_ids: frozenset[str]
        _count_timer: QTimer
        _printed_for_names: QStringListModel
        count_label: QLabel
        preview_button: QPushButton
        print_button: QPushButton
        save_pdf_button: QPushButton

        def close_results(self) -> None: ...

    def _combo(self, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    def _build_preset(self) -> QWidget:
        """The line that says the list is of the People page's people, hidden until then."""
        self.preset_row = QFrame()
        self.preset_row.setObjectName("call-list-preset")
        self.preset_row.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.preset_row)
        self.preset_label = QLabel()
        self.preset_label.setWordWrap(True)
        row.addWidget(self.preset_label, 1)
        self.preset_clear_button = QPushButton(_("Call an&yone instead"))
        self.preset_clear_button.setToolTip(
            _("Forget the people from the People page: the choices below pick who to call")
        )
        self.preset_clear_button.clicked.connect(self.clear_preset)
        row.addWidget(self.preset_clear_button)
        self.preset_row.hide()
        return self.preset_row

    def _build_criteria(self) -> QWidget:
        box = QGroupBox(_("Who to call"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.department_filter = self._combo(_("Department"))
        self.shift_filter = self._combo(_("Shift"))
        self.site_filter = self._combo(_("Site"))
        self.organizer_filter = self._combo(_("Assigned OC member"))
        self.assessment_from = self._combo(_("Assessment from"))
        self.assessment_to = self._combo(_("Assessment to"))
        self.issue_filter = self._combo(_("Issue"))
        self.sort = self._combo(_("Order on the page"))
        for text, sort in SORTS:
            self.sort.addItem(_(text), sort)

        def label(text: str, buddy: QWidget) -> QLabel:
            widget = QLabel(text)
            widget.setBuddy(buddy)
            return widget

        self.department_label = label(_("&Department"), self.department_filter)
        self.shift_label = label(_("Shift"), self.shift_filter)
        self.site_label = label(_("Site"), self.site_filter)
        self.issue_label = label(_("Issue"), self.issue_filter)
        grid.addWidget(self.department_label, 0, 0)
        grid.addWidget(self.department_filter, 0, 1)
        grid.addWidget(self.shift_label, 0, 2)
        grid.addWidget(self.shift_filter, 0, 3)
        grid.addWidget(self.site_label, 1, 0)
        grid.addWidget(self.site_filter, 1, 1)
        grid.addWidget(label(_("Assigned to"), self.organizer_filter), 1, 2)
        grid.addWidget(self.organizer_filter, 1, 3)
        grid.addWidget(label(_("Assessment"), self.assessment_from), 2, 0)
        grid.addWidget(self.assessment_from, 2, 1)
        # Translators: between two assessments: "Assessment [1] to [2]".
        grid.addWidget(label(_("to"), self.assessment_to), 2, 2)
        grid.addWidget(self.assessment_to, 2, 3)
        grid.addWidget(self.issue_label, 3, 0)
        grid.addWidget(self.issue_filter, 3, 1)
        grid.addWidget(label(_("Order"), self.sort), 3, 2)
        grid.addWidget(self.sort, 3, 3)

        checks = QHBoxLayout()
        # Translators: followed by a number of days: "Not talked to in [30] days".
        self.not_contacted = QCheckBox(_("&Not talked to in"))
        self.not_contacted_days = QSpinBox()
        self.not_contacted_days.setRange(0, 3650)
        # Translators: the unit after a number in a spin box: "[30] days".
        self.not_contacted_days.setSuffix(_(" days"))
        self.not_contacted_days.setAccessibleName(_("Not talked to in how many days"))
        self.not_contacted_days.setValue(campaign.not_contacted_days(self.vault))
        self.follow_up_due = QCheckBox(_("Has a follo&w-up due"))
        self.follow_up_due.setToolTip(_("An open follow-up due today or earlier"))
        self.leaders_only = QCheckBox(_("Organic leaders only"))
        for widget in (self.not_contacted, self.not_contacted_days, self.follow_up_due,
                       self.leaders_only):
            checks.addWidget(widget)
        checks.addStretch(1)
        grid.addLayout(checks, 4, 0, 1, 4)

        self.structure_test = self._combo(_("Structure test"))
        self.structure_test_label = label(_("Structure &test"), self.structure_test)
        grid.addWidget(self.structure_test_label, 5, 0)
        grid.addWidget(self.structure_test, 5, 1, 1, 3)
        self.participation_row = QWidget()
        statuses = QHBoxLayout(self.participation_row)
        statuses.setContentsMargins(0, 0, 0, 0)
        self.participation: dict[str, QCheckBox] = {}
        for status in (NOT_ASKED, *PARTICIPATION_STATUSES):
            check = QCheckBox(status_label(status))
            check.setAccessibleName(
                _("Structure test: {status}").format(status=status_label(status)))
            self.participation[status] = check
            statuses.addWidget(check)
        statuses.addStretch(1)
        self.participation_row.setToolTip(
            _("Who to call about the test: e.g. tick Committed alone for those who said yes "
              "but have not done it yet. None ticked: everyone with an answer recorded.")
        )
        grid.addWidget(self.participation_row, 6, 1, 1, 3)

        # A People filter kept under a name: the list is of exactly the people it shows.
        self.saved_view = self._combo(_("Saved view"))
        self.saved_view.setToolTip(
            _("Call exactly the people a view saved on the People page shows now"))
        self.saved_view_label = label(_("Saved view"), self.saved_view)
        self.saved_view.currentIndexChanged.connect(self._saved_view_chosen)
        grid.addWidget(self.saved_view_label, 7, 0)
        grid.addWidget(self.saved_view, 7, 1, 1, 3)

        # People with all (or any) of the tags ticked; hidden until the campaign has tags.
        self.tag_filter = TagFilterButton()
        self.tag_filter.setAccessibleName(_("Tagged"))
        self.tag_label = label(_("Tagged"), self.tag_filter)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tag_filter)
        tag_row.addStretch(1)
        grid.addWidget(self.tag_label, 8, 0)
        grid.addLayout(tag_row, 8, 1, 1, 3)
        return box

    def _connect_criteria(self) -> None:
        for combo in (self.department_filter, self.shift_filter, self.site_filter,
                      self.organizer_filter, self.assessment_to, self.issue_filter,
                      self.structure_test):
            combo.currentIndexChanged.connect(self._criteria_changed)
        self.organizer_filter.currentIndexChanged.connect(self._organizer_changed)
        self.assessment_from.currentIndexChanged.connect(self._assessment_from_changed)
        for box in (self.not_contacted, self.follow_up_due, self.leaders_only,
                    *self.participation.values()):
            box.toggled.connect(self._criteria_changed)
        self.not_contacted_days.valueChanged.connect(self._days_changed)
        self.structure_test.currentIndexChanged.connect(self._structure_test_changed)
        self.tag_filter.changed.connect(self._criteria_changed)

    # ----- choices ----------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Fill the combos from the campaign's lists, keeping what was chosen."""
        self._updating = True
        try:
            for combo, label, kind, any_text in (
                (self.department_filter, self.department_label, "department",
                 _("Any department")),
                (self.shift_filter, self.shift_label, "shift", _("Any shift")),
                (self.site_filter, self.site_label, "site", _("Any site")),
            ):
                entries = campaign.list_entries(self.vault, kind)  # type: ignore[arg-type]
                refill_choices(combo, any_text, [(e.name, e.id) for e in entries])
                combo.setEnabled(bool(entries))
                label.setEnabled(bool(entries))
            oc_members = self.choices.oc_members()
            refill_choices(self.organizer_filter, _("Anyone (assigned or not)"), [
                (_("No OC member yet"), UNASSIGNED),
                *((name, person_id) for person_id, name in oc_members),
            ])
            self._default_organizer_to_me()
            self._printed_for_names.setStringList([name for _id, name in oc_members])
            levels = [(self.scale.text(level.score), level.score) for level in self.scale.levels]
            refill_choices(self.assessment_from, _("Any assessment"),
                           [*levels, (_(NOT_ASSESSED), 0)])
            chosen_to = self.assessment_to.currentData()
            self.assessment_to.clear()
            for text, score in levels:
                self.assessment_to.addItem(text, score)
            index = self.assessment_to.findData(chosen_to)
            self.assessment_to.setCurrentIndex(max(0, index))
            issues = self.choices.issues()
            refill_choices(self.issue_filter, _("Any issue"), [(i.name, i.id) for i in issues])
            self.issue_filter.setEnabled(bool(issues))
            try:
                tests = structure_tests.structure_tests(self.vault)
            except OrganizerError:
                tests = []
            refill_choices(self.structure_test, _("Any (no structure test)"),
                           [(t.name, t.id) for t in tests])
            for widget in (self.structure_test, self.structure_test_label,
                           self.participation_row):
                widget.setVisible(bool(tests))
            try:
                views = saved_views.list_views(self.vault)
            except OrganizerError:
                views = []
            campaign_tags = tags.list_tags(self.vault)
            self.tag_filter.set_tags(campaign_tags)
            for widget in (self.tag_filter, self.tag_label):
                widget.setVisible(bool(campaign_tags) or bool(self.tag_filter.chosen()))
            refill_choices(self.saved_view, _("None (the choices above)"),
                           [(name, view_id) for view_id, name in views])
            for widget in (self.saved_view, self.saved_view_label):
                widget.setVisible(bool(views))
        finally:
            self._updating = False
        self._sync_assessment_to()
        self._structure_test_changed()

    def _organizer_changed(self) -> None:
        if not self._updating:  # refilling and defaulting happen with _updating set
            self._organizer_chosen = True

    def _default_organizer_to_me(self) -> None:
        """Until "Assigned to" is chosen by hand: me when the vault knows which person is me
        and I am on the OC (no one else can be assigned to me), else anyone. Read each time
        the choices are: who I am can be set or changed in Settings at any time."""
        if self._organizer_chosen:
            return
        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            me = None
        me_id = me.person_id if me is not None else None
        index = self.organizer_filter.findData(me_id) if me_id is not None else -1
        self.organizer_filter.setCurrentIndex(max(0, index))

    # ----- criteria and options ---------------------------------------------------------------

    def _assessments(self) -> frozenset[int]:
        low = self.assessment_from.currentData()
        if not isinstance(low, int):
            return frozenset()
        if low == 0:
            return frozenset({0})
        high = self.assessment_to.currentData()
        high = high if isinstance(high, int) and high > 0 else low
        low, high = min(low, high), max(low, high)
        return frozenset(range(low, high + 1))

    def current_criteria(self) -> CallListCriteria:
        def chosen(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset({value}) if isinstance(value, str) else frozenset()

        organizer = self.organizer_filter.currentData()
        issue = self.issue_filter.currentData()
        test_id = self.structure_test.currentData()
        sort = self.sort.currentData()
        preset = bool(self._preset_ids)
        return CallListCriteria(
            people=PeopleFilter(
                department_ids=chosen(self.department_filter),
                shift_ids=chosen(self.shift_filter),
                site_ids=chosen(self.site_filter),
                assessments=self._assessments(),
                unassigned_only=organizer == UNASSIGNED,
                issue_id=issue if isinstance(issue, str) else None,
                organic_leaders_only=self.leaders_only.isChecked(),
                person_ids=self._preset_ids,
                tag_ids=self.tag_filter.chosen(),
                tags_match_all=self.tag_filter.match_all(),
            ),
            # The People page showed OC members and people who left too: exactly them.
            include_oc_members=preset,
            include_left_company=preset,
            has_follow_up_due=self.follow_up_due.isChecked(),
            not_contacted_days=(
                self.not_contacted_days.value() if self.not_contacted.isChecked() else None
            ),
            structure_test_id=test_id if isinstance(test_id, str) else None,
            participation_statuses=frozenset(
                status for status, box in self.participation.items() if box.isChecked()
            ) if isinstance(test_id, str) else frozenset(),
            organizer_id=(
                organizer if isinstance(organizer, str) and organizer != UNASSIGNED else None
            ),
            sort=sort if isinstance(sort, PeopleSort) else PeopleSort.NAME,
        )

    def _saved_view_chosen(self) -> None:
        view_id = self.saved_view.currentData()
        if self._updating or not isinstance(view_id, str):
            return
        self.start_list_for_view(view_id)

    def start_list_for_view(self, view_id: str) -> int:
        """Start a new list of exactly the people a saved view shows now (as
        `start_list_for`); none: said, and the list is not preset."""
        try:
            view = saved_views.get_view(self.vault, view_id)
            ids = frozenset(people.people_ids(self.vault, view.people_filter))
        except OrganizerError as error:
            messages.warn_error(self, error)
            self._show_saved_view(None)
            return 0
        if not ids:
            messages.inform(self, _("The saved view “{name}” shows no one now.").format(
                                name=view.name),
                            _("Change it on the People page, or choose whom to call here."))
            self._show_saved_view(None)
            return 0
        count = self.start_list_for(
            dataclasses.replace(view.people_filter, person_ids=ids),
            # Translators: completes "Only the 5 people shown by {source}".
            source=_("the saved view “{name}”").format(name=view.name),
        )
        self._show_saved_view(view_id)
        return count

    def _show_saved_view(self, view_id: str | None) -> None:
        self._updating = True
        try:
            self.saved_view.setCurrentIndex(
                max(0, self.saved_view.findData(view_id)) if view_id else 0)
        finally:
            self._updating = False

    def start_list_for(self, people_filter: PeopleFilter, *, source: str = "") -> int:
        """Start a new list of exactly the people `people_filter` picks: its person_ids when
        set (the People page's "Make a call list" sends the people it shows), else whoever
        matches it now. The choices go back to "any"; they can still narrow the list.
        `source` names where the people come from (default: the People page). Returns how
        many people that is."""
        ids = people_filter.person_ids
        if not ids:
            try:
                ids = frozenset(people.people_ids(self.vault, people_filter))
            except OrganizerError as error:
                messages.warn_error(self, error)
                return 0
        self.close_results()  # back to the builder; a half-typed sheet stays a draft
        self._updating = True
        try:
            for combo in (self.department_filter, self.shift_filter, self.site_filter,
                          self.organizer_filter, self.assessment_from, self.issue_filter,
                          self.structure_test):
                combo.setCurrentIndex(0)
            for box in (self.not_contacted, self.follow_up_due, self.leaders_only,
                        *self.participation.values()):
                box.setChecked(False)
            self.tag_filter.choose(())
            # "Anyone", and it stays so: the people were chosen on the People page.
            self._organizer_chosen = True
        finally:
            self._updating = False
        self._sync_assessment_to()
        self._structure_test_changed()
        self._preset_ids = frozenset(ids)
        count = len(self._preset_ids)
        if source:
            # Translators: {source} is "the saved view “Night shift”".
            text = ngettext(
                "Only the {n} person shown by {source} (OC members and people who left "
                "included). The choices below can narrow it.",
                "Only the {n} people shown by {source} (OC members and people who left "
                "included). The choices below can narrow it.", count)
        else:
            text = ngettext(
                "Only the {n} person shown on the People page (OC members and people who "
                "left included). The choices below can narrow it.",
                "Only the {n} people shown on the People page (OC members and people who "
                "left included). The choices below can narrow it.", count)
        self.preset_label.setText(text.format(n=formats.number(count), source=source))
        self._show_saved_view(None)
        self.preset_row.show()
        self.update_count()
        return count

    def clear_preset(self) -> None:
        """Back to a list of whoever the choices pick."""
        self._preset_ids = frozenset()
        self.preset_row.hide()
        self._show_saved_view(None)
        self.update_count()

    def _criteria_changed(self) -> None:
        if not self._updating:
            self._count_timer.start()

    def _days_changed(self) -> None:
        if self.not_contacted.isChecked():
            self._criteria_changed()

    def _assessment_from_changed(self) -> None:
        self._sync_assessment_to(follow=True)
        self._criteria_changed()

    def _sync_assessment_to(self, *, follow: bool = False) -> None:
        """"to" means something only after a score; `follow` moves it to the same score."""
        low = self.assessment_from.currentData()
        is_score = isinstance(low, int) and low > 0
        self.assessment_to.setEnabled(is_score)
        if is_score and follow:
            self.assessment_to.blockSignals(True)
            self.assessment_to.setCurrentIndex(max(0, self.assessment_to.findData(low)))
            self.assessment_to.blockSignals(False)

    def _structure_test_changed(self) -> None:
        chosen = isinstance(self.structure_test.currentData(), str)
        self.participation_row.setEnabled(chosen)

    def update_count(self) -> None:
        """Count who matches now, in the thread pool (newest criteria win)."""
        self._count_timer.stop()
        criteria = self.current_criteria()

        def count(vault: Vault) -> int | str:
            try:
                return call_lists.count_call_list(vault, criteria)
            except OrganizerError as error:
                return str(error)

        if not self.count_label.text():
            self.count_label.setText(_("Counting…"))  # the first count
        self._reads.request(count, self._show_count)

    def _show_count(self, result: object) -> None:
        if isinstance(result, str):
            self.count_label.setText(result)
            people = 0
        else:
            people = int(result) if isinstance(result, int) else 0
            if people == 0:
                self.count_label.setText(_("No one matches"))
            else:
                self.count_label.setText(ngettext("{n} person", "{n} people", people).format(
                    n=formats.number(people)))
        for button in (self.preview_button, self.print_button, self.save_pdf_button):
            button.setEnabled(people > 0)
