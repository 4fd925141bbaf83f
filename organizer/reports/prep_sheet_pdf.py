"""The one-on-one prep sheet: one page to read before talking with a coworker (its name and
facts, open follow-ups, issues, last conversations, assessment history, and ruled lines to
plan the conversation), painted like the call lists and written the same way (0600).

It lived in call_list_pdf, which still re-exports its names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPainter

from organizer.core import campaign, conversations, follow_ups, people, workplace_issues
from organizer.core.vault import Vault
from organizer.reports.call_list_pdf import (
    _BLACK,
    _DETAIL_PT,
    _GREY,
    _LABEL_PT,
    _RULE,
    _draw_footer,
    _draw_text,
    _Geometry,
    _line,
    _Painter,
    ensure_gui_application,
    last_contact_text,
    write_pdf,
)
from organizer.reports.pages import PdfNotWritten

PREP_TITLE = "One-on-one prep"
PREP_ITEMS_PER_SECTION = 5  # the newest; the app has the rest


@dataclass(frozen=True)
class PrepSheet:
    """What a one-page prep sheet shows, read from the vault by `prep_sheet`."""

    name: str
    facts: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, items), in order


def prep_sheet(vault: Vault, person_id: str, *, today: dt.date | None = None) -> PrepSheet:
    """A person's open follow-ups, issues, assessment history and last conversations.

    For the organizer who holds the conversation, not for handing out: people are shown by
    their display name (the code name when there is one), and free text (follow-ups, what
    was said) is printed as written, so it may name people.
    """
    today = today or dt.date.today()
    person = people.get_person(vault, person_id)
    labels = {level.score: level.label for level in campaign.assessment_scale(vault)}
    places = {e.id: e.name for kind in ("department", "shift", "site")
              for e in campaign.list_entries(vault, kind)}

    def score(value: int | None) -> str:
        return f"{value} {labels.get(value, '')}".strip() if value is not None else "not assessed"

    facts = []
    place = " / ".join(places[i] for i in (person.department_id, person.shift_id, person.site_id)
                       if i and i in places)
    if place:
        facts.append(place)
    facts.append(f"Assessment: {score(person.assessment)}")
    facts.append(last_contact_text(person.last_contact_on, today))
    if person.assigned_oc_member_id:
        organizer = people.get_person(vault, person.assigned_oc_member_id)
        facts.append(f"Organizer: {organizer.display_name}")
    open_follow_ups = tuple(
        f"{f.due_on}{' (overdue)' if f.is_overdue(today) else ''}: "
        f"{f.description or 'follow up'}{f' ({f.owner})' if f.owner else ''}"
        for f in follow_ups.follow_ups_for(vault, person_id) if f.done_at is None
    )
    issues = tuple(i.name for i in workplace_issues.issues_for_person(vault, person_id))
    history = tuple(
        f"{a.assessed_at[:10]}: {score(a.score)} ({a.basis}"
        f"{', by ' + a.assessed_by if a.assessed_by else ''}){': ' + a.note if a.note else ''}"
        for a in people.assessment_history(vault, person_id)
    )
    talks = tuple(
        f"{o.held_on}, {o.channel}{', with ' + o.oc_member if o.oc_member else ''}"
        f"{': ' + o.summary if o.summary else ''}"
        for o in conversations.one_on_ones_for(vault, person_id)
    )
    return PrepSheet(
        name=person.display_name,
        facts=tuple(facts),
        sections=(
            ("Open follow-ups", open_follow_ups or ("None.",)),
            ("Issues they raised", (", ".join(issues),) if issues else ("None yet.",)),
            ("Last conversations", talks or ("None yet.",)),
            ("Assessment history", history or ("None yet.",)),
        ),
    )


def render_prep_sheet(device: QPagedPaintDevice, sheet: PrepSheet, *,
                      printed_on: dt.date) -> int:
    """Paint a one-page prep sheet; what does not fit is counted ("3 more not shown").
    Returns 1."""
    ensure_gui_application()
    p = _Painter(device)
    painter = QPainter()
    if not painter.begin(device):
        raise PdfNotWritten("Organizer could not start printing. Nothing was printed.")
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap)
    footer = 8.0
    plan_lines = ("Agitate", "Educate", "Inoculate", "Organize", "Uplift / the ask")
    plan_height = 9.0 + len(plan_lines) * 11.0 + 3.0
    bottom = p.height - footer - plan_height - 2.0

    def block(text: str, points: float, y: float, *, bold: bool = False, indent: float = 0.0,
              limit: float | None = None, dry_run: bool = False) -> float | None:
        """Draw wrapped text at y; returns the next y, or None when it would pass `limit`
        (with `dry_run`, only measure)."""
        font = p.font(points, bold)
        width = p.width - indent
        bound = p.metrics(points, bold).boundingRect(
            QRectF(0, 0, p.mm(width), p.mm(200)), flags, text)
        height = bound.height() / p.px_per_mm + 0.8
        if limit is not None and y + height > limit:
            return None
        if dry_run:
            return y + height
        painter.setFont(font)
        painter.setPen(_BLACK)
        painter.drawText(p.rect(indent, y, width, height), flags, text)
        return y + height

    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        y = 0.0
        head_font, head = p.fit(f"{PREP_TITLE}: {sheet.name}", 16, p.width, bold=True,
                                smallest=11)
        _draw_text(painter, p, p.rect(0, y, p.width, 8), head, head_font)
        y += 8.5
        y = block("   ·   ".join((*sheet.facts, f"Printed {printed_on.isoformat()}")),
                  _DETAIL_PT, y) or y
        _line(painter, p, 0, y + 0.8, p.width, y + 0.8, 0.5, _BLACK)
        y += 3.0
        for heading, items in sheet.sections:
            after = block(heading, 12.5, y, bold=True, limit=bottom - 12)
            if after is None:
                break
            y = after
            for shown, item in enumerate(items):
                fits = shown < PREP_ITEMS_PER_SECTION and block(
                    f"•  {item}", _DETAIL_PT, y, indent=3.0, limit=bottom - 6, dry_run=True)
                if not fits:
                    y = block(f"…and {len(items) - shown} more (see the app)", _LABEL_PT, y,
                              indent=3.0) or y
                    break
                y = block(f"•  {item}", _DETAIL_PT, y, indent=3.0) or y
            y += 2.0
        # Room to plan the conversation, whatever the lists above took.
        y = p.height - footer - plan_height
        _draw_text(painter, p, p.rect(0, y, p.width, 7), "Plan for this conversation",
                   p.font(12.5, bold=True))
        y += 9.0
        for label in plan_lines:
            _draw_text(painter, p, p.rect(0, y, 40, 5), label, p.font(_LABEL_PT), colour=_GREY)
            for offset in (5.0, 10.5):
                _line(painter, p, 0, y + offset, p.width, y + offset, 0.25, _RULE)
            y += 11.0
        _draw_footer(painter, p, _Geometry(0, 0, footer, 0, 0, (0, 0), 0))
    finally:
        painter.end()
    return 1


def render_prep_sheet_pdf(
    vault: Vault, person_id: str, out_path: Path | str, *, printed_on: dt.date | None = None,
    page_size: str = "auto",
) -> int:
    """A one-page one-on-one prep sheet for a person as a PDF (0600). Returns 1."""
    printed_on = printed_on or dt.date.today()
    sheet = prep_sheet(vault, person_id, today=printed_on)
    return write_pdf(out_path, page_size,
                     lambda writer: render_prep_sheet(writer, sheet, printed_on=printed_on),
                     title=PREP_TITLE)
