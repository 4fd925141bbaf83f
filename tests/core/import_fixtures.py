"""Vaults for the import/export tests: one real SQLCipher file made per module, copied per
test and opened with its raw key (one key derivation per module, not per test)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from organizer.core.vault import Vault

PASSPHRASE = "correct horse battery staple"
COUNTED = ("person", "department", "shift", "site", "one_on_one", "assessment", "follow_up",
           "relationship", "person_issue", "tombstone", "search_index")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("template") / "template.vault"
    vault = Vault.create(path, PASSPHRASE, "Import tests")
    key = vault.raw_key
    vault.close()
    return path, key


@pytest.fixture
def vault(template: tuple[Path, str], tmp_path: Path) -> Iterator[Vault]:
    path = tmp_path / "campaign.vault"
    shutil.copy(template[0], path)
    opened = Vault.open_with_key(path, template[1])
    yield opened
    if opened.is_open:
        opened.close()


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
