"""Settings › Printing › Printed copies under the pseudo-locale: every word on it was marked
for translation (copy codes, names and dates are data)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from organizer.core import printed_copies
from organizer.core.vault import Vault
from organizer.gui.printed_copies_ui import PrintedCopiesTab, found_sentence, preview_mark
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    untranslated,
)

_CODES = itertools.count(23456789)


@pytest.fixture
def tab(qtbot: Any, pseudo: None, pseudo_vault: Vault,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[PrintedCopiesTab]:
    # Copy codes are random letters and digits: digits only here, so no letter of a code can
    # pass for an unmarked word.
    monkeypatch.setattr(printed_copies, "new_copy_code",
                        lambda: "{}-{}".format(*divmod(next(_CODES), 10_000)))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    printed_copies.record_copy(pseudo_vault, "call list", printed_for=data("Maya Okafor"),
                               description=data("Calls"), destroy_by=yesterday)
    printed_copies.record_copy(pseudo_vault, "wall chart")
    done = printed_copies.record_copy(pseudo_vault, "recovery kit",
                                      printed_for=data("Ben Ortiz"))
    printed_copies.mark_destroyed(pseudo_vault, done.id)
    printed_copies.record_copy(pseudo_vault, "prep sheet",
                               destroy_by=dt.date.today() + dt.timedelta(days=5))
    widget = PrintedCopiesTab(pseudo_vault)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    yield widget
    widget.hide()


def test_the_printed_copies_tab_is_translated(tab: PrintedCopiesTab) -> None:
    assert tab.table.topLevelItemCount() == 4
    assert untranslated(tab) == []
    for row in range(tab.table.topLevelItemCount()):
        item = tab.table.topLevelItem(row)
        tab.table.setCurrentItem(item)  # "Mark destroyed" or "Not destroyed"
        assert untranslated(tab) == []
    copy = tab.find_code(tab.table.topLevelItem(0).text(0))
    assert copy is not None
    assert untranslated(tab) == []
    tab.find_code("9999-9999")  # not in the log
    assert untranslated(tab) == []
    assert untranslated_text(found_sentence(copy)) is None
    assert untranslated_text(preview_mark(printed_for=data("Maya Okafor"))) is None


def test_an_empty_log_is_translated(qtbot: Any, pseudo: None, pseudo_vault: Vault) -> None:
    widget = PrintedCopiesTab(pseudo_vault)
    qtbot.addWidget(widget)
    widget.show()
    assert untranslated(widget) == []
    widget.hide()


def untranslated_text(text: str) -> str | None:
    from tests.i18n.pseudo_support import unmarked

    return unmarked(text)
