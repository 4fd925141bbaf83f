"""What every record shares: a random UUID and UTC timestamps."""

from __future__ import annotations

import datetime as dt
import uuid


def new_id() -> str:
    """A random (version 4) UUID as 32 hex characters; never derived from content."""
    return uuid.uuid4().hex


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, e.g. 2026-11-23T14:05:09.123Z."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def today() -> str:
    """Today's local date as YYYY-MM-DD (what an organizer means by "today")."""
    return dt.date.today().isoformat()


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date, or ValueError."""
    return dt.date.fromisoformat(text)
