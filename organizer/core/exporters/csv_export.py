"""People to CSV, for a spreadsheet: chosen fields of a selection or a filter.

- UTF-8 with a BOM, so Excel shows accents and emoji right; comma-separated, CRLF rows.
- A cell a spreadsheet would run as a formula (one starting with = + - @, a tab or a carriage
  return) gets an apostrophe in front, so it stays text (the importer takes it off again).
- Work and personal contact details are labelled as such: "Personal phone",
  "Work phone (don't use)".
- Tags go in one "Tags" cell, by name, separated by "; " (tags.parse_tags reads it back).
- Written to a temporary file beside the target (mode 0600), flushed to disk and renamed into
  place, so a crash never leaves half a file under the chosen name.
The file is NOT encrypted: warning the user before writing it is the caller's job (the CLI
prints the warning on stderr; the app asks first).
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter, people_ids
from organizer.core.tags import tag_names_by_person
from organizer.core.vault import Vault
from organizer.i18n import N_, _
from organizer.platform import current as this_platform

# field -> column header, in the default order. In English in every language, never marked:
# the importer reads these headers back (a file exported here imports as it was).
EXPORT_FIELDS: dict[str, str] = {
    "name": "Name",
    "code_name": "Code name",
    "personal_phone": "Personal phone",
    "personal_email": "Personal email",
    "work_phone": "Work phone (don't use)",
    "work_email": "Work email (don't use)",
    "department": "Department",
    "team": "Team",
    "job_title": "Job title",
    "shift": "Shift",
    "site": "Site",
    "start_date": "Start date",
    "language": "Language",
    "safe_channel": "Safe channel",
    "assessment": "Assessment",
    "is_oc_member": "OC member",
    "is_organic_leader": "Organic leader",
    "oc_member": "Assigned OC member",
    "last_contact_on": "Last contact",
    "next_follow_up_on": "Next follow-up",
    "left_company_on": "Left the company on",
    "tags": "Tags",
    "notes": "Notes",
}
DEFAULT_FIELDS: tuple[str, ...] = (
    "name", "personal_phone", "personal_email", "department", "shift", "site", "job_title",
)
# Marked here, translated where it is shown: `not_encrypted_warning()`.
NOT_ENCRYPTED_WARNING = N_(
    "The exported file is not encrypted: anyone who gets it (or the computer, or a cloud "
    "folder it syncs to) can read every name and number in it. Keep it only as long as you "
    "need it, then delete it."
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SQL = {
    "name": "p.name", "code_name": "p.code_name", "personal_phone": "p.personal_phone",
    "personal_email": "p.personal_email", "work_phone": "p.work_phone",
    "work_email": "p.work_email", "department": "d.name", "team": "p.team",
    "job_title": "p.job_title", "shift": "s.name", "site": "st.name",
    "start_date": "p.start_date", "language": "p.language", "safe_channel": "p.safe_channel",
    "assessment": "p.assessment", "is_oc_member": "p.is_oc_member",
    "is_organic_leader": "p.is_organic_leader",
    "oc_member": "coalesce(nullif(oc.code_name, ''), oc.name)",
    "last_contact_on": "p.last_contact_on", "next_follow_up_on": "p.next_follow_up_on",
    "left_company_on": "p.left_company_on", "notes": "p.notes",
    "tags": "NULL",  # filled in from person_tag, per chunk (`tag_names_by_person`)
}
TAG_SEPARATOR = "; "
_FROM = (
    "FROM person p LEFT JOIN department d ON d.id = p.department_id "
    "LEFT JOIN shift s ON s.id = p.shift_id LEFT JOIN site st ON st.id = p.site_id "
    "LEFT JOIN person oc ON oc.id = p.assigned_oc_member_id"
)


def not_encrypted_warning() -> str:
    """The warning to give before an export is written, in the language in use."""
    return _(NOT_ENCRYPTED_WARNING)


def neutralise(value: str) -> str:
    """Text a spreadsheet would run as a formula, made plain text with a leading apostrophe.

    A value that already starts with an apostrophe before such a character (or before
    another apostrophe) gets one more, so the importer, which takes one off, gives back
    exactly what was exported.
    """
    if value.startswith(_FORMULA_START) or (
        value[:1] == "'" and value[1:2] and value[1] in (*_FORMULA_START, "'")
    ):
        return "'" + value
    return value


def _cell(field_name: str, value: object) -> str:
    if value is None:
        return ""
    if field_name in ("is_oc_member", "is_organic_leader"):
        return "yes" if value else ""
    return neutralise(str(value))


def check_fields(fields: Sequence[str]) -> list[str]:
    chosen = [f.strip() for f in fields if f.strip()]
    unknown = [f for f in chosen if f not in EXPORT_FIELDS]
    if unknown:
        raise InvalidInput(
            # Translators: {field} is what was asked for, in quotes; {fields} lists the field
            # names the command line knows.
            _("{field} is not a field that can be exported; choose from {fields}.").format(
                field=repr(unknown[0]), fields=", ".join(EXPORT_FIELDS))
        )
    if not chosen:
        raise InvalidInput(_("Choose at least one field to export."))
    return list(dict.fromkeys(chosen))


def export_people(
    vault: Vault,
    target: Path | str,
    *,
    people_filter: PeopleFilter | None = None,
    ids: Sequence[str] | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Write the chosen people (these ids, else this filter, else everybody) to `target`.

    Returns how many people were written.
    """
    chosen = check_fields(fields)
    target = Path(target).expanduser().absolute()
    if not target.parent.is_dir():
        raise InvalidInput(_("The folder {folder} does not exist. Choose another.").format(
            folder=target.parent))
    if target.is_dir():
        raise InvalidInput(_("{path} is a folder. Choose a file name.").format(path=target))
    person_ids = list(ids) if ids is not None else people_ids(
        vault, people_filter or PeopleFilter())
    select = ", ".join(_SQL[f] for f in chosen)
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    written = 0
    try:
        this_platform().make_private(descriptor)
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([EXPORT_FIELDS[f] for f in chosen])
            conn = vault.connection
            for start in range(0, len(person_ids), 500):
                chunk = person_ids[start:start + 500]
                rows = conn.execute(
                    f"SELECT p.id, {select} {_FROM} "
                    f"WHERE p.id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
                by_id = {str(r[0]): r[1:] for r in rows}
                tags = tag_names_by_person(vault, chunk) if "tags" in chosen else {}
                for pid in chunk:
                    row = by_id.get(pid)
                    if row is None:
                        continue
                    writer.writerow([
                        _cell(f, TAG_SEPARATOR.join(tags.get(pid, ())) if f == "tags" else v)
                        for f, v in zip(chosen, row, strict=True)
                    ])
                    written += 1
                if progress is not None:
                    progress(min(1.0, (start + len(chunk)) / max(1, len(person_ids))))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_name)
        raise
    with contextlib.suppress(OSError):
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return written
