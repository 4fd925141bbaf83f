"""Settings › Safety's panic key row speaks only marked messages: its button, its sentence and
each reason a key is refused (the keys themselves are not words to translate)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence

from organizer.gui.panic_key_ui import PanicKeyRow
from tests.i18n.pseudo_support import pseudo_fixture, unmarked, untranslated  # noqa: F401


def test_the_panic_key_row_and_its_refusals_are_marked(qtbot: Any, pseudo: None) -> None:
    row = PanicKeyRow()
    qtbot.addWidget(row)
    row.show()
    assert row.reset_button.text().startswith("⟦")
    assert untranslated(row) == []
    for key in ("L", "Ctrl+C", "Ctrl+Right", ""):
        row.set_key(QKeySequence(key))
        assert not row.save(), key
        assert row.problem_text().startswith("⟦"), key
        assert unmarked(row.problem_text()) is None, key
    assert untranslated(row) == []
