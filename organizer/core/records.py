"""What every record shares: a random UUID and UTC timestamps."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_last_ms = 0
_lock = threading.Lock()


def new_id() -> str:
    """A random (version 4) UUID as 32 hex characters; never derived from content."""
    return uuid.uuid4().hex


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, e.g. 2026-11-23T14:05:09.123Z.

    Never the same twice in a process (a call in the same millisecond, or after the clock
    stepped back, gets the next one): two records made one after the other keep that order
    by time alone, the order every member's vault sees (rowids differ between vaults)."""
    global _last_ms
    with _lock:
        _last_ms = max(time.time_ns() // 1_000_000, _last_ms + 1)
        ms = _last_ms
    moment = _EPOCH + dt.timedelta(milliseconds=ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def today() -> str:
    """Today's local date as YYYY-MM-DD (what an organizer means by "today")."""
    return dt.date.today().isoformat()


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date, or ValueError."""
    # fromisoformat also takes 20261123 and 2026-W48-1; stored as typed, those would break
    # every comparison and sort on date text, so only the one form is accepted.
    if not (len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii()):
        raise ValueError(f"{text!r} is not a YYYY-MM-DD date")
    return dt.date.fromisoformat(text)
