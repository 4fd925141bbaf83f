"""The panic key's choice on this computer (Settings › Safety): the one key combination that
locks Organizer at once from any window.

Like the language (organizer.i18n), the choice is not sensitive and is needed before any vault
is unlocked, so it lives in this computer's configuration folder, never in a vault: a small
JSON file, written 0600 through a `.partial` file and a rename, holding only the key in Qt's
portable text ("Ctrl+Shift+L"). A file that cannot be read, or that names something the app
would refuse (no Ctrl, Alt or Meta; more than one combination), counts as the default.
"""

from __future__ import annotations

import contextlib
import json
import os

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

PANIC_KEY_FILE = "panic-key.json"
DEFAULT_PANIC_KEY = "Ctrl+Shift+L"
# A key held with one of these cannot be typed by accident into a text field.
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_PORTABLE = QKeySequence.SequenceFormat.PortableText


def default_panic_key() -> QKeySequence:
    return QKeySequence(DEFAULT_PANIC_KEY, _PORTABLE)


def combination(key: QKeySequence) -> QKeyCombination | None:
    """The one key combination of `key`, or None when it has none or several."""
    if key.count() != 1:
        return None
    found = key[0]  # type: ignore[index]  # PySide6's stubs miss QKeySequence[i]
    if found.key() == Qt.Key.Key_unknown:
        return None
    return found  # type: ignore[no-any-return]


def has_command_modifier(key: QKeySequence) -> bool:
    """True when `key` is one combination held with Ctrl, Alt or Meta (Cmd, Option or Control
    on a Mac): never typed into a field by accident."""
    found = combination(key)
    return found is not None and bool(found.keyboardModifiers() & COMMAND_MODIFIERS)


def portable(key: QKeySequence) -> str:
    """"Ctrl+Shift+L" whatever the language and platform: what the file holds."""
    return key.toString(_PORTABLE)


def native(key: QKeySequence) -> str:
    """The key as this platform writes it for a person ("Ctrl+Shift+L", "⇧⌘L")."""
    return key.toString(QKeySequence.SequenceFormat.NativeText)


def chosen_panic_key() -> QKeySequence | None:
    """The key picked in Settings › Safety on this computer, or None for the default."""
    from organizer.core import paths

    try:
        data = json.loads((paths.config_dir(create=False) / PANIC_KEY_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    text = data.get("key") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text:
        return None
    key = QKeySequence(text, _PORTABLE)
    return key if has_command_modifier(key) else None


def panic_key() -> QKeySequence:
    """The panic key in use on this computer: the chosen one, or Ctrl+Shift+L."""
    return chosen_panic_key() or default_panic_key()


def choose_panic_key(key: QKeySequence | None) -> None:
    """Keep `key` as this computer's panic key (None, or the default: the file goes and
    Ctrl+Shift+L is used). Raises ValueError for a key without Ctrl, Alt or Meta, and
    OSError when the file cannot be written. Tell running PanicKeys with
    organizer.gui.locking.use_panic_key."""
    from organizer.core import paths

    if key is not None and not has_command_modifier(key):
        raise ValueError(f"not a panic key: {portable(key)!r}")
    target = paths.config_dir() / PANIC_KEY_FILE
    if key is None or key == default_panic_key():
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return
    partial = target.with_name(f".{PANIC_KEY_FILE}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump({"key": portable(key)}, file)
    os.replace(partial, target)
