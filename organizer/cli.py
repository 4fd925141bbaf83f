"""The `organizer` command: starts the app, and scripts vaults (create, check, passwd, demo).

A thin layer over the core. Passphrases come from the terminal without echo or, when standard
input is not a terminal, one line each from standard input in the order the command asks for
them (the passphrase of the vault being opened first, then the new one). Never from arguments
or the environment, where other users and shell history could read them.

Exit codes: 0 success, 1 an error the user caused or a damaged file (one sentence on stderr
after "organizer: ", never a traceback), 2 wrong usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3

from organizer import __version__, cli_retention, formats, i18n
from organizer.cli_passphrase import read_passphrase
from organizer.core.errors import (
    DiskFull,
    InternalError,
    OrganizerError,
    VaultDamaged,
    VaultLocation,
)
from organizer.core.vault import Vault, internal_error, preflight, translate
from organizer.i18n import N_, _, ngettext
from organizer.platform import harden_process
from organizer.words import count

# The kinds of record `vault check` and `backup restore` count (the core's RECORD_KINDS
# labels), marked here so that they are printed in the reader's language: `_(label)`.
RECORD_KIND_LABELS = (
    N_("people"), N_("one-on-ones"), N_("assessments"), N_("follow-ups"),
    N_("workplace issues"), N_("relationships"), N_("action plans"), N_("action steps"),
    N_("structure tests"), N_("participations"), N_("call attempts"), N_("departments"),
    N_("shifts"), N_("sites"), N_("drafts"), N_("tombstones"),
)

# ----- commands -----------------------------------------------------------------------------


def _start_app(demo: bool) -> int:
    try:
        from organizer.gui.app import run_app  # Qt loads only when needed
    except ImportError as error:
        print(_("organizer: the desktop app could not be loaded ({error}).").format(error=error),
              file=sys.stderr)
        return 1
    return int(run_app(demo=demo))


def _new_vault_path(text: str) -> Path:
    """Refuse an unusable target before asking for a passphrase (Vault.create checks again)."""
    path = Path(text).expanduser().absolute()
    if not path.parent.is_dir():
        raise VaultLocation(
            _("The folder {folder} does not exist. Choose an existing folder.").format(
                folder=path.parent)
        )
    if path.exists() or path.is_symlink():
        raise VaultLocation(
            _("A file already exists at {path}. Choose another name.").format(path=path))
    return path


def _existing_vault_path(text: str) -> Path:
    path = Path(text).expanduser().absolute()
    preflight(path)  # a missing or foreign file fails before the passphrase is asked
    return path


def _vault_create(args: argparse.Namespace) -> int:
    path = _new_vault_path(args.path)
    passphrase = read_passphrase.new(_("New passphrase"))
    name = args.name if args.name is not None else path.stem
    Vault.create(path, passphrase, name).close()
    print(_("Created the vault {path}.").format(path=path))
    return 0


def _vault_check(args: argparse.Namespace) -> int:
    path = _existing_vault_path(args.path)
    try:
        # Read-only: an older vault is reported, not upgraded (opening it in the app does).
        vault = Vault.open(path, read_passphrase(_("Passphrase")), upgrade=False)
        try:
            report = vault.check()
        finally:
            vault.close()
    except VaultDamaged:
        print(_("integrity: failed"))
        raise
    if not report.ok:
        print(_("integrity: failed"))
        raise VaultDamaged(_damage_sentence(report.problems))
    for label, number in report.counts.items():
        print(count_line(label, number))
    print(_("integrity: ok"))
    if report.needs_upgrade:
        print(_("schema: needs upgrading (an older version of Organizer made it; opening it in "
                "Organizer upgrades it)"))
    return 0


def count_line(label: str, number: int) -> str:
    """"people: 12": a kind of record (one of RECORD_KIND_LABELS) and how many there are."""
    # Translators: a kind of record and how many the vault holds, e.g. "people: 12".
    return _("{kind}: {count}").format(kind=_(label), count=number)


def _damage_sentence(problems: list[str]) -> str:
    first = " ".join(problems[0].split())[:160] if problems else _("unknown")
    if len(problems) > 1:
        more = len(problems) - 1
        # Translators: {problem} is the first problem found, in the database's own words.
        return _("The vault is damaged ({problem}, and {n} more); nothing was changed, so "
                 "restore it from your latest backup.").format(problem=first, n=more)
    # Translators: {problem} is the problem found, in the database's own words.
    return _("The vault is damaged ({problem}); nothing was changed, so restore it from "
             "your latest backup.").format(problem=first)


def _vault_passwd(args: argparse.Namespace) -> int:
    path = _existing_vault_path(args.path)
    current = read_passphrase(_("Current passphrase"))
    vault = Vault.open(path, current)
    try:
        erased = vault.change_passphrase(current, read_passphrase.new(_("New passphrase")))
    finally:
        vault.close()
    for copy in erased:
        print(_("Erased {file}, a copy Organizer had left under the old passphrase.").format(
            file=copy))
    print(_("Changed the passphrase of {path}.").format(path=path))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from organizer.core import demo  # only this command needs it

    path = _new_vault_path(args.path)
    passphrase = read_passphrase.new(_("New passphrase"))
    # Big demos are for benchmarks: three conversations each keeps them to a few minutes' work.
    one_on_ones = args.people * 3 if args.people > 10_000 else None
    vault = Vault.create(path, passphrase, demo.CAMPAIGN_NAME, is_demo=True)
    try:
        summary = demo.generate_demo(
            vault,
            people=args.people,
            seed=args.seed,
            one_on_ones=one_on_ones,
            progress=_progress_printer(),
        )
    except BaseException:
        # The file was made a moment ago by this command: leave nothing half-made behind.
        vault.close()
        _remove_vault_files(path)
        raise
    finally:
        _end_progress_line()
    vault.close()
    # Translators: {people} is "300 people", {oc_members} a number, {one_on_ones} "900
    # one-on-ones", {assessments} "512 assessments", {follow_ups} "40 follow-ups".
    print(_(
        "Made a demo campaign in {path}: {people} ({oc_members} on the committee), "
        "{one_on_ones}, {assessments}, {follow_ups}, in {seconds} s."
    ).format(path=path, people=count(summary.people, "person", "people"),
             oc_members=formats.number(summary.oc_members),
             one_on_ones=ngettext("{n} one-on-one", "{n} one-on-ones", summary.one_on_ones
                                  ).format(n=formats.number(summary.one_on_ones)),
             assessments=ngettext("{n} assessment", "{n} assessments", summary.assessments
                                  ).format(n=formats.number(summary.assessments)),
             follow_ups=ngettext("{n} follow-up", "{n} follow-ups", summary.follow_ups
                                 ).format(n=formats.number(summary.follow_ups)),
             seconds=formats.number(round(summary.seconds, 1))))
    return 0


def _progress_printer() -> Callable[[float], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(fraction: float) -> None:
        sys.stderr.write("\r" + _("Making the demo campaign: {percent}").format(
            percent=formats.percent(fraction).rjust(4)))
        sys.stderr.flush()

    return show


def _end_progress_line() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")


def _remove_vault_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


# ----- the parser ---------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a whole number").format(text=repr(text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="organizer",
        description=_("Organizer: an offline, encrypted notebook for workplace organizing "
                      "committees. With no command, starts the app."),
    )
    parser.add_argument("--version", action="store_true",
                        help=_("print the version and exit"))
    parser.add_argument(
        "--demo", action="store_true", help=_("start the app with a demo campaign to explore")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    vault = commands.add_parser(
        "vault",
        help=_("create a vault, check it, change its passphrase"),
        description=_("Vault files: create, check, change the passphrase."),
    )
    vault_commands = vault.add_subparsers(dest="vault_command", metavar="COMMAND", required=True)
    create = vault_commands.add_parser(
        "create",
        help=_("make a new, empty vault"),
        description=_("Make a new, empty vault. Asks for its passphrase (twice on a "
                      "terminal)."),
    )
    create.add_argument("path", metavar="PATH", help=_("the vault file to create"))
    create.add_argument(
        "--name", metavar="NAME", help=_("the campaign's name (default: the file's name)")
    )
    create.set_defaults(func=_vault_create)
    check = vault_commands.add_parser(
        "check",
        help=_("verify every page and count the records"),
        description=_("Verify every page of a vault and print how many records of each kind "
                      "it holds. Exits with 1 when anything is wrong."),
    )
    check.add_argument("path", metavar="PATH", help=_("the vault file"))
    check.set_defaults(func=_vault_check)
    passwd = vault_commands.add_parser(
        "passwd",
        help=_("change a vault's passphrase"),
        description=_("Change a vault's passphrase. Asks for the current one, then the new "
                      "one."),
    )
    passwd.add_argument("path", metavar="PATH", help=_("the vault file"))
    passwd.set_defaults(func=_vault_passwd)
    cli_retention.register(vault_commands, passphrase_reader=read_passphrase.read)

    demo = commands.add_parser(
        "demo",
        help=_("make a new vault holding a fictional demo campaign"),
        description=_("Make a new vault holding a fictional campaign at Brightline Systems, "
                      "to explore or to measure. Asks for the new vault's passphrase."),
    )
    demo.add_argument("path", metavar="PATH", help=_("the vault file to create"))
    demo.add_argument(
        "--people", type=_positive, default=300, metavar="N", help=_("how many people (300)")
    )
    demo.add_argument("--seed", type=int, default=0, metavar="S",
                      help=_("the random seed (0)"))
    demo.set_defaults(func=_demo)

    _register_optional_commands(commands)
    return parser


def _register_optional_commands(commands: Any) -> None:
    """Backup and call-list commands live in their own modules; wire them when present."""
    try:
        from organizer import cli_backup
    except ImportError:
        pass
    else:
        cli_backup.register(commands, read_passphrase=read_passphrase)
    try:
        from organizer import cli_calllist
    except ImportError:
        pass
    else:
        cli_calllist.register(commands, passphrase_reader=read_passphrase.read)
    try:
        from organizer import cli_chart
    except ImportError:
        pass
    else:
        cli_chart.register(commands, passphrase_reader=read_passphrase.read)
    try:
        from organizer import cli_import
    except ImportError:
        pass
    else:
        cli_import.register(commands, passphrase_reader=read_passphrase.read)
    try:
        from organizer import cli_committee
    except ImportError:
        pass
    else:
        cli_committee.register(commands, passphrase_reader=read_passphrase.read)


# ----- the entry point ----------------------------------------------------------------------


def _write_utf8() -> None:
    """Output in UTF-8 whatever the locale: a name with an accent printed to a pipe on
    Windows (its ANSI code page) would otherwise stop the command with an error."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Run the `organizer` command; returns the exit code."""
    harden_process()
    _write_utf8()
    i18n.start()
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as stop:  # --help, or wrong usage (argparse has printed why)
        return stop.code if isinstance(stop.code, int) else 2
    if args.version:
        print(f"organizer {__version__}")
        return 0
    try:
        if args.command is None:
            return _start_app(demo=args.demo)
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\n" + _("organizer: interrupted; nothing more was changed."), file=sys.stderr)
        return 130
    except OrganizerError as error:
        return _fail_with(error)
    except (sqlcipher3.Error, MemoryError) as error:
        return _fail_with(translate(error))
    except OSError as error:
        if error.errno in (28, 27):  # ENOSPC, EFBIG
            return _fail(str(DiskFull()))
        problem = error.strerror or _("a file could not be used")
        if error.filename:
            # Translators: the operating system's description of a problem, then the file.
            return _fail(_("{problem} ({file}).").format(problem=problem, file=error.filename))
        return _fail(_("{problem}.").format(problem=problem))
    except Exception as error:  # a bug: still one sentence and its details, never a traceback
        return _fail_with(internal_error(error))


def _fail_with(error: OrganizerError) -> int:
    """The error's sentence; for a bug also its details, to copy into a report."""
    code = _fail(str(error))
    if isinstance(error, InternalError):
        print(_("organizer: details for a bug report: {details}").format(details=error.details),
              file=sys.stderr)
    return code


def _fail(message: str) -> int:
    print(_("organizer: {message}").format(message=" ".join(message.split())), file=sys.stderr)
    return 1
