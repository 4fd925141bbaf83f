"""What an import writes beside the people: their tags, and the record of the import itself.

Tags and import records belong to their own core modules, `organizer.core.tags` and
`organizer.core.imports`. The import reaches them through a `Recording`, the handful of
their functions it uses, which `prepare` takes (`recording=`) and the plan keeps: the
default is theirs; a test passes its own to see what the import hands over, and when.

Tags are read when the plan is prepared (so the preview shows them and a name that cannot be
a tag's is a bad value of its row), written inside the import's transaction after its bulk
load, and then the import is recorded, last, so a failure in either leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from organizer.core import imports, tags

Connection = Any  # sqlcipher3.Connection


@dataclass(frozen=True)
class Recording:
    # The tags named in one cell ("card signed; Spanish speaker").
    parse_tags: Callable[[str], list[str]] = tags.parse_tags
    # A tag's name as stored, or InvalidInput saying why it cannot be one.
    clean_tag: Callable[[str], str] = tags.clean_tag_name
    # Inside the import's transaction: give each person id these tags, adding missing ones.
    write_tags: Callable[[Connection, Mapping[str, Sequence[str]]], object] = (
        tags.add_imported_tags)
    # Inside the import's transaction, last: (file name, the ids of the people it made, how
    # many rows it merged into people already here).
    record_import: Callable[[Connection, str, Sequence[str], int], object] = (
        imports.record_import)
