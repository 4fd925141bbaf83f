"""`python -m organizer` runs the same command as `organizer`; also the packaged app's entry.

In the packaged (PyInstaller) app `sys.executable` is the app itself, so a child process
started as `[sys.executable, "-m", "organizer.core.demo"]` arrives here with those arguments:
run that one module's child side, exactly as `python -m` would. No other module can be named.
"""

import sys

from organizer.cli import main

FROZEN_CHILDREN = ("organizer.core.demo",)


def _entry() -> int:
    frozen = getattr(sys, "frozen", False)
    if frozen and len(sys.argv) == 3 and sys.argv[1] == "-m" and sys.argv[2] in FROZEN_CHILDREN:
        from organizer.core import demo

        return demo._child_main()
    return main()


if __name__ == "__main__":
    sys.exit(_entry())
