"""Suite-wide rules: headless Qt, private temp files, no network for any test, Hypothesis
profiles, and the one template vault every test copies instead of creating its own.

Vaults for tests
----------------
Creating a vault costs two PBKDF2 key derivations (256,000 iterations, ~0.2 s each) and opening
one with its passphrase costs one. So each test session (each pytest-xdist worker has its own
session) makes ONE real SQLCipher vault with `Vault.create(path, PASSPHRASE, CAMPAIGN_NAME)` in
its own `tmp_path_factory` folder and derives its raw key once; tests get byte-for-byte copies
(mode 0600) opened with `Vault.open_with_key`. Every copy has the template's salt, so the one
raw key opens all of them, and templates filled with data (`derived_template`) share it too.

Fixtures (no import needed):
    vault                 an open copy of the empty template in `tmp_path`, closed afterwards
    vault_path            a closed copy at `tmp_path / "campaign.vault"` (for CLI or child
                          processes, or for tests that open it themselves)
    empty_vault_template  the session's `VaultTemplate` (path, passphrase, raw_key; `copy_to`
                          and `open_copy` make more copies)
Functions (`from tests.conftest import ...`), for module- or session-scoped fixtures and
Hypothesis tests, where function-scoped fixtures don't fit:
    session_template(tmp_path_factory)                    the same template as the fixture
    derived_template(tmp_path_factory, name, fill, ...)   a template with data, made once
    examples(n)                                           Hypothesis example counts, see below

Tests that are about creating or opening with a passphrase (wrong passphrase, refusing an
existing file, salts differing between vaults...) still call `Vault.create` / `Vault.open`.

The slow marker
---------------
`@pytest.mark.slow` on tests that take seconds (scrypt, child processes, big data), plus the
rules below (SLOW_MODULES, SLOW_FIXTURES). `pytest -n auto -m "not slow"` is the quick loop;
`make test` and CI run everything.

Hypothesis profiles
-------------------
HYPOTHESIS_PROFILE picks one: `dev` (the default: 15 examples a test, for a quick local run)
or `ci` (what `.ci/run` exports: Hypothesis's 100 examples, and each test's own smaller count
where it asks for one through `examples(n)`). Neither has a deadline: timings on a loaded
machine are not what these tests check.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from organizer import i18n
from organizer.core import campaign
from organizer.core.vault import Vault, derive_raw_key, read_salt

if TYPE_CHECKING:
    from organizer.core.committee.send import SentFile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "correct horse battery staple"
CAMPAIGN_NAME = "Test campaign"

# ----- Hypothesis -----------------------------------------------------------------------------

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def examples(ci_count: int) -> int:
    """A test's own example count under `ci`, capped by the loaded profile's (15 under `dev`).

    Use it where a test asks for fewer examples than the profile's 100 because each is costly:
    `@settings(max_examples=examples(25), ...)`.
    """
    return min(ci_count, settings.default.max_examples)


# ----- the slow marker ------------------------------------------------------------------------

# Tests can say `@pytest.mark.slow` themselves; these rules mark the rest, so that
# `pytest -m "not slow"` is a quick loop. `make test` and CI run everything regardless.
# Fixtures that make every test using them slow: the campaign-scale benchmark run once per
# module (tests/test_benchmark_harness.py, ~15 s of child processes).
SLOW_FIXTURES = frozenset({"small_run"})
# Modules whose tests nearly all make or open real backups: each age encryption or decryption
# is an scrypt key derivation (~1.5 s of CPU by design), and a test does two to four. Together
# they are about 40% of the suite's time. (Their owners may replace this with per-test marks.)
SLOW_MODULES = frozenset({
    "tests/core/test_backup.py",
    "tests/cli/test_cli_backup.py",
    "tests/gui/test_backups_gui.py",
})
_ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.resolve()
        module = path.relative_to(_ROOT).as_posix() if path.is_relative_to(_ROOT) else ""
        if module in SLOW_MODULES or SLOW_FIXTURES.intersection(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.slow)


# ----- the network ----------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkUsed(f"a test tried to use the network: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Organizer opens no sockets: any connect or DNS lookup fails the test."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own data and config folders, so nothing leaks between tests."""
    monkeypatch.setenv("ORGANIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    os.umask(0o077)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English unless they choose a language, whatever this machine's LANG; the
    language is English again after each test."""
    monkeypatch.setenv("ORGANIZER_LANGUAGE", i18n.SOURCE_LANGUAGE)
    i18n.use(i18n.SOURCE_LANGUAGE)
    yield
    i18n.use(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


# ----- template vaults ------------------------------------------------------------------------


@dataclass(frozen=True)
class VaultTemplate:
    """A closed vault made once per session; its copies share its salt, so its raw key opens
    every one of them."""

    path: Path
    passphrase: str
    raw_key: str

    def copy_to(self, folder: Path, name: str = "campaign.vault") -> Path:
        """A byte-for-byte copy at `folder/name`, private (0600) like a vault Organizer made."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        shutil.copyfile(self.path, target)
        os.chmod(target, 0o600)
        return target

    def open_copy(self, folder: Path, name: str = "campaign.vault") -> Vault:
        return Vault.open_with_key(self.copy_to(folder, name), self.raw_key)


def make_template(
    folder: Path, passphrase: str = PASSPHRASE, campaign_name: str = CAMPAIGN_NAME
) -> VaultTemplate:
    """A new template made with `Vault.create` (two key derivations): for another passphrase."""
    path = folder / "template.vault"
    Vault.create(path, passphrase, campaign_name).close()
    return VaultTemplate(path, passphrase, derive_raw_key(passphrase, read_salt(path)))


# Keyed by the session's base folder: under pytest-xdist each worker has its own.
_templates: dict[tuple[Path, str], VaultTemplate] = {}


def session_template(factory: pytest.TempPathFactory) -> VaultTemplate:
    """The session's empty vault (campaign CAMPAIGN_NAME, passphrase PASSPHRASE)."""
    key = (factory.getbasetemp(), "")
    if key not in _templates:
        _templates[key] = make_template(factory.mktemp("template"))
    return _templates[key]


def derived_template(
    factory: pytest.TempPathFactory,
    name: str,
    fill: Callable[[Vault], object],
    *,
    campaign_name: str | None = None,
) -> VaultTemplate:
    """A copy of the session template filled by `fill(vault)` (and renamed), made once per
    session under `name`. Same salt and raw key as the empty template: no key derivation."""
    key = (factory.getbasetemp(), name)
    if key not in _templates:
        base = session_template(factory)
        path = base.copy_to(factory.mktemp(f"template-{name}"), "template.vault")
        with Vault.open_with_key(path, base.raw_key) as vault:
            if campaign_name is not None:
                campaign.rename_campaign(vault, campaign_name)
            fill(vault)
        _templates[key] = VaultTemplate(path, base.passphrase, base.raw_key)
    return _templates[key]


@pytest.fixture(scope="session")
def empty_vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return session_template(tmp_path_factory)


@pytest.fixture
def vault_path(empty_vault_template: VaultTemplate, tmp_path: Path) -> Path:
    """A new, empty vault file (closed) at `tmp_path / "campaign.vault"`."""
    return empty_vault_template.copy_to(tmp_path)


@pytest.fixture
def vault(empty_vault_template: VaultTemplate, tmp_path: Path) -> Iterator[Vault]:
    """A new, empty campaign vault in `tmp_path`, open; closed (and checkpointed) afterwards."""
    opened = empty_vault_template.open_copy(tmp_path / "vault")
    try:
        yield opened
    finally:
        if opened.is_open:
            opened.close()


# ----- committees -----------------------------------------------------------------------------


def committee_of(template: VaultTemplate, folder: Path, names: Sequence[str]) -> list[Vault]:
    """Open copies of the template, one per member name (in folder/<name lower case>), each
    with its committee identity and every other member on its roster, unconfirmed."""
    from organizer.core.committee import identity, roster

    vaults = [template.open_copy(folder / name.lower()) for name in names]
    cards = [
        identity.ensure_identity(vault, name).card().line()
        for vault, name in zip(vaults, names, strict=True)
    ]
    for i, vault in enumerate(vaults):
        for j, card in enumerate(cards):
            if i != j:
                roster.add_member(vault, card)
    return vaults


def exchange(sender: Vault, receiver: Vault, folder: Path) -> SentFile:
    """The sender's one update file for the receiver, written into `folder` and received."""
    from organizer.core.committee import receive, send

    folder.mkdir(exist_ok=True)
    [sent] = send.send_updates(sender, folder)
    receive.receive_updates(receiver, [sent.path])
    return sent


# ----- operating systems ----------------------------------------------------------------------

# The suite runs on Linux, Windows and macOS (.github/workflows/test.yml). A test that can only
# work on some of them carries one of these marks, so that `pytest -ra` says on the others what
# did not run and why.
WINDOWS = os.name == "nt"
LINUX = not WINDOWS and os.uname().sysname == "Linux"

posix_modes = pytest.mark.skipif(WINDOWS, reason=(
    "Windows has no POSIX file modes (0600, 0700, umask, a folder made read-only by chmod): "
    "files there are private by living in the user's own profile folder"
))
posix_only = pytest.mark.skipif(WINDOWS, reason=(
    "Windows has none of the POSIX process tools this test uses (signals such as SIGTERM, "
    "flock, rlimits, pseudo-terminals, symbolic links without administrator rights)"
))
linux_only = pytest.mark.skipif(not LINUX, reason=(
    "only Linux has what this test uses (/proc, /sys, the desktop's D-Bus, strace, prctl)"
))


def assert_private(path: Path | str, mode: int = 0o600) -> None:
    """The file (0600) or folder (0700) is its owner's alone. Windows has no POSIX modes (a
    file's st_mode there only tells read-only from writable), so there only its existence is
    checked: for tests where the mode is one check among many, which must run everywhere.
    A test that is about modes altogether is marked `posix_modes` instead."""
    found = os.stat(path).st_mode & 0o7777
    if not WINDOWS:
        assert found == mode, f"{path} has mode {found:#o}, not {mode:#o}"
