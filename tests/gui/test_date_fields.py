"""Optional dates are picked or typed, never free text: "No date" until a day is set,
typing digits starts a date, selecting all and Delete takes it off again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from organizer.gui.date_fields import OptionalDateEdit


def test_an_optional_date_starts_empty_takes_typing_and_can_be_emptied(qtbot: Any) -> None:
    field = OptionalDateEdit(empty_text="No due date")
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    assert field.text() == "No due date" and field.iso_or_none() is None
    qtbot.keyClicks(field, "2031-07-04")
    assert field.iso_or_none() == "2031-07-04"
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.iso_or_none() is None and field.text() == "No due date"
    field.set_iso("2030-01-15T10:00:00Z")
    assert field.iso_or_none() == "2030-01-15"
    field.set_iso(None)
    assert field.iso_or_none() is None
