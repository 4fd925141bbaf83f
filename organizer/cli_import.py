"""`organizer import VAULT FILE` and `organizer export VAULT OUT.csv`.

cli.py wires them in with `cli_import.register(commands, passphrase_reader=...)`.

import: reads a CSV, XLSX, Google/Outlook CSV or vCard file, maps its columns by their
headers (`--map 'COLUMN=field'` to change one), skips suspected duplicates unless
`--allow-duplicates`, and prints the report (`imported: N`, `duplicates: N`, `skipped: N`,
then one line per row that was skipped or changed, and why, numbered as the spreadsheet
numbers its rows). `--dry-run` prints the same report and writes nothing. The import is all
or nothing.

A committee's organizing columns come too (assessment, assigned OC member, on the OC,
organic leader, issues, tags, last contact). A value Organizer cannot read refuses the whole
import (exit 1, the rows listed) unless `--bad-values import-rest`, which imports those rows
without it; an assigned OC member who is not one is such a value unless
`--unknown-oc-members create` adds them as OC members. `--dates day-first|month-first` says
how to read 03/04/2026 when the file's own dates do not tell.

export: writes the chosen fields of everybody to a CSV (UTF-8 with BOM) and warns on stderr
that the file is not encrypted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from organizer import formats
from organizer.cli_passphrase import AskPassphrase as PassphraseReader
from organizer.cli_passphrase import read_passphrase
from organizer.core.errors import InvalidInput
from organizer.i18n import _, ngettext
from organizer.words import count


def _default_reader(prompt: str) -> str:
    return read_passphrase(prompt)


def _open_vault(path_text: str, reader: PassphraseReader) -> Any:
    from organizer.core.vault import Vault, preflight

    path = Path(path_text).expanduser().absolute()
    preflight(path)
    return Vault.open(path, reader(_("Passphrase")))


def _parse_map(items: list[str]) -> dict[str, str | None]:
    from organizer.core.importers import IMPORT_FIELDS

    mapping: dict[str, str | None] = {}
    for item in items:
        if "=" not in item:
            raise InvalidInput(_("--map wants COLUMN=field (for example 'Nombre=name'), "
                                 "not {text}.").format(text=repr(item)))
        column, field_name = item.rsplit("=", 1)
        field_name = field_name.strip()
        if field_name in ("", "-", "none"):
            mapping[column] = None
        elif field_name not in IMPORT_FIELDS:
            raise InvalidInput(_("{text} is not a field; use one of {fields} (or 'none' to "
                                 "leave it out).").format(text=repr(field_name),
                                                          fields=", ".join(IMPORT_FIELDS)))
        else:
            mapping[column] = field_name
    return mapping


BAD_VALUES = {"refuse": "REFUSE", "import-rest": "IMPORT_REST"}
UNKNOWN_OC_MEMBERS = {"leave-out": "LEAVE_OUT", "create": "CREATE"}
DATES = {"detect": "DETECT", "day-first": "DAY_FIRST", "month-first": "MONTH_FIRST"}


def _options(args: argparse.Namespace) -> Any:
    from organizer.core import importers

    return importers.ImportOptions(
        bad_values=importers.BadValues[BAD_VALUES[args.bad_values]],
        unknown_oc_members=importers.UnknownOcMembers[
            UNKNOWN_OC_MEMBERS[args.unknown_oc_members]],
        date_order=importers.DateOrder[DATES[args.dates]],
    )


def _import(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core import importers
    if args.list or args.undo:
        return _history(args, reader)
    if not args.file:
        raise InvalidInput(_("Say which file to import (or --list, or --undo IMPORT_ID)."))
    source = Path(args.file).expanduser()
    mapping = _parse_map(args.map or [])
    # Read the file first: a file that is not contacts fails before the passphrase is asked.
    table = importers.read_file(source, sheet=args.sheet)
    vault = _open_vault(args.vault, reader)
    try:
        plan = importers.prepare(vault, table, mapping or None, region=args.region,
                                 options=_options(args))
        if args.allow_duplicates:
            plan.choose_all(importers.Choice.KEEP_BOTH)
        for hint in plan.hints:
            print(_("hint: {hint}").format(hint=hint))
        try:
            report = plan.report() if args.dry_run else plan.apply(vault,
                                                                   progress=_progress())
        except importers.ImportRefused as refused:
            report = refused.report
        if report.refused:
            for line in report.lines():
                print(line)
            raise importers.ImportRefused(report, ngettext(
                "Fix it in the file (the rows are listed above), or add --bad-values "
                "import-rest to import the rest of each such row.",
                "Fix them in the file (the rows are listed above), or add --bad-values "
                "import-rest to import the rest of each such row.", len(report.bad_rows)))
    finally:
        _end_progress()
        vault.close()
    if args.dry_run:
        print(_("dry run: nothing was written"))
    for line in report.lines():
        print(line)
    return 0


def _history(args: argparse.Namespace, reader: PassphraseReader) -> int:
    """`--list`: the vault's imports; `--undo ID`: erase the people that import added and
    nobody has touched since (the others are listed and kept: the app asks about each)."""
    from organizer.core import imports

    vault = _open_vault(args.vault, reader)
    try:
        if args.list:
            records = imports.list_imports(vault)
            if not records:
                print(_("No imports recorded in this vault."))
            for record in records:
                # Translators: whether an import was undone (and when) or is still in place.
                state = (_("undone {date}").format(date=formats.short_date(record.undone_at))
                         if record.undone_at else _("kept"))
                # Translators: {file} is the imported file's name, {who} who imported it.
                what = (_("{file} by {who}").format(file=record.file_name,
                                                    who=record.imported_by)
                        if record.imported_by else record.file_name)
                # Translators: one line per import: its id, when, the file, the counts and
                # {state} ("kept" or "undone DATE").
                print(_("{id}  {moment}  {what}: {added} added, {merged} merged, {state}"
                        ).format(id=record.id,
                                 moment=record.imported_at[:16].replace("T", " "),
                                 what=what, added=record.people_created,
                                 merged=record.people_merged, state=state))
            return 0
        preview = imports.undo_preview(vault, args.undo)
        for person in preview.touched:
            # Translators: {what} lists what changed, e.g. "edited, talked to".
            print(_("kept: {name} ({what} since the import)").format(
                name=person.display_name, what=", ".join(person.what)))
        erased = imports.undo_import(vault, args.undo)
    finally:
        vault.close()
    people = count(erased, "person", "people")
    if preview.touched:
        # Translators: {people} is "1 person" or "12 people".
        print(ngettext("Erased {people} that the import added; {n} kept (listed above).",
                       "Erased {people} that the import added; {n} kept (listed above).",
                       len(preview.touched)).format(people=people, n=len(preview.touched)))
    else:
        # Translators: {people} is "1 person" or "12 people".
        print(_("Erased {people} that the import added.").format(people=people))
    return 0


def _progress() -> Callable[[float], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(fraction: float) -> None:
        sys.stderr.write("\r" + _("Importing: {percent}").format(
            percent=formats.percent(fraction).rjust(4)))
        sys.stderr.flush()

    return show


def _end_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")


def _export(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from organizer.core.exporters.csv_export import (
        DEFAULT_FIELDS,
        NOT_ENCRYPTED_WARNING,
        check_fields,
        export_people,
    )

    fields = check_fields([f for item in (args.fields or DEFAULT_FIELDS)
                           for f in item.split(",")])
    target = Path(args.out).expanduser().absolute()
    if not target.parent.is_dir():
        raise InvalidInput(_("The folder {folder} does not exist. Choose another.").format(
            folder=target.parent))
    vault = _open_vault(args.vault, reader)
    try:
        print(_("warning: {warning}").format(warning=_(NOT_ENCRYPTED_WARNING)),
              file=sys.stderr)
        exported = export_people(vault, target, fields=fields)
    finally:
        vault.close()
    print(_("exported: {n}").format(n=exported))
    print(_("file: {path}").format(path=target))
    return 0


def register(
    subparsers: Any, *, passphrase_reader: PassphraseReader | None = None
) -> None:
    """Add the `import` and `export` subcommands; their `func(args)` returns the exit code."""
    reader = passphrase_reader or _default_reader
    imp: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help=_("add people from a CSV, Excel, Google/Outlook or vCard file"),
        description=_("Add people from a spreadsheet (CSV, XLSX), a Google Contacts or "
                      "Outlook CSV export, or phone contacts (vCard). Columns are matched by "
                      "their headers; suspected duplicates are skipped unless "
                      "--allow-duplicates. All or nothing. Asks for the vault's passphrase."),
    )
    imp.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    imp.add_argument("file", metavar="FILE", nargs="?", help=_("the file to import"))
    imp.add_argument("--list", action="store_true",
                     help=_("list the imports recorded in the vault, with their ids"))
    imp.add_argument("--undo", metavar="IMPORT_ID", default=None,
                     help=_("erase the people that import added and nobody has touched since "
                            "(those edited or talked to are listed and kept)"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("print what would happen and write nothing"))
    imp.add_argument("--allow-duplicates", action="store_true",
                     help=_("import suspected duplicates too (as separate people)"))
    imp.add_argument("--region", metavar="CC", default=None,
                     help=_("country for phone numbers without a country code, e.g. US, GB, "
                            "FR (default: the campaign's setting, else US)"))
    imp.add_argument("--sheet", metavar="NAME", default=None,
                     help=_("the workbook's sheet to read (default: the first)"))
    imp.add_argument("--map", metavar="COLUMN=FIELD", action="append",
                     help=_("map a column to a field (repeatable), or COLUMN=none to leave "
                            "it out"))
    imp.add_argument("--bad-values", choices=list(BAD_VALUES), default="refuse",
                     help=_("a value Organizer cannot read (an assessment off the scale, a "
                            "date that is not one...): refuse the whole import (the default), "
                            "or import the rest of each such row"))
    imp.add_argument("--unknown-oc-members", choices=list(UNKNOWN_OC_MEMBERS),
                     default="leave-out",
                     help=_("an assigned OC member who is not one: leave them out (a bad "
                            "value, the default), or create them as OC members"))
    imp.add_argument("--dates", choices=list(DATES), default="detect",
                     help=_("how to read dates like 03/04/2026: as the file's own dates show "
                            "(the default; else as the campaign's country writes them), day "
                            "first, or month first"))
    imp.set_defaults(func=lambda args: _import(args, reader))

    exp: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help=_("write people to a CSV file (not encrypted)"),
        description=_("Write everybody's chosen fields to a CSV file (UTF-8, opens in "
                      "Excel). The file is NOT encrypted. Asks for the vault's passphrase."),
    )
    exp.add_argument("vault", metavar="VAULT", help=_("the vault file"))
    exp.add_argument("out", metavar="OUT.csv", help=_("the CSV file to write"))
    exp.add_argument("--fields", nargs="+", metavar="FIELD",
                     help=_("fields to write, in order (space- or comma-separated); default: "
                            "name personal_phone personal_email department shift site "
                            "job_title"))
    exp.set_defaults(func=lambda args: _export(args, reader))
