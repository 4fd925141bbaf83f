"""How every `organizer` subcommand reads a passphrase: from the terminal without echo or, when
standard input is not a terminal, one line each in the order the command asks for them. Never
from arguments or the environment, where other users and shell history could read them.

One module so that `cli.py` and the subcommand modules it registers share one reader (and one
wording for a missing line) without importing each other.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import Protocol, TextIO

from organizer.core.errors import OrganizerError
from organizer.core.passphrase import check_new_passphrase
from organizer.i18n import _


class ReadsPassphrase(Protocol):
    """What subcommands take, so tests can hand them answers instead of a terminal."""

    def __call__(self, prompt: str, *, confirm: bool = False) -> str: ...


def _what(prompt: str) -> str:
    """The (already translated) prompt as the middle of a sentence: "New passphrase" → "new
    passphrase"."""
    return prompt[:1].lower() + prompt[1:]


def _missing(prompt: str) -> OrganizerError:
    # Translators: {what} is what was asked for, e.g. "new passphrase" or "backup passphrase".
    return OrganizerError(_(
        "Standard input ended before the {what} was given (give one passphrase per line)."
    ).format(what=_what(prompt)))


# What the subcommands that only open a vault take (tests hand them a lambda).
AskPassphrase = Callable[[str], str]


class PassphraseReader:
    """Reads passphrases from the terminal (no echo) or, when piped, one line each."""

    def __call__(self, prompt: str, *, confirm: bool = False) -> str:
        return self.read(prompt, confirm=confirm)

    def read(self, prompt: str, *, confirm: bool = False) -> str:
        """One passphrase for `prompt` (translated, no trailing colon); with `confirm`, a
        terminal asks twice and both must match."""
        stdin = sys.stdin
        if stdin is not None and stdin.isatty():
            first = self._ask(prompt)
            if confirm:
                # Refuse a weak one before asking again, so nobody types it twice for nothing.
                check_new_passphrase(first)
                # Translators: asking for the same passphrase a second time, to confirm it.
                if self._ask(_("{prompt} (again)").format(prompt=prompt)) != first:
                    raise OrganizerError(
                        _("The two passphrases differ, so nothing was changed. Try again.")
                    )
            return first
        try:
            line = _read_line(stdin)
        except UnicodeDecodeError:
            raise _not_text(prompt) from None
        if not line:
            raise _missing(prompt)
        # Only the line ending goes: spaces may be part of a passphrase.
        return _text(line.removesuffix("\n").removesuffix("\r"), prompt)

    def new(self, prompt: str) -> str:
        """A new passphrase: confirmed on a terminal, checked for length everywhere."""
        passphrase = self.read(prompt, confirm=True)
        check_new_passphrase(passphrase)
        return passphrase

    @staticmethod
    def _ask(prompt: str) -> str:
        try:
            # Translators: the prompt before a passphrase is typed (it is not shown).
            return _text(getpass.getpass(_("{prompt}: ").format(prompt=prompt)), prompt)
        except EOFError:
            raise _missing(prompt) from None
        except UnicodeDecodeError:
            raise _not_text(prompt) from None


def _not_text(prompt: str) -> OrganizerError:
    # Translators: {what} is what was asked for, e.g. "new passphrase" or "backup passphrase".
    return OrganizerError(_(
        "The {what} is not valid UTF-8 text (check the terminal's or the file's encoding), "
        "so nothing was changed.").format(what=_what(prompt)))


def _text(passphrase: str, prompt: str) -> str:
    """Bytes that were not UTF-8 arrive as lone surrogates (surrogateescape): refuse them
    here, in words, not later while deriving the key."""
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise _not_text(prompt) from None
    return passphrase


read_passphrase = PassphraseReader()


def _read_line(stdin: TextIO | None) -> str:
    """One line of piped input as UTF-8 whatever the locale (Windows decodes pipes as its
    ANSI code page, which would turn a passphrase's accents into another key)."""
    if stdin is None:
        return ""
    raw = getattr(stdin, "buffer", None)
    if raw is None:  # a text stream without bytes underneath (tests, embedding)
        return stdin.readline()
    return bytes(raw.readline()).decode("utf-8-sig")
