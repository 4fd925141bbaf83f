"""The `organizer` command: a thin layer over the core (placeholder until the CLI lands)."""

from __future__ import annotations

import sys

from organizer import __version__


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        print(f"organizer {__version__}")
        return 0
    print("organizer: not implemented yet", file=sys.stderr)
    return 2
