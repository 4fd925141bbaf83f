"""Helpers for the import/export tests. Their vaults are the `vault` fixture of
tests/conftest.py: a copy of the session's template vault, opened with its raw key."""

from __future__ import annotations

from organizer.core.vault import Vault
from tests.conftest import PASSPHRASE as PASSPHRASE

COUNTED = ("person", "department", "shift", "site", "one_on_one", "assessment", "follow_up",
           "relationship", "person_issue", "tombstone", "search_index")


def counts(vault: Vault) -> dict[str, int]:
    conn = vault.connection
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED}


def people(vault: Vault) -> list[dict[str, object]]:
    rows = vault.connection.execute(
        "SELECT p.name, p.personal_phone, p.personal_email, p.work_phone, p.work_email, "
        "d.name, s.name, st.name, p.team, p.job_title, p.notes, p.start_date FROM person p "
        "LEFT JOIN department d ON d.id = p.department_id LEFT JOIN shift s ON s.id = p.shift_id "
        "LEFT JOIN site st ON st.id = p.site_id ORDER BY p.name"
    ).fetchall()
    keys = ("name", "personal_phone", "personal_email", "work_phone", "work_email",
            "department", "shift", "site", "team", "job_title", "notes", "start_date")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def by_name(vault: Vault) -> dict[str, dict[str, object]]:
    return {str(p["name"]): p for p in people(vault)}
