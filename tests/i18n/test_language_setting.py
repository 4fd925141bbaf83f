"""Settings › Language: the list offers "Follow the system (…)" and every language Organizer
speaks in its own words; Save keeps the choice on this computer (outside the vault) for the
next start, and says so."""

from __future__ import annotations

from typing import Any

import pytest

from organizer import i18n
from organizer.core.vault import Vault
from organizer.gui.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot: Any, vault: Vault) -> SettingsDialog:
    shown = SettingsDialog(vault)
    qtbot.addWidget(shown)
    shown.show()
    shown.tabs.setCurrentIndex(shown.tabs.count() - 1)  # Language, the last tab
    return shown


def _items(dialog: SettingsDialog) -> list[tuple[str, object]]:
    box = dialog.language
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def test_the_list_follows_the_system_first_then_each_language_in_its_own_words(
    qtbot: Any, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "es_MX")
    shown = SettingsDialog(vault)
    qtbot.addWidget(shown)
    assert _items(shown) == [("Follow the system (Español)", None),
                             ("English", "en"), ("Español", "es")]
    assert shown.chosen_language() is None  # nothing chosen yet: the system's


def test_choosing_spanish_keeps_it_for_the_next_start(dialog: SettingsDialog) -> None:
    assert i18n.chosen_language() is None
    assert dialog.language.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.save()
    assert i18n.chosen_language() == "es"
    assert not dialog.isVisible()
    assert i18n.language() == i18n.SOURCE_LANGUAGE  # the change waits for the next start


def test_follow_the_system_clears_the_choice(qtbot: Any, vault: Vault) -> None:
    i18n.choose_language("es")
    shown = SettingsDialog(vault)
    qtbot.addWidget(shown)
    assert shown.language.currentData() == "es"  # preselected from the saved choice
    shown.choose_language(None)
    assert shown.language.currentIndex() == 0
    shown.save()
    assert i18n.chosen_language() is None


def test_an_unchanged_language_is_left_alone(dialog: SettingsDialog) -> None:
    dialog.save()
    assert i18n.chosen_language() is None


def test_the_sentence_about_the_next_start_is_shown(dialog: SettingsDialog) -> None:
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Lan&guage"
    assert dialog.language_note.isVisible()
    assert dialog.language_note.text() == (
        "Organizer will use this language the next time it starts.")
