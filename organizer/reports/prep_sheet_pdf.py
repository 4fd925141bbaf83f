"""The one-on-one prep sheet: one page to read before talking with a coworker, for the
preview, the printer or a PDF, all from the same layout.

The page: the person's name and facts, then their open follow-ups, the issues they raised,
their last conversations (newest first: what was asked, answered and committed, each part
under its bold label) and their assessment history, and at the bottom ruled lines to plan
the conversation (AEIOU).

It is always one page, and nothing on it stops in the middle of a sentence or a word. Each
section has a share of the page (the conversations the largest) and lends what it does not
need to the others. A note that does not fit whole is printed up to its last whole sentence
that fits, followed by "…"; the notes after it are left out whole and counted ("…and 3 more
(see the app)"), so the organizer knows there is more on the person's page. Text is laid
out with QTextLayout on the device it is drawn on, so what was measured is what is drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from organizer import formats
from organizer.core import campaign, conversations, follow_ups, people, workplace_issues
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import N_, _, ngettext
from organizer.reports.call_list_pdf import (
    _BLACK,
    _DETAIL_PT,
    _GREY,
    _LABEL_PT,
    _RULE,
    MARK_MM,
    PDF_RESOLUTION,
    _draw_footer,
    _draw_text,
    _Geometry,
    _line,
    _Painter,
    configure_page,
    ensure_gui_application,
    last_contact_text,
    level_label,
    printed_text,
    write_pdf,
)
from organizer.reports.pages import Layout, page_images, paint_pages

# The PDF's title and the print queue's name, never a person's (marked: translate with _()).
PREP_TITLE = N_("One-on-one prep")
PREP_ITEMS_PER_SECTION = 5  # the newest; the app has the rest
ERASED = N_("This person was erased, so there is no prep sheet to show, print or save.")

# What a conversation's record says, in the order a prep sheet needs it: how it ended first
# (the ask, the answer, the commitment, what comes next), then what was said on the way.
# The labels are marked here and translated where a sheet is made: _(label).
CONVERSATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("ask", N_("Ask")),
    ("answer", N_("Answer")),
    ("commitment", N_("Commitment")),
    ("next_step", N_("Next step")),
    ("notes", N_("Notes")),
    ("agitate", N_("Agitate")),
    ("educate", N_("Educate")),
    ("inoculate", N_("Inoculate")),
    ("organize", N_("Organize")),
    ("uplift", N_("Uplift")),
)
PLAN_LINES = (N_("Agitate"), N_("Educate"), N_("Inoculate"), N_("Organize"),
              N_("Uplift / the ask"))
# What an assessment was based on, as stored (people.ASSESSMENT_BASES), and as printed.
BASIS_LABELS = {
    "one-on-one": N_("one-on-one"),
    "hearsay": N_("hearsay"),
    "structure test": N_("structure test"),
    "other": N_("other"),
}
# Each section's key: its English heading, which the layout's shares are kept by.
FOLLOW_UPS, ISSUES, CONVERSATIONS, HISTORY = (
    "Open follow-ups", "Issues they raised", "Last conversations", "Assessment history")

# A sentence ends at ".", "!", "?" or "…" (maybe before a closing quote or bracket) followed
# by a space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")

Paragraph = tuple[str, str]  # (bold label, or "" for none; its text)


@dataclass(frozen=True)
class PrepItem:
    """One note on the sheet: a bold `lead` line (a conversation's date, channel and who
    held it), then its paragraphs, printed whole or up to a whole sentence."""

    paragraphs: tuple[Paragraph, ...]
    lead: str = ""

    @classmethod
    def plain(cls, text: str) -> PrepItem:
        return cls((("", text),))


@dataclass(frozen=True)
class PrepSection:
    """A heading and its notes, newest first. `total` counts them all; only the first
    `PREP_ITEMS_PER_SECTION` are read into `items`, the rest are counted on the sheet."""

    heading: str
    items: tuple[PrepItem, ...]
    total: int
    empty: str = ""  # what an empty section says; "" for "None yet."
    key: str = ""  # which share of the page it gets (FOLLOW_UPS...); "" for its heading

    @property
    def kind(self) -> str:
        return self.key or self.heading


@dataclass(frozen=True)
class PrepSheet:
    """What a one-page prep sheet shows, read from the vault by `prep_sheet`."""

    name: str
    facts: tuple[str, ...]
    sections: tuple[PrepSection, ...]  # in the order they are printed


# ----- what the sheet says ------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """The text's sentences, in order, each with its closing punctuation; line breaks and
    runs of spaces become single spaces. A last piece without punctuation is one too."""
    text = " ".join(text.split())
    found: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        piece = text[start:end.end()].strip()
        if piece:
            found.append(piece)
        start = end.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


def as_sentence(text: str) -> str:
    """The text on one line, with a full stop added when it does not end a sentence: the
    parts of a conversation are printed one after another, so each must end clearly."""
    text = " ".join(text.split())
    if text and not _ENDS_A_SENTENCE.search(text):
        text += "."
    return text


def conversation_item(summary: conversations.OneOnOneSummary,
                      record: conversations.OneOnOne) -> PrepItem:
    """A conversation as printed: "Nov 5, 2026, Signal, with Heron" in bold, then every
    field the record holds, whole, each under its label ("Ask: …", "Answer: …")."""
    parts = [formats.short_date(summary.held_on)]
    if summary.channel:
        parts.append(_(summary.channel) if summary.channel in conversations.CHANNELS
                     else summary.channel)
    if summary.oc_member:
        # Translators: who held the conversation, e.g. "with Heron".
        parts.append(_("with {name}").format(name=summary.oc_member))
    before, after = summary.assessment_before, summary.assessment_after
    if after is not None and before is None:
        # Translators: the score (1-5) given after the conversation.
        parts.append(_("assessed {score}").format(score=after))
    elif after is not None and before != after:
        # Translators: the score (1-5) before and after the conversation.
        parts.append(_("assessment {before} → {after}").format(before=before, after=after))
    lead = ", ".join(parts)
    paragraphs = tuple(
        (_(label), as_sentence(str(getattr(record, name) or "")))
        for name, label in CONVERSATION_FIELDS if str(getattr(record, name) or "").strip()
    )
    return PrepItem(paragraphs, lead)


def prep_sheet(vault: Vault, person_id: str, *, today: dt.date | None = None) -> PrepSheet:
    """A person's open follow-ups, issues, last conversations and assessment history.

    For the organizer who holds the conversation, not for handing out: people are shown by
    their display name (the code name when there is one), and free text (follow-ups, what
    was said) is printed as written, so it may name people. Raises InvalidInput when the
    person is no longer in the vault (erased meanwhile).
    """
    today = today or dt.date.today()
    try:
        person = people.get_person(vault, person_id)
    except InvalidInput:
        raise InvalidInput(_(ERASED)) from None
    labels = {level.score: level.label for level in campaign.assessment_scale(vault)}
    places = {e.id: e.name for kind in ("department", "shift", "site")
              for e in campaign.list_entries(vault, kind)}

    def score(value: int | None) -> str:
        if value is None:
            return _("not assessed")
        return f"{value} {level_label(labels.get(value, ''))}".strip()

    facts = []
    place = " / ".join(places[i] for i in (person.department_id, person.shift_id, person.site_id)
                       if i and i in places)
    if place:
        facts.append(place)
    facts.append(_("Assessment: {score}").format(score=score(person.assessment)))
    facts.append(last_contact_text(person.last_contact_on, today))
    if person.assigned_oc_member_id:
        organizer = people.get_person(vault, person.assigned_oc_member_id)
        # Translators: the OC member assigned to talk with this person.
        facts.append(_("Organizer: {name}").format(name=organizer.display_name))

    open_follow_ups = [
        PrepItem.plain(follow_up_text(f, today))
        for f in follow_ups.follow_ups_for(vault, person_id) if f.done_at is None
    ]
    issues = [i.name for i in workplace_issues.issues_for_person(vault, person_id)]
    history = [
        PrepItem.plain(_history_text(a, score(a.score)))
        for a in people.assessment_history(vault, person_id)
    ]
    # The list's summaries stop after a fixed number of characters, in the middle of a word:
    # the sheet reads each record it prints whole.
    talks = conversations.one_on_ones_for(vault, person_id)
    newest = tuple(conversation_item(t, conversations.get_one_on_one(vault, t.id))
                   for t in talks[:PREP_ITEMS_PER_SECTION])

    def section(key: str, heading: str, items: list[PrepItem], empty: str = ""
                ) -> PrepSection:
        return PrepSection(heading, tuple(items[:PREP_ITEMS_PER_SECTION]), len(items), empty,
                           key)

    return PrepSheet(
        name=person.display_name,
        facts=tuple(facts),
        sections=(
            section(FOLLOW_UPS, _("Open follow-ups"), open_follow_ups, _("None.")),
            section(ISSUES, _("Issues they raised"),
                    [PrepItem.plain(", ".join(issues))] if issues else []),
            PrepSection(_("Last conversations"), newest, len(talks), key=CONVERSATIONS),
            section(HISTORY, _("Assessment history"), history),
        ),
    )


def follow_up_text(f: follow_ups.FollowUp, today: dt.date) -> str:
    """An open follow-up on the sheet: "Dec 4, 2026 (overdue): Ask about the letter (Maya)"."""
    what = f.description or _("follow up")
    if f.owner:
        # Translators: a follow-up, then who will do it.
        what = _("{description} ({owner})").format(description=what, owner=f.owner)
    if f.is_overdue(today):
        return _("{date} (overdue): {follow_up}").format(
            date=formats.short_date(f.due_on), follow_up=what)
    # Translators: a follow-up's due date, then what to do.
    return _("{date}: {follow_up}").format(date=formats.short_date(f.due_on), follow_up=what)


def _history_text(a: people.AssessmentEntry, score: str) -> str:
    """One assessment: "Nov 23, 2026: 2 Leaning supportive (one-on-one, by Maya): note"."""
    basis = _(BASIS_LABELS[a.basis]) if a.basis in BASIS_LABELS else a.basis
    date = formats.short_date(a.assessed_at[:10])
    if a.assessed_by:
        # Translators: {basis} is what the assessment was based on ("one-on-one",
        # "hearsay"...), {name} who made it.
        text = _("{date}: {score} ({basis}, by {name})").format(
            date=date, score=score, basis=basis, name=a.assessed_by)
    else:
        text = _("{date}: {score} ({basis})").format(date=date, score=score, basis=basis)
    # Translators: an assessment, then the note written with it.
    return _("{assessment}: {note}").format(assessment=text, note=a.note) if a.note else text


def more_note(left_out: int, shown: int) -> str:
    """The line under a section whose notes did not all fit."""
    if shown == 0:
        return ngettext(
            "{n} not shown: the first is too long for this page (see the app)",
            "{n} not shown: the first is too long for this page (see the app)", left_out,
        ).format(n=left_out)
    return ngettext("…and {n} more (see the app)", "…and {n} more (see the app)",
                    left_out).format(n=left_out)


def shortened(paragraphs: Sequence[Paragraph], keep: int) -> tuple[Paragraph, ...]:
    """The paragraphs' first `keep` sentences, in their paragraphs, the last followed by
    " …"."""
    kept: list[Paragraph] = []
    for label, text in paragraphs:
        if keep <= 0:
            break
        parts = sentences(text)
        taken = parts[:keep]
        keep -= len(taken)
        kept.append((label, " ".join(taken)))
    label, text = kept[-1]
    kept[-1] = (label, f"{text} …")
    return tuple(kept)


# ----- layout -------------------------------------------------------------------------------

_FOOTER_MM = 8.0
_PLAN_MM = 9.0 + len(PLAN_LINES) * 11.0 + 3.0
_HEADING_PT = 12.5
_BULLET_MM = 1.0  # where a note's bullet stands
_INDENT_MM = 4.0  # where a note's text starts, so its wrapped lines hang under it
_ITEM_GAP_MM = 1.0
_SECTION_GAP_MM = 2.0
# Each section's share of the room between the facts and the plan when not everything fits;
# what a section does not need goes to the others, in the order of `_GENEROSITY`.
_SHARES = {"Last conversations": 0.5, "Open follow-ups": 0.2, "Issues they raised": 0.12,
           "Assessment history": 0.18}
_GENEROSITY = ("Last conversations", "Open follow-ups", "Issues they raised",
               "Assessment history")


@dataclass
class _Block:
    """Paragraphs of wrapped text, laid out for one device; `height` in mm."""

    layouts: list[QTextLayout]
    height: float
    x: float
    width: float
    colour: QColor = field(default_factory=lambda: QColor(_BLACK))
    y: float = 0.0


class _Typesetter:
    """Lays text out on the device it will be drawn on, in millimetres."""

    def __init__(self, p: _Painter) -> None:
        self.p = p

    def block(self, paragraphs: Sequence[Paragraph], points: float, x: float, *,
              bold: bool = False, colour: QColor = _BLACK) -> _Block:
        """The paragraphs wrapped at word boundaries from `x` to the right margin, each
        label in bold."""
        p = self.p
        font = p.font(points, bold)
        width = p.width - x
        strong = QTextCharFormat()
        strong.setFontWeight(QFont.Weight.Bold)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layouts = []
        top = 0.0
        for label, text in paragraphs:
            layout = QTextLayout(f"{label}: {text}" if label else text, font, p.device)
            layout.setTextOption(option)
            if label:
                labelled = QTextLayout.FormatRange()
                labelled.start, labelled.length, labelled.format = 0, len(label) + 1, strong
                layout.setFormats([labelled])
            layout.beginLayout()
            below = 0.0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(p.mm(width))
                line.setPosition(QPointF(0, below))
                below += line.height()
            layout.endLayout()
            layout.setPosition(QPointF(0, top))
            layouts.append(layout)
            top += below
        return _Block(layouts, top / p.px_per_mm, x, width, QColor(colour))

    def draw(self, painter: QPainter, block: _Block) -> None:
        painter.setPen(block.colour)
        origin = QPointF(self.p.mm(block.x + self.p.inset_left),
                         self.p.mm(block.y + self.p.inset_top))
        for layout in block.layouts:
            layout.draw(painter, origin)


@dataclass
class _Note:
    """A note as placed: its bullet, lead and body blocks and their height."""

    blocks: list[_Block]
    height: float


def _note(item: PrepItem, paragraphs: Sequence[Paragraph], setter: _Typesetter) -> _Note:
    blocks = [setter.block((("", "•"),), _DETAIL_PT, _BULLET_MM)]
    height = 0.0
    if item.lead:
        lead = setter.block((("", item.lead),), _DETAIL_PT, _INDENT_MM, bold=True)
        blocks.append(lead)
        height += lead.height
    if paragraphs:
        body = setter.block(paragraphs, _DETAIL_PT, _INDENT_MM)
        body.y = height
        blocks.append(body)
        height += body.height
    return _Note(blocks, max(height, blocks[0].height) + _ITEM_GAP_MM)


def _fitted_note(item: PrepItem, room: float, setter: _Typesetter) -> tuple[_Note, bool] | None:
    """The note whole (and True) when it fits in `room` mm; else up to its last whole
    sentence that fits, then "…" (and False); None when not even a sentence fits."""
    whole = _note(item, item.paragraphs, setter)
    if whole.height <= room:
        return whole, True
    count = sum(len(sentences(text)) for _label, text in item.paragraphs)
    best = None
    low, high = 1, count - 1  # all of them is the whole note, which did not fit
    while low <= high:
        middle = (low + high) // 2
        candidate = _note(item, shortened(item.paragraphs, middle), setter)
        if candidate.height <= room:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return (best, False) if best is not None else None


@dataclass
class _Fitted:
    """A section as placed, from 0: what to draw, the height it takes, and whether every
    one of its notes is printed whole."""

    blocks: list[_Block]
    height: float
    complete: bool


def _fit_section(section: PrepSection, budget: float, setter: _Typesetter) -> _Fitted:
    """The section's heading and the notes that fit in `budget` mm."""
    head = setter.block((("", section.heading),), _HEADING_PT, 0, bold=True)
    blocks = [head]
    y = head.height + 0.6
    if section.total == 0:
        empty = setter.block((("", section.empty or _("None yet.")),), _DETAIL_PT, _INDENT_MM,
                             colour=_GREY)
        empty.y = y
        return _Fitted([*blocks, empty], y + empty.height + _ITEM_GAP_MM + _SECTION_GAP_MM,
                       complete=True)

    def note_about(left_out: int, shown: int) -> _Block:
        return setter.block((("", more_note(left_out, shown)),), _LABEL_PT, _INDENT_MM,
                            colour=_GREY)

    room = budget - y - _SECTION_GAP_MM
    shown = 0
    whole = True
    for index, item in enumerate(section.items):
        after = section.total - index - 1  # the notes after this one
        # If this note or the next does not fit whole, those after are counted on a line.
        reserve = note_about(after, index + 1).height + _ITEM_GAP_MM if after else 0.0
        fitted = _fitted_note(item, room - reserve, setter)
        if fitted is None:
            break
        note, whole = fitted
        for block in note.blocks:
            block.y += y
        blocks.extend(note.blocks)
        y += note.height
        room -= note.height
        shown = index + 1
        if not whole:
            break
    if section.total > shown:
        about = note_about(section.total - shown, shown)
        about.y = y
        blocks.append(about)
        y += about.height + _ITEM_GAP_MM
    return _Fitted(blocks, y + _SECTION_GAP_MM, complete=whole and shown == section.total)


def _natural_height(section: PrepSection, setter: _Typesetter) -> float:
    """What the section takes when every one of its notes is printed whole."""
    height = setter.block((("", section.heading),), _HEADING_PT, 0, bold=True).height + 0.6
    height += _SECTION_GAP_MM + _ITEM_GAP_MM
    if section.total == 0:
        return height + setter.block((("", section.empty or _("None yet.")),), _DETAIL_PT,
                                     _INDENT_MM).height
    height += sum(_note(item, item.paragraphs, setter).height for item in section.items)
    if section.total > len(section.items):
        height += setter.block((("", more_note(section.total, 1)),), _LABEL_PT,
                               _INDENT_MM).height
    return height


def _generosity(sheet: PrepSheet, index: int) -> int:
    """Which section gets room first: the conversations, then follow-ups, issues, history."""
    kind = sheet.sections[index].kind
    return _GENEROSITY.index(kind) if kind in _GENEROSITY else len(_GENEROSITY)


def _budgets(sheet: PrepSheet, room: float, setter: _Typesetter) -> list[float]:
    """Each section's room: what it needs when all fits; otherwise at least its share (or
    what it needs, if less), and the rest to those that need more, conversations first."""
    needs = [_natural_height(s, setter) for s in sheet.sections]
    if sum(needs) <= room:
        return needs
    shares = [_SHARES.get(s.kind, 0.1) for s in sheet.sections]
    scale = 1.0 / sum(shares)
    budgets = [min(need, room * share * scale) for need, share in zip(needs, shares, strict=True)]
    left = room - sum(budgets)

    for index in sorted(range(len(needs)), key=lambda i: _generosity(sheet, i)):
        extra = min(left, needs[index] - budgets[index])
        budgets[index] += extra
        left -= extra
    return budgets


def _fit_sections(sheet: PrepSheet, room: float, setter: _Typesetter) -> list[_Fitted]:
    """Each section fitted in its budget; then what the sections left unused (notes come in
    whole lines, so each leaves some) goes to those that were cut short, in turn."""
    budgets = _budgets(sheet, room, setter)
    fitted = [_fit_section(s, b, setter) for s, b in zip(sheet.sections, budgets, strict=True)]
    for index in sorted(range(len(budgets)), key=lambda i: _generosity(sheet, i)):
        unused = room - sum(f.height for f in fitted)
        if not fitted[index].complete and unused > 0:
            fitted[index] = _fit_section(sheet.sections[index], fitted[index].height + unused,
                                         setter)
    return fitted


def lay_out_prep_sheet(device: QPagedPaintDevice, sheet: PrepSheet, *,
                       printed_on: dt.date, copy_mark: str | None = None) -> Layout:
    """The sheet on a configured device: always one page, and how to draw it (with
    `copy_mark` small under the confidentiality line)."""
    ensure_gui_application()
    footer = _FOOTER_MM + (MARK_MM if copy_mark else 0.0)
    p = _Painter(device)
    setter = _Typesetter(p)
    head_font, head = p.fit(_("One-on-one prep: {name}").format(name=sheet.name), 16,
                            p.width, bold=True, smallest=11)
    facts = setter.block(
        (("", "   ·   ".join((*sheet.facts, printed_text(printed_on)))),),
        _DETAIL_PT, 0)
    facts.y = 8.5
    rule = facts.y + facts.height + 0.8
    top = rule + 2.2
    plan_top = p.height - footer - _PLAN_MM
    blocks: list[_Block] = []
    y = top
    for fitted in _fit_sections(sheet, plan_top - 2.0 - top, setter):
        for block in fitted.blocks:
            block.y += y
        blocks.extend(fitted.blocks)
        y += fitted.height

    def draw(painter: QPainter, _number: int) -> None:
        _draw_text(painter, p, p.rect(0, 0, p.width, 8), head, head_font)
        setter.draw(painter, facts)
        _line(painter, p, 0, rule, p.width, rule, 0.5, _BLACK)
        for block in blocks:
            setter.draw(painter, block)
        # Room to plan the conversation, whatever the lists above took.
        line = plan_top
        _draw_text(painter, p, p.rect(0, line, p.width, 7), _("Plan for this conversation"),
                   p.font(_HEADING_PT, bold=True))
        line += 9.0
        for label in PLAN_LINES:
            _draw_text(painter, p, p.rect(0, line, 40, 5), _(label), p.font(_LABEL_PT),
                       colour=_GREY)
            for offset in (5.0, 10.5):
                _line(painter, p, 0, line + offset, p.width, line + offset, 0.25, _RULE)
            line += 11.0
        _draw_footer(painter, p, _Geometry(0, 0, footer, 0, 0, (0, 0), 0),
                     copy_mark=copy_mark)

    return 1, draw


def render_prep_sheet(device: QPagedPaintDevice, sheet: PrepSheet, *,
                      printed_on: dt.date, copy_mark: str | None = None) -> int:
    """Paint the one-page prep sheet onto a configured device (QPdfWriter, QPrinter).
    Returns 1."""
    return paint_pages(device, lay_out_prep_sheet(device, sheet, printed_on=printed_on,
                                                  copy_mark=copy_mark))


def preview_prep_sheet(sheet: PrepSheet, *, printed_on: dt.date,
                       page_size: str = "auto", copy_mark: str | None = None) -> list[QImage]:
    """The sheet as an image, exactly as it prints, without the print system."""
    ensure_gui_application()

    def configure(writer: QPdfWriter) -> None:
        configure_page(writer, page_size)

    return page_images(PDF_RESOLUTION, configure,
                       lambda writer: lay_out_prep_sheet(writer, sheet, printed_on=printed_on,
                                                         copy_mark=copy_mark))


def render_prep_sheet_pdf(
    vault: Vault, person_id: str, out_path: Path | str, *, printed_on: dt.date | None = None,
    page_size: str = "auto", copy_mark: str | None = None,
) -> int:
    """A one-page one-on-one prep sheet for a person as a PDF (0600), read from the vault
    now. Returns 1."""
    printed_on = printed_on or dt.date.today()
    sheet = prep_sheet(vault, person_id, today=printed_on)
    return write_pdf(out_path, page_size,
                     lambda writer: render_prep_sheet(writer, sheet, printed_on=printed_on,
                                                      copy_mark=copy_mark),
                     title=PREP_TITLE)
