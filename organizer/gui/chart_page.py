"""The Chart page: the wall chart (departments x shifts), the majority tracker, who needs
attention, the issues tally and supporters' share over time.

Everything here is read from organizer.core.chart; the page never writes. It refreshes each
time it is shown, so an assessment changed elsewhere shows up the next time it is opened, and
re-reads the thresholds when its window is activated again (after the Settings dialog). The
grid is in wall_chart_grid, the cells' words in chart_cells, the tracker's pictures in
majority_tracker.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, chart, people
from organizer.core.chart import (
    IssuesTally,
    MajorityTracker,
    ShortList,
    SupportPoint,
)
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages, print_preview, printed_copies_ui, theme
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.chart_cells import (
    TOTAL,
    UNASSESSED_COLOUR,
    WARNING,
    Key,
    cell_oc_lines,
    cell_summary,
    chart_definitions,
    describe_total,
    in_this_cell,
    mark_colour,
    oc_sentences,
    score_colour,
    score_mark,
)
from organizer.gui.majority_tracker import (
    HistoryChart,
    ThresholdBar,
    describe_line,
    threshold_text,
)
from organizer.gui.wall_chart_grid import WallChartGrid
from organizer.gui.workers import Task
from organizer.i18n import N_, _, ngettext
from organizer.words import count

# What moved to the cells', grid's and tracker's own modules is still importable from here.
__all__ = [
    "CELL_PEOPLE_SHOWN", "CHART_DOCUMENT_NAME", "PERSON_ROLE", "TOTAL", "UNASSESSED_COLOUR",
    "WARNING", "ChartPage", "HistoryChart", "Key", "ThresholdBar", "WallChartGrid",
    "cell_oc_lines", "cell_summary", "chart_definitions", "choose_chart_pdf_path",
    "describe_line", "describe_total", "in_this_cell", "mark_colour", "oc_sentences",
    "score_colour", "score_mark", "suggested_chart_pdf_name", "threshold_text",
]

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_PEOPLE_SHOWN = 500
CHART_DOCUMENT_NAME = N_("Wall chart")  # neutral: print queues show it
_NO_LIMIT = 16_777_215  # Qt's QWIDGETSIZE_MAX: no maximum size


def suggested_chart_pdf_name(today: dt.date | None = None) -> str:
    """"wall-chart-2026-11-23.pdf": never a campaign's or site's name."""
    return f"wall-chart-{(today or dt.date.today()).isoformat()}.pdf"


def choose_chart_pdf_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the chart's PDF; None when cancelled. A seam for tests."""
    from organizer.gui.call_lists_page import choose_pdf_path

    return choose_pdf_path(parent, suggested, _("Save the wall chart as PDF"))


class _CellPanel(QWidget):
    """The chosen cell's people beside the chart. Its size hint is what the splitter starts
    it at: room for a long name and an assessment, so names are not cut short on a laptop."""

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        wide = metrics.horizontalAdvance("Alexandra Montgomery  2 · Leaning support")
        return QSize(max(self.minimumWidth(), wide + 40), super().sizeHint().height())


def _heading(text: str) -> QLabel:
    # 1.1 times the system's font size, and still so when it changes.
    return theme.heading(QLabel(text), 1.1)


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class ChartPage(QWidget):
    person_requested = Signal(str)

    def __init__(self, vault: Vault, scale: AssessmentScale,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.tracker: MajorityTracker | None = None
        self.tally: IssuesTally | None = None
        self.history: list[SupportPoint] = []
        self.without_oc: ShortList | None = None
        self.leaders: ShortList | None = None
        self._loading = False
        self._sides_set = False  # the chart and the cell list split once there is room

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = title = theme.heading(QLabel(_("Wall chart")), 1.5)
        top.addWidget(title)
        top.addSpacing(20)
        top.addWidget(QLabel(_("Site:")))
        self.site_filter = QComboBox()
        self.site_filter.setAccessibleName(_("Site"))
        self.site_filter.currentIndexChanged.connect(self._site_changed)
        top.addWidget(self.site_filter)
        top.addSpacing(12)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setToolTip(_("Print the wall chart and the tracker's figures "
                                       "(landscape), with a preview first"))
        self.print_button.clicked.connect(self.print_chart)
        top.addWidget(self.print_button)
        self.save_pdf_button = QPushButton(_("Save P&DF…"))
        self.save_pdf_button.setToolTip(_("Save the wall chart as a landscape PDF"))
        self.save_pdf_button.clicked.connect(self.save_pdf)
        top.addWidget(self.save_pdf_button)
        self.print_initials = QCheckBox(_("&Initials on paper"))
        self.print_initials.setToolTip(
            _("Print and Save PDF show the people of each small cell by their initials (of "
              "the code name when there is one). Off: only counts, no one named."))
        top.addWidget(self.print_initials)
        self._task: Task | None = None
        top.addStretch(1)
        outer.addLayout(top)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(_("Key to the wall chart"))
        outer.addWidget(self.legend)
        self.summary = QLabel()
        self._summary_red = theme.warning_colour(self.summary.palette()).name()
        self.summary.installEventFilter(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("The chart's totals"))
        outer.addWidget(self.summary)

        # The wall chart on top with most of the height; the tracker and its lists fold
        # away below it, the whole unit's headline always in view.
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.upper = upper = QSplitter(Qt.Orientation.Horizontal)
        upper.setChildrenCollapsible(False)
        self.grid = WallChartGrid(scale)
        self.grid.cell_clicked.connect(self.show_cell_people)
        self.grid.person_activated.connect(self.person_requested)
        self.grid_area = scroll = QScrollArea()
        scroll.setWidget(self.grid)
        scroll.setWidgetResizable(True)  # the grid takes the width there is (see its cells)
        scroll.setMinimumSize(240, 120)
        upper.addWidget(scroll)
        self.cell_panel = side = _CellPanel()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.cell_heading = _heading(_("Click a cell to see its people"))
        self.cell_heading.setWordWrap(True)
        side_layout.addWidget(self.cell_heading)
        self.cell_people = QTreeWidget()
        self.cell_people.setHeaderLabels([_("Name"), _("Assessment")])
        self.cell_people.setRootIsDecorated(False)
        self.cell_people.setAlternatingRowColors(True)
        self.cell_people.setAccessibleName(_("People in the chosen cell"))
        self.cell_people.setIconSize(QSize(12, 12))
        # Names are never cut short: the name column fits the longest, and the assessment
        # (its number first) takes what is left.
        header = self.cell_people.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.cell_people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cell_people.itemActivated.connect(self._open_tree_item)
        self.cell_people.itemDoubleClicked.connect(self._open_tree_item)
        side_layout.addWidget(self.cell_people, 1)
        hint = QLabel(_("Double-click a name to open their page."))
        hint.setWordWrap(True)
        side_layout.addWidget(hint)
        side.setMinimumWidth(180)
        upper.addWidget(side)
        # The chart takes what the list does not need; the list starts wide enough for
        # names (its size hint) and can be dragged wider.
        upper.setStretchFactor(0, 1)
        upper.setStretchFactor(1, 0)
        splitter.addWidget(upper)

        self.tracker_section = QWidget()
        section = QVBoxLayout(self.tracker_section)
        section.setContentsMargins(0, 0, 0, 0)
        self.tracker_bar = bar = QHBoxLayout()
        self.tracker_toggle = QToolButton()
        self.tracker_toggle.setText(_("&Majority tracker"))
        self.tracker_toggle.setToolTip(
            _("Show or hide the majority tracker, who needs attention, the issues tally and "
              "supporters' share over time"))
        self.tracker_toggle.setAccessibleName(
            _("Majority tracker, who needs attention, issues and momentum"))
        self.tracker_toggle.setCheckable(True)
        self.tracker_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tracker_toggle.setAutoRaise(True)
        self.tracker_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        theme.bold(self.tracker_toggle)
        bar.addWidget(self.tracker_toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.unit_label = QLabel()
        self.unit_label.setWordWrap(True)
        self.unit_label.setAccessibleName(_("The whole unit against the thresholds"))
        bar.addWidget(self.unit_label, 1)
        section.addLayout(bar)

        self.tabs = QTabWidget()
        # Majority tracker
        tracker = QWidget()
        tl = QVBoxLayout(tracker)
        self.threshold_bar = ThresholdBar()
        tl.addWidget(self.threshold_bar)
        self.tracker_table = _tree([_("Group"), _("Supporters"), _("Next line"),
                                    _("What it takes")], _("Majority tracker"))
        tl.addWidget(self.tracker_table, 1)
        self.tabs.addTab(tracker, _("Majority tracker"))
        # Who needs attention
        attention = QWidget()
        al = QHBoxLayout(attention)
        left = QVBoxLayout()
        self.without_oc_heading = _heading(_("No OC member assigned"))
        left.addWidget(self.without_oc_heading)
        self.without_oc_list = _tree([_("Name"), _("Department"), _("Shift"), _("Assessment")],
                                     _("People with no OC member"))
        self.without_oc_list.itemDoubleClicked.connect(self._open_tree_item)
        left.addWidget(self.without_oc_list)
        right = QVBoxLayout()
        self.leaders_heading = _heading(_("Organic leaders not yet 1–2"))
        right.addWidget(self.leaders_heading)
        self.leaders_list = _tree([_("Name"), _("Department"), _("Shift"), _("Assessment"),
                                   ngettext("OC member", "OC members", 1)],
                                  _("Organic leaders not yet supportive"))
        self.leaders_list.itemDoubleClicked.connect(self._open_tree_item)
        right.addWidget(self.leaders_list)
        al.addLayout(left)
        al.addLayout(right)
        self.tabs.addTab(attention, _("Who needs attention"))
        # Issues
        self.issues_table = _tree([_("Issue"), _("People")], _("Issues tally"))
        self.tabs.addTab(self.issues_table, _("Issues"))
        # History
        history = QWidget()
        hl = QVBoxLayout(history)
        hl.addWidget(QLabel(_("Share of supporters (1–2) at the end of each week; "
                              "dashed lines are the thresholds.")))
        self.history_chart = HistoryChart()
        hl.addWidget(self.history_chart, 1)
        self.tabs.addTab(history, _("Momentum"))
        section.addWidget(self.tabs, 1)
        splitter.addWidget(self.tracker_section)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)
        self._fill_legend()
        # Open or folded as this campaign last left it (folded at first: the chart first).
        self.tracker_toggle.setChecked(not chart.tracker_folded(vault))
        self._show_tracker_section(self.tracker_toggle.isChecked())
        self.tracker_toggle.toggled.connect(self.fold_tracker_toggled)

    # ----- data ---------------------------------------------------------------------------

    def _fill_legend(self) -> None:
        parts = []
        for level in self.scale.levels:
            parts.append(f"<span style='color:{level.colour}'>●</span> {level.score} "
                         f"{html.escape(level.label)}")
        parts.append(f"<span style='color:{UNASSESSED_COLOUR.name()}'>●</span> ? "
                     + html.escape(_("not assessed")))
        parts.append(" " + html.escape(_("Ringed = OC member, square = organic leader. "
                                         "Big cells show a bar of counts by assessment.")))
        # Translators: says how a badge and a bar show assessments without colour.
        parts.append(" " + html.escape(_("The number in a badge's corner and each part of a "
                                         "bar (“2: 5”: five people at 2) give the "
                                         "assessment.")))
        words = chart_definitions()
        self.legend.setText(
            "&nbsp;&nbsp;".join(parts) + "<br>"
            + " ".join(f"<b>{html.escape(term)}</b>: {html.escape(meaning)}"
                       + ("" if meaning.endswith(".") else ".")
                       for term, meaning in words))
        plain = " ".join(f"{term}: {meaning}" for term, meaning in words)
        # Translators: {definitions} is "Coverage: the share of … OC ratio 1:N: …".
        self.legend.setToolTip(_("{definitions} (More in Help › Guide.)").format(
            definitions=plain))
        self.legend.setAccessibleDescription(plain)
        self.grid.setAccessibleDescription(
            _("Departments down, shifts across; each cell counts its people by assessment. "
              "{definitions}").format(definitions=plain))

    def _show_tracker_section(self, shown: bool) -> None:
        self.tabs.setVisible(shown)
        handle = self.splitter.handle(1)
        if handle is not None:
            handle.setEnabled(shown)  # folded, there is nothing to drag
        self.tracker_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if shown:
            self.tracker_section.setMaximumHeight(_NO_LIMIT)
            self._give_chart_most_height()
        else:
            self._fit_folded_tracker()

    def _give_chart_most_height(self) -> None:
        """Open, the tracker gets 2 parts of the height and the wall chart 3."""
        room = sum(self.splitter.sizes())
        if room > 0:
            self.splitter.setSizes([room * 3 // 5, room - room * 3 // 5])

    def _fit_folded_tracker(self) -> None:
        """Folded, the section is only its headline row, however many lines that wraps to:
        the splitter gives the wall chart all the rest."""
        if self.tracker_toggle.isChecked():
            return
        bar = self.tracker_bar
        width = self.tracker_section.width()
        height = (bar.heightForWidth(width) if bar.hasHeightForWidth() and width > 0
                  else -1)
        self.tracker_section.setMaximumHeight(max(height, bar.sizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_folded_tracker()
        self._split_once()

    def _split_once(self) -> None:
        """The first time the page is shown: the cell list as wide as names need (its
        hint), but never more than 30% of a small screen; the chart gets the rest, and
        most of the height when the tracker is open. Later the organizer's own dragging
        stands."""
        if self._sides_set or not self.isVisible() or self.upper.width() <= 0:
            return
        if self.tracker_toggle.isChecked():
            self._give_chart_most_height()
        room = self.upper.width() - self.upper.handleWidth()
        side = min(self.cell_panel.sizeHint().width(),
                   max(self.cell_panel.minimumWidth(), room * 3 // 10))
        self.upper.setSizes([room - side, side])
        self._sides_set = True

    def fold_tracker_toggled(self, shown: bool) -> None:
        """Open or fold the tracker, and keep the choice in this campaign's vault."""
        self._show_tracker_section(shown)
        chart.set_tracker_folded(self.vault, not shown)

    def _reload_sites(self) -> None:
        chosen = self.site_filter.currentData()
        self.site_filter.blockSignals(True)
        self.site_filter.clear()
        self.site_filter.addItem(_("All sites"), None)
        for entry in campaign.list_entries(self.vault, "site"):
            self.site_filter.addItem(entry.name, entry.id)
        index = self.site_filter.findData(chosen) if chosen is not None else 0
        self.site_filter.setCurrentIndex(max(0, index))
        self.site_filter.blockSignals(False)

    def site_id(self) -> str | None:
        value = self.site_filter.currentData()
        return value if isinstance(value, str) else None

    # ----- printing -----------------------------------------------------------------------

    def copy_recipient(self) -> str:
        """Who a printed chart is for: me, when the vault knows who I am (else no one)."""
        from organizer.core.committee import identity

        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            return ""
        return me.name if me is not None else ""

    def print_chart(self) -> bool:
        """The chart as it will print (landscape); True when it was printed from there."""
        from organizer.reports.chart_pdf import (
            chart_print,
            landscape,
            preview_wall_chart,
            render_wall_chart,
        )

        data = chart_print(self.vault, site_id=self.site_id())
        initials = self.print_initials.isChecked()
        try:
            pages = preview_wall_chart(data, initials=initials,
                                       copy_mark=printed_copies_ui.preview_mark(
                                           printed_for=self.copy_recipient()))
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        if not print_preview.show_preview(self, pages):
            return False
        printer = print_preview.new_printer("auto", _(CHART_DOCUMENT_NAME))
        landscape(printer)
        if not print_preview.choose_printer(self, printer):
            return False
        logged = printed_copies_ui.record(self, self.vault, "wall chart",
                                          printed_for=self.copy_recipient(),
                                          description=data.site_name)
        if logged is None:
            return False
        copy, mark = logged
        printed = 0
        try:
            printed = render_wall_chart(printer, data, initials=initials, copy_mark=mark)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        finally:
            printed_copies_ui.finished(self.vault, copy, printed)
        return True

    def save_pdf(self) -> Task | None:
        """Ask where, then write the chart's PDF in the background."""
        from organizer.reports.chart_pdf import chart_print, render_wall_chart_pdf

        path = choose_chart_pdf_path(self, suggested_chart_pdf_name())
        if path is None:
            return None
        data = chart_print(self.vault, site_id=self.site_id())
        initials = self.print_initials.isChecked()
        logged = printed_copies_ui.record(self, self.vault, "wall chart",
                                          printed_for=self.copy_recipient(),
                                          description=data.site_name)
        if logged is None:
            return None
        copy, mark = logged

        def work(_progress: object) -> int:
            return render_wall_chart_pdf(data, path, initials=initials, copy_mark=mark)

        self.save_pdf_button.setEnabled(False)
        task = Task(work, parent=self, label=_("Writing the PDF…"))
        task.succeeded.connect(lambda pages: self._pdf_written(path, pages, copy))
        task.failed.connect(lambda error: self._pdf_failed(error, copy))
        task.finished.connect(self._pdf_finished)
        self._task = task
        return task.start()

    def _pdf_written(self, path: Path, pages: object,
                     copy: PrintedCopy | None = None) -> None:
        if not shiboken6.isValid(self):
            return
        written = int(pages) if isinstance(pages, int) else 0
        if copy is not None and self.vault.is_open:
            printed_copies_ui.finished(self.vault, copy, max(written, 1))
        saved = ngettext("Saved the wall chart ({n} page) as {file}.",
                         "Saved the wall chart ({n} pages) as {file}.", written).format(
            n=formats.number(written), file=html.escape(path.name))
        self.summary.setText(f"{self.summary.text()} <i>{saved}</i>")

    def _pdf_failed(self, error: object, copy: PrintedCopy | None = None) -> None:
        if not shiboken6.isValid(self):
            return
        if copy is not None and self.vault.is_open:
            printed_copies_ui.finished(self.vault, copy, 0)  # nothing to shred
        if isinstance(error, OrganizerError):
            messages.warn_error(self, error)
        else:
            messages.warn(self, _("Organizer could not write the PDF."), str(error))

    def _pdf_finished(self) -> None:
        if shiboken6.isValid(self):
            self._task = None
            self.save_pdf_button.setEnabled(True)

    def _site_changed(self) -> None:
        if not self._loading:
            self._refresh_chart()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._split_once()
        self.refresh()

    def event(self, event: QEvent) -> bool:
        # The window-modal Settings dialog can change the thresholds while this page stays
        # shown (no showEvent); its window is activated again when the dialog closes.
        if event.type() == QEvent.Type.WindowActivate and self.isVisible():
            self.refresh_thresholds()
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The totals' own palette, once it has changed (the page hears of a change before
        # its children have the new palette).
        if watched is self.summary and event.type() == QEvent.Type.PaletteChange:
            self._recolour_summary()
        return super().eventFilter(watched, event)

    def _recolour_summary(self) -> None:
        """The totals' warning in the red readable on the palette now in use (a dark or
        high-contrast theme chosen while Organizer runs)."""
        red = theme.warning_colour(self.summary.palette()).name()
        if red != self._summary_red:
            self.summary.setText(self.summary.text().replace(
                f"color:{self._summary_red}", f"color:{red}"))
            self._summary_red = red

    def refresh_thresholds(self) -> None:
        """Measure against the campaign's thresholds again if they changed (one tiny read
        when they did not)."""
        lines = campaign.thresholds(self.vault)
        if self.tracker is None or lines == self.tracker.thresholds:
            return
        self.tracker = chart.majority_tracker(self.vault, site_id=self.site_id())
        self._show_tracker()
        self.history_chart.set_points(self.history, lines)

    def refresh(self) -> None:
        """Read everything again (cheap: each figure is one grouped query)."""
        self._loading = True
        try:
            self._reload_sites()
        finally:
            self._loading = False
        self._refresh_chart()
        self.without_oc = chart.people_without_oc_member(self.vault, limit=100)
        self.leaders = chart.organic_leaders_not_supportive(self.vault, limit=100)
        self.tally = chart.issues_tally(self.vault)
        self.history = chart.support_history(self.vault, weeks=26)
        self._show_lists()
        self._show_tally()
        self.history_chart.set_points(self.history, campaign.thresholds(self.vault))

    def _refresh_chart(self) -> None:
        site = self.site_id()
        wall = chart.wall_chart(self.vault, site_id=site)
        self.grid.set_chart(wall)
        self.tracker = chart.majority_tracker(self.vault, site_id=site)
        self.summary.setText(describe_total(wall, self.summary.palette()))
        self._summary_red = theme.warning_colour(self.summary.palette()).name()
        self.summary.setToolTip(
            _("People who left the company stay in the vault, and the People page lists "
              "them, but they are not on the chart or in any of its figures."))
        self._show_tracker()
        if self.grid.selected is not None:
            try:
                self.show_cell_people(*self.grid.selected)
            except KeyError:
                self.grid.selected = None

    def _show_tracker(self) -> None:
        tracker = self.tracker
        if tracker is None:
            return
        unit = tracker.unit
        share, target, needed = describe_line(unit)
        # Translators: {share} is "40% (12 of 30)", {target} "50%", {needed} "3 more to
        # reach 50%".
        self.unit_label.setText(_("Whole unit: {share} supporters · next line {target} · "
                                  "{needed}").format(share=share, target=target,
                                                     needed=needed))
        self.threshold_bar.set_values(unit.share, tracker.thresholds)
        self.tracker_table.clear()
        for heading, lines in ((_("Departments"), tracker.departments),
                               (_("Shifts"), tracker.shifts)):
            head = QTreeWidgetItem([heading])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tracker_table.addTopLevelItem(head)
            for line in lines:
                self.tracker_table.addTopLevelItem(
                    QTreeWidgetItem(["   " + line.name, *describe_line(line)]))

    def _show_lists(self) -> None:
        for tree, heading, found, base, with_oc in (
            (self.without_oc_list, self.without_oc_heading, self.without_oc,
             _("No OC member assigned"), False),
            (self.leaders_list, self.leaders_heading, self.leaders,
             _("Organic leaders not yet 1–2"), True),
        ):
            tree.clear()
            if found is None:
                continue
            heading.setText(f"{base} ({formats.number(found.total)})")
            for p in found.people:
                values = [p.display_name, p.department, p.shift, self.scale.text(p.assessment)]
                if with_oc:
                    # Translators: no OC member is assigned to this person.
                    values.append(p.oc_member or _("none"))
                item = QTreeWidgetItem(values)
                item.setData(0, PERSON_ROLE, p.id)
                tree.addTopLevelItem(item)

    def _show_tally(self) -> None:
        tally = self.tally
        if tally is None:
            return
        self.issues_table.clear()
        headers = [_("Issue"), _("People")] + [d.name for d in tally.departments]
        self.issues_table.setHeaderLabels(headers)
        for issue in tally.issues:
            values = [issue.name, formats.number(issue.people)]
            for d in tally.departments:
                n = issue.by_department.get(d.id, 0)
                values.append(f"{formats.number(n)} ({formats.percent(tally.share(issue, d.id))})"
                              if n else "—")
            self.issues_table.addTopLevelItem(QTreeWidgetItem(values))

    # ----- a cell's people ----------------------------------------------------------------

    def _axis_name(self, axis_id: str | None, names: list[chart.ChartAxis], all_text: str,
                   none_text: str) -> str:
        if axis_id == TOTAL:
            return all_text
        for axis in names:
            if axis.id == axis_id:
                return axis.name
        return none_text

    def cell_filter(self, department_id: str | None, shift_id: str | None) -> PeopleFilter:
        """Who is in a cell: its department and shift (None is the "No department" row or
        "No shift" column, TOTAL every one) at the chosen site."""

        def only(axis_id: str | None, blank: str) -> frozenset[str]:
            if axis_id == TOTAL:
                return frozenset()
            return frozenset({blank if axis_id is None else axis_id})

        site = self.site_id()
        return PeopleFilter(
            department_ids=only(department_id, people.NO_DEPARTMENT),
            shift_ids=only(shift_id, people.NO_SHIFT),
            site_ids=frozenset({site}) if site else frozenset(),
            current_only=True,  # the chart leaves out people who left the company
        )

    def show_cell_people(self, department_id: str | None, shift_id: str | None) -> None:
        wall = self.grid.chart
        if wall is None:
            return
        cell = self.grid.cell_for(department_id, shift_id)
        where = " · ".join((
            self._axis_name(department_id, wall.rows, _("All departments"),
                            _(chart.NO_DEPARTMENT)),
            self._axis_name(shift_id, wall.columns, _("All shifts"), _(chart.NO_SHIFT)),
        ))
        self.cell_people.clear()
        rows: list[tuple[str, str, int | None]] = []
        if cell.badges is not None:
            rows = [(b.person_id, b.display_name, b.assessment) for b in cell.badges]
        else:
            found = people.first_people_ids(
                self.vault, self.cell_filter(department_id, shift_id), limit=CELL_PEOPLE_SHOWN)
            rows = [(r.id, r.display_name, r.assessment)
                    for r in people.people_rows(self.vault, found)]
        # Translators: how many of a cell's people the list shows: "500 shown".
        shown = (_("{n} shown").format(n=formats.number(len(rows)))
                 if len(rows) < cell.people else "")
        self.cell_heading.setText(f"{where}: {count(cell.people, 'person', 'people')}"
                                  + (f" ({shown})" if shown else ""))
        items = []
        for person_id, name, score in rows:
            item = QTreeWidgetItem([name, self.scale.text(score)])
            item.setData(0, PERSON_ROLE, person_id)
            item.setData(0, Qt.ItemDataRole.DecorationRole, score_colour(self.scale, score))
            item.setToolTip(0, name)
            item.setToolTip(1, self.scale.text(score))
            items.append(item)
        self.cell_people.addTopLevelItems(items)

    def cell_people_names(self) -> list[str]:
        return [item.text(0) for item in self.cell_people_items()]

    def cell_people_items(self) -> list[QTreeWidgetItem]:
        tree = self.cell_people
        return [item for i in range(tree.topLevelItemCount())
                if (item := tree.topLevelItem(i)) is not None]

    def _open_tree_item(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, PERSON_ROLE)
        if isinstance(person_id, str):
            self.person_requested.emit(person_id)
