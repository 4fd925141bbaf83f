"""File locks and the file-size limit, as each operating system provides them.

A lock here is advisory and exclusive, taken without waiting, and released when its file
descriptor is closed (or the process dies): the vault's "open in one process" lock and the
"still being written" marks on temporary files.
"""

from __future__ import annotations

import errno
import os
import sys

# Windows locks byte ranges, and a locked range cannot be read through other handles, even
# this process's own: lock one byte far past the end of any real file instead of its data.
_WINDOWS_LOCK_OFFSET = 2**62


def try_lock(fd: int) -> bool | None:
    """Lock the open file `fd`: True when taken, False when another process holds it, None
    when this file system cannot lock (some network and FUSE mounts)."""
    if sys.platform == "win32":
        return _try_lock_windows(fd)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        return None
    return True


def _try_lock_windows(fd: int) -> bool | None:  # pragma: no cover (Windows, issue #17)
    import msvcrt

    position = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EDEADLK):
            return False
        return None
    finally:
        os.lseek(fd, position, os.SEEK_SET)
    return True


def file_size_limit() -> int | None:
    """The largest file this process may write (RLIMIT_FSIZE), or None when unlimited."""
    if sys.platform == "win32":
        return None
    import resource

    limit, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if limit == resource.RLIM_INFINITY else int(limit)
