"""Encrypted backups: export, verify, restore, automatic backups, and every way they can fail.

Real SQLCipher vault files and real age files in tmp_path; nothing here mocks the database or
the encryption. scrypt makes every encryption or decryption cost a second or more, so one
backup is made per module and the bad-input tests damage copies of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer import __version__
from organizer.core import (
    backup,
    conversations,
    follow_ups,
    people,
    schema,
    search,
)
from organizer.core.backup import (
    AGE_HEADER,
    BackupCancelled,
    BackupDamaged,
    BackupLocation,
    BackupManifest,
    BackupTooNew,
    BackupWrongPassphrase,
    NotABackup,
    automatic,
    export,
    restore,
    verify,
)
from organizer.core.backup.format import Reporter, vault_tables
from organizer.core.conversations import FollowUpRequest, OneOnOne
from organizer.core.demo import generate_demo
from organizer.core.errors import DiskFull, OrganizerError, WeakPassphrase
from organizer.core.people import Person
from organizer.core.vault import Vault, derive_raw_key, read_salt
from tests.conftest import LINUX, assert_private, linux_only, posix_modes, posix_only
from tests.core.helpers import is_vault_lock

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"
BACKUP_PASSPHRASE = "violet anchor meadow lantern"
NEW_PASSPHRASE = "granite otter lemonade harbor"
MARKER = "ZZBACKUPMARKER-Ravi-Petition"
SQLITE_HEADER = b"SQLite format 3\x00"
TODAY = dt.date(2026, 11, 23)


# ----- helpers -------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    """Every file in `folder` (recursively) with its sha256: "nothing else changed"."""
    return {
        str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*"))
        if p.is_file() and not is_vault_lock(p)
    }


def leaks(folder: Path, marker: str = MARKER) -> list[str]:
    """Files in `folder` holding the marker in plaintext or starting like a plain SQLite file."""
    forms = [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]
    found: list[str] = []
    for path in sorted(folder.rglob("*")):
        try:
            data = path.read_bytes() if path.is_file() else b""
        except FileNotFoundError:  # a temporary file that went away while we looked
            continue
        if data.startswith(SQLITE_HEADER):
            found.append(f"{path.name}: plaintext SQLite")
        found.extend(f"{path.name}: marker" for form in forms if form in data)
    return found


def partials(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".partial-" in p.name or ".restoring-" in p.name]


def table_rows(conn: object, table: str) -> list[tuple[object, ...]]:
    """Every row of a table, rowid included where there is one, in a stable order."""
    execute = conn.execute  # type: ignore[attr-defined]
    try:
        rows = execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
    except Exception:  # WITHOUT ROWID
        rows = execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()
    return [tuple(r) for r in rows]


def search_entries(vault: Vault) -> list[tuple[object, ...]]:
    """The full-text index's contents (its rowids follow insertion order, so leave them out)."""
    return sorted(vault.connection.execute(
        "SELECT kind, record_id, person_id, title, body FROM search_index"
    ).fetchall())


def data_tables(vault: Vault) -> list[str]:
    return [t.name for t in vault_tables(vault.connection)]


def assert_plain_sentence(error: BaseException) -> None:
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text
    assert text.rstrip(")").endswith((".", "?")), text
    assert BACKUP_PASSPHRASE not in text and PASSPHRASE not in text


def open_copy(source: Path, raw_key: str, folder: Path, name: str = "campaign.vault") -> Vault:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return Vault.open_with_key(target, raw_key)


def fill_campaign(vault: Vault) -> None:
    """A small campaign touching most tables, with the marker in names, notes and drafts."""
    generate_demo(vault, people=40, seed=3, today=TODAY)
    marker = people.add_person(
        vault, Person(name=MARKER, notes=f"{MARKER} notes", personal_phone="555-0142")
    )
    other = people.add_person(vault, Person(name="Dana Lee", is_oc_member=True))
    conversations.log_one_on_one(
        vault,
        OneOnOne(person_id=marker.id, held_on="2026-11-20", oc_member_id=other.id,
                 agitate=f"{MARKER} agitation", assessment_after=2),
        follow_up=FollowUpRequest(due_on="2026-12-01", description=f"call {MARKER}"),
    )
    follow_ups.add_follow_up(vault, other.id, "2026-12-02", "bring cards")
    conversations.save_draft(vault, "one-on-one", marker.id, {"notes": f"{MARKER} draft"})
    gone = people.add_person(vault, Person(name="Leaving Person"))
    people.delete_person(vault, gone.id)


# ----- one backup for the module ---------------------------------------------------------------


@dataclass
class Made:
    root: Path
    vault_path: Path
    raw_key: str
    backup: Path
    manifest: BackupManifest
    counts: dict[str, int]
    fractions: list[float] = field(default_factory=list)
    leaks_seen: list[str] = field(default_factory=list)

    def open_vault(self, folder: Path) -> Vault:
        return open_copy(self.vault_path, self.raw_key, folder)

    def copy_vault(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "campaign.vault"
        shutil.copyfile(self.vault_path, target)
        os.chmod(target, 0o600)
        return target

    def copy_backup(self, folder: Path, name: str = "campaign.age") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        shutil.copyfile(self.backup, target)
        return target


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    os.umask(0o077)
    root = tmp_path_factory.mktemp("backup-made")
    vault_path = root / "vaults" / "campaign.vault"
    vault_path.parent.mkdir()
    backups = root / "backups"
    backups.mkdir()
    with Vault.create(vault_path, PASSPHRASE, "Made campaign") as vault:
        fill_campaign(vault)
        counts = {
            t: vault.connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in data_tables(vault)
        }
        fractions: list[float] = []
        seen: list[str] = []

        def watch(fraction: float) -> None:  # "during the export": look at every step
            fractions.append(fraction)
            seen.extend(leaks(root))

        manifest = backup.export_backup(
            vault, backups / "campaign.age", BACKUP_PASSPHRASE, progress=watch
        )
    raw_key = derive_raw_key(PASSPHRASE, read_salt(vault_path))
    return Made(root, vault_path, raw_key, backups / "campaign.age", manifest, counts,
                fractions, seen)


# ----- export and verify -----------------------------------------------------------------------


def test_export_writes_a_verified_age_file_and_nothing_else(made: Made) -> None:
    data = made.backup.read_bytes()
    assert data.startswith(AGE_HEADER)
    assert b"-> scrypt " in data[:200]
    assert_private(made.backup)
    assert sorted(p.name for p in made.backup.parent.iterdir()) == ["campaign.age"]
    manifest = made.manifest
    assert manifest.format_version == backup.FORMAT_VERSION == 1
    assert manifest.schema_version == schema.SCHEMA_VERSION
    assert manifest.app_version == __version__
    assert manifest.counts == made.counts
    assert manifest.counts["person"] >= 40 and manifest.counts["tombstone"] == 1
    assert "search_index" not in manifest.counts
    assert not any(name.startswith("search_index") for name in manifest.counts)
    created = dt.datetime.fromisoformat(manifest.created_at.replace("Z", "+00:00"))
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(hours=1)
    # Progress only goes up, ends at 1; and no plaintext appeared anywhere at any step.
    assert made.fractions == sorted(made.fractions) and made.fractions[-1] == 1.0
    assert made.leaks_seen == []
    assert leaks(made.root) == []


def test_verify_reads_the_manifest_back(made: Made) -> None:
    manifest = backup.verify_backup(made.backup, BACKUP_PASSPHRASE)
    assert manifest.counts == made.counts
    assert manifest.created_at == made.manifest.created_at
    assert manifest.path == made.backup


def test_the_plaintext_is_a_plain_sqlite_database_with_the_manifest(made: Made) -> None:
    plaintext = _plaintext(made)
    assert plaintext.startswith(SQLITE_HEADER)
    db = sqlite3.connect(":memory:")
    db.deserialize(plaintext)
    meta = dict(db.execute("SELECT key, value FROM backup_manifest WHERE kind = 'meta'"))
    assert meta == {
        "format_version": "1",
        "schema_version": str(schema.SCHEMA_VERSION),
        "app_version": __version__,
        "created_at": made.manifest.created_at,
    }
    counts = {k: int(v) for k, v in db.execute(
        "SELECT key, value FROM backup_manifest WHERE kind = 'count'")}
    assert counts == made.counts
    names = [r[0] for r in db.execute("SELECT name FROM person")]
    assert MARKER in names
    # Triggers, indexes and the full-text index stay out; only tables go in.
    kinds = {r[0] for r in db.execute("SELECT type FROM sqlite_master")}
    assert kinds <= {"table", "index"}  # "index" only for the automatic PK/UNIQUE ones
    assert not db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()


# ----- restore ---------------------------------------------------------------------------------


def test_restore_gives_back_every_row_of_every_table(made: Made, tmp_path: Path) -> None:
    source = made.copy_backup(tmp_path / "backups")
    target = tmp_path / "restored" / "campaign.vault"
    target.parent.mkdir()
    seen: list[str] = []
    fractions: list[float] = []

    def watch(fraction: float) -> None:
        fractions.append(fraction)
        seen.extend(leaks(tmp_path))

    restored = backup.restore_backup(
        source, BACKUP_PASSPHRASE, target, NEW_PASSPHRASE, progress=watch
    )
    with restored, made.open_vault(tmp_path / "original") as original:
        assert data_tables(restored) == data_tables(original)
        for table in data_tables(original):
            assert table_rows(restored.connection, table) == table_rows(
                original.connection, table
            ), table
        # The full-text index was rebuilt by the insert triggers.
        assert search_entries(restored) == search_entries(original)
        assert [h.person_id for h in search.search(restored, MARKER)]
        assert restored.check().ok
        assert restored.connection.execute("PRAGMA user_version").fetchone()[0] == (
            schema.SCHEMA_VERSION
        )
    assert_private(target)
    assert partials(target.parent) == []
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert seen == [] and leaks(tmp_path) == []
    # The new vault opens with the new passphrase only.
    Vault.open(target, NEW_PASSPHRASE).close()


def test_a_restored_vault_is_identical_to_its_source_and_passes_its_check(
    made: Made, tmp_path: Path
) -> None:
    """Every table's rows, rowids included, come back exactly: also a person's derived
    columns that no record explains (a reached call sets last_contact_on without any
    one-on-one; recomputing them from the records would lose it). Without the scrypt step:
    snapshot -> decrypted image -> checks -> new vault, as restore_backup does."""
    with made.open_vault(tmp_path / "source") as source:
        with source.transaction() as conn:
            conn.execute(
                "UPDATE person SET last_contact_on = '2031-05-06', assessment = NULL "
                "WHERE rowid = (SELECT min(rowid) FROM person WHERE name = ?)", (MARKER,)
            )
        snapshot = export.snapshot_vault(source, Reporter(None, None, ""))
        memory = sqlite3.connect(":memory:")
        memory.deserialize(snapshot.image)
        manifest = verify.check_contents(memory, tmp_path / "x.age")
        with restore.restore_into(
            memory, manifest, tmp_path / "restored.vault", NEW_PASSPHRASE,
            Reporter(None, None, ""),
        ) as restored:
            assert data_tables(restored) == data_tables(source)
            for table in data_tables(source):
                assert table_rows(restored.connection, table) == table_rows(
                    source.connection, table
                ), table
            assert restored.connection.execute(
                "SELECT last_contact_on, assessment FROM person WHERE name = ?", (MARKER,)
            ).fetchone() == ("2031-05-06", None)
            assert search_entries(restored) == search_entries(source)
            report = restored.check()
            assert report.ok, report.problems
        memory.close()


campaign_text = st.text(max_size=40)


@st.composite
def campaigns(draw: st.DrawFn) -> dict[str, object]:
    names = draw(st.lists(st.text(min_size=1, max_size=20).filter(str.strip), max_size=5))
    return {
        "people": [(n, draw(campaign_text)) for n in names],
        "talks": draw(st.lists(
            st.tuples(st.integers(0, 4), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
                      campaign_text, st.one_of(st.none(), st.integers(1, 5))),
            max_size=6)),
        "follow_ups": draw(st.lists(
            st.tuples(st.integers(0, 4), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
                      campaign_text, st.booleans()),
            max_size=4)),
        "delete": draw(st.one_of(st.none(), st.integers(0, 4))),
    }


def build(vault: Vault, plan: dict[str, object]) -> None:
    ids = [
        people.add_person(vault, Person(name=name, notes=notes)).id
        for name, notes in plan["people"]  # type: ignore[attr-defined]
    ]
    if not ids:
        return
    for index, held_on, notes, after in plan["talks"]:  # type: ignore[attr-defined]
        conversations.log_one_on_one(vault, OneOnOne(
            person_id=ids[index % len(ids)], held_on=held_on.isoformat(), notes=notes,
            assessment_after=after,
        ))
    for index, due_on, text, done in plan["follow_ups"]:  # type: ignore[attr-defined]
        follow_up = follow_ups.add_follow_up(
            vault, ids[index % len(ids)], due_on.isoformat(), text
        )
        if done:
            follow_ups.mark_done(vault, follow_up)
    if plan["delete"] is not None:
        people.delete_person(vault, ids[int(plan["delete"]) % len(ids)])  # type: ignore[call-overload]


def test_random_campaigns_come_back_identical(
    made: Made, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """restore(export(v)) == v for random campaigns, without the scrypt step each time.

    The encryption is a byte-exact wrapper around the database image (the export checks that
    the decrypted file has the image's digest, and the tests above run it end to end), so the
    property is checked on the image: snapshot -> deserialize -> checks -> new vault.
    """
    template = tmp_path_factory.mktemp("hypothesis-template") / "empty.vault"
    Vault.create(template, PASSPHRASE, "Random campaign").close()
    raw_key = derive_raw_key(PASSPHRASE, read_salt(template))
    counter = iter(range(10_000))

    @settings(max_examples=6, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(plan=campaigns())
    def check(plan: dict[str, object]) -> None:
        folder = tmp_path_factory.mktemp(f"random-{next(counter)}")
        with open_copy(template, raw_key, folder) as vault:
            build(vault, plan)
            snapshot = export.snapshot_vault(vault, Reporter(None, None, ""))
            memory = sqlite3.connect(":memory:")
            memory.deserialize(snapshot.image)
            manifest = verify.check_contents(memory, folder / "x.age")
            assert manifest.counts == snapshot.counts
            assert manifest.created_at == snapshot.created_at
            restored = restore.restore_into(
                memory, manifest, folder / "restored.vault", NEW_PASSPHRASE,
                Reporter(None, None, ""),
            )
            memory.close()
            with restored:
                for table in data_tables(vault):
                    assert table_rows(restored.connection, table) == table_rows(
                        vault.connection, table
                    ), table
                assert search_entries(restored) == search_entries(vault)

    check()


# ----- interoperability with the standard tools ------------------------------------------------


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true" and LINUX:
            pytest.fail(f"CI must have the `{tool}` command (.ci/run installs it)")
        pytest.skip(f"the `{tool}` command is not installed")
    return path


def age_decrypt(age: str, source: Path, output: Path, passphrase: str) -> bytes:
    """Run `age -d -o output source` on a pseudo-terminal and type the passphrase."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: age reads the passphrase from its terminal
        try:
            os.execv(age, [age, "-d", "-o", str(output), str(source)])  # noqa: S606
        finally:
            os._exit(127)
    transcript = b""
    typed = False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            transcript += chunk
            if not typed and b"passphrase" in transcript.lower():
                os.write(fd, passphrase.encode() + b"\n")
                typed = True
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    assert typed, transcript
    assert os.waitstatus_to_exitcode(status) == 0, transcript
    return transcript


@posix_only  # age reads the passphrase from a pseudo-terminal
def test_the_age_and_sqlite3_tools_read_a_backup(made: Made, tmp_path: Path) -> None:
    age = _need("age")
    sqlite = _need("sqlite3")
    output = tmp_path / "data.sqlite"
    age_decrypt(age, made.backup, output, BACKUP_PASSPHRASE)
    assert output.read_bytes().startswith(SQLITE_HEADER)

    def query(sql: str) -> str:
        done = subprocess.run(
            [sqlite, "-readonly", str(output), sql],
            capture_output=True, text=True, timeout=60, check=True,
        )
        return done.stdout.strip()

    assert query("SELECT count(*) FROM person") == str(made.counts["person"])
    assert query("SELECT count(*) FROM one_on_one") == str(made.counts["one_on_one"])
    assert query(f"SELECT notes FROM person WHERE name = '{MARKER}'") == f"{MARKER} notes"
    assert query("PRAGMA integrity_check") == "ok"
    assert query(
        "SELECT value FROM backup_manifest WHERE kind = 'meta' AND key = 'format_version'"
    ) == "1"


# ----- bad backups: a clear sentence, and nothing changed --------------------------------------


def _flip_in_header(data: bytes) -> bytes:
    changed = bytearray(data)
    at = data.index(b"-> scrypt ") + len(b"-> scrypt ") + 3  # inside the salt
    changed[at] = ord("A") if changed[at] != ord("A") else ord("B")
    return bytes(changed)


def _flip_in_payload(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[len(data) * 2 // 3] ^= 0x40
    return bytes(changed)


def _sqlite_file(_data: bytes) -> bytes:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE person (name TEXT)")
    return db.serialize()


BAD_BACKUPS: dict[str, tuple[Callable[[bytes], bytes], type[OrganizerError], str]] = {
    "flipped byte in the header": (_flip_in_header, BackupWrongPassphrase, "is wrong"),
    "flipped byte in the data": (_flip_in_payload, BackupDamaged, "damaged"),
    "truncated": (lambda d: d[: len(d) // 2], BackupDamaged, "damaged"),
    "cut inside the age header": (lambda d: d[:10], BackupDamaged, "cut short"),
    "flipped byte in the first line": (
        lambda d: d[:4] + bytes([d[4] ^ 0x20]) + d[5:], BackupDamaged, "damaged"
    ),
    "empty": (lambda d: b"", NotABackup, "empty"),
    "not a backup": (lambda d: b"Dear diary,\n" * 50, NotABackup, "not an Organizer backup"),
    "a plain SQLite file": (_sqlite_file, NotABackup, "unencrypted SQLite"),
    "an age header and junk": (lambda d: AGE_HEADER + b"junk", BackupDamaged, "damaged"),
}


@pytest.mark.parametrize("case", sorted(BAD_BACKUPS))
def test_a_bad_backup_is_refused_plainly_and_changes_nothing(
    case: str, made: Made, tmp_path: Path
) -> None:
    damage, kind, words = BAD_BACKUPS[case]
    bad = tmp_path / "in" / "campaign.age"
    bad.parent.mkdir()
    bad.write_bytes(damage(made.backup.read_bytes()))
    out = tmp_path / "out"
    out.mkdir()
    before = listing(tmp_path)
    with pytest.raises(kind) as caught:
        backup.restore_backup(bad, BACKUP_PASSPHRASE, out / "new.vault", NEW_PASSPHRASE)
    assert words in str(caught.value)
    assert_plain_sentence(caught.value)
    assert listing(tmp_path) == before


def test_a_wrong_passphrase_is_refused_plainly_and_changes_nothing(
    made: Made, tmp_path: Path
) -> None:
    source = made.copy_backup(tmp_path / "in")
    before = listing(tmp_path)
    with pytest.raises(BackupWrongPassphrase) as caught:
        backup.restore_backup(
            source, "not the backup passphrase", tmp_path / "new.vault", NEW_PASSPHRASE
        )
    assert str(caught.value) == "The backup passphrase is wrong (or the file was changed)."
    assert listing(tmp_path) == before
    with pytest.raises(BackupWrongPassphrase):
        backup.verify_backup(source, "")


def test_missing_backup_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotABackup, match="no file"):
        backup.verify_backup(tmp_path / "nope.age", BACKUP_PASSPHRASE)
    with pytest.raises(NotABackup, match="folder"):
        backup.verify_backup(tmp_path, BACKUP_PASSPHRASE)


def _reencrypted(made: Made, tmp_path: Path, change: str) -> Path:
    db = sqlite3.connect(":memory:")
    db.deserialize(_plaintext(made))
    db.execute(change)
    db.commit()
    path = tmp_path / "changed.age"
    path.write_bytes(pyrage.passphrase.encrypt(db.serialize(), BACKUP_PASSPHRASE))
    return path


def test_a_backup_from_a_newer_version_is_refused(made: Made, tmp_path: Path) -> None:
    newer = _reencrypted(
        made, tmp_path,
        "UPDATE backup_manifest SET value = '99' WHERE kind = 'meta' AND key = 'schema_version'",
    )
    (tmp_path / "out").mkdir()
    before = listing(tmp_path)
    with pytest.raises(BackupTooNew) as caught:
        backup.restore_backup(newer, BACKUP_PASSPHRASE, tmp_path / "out" / "n.vault",
                              NEW_PASSPHRASE)
    assert "newer version of Organizer" in str(caught.value)
    assert_plain_sentence(caught.value)
    assert listing(tmp_path) == before


def _image_with(made: Made, change: str) -> sqlite3.Connection:
    """The module backup's database, decrypted once per module and changed in memory."""
    db = sqlite3.connect(":memory:")
    db.deserialize(_plaintext(made))
    db.execute(change)
    db.commit()
    return db


_PLAINTEXT: dict[str, bytes] = {}


def _plaintext(made: Made) -> bytes:
    if "image" not in _PLAINTEXT:
        _PLAINTEXT["image"] = pyrage.passphrase.decrypt(
            made.backup.read_bytes(), BACKUP_PASSPHRASE
        )
    return _PLAINTEXT["image"]


@pytest.mark.parametrize(
    ("change", "kind", "words"),
    [
        ("UPDATE backup_manifest SET value = '2' WHERE key = 'format_version'",
         BackupTooNew, "backup format 2"),
        ("UPDATE backup_manifest SET value = '7' WHERE kind = 'count' AND key = 'person'",
         BackupDamaged, "manifest says 7"),
        ("DELETE FROM person WHERE rowid = (SELECT max(rowid) FROM person)",
         BackupDamaged, "table person"),
        ("DELETE FROM backup_manifest WHERE key = 'schema_version'",
         BackupDamaged, "manifest is incomplete"),
        ("DROP TABLE backup_manifest", NotABackup, "no backup manifest"),
        ("CREATE TABLE extra (x)", BackupDamaged, "do not match"),
    ],
)
def test_the_decrypted_database_is_checked(
    made: Made, change: str, kind: type[OrganizerError], words: str
) -> None:
    with pytest.raises(kind) as caught:
        verify.check_contents(_image_with(made, change), Path("/backups/x.age"))
    assert words in str(caught.value)
    assert_plain_sentence(caught.value)


def test_an_older_schema_is_upgraded_by_its_step(
    made: Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a future migration goes: UPGRADES[v] runs on the decrypted copy before the rows
    are copied by column name (simulated: a backup 'from schema 0' whose person table lacks
    a column that the upgrade step adds)."""
    db = _image_with(made, "UPDATE person SET code_name = 'x'")
    db.execute("ALTER TABLE person DROP COLUMN code_name")
    db.execute("UPDATE backup_manifest SET value = '0' WHERE key = 'schema_version'")
    db.commit()
    steps: list[int] = []

    def upgrade(memory: sqlite3.Connection) -> None:
        steps.append(0)
        memory.execute("ALTER TABLE person ADD COLUMN code_name TEXT NOT NULL DEFAULT 'up'")

    monkeypatch.setattr(restore, "UPGRADES", {0: upgrade})  # the real steps need real copies
    manifest = BackupManifest(1, 0, __version__, "2026-01-01T00:00:00.000Z",
                              dict(made.counts))
    restore.upgrade(db, manifest.schema_version)
    restored = restore.restore_into(db, manifest, tmp_path / "up.vault", NEW_PASSPHRASE,
                                    Reporter(None, None, ""))
    with restored:
        codes = {r[0] for r in restored.connection.execute("SELECT code_name FROM person")}
    assert steps == [0] and codes == {"up"}


def _restore_image(made: Made, db: sqlite3.Connection, target: Path) -> Vault:
    """What restore_backup does after decrypting: check, upgrade, build the new vault."""
    manifest = verify.check_contents(db, made.backup)
    restore.upgrade(db, manifest.schema_version)
    return restore.restore_into(db, manifest, target, NEW_PASSPHRASE, Reporter(None, None, ""))


def _schema_1_layout() -> dict[str, list[str]]:
    """Every table of a schema-1 vault with its columns (made by MIGRATIONS[0] alone)."""
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    conn.executescript(schema.MIGRATIONS[0])
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%'"
    )]
    layout = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    conn.close()
    return layout


def test_a_schema_1_backup_is_restored_and_migrated(made: Made, tmp_path: Path) -> None:
    """A backup made by a schema-1 Organizer (built here from the module's backup: tables and
    columns that came with schema 2 removed, a structure test scoped the old way, by its one
    scope_department_id) comes back in the current schema's form, like a migrated vault."""
    db = _image_with(made, "SELECT 1")
    old = _schema_1_layout()
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if table == "backup_manifest":
            continue
        if table not in old:
            db.execute(f'DROP TABLE "{table}"')
            db.execute("DELETE FROM backup_manifest WHERE kind = 'count' AND key = ?", (table,))
            continue
        for (column,) in db.execute(f'SELECT name FROM pragma_table_info("{table}")').fetchall():
            if column not in old[table]:
                db.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    test_id, department_id = db.execute(
        "SELECT (SELECT id FROM structure_test ORDER BY rowid LIMIT 1), "
        "(SELECT id FROM department ORDER BY rowid LIMIT 1)"
    ).fetchone()
    assert test_id and department_id
    db.execute("UPDATE structure_test SET scope_department_id = ? WHERE id = ?",
               (department_id, test_id))
    db.execute("UPDATE backup_manifest SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    with _restore_image(made, db, tmp_path / "v1.vault") as restored, made.open_vault(
        tmp_path / "original"
    ) as original:
        conn = restored.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute(
            "SELECT structure_test_id, department_id FROM structure_test_department"
        ).fetchall() == [(test_id, department_id)]
        assert conn.execute(
            "SELECT count(*) FROM structure_test WHERE scope_department_id IS NOT NULL"
        ).fetchone()[0] == 0
        # Everything else, the columns schema 2 derives included, as in the migrated vault.
        # (Not the change stamps or the device id: the original's edits were stamped as it
        # was filled in, at schema 3; a schema 1 backup predates stamps.)
        for table in data_tables(original):
            if not table.startswith("structure_test") and table not in ("field_stamp", "replica"):
                assert table_rows(conn, table) == table_rows(original.connection, table), table
        assert restored.check().ok


def test_tables_newer_than_the_schema_the_manifest_names_are_refused(
    made: Made, tmp_path: Path
) -> None:
    """A backup whose manifest was changed to say schema 1 while its tables are already
    schema 2: the upgrade step fails, in one sentence, and no vault is made."""
    db = _image_with(made, "UPDATE backup_manifest SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(BackupDamaged) as caught:
        _restore_image(made, db, tmp_path / "odd.vault")
    assert "do not match the schema version it names (1)" in str(caught.value)
    assert_plain_sentence(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_restored_vault_is_built_like_a_new_one(made: Made, tmp_path: Path) -> None:
    """The restore fills a new vault through bulk_load: every table, index, trigger and
    search setting must come out as in a vault made the ordinary way, and the triggers must
    work afterwards."""
    db = sqlite3.connect(":memory:")
    db.deserialize(_plaintext(made))
    target = tmp_path / "restored.vault"
    with _restore_image(made, db, target) as restored, made.open_vault(
        tmp_path / "original"
    ) as original:
        def layout(vault: Vault) -> list[tuple[object, ...]]:
            return vault.connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()

        def settings_of(vault: Vault) -> list[tuple[object, ...]]:
            # FTS5 raises its own 'version' on the first secure delete: not a setting.
            return vault.connection.execute(
                "SELECT k, v FROM search_index_config WHERE k <> 'version' ORDER BY k"
            ).fetchall()

        assert layout(restored) == layout(original)
        assert settings_of(restored) == settings_of(original)
        for pragma in ("application_id", "user_version", "journal_mode"):
            assert restored.connection.execute(f"PRAGMA {pragma}").fetchone() == (
                original.connection.execute(f"PRAGMA {pragma}").fetchone()
            ), pragma
        # The search index is one merged segment (no merging left for a later small write).
        # FTS5's structure record (id 10): a 4-byte cookie, then varints: levels, segments.
        structure = restored.connection.execute(
            "SELECT block FROM search_index_data WHERE id = 10"
        ).fetchone()[0]
        assert structure[4] < 128 and structure[5] == 1
        # FTS5's own check of the index against the records (raises on any difference), and
        # the same index rows as the original's, whichever SQLite built them.
        restored.connection.execute(
            "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)"
        )

        def index_rows(vault: Vault) -> list[tuple[object, ...]]:
            return vault.connection.execute(
                "SELECT rowid, kind, record_id, person_id, title, body FROM search_index "
                "ORDER BY rowid"
            ).fetchall()

        assert index_rows(restored) == index_rows(original)
        # The triggers are live again: a new one-on-one updates its person and is searchable.
        person_id = restored.connection.execute(
            "SELECT id FROM person WHERE name = ?", (MARKER,)
        ).fetchone()[0]
        conversations.log_one_on_one(restored, OneOnOne(
            person_id=person_id, held_on="2030-01-02", notes="Zyxwvut restored talk",
        ))
        assert restored.connection.execute(
            "SELECT last_contact_on FROM person WHERE id = ?", (person_id,)
        ).fetchone()[0] == "2030-01-02"
        assert [h.kind for h in search.search(restored, "Zyxwvut")] == ["one-on-one"]
    assert_private(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["original", "restored.vault"]


def test_a_cancel_stops_the_restore_inside_its_long_statements(
    made: Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the indexes and the search index are single statements (many seconds on a
    big campaign): a cancel asked for once the rows are in stops them from inside, and
    nothing is left behind. (This small campaign's statements are short, so SQLite is asked
    to look more often.)"""
    monkeypatch.setattr(restore, "CANCEL_STEPS", 20)
    db = sqlite3.connect(":memory:")
    db.deserialize(_plaintext(made))
    manifest = verify.check_contents(db, made.backup)
    fractions: list[float] = []
    asked_by: list[str] = []

    def cancelled() -> bool:
        if fractions and fractions[-1] >= restore._AFTER_ROWS:
            # SQLite's progress handler (a lambda) or the reporter between steps?
            asked_by.append(sys._getframe(1).f_code.co_name)
            return True
        return False

    with pytest.raises(BackupCancelled, match="no vault was created"):
        restore.restore_into(
            db, manifest, tmp_path / "new.vault", NEW_PASSPHRASE,
            Reporter(fractions.append, cancelled,
                     "The restore was cancelled; no vault was created."),
        )
    assert asked_by[0] == "<lambda>"  # from inside a statement
    assert fractions[-1] == pytest.approx(restore._AFTER_ROWS)
    assert list(tmp_path.iterdir()) == []


def test_running_out_of_memory_while_building_says_so_and_leaves_nothing(
    made: Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def out_of_memory(conn: object, after: object = None) -> None:
        raise MemoryError

    monkeypatch.setattr(search, "index_records", out_of_memory)  # as bulk_load calls it
    db = sqlite3.connect(":memory:")
    db.deserialize(_plaintext(made))
    with pytest.raises(backup.BackupError, match="not enough memory") as caught:
        _restore_image(made, db, tmp_path / "restored.vault")
    assert_plain_sentence(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_backup_whose_links_are_broken_is_not_restored(made: Made, tmp_path: Path) -> None:
    db = _image_with(made, "UPDATE one_on_one SET person_id = 'nobody' "
                           "WHERE rowid = (SELECT min(rowid) FROM one_on_one)")
    with pytest.raises(BackupDamaged, match="do not fit together") as caught:
        _restore_image(made, db, tmp_path / "broken.vault")
    assert_plain_sentence(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_restore_never_overwrites_and_checks_before_decrypting(
    made: Made, tmp_path: Path
) -> None:
    existing = tmp_path / "existing.vault"
    existing.write_bytes(b"precious")
    with pytest.raises(BackupLocation, match="never overwrites"):
        backup.restore_backup(made.backup, BACKUP_PASSPHRASE, existing, NEW_PASSPHRASE)
    assert existing.read_bytes() == b"precious"
    with pytest.raises(BackupLocation, match="does not exist"):
        backup.restore_backup(
            made.backup, BACKUP_PASSPHRASE, tmp_path / "no" / "x.vault", NEW_PASSPHRASE
        )
    with pytest.raises(WeakPassphrase):
        backup.restore_backup(made.backup, BACKUP_PASSPHRASE, tmp_path / "n.vault", "short")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.vault"]


def test_a_cancelled_restore_leaves_no_vault(made: Made, tmp_path: Path) -> None:
    """Cancelled while the rows go in (after the new vault file was made): no file remains.

    Run on the decrypted database directly (restore_backup does exactly this after
    decrypting), to spare a scrypt run.
    """
    memory = sqlite3.connect(":memory:")
    memory.deserialize(_plaintext(made))
    manifest = verify.check_contents(memory, made.backup)
    target = tmp_path / "new.vault"
    cancelled_in: list[list[str]] = []

    def cancel_while_copying() -> bool:  # a few tables into the copy
        building = sorted(p.name for p in tmp_path.iterdir())
        if any(".restoring-" in name for name in building):
            cancelled_in.append(building)
        return len(cancelled_in) > 4

    with pytest.raises(BackupCancelled, match="no vault was created"):
        restore.restore_into(
            memory, manifest, target, NEW_PASSPHRASE,
            Reporter(None, cancel_while_copying, "The restore was cancelled; no vault "
                     "was created."),
        )
    assert cancelled_in  # it really was cancelled with a half-made vault on disk
    assert list(tmp_path.iterdir()) == []
    # restore_backup uses the same message (and checks the hook before decrypting).
    with pytest.raises(BackupCancelled, match="no vault was created"):
        backup.restore_backup(made.backup, BACKUP_PASSPHRASE, target, NEW_PASSPHRASE,
                              cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


# ----- bad export targets ----------------------------------------------------------------------


@pytest.fixture
def vault(made: Made, tmp_path: Path) -> Iterator[Vault]:
    with made.open_vault(tmp_path / "vault") as opened:
        yield opened


@pytest.fixture
def previous(made: Made, tmp_path: Path) -> Path:
    """A folder holding an earlier backup that a failed export must leave exactly as it was."""
    return made.copy_backup(tmp_path / "backups", "campaign.age")


def _read_only_folder(tmp_path: Path) -> Path:
    if os.geteuid() == 0:  # chmod does not stop root: use a file system that refuses
        return Path("/proc/sys")  # its entries, unlike /proc's, do not come and go
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    return folder


def test_export_to_a_missing_folder(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(BackupLocation, match="does not exist") as caught:
        backup.export_backup(vault, tmp_path / "gone" / "b.age", BACKUP_PASSPHRASE)
    assert_plain_sentence(caught.value)
    assert not (tmp_path / "gone").exists()


@posix_modes
def test_export_to_a_read_only_folder(vault: Vault, tmp_path: Path) -> None:
    folder = _read_only_folder(tmp_path)
    before = sorted(os.listdir(folder))
    with pytest.raises(BackupLocation, match="cannot write in") as caught:
        backup.export_backup(vault, folder / "b.age", BACKUP_PASSPHRASE)
    assert_plain_sentence(caught.value)
    assert sorted(os.listdir(folder)) == before


def test_export_refuses_to_replace_other_files(vault: Vault, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("not a backup")
    with pytest.raises(BackupLocation, match="not an Organizer backup"):
        backup.export_backup(vault, letter, BACKUP_PASSPHRASE)
    assert letter.read_text() == "not a backup"
    with pytest.raises(BackupLocation, match="vault itself"):
        backup.export_backup(vault, vault.path, BACKUP_PASSPHRASE)
    with pytest.raises(BackupLocation, match="is a folder"):
        backup.export_backup(vault, tmp_path, BACKUP_PASSPHRASE)
    with pytest.raises(WeakPassphrase):
        backup.export_backup(vault, tmp_path / "b.age", "short")
    assert not (tmp_path / "b.age").exists()


@posix_only
def test_export_to_a_full_disk(vault: Vault, previous: Path) -> None:
    """A file-size limit makes the disk "full" for this process: EFBIG, as real as ENOSPC."""
    import resource

    folder = previous.parent
    before = listing(folder)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))
    try:
        with pytest.raises(DiskFull) as caught:
            backup.export_backup(vault, folder / "new.age", BACKUP_PASSPHRASE)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    assert "disk is full" in str(caught.value)
    assert_plain_sentence(caught.value)
    assert listing(folder) == before


def test_a_cancelled_export_leaves_the_previous_backup(vault: Vault, previous: Path) -> None:
    folder = previous.parent
    before = listing(folder)
    calls: list[int] = []

    def cancel_after_reading_a_little() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(BackupCancelled, match="nothing was written"):
        backup.export_backup(vault, previous, BACKUP_PASSPHRASE, replace=True,
                             cancelled=cancel_after_reading_a_little)
    assert listing(folder) == before


KILLED_EXPORT = """
import os, sys
from pathlib import Path
from organizer.core import backup
from organizer.core.vault import Vault

vault = Vault.open_with_key(Path(sys.argv[1]), sys.stdin.readline().strip())
real_fsync = os.fsync
def fsync_then_die(fd):
    real_fsync(fd)
    if ".partial-" in os.readlink(f"/proc/self/fd/{fd}"):
        os._exit(9)  # killed right after the encrypted data reached the partial file
os.fsync = fsync_then_die
backup.export_backup(vault, Path(sys.argv[2]), sys.argv[3], replace=True)
os._exit(0)
"""


@linux_only  # the child finds the partial file's descriptor in /proc/self/fd
def test_a_killed_export_leaves_the_previous_backup_and_its_temp_file_goes(
    made: Made, previous: Path, tmp_path: Path
) -> None:
    folder = previous.parent
    before = sha256(previous)
    vault_path = made.copy_vault(tmp_path / "vault")
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED_EXPORT), str(vault_path), str(previous),
         BACKUP_PASSPHRASE],
        input=made.raw_key + "\n", capture_output=True, text=True, timeout=120, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
    )
    assert child.returncode == 9, child.stderr
    assert sha256(previous) == before
    left = [p for p in folder.iterdir() if ".partial-" in p.name]
    assert len(left) == 1 and left[0].stat().st_size > 0
    assert left[0].stat().st_mode & 0o777 == 0o600
    assert backup.clean_partial_backups(folder) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.age"]
    assert sha256(previous) == before


@posix_only  # another process's lock is stood in for by flock
def test_clean_partial_backups_spares_a_backup_in_progress(tmp_path: Path) -> None:
    import fcntl

    dead = tmp_path / ".a.age.partial-0123456789ab"
    live = tmp_path / ".b.age.partial-ba9876543210"
    other = tmp_path / ".notes.partial-draft"
    for path in (dead, live, other):
        path.write_bytes(b"x")
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        assert backup.clean_partial_backups(tmp_path) == 1
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
    assert backup.clean_partial_backups(tmp_path / "missing") == 0


# ----- automatic backups -----------------------------------------------------------------------


def test_automatic_backup_names_say_when_but_not_which_campaign() -> None:
    when = dt.datetime(2026, 11, 23, 14, 5, 9, tzinfo=dt.UTC)
    name = backup.automatic_backup_name("a" * 32, when)
    short = hashlib.sha256(b"a" * 32).hexdigest()[:8]
    assert name == f"organizer-backup-{short}-2026-11-23T140509Z.age"
    assert backup.campaign_prefix("a" * 32) == f"organizer-backup-{short}-"
    local = dt.datetime(2026, 11, 23, 15, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert backup.automatic_backup_name("a" * 32, local) == name


def test_rotation_keeps_the_newest_and_touches_nothing_else(tmp_path: Path) -> None:
    ours = backup.campaign_prefix("ours")
    theirs = backup.campaign_prefix("theirs")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made_names = []
    for day in (5, 1, 3, 2, 4):  # created out of order: the time in the name decides
        name = backup.automatic_backup_name("ours", start + dt.timedelta(days=day))
        (tmp_path / name).write_bytes(b"x")
        made_names.append(name)
    for day in (0, 1):
        (tmp_path / backup.automatic_backup_name("theirs", start + dt.timedelta(days=day))
         ).write_bytes(b"x")
    (tmp_path / "organizer-backup-manual.age").write_bytes(b"x")
    (tmp_path / "holiday.jpg").write_bytes(b"x")
    removed = backup.rotate_backups(tmp_path, keep=2, prefix=ours)
    assert sorted(p.name for p in removed) == sorted(made_names[i] for i in (1, 3, 2))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in left if n.startswith(ours)] == sorted(made_names[i] for i in (4, 0))
    assert len([n for n in left if n.startswith(theirs)]) == 2
    assert "holiday.jpg" in left and "organizer-backup-manual.age" in left
    assert backup.rotate_backups(tmp_path, keep=2, prefix=ours) == []
    with pytest.raises(ValueError):
        backup.rotate_backups(tmp_path, keep=0, prefix=ours)


def test_automatic_backups_run_when_needed_and_rotate_after_verifying(
    vault: Vault, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    status = backup.backup_status(vault)
    assert not status.enabled and status.last_at is None and status.warning
    assert backup.run_automatic_backup(vault) is None  # off: nothing to do

    with pytest.raises(BackupLocation):
        backup.set_auto_backup_settings(vault, folder=tmp_path / "missing", keep=3,
                                        passphrase=BACKUP_PASSPHRASE)
    settings_ = backup.set_auto_backup_settings(vault, folder=folder, keep=3,
                                                passphrase=BACKUP_PASSPHRASE)
    assert settings_.enabled and settings_.keep == 3 and settings_.folder == folder
    assert backup.backup_needed(vault)

    row = vault.connection.execute("SELECT id, name FROM campaign").fetchone()
    prefix = backup.campaign_prefix(row[0])
    old = [
        folder / backup.automatic_backup_name(row[0], dt.datetime(2026, 1, d, tzinfo=dt.UTC))
        for d in (1, 2, 3, 4)
    ]
    for path in old:
        path.write_bytes(b"an older backup")
    leftover = folder / ".organizer-backup-x.age.partial-0123456789ab"
    leftover.write_bytes(b"from a killed export")

    # A cancelled run deletes nothing.
    with pytest.raises(BackupCancelled):
        backup.run_automatic_backup(vault, cancelled=lambda: True)
    assert all(p.exists() for p in old)

    assert not leftover.exists()  # every export first clears what killed ones left

    old_ones_present: list[bool] = []
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    manifest = backup.run_automatic_backup(
        vault, now=now, progress=lambda f: old_ones_present.append(all(p.exists() for p in old))
    )
    assert manifest is not None and manifest.path is not None
    assert manifest.path.name == backup.automatic_backup_name(row[0], now)
    assert row[1] not in manifest.path.name and "Made" not in manifest.path.name
    # Until the new one had verified (the last progress step), every old backup was there.
    assert old_ones_present and all(old_ones_present)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([old[2].name, old[3].name, manifest.path.name])
    assert all(n.startswith(prefix) for n in names)
    assert manifest.path.read_bytes().startswith(AGE_HEADER)  # verified by the export itself

    status = backup.backup_status(vault, now=now + dt.timedelta(hours=1))
    assert status.enabled and status.verified and status.recent and status.warning is None
    assert status.last_path == manifest.path and status.error == ""

    # Nothing changed since: no new backup, even when asked daily.
    assert not backup.backup_needed(vault)
    assert backup.run_automatic_backup(vault, now=now + dt.timedelta(days=2)) is None
    # Something changed: due on lock/close, but the daily timer waits a day.
    people.add_person(vault, Person(name="New Hire"))
    assert backup.backup_needed(vault)
    assert backup.run_automatic_backup(
        vault, now=now + dt.timedelta(hours=3), min_interval=backup.DAILY
    ) is None

    # Old backups warn, a missing folder warns, a failure is recorded and shown.
    stale = backup.backup_status(vault, now=now + dt.timedelta(days=8))
    assert not stale.recent and "more than a week" in (stale.warning or "")
    shutil.rmtree(folder)
    with pytest.raises(BackupLocation, match="missing"):
        backup.run_automatic_backup(vault, now=now + dt.timedelta(days=1))
    missing = backup.backup_status(vault, now=now + dt.timedelta(hours=2))
    assert missing.folder_missing and "missing" in (missing.warning or "")
    assert "missing" in missing.error


def test_the_change_check_sees_every_kind_of_change(vault: Vault) -> None:
    def remember() -> None:
        conn = vault.connection
        automatic.record(conn, {
            backup.KEY_LAST_FINGERPRINT: export.fingerprint(conn, vault_tables(conn)),
        })
        assert not backup.backup_needed(vault)

    person = people.add_person(vault, Person(name="Sam Ortiz"))
    remember()
    people.update_person(vault, Person(**{**person.__dict__, "notes": "changed"}))
    assert backup.backup_needed(vault)
    remember()
    issue_row = vault.connection.execute(
        "SELECT person_id, issue_id FROM person_issue LIMIT 1"
    ).fetchone()
    with vault.transaction() as conn:  # a link moved: same count, no timestamp anywhere
        conn.execute("DELETE FROM person_issue WHERE person_id = ? AND issue_id = ?", issue_row)
        conn.execute("INSERT INTO person_issue (person_id, issue_id) VALUES (?, ?)",
                     (person.id, issue_row[1]))
    assert backup.backup_needed(vault)
    remember()
    backup.record_backup(vault, BackupManifest(1, 1, "x", "2026-01-01T00:00:00.000Z", {}))
    assert not backup.backup_needed(vault)  # bookkeeping is not a change
    people.delete_person(vault, person.id)
    assert backup.backup_needed(vault)


def test_an_automatic_backup_waits_for_a_long_write_to_record_itself(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import holds the vault's write lock for many seconds at 100,000 rows: the backup
    beside it is written and verified, then waits to note so (not: "database is locked")."""
    import threading

    from organizer.core import vault as vault_module

    # Every new connection gives up on a lock after 50 ms, so only the bookkeeping's own
    # longer wait can outlast the 0.5 s write below.
    monkeypatch.setattr(vault_module, "CONNECTION_PRAGMAS", tuple(
        "PRAGMA busy_timeout = 50" if p.startswith("PRAGMA busy_timeout") else p
        for p in vault_module.CONNECTION_PRAGMAS))
    folder = tmp_path / "usb"
    folder.mkdir()
    backup.set_auto_backup_settings(vault, folder=folder, keep=3, passphrase=BACKUP_PASSPHRASE)
    outcome: list[object] = []

    def back_up() -> None:
        try:
            outcome.append(backup.run_automatic_backup(vault, force=True))
        except Exception as error:  # the assertion below shows whatever it was
            outcome.append(error)

    conn = vault.connection
    conn.execute("BEGIN IMMEDIATE")  # the long write, on the app's own connection
    worker = threading.Thread(target=back_up)
    worker.start()
    deadline = time.monotonic() + 60
    while not list(folder.glob("*.age")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the backup file is written and verified while the write goes on
    time.sleep(0.5)
    conn.execute("COMMIT")
    worker.join(60)
    assert len(outcome) == 1 and isinstance(outcome[0], backup.BackupManifest), outcome
    status = backup.backup_status(vault)
    assert status.last_at is not None and status.verified and status.error == ""


def test_quitting_does_not_wait_long_for_the_lock_to_note_a_backup(
    vault: Vault, tmp_path: Path
) -> None:
    """The app quitting passes what is left of its deadline: with the write lock held, the
    backup file is still written and verified, and noting it gives up with one sentence."""
    folder = tmp_path / "usb"
    folder.mkdir()
    backup.set_auto_backup_settings(vault, folder=folder, keep=3, passphrase=BACKUP_PASSPHRASE)
    conn = vault.connection
    conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OrganizerError) as caught:
            backup.run_automatic_backup(vault, force=True, record_wait_ms=50)
    finally:
        conn.execute("COMMIT")
    assert_plain_sentence(caught.value)
    assert len(list(folder.glob("*.age"))) == 1


def test_an_existing_backup_is_replaced_only_when_asked(vault: Vault, previous: Path) -> None:
    before = sha256(previous)
    with pytest.raises(backup.BackupLocation, match="A file already exists"):
        backup.export_backup(vault, previous, BACKUP_PASSPHRASE)
    assert sha256(previous) == before
    backup.export_backup(vault, previous, BACKUP_PASSPHRASE, replace=True)
    assert sha256(previous) != before
    assert backup.verify_backup(previous, BACKUP_PASSPHRASE).total_rows > 0
