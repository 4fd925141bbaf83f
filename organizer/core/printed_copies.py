"""Paper that traces its own leaks: every printout gets a copy code, logged in the vault.

Each printed or saved call list, wall chart, prep sheet and recovery kit is recorded here
before its pages are drawn: an opaque random copy code (never derived from a name), for whom,
what, when, and by when it should be destroyed. Every page carries the code in a small copy
mark, so a printout that turns up where it should not says which copy it was. The log stays in
this vault (it is not sent to the committee: each member's own paper).

A printout made with code names carries no real name in its mark: the recipient shows only
as the copy code; the log inside the vault still says for whom.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Literal

from organizer import formats
from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import N_, _

Kind = Literal["call list", "wall chart", "prep sheet", "recovery kit"]
KINDS: dict[str, str] = {
    "call list": N_("Call list"),
    "wall chart": N_("Wall chart"),
    "prep sheet": N_("Prep sheet"),
    "recovery kit": N_("Recovery kit share"),
}
# Crockford's base32 without the letters people misread (I, L, O, U): read aloud or typed
# back from a photo of a leaked page without ambiguity.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8


@dataclass(frozen=True)
class PrintedCopy:
    id: str
    copy_code: str
    kind: str
    printed_for: str
    description: str
    pages: int
    printed_at: str
    destroy_by: str | None
    destroyed_at: str | None

    @property
    def what(self) -> str:
        """"Call list" in the reader's language."""
        return _(KINDS.get(self.kind, self.kind))

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its destroy-by date and not marked destroyed."""
        return (self.destroyed_at is None and self.destroy_by is not None
                and self.destroy_by < (today or dt.date.today()).isoformat())


def new_copy_code() -> str:
    """"K7QM-2XRD": random, with nothing of the campaign or the person in it."""
    code = "".join(secrets.choice(_ALPHABET) for _i in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def copy_mark(copy: PrintedCopy, *, show_recipient: bool = True) -> str:
    """The line printed on every page: "Copy K7QM-2XRD · for Maya Okafor · printed Dec 4,
    2026". Without the recipient when the printout uses code names."""
    printed = formats.short_date(copy.printed_at[:10])
    if show_recipient and copy.printed_for:
        return _("Copy {code} · for {name} · printed {date}").format(
            code=copy.copy_code, name=copy.printed_for, date=printed)
    return _("Copy {code} · printed {date}").format(code=copy.copy_code, date=printed)


def record_copy(
    vault: Vault,
    kind: Kind,
    *,
    printed_for: str = "",
    description: str = "",
    destroy_by: dt.date | None = None,
) -> PrintedCopy:
    """Log a printout about to be drawn; its copy code goes on every page."""
    if kind not in KINDS:
        raise ValueError(f"unknown printout {kind!r}")
    printed_for = " ".join(printed_for.split())
    if len(printed_for) > 200:
        raise InvalidInput(_("The name of who the copy is for is too long (200 characters "
                             "at most)."))
    stamp = records.now()
    copy = PrintedCopy(
        id=records.new_id(), copy_code=new_copy_code(), kind=kind, printed_for=printed_for,
        description=description, pages=0, printed_at=stamp,
        destroy_by=destroy_by.isoformat() if destroy_by else None, destroyed_at=None,
    )
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO printed_copy (id, copy_code, kind, printed_for, description, pages, "
            "printed_at, destroy_by, destroyed_at, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (copy.id, copy.copy_code, kind, printed_for, description, 0, stamp,
             copy.destroy_by, None, stamp, stamp),
        )
    return copy


def set_pages(vault: Vault, copy_id: str, pages: int) -> None:
    """How many pages the printout had, once drawn."""
    with vault.transaction() as conn:
        conn.execute("UPDATE printed_copy SET pages = ? WHERE id = ?", (max(0, pages), copy_id))


def _copy(row: tuple[object, ...]) -> PrintedCopy:
    return PrintedCopy(*row)  # type: ignore[arg-type]


_COLUMNS = ("id, copy_code, kind, printed_for, description, pages, printed_at, destroy_by, "
            "destroyed_at")


def printed_copies(vault: Vault) -> list[PrintedCopy]:
    """Every logged printout, newest first."""
    rows = vault.connection.execute(
        f"SELECT {_COLUMNS} FROM printed_copy ORDER BY printed_at DESC, id"
    ).fetchall()
    return [_copy(tuple(row)) for row in rows]


def find_copy(vault: Vault, code: str) -> PrintedCopy | None:
    """The printout with this copy code (as read off a page: case and dashes don't matter)."""
    wanted = "".join(c for c in code.upper() if c.isalnum())
    if len(wanted) != CODE_LENGTH:
        return None
    row = vault.connection.execute(
        f"SELECT {_COLUMNS} FROM printed_copy WHERE copy_code = ?",
        (f"{wanted[:4]}-{wanted[4:]}",),
    ).fetchone()
    return _copy(tuple(row)) if row else None


def mark_destroyed(vault: Vault, copy_id: str, destroyed: bool = True) -> None:
    """The copy was shredded (or, unticked, was not after all)."""
    with vault.transaction() as conn:
        changed = conn.execute(
            "UPDATE printed_copy SET destroyed_at = ? WHERE id = ?",
            (records.now() if destroyed else None, copy_id),
        ).rowcount
    if changed != 1:
        raise InvalidInput(_("This printed copy is no longer in the log."))


def overdue_copies(vault: Vault, today: dt.date | None = None) -> list[PrintedCopy]:
    """Copies past their destroy-by date that nobody marked destroyed (Today reminds)."""
    rows = vault.connection.execute(
        f"SELECT {_COLUMNS} FROM printed_copy WHERE destroyed_at IS NULL "
        "AND destroy_by IS NOT NULL AND destroy_by < ? ORDER BY destroy_by, printed_at",
        ((today or dt.date.today()).isoformat(),),
    ).fetchall()
    return [_copy(tuple(row)) for row in rows]
