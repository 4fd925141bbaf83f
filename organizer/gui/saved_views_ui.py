"""Saved views in the window: the People page's "Views" menu (save the filters shown under a
name, apply one, delete one) and the list of views the Call lists page offers.

core/saved_views.py keeps them; a view that cannot be read is said in one sentence and never
applied in part (a view that dropped a condition would show the wrong people)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QToolButton, QWidget

from organizer.core import saved_views
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui import messages


def ask_view_name(parent: QWidget | None, label: str, text: str = "") -> str | None:
    """Ask for a view's name; None when cancelled. A seam: tests replace it."""
    name, ok = QInputDialog.getText(parent, "Organizer", label, QLineEdit.EchoMode.Normal, text)
    return name.strip() if ok and name.strip() else None


class ViewsButton(QToolButton):
    """"Views": Save view…, then each saved view (choosing one emits `view_chosen` with its
    filter), then Delete view ▸."""

    view_chosen = Signal(object)  # a PeopleFilter
    views_changed = Signal()

    def __init__(
        self, vault: Vault, current_filter: Callable[[], PeopleFilter],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._current_filter = current_filter
        self.setText("Views")
        self.setAccessibleName("Saved views")
        self.setToolTip("Save the filters shown under a name, or show a saved view")
        # A tool button: narrow, so the filters still fit a 1024-pixel screen.
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.views_menu = QMenu("Views", self)
        self.views_menu.setAccessibleName("Saved views")
        self.setMenu(self.views_menu)
        self.view_actions: dict[str, QAction] = {}
        self.reload()

    def reload(self) -> None:
        menu = self.views_menu
        menu.clear()
        self.save_action = menu.addAction("&Save view…")
        self.save_action.setToolTip("Keep the filters shown under a name")
        self.save_action.triggered.connect(self.ask_save)
        self.view_actions = {}
        try:
            views = saved_views.list_views(self.vault)
        except OrganizerError:
            views = []
        if views:
            menu.addSection("Show a saved view")
        for view_id, name in views:
            action = menu.addAction(name)
            action.triggered.connect(lambda _=False, v=view_id: self.apply(v))
            self.view_actions[view_id] = action
        if views:
            menu.addSeparator()
            delete_menu = menu.addMenu("&Delete view")
            for view_id, name in views:
                action = delete_menu.addAction(name)
                action.triggered.connect(lambda _=False, v=view_id: self.ask_delete(v))

    def ask_save(self) -> str | None:
        """Ask a name and save the filters shown under it (asking before replacing a view
        of that name). Returns the name saved under."""
        name = ask_view_name(self, "Save the filters shown as a view called:")
        if name is None:
            return None
        taken = {n.casefold(): n for _, n in saved_views.list_views(self.vault)}
        replace = name.casefold() in taken
        if replace and not messages.confirm(
            self, f"There is already a saved view called \u201c{taken[name.casefold()]}\u201d. "
            "Replace its filters with the ones shown?", confirm_label="Replace view",
        ):
            return None
        try:
            view = saved_views.save_view(self.vault, name, self._current_filter(),
                                         replace=replace)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        self.reload()
        self.views_changed.emit()
        return view.name

    def apply(self, view_id: str) -> PeopleFilter | None:
        try:
            view = saved_views.get_view(self.vault, view_id)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.reload()
            return None
        self.view_chosen.emit(view.people_filter)
        return view.people_filter

    def ask_delete(self, view_id: str) -> bool:
        names = dict(saved_views.list_views(self.vault))
        if view_id not in names:
            self.reload()
            return False
        if not messages.confirm(
            self, f"Delete the saved view \u201c{names[view_id]}\u201d? The people in it are "
            "not changed.", confirm_label="Delete view",
        ):
            return False
        try:
            saved_views.delete_view(self.vault, view_id)
        except OrganizerError as error:
            messages.warn_error(self, error)
        self.reload()
        self.views_changed.emit()
        return True
