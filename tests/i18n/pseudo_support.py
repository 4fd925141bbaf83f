"""The pseudo-locale test's tools: a campaign whose own data has no ASCII letters, and a
search of everything on screen for text that was never marked for translation.

Under `i18n.use_pseudo()` every marked message comes out accented and in ⟦brackets⟧, and the
campaign below writes its names and notes the same way, so any run of plain ASCII letters a
person could read (labels, buttons, headers, menus, tooltips, placeholders, window titles)
is a message nobody marked. Keyboard shortcuts ("Ctrl+Shift+L") are the one exception.

Test modules import the fixtures they use:
    from tests.i18n.pseudo_support import pseudo_fixture, pseudo_window_fixture  # noqa: F401
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from organizer import i18n
from organizer.core import campaign, conversations, follow_ups, people, workplace_issues
from organizer.core.conversations import OneOnOne
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui.main_window import MainWindow
from tests.gui.vault_fixtures import Seed, _template, finish_qt, make_window, open_copy


def data(text: str) -> str:
    """Campaign data written without ASCII letters (but not bracketed: data is not a
    message), so it can never pass for an unmarked message."""
    return i18n.pseudo(text)[1:-1]


TODAY = dt.date.today()


def _day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def _seed(vault: Vault, seed: Seed) -> None:
    campaign.rename_campaign(vault, data("Harbour freight drive"))
    for name in ("Infrastructure", "Sales"):
        seed.departments[name] = campaign.add_list_entry(vault, "department", data(name)).id
    for name in ("Day", "Night"):
        seed.shifts[name] = campaign.add_list_entry(vault, "shift", data(name)).id
    campaign.add_list_entry(vault, "site", data("Harbour HQ"))
    infra, sales = seed.departments["Infrastructure"], seed.departments["Sales"]
    day, night = seed.shifts["Day"], seed.shifts["Night"]

    def add(name: str, department: str, shift: str, **extra: Any) -> str:
        person = people.add_person(
            vault, Person(name=data(name), department_id=department, shift_id=shift, **extra))
        seed.people[name] = person.id
        return person.id

    maya = add("Maya Okafor", infra, day, is_oc_member=True, personal_phone="+1 555 0101")
    ravi = add("Ravi Kumar", infra, day, personal_phone="+1 555 0142",
               assigned_oc_member_id=maya, job_title=data("Driver"))
    ana = add("Ana Silva", infra, night, assigned_oc_member_id=maya)
    sam = add("Sam Lee", sales, day, is_organic_leader=True)
    for person_id, score in ((ana, 2), (sam, 3)):
        people.record_assessment(vault, person_id, score, assessed_by_id=maya, basis="hearsay")
    pager = workplace_issues.get_or_add_issue(vault, data("on-call load"))
    seed.one_on_ones["ravi"] = conversations.log_one_on_one(
        vault,
        OneOnOne(person_id=ravi, held_on=_day(-3), oc_member_id=maya, channel="in person",
                 ask=data("Will you sign?"), answer=data("Maybe"), assessment_after=3,
                 next_step=data("Bring the petition"), notes=data("Worried about pay"),
                 issue_ids=[pager.id]),
    ).id
    seed.follow_ups["sam"] = follow_ups.add_follow_up(vault, sam, _day(-2),
                                                      data("Ask about the letter"),
                                                      owner_id=maya)


@pytest.fixture(name="pseudo")
def pseudo_fixture() -> Iterator[None]:
    """Every marked message pseudo-translated for the test, then English again."""
    i18n.use_pseudo()
    try:
        yield
    finally:
        i18n.use(i18n.SOURCE_LANGUAGE)


@pytest.fixture(scope="session", name="pseudo_template")
def pseudo_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    return _template(tmp_path_factory, "pseudo", _seed)


@pytest.fixture(name="pseudo_vault")
def pseudo_vault_fixture(pseudo_template: Seed, tmp_path: Path) -> Iterator[Vault]:
    vault = open_copy(pseudo_template, tmp_path)
    yield vault
    finish_qt()
    vault.close()


@pytest.fixture(name="pseudo_window")
def pseudo_window_fixture(qtbot: Any, pseudo: None, pseudo_vault: Vault
                          ) -> Iterator[MainWindow]:
    """The main window on the pseudo campaign, built under the pseudo-locale."""
    window = make_window(qtbot, pseudo_vault)
    yield window
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.hide()
    window.hide()
    window.deleteLater()
    finish_qt()


# --- finding unmarked text -----------------------------------------------------------------

_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
_SHORTCUT = re.compile(
    r"\b(?:(?:Ctrl|Shift|Alt|Meta|Cmd|Win)\+)+\S+|\b(?:Esc|Escape|Del|Delete|Return|Enter|"
    r"Tab|Backspace|Space|Home|End|PgUp|PgDown|Ins|F\d{1,2}|Up|Down|Left|Right)\b"
)
_TAG = re.compile(r"<[^<>]*>|&[a-z]+;|&#\d+;")
_WORD = re.compile(r"[A-Za-z]{2,}")


def unmarked(text: str) -> str | None:
    """The ASCII words of `text` outside any pseudo-translated message, or None."""
    rest = _MARKED.sub(" ", _TAG.sub(" ", text).replace("&", ""))
    rest = _SHORTCUT.sub(" ", rest)
    words = _WORD.findall(rest)
    return " ".join(words) if words else None


def _model_texts(view: QAbstractItemView) -> Iterable[str]:
    model = view.model()
    if model is None:
        return
    top = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for section in range(min(columns, 50)):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield value
    for row in range(min(model.rowCount(top), 30)):
        for column in range(columns):
            index = model.index(row, column, top)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value


def texts_shown(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text a person could read in `root` and below."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        where = type(widget).__name__ + (f" {widget.objectName()}" if widget.objectName()
                                         else "")
        for kind, text in (("title", widget.windowTitle() if widget.isWindow() else ""),
                           ("tooltip", widget.toolTip()),
                           ("accessible name", widget.accessibleName()),
                           ("accessible description", widget.accessibleDescription())):
            if text:
                yield f"{where} {kind}", text
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            yield f"{where} placeholder", widget.placeholderText()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{where} item", widget.itemText(index)
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield f"{where} tab", widget.tabText(index)
                yield f"{where} tab tooltip", widget.tabToolTip(index)
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{where} tab", widget.tabText(index)
        if isinstance(widget, QAbstractItemView):
            for text in _model_texts(widget):
                yield f"{where} cell", text
        if isinstance(widget, QMenu):
            yield f"{where} menu", widget.title()
        for action in widget.actions():
            yield f"{where} action", action.text().replace("&", "")
            yield f"{where} action tooltip", action.toolTip()
            if action.menu() is not None:
                for inner in action.menu().actions():
                    yield f"{where} menu item", inner.text().replace("&", "")


def untranslated(*roots: QWidget) -> list[str]:
    """"where: text" for every text under `roots` with words nobody marked for translation."""
    found: list[str] = []
    for root in roots:
        for where, text in texts_shown(root):
            words = unmarked(text)
            if words:
                found.append(f"{where}: {text!r} ({words})")
    return sorted(set(found))
