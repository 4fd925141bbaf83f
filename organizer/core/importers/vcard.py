"""vCard 2.1, 3.0 and 4.0 as phones export them (iOS, Android, Outlook, Google).

Handled: line folding (a line starting with a space or tab continues the one before),
QUOTED-PRINTABLE values with soft line breaks ("=" at the end of a line) and CHARSET
parameters, TYPE parameters in all three spellings (TYPE=WORK,VOICE / TYPE=work;TYPE=cell /
2.1's bare WORK;CELL), item groups (item1.TEL), backslash escapes. TEL and EMAIL of TYPE WORK
go to the work contact fields, every other one to the personal fields; when a card has more
than one personal (or work) number or address, the first is used and the others are kept in
the notes so nothing is lost. N gives first and last name, FN the full name; ORG's unit (its
second part) becomes the team and TITLE the job title (the company itself is the same for
everybody, so it is left out). A card without END:VCARD is an error naming its first line.

The result is a `Table` with Organizer's own headers, in the language in use (`vcard_field`
maps them).

A folded line is gathered in pieces and joined when it is complete: joining each
continuation to the line so far copies the whole line again every time, which a file of many
short continuation lines turns into hours of work. Values are split and unescaped with str
and re methods rather than a character at a time, so a long value is not held as a list of
its characters.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterator

from organizer.core.importers.table import (
    Cancel,
    CancelCheck,
    ImportFileError,
    NotContactsFile,
    RowCollector,
    Table,
)
from organizer.i18n import N_, _

# The columns of the table a vCard becomes, and the field each goes to. Named in the
# language in use when the file is read (the mapping shows them); `vcard_field` maps them
# back, and the English names map as any spreadsheet's would.
_COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("Full name"), "name"),
    (N_("First name"), "first_name"),
    (N_("Last name"), "last_name"),
    (N_("Mobile phone"), "personal_phone"),
    (N_("Work phone"), "work_phone"),
    (N_("Email"), "personal_email"),
    (N_("Work email"), "work_email"),
    (N_("Team"), "team"),
    (N_("Job title"), "job_title"),
    (N_("Notes"), "notes"),
)
HEADERS = [header for header, _field in _COLUMNS]


def vcard_field(header: str) -> str | None:
    """The field a vCard's column goes to, by its name in English or the language in use."""
    for english, field_name in _COLUMNS:
        if header in (english, _(english)):
            return field_name
    return None


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


_LINE_END = re.compile(r"\r\n|\r|\n")
_BATCH = 256  # continuation pieces joined at a time


def _physical_lines(text: str) -> Iterator[str]:
    """The text's lines without their line ends, one at a time (not a list of them all)."""
    start = 0
    for end in _LINE_END.finditer(text):
        yield text[start:end.start()]
        start = end.end()
    if start < len(text):
        yield text[start:]


class _Unfolding:
    """One logical line while its continuations come in, and what decides whether a
    quoted-printable soft line break ("=" at the end) joins the next line.

    The latest piece that is not empty waits in `last` (a soft break drops its "="); the
    ones before are joined a batch at a time, so each character is copied twice at most and
    a line of many short pieces is not held as as many string objects."""

    def __init__(self, number: int, first: str) -> None:
        self.number = number
        self.last = ""
        self.batch: list[str] = []
        self.batches: list[str] = []
        self.name: list[str] = []  # the pieces before the first ":", while it is not seen
        self.has_value = False  # a ":" has been seen
        self.quoted_printable = False
        self.add(first)

    def add(self, piece: str) -> None:
        if piece:
            if self.last:
                self.batch.append(self.last)
                if len(self.batch) == _BATCH:
                    self.batches.append("".join(self.batch))
                    self.batch.clear()
            self.last = piece
        if not self.has_value:
            name, colon, _value = piece.partition(":")
            self.name.append(name)
            if colon:
                self.has_value = True
                self.quoted_printable = "QUOTED-PRINTABLE" in "".join(self.name).upper()
                self.name = []

    def soft_break(self) -> bool:
        return self.quoted_printable and self.last.endswith("=")

    def join_soft_break(self, line: str) -> None:
        """Drop the "=" that ends the line so far, and go on with `line`."""
        self.last = self.last[:-1]
        self.add(line)

    def text(self) -> str:
        if not self.batch and not self.batches:
            return self.last  # not folded: what nearly every line is
        return "".join([*self.batches, *self.batch, self.last])


def _logical_lines(text: str, cancel: Cancel | None = None) -> Iterator[tuple[int, str]]:
    """(first physical line number, unfolded line), QP soft breaks joined."""
    check_cancel = CancelCheck(cancel)
    current: _Unfolding | None = None
    for number, line in enumerate(_physical_lines(text), start=1):
        check_cancel()
        if current is not None:
            if line[:1] in (" ", "\t"):
                current.add(line[1:])
                continue
            if current.soft_break():
                current.join_soft_break(line)
                continue
            yield current.number, current.text()
        current = _Unfolding(number, line)
    if current is not None:
        yield current.number, current.text()


def _split_unescaped(value: str, separator: str) -> list[str]:
    """`value` split at each `separator` that no backslash escapes; escapes are kept."""
    parts: list[str] = []
    start = search = 0
    while (at := value.find(separator, search)) != -1:
        backslashes = at
        while backslashes > start and value[backslashes - 1] == "\\":
            backslashes -= 1
        if (at - backslashes) % 2 == 0:  # an escaped backslash, or none: a real separator
            parts.append(value[start:at])
            start = at + 1
        search = at + 1
    parts.append(value[start:])
    return parts


_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in ("n", "N") else m.group(1), value)


def _parse_params(raw: list[str]) -> tuple[set[str], dict[str, str]]:
    types: set[str] = set()
    params: dict[str, str] = {}
    for item in raw:
        if "=" in item:
            key, value = item.split("=", 1)
            key, value = key.strip().upper(), value.strip().strip('"')
            if key == "TYPE":
                types.update(v.strip().upper() for v in value.split(",") if v.strip())
            else:
                params[key] = value
        elif item.strip():
            bare = item.strip().upper()
            if bare in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                params["ENCODING"] = bare
            else:
                types.add(bare)
    return types, params


def _decode_value(value: str, params: dict[str, str]) -> str:
    if params.get("ENCODING", "").upper() != "QUOTED-PRINTABLE":
        return value
    charset = params.get("CHARSET", "utf-8") or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        return raw.decode(charset)
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _Card:
    def __init__(self) -> None:
        self.full_name = ""
        self.first = ""
        self.last = ""
        self.phones: list[tuple[bool, str]] = []  # (is work, number)
        self.emails: list[tuple[bool, str]] = []
        self.team = ""
        self.title = ""
        self.notes: list[str] = []

    def row(self) -> list[str]:
        extra: list[str] = []

        def first_of(items: list[tuple[bool, str]], work: bool, line: str) -> str:
            chosen = [v for w, v in items if w == work and v]
            for other in chosen[1:]:
                extra.append(line.format(value=other))
            return chosen[0] if chosen else ""

        # Kept in the person's notes, in the language in use.
        mobile = first_of(self.phones, False, _("Other phone: {value}"))
        work_phone = first_of(self.phones, True, _("Other work phone: {value}"))
        email = first_of(self.emails, False, _("Other email: {value}"))
        work_email = first_of(self.emails, True, _("Other work email: {value}"))
        notes = "\n".join([*self.notes, *extra])
        return [self.full_name, self.first, self.last, mobile, work_phone, email, work_email,
                self.team, self.title, notes]


def read_vcard_text(text: str, cancel: Cancel | None = None) -> Table:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise NotContactsFile(_("The file is empty: there is nobody to import."))
    collected = RowCollector("file", cancel, rows="contacts")
    card: _Card | None = None
    card_line = 0
    for number, line in _logical_lines(text, cancel):
        if not line.strip():
            continue
        if ":" not in line:
            if card is None:
                continue
            continue  # a stray line inside a card: ignored, as phones do
        name_part, value = line.split(":", 1)
        pieces = _split_unescaped(name_part, ";")
        name = pieces[0].strip().upper()
        if "." in name:
            name = name.rsplit(".", 1)[1]  # item1.TEL
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                raise ImportFileError(_(
                    "The contact that starts on line {start} has no END:VCARD before the next "
                    "one on line {next}; the file may be damaged or cut off."
                ).format(start=card_line, next=number))
            card, card_line = _Card(), number
            continue
        if name == "END" and value.strip().upper() == "VCARD":
            if card is None:
                raise ImportFileError(_(
                    "Line {line} ends a contact that never started (END:VCARD without "
                    "BEGIN:VCARD); the file may be damaged."
                ).format(line=number))
            collected.add(card.row(), card_line)
            card = None
            continue
        if card is None:
            continue  # text between cards
        types, params = _parse_params(pieces[1:])
        value = _decode_value(value, params)
        if name == "FN":
            card.full_name = _unescape(value).strip()
        elif name == "N":
            parts = [_unescape(p).strip() for p in _split_unescaped(value, ";")]
            parts += [""] * (5 - len(parts))
            family, given, additional = parts[0], parts[1], parts[2]
            card.first = " ".join(p for p in (given, additional) if p)
            card.last = family
        elif name == "TEL":
            number_text = _unescape(value).strip().removeprefix("tel:")
            if number_text:
                card.phones.append(("WORK" in types, number_text))
        elif name == "EMAIL":
            address = _unescape(value).strip().removeprefix("mailto:")
            if address:
                card.emails.append(("WORK" in types, address))
        elif name == "ORG":
            parts = [_unescape(p).strip() for p in _split_unescaped(value, ";")]
            if len(parts) > 1 and parts[1]:
                card.team = parts[1]
        elif name == "TITLE":
            card.title = _unescape(value).strip()
        elif name == "NOTE":
            note = _unescape(value).strip()
            if note:
                card.notes.append(note)
    if card is not None:
        raise ImportFileError(_(
            "The contact that starts on line {start} is cut off (no END:VCARD before the end "
            "of the file). Export the contacts again; nothing was imported."
        ).format(start=card_line))
    if not collected.rows:
        raise NotContactsFile(_("The file holds no contacts (no BEGIN:VCARD … END:VCARD)."))
    return Table([_(header) for header in HEADERS], collected.rows, collected.numbers, "vcard",
                 row_label="line")
