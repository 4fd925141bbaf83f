"""`organizer committee me|add|list|confirm|remove|send|receive`: the committee exchange.

cli.py wires it in with `cli_committee.register(commands, passphrase_reader=...)`; each
subcommand sets `func`, which takes the parsed arguments and returns the exit code.

Every subcommand opens the vault named first, asking for its passphrase (from the terminal
without echo or, when standard input is not a terminal, one line of it). Whatever can be
checked without the vault (a card that does not parse, a missing folder or file) is refused
before the passphrase is asked. Errors are `OrganizerError`s: cli.py prints their one
sentence on stderr and exits with 1, never a traceback.

The core is in organizer/core/committee; it is imported only when a command runs, so the
rest of the CLI does not pay for the cryptography it loads.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from organizer.cli_passphrase import AskPassphrase as PassphraseReader
from organizer.cli_passphrase import read_passphrase
from organizer.core.errors import InternalError, InvalidInput, OrganizerError
from organizer.i18n import _, ngettext

if TYPE_CHECKING:
    from organizer.core.committee.roster import Member
    from organizer.core.vault import Vault



def _default_reader(prompt: str) -> str:
    return read_passphrase(prompt)


def _vault_path(text: str) -> Path:
    from organizer.core.vault import preflight

    path = Path(text).expanduser().absolute()
    preflight(path)  # a missing or foreign file fails before the passphrase is asked
    return path


@contextmanager
def _opened(path: Path, reader: PassphraseReader) -> Iterator[Vault]:
    from organizer.core.vault import Vault

    vault = Vault.open(path, reader(_("Passphrase")))
    try:
        yield vault
    finally:
        vault.close()


def _when(stamp: str | None) -> str:
    """A stored UTC timestamp (2026-11-23T14:05:09.123Z) as 2026-11-23 14:05 UTC (the same
    in every language: members in different places compare these)."""
    if not stamp:
        # Translators: when files were last sent or received: never.
        return _("never")
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


def _scope(member: Member) -> str:
    if member.all_departments:
        return _("all departments")
    return ", ".join(member.department_names) or _("no departments (their own only)")


# ----- me ---------------------------------------------------------------------------------


def _me(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.identity import clean_name, ensure_identity, get_identity

    name = clean_name(args.name) if args.name is not None else None
    path = _vault_path(args.vault)
    with _opened(path, reader) as vault:
        before = get_identity(vault)
        me = ensure_identity(vault, name)
    if before is None:
        print(_("Made your committee identity as {name}.").format(name=me.name))
    elif before.name != me.name:
        print(_("Your committee name is now {name} (your keys and fingerprint are the same)."
                ).format(name=me.name))
    print(_("Your member card:"))
    print(me.card().line())
    print(_("Your fingerprint:"))
    print(me.fingerprint)
    print(_(
        "Send the card line to each committee member, then read your fingerprint aloud to "
        "them, in person or on a call, so they can check it matches the one their Organizer "
        "shows for you."
    ))
    return 0


# ----- add --------------------------------------------------------------------------------


def _card_text(argument: str) -> str:
    """The card given on the command line, or read from @FILE."""
    from organizer.core.committee.identity import card_line_in, read_card_file

    if argument.startswith("@"):
        return read_card_file(Path(argument[1:]).expanduser())
    return card_line_in(argument)


def _departments(values: Sequence[str] | None) -> list[str]:
    return [name.strip() for value in values or () for name in value.split(",") if name.strip()]


def _add(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.identity import parse_card
    from organizer.core.committee.roster import add_member

    card = parse_card(_card_text(args.card))  # a bad card fails before the passphrase
    departments = _departments(args.departments)
    path = _vault_path(args.vault)
    with _opened(path, reader) as vault:
        member = add_member(vault, card, departments or None)
    # Translators: {scope} is "all departments" or a list of department names.
    print(_("Added {name} to the committee (sees {scope}); not confirmed yet.").format(
        name=member.name, scope=_scope(member)))
    print(_("Their fingerprint: {fingerprint}").format(fingerprint=member.fingerprint))
    print(_(
        "Compare this with theirs, in person or on a call; when every group matches, mark "
        "them confirmed with: organizer committee confirm VAULT NAME"
    ))
    return 0


# ----- list -------------------------------------------------------------------------------


def _list(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.identity import get_identity
    from organizer.core.committee.roster import list_members

    path = _vault_path(args.vault)
    with _opened(path, reader) as vault:
        me = get_identity(vault)
        members = list_members(vault)
    if me is None:
        print(_("You: no committee identity yet (make it with: organizer committee me VAULT "
                "--name NAME)."))
    else:
        print(_("You: {name}, fingerprint {fingerprint}").format(name=me.name,
                                                                  fingerprint=me.fingerprint))
    if not members:
        print(_("No committee members yet (add them with: organizer committee add VAULT "
                "CARD)."))
        return 0
    yes, no = _("yes"), _("no")
    for member in members:
        print()
        print(_("{name} (removed)").format(name=member.name) if member.removed_at
              else member.name)
        print("  " + _("sees: {scope}").format(scope=_scope(member)))
        print("  " + _("fingerprint: {fingerprint}").format(fingerprint=member.fingerprint))
        print("  " + _("confirmed: {answer}").format(answer=yes if member.confirmed else no))
        print("  " + _("last sent: {when}").format(when=_when(member.last_sent_at)))
        print("  " + _("last received: {when}").format(when=_when(member.last_received_at)))
        print("  " + _("removed: {when}").format(
            when=_when(member.removed_at) if member.removed_at else no))
    return 0


# ----- confirm and remove -------------------------------------------------------------------


def _confirm(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.roster import confirm_member

    path = _vault_path(args.vault)
    with _opened(path, reader) as vault:
        member = confirm_member(vault, args.name)
    print(_("Confirmed {name}: you compared their fingerprint {fingerprint}.").format(
        name=member.name, fingerprint=member.fingerprint))
    return 0


def _remove(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.roster import remove_member

    path = _vault_path(args.vault)
    with _opened(path, reader) as vault:
        member = remove_member(vault, args.name)
    print(_(
        "Removed {name} from the committee: nothing more is sent to them, and their later "
        "files are refused; files already sent cannot be unsent."
    ).format(name=member.name))
    return 0


# ----- send and receive ---------------------------------------------------------------------


def _send(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.roster import list_members
    from organizer.core.committee.send import send_updates

    folder = Path(args.outdir).expanduser().absolute()
    if not folder.is_dir():
        raise InvalidInput(_("The folder {folder} does not exist. Choose an existing folder."
                             ).format(folder=folder))
    path = _vault_path(args.vault)
    with _opened(path, reader) as vault:
        # (send_updates compares names as given; the other commands ignore outer spaces.)
        sent = send_updates(vault, folder, [name.strip() for name in args.to or ()] or None)
        unconfirmed = {m.name for m in list_members(vault) if not m.confirmed}
    for file in sent:
        print(file.sentence())
    for file in sent:
        if file.member in unconfirmed:
            print(_(
                "Note: {name}'s fingerprint is not confirmed yet; compare it with theirs "
                "before you hand them this file."
            ).format(name=file.member))
    return 0


def _files_to_receive(arguments: Sequence[str]) -> list[tuple[Path, bool]]:
    """Each update file named, and those inside each folder named, with whether a file for
    another member is skipped silently (it is, in a folder: a shared folder holds
    everyone's)."""
    from organizer.core.committee.receive import update_files

    found: list[tuple[Path, bool]] = []
    for argument in arguments:
        path = Path(argument).expanduser().absolute()
        in_folder = path.is_dir()
        found.extend((file, in_folder) for file in update_files([path]))
    return found


def _receive(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.committee.receive import receive_updates

    files = _files_to_receive(args.paths)  # a missing path fails before the passphrase
    path = _vault_path(args.vault)
    applied = 0
    received = 0
    with _opened(path, reader) as vault:
        for file, skip_others in files:
            try:
                results = receive_updates(vault, [file], skip_others=skip_others)
            except OrganizerError as error:
                if not applied or isinstance(error, InternalError):
                    raise
                # The files before this one were each applied in their own transaction.
                note = ngettext(
                    "The file before it was applied and stays applied.",
                    "The {n} files before it were applied and stay applied.", applied,
                ).format(n=applied)
                # Translators: {error} says why a file was refused; {note} what stays applied.
                raise OrganizerError(_("{error} {note}").format(error=error, note=note)
                                     ) from None
            for result in results:
                print(result.sentence())
                received += 1
                applied += 0 if result.skipped else 1
    if not received:
        print(_("There were no update files for you."))
    return 0


# ----- the parser ---------------------------------------------------------------------------


def register(subparsers: Any, *, passphrase_reader: PassphraseReader | None = None) -> None:
    """Add `committee` and its subcommands; their `func(args)` returns the exit code."""
    reader = passphrase_reader or _default_reader
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "committee",
        help=_("exchange updates with the other committee members"),
        description=_("The committee exchange: your member card, the roster of members, and "
                      "the encrypted update files you send each other. Each command asks for "
                      "the vault's passphrase."),
    )
    commands = parser.add_subparsers(dest="committee_command", metavar="COMMAND",
                                     required=True)

    me = commands.add_parser(
        "me",
        help=_("make (or rename) your committee identity and show your card"),
        description=_("Make your committee identity the first time (--name is then "
                      "required), or rename it; prints your member card and your "
                      "fingerprint."),
    )
    me.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    me.add_argument("--name", metavar="NAME",
                    help=_("your name as the other members will see it"))
    me.set_defaults(func=lambda args: _me(args, reader))

    add = commands.add_parser(
        "add",
        help=_("add a member from their member card"),
        description=_("Add a committee member from the card they sent you (the line itself, "
                      "or @FILE to read it from a file). Prints their fingerprint to compare "
                      "with theirs."),
    )
    add.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    add.add_argument("card", metavar="CARD",
                     help=_("the member card line (organizer-member:...), or @FILE"))
    add.add_argument("--departments", metavar='"A,B"', action="append",
                     help=_("only these departments (comma-separated names); default: all"))
    add.set_defaults(func=lambda args: _add(args, reader))

    listing = commands.add_parser(
        "list",
        help=_("show the members, what they see, and when you last exchanged files"),
        description=_("Show every member: departments, fingerprint, whether it is "
                      "confirmed, when files were last sent and received, and whether they "
                      "were removed."),
    )
    listing.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    listing.set_defaults(func=lambda args: _list(args, reader))

    confirm = commands.add_parser(
        "confirm",
        help=_("mark a member's fingerprint as compared"),
        description=_("Mark a member as confirmed, once you have compared their fingerprint "
                      "with theirs in person or on a call."),
    )
    confirm.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    confirm.add_argument("name", metavar="NAME", help=_("the member's name"))
    confirm.set_defaults(func=lambda args: _confirm(args, reader))

    remove = commands.add_parser(
        "remove",
        help=_("take a member off the committee"),
        description=_("Take a member off the committee: nothing more is sent to them and "
                      "their later files are refused. Files already sent to them cannot be "
                      "unsent."),
    )
    remove.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    remove.add_argument("name", metavar="NAME", help=_("the member's name"))
    remove.set_defaults(func=lambda args: _remove(args, reader))

    send = commands.add_parser(
        "send",
        help=_("write an encrypted update file for each member"),
        description=_("Write one update file per member (or per --to member) into OUTDIR: "
                      "what changed since they last heard from you, limited to their "
                      "departments, signed by you and readable only by them."),
    )
    send.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    send.add_argument("outdir", metavar="OUTDIR",
                      help=_("the folder to write the files into"))
    send.add_argument("--to", metavar="NAME", action="append",
                      help=_("only this member (repeat for several)"))
    send.set_defaults(func=lambda args: _send(args, reader))

    receive = commands.add_parser(
        "receive",
        help=_("check and apply update files from other members"),
        description=_("Check and apply update files (files, or folders of them). In a "
                      "folder, files meant for other members are skipped. A refused file "
                      "stops the command; the files before it stay applied."),
    )
    receive.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    receive.add_argument("paths", metavar="PATH", nargs="+",
                         help=_("an update file, or a folder holding update files"))
    receive.set_defaults(func=lambda args: _receive(args, reader))
