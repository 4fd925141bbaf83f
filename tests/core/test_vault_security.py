"""The vault's security promises, proved on real SQLCipher files.

- Nothing readable of a vault ever reaches the disk: not while writing, not after a crash.
- Any SQLCipher 4 reader opens a vault with only its passphrase and default settings.
- Files are private (0600) and the data folder too (0700).
- Changing the passphrase survives being killed at any moment.
- No passphrase or key ever reaches a log, stdout or stderr.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from organizer.core import paths, schema
from organizer.core.errors import NotAVault, OrganizerError, WrongPassphrase
from organizer.core.vault import EXPECTED_CIPHER_SETTINGS, Vault, derive_raw_key, read_salt
from tests.conftest import posix_modes, posix_only
from tests.core.helpers import (
    MARKER,
    NEW_PASSPHRASE,
    PASSPHRASE,
    REPO,
    Template,
    add_many_people,
    add_marker_person,
    add_person,
    child_env,
    damage_person_page,
    kill_writer_midway,
    names_in,
    person_names,
    plaintext_image,
    plaintext_leaks,
    run_child,
    sha256,
    shared_template,
)

VAULT_FILES = {"campaign.vault", "campaign.vault-wal", "campaign.vault-shm"}
WRONG_PASSPHRASE = "definitely not the passphrase"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return shared_template(tmp_path_factory)


@pytest.fixture(scope="module")
def new_key(template: Template) -> str:
    """The raw key NEW_PASSPHRASE gives with the template's salt (re-keying keeps the salt)."""
    return derive_raw_key(NEW_PASSPHRASE, read_salt(template.path))


@pytest.fixture
def vault(template: Template, tmp_path: Path) -> Iterator[Vault]:
    opened = template.open_copy(tmp_path / "vault")
    yield opened
    opened.close()


def cipher_settings(conn: object) -> dict[str, str]:
    found = {}
    for (line,) in conn.execute("PRAGMA cipher_settings").fetchall():  # type: ignore[attr-defined]
        name, _, value = line.removeprefix("PRAGMA ").rstrip(";").partition(" = ")
        found[name.strip()] = value.strip()
    return found


# ----- nothing readable on disk ---------------------------------------------------------------


def test_leak_scanner_finds_plaintext_when_there_is_some(tmp_path: Path) -> None:
    """The scanner below is not vacuous: it sees a marker in a plain SQLite file, in any form."""
    for encoding in ("UTF-8", "UTF-16le", "UTF-16be"):
        folder = tmp_path / encoding
        folder.mkdir()
        conn = sqlite3.connect(folder / "plain.db")
        conn.execute(f"PRAGMA encoding = '{encoding}'")
        conn.execute("CREATE TABLE person (name TEXT)")
        conn.execute("INSERT INTO person VALUES (?)", (MARKER,))
        conn.commit()
        conn.close()
        leaks = plaintext_leaks(folder, [MARKER])
        assert any("plaintext SQLite header" in leak for leak in leaks)
        assert any(MARKER in leak for leak in leaks), encoding


def test_uncommitted_transaction_leaves_no_plaintext_on_disk(vault: Vault) -> None:
    folder = vault.path.parent
    wal = Path(f"{vault.path}-wal")
    with vault.transaction() as conn:
        conn.execute("PRAGMA cache_size = 2")  # spill the open transaction to the WAL
        for number in range(300):
            add_person(conn, f"{MARKER} {number}", notes=MARKER * 20)
        assert wal.stat().st_size > 0, "the uncommitted pages should have reached the disk"
        assert plaintext_leaks(folder, [MARKER]) == []
        assert names_in(folder) <= VAULT_FILES
    assert plaintext_leaks(folder, [MARKER]) == []


def test_committed_but_not_checkpointed_data_is_encrypted_in_the_wal(vault: Vault) -> None:
    folder = vault.path.parent
    size_before = vault.path.stat().st_size
    add_marker_person(vault)
    assert Path(f"{vault.path}-wal").stat().st_size > 0
    assert vault.path.stat().st_size == size_before, "the main file waits for a checkpoint"
    assert plaintext_leaks(folder, [MARKER]) == []
    assert names_in(folder) == VAULT_FILES
    vault.checkpoint()
    assert plaintext_leaks(folder, [MARKER]) == []
    vault.close()
    assert plaintext_leaks(folder, [MARKER]) == []
    assert names_in(folder) == {"campaign.vault"}


def test_writer_killed_midway_leaves_no_plaintext_or_stray_files(
    template: Template, tmp_path: Path
) -> None:
    path = template.copy_to(tmp_path / "vault")
    committed, uncommitted = f"{MARKER}-committed", f"{MARKER}-uncommitted"
    after_commit, before_death = kill_writer_midway(
        path, template.raw_key, committed, uncommitted
    )
    assert before_death > after_commit > 0, "both transactions should have reached the WAL"
    assert names_in(path.parent) == VAULT_FILES, "the crash leaves the WAL, and nothing else"
    assert plaintext_leaks(path.parent, [committed, uncommitted, MARKER]) == []


# ----- any SQLCipher 4 reader opens it --------------------------------------------------------


def test_plain_sqlcipher_opens_vault_with_only_the_passphrase(vault: Vault) -> None:
    add_marker_person(vault)
    vault.close()
    conn = sqlcipher3.connect(str(vault.path))
    try:
        conn.set_key(PASSPHRASE)
        assert conn.execute("SELECT name FROM person").fetchall() == [(MARKER,)]
        assert cipher_settings(conn) == EXPECTED_CIPHER_SETTINGS
    finally:
        conn.close()


def test_sqlcipher4_compatibility_mode_opens_vault(vault: Vault) -> None:
    add_marker_person(vault)
    vault.close()
    conn = sqlcipher3.connect(str(vault.path))
    try:
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.set_key(PASSPHRASE)
        assert conn.execute("SELECT name FROM person").fetchall() == [(MARKER,)]
    finally:
        conn.close()


def test_independent_reader_decrypts_vault_from_the_published_format(vault: Vault) -> None:
    """Decrypting by hand (PBKDF2 + AES-CBC + HMAC-SHA512) gives a healthy plain database."""
    add_marker_person(vault)
    vault.close()
    plain = sqlite3.connect(":memory:")
    plain.deserialize(plaintext_image(vault.path, PASSPHRASE))
    assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert plain.execute("SELECT name FROM person").fetchall() == [(MARKER,)]
    assert plain.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert plain.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_sqlcipher_command_line_tool_opens_vault(vault: Vault) -> None:
    tool = shutil.which("sqlcipher")
    if tool is None:
        pytest.skip("the sqlcipher command-line tool is not installed")
    version = subprocess.run(
        [tool, ":memory:"], input="PRAGMA cipher_version;\n", capture_output=True, text=True,
        check=False, timeout=30,
    ).stdout.strip()
    if not version or int(version.split(".")[0]) < 4:
        pytest.skip(f"the sqlcipher tool is version {version or 'unknown'}, not SQLCipher 4")
    add_marker_person(vault)
    vault.close()
    script = f"PRAGMA key = '{PASSPHRASE}';\nSELECT name FROM person;\n"
    result = subprocess.run(
        [tool, str(vault.path)], input=script, capture_output=True, text=True, check=False,
        timeout=60,
    )
    assert MARKER in result.stdout, result.stderr


def test_vault_connection_uses_sqlcipher4_default_settings(vault: Vault) -> None:
    assert cipher_settings(vault.connection) == EXPECTED_CIPHER_SETTINGS
    worker = vault.connect_another()
    try:
        assert cipher_settings(worker) == EXPECTED_CIPHER_SETTINGS
    finally:
        worker.close()


def test_raw_key_from_derive_raw_key_opens_vault_in_plain_sqlcipher(vault: Vault) -> None:
    add_marker_person(vault)
    vault.close()
    raw_key = derive_raw_key(PASSPHRASE, read_salt(vault.path))
    assert re.fullmatch(r"x'[0-9a-f]{96}'", raw_key)
    conn = sqlcipher3.connect(str(vault.path))
    try:
        conn.set_key(raw_key)
        assert conn.execute("SELECT name FROM person").fetchall() == [(MARKER,)]
    finally:
        conn.close()


def test_database_made_with_other_kdf_iterations_is_refused(tmp_path: Path) -> None:
    """SQLCipher keeps no settings in the file, so other KDF settings look like a wrong key."""
    path = tmp_path / "other.vault"
    conn = sqlcipher3.connect(str(path))
    conn.set_key(PASSPHRASE)
    conn.execute("PRAGMA kdf_iter = 64000")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("CREATE TABLE person (name TEXT)")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    assert sha256(path) == before
    assert names_in(tmp_path) == {"other.vault"}


@pytest.fixture
def sqlcipher_defaults_of_another_build() -> Iterator[None]:
    """Make this process's SQLCipher default to 64,000 KDF iterations, as another build might."""
    conn = sqlcipher3.connect(":memory:")
    conn.execute("PRAGMA cipher_default_kdf_iter = 64000")
    try:
        yield
    finally:
        conn.execute("PRAGMA cipher_default_kdf_iter = 256000")
        conn.close()


@pytest.mark.usefixtures("sqlcipher_defaults_of_another_build")
def test_open_asserts_sqlcipher4_defaults(template: Template, tmp_path: Path) -> None:
    path = template.copy_to(tmp_path)
    with pytest.raises(NotAVault, match="non-default encryption settings"):
        Vault.open_with_key(path, template.raw_key)


@pytest.mark.usefixtures("sqlcipher_defaults_of_another_build")
def test_create_refuses_to_write_a_vault_with_other_settings(tmp_path: Path) -> None:
    with pytest.raises(OrganizerError, match="standard SQLCipher 4"):
        Vault.create(tmp_path / "campaign.vault", PASSPHRASE, "Campaign")
    assert names_in(tmp_path) == set()


# ----- private files --------------------------------------------------------------------------


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """A umask that would make new files world-readable, as a desktop session often has."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path | str) -> int:
    return os.stat(path).st_mode & 0o777


@posix_modes
@pytest.mark.usefixtures("lax_umask")
def test_new_vault_and_its_wal_are_private(tmp_path: Path) -> None:
    path = tmp_path / "campaign.vault"
    with Vault.create(path, PASSPHRASE, "Campaign") as vault:
        add_marker_person(vault)
        assert mode(path) == 0o600
        assert mode(f"{path}-wal") == 0o600
        assert mode(f"{path}-shm") == 0o600


@posix_modes
@pytest.mark.usefixtures("lax_umask")
def test_opening_a_vault_with_a_lax_umask_keeps_wal_and_shm_private(
    template: Template, tmp_path: Path
) -> None:
    with template.open_copy(tmp_path) as vault:
        add_marker_person(vault)
        assert mode(vault.path) == 0o600
        assert mode(f"{vault.path}-wal") == 0o600
        assert mode(f"{vault.path}-shm") == 0o600


@posix_modes
def test_new_vault_is_private_under_the_suite_umask(tmp_path: Path) -> None:
    path = tmp_path / "campaign.vault"
    Vault.create(path, PASSPHRASE, "Campaign").close()
    assert mode(path) == 0o600


@posix_modes
@pytest.mark.usefixtures("lax_umask")
def test_data_dir_is_created_private(tmp_path: Path) -> None:
    folder = paths.data_dir()
    assert folder == tmp_path / "data"
    assert mode(folder) == 0o700


@posix_modes
def test_data_dir_made_private_when_it_already_exists(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir(mode=0o755)
    os.chmod(tmp_path / "data", 0o755)  # noqa: S103 - the lax mode data_dir must correct
    assert mode(paths.data_dir()) == 0o700


# ----- changing the passphrase survives being killed ------------------------------------------

CHANGER = """
    import os, sys
    from pathlib import Path
    from organizer.core.vault import Vault

    path, mode = Path(sys.argv[1]), sys.argv[2]
    raw_key, old, new = sys.stdin.read().splitlines()
    vault = Vault.open_with_key(path, raw_key)
    real_replace = os.replace

    def replace(source, target):
        if mode == "before-rename":
            os._exit(3)
        real_replace(source, target)
        if mode == "after-rename":
            os._exit(4)

    os.replace = replace
    print("ready", flush=True)
    vault.change_passphrase(old, new)
    print("done", flush=True)
"""


def vault_with_marker(template: Template, folder: Path) -> Path:
    with template.open_copy(folder) as vault:
        add_marker_person(vault)
    return folder / "campaign.vault"


def start_changer(path: Path, template: Template, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CHANGER), str(path), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=REPO, env=child_env(),
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{template.raw_key}\n{PASSPHRASE}\n{NEW_PASSPHRASE}\n")
    child.stdin.close()
    assert child.stdout.readline() == "ready\n"
    return child


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for the child; its exit code and what it wrote on stderr."""
    returncode = child.wait(timeout=30)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    errors = child.stderr.read()
    child.stderr.close()
    return returncode, errors


def which_key_opens(path: Path, template: Template, new_key: str) -> str:
    """Exactly one of the old and new passphrases opens the vault; it is whole. Which one?"""
    assert read_salt(path) == read_salt(template.path), "re-keying keeps the salt"
    opened = []
    for label, key in (("old", template.raw_key), ("new", new_key)):
        try:
            vault = Vault.open_with_key(path, key)
        except WrongPassphrase:
            continue
        with vault:
            assert vault.check().ok
            assert person_names(vault) == [MARKER]
        opened.append(label)
    assert len(opened) == 1, f"opened with {opened}"
    assert plaintext_leaks(path.parent, [MARKER]) == []
    return opened[0]


@pytest.mark.slow
def test_passphrase_change_killed_at_many_moments_leaves_one_whole_vault(
    template: Template, new_key: str, tmp_path: Path
) -> None:
    outcomes = []
    for attempt, delay in enumerate((0, 0.03, 0.08, 0.15, 0.22, 0.3, 0.4, 0.55)):
        path = vault_with_marker(template, tmp_path / f"attempt-{attempt}")
        child = start_changer(path, template, "timed")
        time.sleep(delay)
        child.kill()  # SIGKILL; on Windows TerminateProcess, as sudden
        finish(child)
        outcomes.append((which_key_opens(path, template, new_key), sorted(names_in(path.parent))))
    print("passphrase after each kill:", outcomes)


def test_passphrase_change_killed_just_before_the_rename_keeps_the_old_passphrase(
    template: Template, new_key: str, tmp_path: Path
) -> None:
    path = vault_with_marker(template, tmp_path / "vault")
    child = start_changer(path, template, "before-rename")
    assert finish(child) == (3, "")
    assert which_key_opens(path, template, new_key) == "old"
    # The half-made copy is encrypted and the next change cleans it up.
    with Vault.open(path, PASSPHRASE) as vault:
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    assert names_in(path.parent) == {"campaign.vault"}
    assert which_key_opens(path, template, new_key) == "new"


def test_passphrase_change_killed_just_after_the_rename_keeps_the_new_passphrase(
    template: Template, new_key: str, tmp_path: Path
) -> None:
    path = vault_with_marker(template, tmp_path / "vault")
    child = start_changer(path, template, "after-rename")
    assert finish(child) == (4, "")
    assert which_key_opens(path, template, new_key) == "new"
    with Vault.open(path, NEW_PASSPHRASE) as vault:
        assert vault.check().ok
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)


# ----- the key never reaches a log ------------------------------------------------------------

LOGGED_SESSION = """
    import logging, sys
    from pathlib import Path

    folder, log, damaged = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    logging.basicConfig(level=logging.DEBUG, filename=log, force=True)
    logging.getLogger("organizer").debug("session starts")
    from organizer.core.errors import OrganizerError
    from organizer.core.vault import Vault
    from tests.core.helpers import add_marker_person

    old, new, wrong = sys.stdin.read().splitlines()
    path = folder / "campaign.vault"
    with Vault.create(path, old, "Campaign") as vault:
        add_marker_person(vault)
    for attempt in (wrong, ""):
        try:
            Vault.open(path, attempt)
        except OrganizerError as error:
            print("refused:", error)
    with Vault.open(path, old) as vault:
        try:
            vault.change_passphrase(wrong, new)
        except OrganizerError as error:
            print("refused:", error)
        vault.change_passphrase(old, new)
    with Vault.open(path, new) as vault:
        print("check:", vault.check().ok)
    with Vault.open(damaged, old) as vault:
        try:
            with vault.transaction() as conn:
                conn.execute("SELECT name, notes FROM person").fetchall()
        except OrganizerError as error:
            print("damaged:", error)
        print("damaged check:", vault.check().ok)
"""


def secret_forms(key_or_passphrase: str) -> list[str]:
    forms = [key_or_passphrase]
    hex_part = key_or_passphrase.removeprefix("x'").removesuffix("'")
    if hex_part != key_or_passphrase:
        forms += [hex_part, hex_part.upper(), hex_part[:64], hex_part[:64].upper()]
    return forms


@pytest.mark.slow
def test_passphrase_and_key_never_reach_logs_or_the_terminal(
    template: Template, tmp_path: Path
) -> None:
    damaged = template.copy_to(tmp_path / "damaged")
    with Vault.open_with_key(damaged, template.raw_key) as big:
        add_many_people(big, 300)
    damage_person_page(damaged, template.raw_key)
    folder = tmp_path / "vault"
    folder.mkdir()
    log = tmp_path / "organizer.log"
    child = run_child(
        LOGGED_SESSION, str(folder), str(log), str(damaged),
        stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n{WRONG_PASSPHRASE}\n",
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.count("refused:") == 3
    assert "check: True" in child.stdout
    assert "damaged: The vault is damaged" in child.stdout
    assert "damaged check: False" in child.stdout
    assert child.stderr == "", "SQLCipher or Python printed something on stderr"
    log_text = log.read_text()
    assert "session starts" in log_text, "the log was written"

    salt = read_salt(folder / "campaign.vault")
    secrets = [PASSPHRASE, NEW_PASSPHRASE, WRONG_PASSPHRASE, template.raw_key]
    secrets += [derive_raw_key(p, salt) for p in (PASSPHRASE, NEW_PASSPHRASE, WRONG_PASSPHRASE)]
    for secret in secrets:
        for form in secret_forms(secret):
            for name, text in (("stdout", child.stdout), ("log", log_text)):
                assert form not in text, f"a secret appeared in {name}"


def organizer_sources() -> list[Path]:
    return sorted((REPO / "organizer").rglob("*.py"))


def test_no_code_installs_a_trace_callback_or_puts_a_key_in_sql() -> None:
    forbidden = [
        re.compile(r"set_trace_callback"),
        re.compile(r"pragma\s+(re)?key\b", re.IGNORECASE),
        re.compile(r"cipher_profile", re.IGNORECASE),
        re.compile(r"pragma\s+cipher_log\s*=", re.IGNORECASE),
        # An attached database's key only as a bound parameter (a restore writes the new
        # vault with `ATTACH DATABASE ? AS restored KEY ?`), never as text in the SQL.
        re.compile(r"\bATTACH\b.*\bKEY\b(?!\s*\?)", re.IGNORECASE),
    ]
    sources = organizer_sources()
    assert sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for pattern in forbidden:
            assert not pattern.search(text), f"{source.relative_to(REPO)}: {pattern.pattern}"
        for level in re.findall(r"cipher_log_level\s*=\s*(\w+)", text, re.IGNORECASE):
            assert level.upper() == "NONE", f"{source.relative_to(REPO)} sets a log level"


# ----- process hardening ----------------------------------------------------------------------

HARDENED = """
    import ctypes, ctypes.util, os, resource, sys
    from organizer.platform import harden_process

    os.umask(0o022)
    harden_process()
    print("umask", oct(os.umask(0o077)))
    print("core limit", resource.getrlimit(resource.RLIMIT_CORE))
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        print("dumpable", libc.prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
"""


@posix_only  # umask and RLIMIT_CORE
def test_hardened_process_writes_no_core_dump_and_creates_private_files() -> None:
    child = run_child(HARDENED)
    assert child.returncode == 0, child.stderr
    assert "umask 0o77" in child.stdout
    assert "core limit (0, 0)" in child.stdout
    if sys.platform.startswith("linux"):
        assert "dumpable 0" in child.stdout
