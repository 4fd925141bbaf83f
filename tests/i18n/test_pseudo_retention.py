"""Settings › Retention under the pseudo-locale: every word on the tab, in its preview and
in the question before erasing is marked for translation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from organizer.core import retention
from organizer.core.retention import RetentionRules
from organizer.core.vault import Vault
from organizer.gui.retention_settings import RetentionTab, confirmation_question
from tests.i18n.pseudo_support import (  # noqa: F401
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    unmarked,
    untranslated,
)


def test_the_retention_tab_off_and_on_is_marked(qtbot: Any, pseudo: None,
                                                pseudo_vault: Vault) -> None:
    tab = RetentionTab(pseudo_vault)
    qtbot.addWidget(tab)
    tab.show()
    assert untranslated(tab) == []
    assert unmarked(tab.preview_label.text()) is None

    before = tab.preview_label.text()
    for name in retention.LIMITS:
        tab.set_rule(name, 1)
    qtbot.waitUntil(lambda: tab.preview_label.text() != before, timeout=5000)
    assert untranslated(tab) == []
    assert unmarked(tab.preview_label.text()) is None
    assert all(unmarked(period.text()) is None for period in tab.periods.values())


def test_the_question_before_erasing_is_marked(pseudo: None, pseudo_vault: Vault) -> None:
    later = dt.date.today() + dt.timedelta(days=90)  # the campaign's one-on-one is old by then
    for rules, empty in ((RetentionRules(one_on_one_months=1), False),
                         (RetentionRules(draft_days=3650), True)):
        found = retention.preview(pseudo_vault, rules, later)
        assert found.empty is empty
        question, detail = confirmation_question(found)
        assert unmarked(question) is None, question
        assert unmarked(detail) is None, detail
