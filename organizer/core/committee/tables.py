"""What a committee shares: the replicated tables, their fields and how rows find their person.

Everything else stays in the vault that wrote it: the campaign's name, its scale and
thresholds, call lists, drafts, settings, import records, saved views and the committee's own
bookkeeping.

- A **record table** has a UUID `id`. Its `fields` are the columns merged one at a time by
  change stamp (the last writer wins per field); `created_at` travels with the row but never
  changes. The people's derived columns (assessment, last contact, next follow-up) are not
  sent: every vault computes them from the records it holds.
- A **link table** has a two-column key and no fields: a link is present or absent, and the
  later stamp decides.
- `person_refs` are the columns that name a person: a member limited to some departments is
  sent a row only when every person it names is theirs to see.
- `natural_key`: columns that are unique in the schema (a department's name). Two members who
  each add "Warehouse" get two UUIDs; merging keeps the smaller one and points everything at it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordTable:
    name: str
    fields: tuple[str, ...]
    person_refs: tuple[str, ...] = ()
    natural_key: tuple[str, ...] = ()
    # Columns that point at another record table: (column, table). Rewritten when a natural
    # key merge re-points a row, checked against tombstones on merge.
    refs: tuple[tuple[str, str], ...] = ()
    not_null_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkTable:
    name: str
    left: tuple[str, str]  # (column, table it points at)
    right: tuple[str, str]

    @property
    def columns(self) -> tuple[str, str]:
        return (self.left[0], self.right[0])


_LIST_FIELDS = ("name", "position")
# Who wrote a record down: the name of this vault's committee identity, when it has one.
RECORDED_BY = "(SELECT name FROM committee_identity)"
_PERSON_FIELDS = (
    "name", "code_name", "personal_phone", "personal_email", "work_phone", "work_email",
    "department_id", "team", "job_title", "shift_id", "site_id", "start_date", "language",
    "safe_channel", "assigned_oc_member_id", "is_oc_member", "is_organic_leader",
    "left_company_on", "notes",
)
_ONE_ON_ONE_FIELDS = (
    "person_id", "held_on", "oc_member_id", "channel", "agitate", "educate", "inoculate",
    "organize", "uplift", "ask", "answer", "commitment", "assessment_before",
    "assessment_after", "next_step", "notes", "recorded_by",
)

# Parents before children: a merge inserts in this order.
RECORD_TABLES: tuple[RecordTable, ...] = (
    RecordTable("department", _LIST_FIELDS, natural_key=("name",)),
    RecordTable("shift", _LIST_FIELDS, natural_key=("name",)),
    RecordTable("site", _LIST_FIELDS, natural_key=("name",)),
    RecordTable("workplace_issue", ("name", "description"), natural_key=("name",)),
    # Free labels on people ("card signed"), folded by name like the lists (schema 4).
    RecordTable("tag", ("name",), natural_key=("name",)),
    RecordTable(
        "person", _PERSON_FIELDS,
        person_refs=("id", "assigned_oc_member_id"),
        refs=(("department_id", "department"), ("shift_id", "shift"), ("site_id", "site"),
              ("assigned_oc_member_id", "person")),
    ),
    RecordTable(
        "one_on_one", _ONE_ON_ONE_FIELDS,
        person_refs=("person_id", "oc_member_id"),
        refs=(("person_id", "person"), ("oc_member_id", "person")),
        not_null_refs=("person_id",),
    ),
    RecordTable(
        "assessment",
        ("person_id", "score", "assessed_by_id", "assessed_at", "basis", "one_on_one_id", "note",
         "recorded_by"),
        person_refs=("person_id", "assessed_by_id"),
        refs=(("person_id", "person"), ("assessed_by_id", "person"),
              ("one_on_one_id", "one_on_one")),
        not_null_refs=("person_id",),
    ),
    RecordTable(
        "relationship", ("person_id", "other_person_id", "kind", "note", "recorded_by"),
        person_refs=("person_id", "other_person_id"),
        natural_key=("person_id", "other_person_id", "kind"),
        refs=(("person_id", "person"), ("other_person_id", "person")),
        not_null_refs=("person_id", "other_person_id"),
    ),
    RecordTable(
        "follow_up", ("person_id", "one_on_one_id", "owner_id", "due_on", "description", "done_at"),
        person_refs=("person_id", "owner_id"),
        refs=(("person_id", "person"), ("one_on_one_id", "one_on_one"), ("owner_id", "person")),
        not_null_refs=("person_id",),
    ),
    RecordTable("action_plan", ("title", "goal", "due_on", "status")),
    RecordTable(
        "action_step", ("plan_id", "position", "description", "owner_id", "due_on", "done_at"),
        person_refs=("owner_id",),
        refs=(("plan_id", "action_plan"), ("owner_id", "person")),
        not_null_refs=("plan_id",),
    ),
    RecordTable(
        "structure_test",
        ("name", "ladder_position", "target_percent", "planned_on", "scope_shift_id",
         "scope_site_id", "description"),
        refs=(("scope_shift_id", "shift"), ("scope_site_id", "site")),
    ),
    RecordTable(
        "participation", ("structure_test_id", "person_id", "status"),
        person_refs=("person_id",),
        natural_key=("structure_test_id", "person_id"),
        refs=(("structure_test_id", "structure_test"), ("person_id", "person")),
        not_null_refs=("structure_test_id", "person_id"),
    ),
    RecordTable(
        "call_attempt", ("person_id", "caller_id", "called_at", "outcome", "commitment", "note"),
        person_refs=("person_id", "caller_id"),
        refs=(("person_id", "person"), ("caller_id", "person")),
        not_null_refs=("person_id",),
    ),
)

LINK_TABLES: tuple[LinkTable, ...] = (
    LinkTable("person_issue", ("person_id", "person"), ("issue_id", "workplace_issue")),
    LinkTable("one_on_one_issue", ("one_on_one_id", "one_on_one"),
              ("issue_id", "workplace_issue")),
    LinkTable("action_plan_person", ("plan_id", "action_plan"), ("person_id", "person")),
    LinkTable("structure_test_department", ("structure_test_id", "structure_test"),
              ("department_id", "department")),
    LinkTable("person_tag", ("person_id", "person"), ("tag_id", "tag")),
)

RECORDS_BY_NAME = {table.name: table for table in RECORD_TABLES}
LINKS_BY_NAME = {table.name: table for table in LINK_TABLES}

# Field names of the bookkeeping stamps, beside the real columns.
CREATED = "_created"  # the row exists (no stamp: creating never conflicts)
DELETED = "_deleted"  # the row was erased; erasure always wins
PRESENT = "_present"  # a link's presence or absence


def link_key(left: str, right: str) -> str:
    return f"{left}:{right}"
