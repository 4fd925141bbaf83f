"""Finding the same coworker twice, and merging two records into one.

Two records are the same person when they share a phone number (compared in E.164, see
`phones`) or an email address (case-insensitive), or when their names are very close
(rapidfuzz token_sort_ratio >= `NAME_SCORE`, i.e. the same words in any order with a typo
or two) and they are in the same department (two records without a department count as the
same department) and differ by no more than a typo: the same number of words and the same
digits ("Person8 Smith" and "Person80 Smith", or "Maria Garcia" and "Maria Garcia Lopez", are
two people: a roster numbers its namesakes, and a whole extra surname is a relative more often
than a typo) -- unless both have a work email, or both a work phone, and these differ:
an employer gives each employee their own, so that pair is two namesakes, not one coworker
entered twice (a roster of 100,000 has tens of thousands of same-department namesakes).
Personal contacts do not rule a pair out: the same person's row from a phone and from the
company directory often carry different personal details. Phones and emails are passed as
(personal, work).

Speed: names are compared within a department. When a department holds more than
`BLOCK_ABOVE` names, a name is compared only with the names that share one of its words
exactly (skipping words shared by more than `COMMON_WORD` names, such as "maria", unless all
its words are that common); a typo in every word of a name is then missed. That keeps 100,000
rows to a couple of seconds instead of minutes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.importers.phones import FALLBACK_REGION, to_e164
from organizer.core.people import EDITABLE_FIELDS
from organizer.core.vault import Vault
from organizer.i18n import N_, _

NAME_SCORE = 92
BLOCK_ABOVE = 500
COMMON_WORD = 300
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"[0-9]+")

Ref = tuple[str, str | int]  # ("person", id) or ("row", row index)
_NOBODY: tuple[list[str], list[Ref]] = ([], [])  # an empty group; never added to

# Why two records look like one person: keys (compared, counted), shown as `_(reason)`.
SAME_PHONE = N_("same phone")
SAME_EMAIL = N_("same email")
SAME_NAME = N_("same name in the same department")
SIMILAR_NAME = N_("similar name in the same department")


def name_key(name: str) -> str:
    """Lower case, accents and punctuation gone, words sorted: what names are compared on."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(sorted(_WORD.findall(text)))


def typo_apart(key: str, other: str) -> bool:
    """Two close name keys that may be one name typed twice: as many words, the same
    digits. A score cannot tell: one digit or one short word apart scores as a typo."""
    return key.count(" ") == other.count(" ") and _DIGITS.findall(key) == _DIGITS.findall(
        other)


def email_key(email: str) -> str:
    return email.strip().casefold()


@dataclass(frozen=True)
class Match:
    ref: Ref
    reason: str  # SAME_PHONE, SAME_EMAIL, SAME_NAME, SIMILAR_NAME: a key, shown as _(reason)


class DuplicateIndex:
    """Records seen so far, looked up by phone, email and (fuzzy) name within a department.

    An import asks `match_or_add` once per row: the keys of a row (E.164 phones, emails, the
    name key and its words) are worked out once, and a name seen before is not normalised
    again (the keys live as long as the index, i.e. one import or one search)."""

    def __init__(self, region: str = FALLBACK_REGION) -> None:
        self.region = region
        self.person_names: dict[str, str] = {}  # person id -> name, filled by index_vault
        self._phones: dict[str, Ref] = {}
        self._emails: dict[str, Ref] = {}
        self._exact_names: dict[tuple[str, str], list[Ref]] = {}
        self._work: dict[Ref, tuple[str, str]] = {}  # ref -> (work phone, work email) keys
        self._departments: dict[str, tuple[list[str], list[Ref]]] = {}
        self._words: dict[tuple[str, str], tuple[list[str], list[Ref]]] = {}
        self._name_keys: dict[str, tuple[str, tuple[str, ...]]] = {}

    def keys(
        self, phones: Iterable[str], emails: Iterable[str]
    ) -> tuple[list[str], list[str], tuple[str, str]]:
        """E.164 phones, folded emails, and the (work phone, work email) keys: the last of
        each, as callers pass (personal, work)."""
        phone_keys, email_keys = [], []
        work_phone = work_email = ""
        for phone in phones:
            key = to_e164(phone, self.region) if phone else ""
            if key:
                phone_keys.append(key)
            work_phone = key
        for email in emails:
            key = email_key(email) if email else ""
            if key:
                email_keys.append(key)
            work_email = key
        return phone_keys, email_keys, (work_phone, work_email)

    def match(
        self, name: str, department: str, phones: Iterable[str], emails: Iterable[str]
    ) -> Match | None:
        phone_keys, email_keys, work = self.keys(phones, emails)
        return self._match(self._name_key(name), department.strip().casefold(), phone_keys,
                           email_keys, work)

    def add(
        self, ref: Ref, name: str, department: str, phones: Iterable[str], emails: Iterable[str]
    ) -> None:
        phone_keys, email_keys, work = self.keys(phones, emails)
        self._add(ref, self._name_key(name), department.strip().casefold(), phone_keys,
                  email_keys, work)

    def match_or_add(
        self, ref: Ref, name: str, department: str, phones: Iterable[str], emails: Iterable[str]
    ) -> Match | None:
        """`match`, and when nothing matches, `add` (the same as calling both, in half the
        work: the row's keys are worked out once)."""
        phone_keys, email_keys, work = self.keys(phones, emails)
        key = self._name_key(name)
        dept = department.strip().casefold()
        found = self._match(key, dept, phone_keys, email_keys, work)
        if found is None:
            self._add(ref, key, dept, phone_keys, email_keys, work)
        return found

    def match_and_add(
        self, ref: Ref, name: str, department: str, phones: Iterable[str], emails: Iterable[str]
    ) -> Match | None:
        """`match`, then `add` whatever it found (as `find_duplicates` does: every record
        stays findable by its own phones and emails)."""
        phone_keys, email_keys, work = self.keys(phones, emails)
        key = self._name_key(name)
        dept = department.strip().casefold()
        found = self._match(key, dept, phone_keys, email_keys, work)
        self._add(ref, key, dept, phone_keys, email_keys, work)
        return found

    def _name_key(self, name: str) -> tuple[str, tuple[str, ...]]:
        """The name's key and its distinct words (cached: a roster repeats first names,
        last names and often whole names)."""
        known = self._name_keys.get(name)
        if known is None:
            key = name_key(name)
            known = self._name_keys[name] = (key, tuple(sorted(set(key.split()))))
        return known

    def _namesakes(self, work: tuple[str, str], ref: Ref) -> bool:
        """Both have a work phone, or both a work email, and they differ. A switchboard
        number with an extension on one side only is no difference (the same desk written
        two ways)."""
        (my_phone, my_email), (their_phone, their_email) = work, self._work.get(ref, ("", ""))
        if my_email and their_email and my_email != their_email:
            return True
        if my_phone and their_phone and my_phone != their_phone:
            mine, theirs = my_phone.partition(";ext=")[::2], their_phone.partition(";ext=")[::2]
            return mine[0] != theirs[0] or bool(mine[1] and theirs[1])
        return False

    def _match(self, name: tuple[str, tuple[str, ...]], dept: str, phone_keys: list[str],
               email_keys: list[str], work: tuple[str, str]) -> Match | None:
        for key in phone_keys:
            if key in self._phones:
                return Match(self._phones[key], SAME_PHONE)
        for key in email_keys:
            if key in self._emails:
                return Match(self._emails[key], SAME_EMAIL)
        key, words = name
        if not key:
            return None
        for ref in self._exact_names.get((dept, key), ()):
            if not self._namesakes(work, ref):
                return Match(ref, SAME_NAME)
        names, refs = self._departments.get(dept, _NOBODY)
        if len(names) <= BLOCK_ABOVE:
            groups = [(names, refs)]
        else:
            postings = [self._words.get((dept, word), _NOBODY) for word in words]
            groups = [p for p in postings if len(p[0]) <= COMMON_WORD] or [
                min(postings, key=lambda p: len(p[0]))]
        best: tuple[float, Ref] | None = None
        for group_names, group_refs in groups:
            if not group_names:
                continue
            # Best first; skip the namesakes (an exact name already failed above) and the
            # names a typo does not explain.
            for other, score, at in process.extract(
                key, group_names, scorer=fuzz.ratio, processor=None, score_cutoff=NAME_SCORE,
                limit=None,
            ):
                ref = group_refs[at]
                if best is not None and score <= best[0]:
                    break
                if typo_apart(key, other) and not self._namesakes(work, ref):
                    best = (score, ref)
                    break
        if best is not None:
            return Match(best[1], SIMILAR_NAME)
        return None

    def _add(self, ref: Ref, name: tuple[str, tuple[str, ...]], dept: str,
             phone_keys: list[str], email_keys: list[str], work: tuple[str, str]) -> None:
        for key in phone_keys:
            self._phones.setdefault(key, ref)
        for key in email_keys:
            self._emails.setdefault(key, ref)
        if any(work):
            self._work[ref] = work
        key, words = name
        if not key:
            return
        self._exact_names.setdefault((dept, key), []).append(ref)
        names, refs = self._departments.setdefault(dept, ([], []))
        names.append(key)
        refs.append(ref)
        for word in words:
            word_names, word_refs = self._words.setdefault((dept, word), ([], []))
            word_names.append(key)
            word_refs.append(ref)


_PEOPLE_SQL = (
    "SELECT p.id, p.name, coalesce(d.name, ''), p.personal_phone, p.work_phone, "
    "p.personal_email, p.work_email FROM person p "
    "LEFT JOIN department d ON d.id = p.department_id ORDER BY p.rowid"
)


def index_vault(vault: Vault, region: str = FALLBACK_REGION) -> DuplicateIndex:
    """An index of everybody already in the vault."""
    index = DuplicateIndex(region)
    for pid, name, dept, phone, wphone, email, wemail in vault.connection.execute(_PEOPLE_SQL):
        index.add(("person", str(pid)), name, dept, (phone, wphone), (email, wemail))
        index.person_names[str(pid)] = name
    return index


@dataclass(frozen=True)
class VaultDuplicate:
    """Two people already in the vault who look like the same coworker."""

    keep_id: str  # the older record
    other_id: str
    keep_name: str
    other_name: str
    reason: str


def find_duplicates(vault: Vault, region: str = FALLBACK_REGION) -> list[VaultDuplicate]:
    """Pairs of people in the vault who share a phone or email or have very close names in
    the same department; each later record is paired with the first one it matches."""
    index = DuplicateIndex(region)
    names: dict[str, str] = {}
    pairs: list[VaultDuplicate] = []
    for pid, name, dept, phone, wphone, email, wemail in vault.connection.execute(_PEOPLE_SQL):
        pid = str(pid)
        names[pid] = name
        found = index.match_and_add(("person", pid), name, dept, (phone, wphone),
                                    (email, wemail))
        if found is not None:
            other = str(found.ref[1])
            pairs.append(VaultDuplicate(other, pid, names[other], name, found.reason))
    return pairs


# ----- merging ------------------------------------------------------------------------------

_BLANKABLE = tuple(f for f in EDITABLE_FIELDS if f not in ("is_oc_member", "is_organic_leader",
                                                            "notes", "name"))


def _references_to_person(conn: object) -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at person.id, read from the schema so a
    table added later is not forgotten."""
    found: list[tuple[str, str]] = []
    tables = [str(r[0]) for r in conn.execute(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%'"
    ).fetchall()]
    for table in tables:
        for row in conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():  # type: ignore[attr-defined]
            if str(row[2]) == "person" and (row[4] in (None, "id")):
                found.append((table, str(row[3])))
    return found


def merge_people(vault: Vault, keep_id: str, merge_id: str) -> None:
    """Fold `merge_id` into `keep_id` in one transaction: every one-on-one, assessment,
    follow-up, relationship, issue, participation, call attempt, plan link, call-list entry
    and draft moves to the kept person; the kept person's blank fields are filled from the
    other's (notes are joined); the other is deleted, leaving only a tombstone of the UUID."""
    if keep_id == merge_id:
        raise InvalidInput(_("A person cannot be merged with themselves."))
    conn = vault.connection
    columns = ", ".join(("id", *EDITABLE_FIELDS))
    rows = {
        str(r[0]): r for r in conn.execute(
            f"SELECT {columns} FROM person WHERE id IN (?, ?)", (keep_id, merge_id)
        ).fetchall()
    }
    if keep_id not in rows or merge_id not in rows:
        raise InvalidInput(_("One of these people no longer exists (were they deleted?)."))
    keep = dict(zip(("id", *EDITABLE_FIELDS), rows[keep_id], strict=True))
    other = dict(zip(("id", *EDITABLE_FIELDS), rows[merge_id], strict=True))
    updates: dict[str, object] = {}
    for column in _BLANKABLE:
        if keep[column] in (None, "") and other[column] not in (None, ""):
            updates[column] = other[column]
    if updates.get("assigned_oc_member_id") in (keep_id, merge_id):
        del updates["assigned_oc_member_id"]
    for flag in ("is_oc_member", "is_organic_leader"):
        if other[flag] and not keep[flag]:
            updates[flag] = 1
    notes_keep, notes_other = str(keep["notes"] or ""), str(other["notes"] or "")
    if notes_other.strip() and notes_other.strip() not in notes_keep:
        updates["notes"] = f"{notes_keep}\n\n{notes_other}" if notes_keep.strip() else notes_other
    with vault.transaction() as tx:
        # Between the two of them, relationships would point a person at themselves.
        tx.execute(
            "DELETE FROM relationship WHERE (person_id = ?1 AND other_person_id = ?2) "
            "OR (person_id = ?2 AND other_person_id = ?1)", (keep_id, merge_id))
        for table, column in _references_to_person(tx):
            if table == "person":
                continue
            # OR IGNORE: where both already have the row (same issue, same call list), the
            # kept person's stays and the other's goes with the deleted person.
            tx.execute(f'UPDATE OR IGNORE "{table}" SET "{column}" = ? WHERE "{column}" = ?',
                       (keep_id, merge_id))
        tx.execute("UPDATE person SET assigned_oc_member_id = ? WHERE assigned_oc_member_id = ? "
                   "AND id <> ?", (keep_id, merge_id, keep_id))
        if updates:
            assignments = ", ".join(f"{c} = ?" for c in updates)
            tx.execute(f"UPDATE person SET {assignments}, updated_at = ? WHERE id = ?",
                       (*updates.values(), records.now(), keep_id))
        tx.execute("DELETE FROM person WHERE id = ?", (merge_id,))
        tx.execute(
            "INSERT OR REPLACE INTO tombstone (id, kind, deleted_at) VALUES (?, 'person', ?)",
            (merge_id, records.now()),
        )
        # The kept person's newest assessment, latest contact and next follow-up now come
        # from both histories.
        tx.execute(
            "UPDATE person SET "
            "assessment = (SELECT a.score FROM assessment a WHERE a.person_id = person.id "
            "ORDER BY a.assessed_at DESC, a.created_at DESC, a.id DESC LIMIT 1), "
            "last_contact_on = (SELECT max(o.held_on) FROM one_on_one o "
            "WHERE o.person_id = person.id), "
            "next_follow_up_on = (SELECT min(f.due_on) FROM follow_up f "
            "WHERE f.person_id = person.id AND f.done_at IS NULL) WHERE id = ?", (keep_id,))
    vault.checkpoint()
