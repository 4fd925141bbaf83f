"""The wall chart, the majority tracker, the issues tally and supporters' share over time.

How the figures are counted (the GUI shows them; tests check them by hand):
- People who left the company (left_company_on set) are not on the chart or in any figure;
  the chart counts them apart (`WallChart.left_company`) so a screen can say why its total is
  smaller than the People page's, which lists everyone in the vault.
- "People" in a cell is everyone in that department and shift, OC members included: they are
  workers in the unit too, so the share of supporters is supporters / all people.
- Supporters are people whose current assessment is 1 or 2.
- Coverage is about the coworkers an OC member should be talking to, so it leaves OC members
  out: coverage = coworkers (not on the OC) with an assigned OC member / coworkers (not on the
  OC). An assignment counts as long as it is set, as in the people table's "no OC member"
  filter.
- OC ratio = coworkers (not on the OC) per OC member: the load each committee member carries.
  The guide asks for at least 1 OC member per 10 coworkers, so a cell warns when the ratio is
  above 10 or when it has coworkers but no OC member. An empty cell never warns.
- A threshold of p% is reached when supporters >= ceil(p% x people); "more needed" is that
  number minus the supporters, never below 0. A group with nobody in it reaches nothing.

Speed: the chart, the tracker and the ladder's headcounts are summed here from one GROUP BY
over the person table (`current_groups`), so 100,000 people cost the same number of queries
as 10; no query runs per cell. At that size the time goes into reading pages, so the queries
are shaped for covering indexes (see each function) and never sort 100,000 rows.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from organizer import formats
from organizer.core import campaign
from organizer.core.campaign import Threshold
from organizer.core.people import display_name
from organizer.core.vault import Connection, Vault
from organizer.i18n import N_, _

SCORES: tuple[int, ...] = (1, 2, 3, 4, 5)
SUPPORTER_SCORES: tuple[int, ...] = (1, 2)
# Cells with at most this many people list them as badges; bigger cells show a stacked bar.
BADGE_LIMIT = 24
# At least one OC member per this many coworkers (the guide's 1:10).
OC_RATIO_LIMIT = 10
# The names of the chart's rows and columns of people with that field blank; shown
# translated, `_(NO_DEPARTMENT)` (the chart's axes already are).
NO_DEPARTMENT = N_("No department")
NO_SHIFT = N_("No shift")

_CURRENT = "left_company_on IS NULL"


def people_needed(percent: float, people: int) -> int:
    """How many of `people` make `percent` percent, rounded up (51% of 20 is 11)."""
    # Rounding first keeps float noise from adding one: 64.4% of 250 is 161.00000000000003.
    return math.ceil(round(percent * people / 100, 6))


# ----- the wall chart -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChartAxis:
    """A row (department) or column (shift) of the chart; id None is "No department/shift"."""

    id: str | None
    name: str


@dataclass(frozen=True)
class Badge:
    """One person in a small cell, coloured by assessment."""

    person_id: str
    display_name: str
    assessment: int | None
    is_oc_member: bool
    is_organic_leader: bool


@dataclass(frozen=True)
class ChartCell:
    """The figures for one cell, or for a row, a column or the whole chart.

    For a row total shift_id is None; for a column total department_id is None; for the
    grand total both are. `badges` is None for totals and for cells above BADGE_LIMIT people.
    """

    department_id: str | None = None
    shift_id: str | None = None
    people: int = 0
    assessed: int = 0
    by_score: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    oc_members: int = 0
    covered: int = 0  # coworkers (not on the OC) with an assigned OC member
    badges: list[Badge] | None = None

    @property
    def unassessed(self) -> int:
        return self.people - self.assessed

    @property
    def supporters(self) -> int:
        return sum(self.by_score[s] for s in SUPPORTER_SCORES)

    @property
    def share(self) -> float:
        """Supporters / people (OC members included); 0.0 for an empty cell."""
        return self.supporters / self.people if self.people else 0.0

    @property
    def coworkers(self) -> int:
        """People who are not on the OC: the ones OC members talk to."""
        return self.people - self.oc_members

    @property
    def uncovered(self) -> int:
        return self.coworkers - self.covered

    @property
    def coverage(self) -> float:
        """Coworkers with an assigned OC member / coworkers; 0.0 when there are none."""
        return self.covered / self.coworkers if self.coworkers else 0.0

    @property
    def oc_ratio(self) -> float | None:
        """Coworkers per OC member; None when the cell has no OC member."""
        return self.coworkers / self.oc_members if self.oc_members else None

    @property
    def ratio_warning(self) -> str:
        """A short warning when the OC is too thin here, else ""."""
        if self.coworkers and not self.oc_members:
            return _("No OC member")
        if self.oc_ratio is not None and self.oc_ratio > OC_RATIO_LIMIT:
            return _("1 OC member per {ratio} coworkers (aim for 1 per {limit})").format(
                ratio=formats.number(round(self.oc_ratio)), limit=OC_RATIO_LIMIT)
        return ""


@dataclass(frozen=True)
class WallChart:
    rows: list[ChartAxis]  # departments in list order, then "No department" if anyone has none
    columns: list[ChartAxis]  # shifts in list order, then "No shift" if anyone has none
    cells: dict[tuple[str | None, str | None], ChartCell]  # (department id, shift id), all
    row_totals: dict[str | None, ChartCell]
    column_totals: dict[str | None, ChartCell]
    total: ChartCell
    site_id: str | None = None
    left_company: int = 0  # people (at the site) who left the company: not charted

    def cell(self, department_id: str | None, shift_id: str | None) -> ChartCell:
        return self.cells.get((department_id, shift_id)) or ChartCell(department_id, shift_id)


class _Tally:
    """Mutable counters that become a ChartCell."""

    __slots__ = ("assessed", "by_score", "covered", "oc_members", "people")

    def __init__(self) -> None:
        self.people = self.assessed = self.oc_members = self.covered = 0
        self.by_score = dict.fromkeys(SCORES, 0)

    def add(self, score: int | None, is_oc: bool, count: int, assigned: int) -> None:
        self.people += count
        if score is not None:
            self.assessed += count
            self.by_score[score] += count
        if is_oc:
            self.oc_members += count
        else:
            self.covered += assigned

    def cell(self, department_id: str | None, shift_id: str | None,
             badges: list[Badge] | None = None) -> ChartCell:
        return ChartCell(department_id, shift_id, self.people, self.assessed,
                         dict(self.by_score), self.oc_members, self.covered, badges)


class Group(NamedTuple):
    """People sharing a department, shift, site, assessment and OC membership."""

    department_id: str | None
    shift_id: str | None
    site_id: str | None
    score: int | None
    is_oc_member: bool
    people: int
    assigned: int  # with an assigned OC member


def current_groups(conn: Connection, site_id: str | None = None) -> list[Group]:
    """Every current person (not left), counted by department, shift, site, score and OC
    membership: a few hundred rows that every figure in this module is summed from.

    One GROUP BY over the person table. Its columns are in the order of the person_chart
    index (when the vault has it), so SQLite reads that index alone, in order, with no sort.
    """
    # The unary + keeps SQLite from seeking the site index and then sorting every row.
    site_sql, params = ("AND +site_id = ?", [site_id]) if site_id else ("", [])
    rows = conn.execute(
        "SELECT department_id, shift_id, site_id, assessment, is_oc_member, count(*), "
        "count(assigned_oc_member_id) FROM person "
        f"WHERE {_CURRENT} {site_sql} "
        "GROUP BY department_id, shift_id, site_id, assessment, is_oc_member",
        params,
    ).fetchall()
    return [Group(d, s, st, a, bool(o), int(n), int(c)) for d, s, st, a, o, n, c in rows]


def _axis(conn: Connection, kind: str, used: Iterable[str | None], blank: str) -> list[ChartAxis]:
    axis = [
        ChartAxis(str(i), str(n))
        for i, n in conn.execute(
            f"SELECT id, name FROM {kind} ORDER BY position, name COLLATE NOCASE"
        ).fetchall()
    ]
    if None in set(used):
        axis.append(ChartAxis(None, _(blank)))
    return axis


def badge_initials(name: str) -> str:
    """What a badge shows, on screen and on a printed chart: "Ravi Menon" -> "RM",
    "Kestrel" -> "KE". Given a display name, so a code name's initials when there is one."""
    parts = [p for p in name.replace("-", " ").split() if p]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


def wall_chart(vault: Vault, *, site_id: str | None = None) -> WallChart:
    """Every current person placed by department and shift (optionally at one site)."""
    conn = vault.connection
    groups = current_groups(conn, site_id)
    rows = _axis(conn, "department", (g.department_id for g in groups), NO_DEPARTMENT)
    columns = _axis(conn, "shift", (g.shift_id for g in groups), NO_SHIFT)
    tallies: dict[tuple[str | None, str | None], _Tally] = defaultdict(_Tally)
    row_tallies: dict[str | None, _Tally] = defaultdict(_Tally)
    column_tallies: dict[str | None, _Tally] = defaultdict(_Tally)
    grand = _Tally()
    for g in groups:
        for tally in (tallies[(g.department_id, g.shift_id)], row_tallies[g.department_id],
                      column_tallies[g.shift_id], grand):
            tally.add(g.score, g.is_oc_member, g.people, g.assigned)
    small = [key for key, tally in tallies.items() if tally.people <= BADGE_LIMIT]
    badges = _badges(conn, small, site_id)
    cells = {}
    for r in rows:
        for c in columns:
            key = (r.id, c.id)
            tally = tallies.get(key) or _Tally()
            cells[key] = tally.cell(
                r.id, c.id, badges.get(key, []) if tally.people <= BADGE_LIMIT else None
            )
    return WallChart(
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals={r.id: row_tallies[r.id].cell(r.id, None) for r in rows},
        column_totals={c.id: column_tallies[c.id].cell(None, c.id) for c in columns},
        total=grand.cell(None, None),
        site_id=site_id,
        left_company=people_who_left(conn, site_id),
    )


def people_who_left(conn: Connection, site_id: str | None = None) -> int:
    """How many people (at one site) left the company: in the vault, not on the chart.

    Reads the partial person_left index, which holds only the people who left."""
    site_sql, params = ("AND site_id = ?", [site_id]) if site_id else ("", [])
    return int(conn.execute(
        f"SELECT count(*) FROM person WHERE left_company_on IS NOT NULL {site_sql}", params
    ).fetchone()[0])


def _badges(
    conn: Connection, cells: list[tuple[str | None, str | None]], site_id: str | None
) -> dict[tuple[str | None, str | None], list[Badge]]:
    """The people of the small cells, by display name: one query per 200 cells."""
    found: dict[tuple[str | None, str | None], list[Badge]] = defaultdict(list)
    site_sql, site_params = ("AND site_id = ?", [site_id]) if site_id else ("", [])
    for start in range(0, len(cells), 200):
        chunk = cells[start : start + 200]
        # IS matches NULL too, so "No department" / "No shift" cells work the same way.
        where = " OR ".join("(department_id IS ? AND shift_id IS ?)" for _cell in chunk)
        params: list[object] = [v for key in chunk for v in key]
        rows = conn.execute(
            "SELECT id, name, code_name, assessment, is_oc_member, is_organic_leader, "
            f"department_id, shift_id FROM person WHERE ({where}) AND {_CURRENT} {site_sql} "
            "ORDER BY coalesce(nullif(code_name, ''), name) COLLATE NOCASE, id",
            params + site_params,
        ).fetchall()
        for i, name, code, score, is_oc, leader, department, shift in rows:
            found[(department, shift)].append(
                Badge(str(i), display_name(name, code), score, bool(is_oc), bool(leader))
            )
    return found


# The Chart page's tracker section, folded or open: a campaign's own choice, so kept in the
# vault like every other setting (never in Qt's settings files).
TRACKER_FOLDED_SETTING = "chart_tracker_folded"


def tracker_folded(vault: Vault) -> bool:
    """Whether the Chart page shows only the tracker's headline (the default: the wall chart
    gets the height) rather than the whole tracker and its lists."""
    return campaign.setting(vault, TRACKER_FOLDED_SETTING) != "0"


def set_tracker_folded(vault: Vault, folded: bool) -> None:
    campaign.set_setting(vault, TRACKER_FOLDED_SETTING, "1" if folded else "0")


# ----- the majority tracker -----------------------------------------------------------------


@dataclass(frozen=True)
class SupportLine:
    """Where one group (the whole unit, a department or a shift) stands against thresholds."""

    id: str | None  # department or shift id; None for "No department/shift" and the unit
    name: str
    people: int
    supporters: int
    reached: Threshold | None  # the highest threshold reached, None when none is
    next_threshold: Threshold | None  # the lowest not reached; None when all are (or empty)
    more_needed: int  # supporters still needed to reach next_threshold

    @property
    def share(self) -> float:
        return self.supporters / self.people if self.people else 0.0

    @property
    def all_reached(self) -> bool:
        return self.people > 0 and self.next_threshold is None


@dataclass(frozen=True)
class MajorityTracker:
    thresholds: list[Threshold]  # lowest first
    unit: SupportLine
    departments: list[SupportLine]  # in list order, "No department" last when anyone has none
    shifts: list[SupportLine]


def support_line(
    id_: str | None, name: str, people: int, supporters: int, thresholds: list[Threshold]
) -> SupportLine:
    """Place a group against the thresholds (lowest first)."""
    reached: Threshold | None = None
    for threshold in sorted(thresholds, key=lambda t: t.percent):
        needed = people_needed(threshold.percent, people)
        if people and supporters >= needed:
            reached = threshold
            continue
        if not people:
            # Nobody to win over: no line to aim for, and nothing "more needed".
            return SupportLine(id_, name, 0, 0, None, None, 0)
        return SupportLine(id_, name, people, supporters, reached, threshold,
                           max(0, needed - supporters))
    return SupportLine(id_, name, people, supporters, reached, None, 0)


def majority_tracker(vault: Vault, *, site_id: str | None = None) -> MajorityTracker:
    """The unit, each department and each shift against the campaign's thresholds."""
    conn = vault.connection
    lines = campaign.thresholds(vault)
    groups = current_groups(conn, site_id)
    # [people, supporters] per department and per shift.
    dept_people: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    shift_people: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for g in groups:
        supporters = g.people if g.score in SUPPORTER_SCORES else 0
        for bucket in (dept_people[g.department_id], shift_people[g.shift_id]):
            bucket[0] += g.people
            bucket[1] += supporters
    total_people = sum(g.people for g in groups)
    total_supporters = sum(g.people for g in groups if g.score in SUPPORTER_SCORES)
    return MajorityTracker(
        thresholds=lines,
        unit=support_line(None, _("Whole unit"), total_people, total_supporters, lines),
        departments=[
            support_line(a.id, a.name, dept_people[a.id][0], dept_people[a.id][1], lines)
            for a in _axis(conn, "department", dept_people, NO_DEPARTMENT)
        ],
        shifts=[
            support_line(a.id, a.name, shift_people[a.id][0], shift_people[a.id][1], lines)
            for a in _axis(conn, "shift", shift_people, NO_SHIFT)
        ],
    )


@dataclass(frozen=True)
class PersonBrief:
    """A person in one of the tracker's short lists."""

    id: str
    display_name: str
    department: str
    shift: str
    assessment: int | None
    oc_member: str  # the assigned OC member's display name, "" when none


@dataclass(frozen=True)
class ShortList:
    total: int  # everyone who matches
    people: list[PersonBrief]  # the first `limit` of them


_BRIEF_SELECT = (
    "SELECT p.id, p.name, p.code_name, d.name, s.name, p.assessment, oc.name, oc.code_name "
    "FROM person p LEFT JOIN department d ON d.id = p.department_id "
    "LEFT JOIN shift s ON s.id = p.shift_id "
    "LEFT JOIN person oc ON oc.id = p.assigned_oc_member_id "
)


def _briefs(rows: Iterable[Sequence[Any]]) -> list[PersonBrief]:
    return [
        PersonBrief(str(i), display_name(n, c), d or "", s or "", a,
                    display_name(on, oc) if on is not None else "")
        for i, n, c, d, s, a, on, oc in rows
    ]


def people_without_oc_member(vault: Vault, limit: int = 50) -> ShortList:
    """Coworkers (not on the OC, not left) with no assigned OC member: who nobody talks to.

    Supporters first, then by assessment, the unassessed last: the easiest next
    conversations come first. Within one score the order is the vault's (sort the page).
    """
    conn = vault.connection
    # Counted as "coworkers less those assigned" so SQLite reads a covering index instead
    # of looking up every unassigned person's row.
    total = int(conn.execute(
        "SELECT count(*) - count(assigned_oc_member_id) FROM person "
        f"WHERE is_oc_member = 0 AND {_CURRENT}"
    ).fetchone()[0])
    # Walking the assessment index in order and stopping at `limit` reads a few hundred rows
    # instead of sorting every unassigned coworker; the unary + keeps it on that index.
    where = f"p.is_oc_member = 0 AND +p.assigned_oc_member_id IS NULL AND p.{_CURRENT}"
    rows = conn.execute(
        f"{_BRIEF_SELECT} WHERE p.assessment IS NOT NULL AND {where} "
        "ORDER BY p.assessment LIMIT ?",
        (limit,),
    ).fetchall()
    if len(rows) < limit:
        rows += conn.execute(
            f"{_BRIEF_SELECT} WHERE p.assessment IS NULL AND {where} LIMIT ?",
            (limit - len(rows),),
        ).fetchall()
    return ShortList(total, _briefs(rows))


def organic_leaders_not_supportive(vault: Vault, limit: int | None = None) -> ShortList:
    """Organic leaders (not left) not yet at 1-2, unassessed included: win them and their
    group follows. Closest to supportive first, the unassessed last; then by name."""
    conn = vault.connection
    where = f"p.is_organic_leader = 1 AND p.{_CURRENT} AND coalesce(p.assessment, 9) > 2"
    rows = conn.execute(
        f"{_BRIEF_SELECT} WHERE {where} "
        "ORDER BY p.assessment IS NULL, p.assessment, "
        "coalesce(nullif(p.code_name, ''), p.name) COLLATE NOCASE"
        + (" LIMIT ?" if limit is not None else ""),
        (limit,) if limit is not None else (),
    ).fetchall()
    total = len(rows) if limit is None or len(rows) < limit else int(conn.execute(
        f"SELECT count(*) FROM person p WHERE {where}").fetchone()[0])
    return ShortList(total, _briefs(rows))


# ----- the issues tally ---------------------------------------------------------------------


@dataclass(frozen=True)
class IssueCount:
    issue_id: str
    name: str
    people: int  # distinct current people who raised it
    by_department: dict[str | None, int]  # department id (None: no department) -> people


@dataclass(frozen=True)
class IssuesTally:
    """Which issues people raised, overall and by department.

    "Raised by" a person = the issue is linked on their record. Logging a one-on-one links
    its issues to the person's record in the same transaction, so the record holds every
    issue from their one-on-ones plus those an organizer added by hand (from a chat in the
    break room, say). An issue an organizer unlinked from the record is a correction and is
    no longer counted, even if an old one-on-one mentions it. Each person counts once per
    issue; people who left are not counted.
    """

    departments: list[ChartAxis]
    headcount: dict[str | None, int]  # current people per department, for shares
    issues: list[IssueCount]  # most raised first; issues nobody raised come last with 0

    def share(self, issue: IssueCount, department_id: str | None) -> float:
        people = self.headcount.get(department_id, 0)
        return issue.by_department.get(department_id, 0) / people if people else 0.0


def issues_tally(vault: Vault) -> IssuesTally:
    """Speed: each person_issue link carries its person's department and whether they still
    work there (kept right by the schema's triggers), so the counts come from the
    person_issue_tally index alone, read in order, without looking up each linked person
    (figures: make bench). The headcount reads the person_chart index alone."""
    conn = vault.connection
    rows = conn.execute(
        "SELECT issue_id, person_department_id, count(*) FROM person_issue "
        "WHERE person_current = 1 GROUP BY issue_id, person_department_id"
    ).fetchall()
    by_issue: dict[str, dict[str | None, int]] = defaultdict(dict)
    for issue_id, department, count in rows:
        by_issue[str(issue_id)][department] = int(count)
    headcount: dict[str | None, int] = {
        department: int(people)
        for department, people in conn.execute(
            f"SELECT department_id, count(*) FROM person WHERE {_CURRENT} GROUP BY department_id"
        ).fetchall()
    }
    issues = [
        IssueCount(str(i), str(n), sum(by_issue.get(str(i), {}).values()),
                   dict(by_issue.get(str(i), {})))
        for i, n in conn.execute("SELECT id, name FROM workplace_issue").fetchall()
    ]
    issues.sort(key=lambda issue: (-issue.people, issue.name.casefold()))
    departments = _axis(conn, "department",
                        [*headcount, *(d for c in by_issue.values() for d in c)], NO_DEPARTMENT)
    return IssuesTally(departments, headcount, issues)


# ----- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportPoint:
    on: str  # the week's last day, YYYY-MM-DD
    people: int
    supporters: int

    @property
    def share(self) -> float:
        return self.supporters / self.people if self.people else 0.0


def support_history(
    vault: Vault, *, weeks: int = 26, today: dt.date | None = None
) -> list[SupportPoint]:
    """Supporters' share at the end of each of the last `weeks` weeks, the last one today.

    At each date: supporters = people whose latest assessment made on or before that day is
    1-2; people = everyone in the vault who had not left the company by then (left_company_on
    blank or later). Start dates are not used: they are optional and often unknown, and
    nobody is assessed before they join. Dates are the day part of assessed_at; two
    assessments made at the same instant are ordered as on the person's record (the later
    entry wins). People deleted from the vault are gone from the past too.
    """
    if weeks < 1:
        return []
    conn = vault.connection
    last = today or dt.date.today()
    days = [(last - dt.timedelta(days=7 * k)).isoformat() for k in range(weeks - 1, -1, -1)]
    cutoff = days[-1]
    if today is None:
        # Assessments are stamped in UTC: one made this evening west of Greenwich carries
        # tomorrow's date, and must still count today, as it does on the chart.
        cutoff = max(cutoff, dt.datetime.now(dt.UTC).date().isoformat())
    left: dict[str, str] = {
        str(i): str(d)
        for i, d in conn.execute(
            "SELECT id, left_company_on FROM person WHERE left_company_on IS NOT NULL"
        ).fetchall()
    }
    # One pass over every assessment in (person, time) order, the order of the
    # assessment_person index; SQL window functions were ten times slower here. For each
    # person and day only the day's last assessment counts; when it changes their support,
    # that day gets +1 or -1. Leaving the company ends a person's support on that day.
    # Ties at the same instant go as on the person's record: the later created, then the
    # greater UUID (the same in every member's vault).
    rows = conn.execute(
        "SELECT person_id, assessed_at, score FROM assessment "
        "ORDER BY person_id, assessed_at, created_at, id"
    ).fetchall()
    rows.append((None, "", None))  # flushes the last person
    deltas: dict[str, int] = defaultdict(int)
    current: str | None = None
    gone: str | None = None
    supported = 0  # the current person's support as of the last day counted
    day = ""
    supports = 0  # their support after the latest assessment read on `day`
    for person_id, assessed_at, score in rows:
        on_day = assessed_at[:10]
        if person_id != current or on_day != day:
            if supports != supported and day <= cutoff and (gone is None or day < gone):
                deltas[day] += supports - supported
                supported = supports
            if person_id != current:
                if gone is not None and supported:
                    deltas[gone] -= supported
                current, gone, supported = person_id, left.get(person_id), 0
            day = on_day
            supports = 1 if score is not None and score <= 2 else 0
        else:
            # The same day, a later assessment (rows come in the order above).
            supports = 1 if score is not None and score <= 2 else 0

    total = int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    departures = sorted(left.values())
    ordered = sorted(deltas.items())
    result = []
    at = supporters = 0
    for k, point in enumerate(days):
        until = cutoff if k == weeks - 1 else point
        while at < len(ordered) and ordered[at][0] <= until:
            supporters += ordered[at][1]
            at += 1
        people = total - bisect_right(departures, point)
        result.append(SupportPoint(point, people, supporters))
    return result
