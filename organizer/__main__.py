"""`python -m organizer` runs the same command as `organizer`; also the packaged app's entry."""

import multiprocessing
import sys

from organizer.cli import main

if __name__ == "__main__":
    # In the packaged app the encryption's child process (organizer.core.age_files) starts
    # this same program; freeze_support runs the child's part instead of the command.
    multiprocessing.freeze_support()
    sys.exit(main())
