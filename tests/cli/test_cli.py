"""The `organizer` command: version, app start, vault create/check/passwd, demo, passphrases."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from organizer import __version__, cli, cli_passphrase
from organizer.core.errors import WrongPassphrase
from organizer.core.vault import RECORD_KINDS, Vault
from tests.cli.cli_helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    folder_state,
    lines,
    run_in_process,
    run_process,
)

EMPTY_CHECK = [f"{label}: 0" for label, _ in RECORD_KINDS] + ["integrity: ok"]


# ----- version and usage --------------------------------------------------------------------


def test_version_prints_name_and_version(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_in_process(["--version"], "", monkeypatch, capsys)
    assert (result.code, result.out, result.err) == (0, f"organizer {__version__}\n", "")


def test_version_as_a_real_process() -> None:
    result = run_process(["--version"])
    assert (result.code, result.out.strip(), result.err) == (0, f"organizer {__version__}", "")


@pytest.mark.parametrize(
    "argv",
    [
        ["vault"],
        ["vault", "open", "x.vault"],
        ["nonsense"],
        ["demo"],
        ["demo", "x.vault", "--people", "0"],
        ["demo", "x.vault", "--people", "many"],
        ["vault", "check"],
    ],
)
def test_wrong_usage_exits_2_without_touching_files(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_in_process(argv, f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert result.code == 2
    assert "usage: organizer" in result.err
    assert folder_state(tmp_path) == {}


def test_wrong_usage_exit_code_is_real() -> None:
    result = run_process(["vault", "frobnicate"])
    assert result.code == 2
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["vault", "create", "{path}", "--passphrase", PASSPHRASE],
        ["vault", "create", "{path}", PASSPHRASE],
        ["vault", "create", "{path}", f"--passphrase={PASSPHRASE}"],
        ["demo", "{path}", "-p", PASSPHRASE],
    ],
)
def test_passphrase_is_never_taken_from_arguments(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "campaign.vault"
    argv = [part.replace("{path}", str(path)) for part in argv]
    result = run_in_process(argv, f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert result.code == 2
    assert not path.exists()


def test_passphrase_is_never_taken_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ORGANIZER_PASSPHRASE", "ORGANIZER_PASSWORD", "PASSPHRASE"):
        monkeypatch.setenv(name, PASSPHRASE)
    result = run_in_process(
        ["vault", "create", str(tmp_path / "a.vault")], "", monkeypatch, capsys
    )
    result.assert_one_sentence_error()
    assert result.err == ("organizer: Standard input ended before the new passphrase was given "
                          "(give one passphrase per line).\n")
    assert folder_state(tmp_path) == {}


# ----- starting the app ----------------------------------------------------------------------


def _fake_app(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []

    def run_app(demo: bool = False) -> int:
        calls.append(demo)
        return 0

    module = types.ModuleType("organizer.gui.app")
    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "organizer.gui.app", module)
    return calls


def test_no_arguments_starts_the_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_app(monkeypatch)
    assert run_in_process([], "", monkeypatch, capsys).code == 0
    assert calls == [False]


def test_demo_flag_starts_the_app_with_the_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_app(monkeypatch)
    assert run_in_process(["--demo"], "", monkeypatch, capsys).code == 0
    assert calls == [True]


def test_app_that_cannot_load_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "organizer.gui.app", None)  # import raises ImportError
    run_in_process([], "", monkeypatch, capsys).assert_one_sentence_error()


# ----- vault create / check / passwd ---------------------------------------------------------


def test_create_then_check_lists_every_kind_and_integrity_ok(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "campaign.vault"
    created = run_in_process(["vault", "create", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                             capsys)
    assert created.code == 0, created.err
    assert path.exists()
    checked = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                             capsys)
    assert checked.code == 0, checked.err
    assert lines(checked.out) == EMPTY_CHECK
    assert checked.err == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaign.vault"]


def test_create_names_the_campaign_after_the_file_or_the_name_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, named = tmp_path / "acme-tech.vault", tmp_path / "other.vault"
    run_in_process(["vault", "create", str(plain)], f"{PASSPHRASE}\n", monkeypatch, capsys)
    run_in_process(["vault", "create", str(named), "--name", "Brightline workers"],
                   f"{PASSPHRASE}\n", monkeypatch, capsys)
    for path, expected in ((plain, "acme-tech"), (named, "Brightline workers")):
        with Vault.open(path, PASSPHRASE) as vault:
            assert vault.connection.execute("SELECT name FROM campaign").fetchone()[0] == expected


def test_create_and_check_as_real_processes(tmp_path: Path) -> None:
    path = tmp_path / "campaign.vault"
    assert run_process(["vault", "create", str(path)], f"{PASSPHRASE}\n").code == 0
    checked = run_process(["vault", "check", str(path)], f"{PASSPHRASE}\n")
    assert checked.code == 0, checked.err
    assert lines(checked.out) == EMPTY_CHECK


def test_passphrase_keeps_spaces_and_loses_only_the_line_ending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "spaces.vault"
    spaced = "  spaces around it  "
    assert run_in_process(["vault", "create", str(path)], f"{spaced}\r\n", monkeypatch,
                          capsys).code == 0
    Vault.open(path, spaced).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, spaced.strip())


def test_passwd_changes_the_passphrase(
    tmp_path: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = vault_path  # tmp_path / "campaign.vault", passphrase PASSPHRASE
    changed = run_in_process(["vault", "passwd", str(path)],
                             f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n", monkeypatch, capsys)
    assert changed.code == 0, changed.err
    old = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch, capsys)
    old.assert_one_sentence_error()
    assert "passphrase is wrong" in old.err
    new = run_in_process(["vault", "check", str(path)], f"{NEW_PASSPHRASE}\n", monkeypatch,
                         capsys)
    assert new.code == 0
    assert lines(new.out)[-1] == "integrity: ok"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaign.vault"]


def test_passwd_without_the_new_line_changes_nothing(
    tmp_path: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = vault_path
    before = folder_state(tmp_path)
    result = run_in_process(["vault", "passwd", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                            capsys)
    result.assert_one_sentence_error()
    assert result.err == ("organizer: Standard input ended before the new passphrase was given "
                          "(give one passphrase per line).\n")
    assert folder_state(tmp_path) == before


# ----- demo ----------------------------------------------------------------------------------


def test_demo_then_check_counts_the_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.vault"
    made = run_in_process(["demo", str(path), "--people", "50", "--seed", "1"],
                          f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert made.code == 0, made.err
    assert "50 people" in made.out
    checked = run_in_process(["vault", "check", str(path)], f"{PASSPHRASE}\n", monkeypatch,
                             capsys)
    assert checked.code == 0, checked.err
    counts = dict(line.split(": ") for line in lines(checked.out))
    assert counts["people"] == "50"
    assert int(counts["one-on-ones"]) > 0
    assert counts["integrity"] == "ok"
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.connection.execute("SELECT is_demo FROM campaign").fetchone()[0] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.vault"]


def test_demo_as_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "demo.vault"
    made = run_process(["demo", str(path), "--people", "20"], f"{PASSPHRASE}\n")
    assert made.code == 0, made.err
    checked = run_process(["vault", "check", str(path)], f"{PASSPHRASE}\n")
    assert "people: 20" in lines(checked.out)


# ----- on a terminal -------------------------------------------------------------------------


class _Terminal:
    """Standard input that says it is a terminal; getpass is fed from `answers`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
        self.prompts: list[str] = []
        self.answers = list(answers)
        monkeypatch.setattr(sys, "stdin", self)
        monkeypatch.setattr(cli_passphrase.getpass, "getpass", self.getpass)

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        raise AssertionError("a terminal is read with getpass, never readline")

    def getpass(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        answer = self.answers.pop(0)
        if answer == "^C":
            raise KeyboardInterrupt
        return answer


def test_terminal_asks_for_a_new_passphrase_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal(monkeypatch, [PASSPHRASE, PASSPHRASE])
    assert cli.main(["vault", "create", str(tmp_path / "a.vault")]) == 0
    assert len(terminal.prompts) == 2
    Vault.open(tmp_path / "a.vault", PASSPHRASE).close()


def test_terminal_passphrases_that_differ_create_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _Terminal(monkeypatch, [PASSPHRASE, PASSPHRASE + "!"])
    assert cli.main(["vault", "create", str(tmp_path / "a.vault")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("organizer: ") and "differ" in err
    assert folder_state(tmp_path) == {}


def test_terminal_refuses_a_short_passphrase_before_asking_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal(monkeypatch, ["short"])
    assert cli.main(["vault", "create", str(tmp_path / "a.vault")]) == 1
    assert len(terminal.prompts) == 1
    assert "too short" in capsys.readouterr().err


def test_terminal_passwd_asks_current_once_and_new_twice(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = vault_path
    terminal = _Terminal(monkeypatch, [PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE])
    assert cli.main(["vault", "passwd", str(path)]) == 0
    assert len(terminal.prompts) == 3
    Vault.open(path, NEW_PASSPHRASE).close()


def test_ctrl_c_exits_130_with_a_short_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _Terminal(monkeypatch, ["^C"])
    assert cli.main(["vault", "create", str(tmp_path / "a.vault")]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err
    assert folder_state(tmp_path) == {}
