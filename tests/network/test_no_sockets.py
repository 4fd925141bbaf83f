"""No network, proven at the system-call level: a scripted session of the real app (unlock,
a person, a one-on-one, the call-list preview, Save PDF, an import, a backup, lock) runs under
`strace -f -e trace=network`, and any socket that is not AF_UNIX fails the test. The suite's
Python-level guard cannot see C libraries (Qt's print plugin, libcups, D-Bus); this can."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import linux_only

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SOCKET_CALL = re.compile(r"\bsocket\((AF_[A-Z0-9]+)")

pytestmark = [pytest.mark.slow, linux_only]  # strace is Linux's


def _strace() -> str:
    found = shutil.which("strace")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("strace is not installed; .ci/run installs it")
        pytest.skip("strace is not installed (apt-get install strace)")
    return found


def _sockets_of(script: list[str], tmp_path: Path) -> tuple[list[str], str]:
    """Run `script` under strace; return the non-AF_UNIX socket calls and its output."""
    trace = tmp_path / "network.trace"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               ORGANIZER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    result = subprocess.run(
        [_strace(), "-f", "-qq", "-e", "trace=network", "-o", str(trace),
         sys.executable, *script],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = [line for line in trace.read_text().splitlines()
             if (match := SOCKET_CALL.search(line)) and match.group(1) != "AF_UNIX"]
    return calls, result.stdout


def test_a_whole_session_opens_no_network_socket(tmp_path: Path) -> None:
    folder = tmp_path / "session"
    folder.mkdir(mode=0o700)
    calls, output = _sockets_of([str(HERE / "gui_session.py"), str(folder)], tmp_path)
    assert "session done" in output, "the scripted session ran to its end"
    assert (folder / "calls.pdf").exists() and (folder / "session-backup.age").exists()
    assert calls == [], "sockets other than AF_UNIX:\n" + "\n".join(calls)


def test_the_trace_does_see_the_print_system(tmp_path: Path) -> None:
    """The control: creating a QPrinter (what only the Print action may do) loads the print
    plugin, and where libcups is installed the trace sees it reach for the network."""
    if not any(Path(folder, "libcups.so.2").exists() for folder in (
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")):
        pytest.skip("libcups is not installed, so Qt's print plugin cannot load here")
    script = tmp_path / "printer.py"
    script.write_text(
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtPrintSupport import QPrinter\n"
        "app = QApplication([])\n"
        "QPrinter()\n", encoding="utf-8")
    calls, _output = _sockets_of([str(script)], tmp_path)
    assert any("AF_INET" in call for call in calls), "the trace missed the print system"
