"""Render resources/icons/organizer.svg to the PNG sizes, a Windows .ico and a macOS .icns.

    python packaging/make_icons.py

The outputs are committed, so building the app needs none of this; run it again only after
editing the SVG. Renders with `rsvg-convert` (apt: librsvg2-bin) when present, else with Qt's
own SVG renderer (PySide6.QtSvg, in PySide6-Essentials). The .ico and .icns containers are
written here in plain Python: both just hold PNG images, so no Pillow or iconutil is needed.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "organizer.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns entries that hold PNG data: type code -> pixel size (the @2x types are the larger one).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
    (b"ic10", 1024),
)


def render(size: int, out: Path) -> None:
    rsvg = shutil.which("rsvg-convert")
    if rsvg:
        subprocess.run(  # noqa: S603 - fixed program and arguments
            [rsvg, "-w", str(size), "-h", str(size), str(SVG), "-o", str(out)], check=True
        )
        return
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def write_ico(pngs: dict[int, bytes], out: Path) -> None:
    entries = [(size, pngs[size]) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory, data = b"", b""
    for size, png in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        data += png
        offset += len(png)
    out.write_bytes(header + directory + data)


def write_icns(pngs: dict[int, bytes], out: Path) -> None:
    body = b"".join(
        code + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for code, size in ICNS_TYPES
    )
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        target = ICONS / f"organizer-{size}.png"
        render(size, target)
        pngs[size] = target.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "1024.png"
        render(1024, big)  # only inside the .icns (Retina 512@2x)
        pngs[1024] = big.read_bytes()
    write_ico(pngs, ICONS / "organizer.ico")
    write_icns(pngs, ICONS / "organizer.icns")
    print(f"wrote {len(SIZES)} PNGs, organizer.ico and organizer.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
