"""Where Organizer keeps its files: platformdirs, behind an explicit init (no work at import)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Organizer"
VAULT_SUFFIX = ".vault"


def data_dir(create: bool = True) -> Path:
    """The per-user folder holding vaults, created 0700 when asked for."""
    override = os.environ.get("ORGANIZER_DATA_DIR")
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    return folder


def config_dir(create: bool = True) -> Path:
    """The per-user folder for this computer's own preferences (never campaign data: that
    stays in the vault), created 0700 when asked for."""
    folder = Path(platformdirs.user_config_dir(APP_NAME, False))
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    return folder


def list_vaults(folder: Path | None = None) -> list[Path]:
    """Vault files in the data folder, newest first."""
    folder = folder or data_dir(create=False)
    if not folder.is_dir():
        return []
    vaults = [p for p in folder.iterdir() if p.suffix == VAULT_SUFFIX and p.is_file()]
    return sorted(vaults, key=lambda p: p.stat().st_mtime, reverse=True)


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, or inside a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
