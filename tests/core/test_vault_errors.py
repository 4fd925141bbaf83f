"""Every bad input gives the right error, in a plain sentence, and leaves the files as they were."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlcipher3

import organizer
from organizer.core.errors import (
    DiskFull,
    InternalError,
    InvalidInput,
    NotAVault,
    OrganizerError,
    VaultDamaged,
    VaultInUse,
    VaultLocation,
    VaultTooNew,
    WeakPassphrase,
    WrongPassphrase,
)
from organizer.core.vault import Vault, derive_raw_key, read_salt, translate
from tests.conftest import posix_modes, posix_only
from tests.core.helpers import (
    MARKER,
    NEW_PASSPHRASE,
    PAGE_SIZE,
    PASSPHRASE,
    Template,
    add_many_people,
    add_marker_person,
    damage_person_page,
    names_in,
    person_names,
    run_child,
    sha256,
    shared_template,
)

WRONG_PASSPHRASE = "definitely not the passphrase"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return shared_template(tmp_path_factory)


@pytest.fixture(scope="module")
def big_template(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Template:
    """The template with 2000 people in it: enough pages to damage one in the middle."""
    path = template.copy_to(tmp_path_factory.mktemp("big"), "big.vault")
    with Vault.open_with_key(path, template.raw_key) as vault:
        add_many_people(vault, 2000)
    return Template(path, template.passphrase, template.raw_key)


@pytest.fixture
def vault_path(template: Template, tmp_path: Path) -> Path:
    path = template.copy_to(tmp_path / "vault")
    with Vault.open_with_key(path, template.raw_key) as vault:
        add_marker_person(vault)
    return path


def assert_plain_message(error: BaseException) -> None:
    """One sentence for a person: no traceback, no secret, no SQLite jargon."""
    text = str(error)
    assert text.strip(), "the error has no message"
    assert "Traceback" not in text
    assert "sqlcipher3" not in text and "sqlite3." not in text
    for secret in (PASSPHRASE, NEW_PASSPHRASE, WRONG_PASSPHRASE):
        assert secret not in text
    assert not any(len(word) >= 32 and all(c in "0123456789abcdefABCDEF'x" for c in word)
                   for word in text.split()), "the message holds something like a key"


def refused_unchanged(
    path: Path, expected: type[OrganizerError], action: Callable[[], object]
) -> OrganizerError:
    """Run `action`, expect `expected`, and prove the file and its folder are as they were."""
    folder = path.parent
    before = sha256(path) if path.is_file() else None
    names = names_in(folder)
    with pytest.raises(expected) as caught:
        action()
    assert_plain_message(caught.value)
    assert names_in(folder) == names, "files appeared or vanished beside the vault"
    if before is not None:
        assert sha256(path) == before, "the file changed"
    return caught.value


# ----- opening --------------------------------------------------------------------------------


def test_wrong_passphrase_leaves_vault_untouched(vault_path: Path) -> None:
    refused_unchanged(vault_path, WrongPassphrase, lambda: Vault.open(vault_path, WRONG_PASSPHRASE))


def test_wrong_raw_key_leaves_vault_untouched(vault_path: Path) -> None:
    wrong_key = derive_raw_key(WRONG_PASSPHRASE, read_salt(vault_path))
    refused_unchanged(
        vault_path, WrongPassphrase, lambda: Vault.open_with_key(vault_path, wrong_key)
    )


def test_empty_passphrase_on_open_is_refused(vault_path: Path) -> None:
    refused_unchanged(vault_path, WrongPassphrase, lambda: Vault.open(vault_path, ""))


def test_vault_opens_after_being_refused(vault_path: Path) -> None:
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, WRONG_PASSPHRASE)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert person_names(vault) == [MARKER]


def write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def write_random(path: Path, size: int) -> None:
    path.write_bytes(random.Random(size).randbytes(size))


def write_plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE person (name TEXT)")
    conn.execute("INSERT INTO person VALUES (?)", (MARKER,))
    conn.commit()
    conn.close()


def write_other_sqlcipher(path: Path) -> None:
    """An SQLCipher 4 database with the same passphrase that Organizer did not make."""
    conn = sqlcipher3.connect(str(path))
    conn.set_key(PASSPHRASE)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()


NOT_VAULTS: dict[str, tuple[Callable[[Path], None], type[OrganizerError]]] = {
    # Random bytes in whole pages cannot be told from a vault whose passphrase is wrong.
    "random whole pages": (lambda p: write_random(p, 4 * PAGE_SIZE), WrongPassphrase),
    "random odd size": (lambda p: write_random(p, 5000), NotAVault),
    "plain sqlite database": (write_plain_sqlite, NotAVault),
    "empty file": (lambda p: write_bytes(p, b""), NotAVault),
    "folder": (lambda p: p.mkdir(), NotAVault),
    "text file": (lambda p: write_bytes(p, b"name,phone\nRavi,555\n"), NotAVault),
    "another program's sqlcipher database": (write_other_sqlcipher, NotAVault),
}


@pytest.mark.parametrize("kind", NOT_VAULTS)
def test_file_that_is_not_a_vault_is_refused(kind: str, tmp_path: Path) -> None:
    make, expected = NOT_VAULTS[kind]
    path = tmp_path / "campaign.vault"
    make(path)
    refused_unchanged(path, expected, lambda: Vault.open(path, PASSPHRASE))
    if path.is_dir():
        assert list(path.iterdir()) == []


def test_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "campaign.vault"
    refused_unchanged(path, NotAVault, lambda: Vault.open(path, PASSPHRASE))
    assert not path.exists()


TRUNCATIONS: dict[str, Callable[[int], int]] = {
    "all but 1000 bytes": lambda size: size - 1000,
    "one page": lambda size: PAGE_SIZE,
    "half, at a page boundary": lambda size: (size // PAGE_SIZE // 2) * PAGE_SIZE,
    "last page missing": lambda size: size - PAGE_SIZE,
}


@pytest.mark.parametrize("cut", TRUNCATIONS)
def test_truncated_vault_is_refused_or_reported_damaged(
    cut: str, big_template: Template, tmp_path: Path
) -> None:
    path = big_template.copy_to(tmp_path / "vault")
    data = path.read_bytes()
    path.write_bytes(data[: TRUNCATIONS[cut](len(data))])
    before = sha256(path)
    try:
        vault = Vault.open(path, PASSPHRASE)
    except (NotAVault, VaultDamaged) as error:
        assert_plain_message(error)
    else:
        with vault:
            report = vault.check()
            assert not report.ok and report.problems
    assert sha256(path) == before
    assert names_in(path.parent) == {"campaign.vault"}


def test_damaged_page_is_found_by_check_and_reading_it_says_damaged(
    big_template: Template, tmp_path: Path
) -> None:
    path = big_template.copy_to(tmp_path / "vault")
    page = damage_person_page(path, big_template.raw_key)
    before = sha256(path)

    with Vault.open(path, PASSPHRASE) as vault:  # the damage is not on the pages opening reads
        with pytest.raises(VaultDamaged) as caught, vault.transaction() as conn:
            conn.execute("SELECT name, notes FROM person").fetchall()
        assert_plain_message(caught.value)
        # After a failed page SQLCipher refuses writes too: that must still say "damaged".
        with pytest.raises(VaultDamaged), vault.transaction() as conn:
            conn.execute("UPDATE campaign SET name = 'Renamed'")

    with Vault.open(path, PASSPHRASE) as vault:
        report = vault.check()
        assert not report.ok
        assert any(f"page {page}" in problem for problem in report.problems)
    assert sha256(path) == before
    assert names_in(path.parent) == {"campaign.vault"}


def test_vault_from_a_newer_organizer_is_refused(template: Template, tmp_path: Path) -> None:
    path = template.copy_to(tmp_path / "vault")
    conn = sqlcipher3.connect(str(path))
    conn.set_key(template.raw_key)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    error = refused_unchanged(path, VaultTooNew, lambda: Vault.open(path, PASSPHRASE))
    assert "newer" in str(error).lower()


def test_vault_already_open_is_refused(vault_path: Path, template: Template) -> None:
    with Vault.open_with_key(vault_path, template.raw_key) as first:
        refused_unchanged(vault_path, VaultInUse, lambda: Vault.open(vault_path, PASSPHRASE))
        assert person_names(first) == [MARKER]
    Vault.open(vault_path, PASSPHRASE).close()  # free again once the first one closed


def test_vault_open_in_another_process_is_refused(vault_path: Path, template: Template) -> None:
    with Vault.open_with_key(vault_path, template.raw_key):
        child = run_child(
            """
            import sys
            from organizer.core.errors import OrganizerError
            from organizer.core.vault import Vault
            try:
                Vault.open_with_key(sys.argv[1], sys.stdin.readline().strip())
            except OrganizerError as error:
                print(type(error).__name__)
            """,
            str(vault_path),
            stdin=template.raw_key + "\n",
        )
    assert (child.returncode, child.stdout.strip(), child.stderr) == (0, "VaultInUse", "")


# ----- creating -------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["", "short", "eleven char"])
def test_weak_passphrase_on_create_is_refused_and_writes_nothing(
    weak: str, tmp_path: Path
) -> None:
    assert len(weak) < 12
    with pytest.raises(WeakPassphrase) as caught:
        Vault.create(tmp_path / "campaign.vault", weak, "Campaign")
    assert_plain_message(caught.value)
    assert names_in(tmp_path) == set()


def test_create_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "campaign.vault"
    with pytest.raises(VaultLocation) as caught:
        Vault.create(path, PASSPHRASE, "Campaign")
    assert_plain_message(caught.value)
    assert not path.parent.exists()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot write in (root ignores modes, so use /proc then)."""
    if os.geteuid() == 0:
        yield Path("/proc/sys")  # its entries, unlike /proc's, do not come and go
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o700)


@posix_modes
def test_create_in_a_read_only_folder_is_refused(read_only_folder: Path) -> None:
    path = read_only_folder / "organizer-test.vault"
    names = names_in(read_only_folder)
    with pytest.raises(VaultLocation) as caught:
        Vault.create(path, PASSPHRASE, "Campaign")
    assert_plain_message(caught.value)
    assert not path.exists()
    assert names_in(read_only_folder) == names


def test_create_over_an_existing_file_is_refused_and_keeps_it(vault_path: Path) -> None:
    refused_unchanged(
        vault_path, VaultLocation, lambda: Vault.create(vault_path, NEW_PASSPHRASE, "Other")
    )
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert person_names(vault) == [MARKER]


# ----- changing the passphrase ----------------------------------------------------------------


def test_wrong_current_passphrase_is_refused_and_vault_unchanged(
    vault_path: Path, template: Template
) -> None:
    with Vault.open_with_key(vault_path, template.raw_key) as vault:
        vault.checkpoint()
        refused_unchanged(
            vault_path,
            WrongPassphrase,
            lambda: vault.change_passphrase(WRONG_PASSPHRASE, NEW_PASSPHRASE),
        )
        assert person_names(vault) == [MARKER]
    Vault.open(vault_path, PASSPHRASE).close()


def test_weak_new_passphrase_is_refused_and_vault_unchanged(
    vault_path: Path, template: Template
) -> None:
    with Vault.open_with_key(vault_path, template.raw_key) as vault:
        vault.checkpoint()
        refused_unchanged(
            vault_path, WeakPassphrase, lambda: vault.change_passphrase(PASSPHRASE, "too short")
        )
        assert person_names(vault) == [MARKER]
    Vault.open(vault_path, PASSPHRASE).close()


# ----- a disk that fills up -------------------------------------------------------------------

FILLING_DISK = """
    import os, resource, signal, sys
    from pathlib import Path
    from organizer.core.errors import DiskFull
    from organizer.core.vault import Vault
    from tests.core.helpers import add_person, person_names

    path = Path(sys.argv[1])
    vault = Vault.open_with_key(path, sys.stdin.readline().strip())
    # The file-size limit stands in for a full disk: writes past it fail with EFBIG.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 64 * 1024, hard))
    try:
        with vault.transaction() as conn:
            for number in range(2000):
                add_person(conn, f"Filler {number}", notes="x" * 1000)
    except DiskFull as error:
        print("DiskFull:", error)
    print("people:", len(person_names(vault)))
    print("wal left:", os.path.exists(f"{path}-wal"))
    os._exit(0)  # die without closing: the WAL stays behind for the next open to handle
"""


@posix_only  # the full disk is a file-size rlimit
def test_disk_filling_mid_transaction_says_disk_full_and_keeps_the_vault(
    vault_path: Path, template: Template
) -> None:
    before = sha256(vault_path)
    child = run_child(FILLING_DISK, str(vault_path), stdin=template.raw_key + "\n")
    assert child.returncode == 0, child.stderr
    assert child.stderr == ""
    assert "DiskFull: The disk is full" in child.stdout
    assert "people: 1" in child.stdout, "the failed transaction left nothing behind"
    assert "wal left: True" in child.stdout
    # WAL mode writes only the -wal before a commit: the main file is byte-for-byte the same,
    # and the -wal left behind holds no committed frame.
    assert sha256(vault_path) == before
    assert names_in(vault_path.parent) <= {
        "campaign.vault", "campaign.vault-wal", "campaign.vault-shm"
    }
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.check().ok
        assert person_names(vault) == [MARKER]
        add_marker_person(vault, "After the disk had room again")
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.check().ok
        assert len(person_names(vault)) == 2


# ----- errors by SQLite code -----------------------------------------------------------------


def test_a_query_on_a_missing_table_is_an_internal_error_not_damage(vault_path: Path) -> None:
    """A bug (here: a table that does not exist) must never send the user to their backups."""
    with Vault.open(vault_path, PASSPHRASE) as vault:
        before = person_names(vault)

        def buggy_write() -> None:
            with vault.transaction() as conn:
                conn.execute("UPDATE person SET name = 'Should vanish'")
                conn.execute("SELECT count(*) FROM no_such_table")

        with pytest.raises(InternalError) as caught:
            buggy_write()
        error = caught.value
        assert str(error) == (
            "Organizer hit a problem it did not expect; nothing was saved and your vault is "
            "unchanged."
        )
        assert not isinstance(error, VaultDamaged)
        assert "restore" not in str(error).lower() and "backup" not in str(error).lower()
        # The details name the error and where it happened, and nothing from inside the vault.
        assert error.details.startswith("SQLITE_ERROR in tests.core.test_vault_errors line ") \
            or error.details.startswith("SQLITE_ERROR in organizer.core.vault line ")
        assert f"Organizer {organizer.__version__}" in error.details
        assert "no_such_table" not in error.details and "Should vanish" not in error.details
        assert person_names(vault) == before, "the failed transaction left nothing behind"
        assert vault.check().ok


def test_internal_error_details_name_the_organizer_module_and_line(tmp_path: Path) -> None:
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("SELEKT 1")
    except sqlcipher3.Error as raw:
        error = translate(raw)
    assert isinstance(error, InternalError)
    assert error.details.startswith("SQLITE_ERROR in tests.core.test_vault_errors line ")


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("INSERT INTO t VALUES (1)", InvalidInput),  # UNIQUE: SQLITE_CONSTRAINT
        ("SELECT * FROM missing", InternalError),  # SQLITE_ERROR: a bug
    ],
)
def test_errors_map_by_code(statement: str, expected: type[OrganizerError]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.Error) as caught:
        conn.execute(statement)
    assert isinstance(translate(caught.value), expected)


def test_damage_codes_say_damaged_and_busy_codes_say_in_use() -> None:
    def coded(code: int) -> sqlcipher3.Error:
        error = sqlcipher3.DatabaseError("whatever the text says")
        error.sqlite_errorcode = code
        return error

    assert isinstance(translate(coded(11)), VaultDamaged)  # SQLITE_CORRUPT
    assert isinstance(translate(coded(26)), VaultDamaged)  # SQLITE_NOTADB
    assert isinstance(translate(coded(5)), VaultInUse)  # SQLITE_BUSY
    assert isinstance(translate(coded(6 | (1 << 8))), VaultInUse)  # SQLITE_LOCKED_SHAREDCACHE
    assert isinstance(translate(coded(13)), DiskFull)  # SQLITE_FULL
    assert isinstance(translate(coded(8)), VaultLocation)  # SQLITE_READONLY
    assert isinstance(translate(coded(14)), VaultLocation)  # SQLITE_CANTOPEN
    # The text no longer decides: "disk is full" in the message of another code is a bug.
    error = sqlcipher3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 1
    assert isinstance(translate(error), InternalError)


def test_every_connection_runs_with_sqlcipher_default_memory_security(vault_path: Path) -> None:
    with Vault.open(vault_path, PASSPHRASE) as vault:
        for conn in (vault.connection, vault.connect_another()):
            assert conn.execute("PRAGMA cipher_memory_security").fetchone()[0] in (0, "0")
