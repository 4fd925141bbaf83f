"""Help › Guide and Help › Keyboard shortcuts: a five-minute guide and glossary for an
organizer new to the app, and every keyboard shortcut of a window, read from the window itself.

The guide is written here in code rather than kept as a page under resources/: its numbers and
words come from the code that uses them (the campaign's own scale and thresholds, the chart's
supporters and 1:10, the AEIOU boxes of a one-on-one), so the guide cannot say one thing while
the Chart page does another, and nothing needs adding to the packaging. It links nowhere
outside itself, and its browser loads no resource of any kind.

The shortcuts list is gathered when it is opened, from the window's QActions (grouped by the
menu they are in) and QShortcuts, so it cannot drift from the code that binds the keys.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMenuBar,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, chart
from organizer.core.conversations import AEIOU_SECTIONS
from organizer.core.structure_tests import DEFAULT_LADDER, STATUSES
from organizer.core.vault import DEFAULT_SCALE, DEFAULT_SETTINGS, DEFAULT_THRESHOLDS, Vault
from organizer.gui.call_lists_page import DESTROY_AFTER_DAYS
from organizer.i18n import N_, _, ngettext

# The largest screen the dialogs must fit whole, buttons included (a small laptop).
SMALL_SCREEN = (1024, 600)
GUIDE_SIZE = (820, 520)
SHORTCUTS_SIZE = (540, 500)

# F1, and the platform's own Help key where it differs (Cmd+? on macOS).
GUIDE_KEYS = ("F1",)
# Not Ctrl+?: on macOS that is HelpContents (the Guide). The main window binds Ctrl+N,
# Ctrl+Shift+N, Ctrl+L, Ctrl+, Ctrl+Q, Ctrl+F, Ctrl+K and Ctrl+1..5, the app its panic key
# (Ctrl+Shift+L unless Settings › Safety changed it); Ctrl+/ is free.
SHORTCUTS_KEYS = ("Ctrl+/",)

# Translators: the group of keyboard shortcuts that work anywhere in the window.
GENERAL_GROUP = N_("General")
NO_DESCRIPTION = N_("Unnamed shortcut")
# Our pages by class, as the shortcuts list names the part of the window a key works in.
PAGE_GROUPS = {
    "TodayPage": N_("Today"),
    "PeoplePage": N_("People"),
    "PersonPage": N_("Person page"),
    "ChartPage": N_("Chart"),
    "PlansPage": N_("Plans"),
    "CallListsPage": N_("Call lists"),
}


# ----- the guide ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GuideSection:
    anchor: str  # the section's #name in the guide's document
    title: str
    body: str  # HTML

    def plain_text(self) -> str:
        return QTextDocumentFragment.fromHtml(f"{self.title}\n{self.body}").toPlainText()


# Words a newcomer meets in the app, in the order of the alphabet. Each links to the section
# that explains it when there is one.
_GLOSSARY_ENTRIES: tuple[tuple[str, str, str], ...] = (
    (N_("Action plan"), N_("A goal with steps, owners and dates, on the Plans page."), ""),
    (N_("Assessment"), N_("Where a person stands, from 1 to 5. Blank: not assessed yet."),
     "scale"),
    (N_("Call list"), N_("People to phone, printed or saved as a PDF, with boxes to tick the "
                         "outcome."), "safety"),
    (N_("Code name"), N_("A name Organizer shows on screen and on paper instead of the real "
                         "one."), "safety"),
    (N_("Coverage"), N_("The share of coworkers who have an OC member assigned to them."),
     "chart"),
    (N_("Escalation ladder"), N_("Your structure tests in order, smallest first."), "tests"),
    (N_("Follow-up"), N_("The next time you will talk with someone, with a date."),
     "one-on-ones"),
    (N_("Issue"), N_("A workplace problem people care about: pay, layoffs, on-call load."), ""),
    (N_("OC"), N_("The organizing committee: the coworkers who organize together, each "
                  "talking with their own people."), ""),
    # Translators: {limit} is a number: 1:{limit} is the most coworkers per OC member.
    (N_("OC ratio"), N_("Coworkers per OC member, written 1:N. Aim for 1:{limit} or better."),
     "chart"),
    (N_("One-on-one"), N_("A private organizing conversation with one coworker (a 1:1)."),
     "one-on-ones"),
    (N_("Organic leader"), N_("Someone others trust and follow, supportive or not yet."), ""),
    (N_("Structure test"), N_("A public step that shows how much support there really is."),
     "tests"),
    (N_("Supporter"), N_("Someone assessed 1 or 2."), "chart"),
    (N_("Threshold"), N_("A share of supporters to reach, like a majority."), "thresholds"),
    (N_("Update file"), N_("An encrypted file that carries your changes to one other "
                           "committee member."), ""),
    (N_("Vault"), N_("The one encrypted file on this computer that holds your campaign."),
     "welcome"),
)
# The glossary in English with its numbers filled in (the Chart's key says the same words).
GLOSSARY: tuple[tuple[str, str, str], ...] = tuple(
    (term, meaning.format(limit=chart.OC_RATIO_LIMIT), anchor)
    for term, meaning, anchor in _GLOSSARY_ENTRIES
)


def glossary_entries() -> list[tuple[str, str, str]]:
    """The glossary in the reader's language: (term, meaning, anchor)."""
    return [(_(term), _(meaning).format(limit=chart.OC_RATIO_LIMIT), anchor)
            for term, meaning, anchor in _GLOSSARY_ENTRIES]


@dataclass(frozen=True)
class _CampaignFacts:
    """What the guide says that a campaign can change; Organizer's defaults without one."""

    own: bool  # read from an open vault
    scale: list[tuple[int, str, str]]
    thresholds: list[tuple[float, str]]
    lock_minutes: int
    clipboard_seconds: int


def _facts(vault: Vault | None) -> _CampaignFacts:
    if vault is not None and vault.is_open:
        return _CampaignFacts(
            own=True,
            scale=[(s.score, s.label, s.colour) for s in campaign.assessment_scale(vault)],
            thresholds=[(t.percent, t.label) for t in campaign.thresholds(vault)],
            lock_minutes=campaign.auto_lock_minutes(vault),
            clipboard_seconds=campaign.clipboard_clear_seconds(vault),
        )
    return _CampaignFacts(
        own=False,
        scale=list(DEFAULT_SCALE),
        thresholds=list(DEFAULT_THRESHOLDS),
        lock_minutes=int(DEFAULT_SETTINGS["auto_lock_minutes"]),
        clipboard_seconds=int(DEFAULT_SETTINGS["clipboard_clear_seconds"]),
    )


def _p(*sentences: str) -> str:
    return "<p>" + " ".join(sentences) + "</p>"


def _items(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _supporter_scores() -> str:
    """"1 or 2": the scores that count as supporters."""
    scores = [formats.number(s) for s in chart.SUPPORTER_SCORES]
    if len(scores) == 1:
        return scores[0]
    # Translators: the last of a list of choices: "1, 2 or 3".
    return _("{items} or {last}").format(items=", ".join(scores[:-1]), last=scores[-1])


def _percent(value: float) -> str:
    """"51%": a threshold's or a rung's share, as the guide writes it."""
    # Translators: a percentage; {percent} is a number ("51"). Spanish writes "51 %".
    return _("{percent}%").format(percent=formats.number(value))


def guide_sections(vault: Vault | None = None) -> list[GuideSection]:
    """The guide, section by section; with an open vault, in that campaign's own words."""
    facts = _facts(vault)
    e = html.escape
    supporters = _supporter_scores()
    limit = chart.OC_RATIO_LIMIT

    welcome = GuideSection("welcome", _("What Organizer is"), "".join((
        _p(_("Organizer is a notebook for your organizing committee. It keeps the people you "
             "work with, your one-on-ones, where each person stands, your plans and your call "
             "lists.")),
        _p(_("Everything is kept in <b>one encrypted file on this computer</b>: your vault. "
             "There is no server and no account, and Organizer never goes on the Internet. "
             "Nothing leaves this computer unless you take it out yourself: a printout, a "
             "PDF, a backup, an export, or an update file for another committee member.")),
        _p(_("Your passphrase is the only key. Nobody can open the vault without it, and if "
             "you lose it, nobody can open the vault again, not even us.")),
        _items((
            _("<b>Today</b>: who is due a follow-up, and who nobody has talked to lately."),
            _("<b>People</b>: everyone, with filters. Open a person to log a one-on-one."),
            _("<b>Chart</b>: the wall chart and the majority tracker."),
            _("<b>Plans</b>: action plans and structure tests."),
            _("<b>Call lists</b>: lists of people to phone, to print or save as a PDF."),
        )),
    )))

    levels = [
        f"<span style='color:{e(colour)}'>●</span> <b>{score}</b> "
        f"{e(label if facts.own else _(label))}"
        for score, label, colour in facts.scale
    ]
    whose = (_("These are this campaign's own labels; change them in Settings › Campaign.")
             if facts.own else
             _("These are the labels a new campaign starts with; each campaign can rename "
               "them in Settings › Campaign."))
    scale = GuideSection("scale", _("Where people stand: 1–5"), "".join((
        _p(_("After you talk with someone, note where they stand. Each campaign has one "
             "assessment scale:")),
        _items([*levels, _("<i>blank</i>: not assessed yet")]),
        _p(e(whose)),
        # Translators: {scores} is "1 or 2": the scores that count as supporters.
        _p(_("People assessed {scores} count as <b>supporters</b> on the Chart. Assess "
             "from what you saw and heard, not from what you hope. Every change is kept: who "
             "assessed, when, on what basis and why.").format(scores=supporters)),
    )))

    steps = []
    for _field, section_label in AEIOU_SECTIONS:
        word, _colon, meaning = _(section_label).partition(": ")
        steps.append(f"<b>{e(word)}</b>: {e(meaning)}")
    one_on_ones = GuideSection("one-on-ones", _("One-on-ones: AEIOU"), "".join((
        _p(_("A one-on-one is a private conversation with one coworker. They talk most of "
             "the time; you listen and ask questions.")),
        _p(_("A common shape is <b>AEIOU</b>:")),
        _items(steps),
        _p(_("End with an <b>ask</b>. Note their answer and any commitment, and set a "
             "<b>follow-up</b> date: Today shows who is due. The AEIOU boxes are optional; a "
             "short note is fine.")),
        _p(_("Tick <b>private</b> and that one-on-one never leaves your vault, not even to "
             "your committee.")),
    )))

    chart_section = GuideSection("chart", _("Coverage and the OC ratio"), "".join((
        _p(_("The Chart places everyone by department and shift, coloured by assessment, so "
             "you see where you are strong, where you are thin and where you have nobody "
             "yet. People who left the company are not counted.")),
        _items((
            # Translators: {scores} is "1 or 2".
            _("<b>Supporters</b> are people assessed {scores}. Their share counts "
              "everyone in the group, OC members too.").format(scores=supporters),
            _("<b>Coverage</b> is the share of coworkers (everyone not on the OC) who have an "
              "OC member assigned to talk with them. “Coverage 80%” means 8 in 10 have "
              "someone."),
            # Translators: {limit} is a number: 1:{limit} is the most coworkers per OC member.
            _("<b>OC ratio 1:N</b> means N coworkers for each OC member in that group: “1:8” "
              "is 8 coworkers each. Aim for 1:{limit} or better. A cell warns "
              "“Too few OC” above 1:{limit}, and “No OC member” when it has coworkers but "
              "nobody on the committee.").format(limit=limit),
        )),
    )))

    lines = [f"<b>{e(_percent(p))}</b> {e(label if facts.own else _(label))}"
             for p, label in sorted(facts.thresholds)]
    example = 51.0
    whose_lines = (_("These are this campaign's lines; change them in Settings › Campaign.")
                   if facts.own else
                   _("These are the lines a new campaign starts with; change them in "
                     "Settings › Campaign."))
    thresholds = GuideSection("thresholds", _("Thresholds"), "".join((
        _p(_("A threshold is a share of supporters you aim for, such as a majority or a "
             "supermajority. The <b>majority tracker</b> on the Chart shows where the whole "
             "unit, each department and each shift stands, and how many more supporters "
             "each needs to reach its next line.")),
        _items(lines) if lines else _p(_("This campaign has no thresholds yet.")),
        _p(e(whose_lines)),
        # Translators: "51% of 20 people is 11": {share} is a percentage, {needed} a number.
        _p(_("A line is reached when the supporters are at least that share of the people, "
             "rounded up: {share} of {people} people is {needed}.").format(
            share=_percent(example), people=formats.number(20),
            needed=formats.number(chart.people_needed(example, 20)))),
    )))

    ladder = ", ".join(_("{rung} {share}").format(rung=e(_(name)), share=e(_percent(percent)))
                       for name, percent in DEFAULT_LADDER)
    statuses = [_(status) for status in STATUSES]
    # Translators: the last item of a list: "asked, committed, did it, or declined".
    statuses_text = _("{items}, or {last}").format(items=", ".join(statuses[:-1]),
                                                   last=statuses[-1])
    tests = GuideSection("tests", _("Structure tests"), "".join((
        _p(_("A <b>structure test</b> is a public step that shows real support, like signing "
             "a petition or wearing a button. Each has a target: the share of people who "
             "should take part before you try it. Small steps come first; in order, they are "
             "your <b>escalation ladder</b>. A common ladder:")),
        # Translators: the common ladder's rungs, one after the other, then a full stop.
        _p(_("{ladder}.").format(ladder=ladder)),
        # Translators: {statuses} is "asked, committed, did it, or declined".
        _p(_("For each person, note where they are: {statuses}. A test is reached when "
             "enough people did it. You will find structure tests on the Plans page."
             ).format(statuses=e(statuses_text))),
    )))

    minutes = facts.lock_minutes
    if minutes:
        locks_itself = ngettext(
            "<b>Lock when you step away.</b> File › Lock locks at once. Organizer also locks "
            "itself after {n} idle minute, when the screen locks and when the computer "
            "sleeps. Locking closes every window and clears copied details.",
            "<b>Lock when you step away.</b> File › Lock locks at once. Organizer also locks "
            "itself after {n} idle minutes, when the screen locks and when the computer "
            "sleeps. Locking closes every window and clears copied details.", minutes,
        ).format(n=formats.number(minutes))
    else:
        locks_itself = " ".join((
            _("<b>Lock when you step away.</b> File › Lock locks at once. Organizer also "
              "locks itself when the screen locks and when the computer sleeps. Locking "
              "closes every window and clears copied details."),
            _("This campaign is set never to lock when idle: turn it back on in Settings › "
              "Safety."),
        ))
    seconds = facts.clipboard_seconds
    cleared = ngettext(
        "Copied phone numbers and emails are cleared after {n} second anyway.",
        "Copied phone numbers and emails are cleared after {n} seconds anyway.", seconds,
    ).format(n=formats.number(seconds))
    if DESTROY_AFTER_DAYS == 7:
        destroy_by = _(
            "<b>Paper leaks.</b> Print only what the caller needs. Call lists can show "
            "<b>code names</b> or initials instead of names, and assessments as neutral "
            "codes (A1–A5). Every page says CONFIDENTIAL, and call lists carry a "
            "<b>destroy-by date</b>, a week ahead unless you change it. Shred the pages by "
            "then.")
    else:
        destroy_by = ngettext(
            "<b>Paper leaks.</b> Print only what the caller needs. Call lists can show "
            "<b>code names</b> or initials instead of names, and assessments as neutral "
            "codes (A1–A5). Every page says CONFIDENTIAL, and call lists carry a "
            "<b>destroy-by date</b>, {n} day ahead unless you change it. Shred the pages by "
            "then.",
            "<b>Paper leaks.</b> Print only what the caller needs. Call lists can show "
            "<b>code names</b> or initials instead of names, and assessments as neutral "
            "codes (A1–A5). Every page says CONFIDENTIAL, and call lists carry a "
            "<b>destroy-by date</b>, {n} days ahead unless you change it. Shred the pages "
            "by then.", DESTROY_AFTER_DAYS,
        ).format(n=formats.number(DESTROY_AFTER_DAYS))
    safety = GuideSection("safety", _("Staying safe"), "".join((
        _p(locks_itself, cleared),
        _p(_("<b>Back up.</b> Turn on automatic backups in Settings › Backups: Organizer then "
             "writes an encrypted backup to a folder you choose, such as a USB stick, when "
             "you lock or close after a change and at least once a day. File › Back up now "
             "makes one at any time. Backups have their own passphrase: write it down and "
             "keep it away from the computer.")),
        _p(_("<b>Sharing your screen.</b> On Windows and macOS, Organizer's windows are left "
             "out of screenshots and screen sharing (Settings › Safety). Linux cannot do "
             "this: lock Organizer before you share your screen there.")),
        _p(destroy_by),
        _p(_("Printing hands the pages to your computer's print system, which may send them "
             "over the network to the printer. A saved PDF or an exported spreadsheet is "
             "<b>not encrypted</b>: keep it off shared and work computers, and delete it "
             "when you are done.")),
        _p(_("<b>Code names.</b> Give a person a code name and Organizer shows it on screen "
             "and prints it on paper instead of their name.")),
        _p(_("<b>Your own computer.</b> Never organize on a computer, account or network "
             "your employer manages. Turn on disk encryption (BitLocker, FileVault, LUKS).")),
    )))

    words = []
    for term, meaning, anchor in glossary_entries():
        name = f"<a href='#{anchor}'>{e(term)}</a>" if anchor else e(term)
        words.append(f"<b>{name}</b>: {e(meaning)}")
    glossary = GuideSection("glossary", _("Words we use"), _items(words))

    return [welcome, scale, one_on_ones, chart_section, thresholds, tests, safety, glossary]


def guide_html(sections: Iterable[GuideSection]) -> str:
    """The whole guide as one HTML document; each section starts at its anchor."""
    parts = [f"<h2><a name='{s.anchor}'></a>{html.escape(s.title)}</h2>{s.body}" for s in sections]
    return "<html><body>" + "".join(parts) + "</body></html>"


class OfflineBrowser(QTextBrowser):
    """A QTextBrowser that opens no link and loads nothing: no file, no image, no URL.

    Links inside the document (#anchor) scroll to their place; any other link is ignored.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)  # setSource() would read files named by a link
        self.anchorClicked.connect(self.follow_link)

    def follow_link(self, url: QUrl) -> None:
        if not url.scheme() and not url.path() and url.fragment():
            self.scrollToAnchor(url.fragment())

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None


class GuideDialog(QDialog):
    """Help › Guide: the built-in guide and glossary, with its sections listed on the left and
    a find box. With an open vault, its scale and thresholds are that campaign's own."""

    def __init__(self, vault: Vault | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Organizer guide"))
        self.setObjectName("guide-dialog")
        self.setAccessibleName(_("Organizer guide"))
        self.sections = guide_sections(vault)
        self._section_texts = [s.plain_text().casefold() for s in self.sections]

        self.find_box = QLineEdit()
        self.find_box.setObjectName("guide-find")
        self.find_box.setAccessibleName(_("Find in the guide"))
        self.find_box.setPlaceholderText(_("Find in the guide"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(self.find_all)
        self.find_box.returnPressed.connect(self.find_next)
        find_label = QLabel(_("&Find"))
        find_label.setBuddy(self.find_box)
        # Translators: a button: find the next match.
        self.find_next_button = QPushButton(_("&Next"))
        self.find_next_button.setAccessibleName(_("Find the next match"))
        self.find_next_button.setAutoDefault(False)
        self.find_next_button.clicked.connect(self.find_next)
        self.find_status = QLabel()
        self.find_status.setAccessibleName(_("Matches"))
        self.find_status.setMinimumWidth(120)
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_box, 1)
        find_row.addWidget(self.find_next_button)
        find_row.addWidget(self.find_status)

        self.contents = QListWidget()
        self.contents.setObjectName("guide-contents")
        self.contents.setAccessibleName(_("Contents"))
        for section in self.sections:
            self.contents.addItem(section.title)
        self.contents.setWordWrap(True)
        self.contents.setSpacing(2)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setFixedWidth(
            max(self.contents.sizeHintForColumn(0), 150) + 2 * self.contents.frameWidth() + 8)
        self.contents.currentRowChanged.connect(self.show_section)

        self.text = OfflineBrowser()
        self.text.setObjectName("guide-text")
        self.text.setAccessibleName(_("Guide"))
        self.text.setHtml(guide_html(self.sections))
        self.text.document().setDocumentMargin(12)

        body = QHBoxLayout()
        body.addWidget(self.contents)
        body.addWidget(self.text, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(_("Close the guide"))
        # Enter in the find box finds the next match; it must not close the guide.
        self.close_button.setAutoDefault(False)
        self.close_button.setDefault(False)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(find_row)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.find_box, self.find_next_button)
        QWidget.setTabOrder(self.find_next_button, self.contents)
        QWidget.setTabOrder(self.contents, self.text)
        QWidget.setTabOrder(self.text, self.close_button)
        self.setMinimumSize(480, 360)
        _fit_on_screen(self, *GUIDE_SIZE)

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def show_section(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            self.text.scrollToAnchor(self.sections[row].anchor)

    def find_all(self, term: str) -> int:
        """Highlight every match, go to the first, and list only the sections that have one;
        returns how many matches there are."""
        term = term.strip()
        for row, text in enumerate(self._section_texts):
            item = self.contents.item(row)
            item.setHidden(bool(term) and term.casefold() not in text)
        document = self.text.document()
        highlights: list[QTextEdit.ExtraSelection] = []
        if term:
            found = QTextCursor(document)
            highlight = QTextCharFormat()
            highlight.setBackground(Qt.GlobalColor.yellow)
            highlight.setForeground(Qt.GlobalColor.black)
            while True:
                found = document.find(term, found)
                if found.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = found
                selection.format = highlight
                highlights.append(selection)
        self.text.setExtraSelections(highlights)
        start = self.text.textCursor()
        start.movePosition(QTextCursor.MoveOperation.Start)
        self.text.setTextCursor(start)
        if not term:
            self.find_status.setText("")
        elif highlights:
            count = len(highlights)
            self.find_status.setText(
                ngettext("{n} match", "{n} matches", count).format(n=formats.number(count)))
            self._go_to_match(term)
        else:
            self.find_status.setText(_("Not found"))
        return len(highlights)

    def find_next(self) -> bool:
        """The next match after the current one, starting over at the top after the last."""
        term = self.find_box.text().strip()
        if not term:
            return False
        if self._go_to_match(term):
            return True
        start = self.text.textCursor()
        start.movePosition(QTextCursor.MoveOperation.Start)
        self.text.setTextCursor(start)
        return self._go_to_match(term)

    def _go_to_match(self, term: str) -> bool:
        """Select the next match and show it a third of the way down, with what leads to it
        above (not on the bottom line, where find() alone leaves it)."""
        if not self.text.find(term):
            return False
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + self.text.cursorRect().top()
                     - self.text.viewport().height() // 3)
        return True


# ----- keyboard shortcuts -------------------------------------------------------------------


def _action_text(text: str) -> str:
    """"&New one-on-one…" → "New one-on-one": no mnemonic, no ellipsis, no shortcut tail."""
    text = text.split("\t", 1)[0]
    text = re.sub(r"&(.)", r"\1", text)
    return text.removesuffix("…").removesuffix("...").strip()


def _is_device_key(key: QKeySequence) -> bool:
    """A lone Help, Back, Save, Copy... key: a multimedia keyboard's, which standard
    shortcuts list beside the keys everyone has ("Ctrl+S or Save")."""
    if key.count() != 1:
        return False
    combination = key[0]  # type: ignore[index]  # PySide6's stubs miss QKeySequence[i]
    value = int(combination.key().value)
    plain = combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    return plain and (value == Qt.Key.Key_Help.value or value >= Qt.Key.Key_Back.value)


def _keys_text(keys: Iterable[QKeySequence]) -> str:
    keys = list(keys)
    if not all(_is_device_key(k) for k in keys):
        keys = [k for k in keys if not _is_device_key(k)]
    seen: list[str] = []
    for key in keys:
        text = key.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in seen:
            seen.append(text)
    shown = seen[0] if seen else ""
    for text in seen[1:]:
        # Translators: two keys that do the same: "Ctrl+F or Ctrl+K".
        shown = _("{keys} or {key}").format(keys=shown, key=text)
    return shown


# Standard keys worth naming when a QShortcut has no description of its own, in the order
# their names are preferred when two share a binding.
_STANDARD_NAMES: tuple[tuple[QKeySequence.StandardKey, str], ...] = (
    (QKeySequence.StandardKey.Save, N_("Save")),
    (QKeySequence.StandardKey.Back, N_("Back")),
    (QKeySequence.StandardKey.Forward, N_("Forward")),
    (QKeySequence.StandardKey.Delete, N_("Delete")),
    (QKeySequence.StandardKey.ZoomIn, N_("Zoom in")),
    (QKeySequence.StandardKey.ZoomOut, N_("Zoom out")),
    (QKeySequence.StandardKey.Print, N_("Print")),
    (QKeySequence.StandardKey.Find, N_("Find")),
    (QKeySequence.StandardKey.FindNext, N_("Find next")),
    (QKeySequence.StandardKey.FindPrevious, N_("Find previous")),
    (QKeySequence.StandardKey.Refresh, N_("Refresh")),
    (QKeySequence.StandardKey.Close, N_("Close")),
    (QKeySequence.StandardKey.Quit, N_("Quit")),
    (QKeySequence.StandardKey.New, N_("New")),
    (QKeySequence.StandardKey.Open, N_("Open")),
    (QKeySequence.StandardKey.Undo, N_("Undo")),
    (QKeySequence.StandardKey.Redo, N_("Redo")),
    (QKeySequence.StandardKey.Copy, N_("Copy")),
    (QKeySequence.StandardKey.Cut, N_("Cut")),
    (QKeySequence.StandardKey.Paste, N_("Paste")),
    (QKeySequence.StandardKey.SelectAll, N_("Select all")),
    (QKeySequence.StandardKey.HelpContents, N_("Help")),
    (QKeySequence.StandardKey.Preferences, N_("Settings")),
)


def _shortcut_text(shortcut: QShortcut) -> str:
    if shortcut.whatsThis().strip():
        return shortcut.whatsThis().strip()
    for standard, name in _STANDARD_NAMES:
        bindings = QKeySequence.keyBindings(standard)
        if any(key in bindings for key in list(shortcut.keys())):
            return _(name)
    if shortcut.objectName():
        return _humanized(shortcut.objectName())
    return _(NO_DESCRIPTION)


def _humanized(name: str) -> str:
    """"PersonPage" → "Person page"; "save-shortcut" → "Save shortcut"."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ")
    words = " ".join(words.split()).lower()
    return words[:1].upper() + words[1:]


def _widget_group(widget: QWidget, window: QWidget) -> str:
    """The name of the part of the window a shortcut works in: the widget's own name, or its
    class when it is one of ours ("Person page"), or the nearest such container's; "General"
    when that is the window itself."""
    current: QWidget | None = widget
    while current is not None and current is not window:
        name = current.accessibleName().strip() or _humanized(current.objectName())
        if name:
            return name
        if not type(current).__module__.startswith("PySide6"):
            page = PAGE_GROUPS.get(type(current).__name__)
            return _(page) if page else _humanized(type(current).__name__)
        current = current.parentWidget()
    return _(GENERAL_GROUP)


def _belongs_to(obj: QObject | None, window: QWidget) -> bool:
    return isinstance(obj, QWidget) and not isinstance(obj, QMenu) and obj.window() is window


def shortcuts_of(window: QWidget) -> list[tuple[str, str, str]]:
    """Every keyboard shortcut of `window` as (group, what it does, keys in the platform's
    own words), read from its QActions and QShortcuts as they are now.

    An action in one of the window's menus is grouped by that menu ("File", or "File ›
    Recent" for a submenu); other actions and shortcuts by the widget they work in
    ("General" for the window itself). Order: the menus as the menu bar shows them, each in
    its own order, then the other groups by name, each sorted by what it does. Hidden actions
    and those without keys are left out; a row with several keys reads "Ctrl+F or Ctrl+K".
    """
    # Where each menu action sits: (group, menu order, position in the menu).
    placed: dict[int, tuple[str, int, int]] = {}
    menu_count = 0
    seen_menus: set[int] = set()

    def walk(menu: QMenu, group: str) -> None:
        nonlocal menu_count
        if id(menu) in seen_menus:
            return
        seen_menus.add(id(menu))
        order = menu_count
        menu_count += 1
        for position, action in enumerate(menu.actions()):
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{group} › {_action_text(action.text())}")
            elif not action.isSeparator() and id(action) not in placed:
                placed[id(action)] = (group, order, position)

    for bar in window.findChildren(QMenuBar):
        if bar.window() is window:
            for action in bar.actions():
                menu = action.menu()
                if isinstance(menu, QMenu) and action.isVisible():
                    walk(menu, _action_text(action.text()))
    # Menus outside the menu bar (a button's or a context menu) that live in this window.
    for menu in window.findChildren(QMenu):
        owner = menu.parentWidget()
        if owner is not None and _belongs_to(owner, window):
            walk(menu, _action_text(menu.title()) or _widget_group(owner, window))

    rows: dict[tuple[str, str], list[QKeySequence]] = {}
    # Menus first, in the menu bar's order and each menu's; then the other groups by name.
    sort_keys: dict[tuple[str, str], tuple[int, int, str, int, str]] = {}

    def add(group: str, text: str, keys: list[QKeySequence], order: int = 0,
            position: int = 0, in_menu: bool = False) -> None:
        key = (group, text)
        rows.setdefault(key, []).extend(keys)
        sort_key = ((0, order, "", position, text.casefold()) if in_menu
                    else (1, 0, group.casefold(), 0, text.casefold()))
        sort_keys[key] = min(sort_keys.get(key, sort_key), sort_key)

    actions: dict[int, QAction] = {}
    for action in [*window.actions(), *window.findChildren(QAction)]:
        actions.setdefault(id(action), action)
    for widget in window.findChildren(QWidget):
        if _belongs_to(widget, window):
            for action in widget.actions():
                actions.setdefault(id(action), action)
    for action in actions.values():
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys or not action.isVisible() or action.isSeparator():
            continue
        text = (_action_text(action.text()) or _action_text(action.toolTip())
                or _(NO_DESCRIPTION))
        if id(action) in placed:
            group, order, position = placed[id(action)]
            add(group, text, keys, order, position, in_menu=True)
            continue
        owners = [o for o in action.associatedObjects() if _belongs_to(o, window)]
        parent = action.parent()
        if not owners and _belongs_to(parent, window) and isinstance(parent, QWidget):
            owners = [parent]
        if not owners:
            continue  # an action of another window (a dialog's), or of none
        group = _widget_group(owners[0], window) if isinstance(owners[0], QWidget) else ""
        add(group, text, keys)

    for shortcut in window.findChildren(QShortcut):
        shortcut_owner = shortcut.parent()
        keys = [k for k in list(shortcut.keys()) if not k.isEmpty()]
        if not keys or not isinstance(shortcut_owner, QWidget):
            continue
        if not _belongs_to(shortcut_owner, window):
            continue  # another window's (a dialog's)
        group = _widget_group(shortcut_owner, window)
        text = _shortcut_text(shortcut)
        add(group, text, keys)

    # Keys the window cannot show as its own (the app's, its dialogs', pages not built yet):
    # a window that has such keys lists them itself.
    others = getattr(window, "other_shortcuts", None)
    if callable(others):
        for group, text, keys in others():
            add(group, text, [k for k in keys if not k.isEmpty()])

    ordered = sorted(rows, key=sort_keys.__getitem__)
    return [(group, text, _keys_text(rows[(group, text)])) for group, text in ordered]


def keys_of(window: QWidget) -> list[tuple[QKeySequence, str]]:
    """Every key `window` answers to, as (key, what it does): its actions and shortcuts,
    hidden ones included, and the keys it lists for its dialogs (`other_shortcuts`)."""
    found: list[tuple[QKeySequence, str]] = []
    actions: dict[int, QAction] = {}
    for action in [*window.actions(), *window.findChildren(QAction)]:
        actions.setdefault(id(action), action)
    for widget in window.findChildren(QWidget):
        for action in widget.actions():
            actions.setdefault(id(action), action)
    for action in actions.values():
        text = _action_text(action.text()) or _action_text(action.toolTip())
        found.extend((key, text) for key in action.shortcuts() if not key.isEmpty())
    for shortcut in window.findChildren(QShortcut):
        text = _shortcut_text(shortcut)
        found.extend((key, text) for key in list(shortcut.keys()) if not key.isEmpty())
    others = getattr(window, "other_shortcuts", None)
    if callable(others):
        for _group, text, keys in others():
            found.extend((key, text) for key in keys if not key.isEmpty())
    return found


def standard_keys() -> list[tuple[QKeySequence, str]]:
    """The platform's standard keys (copy, paste, undo, word by word...), which text fields
    answer to, as (key, its name; "" for those without one here)."""
    names = {standard: name for standard, name in _STANDARD_NAMES}
    found: list[tuple[QKeySequence, str]] = []
    for standard in QKeySequence.StandardKey:
        if standard == QKeySequence.StandardKey.UnknownKey:
            continue
        name = _(names[standard]) if standard in names else ""
        found.extend((key, name) for key in QKeySequence.keyBindings(standard))
    return found


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: a window's shortcuts by group, in a two-column table."""

    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window_shown = window
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setObjectName("shortcuts-dialog")
        self.setAccessibleName(_("Keyboard shortcuts"))

        self.table = QTreeWidget()
        self.table.setObjectName("shortcuts-table")
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setColumnCount(2)
        self.table.setHeaderLabels([_("What it does"), _("Keys")])
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(_("Close the list of shortcuts"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.table, self.close_button)
        self.setMinimumSize(360, 300)
        _fit_on_screen(self, *SHORTCUTS_SIZE)
        self.refresh()

    def refresh(self) -> None:
        """Read the window's shortcuts again (a page built since may have added some)."""
        self.table.clear()
        self.rows = shortcuts_of(self.window_shown)
        heading: QTreeWidgetItem | None = None
        for group, text, keys in self.rows:
            if heading is None or heading.text(0) != group:
                heading = QTreeWidgetItem([group])
                font = heading.font(0)
                font.setBold(True)
                heading.setFont(0, font)
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.addTopLevelItem(heading)
                heading.setFirstColumnSpanned(True)
                heading.setExpanded(True)
            item = QTreeWidgetItem([text, keys])
            # Translators: a shortcut's tooltip: its group ("File"), then what it does.
            item.setToolTip(0, _("{group}: {shortcut}").format(group=group, shortcut=text))
            heading.addChild(item)
        self.table.expandAll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def _fit_on_screen(dialog: QDialog, width: int, height: int) -> None:
    """Open at (width, height), smaller when the screen is: title bar and buttons stay on it."""
    screen = dialog.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 40)
        height = min(height, room.height() - 60)
    dialog.resize(max(width, dialog.minimumWidth()), max(height, dialog.minimumHeight()))


# ----- the Help menu ------------------------------------------------------------------------


class _HelpWindows(QObject):
    """The window's one guide and one shortcuts list: modeless, and a second ask raises the
    one already open. Both are children of the window, so they go when it does (on lock)."""

    def __init__(self, window: QWidget, vault_getter: Callable[[], Vault | None]) -> None:
        super().__init__(window)
        self.setObjectName("help-windows")
        self.main = window
        self.vault_getter = vault_getter
        self.guide: GuideDialog | None = None
        self.shortcuts: ShortcutsDialog | None = None

    def show_guide(self) -> GuideDialog:
        guide = self.guide
        if guide is None or not shiboken6.isValid(guide):
            guide = self.guide = GuideDialog(self.vault_getter(), self.main)
            guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            guide.finished.connect(self._guide_closed)
        _bring_up(guide)
        return guide

    def show_shortcuts(self) -> ShortcutsDialog:
        shortcuts = self.shortcuts
        if shortcuts is None or not shiboken6.isValid(shortcuts):
            shortcuts = self.shortcuts = ShortcutsDialog(self.main, self.main)
            shortcuts.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            shortcuts.finished.connect(self._shortcuts_closed)
        else:
            shortcuts.refresh()
        _bring_up(shortcuts)
        return shortcuts

    def _guide_closed(self) -> None:
        self.guide = None

    def _shortcuts_closed(self) -> None:
        self.shortcuts = None


def _bring_up(dialog: QDialog) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


def add_help_actions(
    menu: QMenu, window: QWidget, vault_getter: Callable[[], Vault | None]
) -> list[QAction]:
    """Add "Guide" (F1) and "Keyboard shortcuts" (Ctrl+/) at the top of `menu`, above what it
    already holds (About goes last), and return them. The actions belong to `window`, so
    their keys work while the menu bar is hidden too. `vault_getter` gives the open vault, or
    None, when the guide opens: the guide then uses that campaign's scale and thresholds."""
    helper = _HelpWindows(window, vault_getter)
    first = next(iter(menu.actions()), None)

    guide = QAction(_("&Guide"), window)
    guide.setObjectName("help-guide")
    help_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)[:1]
    guide.setShortcuts(_key_sequences([*GUIDE_KEYS, *help_keys]))
    guide.setStatusTip(_("A five-minute guide to Organizer, and the words it uses"))
    guide.triggered.connect(helper.show_guide)

    shortcuts = QAction(_("&Keyboard shortcuts"), window)
    shortcuts.setObjectName("help-keyboard-shortcuts")
    shortcuts.setShortcuts(_key_sequences(SHORTCUTS_KEYS))
    shortcuts.setStatusTip(_("Every keyboard shortcut of this window"))
    shortcuts.triggered.connect(helper.show_shortcuts)

    added = [guide, shortcuts]
    for action in added:
        window.addAction(action)
        if first is not None:
            menu.insertAction(first, action)
        else:
            menu.addAction(action)
    if first is not None:
        menu.insertSeparator(first)
    return added


def _key_sequences(keys: Iterable[str | QKeySequence]) -> list[QKeySequence]:
    found: list[QKeySequence] = []
    for key in keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in found:
            found.append(sequence)
    return found
