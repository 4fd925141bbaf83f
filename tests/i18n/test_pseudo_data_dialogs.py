"""The data dialogs and Settings under the pseudo-locale: every text on screen was marked for
translation. The import dialog at each step (with a file whose cells and headers hold no
ASCII words), the import history and its undo preview, Find duplicates, Export, Back up now,
Restore (with the passphrase and with shares), Make a recovery kit, and every tab of
Settings, with their errors."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QSpinBox

from organizer import i18n
from organizer.core import people
from organizer.core.importers import BadValues
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.backup_dialogs import BackupNowDialog, RecoveryKitDialog, RestoreDialog
from organizer.gui.duplicates_dialog import DuplicatesDialog
from organizer.gui.export_dialog import ExportDialog
from organizer.gui.import_dialog import ImportDialog
from organizer.gui.import_history import ImportHistoryDialog
from organizer.gui.settings_dialog import SettingsDialog
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    unmarked,
    untranslated,
)


def header(text: str) -> str:
    """A column header with an accent on every letter: no ASCII word a person could read,
    yet the importer recognises it ("Ń́á́ḿé́" is "name" once accents are dropped)."""
    return unicodedata.normalize("NFC", "".join(
        c + "\u0301" if c.isascii() and c.isalpha() else c for c in text))


def _shown(qtbot: Any, dialog: Any) -> Any:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _spin_texts(root: Any) -> list[str]:
    """Spin boxes' prefixes, suffixes and "special value" words, which the search of
    widgets does not read."""
    found = []
    for spin in root.findChildren(QSpinBox):
        for text in (spin.prefix(), spin.suffix(), spin.specialValueText()):
            if text and unmarked(text):
                found.append(f"{spin.accessibleName()}: {text!r}")
    return found


def _answered(*answers: bool) -> list[messages.Message]:
    messages.seam.reset()
    messages.answer_next(*answers)
    return messages.seam.seen


# ----- Import people… and Import history… -------------------------------------------------


def _write_file(folder: Path) -> Path:
    columns = [header(h) for h in ("Name", "Personal phone", "Department", "Assessment",
                                   "Assigned OC member", "Start date", "Pager")]
    rows = [
        [data("Lucia Gomez"), "+1 555 0199", data("Infrastructure"), "2", data("Maya Okafor"),
         "03/04/2026", ""],
        [data("Ravi Kumar"), "+1 555 0142", data("Infrastructure"), "3", "", "", ""],
        [data("Noor Haddad"), "+1 555 0177", data("Sales"), "7", "", "", ""],
        [data("Bea Ortiz"), "+1 555 0188", data("Sales"), "", data("Sam Rivera"), "", ""],
    ]
    path = folder / data("workers")  # no ".csv": the file's name is data too
    path.write_text("\n".join(",".join(row) for row in [columns, *rows]) + "\n",
                    encoding="utf-8")
    return path


def test_import_dialog_at_each_step_and_the_import_history(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, tmp_path: Path
) -> None:
    dialog = _shown(qtbot, ImportDialog(pseudo_vault))
    assert untranslated(dialog) == []  # nothing chosen yet

    with qtbot.waitSignal(dialog.prepared, timeout=20_000):
        dialog.load(_write_file(tmp_path))
    assert dialog.plan is not None and dialog.plan.pairs  # Ravi is in the vault already
    assert not dialog.import_button.isEnabled()  # a value off the scale: refused
    for tab in range(dialog.tabs.count()):  # first rows, duplicates, rows to check
        dialog.tabs.setCurrentIndex(tab)
        assert untranslated(dialog) == [], dialog.tabs.tabText(tab)
    assert dialog.hint_label.isVisible()

    dialog.choose_options(bad_values=BadValues.IMPORT_REST)
    assert dialog.import_button.isEnabled()
    dialog.fold_button.click()  # every column, the one not imported too
    assert dialog.show_all_columns
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        assert untranslated(dialog) == [], dialog.tabs.tabText(tab)

    seen = _answered(True)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert unmarked(seen[-1].text) is None, seen[-1].text

    history = _shown(qtbot, ImportHistoryDialog(pseudo_vault))
    assert history.table.topLevelItemCount() == 1
    assert untranslated(history) == []
    preview = history.ask_undo()
    assert preview is not None
    assert untranslated(preview) == []
    preview.reject()


def test_import_dialog_error_and_an_empty_history(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / data("empty")
    path.write_text(header("Pager") + "\n" + "0\n", encoding="utf-8")
    dialog = _shown(qtbot, ImportDialog(pseudo_vault))
    with qtbot.waitSignal(dialog.prepared, timeout=20_000) as blocker:
        dialog.load(path)
    assert blocker.args == [False] and dialog.error_label.text()
    assert untranslated(dialog) == []

    history = _shown(qtbot, ImportHistoryDialog(pseudo_vault))
    assert history.empty_label.isVisible()
    assert untranslated(history) == []


# ----- Find duplicates… and Export people… ------------------------------------------------


def test_duplicates_dialog_with_nothing_found_and_with_a_pair(
    qtbot: Any, pseudo: None, pseudo_vault: Vault
) -> None:
    def opened() -> DuplicatesDialog:
        dialog = _shown(qtbot, DuplicatesDialog(pseudo_vault))
        qtbot.waitUntil(lambda: dialog._search_task is None, timeout=20_000)
        return dialog

    nothing = opened()
    assert nothing.model.rowCount() == 0
    assert untranslated(nothing) == []

    people.add_person(pseudo_vault, Person(name=data("Ravi K."), personal_phone="(555) 0142"))
    found = opened()
    assert found.model.rowCount() == 1
    assert found.why_label.text() and found.keep_first.text()
    assert untranslated(found) == []
    found.dismiss_selected()  # "no more possible duplicates"
    assert untranslated(found) == []


def test_export_dialog_and_its_report(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, tmp_path: Path
) -> None:
    dialog = _shown(qtbot, ExportDialog(pseudo_vault))
    assert untranslated(dialog) == []
    seen = _answered(True)
    assert dialog.export_to(tmp_path / "people.csv")
    assert unmarked(seen[-1].text) is None and unmarked(seen[-1].detail) is None


# ----- Back up now…, Restore from backup…, Make a recovery kit… ----------------------------


def test_back_up_now_and_its_error(qtbot: Any, pseudo: None, pseudo_vault: Vault) -> None:
    dialog = _shown(qtbot, BackupNowDialog(pseudo_vault))
    assert untranslated(dialog) == []
    dialog.location.clear()
    dialog.back_up()
    assert dialog.error.isVisible()
    assert untranslated(dialog) == []


def test_restore_with_the_passphrase_and_with_shares(
    qtbot: Any, pseudo: None, tmp_path: Path
) -> None:
    dialog = _shown(qtbot, RestoreDialog())
    assert untranslated(dialog) == []
    dialog.restore()  # no backup chosen
    assert dialog.error.isVisible()
    assert untranslated(dialog) == []

    dialog.use_shares.setChecked(True)
    dialog.shares.fields[0].set_words("academic acid ")  # two words of a share so far
    assert dialog.shares.fields[0].status.text()
    assert untranslated(dialog) == []


def test_recovery_kit_dialog_both_ways_and_its_error(
    qtbot: Any, pseudo: None, pseudo_vault: Vault
) -> None:
    dialog = _shown(qtbot, RecoveryKitDialog(pseudo_vault))
    assert untranslated(dialog) == [] and _spin_texts(dialog) == []
    dialog.use_current.setChecked(True)
    assert untranslated(dialog) == []
    dialog.folder.clear()
    dialog.make()
    assert dialog.error.isVisible()
    assert untranslated(dialog) == []


# ----- Settings: every tab ----------------------------------------------------------------


def test_settings_on_every_tab(qtbot: Any, pseudo: None, pseudo_vault: Vault) -> None:
    dialog = _shown(qtbot, SettingsDialog(pseudo_vault))
    dialog.thresholds.restore_defaults()  # the usual five, named in the language in use
    languages = {repr(name) for name in i18n.LANGUAGES.values()}
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        if dialog.tabs.currentWidget() is dialog.committee:
            continue  # the Committee tab is organizer.gui.committee_settings' own test's
        # Each language is listed in its own words ("English", "Español"), never translated.
        found = [line for line in untranslated(dialog)
                 if not any(f": {name} (" in line for name in languages)]
        assert found == [], dialog.tabs.tabText(tab)
    assert _spin_texts(dialog) == []

    dialog.list_editors["department"].add()  # no name typed: a problem is shown
    dialog.tabs.setCurrentIndex(2)
    assert dialog.error.isVisible()
    assert untranslated(dialog) == []
    dialog.thresholds.remove()  # none chosen
    assert unmarked(dialog.error.text()) is None
    dialog.backups.enabled.setChecked(True)
    dialog.backups.folder.clear()
    dialog.save()  # automatic backups without a folder: refused, and said why
    assert dialog.tabs.currentWidget() is dialog.backups
    assert dialog.error.isVisible()
    assert untranslated(dialog) == []
