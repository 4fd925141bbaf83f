"""Tags in the window: the People page's tag filter (a button whose menu ticks tags), and the
person page's row of a person's tags with "Edit tags…".

Only core/tags.py writes; these widgets read its lists and hand back what was chosen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QMouseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core.tags import Tag, parse_tags
from organizer.i18n import _

TAG_ID_ROLE = Qt.ItemDataRole.UserRole


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
        self.setText(_("Tags"))
        # A tool button: narrower than a push button, so the filters fit a 1024-pixel screen.
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName(_("Filter by tags"))
        self.setToolTip(_("Filter by tags: only the people who have the tags ticked"))
        self.menu_ = StayOpenMenu(_("Tags"), self)
        self.menu_.setAccessibleName(_("Filter by tags"))
        self.setMenu(self.menu_)
        self.tag_actions: dict[str, QAction] = {}
        self._names: dict[str, str] = {}
        self._quiet = False
        group = QActionGroup(self)
        group.setExclusive(True)
        self.all_action = QAction(_("People with &all of these"), self)
        self.any_action = QAction(_("People with a&ny of these"), self)
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
        # Translators: the tag filter's button once tags are ticked; {n} is how many.
        self.setText(_("Tags: {n}").format(n=formats.number(len(chosen))) if chosen
                     else _("Tags"))
        # Translators: put between tag names: people with every one of them ("pay and night").
        with_all = _(" and ")
        # Translators: put between tag names: people with any of them ("pay or night").
        with_any = _(" or ")
        joined = (with_all if self.match_all() else with_any).join(chosen)
        self.setToolTip(
            _("Filter by tags: {tags}").format(tags=joined) if chosen
            else _("Filter by tags: only the people who have the tags ticked")
        )


@dataclass(frozen=True)
class TagChange:
    """What "Edit tags…" asks for: tags to give (by id), new tags to make and give (by
    name), and tags to take off (by id)."""

    add_ids: frozenset[str]
    new_names: tuple[str, ...]
    remove_ids: frozenset[str]


class EditTagsDialog(QDialog):
    """One person's tags: every tag of the campaign with a tick, and a line to type new ones
    (commas between several). Nothing is written here: `change()` says what to do."""

    def __init__(
        self, person_name: str, campaign_tags: list[Tag], has: Iterable[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit tags"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._had = frozenset(has)
        layout = QVBoxLayout(self)
        heading = QLabel(_("Tags of {name}:").format(name=person_name))
        layout.addWidget(heading)
        self.tag_list = QListWidget()
        self.tag_list.setAccessibleName(_("Tags"))
        self.tag_list.setAccessibleDescription(_("Tick the tags this person has"))
        heading.setBuddy(self.tag_list)
        for tag in campaign_tags:
            item = QListWidgetItem(tag.name, self.tag_list)
            item.setData(TAG_ID_ROLE, tag.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tag.id in self._had
                               else Qt.CheckState.Unchecked)
        self.tag_list.setVisible(bool(campaign_tags))
        layout.addWidget(self.tag_list, 1)
        row = QHBoxLayout()
        self.new_tags = QLineEdit()
        self.new_tags.setAccessibleName(_("New tags"))
        self.new_tags.setPlaceholderText(_("New tags, with commas between them"))
        row.addWidget(self.new_tags, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def tick(self, name: str, ticked: bool = True) -> None:
        """Tick (or untick) the tag called `name`."""
        for row in range(self.tag_list.count()):
            item = self.tag_list.item(row)
            if item.text().casefold() == name.casefold():
                item.setCheckState(Qt.CheckState.Checked if ticked
                                   else Qt.CheckState.Unchecked)

    def change(self) -> TagChange:
        ticked: set[str] = set()
        for row in range(self.tag_list.count()):
            item = self.tag_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.add(str(item.data(TAG_ID_ROLE)))
        return TagChange(
            add_ids=frozenset(ticked - self._had),
            new_names=tuple(parse_tags(self.new_tags.text())),
            remove_ids=frozenset(self._had - ticked),
        )


class TagsRow(QWidget):
    """A person's tags as a short comma list ("Tags: …"), whole in its tooltip, with
    "Edit tags…" (for the person page, under its header)."""

    MAX_CHARS = 60  # beyond, the list is cut short: the row must not widen the page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.names = QLabel()
        self.names.setAccessibleName(_("Tags"))
        row.addWidget(self.names)
        self.edit_button = QPushButton(_("&Edit tags…"))
        self.edit_button.setToolTip(_("Give this person tags, or take them off"))
        row.addWidget(self.edit_button)
        self.show_tags([])

    def show_tags(self, names: list[str]) -> None:
        text = ", ".join(names)
        if len(text) > self.MAX_CHARS:
            text = text[: self.MAX_CHARS - 1].rstrip(", ") + "…"
        # Translators: a person's tags, a comma list of their names.
        self.names.setText(_("Tags: {tags}").format(tags=text) if names else _("No tags"))
        self.names.setToolTip(", ".join(names))
