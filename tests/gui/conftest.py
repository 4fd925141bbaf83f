"""GUI test rules: one QApplication for the session (pytest-qt's qapp; one per xdist worker),
message boxes answered through the seam, no OS keychain, Qt's own settings in the test's folder,
and real vault files copied from one made per session (`vault_file`, for tests that unlock with
the passphrase like a person would; tests that only need an open vault use vault_fixtures.py or
the suite's `vault` fixture, tests/conftest.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from organizer.core import campaign, paths, records
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.app import AppController, keep_qt_settings_private, prepare_application
from tests.conftest import PASSPHRASE as PASSPHRASE
from tests.conftest import VaultTemplate, derived_template
from tests.keyring_double import MemoryKeyring

CAMPAIGN_NAME = "Quillfeather Warehouse Drive"
PERSON_NAME = "Ravindra Quasimodo-Petrov"
PERSON_NOTE = "ZZNOTE said the walkout plan is on for Friday"
DEPARTMENT = "Zanzibar Logistics"
VAULT_FILE = "drive.vault"


@pytest.fixture(scope="session", autouse=True)
def named_application(qapp: QApplication) -> QApplication:
    prepare_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def no_keychain() -> Iterator[None]:
    """The real keychain is never touched by tests; tests that want one install MemoryKeyring."""
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(keyring.backends.fail.Keyring())


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def answered_messages() -> Iterator[messages.MessageSeam]:
    """Every message box must have an answer queued; leftover answers fail the test too."""
    messages.seam.reset()
    messages.seam.strict = True
    yield messages.seam
    leftover = list(messages.seam.answers)
    messages.seam.reset()
    messages.seam.strict = False
    assert not leftover, f"answers queued for boxes that never appeared: {leftover}"


@pytest.fixture(autouse=True)
def qt_settings_folder(tmp_path: Path, named_application: QApplication) -> Path:
    folder = tmp_path / "qt-settings"
    keep_qt_settings_private(folder)
    return folder


@pytest.fixture(autouse=True)
def background_work_finishes(named_application: QApplication) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.processEvents()
    flush_deletions()


def flush_deletions() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def _fill_drive(vault: Vault) -> None:
    department = campaign.add_list_entry(vault, "department", DEPARTMENT)
    stamp = records.now()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO person (id, name, notes, department_id, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            (records.new_id(), PERSON_NAME, PERSON_NOTE, department.id, stamp, stamp),
        )


@pytest.fixture(scope="session")
def drive_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    """A vault holding one campaign, one department and one person with a note (passphrase
    PASSPHRASE): the suite's session template (tests/conftest.py), filled once. Its raw key
    opens every `vault_file` without a key derivation."""
    return derived_template(tmp_path_factory, "drive", _fill_drive, campaign_name=CAMPAIGN_NAME)


@pytest.fixture(scope="session")
def vault_template(drive_template: VaultTemplate) -> Path:
    return drive_template.path


@pytest.fixture
def vault_file(vault_template: Path) -> Path:
    """A fresh copy of the template in this test's data folder (same salt, same passphrase)."""
    target = paths.data_dir() / VAULT_FILE
    shutil.copyfile(vault_template, target)
    target.chmod(0o600)
    return target


@pytest.fixture
def make_controller(qtbot: Any) -> Iterator[Callable[..., AppController]]:
    """Start app controllers (no desktop D-Bus); each is shut down after the test."""
    made: list[AppController] = []

    def make(**options: Any) -> AppController:
        options.setdefault("watch_desktop", False)
        controller = AppController(**options)
        made.append(controller)
        controller.start()
        return controller

    yield make
    for controller in made:
        controller.shutdown()
    flush_deletions()


def unlock(qtbot: Any, controller: AppController, path: Path, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock page like a person would, and wait for the window."""
    controller.show_unlock(path)
    page = controller.shell.unlock_page
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.mouseClick(page.unlock_button, _left())
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def everything_shown() -> str:
    """Every piece of text any live widget or item model could show, joined for searching."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName(),
                  widget.accessibleDescription(), widget.statusTip(), widget.whatsThis()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QAbstractSpinBox):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _model_texts(widget)
        for action in widget.actions():
            texts += [action.text(), action.toolTip()]
    texts.append(QApplication.clipboard().text())
    return "\n".join(t for t in texts if t)


def _model_texts(view: QAbstractItemView) -> list[str]:
    from PySide6.QtCore import QModelIndex, Qt

    model = view.model()
    found: list[str] = []
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole)

    def columns(parent: QModelIndex) -> int:
        # List models make columnCount private: count the valid indexes instead.
        count = 0
        while model.index(0, count, parent).isValid():
            count += 1
        return count

    def walk(parent: QModelIndex) -> None:
        width = columns(parent)
        for row in range(model.rowCount(parent)):
            for column in range(width):
                index = model.index(row, column, parent)
                for role in roles:
                    value = model.data(index, role)
                    if value is not None:
                        found.append(str(value))
                if column == 0 and model.index(0, 0, index).isValid():
                    walk(index)

    walk(QModelIndex())
    for section in range(columns(QModelIndex())):
        value = model.headerData(section, Qt.Orientation.Horizontal)
        if value is not None:
            found.append(str(value))
    return found


def widget_of(kind: type[QWidget]) -> Any:
    """The one visible top-level widget of a kind (a dialog the app opened)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, f"expected one visible {kind.__name__}, found {len(found)}"
    return found[0]
