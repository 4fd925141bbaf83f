"""`organizer calllist VAULT --pdf OUT [filters] [options]`: a call list to PDF.

cli.py wires it in with:

    from organizer import cli_calllist
    ...
    subparsers = parser.add_subparsers(dest="command")
    cli_calllist.register(subparsers)          # optionally passphrase_reader=cli's own reader
    ...
    args = parser.parse_args(argv)
    return args.func(args)                                # an int: the exit code

By default the page is what the app's Call lists page prints by default, from the same report
options (`CallListOptions`) and the same renderer: assessments as neutral codes (A1-A5), a
"Destroy by" date a week ahead, the confidential line on every page. --assessment-words and
--no-destroy-by ask for more on paper; --code-names, --initials and --no-phones for less.

The list is also saved in the vault under its name (with the people numbered as on the paper),
so the results can be typed back in later from the app.

Errors are one sentence on stderr prefixed "organizer: " and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from organizer.cli_passphrase import AskPassphrase as PassphraseReader
from organizer.cli_passphrase import read_passphrase
from organizer.core import call_lists, campaign
from organizer.core.campaign import ListKind
from organizer.core.errors import InvalidInput, OrganizerError


def register(
    subparsers: Any, *, passphrase_reader: PassphraseReader | None = None
) -> argparse.ArgumentParser:
    """Add the `calllist` subcommand; its `func(args)` returns the exit code."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "calllist",
        help="write a call list to PDF",
        description=(
            "Write a call list (names, personal phones, tick boxes for the outcome) to a PDF. "
            "Filters combine. Assessments are printed as neutral codes (A1-A5) and every page "
            "says when to destroy it, as in the app. People with no phone on file are listed "
            "apart, to reach in person. The list is saved in the vault under its name, so the "
            "results can be typed in later by the numbers on the paper."
        ),
    )
    parser.add_argument("vault", metavar="VAULT", type=Path, help="the vault file")
    parser.add_argument("--pdf", metavar="OUT", type=Path, required=True,
                        help="where to write the PDF")
    parser.add_argument("--department", metavar="D", action="append", default=[],
                        help="only this department (by name; repeat for several)")
    parser.add_argument("--shift", metavar="S", action="append", default=[],
                        help="only this shift (by name; repeat for several)")
    parser.add_argument("--assessment", metavar="2-3",
                        help='only these assessments: "2", "2-3" or "1,3"; 0 means not assessed')
    parser.add_argument("--organizer", metavar="NAME",
                        help="only the people assigned to this OC member (name or code name)")
    parser.add_argument("--not-contacted-days", metavar="N", type=int,
                        help="only people nobody has talked with in N days")
    parser.add_argument("--follow-up-due", action="store_true",
                        help="only people with a follow-up due today or earlier")
    parser.add_argument("--per-organizer", action="store_true",
                        help="one section per OC member under their name; short sections "
                        "share a page, a person is never split across pages")
    names = parser.add_mutually_exclusive_group()
    names.add_argument("--code-names", action="store_true",
                       help="print code names (initials for people without one)")
    names.add_argument("--initials", action="store_true", help="print initials only")
    parser.add_argument("--no-phones", action="store_true",
                        help="print no phone numbers at all (a list for someone who must not "
                        "call)")
    parser.add_argument("--assessment-words", action="store_true",
                        help="print assessments as the scale's words (\"Leaning supportive\") "
                        "instead of the neutral codes A1-A5")
    parser.add_argument("--assessment-codes", action="store_true",
                        help="print assessments as neutral codes (\"A2\"): the default")
    parser.add_argument("--name", metavar="LISTNAME", default="Call list",
                        help='the list\'s name, printed on every page (default "Call list")')
    parser.add_argument("--printed-for", metavar="NAME", default="",
                        help='print "Printed for NAME" on every page')
    parser.add_argument("--destroy-by", metavar="DATE",
                        help='the "Destroy by" date printed on every page (YYYY-MM-DD; '
                        f"default: {call_lists.DESTROY_AFTER_DAYS} days from today)")
    parser.add_argument("--no-destroy-by", action="store_true",
                        help='print no "Destroy by" date')
    parser.add_argument("--page-size", choices=("A4", "Letter"),
                        help="paper size (default: from the locale)")
    reader = passphrase_reader or read_passphrase

    def run(args: argparse.Namespace) -> int:
        return run_calllist(args, reader)

    parser.set_defaults(func=run)
    return parser


def parse_assessments(text: str) -> frozenset[int]:
    """"2" -> {2}; "2-3" -> {2, 3}; "1,3" -> {1, 3}; "0" stands for not assessed."""
    scores: set[int] = set()
    for part in text.replace(" ", "").split(","):
        try:
            if "-" in part:
                low, high = (int(v) for v in part.split("-", 1))
                if low > high:
                    low, high = high, low
                scores.update(range(low, high + 1))
            else:
                scores.add(int(part))
        except ValueError:
            raise InvalidInput(
                f'"{text}" is not an assessment; use a score from 1 to 5 like "2" or "2-3".'
            ) from None
    if not scores or any(not 0 <= s <= 5 for s in scores):
        raise InvalidInput(
            f'"{text}" is not an assessment; use a score from 1 to 5 like "2" or "2-3".'
        )
    return frozenset(scores)


def _list_ids(vault: Any, kind: ListKind, names: list[str]) -> frozenset[str]:
    entries = {e.name.casefold(): e.id for e in campaign.list_entries(vault, kind)}
    ids = set()
    for name in names:
        key = " ".join(name.split()).casefold()
        if key not in entries:
            raise InvalidInput(f"there is no {kind} called {name}.")
        ids.add(entries[key])
    return frozenset(ids)


def _organizer_id(vault: Any, name: str) -> str:
    key = " ".join(name.split()).casefold()
    rows = vault.connection.execute(
        "SELECT id, name, code_name FROM person WHERE is_oc_member = 1"
    ).fetchall()
    matches = [str(i) for i, n, c in rows
               if key in (" ".join(str(n).split()).casefold(), str(c).strip().casefold())]
    if not matches:
        raise InvalidInput(f"there is no OC member called {name}.")
    if len(matches) > 1:
        raise InvalidInput(f"more than one OC member is called {name}; use their code name.")
    return matches[0]


def run_calllist(args: argparse.Namespace, read: PassphraseReader = read_passphrase) -> int:
    try:
        return _run(args, read)
    except OrganizerError as error:
        print(f"organizer: {error}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("organizer: stopped; no PDF was written.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"organizer: {error.strerror or error}.", file=sys.stderr)
        return 1


def destroy_by_date(args: argparse.Namespace, today: dt.date) -> dt.date | None:
    """The "Destroy by" date to print: the one given, else the Call lists page's default;
    None with --no-destroy-by."""
    if args.no_destroy_by:
        if args.destroy_by:
            raise InvalidInput("--destroy-by and --no-destroy-by contradict each other; "
                               "give one of them.")
        return None
    if not args.destroy_by:
        return today + dt.timedelta(days=call_lists.DESTROY_AFTER_DAYS)
    try:
        date = dt.date.fromisoformat(args.destroy_by)
    except ValueError:
        raise InvalidInput(
            f"{args.destroy_by} is not a date; use the form 2026-11-23."
        ) from None
    if date < today:
        raise InvalidInput(f"{args.destroy_by} is in the past; give a destroy-by date from "
                           "today on.")
    return date


def options_from(args: argparse.Namespace, today: dt.date) -> call_lists.CallListOptions:
    """The page as the Call lists page makes it by default (neutral assessment codes, a
    destroy-by date, every column), changed only by the options given."""
    if args.assessment_words and args.assessment_codes:
        raise InvalidInput("--assessment-words and --assessment-codes contradict each other; "
                           "give one of them.")
    return call_lists.CallListOptions(
        name_style="code name" if args.code_names else "initials" if args.initials
        else "name",
        assessment_style="label" if args.assessment_words else "code",
        per_organizer=args.per_organizer,
        printed_for=" ".join(args.printed_for.split()),
        destroy_by=destroy_by_date(args, today),
        page_size=args.page_size or "auto",
        phones=not args.no_phones,
    )


def _run(args: argparse.Namespace, read: PassphraseReader) -> int:
    from organizer.core.people import PeopleFilter
    from organizer.core.vault import Vault

    if args.not_contacted_days is not None and args.not_contacted_days < 0:
        raise InvalidInput("--not-contacted-days needs 0 or more days.")
    today = dt.date.today()
    options = options_from(args, today)
    assessments = parse_assessments(args.assessment) if args.assessment else frozenset()
    name = " ".join(str(args.name).split()) or "Call list"
    passphrase = read(f"Passphrase for {args.vault.name}")
    vault = Vault.open(args.vault, passphrase)
    del passphrase
    try:
        criteria = call_lists.CallListCriteria(
            people=PeopleFilter(
                department_ids=_list_ids(vault, "department", args.department),
                shift_ids=_list_ids(vault, "shift", args.shift),
                assessments=assessments,
            ),
            has_follow_up_due=args.follow_up_due,
            not_contacted_days=args.not_contacted_days,
            organizer_id=_organizer_id(vault, args.organizer) if args.organizer else None,
        )
        call_list = call_lists.build_call_list(vault, criteria, options, today=today)
        if call_list.people_count == 0:
            raise InvalidInput("no one matches these filters, so no PDF was written.")
        from organizer.reports.call_list_pdf import render_call_list_pdf, to_reach_in_person

        pages = render_call_list_pdf(call_list, args.pdf, list_name=name, printed_on=today)
        call_lists.save_built(vault, call_list, name, printed=True)
    finally:
        vault.close()
    people = call_list.people_count
    in_person = len(to_reach_in_person(call_list))
    print(f"Wrote {people} {'person' if people == 1 else 'people'} on {pages} "
          f"page{'' if pages == 1 else 's'} to {args.pdf}"
          + (f"; {in_person} with no phone on file, listed to reach in person"
             if in_person else ""))
    return 0
