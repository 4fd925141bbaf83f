"""The vault's schema and its forward migrations, versioned with PRAGMA user_version.

One migration per version, applied in order inside one transaction each. A vault whose
user_version is above `SCHEMA_VERSION` was written by a newer Organizer and is refused.

Conventions every table follows:
- `id` is a random UUID (hex, 32 characters), `created_at` / `updated_at` are UTC ISO 8601
  text set by the core (see `records.now()`); an update trigger refreshes `updated_at` only
  when the caller did not set it.
- Dates a person types (held_on, due_on...) are ISO `YYYY-MM-DD` text.
- Deleting a person cascades to everything about them; a `tombstone` row keeps only the UUID.
"""

from __future__ import annotations

from typing import Any

from organizer.core.committee import stamps
from organizer.core.errors import VaultTooNew

# 'ORGN' in ASCII: marks an SQLCipher file as an Organizer vault.
APPLICATION_ID = 0x4F52474E

# Record tables with a touch trigger, by the version that made them (each migration makes
# its own tables' triggers, whatever later versions add).
_V1_TABLES_WITH_UPDATED_AT = (
    "campaign", "assessment_level", "threshold", "department", "shift", "site", "person",
    "assessment", "one_on_one", "workplace_issue", "relationship", "follow_up",
    "action_plan", "action_step", "structure_test", "participation", "call_attempt",
    "draft", "app_setting", "call_list",
)
_V4_TABLES_WITH_UPDATED_AT = ("tag", "import_record", "saved_view")
_V5_TABLES_WITH_UPDATED_AT = ("printed_copy",)
_TABLES_WITH_UPDATED_AT = (_V1_TABLES_WITH_UPDATED_AT + _V4_TABLES_WITH_UPDATED_AT
                           + _V5_TABLES_WITH_UPDATED_AT)

# The replicated tables as schema 3 made them (committee/tables.py lists today's): their
# stamping triggers are that migration's, whatever later versions share.
_V3_RECORD_TABLES = (
    "department", "shift", "site", "workplace_issue", "person", "one_on_one", "assessment",
    "relationship", "follow_up", "action_plan", "action_step", "structure_test",
    "participation", "call_attempt",
)
_V3_LINK_TABLES = (
    "person_issue", "one_on_one_issue", "action_plan_person", "structure_test_department",
)

_V1 = """
CREATE TABLE campaign (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The assessment scale: one label and colour per score 1..5.
CREATE TABLE assessment_level (
    id TEXT PRIMARY KEY,
    score INTEGER NOT NULL UNIQUE CHECK (score BETWEEN 1 AND 5),
    label TEXT NOT NULL,
    colour TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Support thresholds in percent (30 / 51 / 65 / 80 / 90 by default).
CREATE TABLE threshold (
    id TEXT PRIMARY KEY,
    percent REAL NOT NULL CHECK (percent > 0 AND percent <= 100),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Editable lists.
CREATE TABLE department (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE shift (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE site (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);

CREATE TABLE person (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    code_name TEXT NOT NULL DEFAULT '',
    personal_phone TEXT NOT NULL DEFAULT '',
    personal_email TEXT NOT NULL DEFAULT '',
    -- Work contact details are kept apart and never used for organizing.
    work_phone TEXT NOT NULL DEFAULT '',
    work_email TEXT NOT NULL DEFAULT '',
    department_id TEXT REFERENCES department(id) ON DELETE SET NULL,
    team TEXT NOT NULL DEFAULT '',
    job_title TEXT NOT NULL DEFAULT '',
    shift_id TEXT REFERENCES shift(id) ON DELETE SET NULL,
    site_id TEXT REFERENCES site(id) ON DELETE SET NULL,
    start_date TEXT,
    language TEXT NOT NULL DEFAULT '',
    safe_channel TEXT NOT NULL DEFAULT '',
    assigned_oc_member_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    is_oc_member INTEGER NOT NULL DEFAULT 0,
    is_organic_leader INTEGER NOT NULL DEFAULT 0,
    left_company_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    -- Kept in step by triggers so the people table sorts and filters 100,000 rows fast.
    assessment INTEGER CHECK (assessment BETWEEN 1 AND 5),
    last_contact_on TEXT,
    next_follow_up_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX person_name ON person(name COLLATE NOCASE);
-- Covers the wall chart and majority tracker: they read it in order and never sort.
CREATE INDEX person_chart ON person(department_id, shift_id, site_id, assessment, is_oc_member,
    left_company_on, assigned_oc_member_id);
CREATE INDEX person_shift ON person(shift_id);
CREATE INDEX person_site ON person(site_id);
CREATE INDEX person_assessment ON person(assessment);
CREATE INDEX person_oc ON person(assigned_oc_member_id);
CREATE INDEX person_last_contact ON person(last_contact_on);
-- Sorting by last contact puts "never" last (people.first_people_ids for Today's "not talked
-- to in N days"): read in that order, not sorted (100,000 people: 150 ms -> 1 ms).
CREATE INDEX person_contact_order ON person(last_contact_on IS NULL, last_contact_on);
CREATE INDEX person_next_follow_up ON person(next_follow_up_on);
CREATE INDEX person_oc_members ON person(is_oc_member) WHERE is_oc_member = 1;
-- The people list's order (people.people_ids by name), read in order instead of sorted, and
-- with last_contact_on the "not contacted in N days" filter reads nothing else (at 100,000
-- people: every id by name 0.3 s -> 30 ms, not contacted in 30 days 0.1 s -> 25 ms).
CREATE INDEX person_sort_name ON person(coalesce(nullif(code_name, ''), name) COLLATE NOCASE, id,
    last_contact_on);
CREATE INDEX person_left ON person(left_company_on) WHERE left_company_on IS NOT NULL;
CREATE INDEX person_organic_leader ON person(is_organic_leader) WHERE is_organic_leader = 1;

-- Every assessment ever made; person.assessment is the newest one.
CREATE TABLE assessment (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    score INTEGER CHECK (score BETWEEN 1 AND 5),   -- NULL: cleared / not assessed
    assessed_by_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    assessed_at TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT 'one-on-one'
        CHECK (basis IN ('one-on-one', 'hearsay', 'structure test', 'other')),
    one_on_one_id TEXT REFERENCES one_on_one(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX assessment_person ON assessment(person_id, assessed_at, score);
-- Foreign-key children get an index each, so deleting a person (CASCADE / SET NULL)
-- does not scan whole tables.
CREATE INDEX assessment_assessed_by ON assessment(assessed_by_id);
CREATE INDEX assessment_one_on_one ON assessment(one_on_one_id);

CREATE TABLE one_on_one (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    oc_member_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    channel TEXT NOT NULL DEFAULT 'in person',
    agitate TEXT NOT NULL DEFAULT '',
    educate TEXT NOT NULL DEFAULT '',
    inoculate TEXT NOT NULL DEFAULT '',
    organize TEXT NOT NULL DEFAULT '',
    uplift TEXT NOT NULL DEFAULT '',
    ask TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    commitment TEXT NOT NULL DEFAULT '',
    assessment_before INTEGER CHECK (assessment_before BETWEEN 1 AND 5),
    assessment_after INTEGER CHECK (assessment_after BETWEEN 1 AND 5),
    next_step TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX one_on_one_person ON one_on_one(person_id, held_on);
-- With created_at, the newest one-on-ones (Today's "recent") come out in order: 140 ms -> 1 ms.
CREATE INDEX one_on_one_held_on ON one_on_one(held_on, created_at);
CREATE INDEX one_on_one_oc ON one_on_one(oc_member_id);

-- Workplace issues (pay, return-to-office, layoffs...).
CREATE TABLE workplace_issue (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE person_issue (
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    issue_id TEXT NOT NULL REFERENCES workplace_issue(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, issue_id)
) WITHOUT ROWID;
CREATE INDEX person_issue_issue ON person_issue(issue_id);
CREATE TABLE one_on_one_issue (
    one_on_one_id TEXT NOT NULL REFERENCES one_on_one(id) ON DELETE CASCADE,
    issue_id TEXT NOT NULL REFERENCES workplace_issue(id) ON DELETE CASCADE,
    PRIMARY KEY (one_on_one_id, issue_id)
) WITHOUT ROWID;
CREATE INDEX one_on_one_issue_issue ON one_on_one_issue(issue_id);

-- Who is close to or influences whom (directed: person -> other_person).
CREATE TABLE relationship (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    other_person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'close to'
        CHECK (kind IN ('close to', 'influences', 'works with', 'friends', 'family', 'other')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (person_id <> other_person_id),
    UNIQUE (person_id, other_person_id, kind)
);
CREATE INDEX relationship_other ON relationship(other_person_id);

CREATE TABLE follow_up (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    one_on_one_id TEXT REFERENCES one_on_one(id) ON DELETE SET NULL,
    owner_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    due_on TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    done_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX follow_up_open ON follow_up(done_at, due_on);
CREATE INDEX follow_up_owner ON follow_up(owner_id);
CREATE INDEX follow_up_one_on_one ON follow_up(one_on_one_id);
-- Covers the next-follow-up triggers' "min(due_on) WHERE person_id = ? AND done_at IS NULL";
-- with only (done_at, due_on) each follow-up write walked every open follow-up.
CREATE INDEX follow_up_person ON follow_up(person_id, done_at, due_on);

CREATE TABLE action_plan (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    goal TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done', 'dropped')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE action_step (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES action_plan(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL,
    owner_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    due_on TEXT,
    done_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX action_step_plan ON action_step(plan_id, position);
CREATE INDEX action_step_owner ON action_step(owner_id);
CREATE TABLE action_plan_person (
    plan_id TEXT NOT NULL REFERENCES action_plan(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, person_id)
) WITHOUT ROWID;
CREATE INDEX action_plan_person_person ON action_plan_person(person_id);

-- Structure tests / actions on the escalation ladder.
CREATE TABLE structure_test (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ladder_position INTEGER NOT NULL DEFAULT 0,
    target_percent REAL NOT NULL CHECK (target_percent > 0 AND target_percent <= 100),
    planned_on TEXT,
    -- Scope: the whole workplace when all three are NULL.
    scope_department_id TEXT REFERENCES department(id) ON DELETE SET NULL,
    scope_shift_id TEXT REFERENCES shift(id) ON DELETE SET NULL,
    scope_site_id TEXT REFERENCES site(id) ON DELETE SET NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE participation (
    id TEXT PRIMARY KEY,
    structure_test_id TEXT NOT NULL REFERENCES structure_test(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('asked', 'committed', 'did it', 'declined')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (structure_test_id, person_id)
);
CREATE INDEX participation_person ON participation(person_id);
CREATE INDEX participation_test_status ON participation(structure_test_id, status, person_id);

CREATE TABLE call_attempt (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    caller_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    called_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'no answer', 'left message',
        'wrong number', 'call back', 'left the company', 'refused')),
    commitment TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX call_attempt_person ON call_attempt(person_id, called_at);
CREATE INDEX call_attempt_caller ON call_attempt(caller_id);

-- Saved call lists: the filter and page options as JSON, so a list can be reopened.
CREATE TABLE call_list (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    criteria TEXT NOT NULL DEFAULT '{}',
    options TEXT NOT NULL DEFAULT '{}',
    printed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE call_list_person (
    call_list_id TEXT NOT NULL REFERENCES call_list(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (call_list_id, person_id)
) WITHOUT ROWID;
CREATE INDEX call_list_person_person ON call_list_person(person_id);

-- Only the UUID of a deleted record survives, so a later merge cannot bring it back.
CREATE TABLE tombstone (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);

-- Unsaved forms (a one-on-one being typed), so a crash loses nothing; encrypted like the rest.
CREATE TABLE draft (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    person_id TEXT REFERENCES person(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX draft_person ON draft(person_id);

-- Per-vault settings (auto-lock minutes, clipboard seconds...): inside the vault, not QSettings.
CREATE TABLE app_setting (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Denormalised person columns, kept in step here so every writer (GUI, import, demo) agrees.
CREATE TRIGGER assessment_sets_current AFTER INSERT ON assessment BEGIN
    UPDATE person SET assessment = (
        SELECT score FROM assessment WHERE person_id = NEW.person_id
        ORDER BY assessed_at DESC, rowid DESC LIMIT 1
    ) WHERE id = NEW.person_id;
END;
CREATE TRIGGER assessment_delete_sets_current AFTER DELETE ON assessment BEGIN
    UPDATE person SET assessment = (
        SELECT score FROM assessment WHERE person_id = OLD.person_id
        ORDER BY assessed_at DESC, rowid DESC LIMIT 1
    ) WHERE id = OLD.person_id;
END;
CREATE TRIGGER one_on_one_sets_last_contact AFTER INSERT ON one_on_one BEGIN
    UPDATE person SET last_contact_on = NEW.held_on
    WHERE id = NEW.person_id AND (last_contact_on IS NULL OR last_contact_on < NEW.held_on);
END;
CREATE TRIGGER one_on_one_update_sets_last_contact AFTER UPDATE OF held_on ON one_on_one BEGIN
    UPDATE person SET last_contact_on =
        (SELECT max(held_on) FROM one_on_one WHERE person_id = NEW.person_id)
    WHERE id = NEW.person_id;
END;
CREATE TRIGGER one_on_one_delete_sets_last_contact AFTER DELETE ON one_on_one BEGIN
    UPDATE person SET last_contact_on =
        (SELECT max(held_on) FROM one_on_one WHERE person_id = OLD.person_id)
    WHERE id = OLD.person_id;
END;
CREATE TRIGGER follow_up_insert_sets_next AFTER INSERT ON follow_up BEGIN
    UPDATE person SET next_follow_up_on =
        (SELECT min(due_on) FROM follow_up WHERE person_id = NEW.person_id AND done_at IS NULL)
    WHERE id = NEW.person_id;
END;
CREATE TRIGGER follow_up_update_sets_next AFTER UPDATE OF due_on, done_at ON follow_up BEGIN
    UPDATE person SET next_follow_up_on =
        (SELECT min(due_on) FROM follow_up WHERE person_id = NEW.person_id AND done_at IS NULL)
    WHERE id = NEW.person_id;
END;
CREATE TRIGGER follow_up_delete_sets_next AFTER DELETE ON follow_up BEGIN
    UPDATE person SET next_follow_up_on =
        (SELECT min(due_on) FROM follow_up WHERE person_id = OLD.person_id AND done_at IS NULL)
    WHERE id = OLD.person_id;
END;

-- Full-text search over names, notes and one-on-ones. secure-delete makes FTS5 really
-- remove a deleted row's words from the index instead of only marking them deleted.
-- An index row's rowid is its source row's rowid * 4 + kind (1 person, 2 one-on-one,
-- 3 follow-up), so triggers delete by rowid instead of scanning the whole index. A VACUUM
-- may renumber rowids: run search.rebuild_search_index() after one.
-- prefix = '1 2': one- and two-letter prefix tables, so the first keystrokes of a search
-- read one list instead of merging every word that starts so (with search.RANKED_UP_TO: p95
-- of a keystroke 9 s -> 20 ms at 100,000 people; the index grows from ~100 to ~230 MB there).
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, record_id UNINDEXED, person_id UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
);
INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN
    INSERT INTO search_index(rowid, kind, record_id, person_id, title, body)
    VALUES (NEW.rowid * 4 + 1, 'person', NEW.id, NEW.id, NEW.name || ' ' || NEW.code_name,
            NEW.notes || ' ' || NEW.team || ' ' || NEW.job_title);
END;
CREATE TRIGGER person_search_update AFTER UPDATE OF name, code_name, notes, team, job_title
ON person BEGIN
    DELETE FROM search_index WHERE rowid = OLD.rowid * 4 + 1;
    INSERT INTO search_index(rowid, kind, record_id, person_id, title, body)
    VALUES (NEW.rowid * 4 + 1, 'person', NEW.id, NEW.id, NEW.name || ' ' || NEW.code_name,
            NEW.notes || ' ' || NEW.team || ' ' || NEW.job_title);
END;
-- A person's one-on-ones and follow-ups leave the index through their own delete triggers,
-- fired by the ON DELETE CASCADE.
CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN
    DELETE FROM search_index WHERE rowid = OLD.rowid * 4 + 1;
END;
CREATE TRIGGER one_on_one_search_insert AFTER INSERT ON one_on_one BEGIN
    INSERT INTO search_index(rowid, kind, record_id, person_id, title, body)
    VALUES (NEW.rowid * 4 + 2, 'one-on-one', NEW.id, NEW.person_id, NEW.held_on,
            concat_ws(' ', NEW.agitate, NEW.educate, NEW.inoculate, NEW.organize, NEW.uplift,
                      NEW.ask, NEW.answer, NEW.commitment, NEW.next_step, NEW.notes));
END;
CREATE TRIGGER one_on_one_search_update AFTER UPDATE OF held_on, agitate, educate, inoculate,
    organize, uplift, ask, answer, commitment, next_step, notes, person_id ON one_on_one BEGIN
    DELETE FROM search_index WHERE rowid = OLD.rowid * 4 + 2;
    INSERT INTO search_index(rowid, kind, record_id, person_id, title, body)
    VALUES (NEW.rowid * 4 + 2, 'one-on-one', NEW.id, NEW.person_id, NEW.held_on,
            concat_ws(' ', NEW.agitate, NEW.educate, NEW.inoculate, NEW.organize, NEW.uplift,
                      NEW.ask, NEW.answer, NEW.commitment, NEW.next_step, NEW.notes));
END;
CREATE TRIGGER one_on_one_search_delete AFTER DELETE ON one_on_one BEGIN
    DELETE FROM search_index WHERE rowid = OLD.rowid * 4 + 2;
END;
CREATE TRIGGER follow_up_search_insert AFTER INSERT ON follow_up BEGIN
    INSERT INTO search_index(rowid, kind, record_id, person_id, title, body)
    VALUES (NEW.rowid * 4 + 3, 'follow-up', NEW.id, NEW.person_id, NEW.due_on, NEW.description);
END;
CREATE TRIGGER follow_up_search_update AFTER UPDATE OF description, due_on ON follow_up BEGIN
    DELETE FROM search_index WHERE rowid = OLD.rowid * 4 + 3;
    INSERT INTO search_index(rowid, kind, record_id, person_id, title, body)
    VALUES (NEW.rowid * 4 + 3, 'follow-up', NEW.id, NEW.person_id, NEW.due_on, NEW.description);
END;
CREATE TRIGGER follow_up_search_delete AFTER DELETE ON follow_up BEGIN
    DELETE FROM search_index WHERE rowid = OLD.rowid * 4 + 3;
END;
"""


def _touch_triggers(tables: tuple[str, ...]) -> str:
    # Refresh updated_at on any update that left it unchanged (recursive_triggers is off,
    # so the trigger's own UPDATE does not fire it again).
    return "\n".join(
        f"""CREATE TRIGGER {table}_touch AFTER UPDATE ON {table}
        WHEN NEW.updated_at = OLD.updated_at BEGIN
            UPDATE {table} SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE rowid = NEW.rowid;
        END;"""
        for table in tables
    )


# Version 2: a structure test can cover several departments (the issue's "some
# departments"), so the one scope_department_id column gives way to a link table. The old
# column stays (SQLite cannot drop a column a foreign key names) but is always NULL.
_V2 = """
CREATE TABLE structure_test_department (
    structure_test_id TEXT NOT NULL REFERENCES structure_test(id) ON DELETE CASCADE,
    department_id TEXT NOT NULL REFERENCES department(id) ON DELETE CASCADE,
    PRIMARY KEY (structure_test_id, department_id)
) WITHOUT ROWID;
CREATE INDEX structure_test_department_department ON structure_test_department(department_id);
INSERT INTO structure_test_department (structure_test_id, department_id)
    SELECT id, scope_department_id FROM structure_test WHERE scope_department_id IS NOT NULL;
UPDATE structure_test SET scope_department_id = NULL WHERE scope_department_id IS NOT NULL;

-- The issues tally (chart.issues_tally) counts, per issue and department, the current people
-- who raised it. Joining every link to its person for that took 760 ms at 100,000 people
-- (184,000 links, one person lookup each), so each link carries a copy of its person's
-- department and of "has not left", and the tally reads the partial index below alone, in
-- order (the whole tally then takes 26 ms of CPU there). Not a table of counts: a restore
-- copies every table, links before people, with the triggers on, so counts would be added
-- twice.
-- person_current: 1 = still works there, 0 = left, NULL = not filled in yet (bulk.bulk_load
-- runs without triggers and fills those in at its end). Deleting a person or an issue deletes
-- its links, so only adding, moving and re-pointing links or people needs a trigger.
ALTER TABLE person_issue ADD COLUMN person_department_id TEXT;
ALTER TABLE person_issue ADD COLUMN person_current INTEGER;
UPDATE person_issue SET (person_department_id, person_current) = (
    SELECT p.department_id, p.left_company_on IS NULL FROM person p
    WHERE p.id = person_issue.person_id);
CREATE INDEX person_issue_tally ON person_issue(issue_id, person_department_id)
    WHERE person_current = 1;
CREATE TRIGGER person_issue_insert_tally AFTER INSERT ON person_issue BEGIN
    UPDATE person_issue SET (person_department_id, person_current) = (
        SELECT p.department_id, p.left_company_on IS NULL FROM person p
        WHERE p.id = NEW.person_id)
    WHERE person_id = NEW.person_id AND issue_id = NEW.issue_id;
END;
-- merge_people re-points the merged person's links to the kept person.
CREATE TRIGGER person_issue_update_tally AFTER UPDATE OF person_id ON person_issue BEGIN
    UPDATE person_issue SET (person_department_id, person_current) = (
        SELECT p.department_id, p.left_company_on IS NULL FROM person p
        WHERE p.id = NEW.person_id)
    WHERE person_id = NEW.person_id AND issue_id = NEW.issue_id;
END;
-- Links written before their person (rows copied children first, foreign keys off) are
-- filled in when the person arrives.
CREATE TRIGGER person_insert_tally AFTER INSERT ON person BEGIN
    UPDATE person_issue SET person_department_id = NEW.department_id,
        person_current = NEW.left_company_on IS NULL
    WHERE person_id = NEW.id;
END;
-- Also fires for a deleted department (ON DELETE SET NULL is an update of the person).
CREATE TRIGGER person_update_tally AFTER UPDATE OF department_id, left_company_on ON person
WHEN OLD.department_id IS NOT NEW.department_id
    OR (OLD.left_company_on IS NULL) <> (NEW.left_company_on IS NULL) BEGIN
    UPDATE person_issue SET person_department_id = NEW.department_id,
        person_current = NEW.left_company_on IS NULL
    WHERE person_id = NEW.id;
END;
"""

# Version 3: working as a committee (organizer/core/committee/, docs/committee-exchange.md).
_V3 = """
-- This vault's device id: the tiebreak of its change stamps.
CREATE TABLE replica (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL
);
INSERT INTO replica (id, device_id) VALUES (1, lower(hex(randomblob(8))));

-- One row per stamped change of a replicated record or link (committee/stamps.py).
CREATE TABLE field_stamp (
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    tbl TEXT NOT NULL,
    stamp TEXT NOT NULL,
    prev TEXT NOT NULL,
    seq INTEGER NOT NULL,
    -- The member whose update brought this stamp (NULL: made here); that member is not sent
    -- it back.
    via TEXT,
    PRIMARY KEY (row_id, field)
) WITHOUT ROWID;
CREATE INDEX field_stamp_seq ON field_stamp(seq);
-- Every change gets a seq above this one, so a member who has received everything up to
-- now, even from a vault that has never changed, acknowledges a seq above 0 (0: "nothing
-- yet, send everything").
INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq)
    VALUES ('replica', '_origin', 'replica', '', '', 1);
CREATE INDEX field_stamp_stamp ON field_stamp(stamp) WHERE stamp <> '';
-- A link's stamp by the record on its right (row_id is "left:right"), for erasing.
CREATE INDEX field_stamp_link_right ON field_stamp(substr(row_id, 34)) WHERE field = '_present';

-- A private one-on-one never leaves this vault.
ALTER TABLE one_on_one ADD COLUMN is_private INTEGER NOT NULL DEFAULT 0;
-- The committee member who wrote it down (their name on the roster), for everyone to see.
ALTER TABLE one_on_one ADD COLUMN recorded_by TEXT;
ALTER TABLE assessment ADD COLUMN recorded_by TEXT;
ALTER TABLE relationship ADD COLUMN recorded_by TEXT;

-- Who I am to the committee: my keys, private halves included (the vault is encrypted).
CREATE TABLE committee_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    person_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    age_secret TEXT NOT NULL,
    age_public TEXT NOT NULL,
    sign_secret BLOB NOT NULL,
    sign_public BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- The roster: everyone I exchange updates with.
CREATE TABLE committee_member (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    age_public TEXT NOT NULL UNIQUE,
    sign_public BLOB NOT NULL UNIQUE,
    confirmed INTEGER NOT NULL DEFAULT 0,
    all_departments INTEGER NOT NULL DEFAULT 1,
    person_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    added_at TEXT NOT NULL,
    removed_at TEXT,
    -- My changes up to this seq they have applied (their version vector says so).
    acked_seq INTEGER NOT NULL DEFAULT 0,
    -- Their acknowledgements below this seq are of files written before their scope changed.
    full_after INTEGER NOT NULL DEFAULT 0,
    -- Their changes up to this seq of theirs I have applied.
    received_seq INTEGER NOT NULL DEFAULT 0,
    sent_count INTEGER NOT NULL DEFAULT 0,
    -- My change counter when I last wrote them a file (a shared folder gets a new file for
    -- them only when something changed since).
    sent_seq INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT,
    last_received_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX committee_member_person ON committee_member(person_id);
-- A member's need-to-know: these departments only, unless all_departments.
CREATE TABLE committee_member_department (
    member_id TEXT NOT NULL REFERENCES committee_member(id) ON DELETE CASCADE,
    department_id TEXT NOT NULL REFERENCES department(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, department_id)
) WITHOUT ROWID;
CREATE INDEX committee_member_department_department
    ON committee_member_department(department_id);

-- Update files already merged, so the same file twice is skipped.
CREATE TABLE update_received (
    file_id TEXT PRIMARY KEY,
    member_id TEXT REFERENCES committee_member(id) ON DELETE SET NULL,
    applied_at TEXT NOT NULL
) WITHOUT ROWID;

-- Files already looked at in a shared folder (by name, size and time), so each pass opens
-- only new ones; cleared when the roster changes (a refused file may be welcome now).
CREATE TABLE update_file_seen (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    modified_ns INTEGER NOT NULL,
    seen_at TEXT NOT NULL
) WITHOUT ROWID;

-- A same-field edit that lost to a later one, kept for someone to review.
CREATE TABLE update_conflict (
    id TEXT PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    kept_value TEXT,
    kept_stamp TEXT NOT NULL,
    lost_value TEXT,
    lost_stamp TEXT NOT NULL,
    member_id TEXT REFERENCES committee_member(id) ON DELETE SET NULL,
    found_at TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX update_conflict_open ON update_conflict(resolved_at, found_at);
CREATE INDEX update_conflict_member ON update_conflict(member_id);
CREATE INDEX update_conflict_field ON update_conflict(row_id, field);

-- A person's current assessment is the newest; two made at the same moment were ordered by
-- rowid, which differs between members' vaults (rows arrive in different orders). Creation
-- time and then the UUID order them the same everywhere.
DROP TRIGGER IF EXISTS assessment_sets_current;
DROP TRIGGER IF EXISTS assessment_delete_sets_current;
CREATE TRIGGER assessment_sets_current AFTER INSERT ON assessment BEGIN
    UPDATE person SET assessment = (
        SELECT score FROM assessment WHERE person_id = NEW.person_id
        ORDER BY assessed_at DESC, created_at DESC, id DESC LIMIT 1
    ) WHERE id = NEW.person_id;
END;
CREATE TRIGGER assessment_delete_sets_current AFTER DELETE ON assessment BEGIN
    UPDATE person SET assessment = (
        SELECT score FROM assessment WHERE person_id = OLD.person_id
        ORDER BY assessed_at DESC, created_at DESC, id DESC LIMIT 1
    ) WHERE id = OLD.person_id;
END;

-- Two members who each added the same department (or issue, site...) made two UUIDs: the
-- merge keeps the smaller and remembers where the other went.
CREATE TABLE merged_alias (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL,
    tbl TEXT NOT NULL
) WITHOUT ROWID;
"""


def _v3() -> str:
    return (
        _V3
        + stamps.trigger_sql(_V3_RECORD_TABLES, _V3_LINK_TABLES)
        + "\n"
        + _touch_triggers(("committee_member",))
    )


# Version 4: bringing a committee's own spreadsheet in: tags on people, a record of each
# import (to undo one), and People filters saved under a name. Only new tables: every row of
# a vault of version 3 stays as it was.
_V4 = """
-- Free labels on people ("card signed", "Spanish speaker", "night driver"): the campaign's
-- list of them (core/tags.py), shared with the committee and folded by name like the
-- departments, and which person has which. A tag's name holds no comma or semicolon (the
-- CSV's Tags cell separates them so).
CREATE TABLE tag (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE person_tag (
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) WITHOUT ROWID;
-- The people who have a tag (the People filter), and removing a tag without a scan.
CREATE INDEX person_tag_tag ON person_tag(tag_id);

-- Each import (core/imports.py): the file's name only (never its folder), when, who (this
-- vault's committee name, '' before it has one), how many people it made and merged into
-- people already here, the vault's change counter (field_stamp.seq) when it was recorded (a
-- later change has a higher one), and once undone, when and how many people that erased.
-- Not shared: each member's own history.
CREATE TABLE import_record (
    id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT '',
    people_created INTEGER NOT NULL DEFAULT 0 CHECK (people_created >= 0),
    people_merged INTEGER NOT NULL DEFAULT 0 CHECK (people_merged >= 0),
    changes_through INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT,
    people_undone INTEGER NOT NULL DEFAULT 0 CHECK (people_undone >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The people an import made; erasing a person, by an undo or otherwise, takes the link too.
CREATE TABLE import_person (
    import_id TEXT NOT NULL REFERENCES import_record(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    PRIMARY KEY (import_id, person_id)
) WITHOUT ROWID;
CREATE INDEX import_person_person ON import_person(person_id);

-- A People filter saved under a name ("Night shift 2s and 3s"), as JSON (core/saved_views.py).
-- Not shared, like call lists.
CREATE TABLE saved_view (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    filter TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def _v4() -> str:
    return (
        _V4
        + stamps.trigger_sql(("tag",), ("person_tag",))
        + "\n"
        + _touch_triggers(_V4_TABLES_WITH_UPDATED_AT)
    )


# Version 5: names sorted as people read them, and a log of printed copies.
# - person.sort_name: the name as it sorts (accents and case folded, people.collation_key),
#   kept by triggers through the connection's organizer_sort_key() like the committee's
#   stamps, so the People list reads an index in that order instead of sorting every row in
#   Python. The touch trigger leaves updated_at alone when only sort_name changes.
# - printed_copy: each printout's opaque copy code, for whom, what, when, destroy-by and
#   when marked destroyed (core/printed_copies.py). Not shared: each member's own paper.
_V5 = """
ALTER TABLE person ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
DROP TRIGGER IF EXISTS person_touch;
CREATE TRIGGER person_touch AFTER UPDATE ON person
WHEN NEW.updated_at = OLD.updated_at AND NEW.sort_name IS OLD.sort_name BEGIN
    UPDATE person SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE rowid = NEW.rowid;
END;
UPDATE person SET sort_name = organizer_sort_key(coalesce(nullif(code_name, ''), name));
DROP INDEX IF EXISTS person_sort_name;
CREATE INDEX person_sort_name ON person(sort_name, coalesce(nullif(code_name, ''), name), id,
    last_contact_on);
CREATE TRIGGER person_sort_name_insert AFTER INSERT ON person BEGIN
    UPDATE person SET sort_name = organizer_sort_key(coalesce(nullif(NEW.code_name, ''),
        NEW.name)) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER person_sort_name_update AFTER UPDATE OF name, code_name ON person BEGIN
    UPDATE person SET sort_name = organizer_sort_key(coalesce(nullif(NEW.code_name, ''),
        NEW.name)) WHERE rowid = NEW.rowid;
END;

CREATE TABLE printed_copy (
    id TEXT PRIMARY KEY,
    copy_code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('call list', 'wall chart', 'prep sheet',
        'recovery kit')),
    printed_for TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    printed_at TEXT NOT NULL,
    destroy_by TEXT,
    destroyed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX printed_copy_destroy_by ON printed_copy(destroy_by) WHERE destroyed_at IS NULL;
"""


def attach_functions(conn: Any) -> None:
    """The functions the triggers call, on every connection to a vault, before a migration.

    Until stamps.attach registers the committee's own, a migration's changes are not
    recorded as edits (organizer_recording() is 0): they are no one's."""
    from organizer.core.people import collation_key

    conn.create_function("organizer_sort_key", 1, collation_key, deterministic=True)
    conn.create_function("organizer_recording", 0, lambda: 0)
    conn.create_function("organizer_stamp", 0, lambda: "")


# Index i holds the SQL that takes a vault from version i to i + 1.
MIGRATIONS: tuple[str, ...] = (
    _V1 + _touch_triggers(_V1_TABLES_WITH_UPDATED_AT), _V2, _v3(), _v4(),
    _V5 + _touch_triggers(_V5_TABLES_WITH_UPDATED_AT),
)
SCHEMA_VERSION = len(MIGRATIONS)


def check_version(found: int) -> None:
    if found > SCHEMA_VERSION:
        raise VaultTooNew(
            f"This vault was made by a newer version of Organizer (schema {found}; this "
            f"version knows up to {SCHEMA_VERSION}). Update Organizer to open it; the file "
            "was not changed."
        )
