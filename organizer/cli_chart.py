"""`organizer chart VAULT --pdf OUT [--site NAME] [--page-size A4|Letter] [--poster]
[--initials]`: the wall chart and the majority tracker's figures to a landscape PDF.

Only counts are printed unless --initials asks for the people of the small cells by their
initials, as the Chart page's "Initials on paper" tick does; never a full name.

cli.py wires it in with `cli_chart.register(subparsers, passphrase_reader=...)`, as for
`organizer calllist`. The PDF is logged in the vault as a printed copy (for --for NAME, if
given): its random copy code is printed small at the foot of every page and on the output.
Errors are one sentence on stderr prefixed "organizer: " and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from organizer.cli_passphrase import AskPassphrase as PassphraseReader
from organizer.cli_passphrase import read_passphrase
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.i18n import _
from organizer.words import count


def register(
    subparsers: Any, *, passphrase_reader: PassphraseReader | None = None
) -> argparse.ArgumentParser:
    """Add the `chart` subcommand; its `func(args)` returns the exit code."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "chart",
        help=_("write the wall chart to PDF"),
        description=_(
            "Write the wall chart (departments x shifts coloured by assessment, with the "
            "majority tracker's figures) to a landscape PDF. It fits one page when it can; "
            "--poster tiles it at full size across several pages instead."
        ),
    )
    parser.add_argument("vault", metavar="VAULT", type=Path, help=_("the vault file"))
    parser.add_argument("--pdf", metavar="OUT", type=Path, required=True,
                        help=_("where to write the PDF"))
    parser.add_argument("--site", metavar="NAME", help=_("only the people at this site"))
    parser.add_argument("--page-size", choices=("A4", "Letter"),
                        help=_("paper size (default: from the locale)"))
    parser.add_argument("--poster", action="store_true",
                        help=_("tile the chart at full size across as few pages as it needs, "
                               "with overlap marks to join them"))
    parser.add_argument("--initials", action="store_true",
                        help=_("show the people of each small cell by their initials (of the "
                               "code name when there is one); without it only counts are "
                               "printed"))
    parser.add_argument("--for", metavar="NAME", dest="copy_for", default="",
                        help=_("who gets this copy, logged with its copy code"))
    reader = passphrase_reader or read_passphrase

    def run(args: argparse.Namespace) -> int:
        return run_chart(args, reader)

    parser.set_defaults(func=run)
    return parser


def run_chart(args: argparse.Namespace, read: PassphraseReader = read_passphrase) -> int:
    try:
        return _run(args, read)
    except OrganizerError as error:
        print(_("organizer: {message}").format(message=error), file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print(_("organizer: stopped; no PDF was written."), file=sys.stderr)
        return 1
    except OSError as error:
        print(_("organizer: {problem}.").format(problem=error.strerror or error),
              file=sys.stderr)
        return 1


def _site_id(vault: Any, name: str) -> str:
    from organizer.core import campaign

    key = " ".join(name.split()).casefold()
    for entry in campaign.list_entries(vault, "site"):
        if entry.name.casefold() == key:
            return entry.id
    raise InvalidInput(_("there is no site called {name}.").format(name=name))


def _run(args: argparse.Namespace, read: PassphraseReader) -> int:
    from organizer.core.vault import Vault

    passphrase = read(_("Passphrase for {file}").format(file=args.vault.name))
    vault = Vault.open(args.vault, passphrase)
    del passphrase
    try:
        site_id = _site_id(vault, args.site) if args.site else None
        from organizer.core import printed_copies
        from organizer.reports.chart_pdf import chart_print, render_wall_chart_pdf

        data = chart_print(vault, site_id=site_id)
        copy = printed_copies.record_copy(vault, "wall chart", printed_for=args.copy_for,
                                          description=data.site_name)
        try:
            pages = render_wall_chart_pdf(data, args.pdf, page_size=args.page_size or "auto",
                                          poster=args.poster, initials=args.initials,
                                          copy_mark=printed_copies.copy_mark(copy))
        except BaseException:
            printed_copies.mark_destroyed(vault, copy.id)  # never printed: nothing to shred
            raise
        printed_copies.set_pages(vault, copy.id, pages)
    finally:
        vault.close()
    people = data.wall.total.people
    # Translators: {people} is "1 person" or "12 people", {pages} "1 page" or "3 pages".
    print(_("Wrote the wall chart ({people}) on {pages} to {file}").format(
        people=count(people, "person", "people"), pages=count(pages, "page", "pages"),
        file=args.pdf))
    # Translators: {code} is the random code printed at the foot of every page, "K7QM-2XRD".
    print(_("Copy code {code}").format(code=copy.copy_code))
    return 0
