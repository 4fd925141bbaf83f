"""Choosing a person by typing part of their name: a line edit with a completer.

Typing shows matching names (people.find_people) with their department, so two people with
the same name can be told apart. Enter or Tab takes the highlighted match, or the best one
when the list was not opened, so the keyboard alone is enough.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from organizer.core import people
from organizer.core.vault import Vault
from organizer.i18n import _

TYPING_PAUSE_MS = 120


class PersonPicker(QLineEdit):
    """`person_id` is the chosen person, or None; `person_chosen` fires on every choice."""

    person_chosen = Signal(str)
    person_cleared = Signal()

    def __init__(
        self, vault: Vault, parent: QWidget | None = None, *, exclude_id: str | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.exclude_id = exclude_id
        self._person_id: str | None = None
        self._chosen_text = ""
        self._matches: dict[str, str] = {}  # shown text -> id
        self.setPlaceholderText(_("Type a name…"))
        self.setAccessibleName(_("Person"))
        self.setAccessibleDescription(_("Type part of a name, then choose from the list"))
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        # find_people already filtered; the completer must not filter again by prefix.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(10)
        self._completer.setWidget(self)
        self._completer.activated[str].connect(self._take)  # type: ignore[index]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._look_up)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._take_best)

    @property
    def person_id(self) -> str | None:
        return self._person_id

    def set_person(self, person_id: str | None, text: str = "") -> None:
        """Preselect a person (or clear the choice) without emitting `person_chosen`."""
        self._person_id = person_id
        if person_id and not text:
            text = people.get_person(self.vault, person_id).display_name
        self._chosen_text = text if person_id else ""
        self.setText(self._chosen_text)

    def _typed(self, text: str) -> None:
        if self._person_id is not None and text != self._chosen_text:
            self._person_id = None
            self._chosen_text = ""
            self.person_cleared.emit()
        self._timer.start()

    def _look_up(self) -> list[str]:
        found = [
            (i, name) for i, name in people.find_people(self.vault, self.text(), limit=20)
            if i != self.exclude_id
        ]
        rows = {r.id: r for r in people.people_rows(self.vault, [i for i, _name in found])}
        self._matches = {}
        for person_id, name in found:
            row = rows.get(person_id)
            where = ", ".join(x for x in (row.department, row.shift) if x) if row else ""
            shown = f"{name} · {where}" if where else name
            while shown in self._matches:  # same name, same department
                shown += " ·"
            self._matches[shown] = person_id
        shown_texts = list(self._matches)
        self._model.setStringList(shown_texts)
        if shown_texts and self.hasFocus():
            self._completer.complete()
        return shown_texts

    def _take(self, shown: str) -> None:
        person_id = self._matches.get(shown)
        if person_id is None:
            return
        self._person_id = person_id
        self._chosen_text = shown
        self.setText(shown)
        self.person_chosen.emit(person_id)

    def _take_best(self) -> None:
        """Enter or Tab without picking from the list: take the highlighted or best match."""
        if self._person_id is not None or not self.text().strip():
            return
        self._timer.stop()
        popup = self._completer.popup()
        highlighted = ""
        if popup is not None:
            current = popup.currentIndex()
            highlighted = str(current.data()) if popup.isVisible() and current.isValid() else ""
            popup.hide()
        if highlighted in self._matches:
            self._take(highlighted)
            return
        shown_texts = self._look_up()
        if popup is not None:
            popup.hide()
        if shown_texts:
            self._take(shown_texts[0])
