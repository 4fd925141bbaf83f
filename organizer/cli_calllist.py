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

Every PDF is logged as a printed copy (`organizer.core.printed_copies`): a random copy code,
printed small at the foot of every page and on the command's output, for whom (--for NAME;
by default the OC member of --organizer), and the destroy-by date. With --code-names or
--initials the copy mark leaves the recipient out; the log in the vault still says.

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
from organizer.i18n import N_, _, ngettext
from organizer.words import count

# The list's name when none is given: stored in the vault as typed, printed as translated.
DEFAULT_NAME = N_("Call list")


def register(
    subparsers: Any, *, passphrase_reader: PassphraseReader | None = None
) -> argparse.ArgumentParser:
    """Add the `calllist` subcommand; its `func(args)` returns the exit code."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "calllist",
        help=_("write a call list to PDF"),
        description=_(
            "Write a call list (names, personal phones, tick boxes for the outcome) to a PDF. "
            "Filters combine. Assessments are printed as neutral codes (A1-A5) and every page "
            "says when to destroy it, as in the app. People with no phone on file are listed "
            "apart, to reach in person. The list is saved in the vault under its name, so the "
            "results can be typed in later by the numbers on the paper."
        ),
    )
    parser.add_argument("vault", metavar="VAULT", type=Path, help=_("the vault file"))
    parser.add_argument("--pdf", metavar="OUT", type=Path, required=True,
                        help=_("where to write the PDF"))
    parser.add_argument("--department", metavar="D", action="append", default=[],
                        help=_("only this department (by name; repeat for several)"))
    parser.add_argument("--shift", metavar="S", action="append", default=[],
                        help=_("only this shift (by name; repeat for several)"))
    parser.add_argument("--assessment", metavar="2-3",
                        help=_('only these assessments: "2", "2-3" or "1,3"; 0 means not '
                               'assessed'))
    parser.add_argument("--organizer", metavar="NAME",
                        help=_("only the people assigned to this OC member (name or code "
                               "name)"))
    parser.add_argument("--not-contacted-days", metavar="N", type=int,
                        help=_("only people nobody has talked with in N days"))
    parser.add_argument("--follow-up-due", action="store_true",
                        help=_("only people with a follow-up due today or earlier"))
    parser.add_argument("--per-organizer", action="store_true",
                        help=_("one section per OC member under their name; short sections "
                               "share a page, a person is never split across pages"))
    names = parser.add_mutually_exclusive_group()
    names.add_argument("--code-names", action="store_true",
                       help=_("print code names (initials for people without one)"))
    names.add_argument("--initials", action="store_true", help=_("print initials only"))
    parser.add_argument("--no-phones", action="store_true",
                        help=_("print no phone numbers at all (a list for someone who must not "
                               "call)"))
    parser.add_argument("--assessment-words", action="store_true",
                        help=_("print assessments as the scale's words (\"Leaning "
                               "supportive\") instead of the neutral codes A1-A5"))
    parser.add_argument("--assessment-codes", action="store_true",
                        help=_("print assessments as neutral codes (\"A2\"): the default"))
    parser.add_argument("--name", metavar="LISTNAME", default=None,
                        help=_('the list\'s name, printed on every page (default "{name}")'
                               ).format(name=_(DEFAULT_NAME)))
    parser.add_argument("--printed-for", metavar="NAME", default="",
                        help=_('print "Printed for NAME" on every page'))
    parser.add_argument("--for", metavar="NAME", dest="copy_for", default=None,
                        help=_("who gets this copy, logged with its copy code (default: the "
                               "OC member of --organizer, if given)"))
    parser.add_argument("--destroy-by", metavar="DATE",
                        help=_('the "Destroy by" date printed on every page (YYYY-MM-DD; '
                               'default: {days} days from today)').format(
                                   days=call_lists.DESTROY_AFTER_DAYS))
    parser.add_argument("--no-destroy-by", action="store_true",
                        help=_('print no "Destroy by" date'))
    parser.add_argument("--page-size", choices=("A4", "Letter"),
                        help=_("paper size (default: from the locale)"))
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
            raise InvalidInput(_not_an_assessment(text)) from None
    if not scores or any(not 0 <= s <= 5 for s in scores):
        raise InvalidInput(_not_an_assessment(text))
    return frozenset(scores)


def _not_an_assessment(text: str) -> str:
    return _('"{text}" is not an assessment; use a score from 1 to 5 like "2" or "2-3".'
             ).format(text=text)


# What `_list_ids` says when a name is not on the list, by the list's kind.
_NO_SUCH_ENTRY = {
    "department": N_("there is no department called {name}."),
    "shift": N_("there is no shift called {name}."),
    "site": N_("there is no site called {name}."),
}


def _list_ids(vault: Any, kind: ListKind, names: list[str]) -> frozenset[str]:
    entries = {e.name.casefold(): e.id for e in campaign.list_entries(vault, kind)}
    ids = set()
    for name in names:
        key = " ".join(name.split()).casefold()
        if key not in entries:
            raise InvalidInput(_(_NO_SUCH_ENTRY.get(kind, "there is no {kind} called {name}."))
                               .format(kind=kind, name=name))
        ids.add(entries[key])
    return frozenset(ids)


def copy_recipient(vault: Any, args: argparse.Namespace, organizer_id: str | None) -> str:
    """Who the copy is for: --for, else --printed-for, else the list's OC member."""
    for given in (args.copy_for, args.printed_for):
        if given and given.strip():
            return " ".join(given.split())
    if organizer_id is None:
        return ""
    row = vault.connection.execute("SELECT name FROM person WHERE id = ?",
                                   (organizer_id,)).fetchone()
    return str(row[0]) if row else ""


def _organizer_id(vault: Any, name: str) -> str:
    key = " ".join(name.split()).casefold()
    rows = vault.connection.execute(
        "SELECT id, name, code_name FROM person WHERE is_oc_member = 1"
    ).fetchall()
    matches = [str(i) for i, n, c in rows
               if key in (" ".join(str(n).split()).casefold(), str(c).strip().casefold())]
    if not matches:
        raise InvalidInput(_("there is no OC member called {name}.").format(name=name))
    if len(matches) > 1:
        raise InvalidInput(_("more than one OC member is called {name}; use their code name."
                             ).format(name=name))
    return matches[0]


def run_calllist(args: argparse.Namespace, read: PassphraseReader = read_passphrase) -> int:
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


def destroy_by_date(args: argparse.Namespace, today: dt.date) -> dt.date | None:
    """The "Destroy by" date to print: the one given, else the Call lists page's default;
    None with --no-destroy-by."""
    if args.no_destroy_by:
        if args.destroy_by:
            raise InvalidInput(_("--destroy-by and --no-destroy-by contradict each other; "
                                 "give one of them."))
        return None
    if not args.destroy_by:
        return today + dt.timedelta(days=call_lists.DESTROY_AFTER_DAYS)
    try:
        date = dt.date.fromisoformat(args.destroy_by)
    except ValueError:
        raise InvalidInput(
            _("{text} is not a date; use the form 2026-11-23.").format(text=args.destroy_by)
        ) from None
    if date < today:
        raise InvalidInput(_("{text} is in the past; give a destroy-by date from today on."
                             ).format(text=args.destroy_by))
    return date


def options_from(args: argparse.Namespace, today: dt.date) -> call_lists.CallListOptions:
    """The page as the Call lists page makes it by default (neutral assessment codes, a
    destroy-by date, every column), changed only by the options given."""
    if args.assessment_words and args.assessment_codes:
        raise InvalidInput(_("--assessment-words and --assessment-codes contradict each "
                             "other; give one of them."))
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
        raise InvalidInput(_("--not-contacted-days needs 0 or more days."))
    today = dt.date.today()
    options = options_from(args, today)
    assessments = parse_assessments(args.assessment) if args.assessment else frozenset()
    name = " ".join(str(args.name or "").split()) or _(DEFAULT_NAME)
    passphrase = read(_("Passphrase for {file}").format(file=args.vault.name))
    vault = Vault.open(args.vault, passphrase)
    del passphrase
    try:
        organizer_id = _organizer_id(vault, args.organizer) if args.organizer else None
        criteria = call_lists.CallListCriteria(
            people=PeopleFilter(
                department_ids=_list_ids(vault, "department", args.department),
                shift_ids=_list_ids(vault, "shift", args.shift),
                assessments=assessments,
            ),
            has_follow_up_due=args.follow_up_due,
            not_contacted_days=args.not_contacted_days,
            organizer_id=organizer_id,
        )
        call_list = call_lists.build_call_list(vault, criteria, options, today=today)
        if call_list.people_count == 0:
            raise InvalidInput(_("no one matches these filters, so no PDF was written."))
        from organizer.core import printed_copies
        from organizer.reports.call_list_pdf import render_call_list_pdf, to_reach_in_person

        copy = printed_copies.record_copy(
            vault, "call list", printed_for=copy_recipient(vault, args, organizer_id),
            description=name, destroy_by=options.destroy_by)
        try:
            pages = render_call_list_pdf(
                call_list, args.pdf, list_name=name, printed_on=today,
                copy_mark=printed_copies.copy_mark(
                    copy, show_recipient=options.name_style == "name"))
        except BaseException:
            printed_copies.mark_destroyed(vault, copy.id)  # never printed: nothing to shred
            raise
        printed_copies.set_pages(vault, copy.id, pages)
        call_lists.save_built(vault, call_list, name, printed=True)
    finally:
        vault.close()
    people = call_list.people_count
    in_person = len(to_reach_in_person(call_list))
    # Translators: {people} is "1 person" or "12 people", {pages} "1 page" or "3 pages".
    wrote = _("Wrote {people} on {pages} to {file}").format(
        people=count(people, "person", "people"), pages=count(pages, "page", "pages"),
        file=args.pdf)
    if in_person:
        # Translators: {wrote} is the sentence "Wrote 12 people on 3 pages to FILE".
        wrote = ngettext("{wrote}; {n} with no phone on file, listed to reach in person",
                         "{wrote}; {n} with no phone on file, listed to reach in person",
                         in_person).format(wrote=wrote, n=in_person)
    print(wrote)
    # Translators: {code} is the random code printed at the foot of every page, "K7QM-2XRD".
    print(_("Copy code {code}").format(code=copy.copy_code))
    return 0
