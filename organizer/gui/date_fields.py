"""Date fields: a calendar to pick from instead of typing YYYY-MM-DD, and the same with
"no date" for dates that are optional."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from organizer.i18n import _


class DateEdit(QDateEdit):
    """A date field that Tab leaves at once (QDateEdit's Tab steps through year, month and
    day first, which triples the key presses of a quick log). Digits still move on by
    themselves, and the arrow keys move between the parts."""

    def __init__(self, date: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        if date is not None:
            self.set_day(date)

    def set_day(self, date: dt.date) -> None:
        self.setDate(QDate(date.year, date.month, date.day))

    def iso(self) -> str:
        return self.date().toString("yyyy-MM-dd")

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class OptionalDateEdit(DateEdit):
    """A date field that may be empty: "No date" until a day is picked; Delete or
    Backspace on the whole field empties it again."""

    NO_DATE = QDate(2000, 1, 1)

    def __init__(self, parent: QWidget | None = None, *, empty_text: str | None = None
                 ) -> None:
        super().__init__(None, parent)
        self.setMinimumDate(self.NO_DATE)
        self.setSpecialValueText(empty_text or _("No date"))
        self.clear_day()

    def clear_day(self) -> None:
        self.setDate(self.NO_DATE)

    def set_iso(self, text: str | None) -> None:
        """Show the day of an ISO date, or no date."""
        if not text:
            self.clear_day()
            return
        self.set_day(dt.date.fromisoformat(text[:10]))

    def iso_or_none(self) -> str | None:
        return None if self.date() == self.NO_DATE else self.iso()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Typing a date into "No date" starts from today's, typed over from the year on.
        if self.date() == self.NO_DATE and event.text().isdigit():
            self.setDate(QDate.currentDate())
            self.setCurrentSectionIndex(0)
            self.setSelectedSection(self.sectionAt(0))
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            self.lineEdit() is not None and self.lineEdit().selectedText() == self.text()
        ):
            self.clear_day()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        # The calendar that just opened shows this month, not the placeholder's year 2000.
        calendar = self.calendarWidget()
        if self.date() == self.NO_DATE and calendar is not None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
