"""The words and colours of the wall chart's cells: what a cell says of its people, OC and
coverage (painted, in tooltips and in the totals), and the colours of assessments on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette

from organizer import formats
from organizer.core import chart
from organizer.core.chart import ChartCell, WallChart
from organizer.gui import theme
from organizer.gui.assessment_badge import AssessmentScale
from organizer.i18n import _, ngettext
from organizer.words import count

WARNING = "⚠"
# A swatch, never a text colour: what is drawn on it (its "?") takes mark_colour's black or
# white, and the legend says "?" beside it in the palette's own colour.
UNASSESSED_COLOUR = QColor("#b8b8b8")

Key = tuple[str | None, str | None]
TOTAL = "__total__"  # a column/row key meaning "all"


def _ratio_text(cell: ChartCell) -> str:
    """"1:8": coworkers per OC member, never "1:0" when the OC outnumbers the others."""
    ratio = cell.oc_ratio
    return "" if ratio is None else f"1:{max(1, round(ratio))}"


def in_this_cell() -> str:
    """The default `place` of a cell's sentences."""
    # Translators: completes "Nobody {place}", "No OC member {place}": where the figures
    # are. Also "in this department", "on this shift", "on the chart".
    return _("in this cell")


def oc_sentences(cell: ChartCell, place: str | None = None) -> list[str]:
    """What a cell says about its OC members and coverage, in words that cannot contradict
    each other: a cell with no OC member never says "covered 100%" (its coworkers' OC
    members are in other cells). `place` is "in this cell", "in this department"..."""
    if not cell.people:
        return []
    place = in_this_cell() if place is None else place
    oc_members = count(cell.oc_members, "OC member", "OC members")
    coworkers = count(cell.coworkers, "coworker", "coworkers")
    if not cell.coworkers:
        # Translators: {oc_members} is "2 OC members"; {place} is "in this cell" and so on.
        return [_("{oc_members} and no other coworkers {place}").format(
            oc_members=oc_members, place=place)]
    covered = formats.number(cell.covered)
    if not cell.oc_members:
        if cell.covered:
            # Translators: {coworkers} is "3 coworkers": "1 of 3 coworkers has an OC member
            # elsewhere" (in another cell of the chart).
            have = ngettext("{covered} of {coworkers} has an OC member elsewhere",
                            "{covered} of {coworkers} have an OC member elsewhere",
                            cell.covered)
        else:
            have = ngettext("{covered} of {coworkers} has an OC member",
                            "{covered} of {coworkers} have an OC member", cell.covered)
        return [f"{WARNING} " + _("No OC member {place}").format(place=place),
                have.format(covered=covered, coworkers=coworkers)]
    per = count(max(1, round(cell.oc_ratio or 0)), "coworker", "coworkers")
    lines = [
        # Translators: "2 OC members · OC ratio 1:8 (8 coworkers per OC member)". 1:N
        # means N coworkers for each OC member.
        _("{oc_members} · OC ratio {ratio} ({per} per OC member)").format(
            oc_members=oc_members, ratio=_ratio_text(cell), per=per),
        # Translators: "Coverage 80%: 8 of 10 coworkers have an OC member". Coverage is
        # the share of coworkers with an OC member assigned to them.
        ngettext("Coverage {percent}: {covered} of {coworkers} has an OC member",
                 "Coverage {percent}: {covered} of {coworkers} have an OC member",
                 cell.covered).format(percent=formats.percent(cell.coverage),
                                      covered=covered, coworkers=coworkers),
    ]
    if cell.ratio_warning:
        # Translators: {warning} says how thin the OC is: "1 OC member per 14 coworkers
        # (aim for 1 per 10)".
        lines.append(f"{WARNING} " + _("Too few OC: {warning}").format(
            warning=cell.ratio_warning))
    return lines


def cell_summary(cell: ChartCell, place: str | None = None) -> str:
    """The words a cell shows, also used for tooltips and by tests."""
    place = in_this_cell() if place is None else place
    if not cell.people:
        # Translators: {place} is "in this cell", "in this department"…
        return _("Nobody {place}").format(place=place)
    lines = [
        f"{count(cell.people, 'person', 'people')} · "
        f"{count(cell.supporters, 'supporter', 'supporters')} "
        f"({formats.percent(cell.share)})",
        _("{assessed} of {people} assessed").format(
            assessed=formats.number(cell.assessed), people=formats.number(cell.people)),
        *oc_sentences(cell, place),
    ]
    return "\n".join(lines)


def cell_oc_lines(cell: ChartCell, width: int, metrics: QFontMetrics,
                  place: str | None = None) -> tuple[str, str, bool]:
    """The two short lines at the foot of a painted cell, as long as `width` allows, and
    whether the first is a warning (painted red, but always with its sign and words)."""

    def fit(*candidates: str) -> str:
        for text in candidates:
            if metrics.horizontalAdvance(text) <= width:
                return text
        return metrics.elidedText(candidates[-1], Qt.TextElideMode.ElideRight, width)

    place = in_this_cell() if place is None else place
    if not cell.people:
        return "", "", False
    covered = formats.number(cell.covered)
    total = formats.number(cell.coworkers)
    if not cell.coworkers:
        oc_number = formats.number(cell.oc_members)
        return fit(_("{oc_members}, nobody else").format(
                       oc_members=count(cell.oc_members, "OC member", "OC members")),
                   # Translators: short for "2 OC members, nobody else".
                   _("OC {n}, nobody else").format(n=oc_number)), "", False
    if not cell.oc_members:
        first = fit(f"{WARNING} " + _("No OC member {place}").format(place=place),
                    f"{WARNING} " + _("No OC member here"), f"{WARNING} " + _("No OC member"))
        if cell.covered:
            # Translators: three ever shorter forms of one line painted in a chart cell:
            # "1 of 3 have an OC member elsewhere" (in another cell).
            second = fit(ngettext("{covered} of {total} has an OC member elsewhere",
                                  "{covered} of {total} have an OC member elsewhere",
                                  cell.covered).format(covered=covered, total=total),
                         ngettext("{covered} of {total} has OC elsewhere",
                                  "{covered} of {total} have OC elsewhere",
                                  cell.covered).format(covered=covered, total=total),
                         ngettext("{covered}/{total} has OC elsewhere",
                                  "{covered}/{total} have OC elsewhere",
                                  cell.covered).format(covered=covered, total=total))
        else:
            second = fit(_("0 of {total} have an OC member").format(total=total),
                         # Translators: none of the cell's coworkers has an OC member.
                         _("0 of {total} covered").format(total=total))
        return first, second, True
    ratio = _ratio_text(cell)
    oc_members = count(cell.oc_members, "OC member", "OC members")
    if cell.ratio_warning:
        first = fit(f"{WARNING} " + _("Too few OC: {oc_members} · {ratio}").format(
                        oc_members=oc_members, ratio=ratio),
                    f"{WARNING} " + _("Too few OC ({ratio})").format(ratio=ratio),
                    f"{WARNING} {ratio}")
    else:
        first = fit(_("{oc_members} · OC ratio {ratio}").format(oc_members=oc_members,
                                                                ratio=ratio),
                    f"{oc_members} · {ratio}",
                    # Translators: short for "2 OC members · 1:8".
                    _("OC {n} · {ratio}").format(n=formats.number(cell.oc_members),
                                                 ratio=ratio))
    pct = formats.percent(cell.coverage)
    second = fit(ngettext("Coverage {percent}: {covered} of {total} has an OC member",
                          "Coverage {percent}: {covered} of {total} have an OC member",
                          cell.covered).format(percent=pct, covered=covered, total=total),
                 _("Coverage {percent} ({covered} of {total})").format(
                     percent=pct, covered=covered, total=total),
                 _("Coverage {percent}").format(percent=pct))
    return first, second, bool(cell.ratio_warning)


def chart_definitions() -> list[tuple[str, str]]:
    """(term, meaning) for the words of the chart's cells, in Help › Guide's own words
    (the guide's glossary says the same sentences)."""

    def lower(text: str) -> str:
        return text[:1].lower() + text[1:]

    return [
        (_("Coverage"),
         lower(_("The share of coworkers who have an OC member assigned to them."))),
        # Translators: 1:N is how the OC ratio is written ("1:8": 8 coworkers for each OC
        # member); keep it as it is.
        (_("OC ratio 1:N"),
         lower(_("Coworkers per OC member, written 1:N. Aim for 1:{limit} or better.")
               .format(limit=chart.OC_RATIO_LIMIT))),
        (_("Coworkers"), _("everyone not on the OC")),
    ]


def describe_total(wall: WallChart, palette: QPalette | None = None) -> str:
    """The chart's totals in one line (rich text). It says how many who left are not
    charted: the People page and the status bar count them, so their totals are larger.
    Its warning is in the red readable on `palette`'s window (the application's if None),
    and says so in a sign and words too."""
    total = wall.total
    people_n = formats.number(total.people)
    if wall.left_company:
        left = ngettext("{n} who left the company is not charted",
                        "{n} who left the company are not charted",
                        wall.left_company).format(n=formats.number(wall.left_company))
        # Translators: {left} is "3 who left the company are not charted".
        on_chart = ngettext("<b>{n}</b> person on the chart ({left})",
                            "<b>{n}</b> people on the chart ({left})",
                            total.people).format(n=people_n, left=left)
    else:
        on_chart = ngettext("<b>{n}</b> person on the chart", "<b>{n}</b> people on the chart",
                            total.people).format(n=people_n)
    warnings = sum(1 for c in wall.cells.values() if c.ratio_warning)
    parts = [
        on_chart,
        ngettext("<b>{n}</b> supporter ({percent})", "<b>{n}</b> supporters ({percent})",
                 total.supporters).format(n=formats.number(total.supporters),
                                          percent=formats.percent(total.share)),
        ngettext("{n} assessed", "{n} assessed", total.assessed).format(
            n=formats.number(total.assessed)),
        count(total.oc_members, "OC member", "OC members"),
        # Translators: the share of coworkers with an OC member assigned to them.
        _("coverage {percent}").format(percent=formats.percent(total.coverage)),
    ]
    text = " · ".join(parts) + "."
    if warnings:
        need = ngettext("{n} cell needs more OC members.", "{n} cells need more OC members.",
                        warnings).format(n=formats.number(warnings))
        red = theme.warning_colour(palette).name()
        text += f" <span style='color:{red}'>{WARNING} {need}</span>"
    return text


def score_colour(scale: AssessmentScale, score: int | None) -> QColor:
    return scale.colour(score) or UNASSESSED_COLOUR


def mark_colour(*backgrounds: QColor) -> QColor:
    """Black or white, whichever reads better on every one of `backgrounds` (a swatch and
    its hatching): what is written on a coloured swatch or bar (its "?" or number)."""
    return max((QColor("#000000"), QColor("#ffffff")),
               key=lambda ink: min(theme.contrast(ink, b) for b in backgrounds))



def score_mark(score: int | None) -> str:
    """What a badge or a bar part says of its assessment: the number, "?" for none."""
    return "?" if score is None else str(score)
