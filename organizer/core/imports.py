"""Import records: each import remembered (the file's name, when, who, how many people it
made and merged) with the people it made, so that an import can be undone.

Undoing erases the people the import made that nobody has touched since: never edited, in no
one-on-one, assessment (other than one the import itself brought), follow-up, relationship,
action, call, call list, plan or draft, given no tag or issue since, assigned to nobody, on
no committee roster. The others are listed for a decision, each with what was done with
them, and erased only when named (`also`). Erasing is the usual erasure
(`people.delete_person`: secure delete, a tombstone that reaches the committee).

The importer calls `record_import` last inside its transaction, after its `bulk_load`
block and its tags: it notes the vault's change counter then, and a change with a higher one
is a change made since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PureWindowsPath
from typing import Any

from organizer.core import people, records
from organizer.core.committee.tables import CREATED, DELETED, PRESENT
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _

Connection = Any  # sqlcipher3.Connection

# What counts as touching a person an import made: (what was done, SQL giving the ids of
# the import's people it applies to; :import is the import's id, :at its time, :seq the
# change counter when it was recorded).
_MADE = "SELECT person_id FROM import_person WHERE import_id = :import"
_TOUCHES: tuple[tuple[str, str], ...] = (
    # A field changed, here or by a member (a save that changed nothing is no edit, and the
    # derived columns are not stamped: an assessment counts as one below).
    ("edited", f"""SELECT DISTINCT s.row_id FROM field_stamp s WHERE s.row_id IN ({_MADE})
        AND s.field NOT IN ('{CREATED}', '{DELETED}')"""),
    ("one-on-ones", f"""SELECT person_id FROM one_on_one WHERE person_id IN ({_MADE})
        UNION SELECT oc_member_id FROM one_on_one WHERE oc_member_id IN ({_MADE})"""),
    # The assessments the import brought are older than its record and were made here.
    ("assessments", f"""SELECT a.person_id FROM assessment a WHERE a.person_id IN ({_MADE})
        AND (a.created_at > :at OR EXISTS (SELECT 1 FROM field_stamp s WHERE s.row_id = a.id
             AND (s.seq > :seq OR s.via IS NOT NULL OR s.field <> '{CREATED}')))
        UNION SELECT assessed_by_id FROM assessment WHERE assessed_by_id IN ({_MADE})"""),
    ("follow-ups", f"""SELECT person_id FROM follow_up WHERE person_id IN ({_MADE})
        UNION SELECT owner_id FROM follow_up WHERE owner_id IN ({_MADE})"""),
    ("relationships", f"""SELECT person_id FROM relationship WHERE person_id IN ({_MADE})
        UNION SELECT other_person_id FROM relationship WHERE other_person_id IN ({_MADE})"""),
    ("actions", f"SELECT person_id FROM participation WHERE person_id IN ({_MADE})"),
    ("calls", f"""SELECT person_id FROM call_attempt WHERE person_id IN ({_MADE})
        UNION SELECT caller_id FROM call_attempt WHERE caller_id IN ({_MADE})"""),
    ("call lists", f"SELECT person_id FROM call_list_person WHERE person_id IN ({_MADE})"),
    ("action plans", f"""SELECT person_id FROM action_plan_person WHERE person_id IN ({_MADE})
        UNION SELECT owner_id FROM action_step WHERE owner_id IN ({_MADE})"""),
    ("drafts", f"SELECT person_id FROM draft WHERE person_id IN ({_MADE})"),
    # Tags and issues given or taken away since (a link's stamp is "<left>:<right>").
    ("tags or issues", f"""SELECT i.person_id FROM import_person i WHERE i.import_id = :import
        AND EXISTS (SELECT 1 FROM field_stamp s WHERE s.field = '{PRESENT}' AND s.seq > :seq
                    AND s.row_id > i.person_id || ':' AND s.row_id < i.person_id || ';')
        UNION SELECT substr(s.row_id, 34) FROM field_stamp s WHERE s.field = '{PRESENT}'
            AND s.seq > :seq AND substr(s.row_id, 34) IN ({_MADE})"""),
    ("assigned to others", f"""SELECT assigned_oc_member_id FROM person
        WHERE assigned_oc_member_id IN ({_MADE})"""),
    ("on the committee roster", f"""SELECT person_id FROM committee_identity
        WHERE person_id IN ({_MADE})
        UNION SELECT person_id FROM committee_member WHERE person_id IN ({_MADE})"""),
)


@dataclass(frozen=True)
class ImportRecord:
    id: str
    file_name: str
    imported_at: str
    imported_by: str  # the committee name of whoever imported ("" before a committee)
    people_created: int
    people_merged: int
    people_left: int  # of the people it made, how many are still here
    undone_at: str | None
    people_undone: int  # erased by undoing it

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True)
class TouchedPerson:
    id: str
    display_name: str
    what: tuple[str, ...]  # what was done with them since: "edited", "one-on-ones"...


@dataclass(frozen=True)
class UndoPreview:
    import_id: str
    untouched: list[str]  # ids of the people an undo erases
    touched: list[TouchedPerson] = field(default_factory=list)  # listed for a decision


def file_name_only(name: str) -> str:
    """The last part of a path, whatever the system wrote it with ("C:\\a\\b.csv" -> b.csv):
    an import record never keeps the folder, which can name a person or a place."""
    name = name.replace("\x00", "").strip()
    if name.endswith(("/", "\\")):
        return ""  # a folder, not a file
    return PureWindowsPath(name).name.strip()


def record_import(
    conn: Connection, file_name: str, created_ids: Sequence[str], merged: int
) -> str:
    """Record an import inside the importer's transaction, last (after its `bulk_load`
    block and its tags): the file's name (its folder is dropped), the people it made
    (`created_ids`) and how many rows it merged into people already here. Who imported is
    this vault's committee name, if it has one. Returns the record's id."""
    name = file_name_only(file_name)
    if not name:
        raise InvalidInput(_("An import needs the name of the file it came from."))
    if merged < 0:
        raise InvalidInput(_("An import cannot have merged fewer than no people."))
    created = list(dict.fromkeys(created_ids))
    stamp = records.now()
    import_id = records.new_id()
    conn.execute(
        "INSERT INTO import_record (id, file_name, imported_at, imported_by, people_created, "
        "people_merged, changes_through, created_at, updated_at) VALUES (?, ?, ?, "
        "coalesce((SELECT name FROM committee_identity), ''), ?, ?, "
        "(SELECT coalesce(max(seq), 0) FROM field_stamp), ?, ?)",
        (import_id, name, stamp, len(created), merged, stamp, stamp),
    )
    conn.executemany(
        "INSERT INTO import_person (import_id, person_id) VALUES (?, ?)",
        [(import_id, person_id) for person_id in created],
    )
    return import_id


_COLUMNS = (
    "r.id, r.file_name, r.imported_at, r.imported_by, r.people_created, r.people_merged, "
    "(SELECT count(*) FROM import_person i WHERE i.import_id = r.id), r.undone_at, "
    "r.people_undone"
)


def _record(row: Sequence[Any]) -> ImportRecord:
    return ImportRecord(
        id=str(row[0]), file_name=str(row[1]), imported_at=str(row[2]),
        imported_by=str(row[3]), people_created=int(row[4]), people_merged=int(row[5]),
        people_left=int(row[6]), undone_at=row[7], people_undone=int(row[8]),
    )


def list_imports(vault: Vault) -> list[ImportRecord]:
    """Every import, the newest first."""
    rows = vault.connection.execute(
        f"SELECT {_COLUMNS} FROM import_record r ORDER BY r.imported_at DESC, r.id"
    ).fetchall()
    return [_record(row) for row in rows]


def get_import(vault: Vault, import_id: str) -> ImportRecord:
    return _find(vault.connection, import_id)


def _find(conn: Connection, import_id: str) -> ImportRecord:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM import_record r WHERE r.id = ?", (import_id,)
    ).fetchone()
    if row is None:
        raise InvalidInput(_("There is no such import in this vault; nothing was changed."))
    return _record(row)


def _undoable(conn: Connection, import_id: str) -> ImportRecord:
    found = _find(conn, import_id)
    if found.undone:
        raise InvalidInput(
            _("The import of {file} was already undone; nothing was changed.")
            .format(file=found.file_name)
        )
    return found


def _preview(conn: Connection, found: ImportRecord) -> UndoPreview:
    (seq,) = conn.execute(
        "SELECT changes_through FROM import_record WHERE id = ?", (found.id,)
    ).fetchone()
    params = {"import": found.id, "at": found.imported_at, "seq": int(seq)}
    touched: dict[str, list[str]] = {}
    for what, sql in _TOUCHES:
        for (person_id,) in conn.execute(sql, params).fetchall():
            if person_id is not None:
                touched.setdefault(str(person_id), []).append(what)
    made = conn.execute(
        "SELECT p.id, p.name, p.code_name FROM import_person i JOIN person p "
        "ON p.id = i.person_id WHERE i.import_id = ?",
        (found.id,),
    ).fetchall()
    names = {str(i): people.display_name(str(n), str(c)) for i, n, c in made}
    untouched = sorted(i for i in names if i not in touched)
    listed = [
        TouchedPerson(i, names[i], tuple(touched[i]))
        for i in sorted(names, key=lambda i: (names[i].casefold(), i)) if i in touched
    ]
    return UndoPreview(found.id, untouched, listed)


def undo_preview(vault: Vault, import_id: str) -> UndoPreview:
    """What undoing an import would erase (the people it made that nobody touched since),
    and the people it made who were touched since, listed for a decision. An unknown import,
    or one undone already, is refused in one sentence."""
    conn = vault.connection
    return _preview(conn, _undoable(conn, import_id))


def undo_import(vault: Vault, import_id: str, also: Iterable[str] = ()) -> int:
    """Undo an import: erase the people it made that nobody touched since, and those of the
    people listed for a decision named in `also`, in one transaction, each with the usual
    erasure; mark the import undone. Returns how many people were erased.

    Refused in one sentence, the vault unchanged: an unknown import, one already undone, or
    an id in `also` that is not one of the people it made."""
    chosen = set(also)
    with vault.transaction() as conn:
        found = _undoable(conn, import_id)
        preview = _preview(conn, found)
        listed = {person.id for person in preview.touched}
        if not chosen <= listed | set(preview.untouched):
            raise InvalidInput(_(
                "Someone chosen to erase with this import was not made by it (or is no "
                "longer in the vault); nothing was changed."
            ))
        erased = [*preview.untouched, *sorted(chosen & listed)]
        people.erase_people(conn, erased)
        conn.execute(
            "UPDATE import_record SET undone_at = ?, people_undone = ?, updated_at = ? "
            "WHERE id = ?",
            (records.now(), len(erased), records.now(), import_id),
        )
    # No old page image of an erased person left in the WAL.
    vault.checkpoint()
    return len(erased)

