"""Every bad input: exit 1, one sentence on stderr, no traceback, and files left as they were."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from organizer.core.demo import generate_demo
from tests.cli.cli_helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    REPO_ROOT,
    folder_state,
    lines,
    run_in_process,
    run_process,
)
from tests.conftest import (
    WINDOWS,
    derived_template,
    linux_only,
    posix_modes,
    posix_only,
    session_template,
)

PAGE = 4096


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty vault and a 50-person demo campaign, both copies of the suite's template vault
    (tests/conftest.py, passphrase PASSPHRASE), made once and copied by each test."""
    os.umask(0o077)
    demo = derived_template(
        tmp_path_factory, "cli-demo-50",
        lambda vault: generate_demo(vault, people=50, seed=1, today=dt.date(2026, 5, 1)),
        campaign_name="Demo",
    )
    return {"empty": session_template(tmp_path_factory).path, "demo": demo.path}


def _copy(templates: dict[str, Path], kind: str, folder: Path, name: str = "c.vault") -> Path:
    target = folder / name
    shutil.copyfile(templates[kind], target)
    return target


# ----- opening what cannot be opened ---------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "passwd"])
def test_wrong_passphrase_leaves_the_vault_untouched(
    command: str,
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _copy(templates, "demo", tmp_path)
    before = folder_state(tmp_path)
    stdin = f"not the passphrase\n{NEW_PASSPHRASE}\n"
    result = run_in_process(["vault", command, str(path)], stdin, monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "passphrase is wrong" in result.err
    assert folder_state(tmp_path) == before


def test_wrong_passphrase_as_a_real_process(templates: dict[str, Path], tmp_path: Path) -> None:
    path = _copy(templates, "empty", tmp_path)
    before = folder_state(tmp_path)
    result = run_process(["vault", "check", str(path)], "not the passphrase\n")
    result.assert_one_sentence_error()
    assert folder_state(tmp_path) == before


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(2 * PAGE))


def _plain_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE person (name TEXT)")
        db.execute("INSERT INTO person VALUES ('Ravi')")
    db.close()


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("make", [_random_bytes, _plain_sqlite, _empty_file])
@pytest.mark.parametrize("command", ["check", "passwd"])
def test_a_file_that_is_not_a_vault_is_refused_and_untouched(
    make: Callable[[Path], None],
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "not-a.vault"
    make(path)
    before = folder_state(tmp_path)
    result = run_in_process(
        ["vault", command, str(path)], f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n", monkeypatch, capsys
    )
    result.assert_one_sentence_error()
    assert folder_state(tmp_path) == before


def test_a_missing_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_in_process(["vault", "check", str(tmp_path / "nowhere.vault")],
                            f"{PASSPHRASE}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "nowhere.vault" in result.err
    assert folder_state(tmp_path) == {}


@pytest.mark.parametrize("keep", ["all but 1000 bytes", "one page"])
def test_a_truncated_vault_is_refused_and_untouched(
    keep: str,
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _copy(templates, "demo", tmp_path)
    size = path.stat().st_size
    os.truncate(path, size - 1000 if keep == "all but 1000 bytes" else PAGE)
    before = folder_state(tmp_path)
    result = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                            capsys)
    result.assert_one_sentence_error()
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("page", [3, 7])
def test_a_damaged_page_fails_the_check(
    page: int,
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _copy(templates, "demo", tmp_path)
    with open(path, "r+b") as file:
        offset = (page - 1) * PAGE + PAGE // 2
        file.seek(offset)
        original = file.read(16)
        file.seek(offset)
        file.write(bytes(byte ^ 0xFF for byte in original))
    before = folder_state(tmp_path)
    result = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                            capsys)
    result.assert_one_sentence_error()
    assert "damaged" in result.err
    assert lines(result.out)[-1] == "integrity: failed"
    assert folder_state(tmp_path) == before


def test_a_damaged_vault_as_a_real_process(templates: dict[str, Path], tmp_path: Path) -> None:
    path = _copy(templates, "demo", tmp_path)
    with open(path, "r+b") as file:
        file.seek(2 * PAGE + PAGE // 2)
        file.write(b"\x00" * 32)
    result = run_process(["vault", "check", str(path)], f"{PASSPHRASE}\n")
    result.assert_one_sentence_error()
    assert "damaged" in result.err


# ----- creating where nothing can be created --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "says"), [("", "empty"), ("short", "too short"), ("eleven char", "too short")]
)
@pytest.mark.parametrize("command", ["vault create", "demo"])
def test_a_weak_passphrase_creates_nothing(
    typed: str,
    says: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*command.split(), str(tmp_path / "new.vault")]
    result = run_in_process(argv, f"{typed}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert says in result.err
    assert folder_state(tmp_path) == {}


@pytest.mark.parametrize("command", ["vault create", "demo"])
def test_a_folder_that_does_not_exist(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*command.split(), str(tmp_path / "missing" / "new.vault")]
    result = run_in_process(argv, f"{PASSPHRASE}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "does not exist" in result.err
    assert folder_state(tmp_path) == {}
    assert not (tmp_path / "missing").exists()


@linux_only
@pytest.mark.parametrize("folder", ["/proc", "/sys"])
def test_a_read_only_file_system(
    folder: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Root ignores file modes, but not a file system that takes no new files: runs as anyone.
    target = Path(folder) / "organizer-test.vault"
    result = run_in_process(["vault", "create", str(target)], f"{PASSPHRASE}\n", monkeypatch,
                            capsys)
    result.assert_one_sentence_error()
    assert folder in result.err
    assert not target.exists()


@posix_modes
@pytest.mark.skipif(not WINDOWS and os.geteuid() == 0,
                    reason="root writes into read-only folders anyway")
def test_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_in_process(["vault", "create", str(folder / "new.vault")],
                                f"{PASSPHRASE}\n", monkeypatch, capsys)
        result.assert_one_sentence_error()
        assert folder_state(folder) == {}
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("command", ["vault create", "demo"])
def test_an_existing_file_is_never_replaced(
    command: str,
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _copy(templates, "demo", tmp_path)
    (tmp_path / "notes.txt").write_text("not a vault either")
    before = folder_state(tmp_path)
    for target in (path, tmp_path / "notes.txt"):
        result = run_in_process([*command.split(), str(target)], f"{PASSPHRASE}\n",
                                monkeypatch, capsys)
        result.assert_one_sentence_error()
        assert "already exists" in result.err
    assert folder_state(tmp_path) == before


# ----- a disk that fills up -------------------------------------------------------------------


def _file_size_limit(limit: int) -> Callable[[], None]:
    """In the child: files may not grow past `limit` bytes, and writing past it fails
    (EFBIG) instead of killing the process, like a disk that has just filled up."""
    import resource

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return apply


@posix_only
def test_disk_full_while_making_a_demo_leaves_nothing(tmp_path: Path) -> None:
    result = run_process(
        ["demo", str(tmp_path / "demo.vault"), "--people", "2000"],
        f"{PASSPHRASE}\n",
        preexec_fn=_file_size_limit(1_500_007),
    )
    result.assert_one_sentence_error()
    assert "disk is full" in result.err
    assert folder_state(tmp_path) == {}


@posix_only
def test_disk_full_while_changing_the_passphrase_keeps_the_vault(
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _copy(templates, "demo", tmp_path)
    before = folder_state(tmp_path)
    result = run_process(
        ["vault", "passwd", str(path)],
        f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n",
        preexec_fn=_file_size_limit(path.stat().st_size // 2 + 7),
    )
    result.assert_one_sentence_error()
    assert "disk is full" in result.err
    assert folder_state(tmp_path) == before
    checked = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                             capsys)
    assert lines(checked.out)[-1] == "integrity: ok"


@posix_only
def test_disk_full_in_a_big_write_rolls_the_vault_back(
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _copy(templates, "empty", tmp_path)
    before = folder_state(tmp_path)
    script = textwrap.dedent(
        f"""
        import sys
        from organizer.core.demo import generate_demo
        from organizer.core.errors import DiskFull
        from organizer.core.vault import Vault
        vault = Vault.open({str(path)!r}, {PASSPHRASE!r})
        try:
            generate_demo(vault, people=3000)
        except DiskFull as error:
            print(error)
            sys.exit(1)
        finally:
            vault.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        preexec_fn=_file_size_limit(path.stat().st_size + 1_000_007),
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "disk is full" in done.stdout
    assert folder_state(tmp_path) == before
    checked = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                             capsys)
    assert checked.code == 0
    assert "people: 0" in lines(checked.out)
    assert lines(checked.out)[-1] == "integrity: ok"
