"""Tags in the window: the People page's tag filter (a button whose menu ticks tags), and the
person page's row of a person's tags with "Edit tags…".

Only core/tags.py writes; these widgets read its lists and hand back what was chosen."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QMouseEvent
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from organizer.core.tags import Tag


class StayOpenMenu(QMenu):
    """A menu that stays open while its checkable items are ticked: choosing three tags is
    three clicks, not three trips to the button."""

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isEnabled() and action.isCheckable():
            action.trigger()
            return
        super().mouseReleaseEvent(e)


class TagFilterButton(QToolButton):
    """"Tags": a menu of the campaign's tags to tick, and whether people need all of them
    or any. `changed` is emitted after each tick."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("Tags")
        # A tool button: narrower than a push button, so the filters fit a 1024-pixel screen.
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName("Filter by tags")
        self.setToolTip("Filter by tags: only the people who have the tags ticked")
        self.menu_ = StayOpenMenu("Tags", self)
        self.menu_.setAccessibleName("Filter by tags")
        self.setMenu(self.menu_)
        self.tag_actions: dict[str, QAction] = {}
        self._names: dict[str, str] = {}
        self._quiet = False
        group = QActionGroup(self)
        group.setExclusive(True)
        self.all_action = QAction("People with &all of these", self)
        self.any_action = QAction("People with a&ny of these", self)
        for action in (self.all_action, self.any_action):
            action.setCheckable(True)
            group.addAction(action)
            action.toggled.connect(self._emit)
        self.all_action.setChecked(True)
        self.set_tags([])

    def set_tags(self, tags: Iterable[Tag]) -> None:
        """The tags to offer, keeping those ticked that are still there."""
        chosen = self.chosen()
        self._quiet = True
        try:
            self.menu_.clear()
            self.tag_actions = {}
            self._names = {}
            for tag in tags:
                action = QAction(tag.name, self.menu_)
                action.setCheckable(True)
                action.setChecked(tag.id in chosen)
                action.toggled.connect(self._emit)
                self.menu_.addAction(action)
                self.tag_actions[tag.id] = action
                self._names[tag.id] = tag.name
            self.menu_.addSeparator()
            self.menu_.addAction(self.all_action)
            self.menu_.addAction(self.any_action)
        finally:
            self._quiet = False
        self._show_choice()
        if self.chosen() != chosen:
            self.changed.emit()

    def chosen(self) -> frozenset[str]:
        return frozenset(i for i, a in self.tag_actions.items() if a.isChecked())

    def match_all(self) -> bool:
        return self.all_action.isChecked()

    def choose(self, tag_ids: Iterable[str], match_all: bool = True) -> None:
        """Tick exactly these tags (those still offered), emitting `changed` once."""
        wanted = set(tag_ids)
        self._quiet = True
        try:
            for tag_id, action in self.tag_actions.items():
                action.setChecked(tag_id in wanted)
            (self.all_action if match_all else self.any_action).setChecked(True)
        finally:
            self._quiet = False
        self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        self._show_choice()
        self.changed.emit()

    def _show_choice(self) -> None:
        # Short whatever the names (the filters fit a 1024-pixel screen); they are in the
        # tooltip, and the menu shows them ticked.
        chosen = [self._names[i] for i in self.tag_actions if i in self.chosen()]
        self.setText(f"Tags: {len(chosen)}" if chosen else "Tags")
        joined = (" and " if self.match_all() else " or ").join(chosen)
        self.setToolTip(
            f"Filter by tags: {joined}" if chosen
            else "Filter by tags: only the people who have the tags ticked"
        )
