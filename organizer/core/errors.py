"""Errors a user can cause, each carrying one plain sentence written for that user.

The GUI shows `str(error)` in a dialog; the CLI prints it on stderr and exits 1. Nothing
here may include a passphrase, a key, or anything read from inside a vault.
"""

import errno

from organizer.i18n import N_, _

# The error numbers of a full disk or quota (EDQUOT does not exist on Windows).
DISK_FULL_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EFBIG", "EDQUOT") if hasattr(errno, name)
)


class OrganizerError(Exception):
    """Base for errors the user can understand and act on."""


class WrongPassphrase(OrganizerError):
    def __init__(self) -> None:
        super().__init__(_(
            "The passphrase is wrong for this vault (or the file is not an Organizer vault). "
            "Check it and try again."
        ))


class NotAVault(OrganizerError):
    """The file exists but is not an Organizer vault (or is truncated beyond use)."""


class VaultDamaged(OrganizerError):
    """The vault opened but some of its pages fail their integrity check."""


class VaultTooNew(OrganizerError):
    """The vault was written by a newer version of Organizer."""


class VaultLocation(OrganizerError):
    """The chosen path cannot hold a vault: missing folder, read-only, already exists."""


class DiskFull(OrganizerError):
    def __init__(self) -> None:
        super().__init__(_(
            "The disk is full, so nothing was saved. Free some space and try again; "
            "the vault is unchanged."
        ))


class WeakPassphrase(OrganizerError):
    """The passphrase is empty or too short."""


class VaultInUse(OrganizerError):
    """The vault is already open in another Organizer window or process."""


class InvalidInput(OrganizerError):
    """A value typed by the user cannot be saved as it is."""


class OutOfMemory(OrganizerError):
    def __init__(self, what: str | None = None) -> None:
        """`what` names the work that ran out of memory, already translated ("The import")."""
        if what is None:
            message = _("That needed more memory than this computer had free, so nothing was "
                        "saved. Close other programs and try again.")
        else:
            # Translators: {what} is the work that failed, such as "The import".
            message = _("{what} needed more memory than this computer had free, so nothing "
                        "was saved. Close other programs and try again.").format(what=what)
        super().__init__(message)


class InternalError(OrganizerError):
    """A bug in Organizer (an SQL error it did not expect), never the user's doing.

    The sentence never tells the user to restore: their vault is fine. `details` is for a
    bug report and carries no personal data: the error's name, where it happened, the
    version.
    """

    SENTENCE = N_(
        "Organizer hit a problem it did not expect; nothing was saved and your vault is "
        "unchanged."
    )

    def __init__(self, details: str) -> None:
        super().__init__(_(self.SENTENCE))
        self.details = details
