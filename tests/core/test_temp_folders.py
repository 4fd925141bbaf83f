"""The app's temporary folders: private, marked in use, and swept at the next start only
once the process that made them is gone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.core import temp_folders

REPO = Path(__file__).resolve().parents[2]


def test_a_folder_in_use_is_kept_and_a_killed_processes_folder_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(temp_folders.tempfile, "tempdir", str(tmp_path))
    mine = temp_folders.private_folder(temp_folders.DEMO_PREFIX)
    assert stat.S_IMODE(mine.stat().st_mode) == 0o700
    # Another Organizer made one and was killed: its lock went with it.
    child = subprocess.run(
        [sys.executable, "-c",
         "import os, tempfile, sys; sys.path.insert(0, sys.argv[2]);"
         "tempfile.tempdir = sys.argv[1];"
         "from organizer.core import temp_folders;"
         "folder = temp_folders.private_folder(temp_folders.QT_SETTINGS_PREFIX);"
         "(folder / 'QtProject.conf').write_text('lastVisited=/home/me/campaign');"
         "print(folder); os._exit(0)", str(tmp_path), str(REPO)],
        capture_output=True, text=True, check=True)
    left = Path(child.stdout.strip())
    assert left.is_dir()
    unrelated = tmp_path / "someone-elses-folder"
    unrelated.mkdir()
    assert temp_folders.remove_abandoned(tmp_path) == [left]
    assert not left.exists()
    assert mine.is_dir() and unrelated.is_dir()
    temp_folders.remove_folder(mine)
    assert not mine.exists()


def test_a_folder_held_by_a_live_process_is_kept(tmp_path: Path) -> None:
    script = ("import sys, tempfile, time; sys.path.insert(0, sys.argv[2]);"
              "tempfile.tempdir = sys.argv[1];"
              "from organizer.core import temp_folders;"
              "print(temp_folders.private_folder(temp_folders.DEMO_PREFIX), flush=True);"
              "sys.stdin.read()")
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(REPO)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        held = Path(child.stdout.readline().strip())
        assert temp_folders.remove_abandoned(tmp_path) == []
        assert held.is_dir()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
    assert temp_folders.remove_abandoned(tmp_path) == [held]
    assert os.listdir(tmp_path) == []
