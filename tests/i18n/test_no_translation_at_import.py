"""No message is translated when a module is imported: a string translated then would stay in
the language of the moment (English, before Settings › Language or a test chose another).
Constants are marked with N_() and translated where they are shown."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "organizer"
TRANSLATING = {"_", "ngettext", "pgettext", "npgettext", "count"}


def _translating_calls(node: ast.AST) -> Iterator[ast.Call]:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) \
                and inner.func.id in TRANSLATING:
            yield inner


def _run_at_import(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """What of a module's or class's body runs when it is imported: everything but function
    bodies (their defaults and decorators do run)."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from statement.decorator_list
            yield from statement.args.defaults
            yield from (d for d in statement.args.kw_defaults if d is not None)
        elif isinstance(statement, ast.ClassDef):
            yield from statement.decorator_list
            yield from _run_at_import(statement.body)
        else:
            yield statement


def translated_at_import(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    return [f"{path.name}:{call.lineno}"
            for node in _run_at_import(tree.body) for call in _translating_calls(node)]


def test_no_module_translates_a_message_when_imported() -> None:
    found = [f"{path.parent.name}/{where}" for path in sorted(ROOT.rglob("*.py"))
             for where in translated_at_import(path)]
    assert found == []


def test_the_check_finds_a_constant_translated_at_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"  # not in organizer/: the catalogue test reads that
    sample.write_text(
        "from organizer.i18n import N_, _\n"
        "LATE = N_('fine')\n"
        "EARLY = _('frozen')\n"
        "def shown(text=_('frozen too')):\n"
        "    return _('fine at call time')\n"
        "class Page:\n"
        "    TITLE = _('frozen in a class')\n", "utf-8")
    assert [where.rsplit(":", 1)[1] for where in translated_at_import(sample)] == [
        "3", "4", "7"]
