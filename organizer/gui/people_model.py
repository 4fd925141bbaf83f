"""The people table's lazy Qt model, and the short lists filters and forms share.

`PeopleModel` holds only the ordered list of matching ids (one query: people.people_ids, run
off the GUI thread by a `LatestRead`, newest request first) and fetches the rows a view
actually paints, a page at a time (people.people_rows), into a bounded cache.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox

from organizer import formats
from organizer.core import campaign, people, workplace_issues
from organizer.core.people import PeopleFilter, PeopleSort, PersonRow
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.workers import LatestRead
from organizer.i18n import N_, _

# ----- short lists shared by forms and filters ------------------------------------------------

# The words the core stores (the keys, never translated: they are compared and saved) and
# what a person reads for each, translated where shown with `shown_label`.
CHANNEL_LABELS: dict[str, str] = {
    # Translators: how a one-on-one was held.
    "in person": N_("in person"), "phone": N_("phone"), "Signal": N_("Signal"),
    "video": N_("video"), "other": N_("other"),
}
SAFE_CHANNEL_LABELS: dict[str, str] = {
    # Translators: the safest way to reach a coworker.
    "Signal": N_("Signal"), "personal phone": N_("personal phone"),
    "personal email": N_("personal email"), "in person": N_("in person"),
    "WhatsApp": N_("WhatsApp"), "other": N_("other"),
}
BASIS_LABELS: dict[str, str] = {
    # Translators: what an assessment is based on.
    "one-on-one": N_("one-on-one"), "hearsay": N_("hearsay"),
    "structure test": N_("structure test"), "other": N_("other"),
}
RELATIONSHIP_KIND_LABELS: dict[str, str] = {
    "close to": N_("close to"), "influences": N_("influences"), "works with": N_("works with"),
    "friends": N_("friends"), "family": N_("family"), "other": N_("other"),
}
# A relationship said as a whole sentence, from this person's side ({name} is the other
# person) and from the other's side.
RELATIONSHIP_FROM: dict[str, str] = {
    "close to": N_("close to {name}"), "influences": N_("influences {name}"),
    "works with": N_("works with {name}"), "friends": N_("friends {name}"),
    "family": N_("family {name}"), "other": N_("other {name}"),
}
RELATIONSHIP_TO: dict[str, str] = {
    "close to": N_("{name} close to them"), "influences": N_("{name} influences them"),
    "works with": N_("{name} works with them"), "friends": N_("{name} friends them"),
    "family": N_("{name} family them"), "other": N_("{name} other them"),
}
PARTICIPATION_STATUS_LABELS: dict[str, str] = {
    # Translators: a person's part in an action (structure test).
    "asked": N_("asked"), "committed": N_("committed"), "did it": N_("did it"),
    "declined": N_("declined"),
}
# Which labels a stored field's values take (the conflicts dialog shows any field).
ENUM_LABELS: dict[str, dict[str, str]] = {
    "channel": CHANNEL_LABELS, "safe_channel": SAFE_CHANNEL_LABELS, "basis": BASIS_LABELS,
    "kind": RELATIONSHIP_KIND_LABELS,
}


def shown_label(labels: dict[str, str], value: str) -> str:
    """A stored value as a person reads it, in their language (an unknown one as stored)."""
    return _(labels[value]) if value in labels else value



def refill_choices(combo: QComboBox, any_text: str, items: Sequence[tuple[str, object]]) -> None:
    """A filter combo's choices again, "any" first, keeping what was chosen if it is still
    there (else back to "any")."""
    chosen = combo.currentData()
    combo.clear()
    combo.addItem(any_text, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)



class CampaignChoices:
    """The OC members and issues that filters, forms and dialogs offer, read once per change.

    people.oc_members scans the whole person table (slow on a big campaign), so the window
    keeps one copy for every page and drops it with `invalidate()` after any change.
    """

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._oc_members: list[tuple[str, str]] | None = None
        self._issues: list[workplace_issues.WorkplaceIssue] | None = None

    def oc_members(self) -> list[tuple[str, str]]:
        if self._oc_members is None:
            self._oc_members = people.oc_members(self.vault)
        return self._oc_members

    def issues(self) -> list[workplace_issues.WorkplaceIssue]:
        """Every issue, most raised first."""
        if self._issues is None:
            self._issues = workplace_issues.list_issues(self.vault)
        return self._issues

    def issue_names(self) -> list[str]:
        return [issue.name for issue in self.issues()]

    def invalidate(self) -> None:
        self._oc_members = None
        self._issues = None


# ----- the people table ---------------------------------------------------------------------


class Column(enum.IntEnum):
    NAME = 0
    DEPARTMENT = 1
    TEAM = 2
    JOB_TITLE = 3
    SHIFT = 4
    SITE = 5
    ASSESSMENT = 6
    OC_MEMBER = 7
    LAST_CONTACT = 8
    NEXT_FOLLOW_UP = 9


HEADERS: dict[Column, str] = {
    Column.NAME: N_("Name"),
    Column.DEPARTMENT: N_("Department"),
    Column.TEAM: N_("Team"),
    Column.JOB_TITLE: N_("Job title"),
    Column.SHIFT: N_("Shift"),
    Column.SITE: N_("Site"),
    Column.ASSESSMENT: N_("Assessment"),
    Column.OC_MEMBER: N_("OC member"),
    Column.LAST_CONTACT: N_("Last contact"),
    Column.NEXT_FOLLOW_UP: N_("Next follow-up"),
}  # marked with N_: shown through _() (module constants are read before the language is set)

SORT_BY_COLUMN: dict[Column, PeopleSort] = {
    Column.NAME: PeopleSort.NAME,
    Column.DEPARTMENT: PeopleSort.DEPARTMENT,
    Column.TEAM: PeopleSort.TEAM,
    Column.JOB_TITLE: PeopleSort.JOB_TITLE,
    Column.SHIFT: PeopleSort.SHIFT,
    Column.SITE: PeopleSort.SITE,
    Column.ASSESSMENT: PeopleSort.ASSESSMENT,
    Column.OC_MEMBER: PeopleSort.OC_MEMBER,
    Column.LAST_CONTACT: PeopleSort.LAST_CONTACT,
    Column.NEXT_FOLLOW_UP: PeopleSort.NEXT_FOLLOW_UP,
}

# ----- which columns the table shows: a campaign setting, kept in the vault -------------------

# The columns that can be hidden (the name always shows), as saved in the setting.
COLUMN_KEYS: dict[Column, str] = {
    column: column.name.lower() for column in Column if column is not Column.NAME
}
# What a campaign shows until someone chooses: the table as it always was.
DEFAULT_COLUMNS = frozenset({
    Column.DEPARTMENT, Column.SHIFT, Column.ASSESSMENT, Column.OC_MEMBER, Column.LAST_CONTACT,
    Column.NEXT_FOLLOW_UP,
})
COLUMNS_SETTING = "people_columns"


def shown_columns(vault: Vault) -> frozenset[Column]:
    """The columns this campaign's People table shows (besides the name, always shown)."""
    saved = campaign.setting(vault, COLUMNS_SETTING)
    if not saved:
        return DEFAULT_COLUMNS
    by_key = {key: column for column, key in COLUMN_KEYS.items()}
    return frozenset(by_key[key] for key in saved.split(",") if key in by_key)


def save_shown_columns(vault: Vault, columns: Iterable[Column]) -> None:
    chosen = set(columns)
    keys = [key for column, key in COLUMN_KEYS.items() if column in chosen]
    # "-" when only the name is left: an empty value means "never chosen", the default.
    campaign.set_setting(vault, COLUMNS_SETTING, ",".join(keys) or "-")


PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ASSESSMENT_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3

OC_MEMBER_MARK = N_("On the OC")  # shown as _(OC_MEMBER_MARK)
_ROOT = QModelIndex()
# data() is asked for about eight roles per painted cell, most of which it has no answer
# for: these sets and the column tuple let it answer without building enums each time.
_ROW_ROLES = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.FontRole, ASSESSMENT_ROLE, ROW_ROLE,
))
_COLUMNS = tuple(Column)


class PeopleModel(QAbstractTableModel):
    """A lazy table of people, for campaigns of any size.

    What it holds:
    - `_ids`: every matching person's id in table order, from one query (people.people_ids).
      rowCount() is its length, so the scroll bar is right from the start.
    - `_pages`: the row cache. Rows are fetched PAGE_SIZE at a time (people.people_rows) the
      first time the view asks data() for any row of a page, and at most MAX_PAGES pages are
      kept; the least recently used page is dropped first. So however many people the campaign
      has, the model holds at most MAX_PAGES * PAGE_SIZE rows, and scrolling through 100,000
      people costs one small indexed query per page shown. (Anki's browser table model keeps
      ids the same way and caches rows it has shown.)
    - Rows are a snapshot: after any change, `refresh()` re-runs the id query and drops
      the cache. A row whose person was deleted in between shows blank until then.

    Filtering and sorting re-run the id query (sort() is what the header calls), always in
    the thread pool on a connection of its own, whatever the campaign's size; the old rows
    stay on screen until the new ids arrive, and a newer request drops an older one's.
    """

    PAGE_SIZE = 100
    MAX_PAGES = 20

    ids_loaded = Signal(int)  # the number of matching rows, after every (re)query
    busy_changed = Signal(bool)

    def __init__(
        self, vault: Vault, scale: AssessmentScale, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self._filter = PeopleFilter()
        self._sort = PeopleSort.NAME
        self._descending = False
        self._by_last_name = people.sorts_by_last_name(vault)
        self._ids: list[str] = []
        self._pages: OrderedDict[int, dict[str, PersonRow]] = OrderedDict()
        self._total = 0  # every person in the vault, for "12 of 312"
        self._started = False  # no query until the first refresh(): the view's sort() comes early
        self._reads = LatestRead(vault, self)
        self._reads.busy_changed.connect(self.busy_changed)
        self._bold = QFont()
        self._bold.setBold(True)

    # ----- querying ---------------------------------------------------------------------

    @property
    def people_filter(self) -> PeopleFilter:
        return self._filter

    @property
    def total(self) -> int:
        return self._total

    @property
    def sort_order(self) -> tuple[PeopleSort, bool]:
        return self._sort, self._descending

    @property
    def by_last_name(self) -> bool:
        """Names sort by last name (the campaign's setting, read when the model is made)."""
        return self._by_last_name

    def set_by_last_name(self, by_last_name: bool) -> None:
        if by_last_name != self._by_last_name:
            self._by_last_name = by_last_name
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.NAME, Column.NAME)
            if self._started:
                self.refresh()

    def set_filter(self, people_filter: PeopleFilter) -> None:
        self._filter = people_filter
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        try:
            self._sort = SORT_BY_COLUMN[Column(column)]
        except ValueError:
            return
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._started:
            self.refresh()

    def refresh(self) -> None:
        """Re-run the id query (after a change, a new filter or sort) and drop the cache
        when its answer arrives (`ids_loaded`)."""
        self._started = True
        people_filter, sort, descending = self._filter, self._sort, self._descending
        by_last_name = self._by_last_name

        def work(vault: Vault) -> tuple[int, list[str]]:
            return (people.count_people(vault),
                    people.people_ids(vault, people_filter, sort, descending,
                                      by_last_name=by_last_name))

        self._reads.request(work, self._set_ids)

    @property
    def busy(self) -> bool:
        return self._reads.busy

    def _set_ids(self, found: tuple[int, list[str]]) -> None:
        self._total, ids = found
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()
        self.ids_loaded.emit(len(ids))

    # ----- rows -------------------------------------------------------------------------

    def person_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def person_ids(self) -> list[str]:
        """Every person shown, in table order."""
        return list(self._ids)

    def row_of(self, person_id: str) -> int:
        """The row showing this person, or -1."""
        try:
            return self._ids.index(person_id)
        except ValueError:
            return -1

    def row(self, row: int) -> PersonRow | None:
        """The person on this row, fetching its page if it is not cached."""
        if not 0 <= row < len(self._ids):
            return None
        number = row // self.PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            start = number * self.PAGE_SIZE
            fetched = people.people_rows(self.vault, self._ids[start : start + self.PAGE_SIZE])
            page = {r.id: r for r in fetched}
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def cached_row_count(self) -> int:
        """How many rows are in the cache now (bounded by MAX_PAGES * PAGE_SIZE)."""
        return sum(len(page) for page in self._pages.values())

    # ----- QAbstractTableModel ----------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == Column.NAME and self._by_last_name:
                return _("Name (by last name)")  # why "Maya Okafor" is among the O's
            return _(HEADERS[Column(section)])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == PERSON_ID_ROLE:
            return self.person_id(index.row()) if index.isValid() else None
        if role not in _ROW_ROLES or not index.isValid():
            return None
        person = self.row(index.row())
        if person is None:
            return None
        column = _COLUMNS[index.column()]
        if role == ROW_ROLE:
            return person
        if role == ASSESSMENT_ROLE:
            return person.assessment
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == Column.NAME and person.is_oc_member else None
        return self._text(person, column, role)

    def _text(self, person: PersonRow, column: Column, role: int) -> str:
        if column == Column.NAME:
            marks = []
            if person.is_organic_leader:
                marks.append("★")
            text = " ".join([person.display_name, *marks])
            if role != Qt.ItemDataRole.DisplayRole:
                extra = [_(OC_MEMBER_MARK)] if person.is_oc_member else []
                extra += [_("organic leader")] if person.is_organic_leader else []
                return ", ".join([person.display_name, *extra])
            return text
        if column == Column.DEPARTMENT:
            return person.department
        if column == Column.TEAM:
            return person.team
        if column == Column.JOB_TITLE:
            return person.job_title
        if column == Column.SHIFT:
            return person.shift
        if column == Column.SITE:
            return person.site
        if column == Column.ASSESSMENT:
            return self.scale.text(person.assessment)
        if column == Column.OC_MEMBER:
            if person.is_oc_member:
                if person.oc_member:
                    # Translators: in the People table: this person is on the organizing
                    # committee, and {name} is the OC member assigned to them.
                    return _("On the OC · {name}").format(name=person.oc_member)
                return _(OC_MEMBER_MARK)
            return person.oc_member or ("" if role == Qt.ItemDataRole.DisplayRole
                                        # Translators: no OC member is assigned yet.
                                        else _("none yet"))
        if column == Column.LAST_CONTACT:
            if person.last_contact_on:
                return formats.short_date(person.last_contact_on)
            # Translators: last contact: this person was never talked with.
            return "" if role == Qt.ItemDataRole.DisplayRole else _("never")
        return formats.short_date(person.next_follow_up_on) if person.next_follow_up_on else ""
