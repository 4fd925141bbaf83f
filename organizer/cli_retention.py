"""`organizer vault retention VAULT --dry-run | --apply`: Settings › Retention from a script.

cli.py wires it in with `cli_retention.register(vault_commands, passphrase_reader=...)`.
The rules are the campaign's own (organizer.core.retention), set in the app; this command
never changes them. `--dry-run` prints what they would erase today and writes nothing (the
vault is opened as it is, never upgraded); `--apply` erases it now and prints what went.
With every rule off it says so and changes nothing. Errors are `OrganizerError`s: cli.py
prints their one sentence on stderr and exits with 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli_passphrase import AskPassphrase
from organizer.core import retention
from organizer.core.errors import InvalidInput
from organizer.core.retention import RetentionPreview
from organizer.core.vault import Vault, preflight
from organizer.i18n import _


def _lines(found: RetentionPreview) -> list[str]:
    # Translators: one line of a list printed by the command line, e.g. "  - 3 drafts older
    # than 30 days".
    return [_("  - {item}").format(item=sentence) for sentence in found.sentences()]


def run(args: argparse.Namespace, reader: AskPassphrase) -> int:
    path = Path(args.path).expanduser().absolute()
    preflight(path)  # a missing or foreign file fails before the passphrase is asked
    # A dry run writes nothing, not even an upgrade of an older vault's schema.
    vault = Vault.open(path, reader(_("Passphrase")), upgrade=bool(args.apply))
    try:
        if vault.needs_upgrade:
            raise InvalidInput(_("An older version of Organizer made this vault: open it in "
                                 "Organizer once, which upgrades it, then try again. Nothing "
                                 "was changed."))
        rules = retention.rules(vault)
        if not rules.any_on:
            print(_("Retention is off for this campaign: turn it on in Settings › Retention."))
            return 0
        if not args.apply:
            found = retention.preview(vault, rules)
            print(found.summary())
            for line in _lines(found):
                print(line)
            print(_("This was a dry run: nothing was changed."))
            return 0
        erased = retention.apply(vault, rules)
    finally:
        vault.close()
    if erased.empty:
        print(_("Nothing to erase today."))
        return 0
    print(_("Erased: {list}.").format(list="; ".join(erased.sentences())))
    for line in _lines(erased):
        print(line)
    return 0


def register(vault_commands: Any, *, passphrase_reader: AskPassphrase) -> None:
    """Add `vault retention`; its `func(args)` returns the exit code."""
    parser: argparse.ArgumentParser = vault_commands.add_parser(
        "retention",
        help=_("show or erase what the campaign no longer needs"),
        description=_("The campaign's retention rules (set in Settings › Retention): show what "
                      "they would erase today, or erase it now. Asks for the vault's "
                      "passphrase."),
    )
    parser.add_argument("path", metavar="VAULT", help=_("the vault file"))
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true",
                      help=_("print what the rules would erase today; change nothing"))
    mode.add_argument("--apply", action="store_true",
                      help=_("erase it now and print what was erased"))
    parser.set_defaults(func=lambda args: run(args, passphrase_reader))
