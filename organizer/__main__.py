"""`python -m organizer` runs the same command as `organizer`; also the packaged app's entry."""

import multiprocessing
import sys

if __name__ == "__main__":
    # In the packaged app the encryption's child process (organizer.core.age_files) starts
    # this same program; freeze_support runs the child's part instead of the command.
    multiprocessing.freeze_support()
    # Imported here, not above: a child process re-imports this module, and needs none of it.
    from organizer.cli import main

    sys.exit(main())
