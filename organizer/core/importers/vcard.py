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

The result is a `Table` with fixed English headers, mapped like any spreadsheet.
"""

from __future__ import annotations

import codecs
import quopri

from organizer.core.importers.table import MAX_ROWS, ImportFileError, NotContactsFile, Table

HEADERS = [
    "Full name", "First name", "Last name", "Mobile phone", "Work phone", "Email",
    "Work email", "Team", "Job title", "Notes",
]


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line number, unfolded line), QP soft breaks joined."""
    physical = text.splitlines()
    result: list[tuple[int, str]] = []
    for number, line in enumerate(physical, start=1):
        if line[:1] in (" ", "\t") and result:
            start, previous = result[-1]
            result[-1] = (start, previous + line[1:])
            continue
        if result:
            start, previous = result[-1]
            head = previous.split(":", 1)[0].upper()
            if "QUOTED-PRINTABLE" in head and previous.endswith("=") and ":" in previous:
                result[-1] = (start, previous[:-1] + line)  # soft line break
                continue
        result.append((number, line))
    return result


def _split_unescaped(value: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt in ("n", "N") else nxt)
        else:
            out.append(char)
    return "".join(out)


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

        def first_of(items: list[tuple[bool, str]], work: bool, label: str) -> str:
            chosen = [v for w, v in items if w == work and v]
            for other in chosen[1:]:
                extra.append(f"{label}: {other}")
            return chosen[0] if chosen else ""

        mobile = first_of(self.phones, False, "Other phone")
        work_phone = first_of(self.phones, True, "Other work phone")
        email = first_of(self.emails, False, "Other email")
        work_email = first_of(self.emails, True, "Other work email")
        notes = "\n".join([*self.notes, *extra])
        return [self.full_name, self.first, self.last, mobile, work_phone, email, work_email,
                self.team, self.title, notes]


def read_vcard_text(text: str) -> Table:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise NotContactsFile("The file is empty: there is nobody to import.")
    rows: list[list[str]] = []
    numbers: list[int] = []
    card: _Card | None = None
    card_line = 0
    for number, line in _logical_lines(text):
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
                raise ImportFileError(
                    f"The contact that starts on line {card_line} has no END:VCARD before the "
                    f"next one on line {number}; the file may be damaged or cut off."
                )
            card, card_line = _Card(), number
            continue
        if name == "END" and value.strip().upper() == "VCARD":
            if card is None:
                raise ImportFileError(
                    f"Line {number} ends a contact that never started (END:VCARD without "
                    "BEGIN:VCARD); the file may be damaged."
                )
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS:,} contacts; split it into smaller files."
                )
            rows.append(card.row())
            numbers.append(card_line)
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
        raise ImportFileError(
            f"The contact that starts on line {card_line} is cut off (no END:VCARD before the "
            "end of the file). Export the contacts again; nothing was imported."
        )
    if not rows:
        raise NotContactsFile("The file holds no contacts (no BEGIN:VCARD … END:VCARD).")
    return Table(list(HEADERS), rows, numbers, "vcard", row_label="line")
