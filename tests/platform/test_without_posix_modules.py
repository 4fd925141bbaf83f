"""The core does not need fcntl, resource or msvcrt: every module imports, and the command
line creates, checks and backs up a vault, in processes where Organizer's code cannot
import them (as on Windows, which has no fcntl or resource, and on Linux and macOS, which
have no msvcrt). Only filelock, the library made for it, may lock files with them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"
BACKUP_PASSPHRASE = "violet anchor meadow lantern"

# Installed as sitecustomize, so the age child processes that backups spawn get it too.
BLOCKER = textwrap.dedent('''
    import builtins, os

    BLOCKED = {"fcntl", "resource", "msvcrt"}
    EVERYONE = os.environ.get("ORGANIZER_TEST_BLOCK") == "everyone"
    real_import = builtins.__import__

    def refusing_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] in BLOCKED:
            caller = (globals or {}).get("__name__", "")
            if EVERYONE or caller == "__main__" or caller.startswith("organizer"):
                raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return real_import(name, globals, locals, fromlist, level)

    builtins.__import__ = refusing_import
''')


def _environment(tmp_path: Path, who: str) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER)
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
            "ORGANIZER_TEST_BLOCK": who}


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=env["PYTHONPATH"].split(os.pathsep)[0],
                          timeout=120)


def test_every_core_module_imports_without_them(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import importlib, pkgutil, sys
        import organizer, organizer.core, organizer.platform
        names = [info.name for package in (organizer.core, organizer.platform)
                 for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
        names += [info.name for info in pkgutil.iter_modules(organizer.__path__, "organizer.")
                  if info.name.startswith("organizer.cli")]
        for name in names:
            importlib.import_module(name)
        try:
            import fcntl
        except ImportError:
            print("blocked")
        print(len(names))
    """)
    result = _run(["-c", code], _environment(tmp_path, "everyone"))
    assert result.returncode == 0, result.stderr
    blocked, count = result.stdout.split()
    assert blocked == "blocked" and int(count) > 40


@pytest.mark.slow
def test_the_command_line_creates_checks_and_backs_up_without_them(tmp_path: Path) -> None:
    env = _environment(tmp_path, "organizer")
    vault, backup = tmp_path / "campaign.vault", tmp_path / "campaign.age"
    probe = _run(["-c", "import os; from organizer.platform import posix; "
                  "print(posix.try_lock(os.open('.', os.O_RDONLY)))"], env)
    assert probe.stdout.strip() == "None", "the blocker must reach Organizer's own imports"

    created = _run(["-m", "organizer", "vault", "create", str(vault)], env, f"{PASSPHRASE}\n")
    assert created.returncode == 0, created.stderr
    checked = _run(["-m", "organizer", "vault", "check", str(vault)], env, f"{PASSPHRASE}\n")
    assert checked.returncode == 0, checked.stderr
    assert "integrity: ok" in checked.stdout
    exported = _run(["-m", "organizer", "backup", "export", str(vault), str(backup)], env,
                    f"{PASSPHRASE}\n{BACKUP_PASSPHRASE}\n")
    assert exported.returncode == 0, exported.stderr
    assert f"Backup written and verified: {backup}" in exported.stdout
