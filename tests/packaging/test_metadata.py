"""The Linux desktop metadata and icons: valid, and consistent with the app's name and version.

Runs in plain `make test` (no build needed). The validators are skipped where they are not
installed (apt: desktop-file-utils, appstream); .ci/run installs them.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from organizer import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "organizer.desktop"
METAINFO = PACKAGING / "org.organizer.Organizer.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_desktop_file_validates() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_validates() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_names_and_version_agree() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(DESKTOP, encoding="utf-8")
    entry = desktop["Desktop Entry"]
    meta = ET.parse(METAINFO).getroot()  # noqa: S314 - our own file
    assert entry["Name"] == meta.findtext("name") == "Organizer"
    assert entry["Comment"] == meta.findtext("summary")
    assert entry["Icon"] == meta.findtext("icon") == "organizer"
    assert meta.findtext("launchable") == DESKTOP.name
    # The newest release listed is this version, so app stores never show a stale one.
    releases = meta.find("releases")
    assert releases is not None
    assert releases[0].get("version") == __version__


def test_icons_in_every_standard_size() -> None:
    assert "<svg" in (ICONS / "organizer.svg").read_text(encoding="utf-8")
    for size in SIZES:
        data = (ICONS / f"organizer-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)
    assert (ICONS / "organizer.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "organizer.icns").read_bytes()[:4] == b"icns"


def test_window_icon_is_set(qapp: QApplication) -> None:
    from organizer.gui.app import prepare_application

    prepare_application(qapp)
    sizes = {(s.width(), s.height()) for s in qapp.windowIcon().availableSizes()}
    assert {(size, size) for size in SIZES} <= sizes
