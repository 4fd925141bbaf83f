"""Smoke tests of the built app (`make package-test`), run headless against dist/organizer.

They run only when ORGANIZER_BUILT_APP names the built executable, which `make package-test`
sets after `make package`; plain `make test` skips them (a stale dist/ proves nothing).
On Windows that is dist/organizer/organizer-cli.exe (Organizer.exe beside it has no console
to print to); on macOS dist/Organizer.app/Contents/MacOS/organizer, inside the app bundle.
Each command runs the frozen program itself, not Python, so these catch what only a bundle
gets wrong: a missing module, Qt plugin or resource file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from organizer import __version__
from tests.conftest import posix_only

APP_ENV = "ORGANIZER_BUILT_APP"
APP = Path(os.environ.get(APP_ENV, "")) if os.environ.get(APP_ENV) else None
PASSPHRASE = "correct horse battery staple"
TIMEOUT = 120  # seconds; every command here takes about one

pytestmark = pytest.mark.skipif(
    APP is None, reason=f"set {APP_ENV} to the built executable (make package-test)"
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A private home for the app: nothing it writes lands outside tmp_path."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the bundle must stand on its own
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        ORGANIZER_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    for name in ("home", "runtime"):
        (tmp_path / name).mkdir(mode=0o700)
    return env


def bundle_folders(app: Path) -> tuple[Path, Path]:
    """Where the frozen program finds its modules and data files (sys._MEIPASS), and the
    folder holding everything the bundle ships. Beside the executable, `_internal` is both; in
    a macOS app it is Contents/Frameworks (data files are linked in there from
    Contents/Resources), inside Contents."""
    if app.parent.name == "MacOS" and app.parent.parent.name == "Contents":
        return app.parent.parent / "Frameworks", app.parent.parent
    return app.parent / "_internal", app.parent / "_internal"


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    assert APP is not None
    return subprocess.run(
        [str(APP), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


def test_bundle_layout() -> None:
    assert APP is not None and APP.is_file() and os.access(APP, os.X_OK)
    internal, everything = bundle_folders(APP)
    resources = internal / "resources"
    assert (resources / "eff_large_wordlist.txt").stat().st_size > 100_000
    assert (resources / "eff_large_wordlist.LICENSE.txt").is_file()
    assert (resources / "icons" / "organizer-256.png").is_file()
    # No test code, no development tools, and nothing that opens network connections.
    names = {p.name for p in everything.rglob("*")}
    for forbidden in ("tests", "pytest", "_pytest", "hypothesis", "PyInstaller"):
        assert forbidden not in names
    assert not [n for n in names if "Qt6Network" in n or "QtNetwork" in n]
    # The VNC platform plugin and the TUIO touch plugin as each system names them:
    # libqvnc.so, libqvnc.dylib, qvnc.dll.
    plugins = {Path(n).stem.removeprefix("lib") for n in names}
    assert not plugins & {"qvnc", "qtuiotouchplugin"}


def test_version(env: dict[str, str]) -> None:
    result = run(["--version"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"organizer {__version__}"


def test_demo_vault_then_check(tmp_path: Path, env: dict[str, str]) -> None:
    vault = tmp_path / "demo.vault"
    made = run(["demo", str(vault), "--people", "50"], env, stdin=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    assert "50 people" in made.stdout
    assert vault.is_file()

    checked = run(["vault", "check", str(vault)], env, stdin=PASSPHRASE + "\n")
    assert checked.returncode == 0, checked.stderr
    assert "people: 50" in checked.stdout
    assert checked.stdout.strip().splitlines()[-1] == "integrity: ok"

    wrong = run(["vault", "check", str(vault)], env, stdin="not the passphrase at all\n")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("organizer: ") and "Traceback" not in wrong.stderr


def test_the_bundle_speaks_spanish(tmp_path: Path, env: dict[str, str]) -> None:
    """The compiled catalogue and Babel's locale data are in the bundle: a command's error
    and its dates come out in Spanish."""
    internal, _everything = bundle_folders(APP)  # type: ignore[arg-type]
    assert (internal / "organizer" / "locale" / "es" / "LC_MESSAGES" / "organizer.mo").is_file()
    spanish = {**env, "ORGANIZER_LANGUAGE": "es"}
    missing = run(["vault", "check", str(tmp_path / "nada.vault")], spanish)
    assert missing.returncode == 1
    assert missing.stderr.startswith("organizer: ") and "No hay ningún archivo" in missing.stderr
    vault = tmp_path / "demo.vault"
    made = run(["demo", str(vault), "--people", "20"], spanish, stdin=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    assert "20 personas" in made.stdout


def start_gui(env: dict[str, str]) -> subprocess.Popen[str]:
    assert APP is not None
    return subprocess.Popen(
        [str(APP), "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_gui_starts_offscreen_and_keeps_running(env: dict[str, str]) -> None:
    process = start_gui(env)
    try:
        time.sleep(5)
        assert process.poll() is None, "the app exited by itself: " + process.stderr.read()
    finally:
        process.terminate()  # SIGTERM where there is one, so the demo deletes itself
        try:
            process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()


@posix_only  # Windows has no SIGTERM to send: the test above is what runs there
def test_gui_starts_offscreen_and_quits_on_sigterm(env: dict[str, str]) -> None:
    process = start_gui(env)
    try:
        time.sleep(5)
        assert process.poll() is None, "the app exited by itself: " + process.stderr.read()
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "organizer: " not in err, err


def test_backup_export_verify_restore(tmp_path: Path, env: dict[str, str]) -> None:
    """The bundle's age, SQLCipher and standard-library SQLite together: a backup made,
    verified and restored (a restore builds a new SQLCipher vault in the program itself)."""
    vault = tmp_path / "demo.vault"
    backup = tmp_path / "demo.age"
    restored = tmp_path / "restored.vault"
    backup_passphrase = "violet anchor meadow lantern"
    assert run(["demo", str(vault), "--people", "40"], env, stdin=PASSPHRASE + "\n").returncode == 0
    exported = run(["backup", "export", str(vault), str(backup)], env,
                   stdin=f"{PASSPHRASE}\n{backup_passphrase}\n")
    assert exported.returncode == 0, exported.stderr
    verified = run(["backup", "verify", str(backup)], env, stdin=backup_passphrase + "\n")
    assert verified.returncode == 0, verified.stderr
    assert "person: 40" in verified.stdout.splitlines()
    back = run(["backup", "restore", str(backup), str(restored)], env,
               stdin=f"{backup_passphrase}\n{PASSPHRASE}\n")
    assert back.returncode == 0, back.stderr
    assert "people: 40" in back.stdout.splitlines()
    checked = run(["vault", "check", str(restored)], env, stdin=PASSPHRASE + "\n")
    assert checked.returncode == 0, checked.stderr
    assert "people: 40" in checked.stdout
    assert checked.stdout.strip().splitlines()[-1] == "integrity: ok"
