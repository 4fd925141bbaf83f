"""`organizer backup export|verify|restore|kit`: the command-line face of organizer.core.backup.

Wiring (organizer/cli.py): after making the top-level subparsers, call
`cli_backup.register(subparsers)`; each subcommand sets `func`, which takes the parsed
arguments and returns the exit code. Pass `read_passphrase=` to share cli.py's own reader.

Passphrases are read from the terminal without echo or, when standard input is not a terminal,
one line each from standard input, in the order the command asks for them. Never from the
arguments or the environment. Errors print one sentence on stderr after "organizer: " and exit
with status 1; no traceback.

Recovery-kit shares (`restore --shares`) are typed word by word on a terminal, each word and
then each share checked as it is finished (a mistake is said at once and that share is typed
again); from a pipe, one share per line, before the new vault's passphrase.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from organizer.cli_passphrase import ReadsPassphrase as PassphraseReader
from organizer.cli_passphrase import _read_line, read_passphrase
from organizer.core import backup, campaign
from organizer.core.backup import kit
from organizer.core.errors import OrganizerError
from organizer.core.vault import RECORD_KINDS, Vault, preflight
from organizer.i18n import _, ngettext


def register(
    subparsers: Any, *, read_passphrase: PassphraseReader | None = None
) -> argparse.ArgumentParser:
    """Add `backup` with its `export`, `verify`, `restore` and `kit` subcommands; returns its
    parser."""
    reader: PassphraseReader = read_passphrase or _default_reader
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "backup",
        help=_("encrypted backups: export, verify, restore, recovery kit"),
        description=_("Encrypted backups (age files) of a vault: export, verify, restore, and "
                      "the recovery kit that splits the backup passphrase among trusted "
                      "members."),
    )
    commands = parser.add_subparsers(dest="backup_command", metavar="COMMAND", required=True)

    export = commands.add_parser(
        "export",
        help=_("write an encrypted, verified backup of a vault"),
        description=_("Asks for the vault's passphrase, then a passphrase for the backup."),
    )
    export.add_argument("vault", type=Path, help=_("the vault file"))
    export.add_argument("out", type=Path,
                        help=_("the backup file to write (e.g. campaign.age)"))
    export.add_argument("--replace", action="store_true",
                        help=_("replace an existing backup (age file) at OUT"))
    export.add_argument("--automatic-passphrase", action="store_true",
                        help=_("use the automatic backups' passphrase, kept in the vault (the "
                               "recovery kit's), instead of asking for one"))
    export.set_defaults(func=_guarded(lambda args: _export(args, reader)))

    verify = commands.add_parser(
        "verify",
        help=_("check a backup fully and show what it holds"),
        description=_("Asks for the backup's passphrase; prints when it was made and its "
                      "counts."),
    )
    verify.add_argument("file", type=Path, help=_("the backup file"))
    verify.set_defaults(func=_guarded(lambda args: _verify(args, reader)))

    restore = commands.add_parser(
        "restore",
        help=_("restore a backup into a new vault file"),
        description=_("Asks for the backup's passphrase, then a passphrase for the new vault. "
                      "Never overwrites an existing file."),
    )
    restore.add_argument("file", type=Path, help=_("the backup file"))
    restore.add_argument("new_vault", type=Path, metavar="NEWVAULT",
                         help=_("the vault to create"))
    restore.add_argument(
        "--shares", action="store_true",
        help=_("type the shares of a recovery kit instead of the backup passphrase"),
    )
    restore.set_defaults(func=_guarded(lambda args: _restore(args, reader)))

    make_kit = commands.add_parser(
        "kit",
        help=_("split the backup passphrase into printed shares for trusted members"),
        description=_("Makes a recovery kit: a new backup passphrase (or, with --current, the "
                      "automatic backups' one) split into N one-page PDFs, any K of which "
                      "restore a backup made with it. A new passphrase becomes the automatic "
                      "backups' passphrase. Asks for the vault's passphrase, then for a name "
                      "to print on each share (optional)."),
    )
    make_kit.add_argument("vault", type=Path, help=_("the vault file"))
    make_kit.add_argument("--shares", type=int, required=True, metavar="N",
                          help=_("how many shares ({low} to {high})").format(
                              low=kit.MIN_SHARES, high=kit.MAX_SHARES))
    make_kit.add_argument("--threshold", type=int, required=True, metavar="K",
                          help=_("how many shares together restore (at least 2, at most N)"))
    make_kit.add_argument("--out", type=Path, required=True, metavar="DIR",
                          help=_("an existing folder for the pages (kit-share-1-of-N.pdf...)"))
    make_kit.add_argument("--current", action="store_true",
                          help=_("split the automatic backups' current passphrase instead of "
                                 "making a new one"))
    make_kit.add_argument("--page-size", choices=("A4", "Letter"),
                          help=_("paper size (default: from the locale)"))
    make_kit.set_defaults(func=_guarded(lambda args: _kit(args, reader)))
    return parser


def _default_reader(prompt: str, *, confirm: bool = False) -> str:
    return read_passphrase(prompt, confirm=confirm)


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except OrganizerError as error:
            return _fail(str(error))
        except KeyboardInterrupt:
            return _fail(_("Interrupted; nothing was changed."))
        except OSError as error:
            # Translators: the operating system's description of a problem, then the file.
            return _fail(_("{problem}: {file}.").format(
                problem=error.strerror or _("A file could not be used"), file=error.filename))
        except Exception as error:  # never a traceback
            # Translators: {error} is the name of a programming error, e.g. "ValueError".
            return _fail(_(
                "The backup command failed unexpectedly ({error}). Nothing was changed."
            ).format(error=type(error).__name__))

    return run


def _fail(message: str) -> int:
    print(_("organizer: {message}").format(message=message), file=sys.stderr)
    return 1


def _export(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault_path = Path(args.vault).expanduser().absolute()
    preflight(vault_path)  # before any passphrase: a missing file fails at once
    target = backup.check_export_target(args.out, replace=args.replace)
    vault_passphrase = reader(_("Vault passphrase"))
    vault = Vault.open(vault_path, vault_passphrase)
    try:
        if args.automatic_passphrase:
            backup_passphrase = campaign.setting(vault, backup.KEY_PASSPHRASE)
            if not backup_passphrase:
                raise backup.BackupError(_(
                    "This campaign has no automatic-backup passphrase yet: leave out "
                    "--automatic-passphrase and type one, or make a recovery kit."
                ))
        else:
            backup_passphrase = reader(_("Backup passphrase"), confirm=True)
        manifest = backup.export_backup(vault, target, backup_passphrase, replace=args.replace)
    finally:
        vault.close()
    print(_("Backup written and verified: {path}").format(path=manifest.path))
    print(_("Created at: {moment}").format(moment=manifest.created_at))
    tables = len(manifest.counts)
    print(ngettext("Records: {records} in {n} table", "Records: {records} in {n} tables",
                   tables).format(records=manifest.total_rows, n=tables))
    return 0


def _verify(args: argparse.Namespace, reader: PassphraseReader) -> int:
    path = backup.check_backup_file(args.file)
    manifest = backup.verify_backup(path, reader(_("Backup passphrase")))
    print(_("Backup: {path}").format(path=path))
    print(_("Verified: yes (decrypted, integrity check passed, counts match the manifest)"))
    print(_("Created at: {moment}").format(moment=manifest.created_at))
    print(_("App version: {version}").format(version=manifest.app_version))
    print(_("Schema version: {version}").format(version=manifest.schema_version))
    print(_("Format version: {version}").format(version=manifest.format_version))
    for table, count in manifest.counts.items():
        print(f"{table}: {count}")
    return 0


def _restore(args: argparse.Namespace, reader: PassphraseReader) -> int:
    path = backup.check_backup_file(args.file)
    target = backup.check_restore_target(args.new_vault)
    if args.shares:
        shares = _read_shares()
        kit.recover_passphrase(shares)  # a problem with the shares, before the new passphrase
        new_passphrase = reader(_("New vault passphrase"), confirm=True)
        vault = kit.restore_with_shares(path, shares, target, new_passphrase)
    else:
        backup_passphrase = reader(_("Backup passphrase"))
        new_passphrase = reader(_("New vault passphrase"), confirm=True)
        vault = backup.restore_backup(path, backup_passphrase, target, new_passphrase)
    try:
        counts = {
            label: vault.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for label, table in RECORD_KINDS
        }
    finally:
        vault.close()
    print(_("Restored and checked: {path} (a new vault with the new passphrase)").format(
        path=target))
    from organizer.cli import count_line

    for label, count in counts.items():
        print(count_line(label, count))
    return 0


# ----- the recovery kit -------------------------------------------------------------------------

# The longest share a kit has (a passphrase in the text form): typing past it means a wrong word.
LONGEST_SHARE_WORDS = 59
Ask = Callable[[str], str]


def _kit(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault_path = Path(args.vault).expanduser().absolute()
    preflight(vault_path)
    kit.check_kit_size(args.shares, args.threshold)
    folder = kit.check_kit_folder(args.out)  # before any passphrase
    vault = Vault.open(vault_path, reader(_("Vault passphrase")))
    try:
        if args.current and not kit.current_backup_passphrase(vault):
            raise kit.NoBackupPassphrase()  # before asking for names
        holders = _ask_holders(args.shares)
        from organizer.reports.kit_pdf import make_recovery_kit  # Qt loads only here

        made, written = make_recovery_kit(
            vault, folder, args.shares, args.threshold, holders=holders,
            reuse_current=args.current, page_size=args.page_size or "auto", log_copies=True,
        )
    finally:
        vault.close()
    print(_("Wrote a recovery kit in {folder}: {first} to {last}.").format(
        folder=folder, first=written[0].name, last=written[-1].name))
    # Translators: "Restore from backup…" is the app's menu item of that name.
    print(_("Any {k} of the {n} shares restore a backup made with its passphrase: organizer "
            "backup restore FILE NEWVAULT --shares, or Restore from backup… in the app."
            ).format(k=made.threshold, n=made.count))
    if made.new_passphrase:
        print(_("The kit holds a new backup passphrase: automatic backups made from now on "
                "use it (and so does backup export --automatic-passphrase); backups made "
                "before still need the old one."))
    else:
        print(_("The kit holds the automatic backups' passphrase: it opens the backups made "
                "with it, earlier ones included."))
    print(_("Print each page and give it to a different member, then delete the files: "
            "together they are the passphrase."))
    return 0


def _ask_holders(count: int) -> list[str]:
    """A name to print on each share, or none: typed on a terminal, else one line each
    (standard input ending means no more names)."""
    stdin = sys.stdin
    names: list[str] = []
    if stdin is not None and stdin.isatty():
        print(_("Who is each share for? The name is printed on its page (never in a file "
                "name); press Enter to leave it blank."))
        for number in range(1, count + 1):
            try:
                names.append(input(_("Share {number} is for: ").format(number=number)))
            except EOFError:
                break
        return names
    for _number in range(count):
        line = _read_line(stdin)
        if not line:
            break
        names.append(line.strip())
    return names


def _read_shares() -> list[str]:
    """The kit's shares: typed word by word on a terminal, else one per line."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        return type_shares(input)
    return _piped_shares()


def _piped_shares() -> list[str]:
    read: list[kit.ReadShare] = []
    needed: int | None = None
    while needed is None or len(read) < needed:
        line = _read_line(sys.stdin)
        if not line:
            raise kit.TooFewShares(len(read), needed or kit.MIN_THRESHOLD)
        if not kit.share_tokens(line):
            continue  # a blank line between shares
        if read and kit.share_word(kit.share_tokens(line)[0]) is None:
            # Most likely the new vault's passphrase, after too few shares.
            raise kit.RecoveryKitError(_(
                "Share {number} is missing (its line does not begin with a recovery-kit "
                "word): this kit needs {needed} shares, one per line, before the new vault's "
                "passphrase."
            ).format(number=len(read) + 1, needed=needed))
        share = kit.read_share(line, len(read) + 1)
        kit.check_share_joins(read, share)
        read.append(share)
        needed = read[0].threshold
    return [share.mnemonic for share in read]


def type_shares(ask: Ask, say: Callable[[str], object] = print) -> list[str]:
    """Shares typed word by word: each word is checked against the list as it is typed, and
    each share as soon as its last word is in (SLIP-39's checksum), so a mistake is caught
    at once and only that share is typed again. The first share says how many are needed."""
    say(_("Type each share's words in order, one at a time, pressing Enter after each (the "
          "first four letters of a word are enough). Press Enter on an empty line if a share "
          "has no more words."))
    read: list[kit.ReadShare] = []
    while not read or len(read) < read[0].threshold:
        position = len(read) + 1
        if read:
            say(_("Share {position} (of the {needed} needed):").format(
                position=position, needed=read[0].threshold))
        else:
            say(_("Share {position}:").format(position=position))
        share = _type_one_share(ask, say, read, position)
        read.append(share)
        say(_("Share {position} is correct: share {number} of its kit, any {k} restore."
              ).format(position=position, number=share.number, k=share.threshold))
    return [share.mnemonic for share in read]


def _type_one_share(ask: Ask, say: Callable[[str], object], read: list[kit.ReadShare],
                    position: int) -> kit.ReadShare:
    longest = len(read[0].words) if read else LONGEST_SHARE_WORDS
    words: list[str] = []
    while True:
        try:
            typed = ask("  " + _("word {number}: ").format(number=len(words) + 1))
        except EOFError:
            raise kit.TooFewShares(len(read), read[0].threshold if read else kit.MIN_THRESHOLD
                                   ) from None
        tokens = kit.share_tokens(typed)
        finished = not tokens and bool(words)
        for token in tokens:
            word = kit.share_word(token)
            if word is None:
                say("  " + _("That is not a word a recovery kit uses: type word {number} "
                             "again.").format(number=len(words) + 1))
                break
            words.append(word)
        try:
            share = kit.read_share(" ".join(words), position)
            kit.check_share_joins(read, share)
            return share
        except (kit.ShareFromAnotherKit, kit.RepeatedShare, kit.NotAKitShare) as error:
            problem: kit.RecoveryKitError | None = error
        except kit.RecoveryKitError as error:
            # Not a whole share yet: a problem only once it cannot grow into one.
            problem = error if finished or len(words) >= longest else None
        if problem is not None:
            # Translators: {problem} is a sentence saying what is wrong with the share.
            say("  " + _("{problem} Type share {position} again from its first word.").format(
                problem=problem, position=position))
            words = []
