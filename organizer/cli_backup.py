"""`organizer backup export|verify|restore`: the command-line face of organizer.core.backup.

Wiring (organizer/cli.py): after making the top-level subparsers, call
`cli_backup.register(subparsers)`; each subcommand sets `func`, which takes the parsed
arguments and returns the exit code. Pass `read_passphrase=` to share cli.py's own reader.

Passphrases are read from the terminal without echo or, when standard input is not a terminal,
one line each from standard input, in the order the command asks for them. Never from the
arguments or the environment. Errors print one sentence on stderr after "organizer: " and exit
with status 1; no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from organizer.cli_passphrase import ReadsPassphrase as PassphraseReader
from organizer.cli_passphrase import read_passphrase
from organizer.core import backup, campaign
from organizer.core.errors import OrganizerError
from organizer.core.vault import RECORD_KINDS, Vault, preflight


def register(
    subparsers: Any, *, read_passphrase: PassphraseReader | None = None
) -> argparse.ArgumentParser:
    """Add `backup` with its `export`, `verify` and `restore` subcommands; returns its parser."""
    reader: PassphraseReader = read_passphrase or _default_reader
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "backup",
        help="encrypted backups: export, verify, restore",
        description="Encrypted backups (age files) of a vault: export, verify, restore.",
    )
    commands = parser.add_subparsers(dest="backup_command", metavar="COMMAND", required=True)

    export = commands.add_parser(
        "export",
        help="write an encrypted, verified backup of a vault",
        description="Asks for the vault's passphrase, then a passphrase for the backup.",
    )
    export.add_argument("vault", type=Path, help="the vault file")
    export.add_argument("out", type=Path, help="the backup file to write (e.g. campaign.age)")
    export.add_argument("--replace", action="store_true",
                        help="replace an existing backup (age file) at OUT")
    export.add_argument("--automatic-passphrase", action="store_true",
                        help="use the automatic backups' passphrase, kept in the vault (the "
                        "recovery kit's), instead of asking for one")
    export.set_defaults(func=_guarded(lambda args: _export(args, reader)))

    verify = commands.add_parser(
        "verify",
        help="check a backup fully and show what it holds",
        description="Asks for the backup's passphrase; prints when it was made and its counts.",
    )
    verify.add_argument("file", type=Path, help="the backup file")
    verify.set_defaults(func=_guarded(lambda args: _verify(args, reader)))

    restore = commands.add_parser(
        "restore",
        help="restore a backup into a new vault file",
        description="Asks for the backup's passphrase, then a passphrase for the new vault. "
        "Never overwrites an existing file.",
    )
    restore.add_argument("file", type=Path, help="the backup file")
    restore.add_argument("new_vault", type=Path, metavar="NEWVAULT", help="the vault to create")
    restore.set_defaults(func=_guarded(lambda args: _restore(args, reader)))
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
            return _fail("Interrupted; nothing was changed.")
        except OSError as error:
            return _fail(f"{error.strerror or 'A file could not be used'}: {error.filename}.")
        except Exception as error:  # never a traceback
            return _fail(
                f"The backup command failed unexpectedly ({type(error).__name__}). "
                "Nothing was changed."
            )

    return run


def _fail(message: str) -> int:
    print(f"organizer: {message}", file=sys.stderr)
    return 1


def _export(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault_path = Path(args.vault).expanduser().absolute()
    preflight(vault_path)  # before any passphrase: a missing file fails at once
    target = backup.check_export_target(args.out, replace=args.replace)
    vault_passphrase = reader("Vault passphrase")
    vault = Vault.open(vault_path, vault_passphrase)
    try:
        if args.automatic_passphrase:
            backup_passphrase = campaign.setting(vault, backup.KEY_PASSPHRASE)
            if not backup_passphrase:
                raise backup.BackupError(
                    "This campaign has no automatic-backup passphrase yet: leave out "
                    "--automatic-passphrase and type one, or make a recovery kit."
                )
        else:
            backup_passphrase = reader("Backup passphrase", confirm=True)
        manifest = backup.export_backup(vault, target, backup_passphrase, replace=args.replace)
    finally:
        vault.close()
    print(f"Backup written and verified: {manifest.path}")
    print(f"Created at: {manifest.created_at}")
    print(f"Records: {manifest.total_rows} in {len(manifest.counts)} tables")
    return 0


def _verify(args: argparse.Namespace, reader: PassphraseReader) -> int:
    path = backup.check_backup_file(args.file)
    manifest = backup.verify_backup(path, reader("Backup passphrase"))
    print(f"Backup: {path}")
    print("Verified: yes (decrypted, integrity check passed, counts match the manifest)")
    print(f"Created at: {manifest.created_at}")
    print(f"App version: {manifest.app_version}")
    print(f"Schema version: {manifest.schema_version}")
    print(f"Format version: {manifest.format_version}")
    for table, count in manifest.counts.items():
        print(f"{table}: {count}")
    return 0


def _restore(args: argparse.Namespace, reader: PassphraseReader) -> int:
    path = backup.check_backup_file(args.file)
    target = backup.check_restore_target(args.new_vault)
    backup_passphrase = reader("Backup passphrase")
    new_passphrase = reader("New vault passphrase", confirm=True)
    vault = backup.restore_backup(path, backup_passphrase, target, new_passphrase)
    try:
        counts = {
            label: vault.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for label, table in RECORD_KINDS
        }
    finally:
        vault.close()
    print(f"Restored and checked: {target} (a new vault with the new passphrase)")
    for label, count in counts.items():
        print(f"{label}: {count}")
    return 0
