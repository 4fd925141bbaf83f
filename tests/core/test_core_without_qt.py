"""The core never imports Qt: it must work where PySide6 cannot even be imported."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import organizer.core
from tests.core.helpers import run_child

CORE = Path(organizer.core.__file__).parent

WITHOUT_QT = """
    import importlib, pkgutil, sys

    class NoQt:
        \"\"\"Makes PySide6 and shiboken6 unimportable, as on a machine without them.\"\"\"

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError(f"{name} is blocked for this test")
            return None

    sys.meta_path.insert(0, NoQt())
    try:
        import PySide6  # noqa: F401
    except ImportError:
        print("PySide6 blocked")
    import organizer.core
    imported = []
    for module in pkgutil.walk_packages(organizer.core.__path__, "organizer.core."):
        importlib.import_module(module.name)
        imported.append(module.name)
    leaked = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
    print("imported", len(imported))
    print("qt modules", leaked)
"""


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages([str(CORE)], "organizer.core.")]


def test_every_core_module_imports_without_pyside6() -> None:
    child = run_child(WITHOUT_QT)
    assert child.returncode == 0, child.stderr
    assert "PySide6 blocked" in child.stdout, "the blocker did not work"
    assert f"imported {len(core_modules())}" in child.stdout
    assert "qt modules []" in child.stdout


def test_core_source_never_mentions_qt() -> None:
    sources = sorted(CORE.rglob("*.py"))
    assert len(sources) >= 5
    pattern = re.compile(r"PySide6|shiboken6|QtCore|QtGui|QtWidgets")
    offenders = [
        str(source.relative_to(CORE))
        for source in sources
        if pattern.search(source.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_walk_finds_the_vault_modules() -> None:
    names = core_modules()
    assert {"organizer.core.vault", "organizer.core.schema", "organizer.core.passphrase"} <= set(
        names
    )
