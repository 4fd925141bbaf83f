"""Accessibility (issue 18): on the person form and in the one-on-one dialog, Tab from the
first field visits the fields in the order they are seen, top to bottom and, on a row, left to
right. The focus chain is compared with the widgets' positions on screen."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.one_on_one_dialog import OneOnOneDialog
from organizer.gui.person_page import PersonPage
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
)


def tab_chain(qtbot: Any, first: QWidget, within: QWidget, limit: int = 60) -> list[QWidget]:
    """The widgets Tab visits from `first` (pressed as a person would), while focus stays
    inside `within`."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    chain = [first]
    for _press in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is None or widget in chain or not within.isAncestorOf(widget):
            break
        chain.append(widget)
    return chain


def where(widget: QWidget, window: QWidget) -> tuple[int, int, int]:
    """(top, bottom, left) of `widget` in `window`'s coordinates."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return top_left.y(), top_left.y() + widget.height(), top_left.x()


def out_of_order(chain: list[QWidget], window: QWidget) -> list[str]:
    """Each step of the chain that goes back up, or left on the same row."""
    wrong = []
    for before, after in pairwise(chain):
        top, bottom, left = where(before, window)
        next_top, next_bottom, next_left = where(after, window)
        same_row = next_top < bottom and top < next_bottom  # they overlap vertically
        if (same_row and next_left < left) or (not same_row and next_top < top):
            wrong.append(f"{describe(before)} {where(before, window)} → "
                         f"{describe(after)} {where(after, window)}")
    return wrong


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.accessibleName() or widget.objectName()!r})"


def test_tab_on_the_person_form_follows_the_fields_on_screen(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    page = PersonPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.resize(1200, 2400)  # tall enough that the whole form is on screen
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    page.show_person(seeded.people["Ravi Kumar"])
    page.name.setText("Ravi K.")  # Save and Revert enabled: in the chain too
    settle()
    form = page.save_button.parentWidget()
    chain = tab_chain(qtbot, page.name, form)
    assert page.notes in chain and page.save_button in chain and page.revert_button in chain
    assert page.copy_phone_button in chain
    assert out_of_order(chain, page) == []
    assert out_of_order(chain[::-1], page), "the check itself sees a wrong order"


def test_tab_in_the_one_on_one_dialog_follows_the_fields_on_screen(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    dialog = OneOnOneDialog(vault, AssessmentScale.load(vault))
    qtbot.addWidget(dialog)
    dialog.resize(700, 1600)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.aeiou_toggle.setChecked(True)  # every field shown
    dialog.follow_up.setChecked(True)
    settle()
    chain = tab_chain(qtbot, dialog.picker, dialog)
    for field in (dialog.held_on, dialog.channel, dialog.oc_member, dialog.issues,
                  dialog.aeiou_toggle, dialog.agitate, dialog.uplift, dialog.ask,
                  dialog.answer, dialog.commitment, dialog.assessment_after,
                  dialog.next_step, dialog.follow_up, dialog.follow_up_on, dialog.notes,
                  dialog.private, dialog.save_button):
        assert field in chain, describe(field)
    assert out_of_order(chain, dialog) == []
    dialog.close_keeping_draft()
