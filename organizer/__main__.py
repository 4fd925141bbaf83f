"""`python -m organizer` runs the same command as `organizer`; also the packaged app's entry."""

import sys

from organizer.cli import main

if __name__ == "__main__":
    sys.exit(main())
