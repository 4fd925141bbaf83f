"""Saved views in the window: the People page's "Views" menu (save the filters shown under a
name, apply one, rename or delete one) and the list of views the Call lists page offers.

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
from organizer.i18n import _


def ask_view_name(parent: QWidget | None, label: str, text: str = "") -> str | None:
    """Ask for a view's name; None when cancelled. A seam: tests replace it."""
    # Translators: the app's name, as a window title: never translated (see the glossary).
    name, ok = QInputDialog.getText(parent, _("Organizer"), label, QLineEdit.EchoMode.Normal, text)
    return name.strip() if ok and name.strip() else None


class ViewsButton(QToolButton):
    """"Views": Save view…, then each saved view (choosing one emits `view_chosen` with its
    filter), then Rename view ▸ and Delete view ▸."""

    view_chosen = Signal(object)  # a PeopleFilter
    views_changed = Signal()

    def __init__(
        self, vault: Vault, current_filter: Callable[[], PeopleFilter],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._current_filter = current_filter
        self.setText(_("Views"))
        self.setAccessibleName(_("Saved views"))
        self.setToolTip(_("Save the filters shown under a name, or show a saved view"))
        # A tool button: narrow, so the filters still fit a 1024-pixel screen.
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.views_menu = QMenu(_("Views"), self)
        self.views_menu.setAccessibleName(_("Saved views"))
        self.setMenu(self.views_menu)
        self.view_actions: dict[str, QAction] = {}
        self.reload()

    def reload(self) -> None:
        menu = self.views_menu
        menu.clear()
        self.save_action = menu.addAction(_("&Save view…"))
        self.save_action.setToolTip(_("Keep the filters shown under a name"))
        self.save_action.triggered.connect(self.ask_save)
        self.view_actions = {}
        try:
            views = saved_views.list_views(self.vault)
        except OrganizerError:
            views = []
        if views:
            menu.addSection(_("Show a saved view"))
        for view_id, name in views:
            action = menu.addAction(name)
            action.triggered.connect(lambda _checked=False, v=view_id: self.apply(v))
            self.view_actions[view_id] = action
        self.rename_menu: QMenu | None = None
        self.delete_menu: QMenu | None = None
        if views:
            menu.addSeparator()
            self.rename_menu = menu.addMenu(_("&Rename view"))
            for view_id, name in views:
                action = self.rename_menu.addAction(_("{name}…").format(name=name))
                action.triggered.connect(lambda _checked=False, v=view_id: self.ask_rename(v))
            self.delete_menu = menu.addMenu(_("&Delete view"))
            for view_id, name in views:
                action = self.delete_menu.addAction(name)
                action.triggered.connect(lambda _checked=False, v=view_id: self.ask_delete(v))

    def ask_save(self) -> str | None:
        """Ask a name and save the filters shown under it (asking before replacing a view
        of that name). Returns the name saved under."""
        name = ask_view_name(self, _("Save the filters shown as a view called:"))
        if name is None:
            return None
        taken = {n.casefold(): n for _view_id, n in saved_views.list_views(self.vault)}
        replace = name.casefold() in taken
        if replace and not messages.confirm(
            self, _("There is already a saved view called \u201c{name}\u201d. "
                    "Replace its filters with the ones shown?").format(
                        name=taken[name.casefold()]),
            confirm_label=_("Replace view"),
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

    def ask_rename(self, view_id: str) -> str | None:
        """Ask a new name for a saved view and rename it; the new name, or None."""
        names = dict(saved_views.list_views(self.vault))
        if view_id not in names:
            self.reload()
            return None
        name = ask_view_name(
            self, _("Rename the saved view \u201c{name}\u201d to:").format(name=names[view_id]),
            names[view_id],
        )
        if name is None or name == names[view_id]:
            return None
        try:
            saved_views.rename_view(self.vault, view_id, name)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        self.reload()
        self.views_changed.emit()
        return name

    def ask_delete(self, view_id: str) -> bool:
        names = dict(saved_views.list_views(self.vault))
        if view_id not in names:
            self.reload()
            return False
        if not messages.confirm(
            self, _("Delete the saved view \u201c{name}\u201d? The people in it are "
                    "not changed.").format(name=names[view_id]),
            confirm_label=_("Delete view"),
        ):
            return False
        try:
            saved_views.delete_view(self.vault, view_id)
        except OrganizerError as error:
            messages.warn_error(self, error)
        self.reload()
        self.views_changed.emit()
        return True
