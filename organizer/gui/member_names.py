"""Committee members' names beside what they wrote down, marked while not confirmed.

Anyone can send a card under a coworker's name (README, "Working as a committee"): until the
fingerprint has been compared, what arrived under that name may not be theirs. So wherever a
member's name stands next to data they sent ("recorded by Ben", "held by Ben"), a member
whose fingerprint is not confirmed reads "Ben (not confirmed)", in the warning colour, with
a tooltip saying where to compare it. The words carry the warning too: colour alone says
nothing to a screen reader or to someone who cannot tell red apart.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from organizer.core.committee import identity, roster
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import theme
from organizer.i18n import N_, _

SETTINGS_PLACE = N_("Settings › Committee")  # shown as _(SETTINGS_PLACE)
# Translators: after a committee member's name whose fingerprint nobody compared yet.
NOT_CONFIRMED = N_("(not confirmed)")


def not_confirmed_tip(name: str) -> str:
    """"Ben's fingerprint has not been compared yet: Settings › Committee" """
    # Translators: {name} is a committee member; {place} is "Settings › Committee".
    return _("{name}'s fingerprint has not been compared yet: {place}").format(
        name=name, place=_(SETTINGS_PLACE))


class MemberNames:
    """Which names on what was written down belong to members not confirmed yet.

    The roster is read on first use after `reload`, so a page with nothing recorded by
    anyone never reads it. Names match the roster in any case (the recorded name is what
    the writer called themselves, the roster's is the name on the card they sent); a name
    on no member of the roster is not marked, and my own name never is.
    """

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._unconfirmed: frozenset[str] | None = None

    def reload(self) -> None:
        """Forget what was read: a member may have been confirmed since."""
        self._unconfirmed = None

    def _read(self) -> frozenset[str]:
        try:
            me = identity.get_identity(self.vault)
            if me is None:
                return frozenset()  # no committee: nobody to confirm
            members = roster.list_members(self.vault)
        except OrganizerError:
            return frozenset()
        mine = me.name.casefold()
        # Removed members count too: what they sent before removal is still theirs (or not).
        # When two members share a name in different case, either could be the writer, so
        # one unconfirmed is enough to warn.
        return frozenset(
            key for member in members
            if not member.confirmed and (key := member.name.casefold()) != mine
        )

    def is_unconfirmed(self, name: str) -> bool:
        if not name:
            return False
        if self._unconfirmed is None:
            self._unconfirmed = self._read()
        return name.strip().casefold() in self._unconfirmed

    def text(self, name: str) -> str:
        """"Ben (not confirmed)", or the name as it is."""
        if not self.is_unconfirmed(name):
            return name
        # Translators: {name} is a member's name; {not_confirmed} is "(not confirmed)".
        return _("{name} {not_confirmed}").format(name=name, not_confirmed=_(NOT_CONFIRMED))

    def html(self, name: str) -> str:
        """The name escaped for rich text, marked in the warning colour when unconfirmed."""
        if not self.is_unconfirmed(name):
            return html.escape(name)
        # The red readable on the palette in use now; "(not confirmed)" says it in words.
        red = theme.warning_colour(QApplication.palette(), QPalette.ColorRole.Base).name()
        return f"<span style='color:{red}'>{html.escape(self.text(name))}</span>"

    def show_in(self, item: QTreeWidgetItem, column: int, name: str) -> bool:
        """Put `name` in the item's cell, marked when unconfirmed (text, colour, tooltip).
        True when it was marked: the caller's own tooltip would then hide the warning."""
        item.setText(column, self.text(name))
        if not self.is_unconfirmed(name):
            return False
        view = item.treeWidget()
        palette = view.palette() if view is not None else QApplication.palette()
        item.setForeground(column, theme.warning_colour(palette, QPalette.ColorRole.Base))
        item.setToolTip(column, not_confirmed_tip(name))
        return True
