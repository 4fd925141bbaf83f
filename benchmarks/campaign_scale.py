"""Campaign-scale benchmark: Organizer at 100,000 people, beside plain SQLite, against its budget.

    make bench                      # 100,000 people
    make bench PEOPLE=20000
    .venv/bin/python benchmarks/campaign_scale.py --people 1000 --runs 2 --bench-dir /tmp/b

What it does:
1. Makes (once a day) a demo campaign of N people with 3 one-on-ones each, seed 1, and a
   plain, unencrypted SQLite copy of the same file (`sqlcipher_export`), both cached in
   `.bench/` (git-ignored) under a name that holds the people count, the seed, the schema
   version, a digest of the schema and the demo generator, and the date, so a change to any
   makes a fresh pair. Each run works on copies of the two files, so writes never touch the
   cache. Making the demo vault (create + generate_demo, in a child process) is one of the
   timed operations: the cache's making is its first run when the cache is made; otherwise
   (or for more runs at small sizes) a throwaway demo is made in the work folder.
2. Times every operation of the performance budget (README, "Performance") several times:
   the median and the worst run, p95 for search as you type. Queries also run on the plain
   copy, through the same core functions, with the same SQLite (the bundled SQLCipher with no
   key), in a child process of its own: the ratio encrypted ÷ plain shows what the
   encryption costs. GUI operations drive the real widgets offscreen
   (QT_QPA_PLATFORM=offscreen). Backup export and restore run each in a child process that
   times the call and reports its own peak resident set size (VmHWM), so the memory rows
   measure the export or the restore alone, not this process.
3. Prints one table (operation, size, Organizer, plain SQLite, ratio, budget, holds?) headed
   by the machine's speed (the key derivation's time, to compare runs on other machines or
   days) and writes it as JSON to `.bench/results-<N>.json` for comparing runs.

Operations whose feature has not landed print "not yet". Nothing here touches the network;
the vaults are throwaway demos with a fixed passphrase.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import html
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlcipher3  # noqa: E402

from organizer.core import schema  # noqa: E402
from organizer.core.committee import stamps  # noqa: E402
from organizer.core.vault import CONNECTION_PRAGMAS, Vault, derive_raw_key, read_salt  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105 (a throwaway demo vault)
BACKUP_PASSPHRASE = "benchmark backup passphrase, not a secret"  # noqa: S105
RESTORED_PASSPHRASE = "benchmark restored passphrase, not a secret"  # noqa: S105
# The demo's dates run up to today, as the app's "not contacted in 30 days" and "due" do; the
# cache is made again on another day.
TODAY = dt.date.today()
DEFAULT_PEOPLE = 100_000
DEFAULT_RUNS = 5
DEFAULT_BENCH_DIR = REPO / ".bench"
RATIO_BUDGET = 1.3
CALL_LIST_ROWS = 1_000
SCROLL_FRAMES = 300
# Typed a letter at a time, as someone looking for a person, a note or an issue would.
SEARCH_WORDS = ("priya", "garcia", "halberd", "on call", "layoffs", "heron")


# ----- figures ----------------------------------------------------------------------------


@dataclass
class Figures:
    """Seconds (or megabytes) of every run."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def worst(self) -> float:
        return max(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]

    def statistic(self, name: str) -> float:
        return float(getattr(self, name))


@dataclass(frozen=True)
class Spec:
    key: str
    operation: str
    budget: str
    limit: float | None  # in the row's unit; None: reported, no budget of its own
    statistic: str = "median"  # the figure held against the budget: median, p95 or worst
    unit: str = "s"  # "s", "MB" or "ratio"
    plain: str = ""  # what the second column is: "plain SQLite", "HTML table" or ""


SPECS: tuple[Spec, ...] = (
    Spec("kdf", "unlock: key derivation (SQLCipher default KDF)", "reported", None),
    Spec("unlock_people", "unlock done → people list shown (GUI)", "≤ 300 ms", 0.300),
    Spec("people_ids", "  the people list's id query (core)", "(in the above)", None,
         plain="plain SQLite"),
    Spec("search_gui", "search as you type: keystroke → results (GUI)", "p95 ≤ 50 ms", 0.050,
         "p95"),
    Spec("search_core", "  search as you type: the query (core)", "p95 ≤ 50 ms", 0.050, "p95",
         plain="plain SQLite"),
    Spec("filter", "filter people (department + assessment 1-2)", "≤ 50 ms", 0.050,
         plain="plain SQLite"),
    Spec("not_contacted", "filter people (not contacted in 30 days)", "≤ 50 ms", 0.050,
         plain="plain SQLite"),
    Spec("person_gui", "a person's page with full history (GUI)", "≤ 50 ms", 0.050),
    Spec("person_core", "  a person's page: its queries (core)", "≤ 50 ms", 0.050,
         plain="plain SQLite"),
    Spec("save_one_on_one", "save a one-on-one (with search index update)", "≤ 20 ms", 0.020,
         plain="plain SQLite"),
    Spec("wall_chart", "wall chart", "≤ 100 ms", 0.100, plain="plain SQLite"),
    Spec("majority_tracker", "majority tracker", "≤ 100 ms", 0.100, plain="plain SQLite"),
    Spec("issues_tally", "issues tally", "≤ 100 ms", 0.100, plain="plain SQLite"),
    Spec("scroll", "scroll the people list top to bottom (GUI)", "no frame > 50 ms", 0.050,
         "worst"),
    Spec("import_csv", "import a 100,000-row CSV", "≤ 10 s", 10.0),
    Spec("demo", "make a 100,000-person demo vault (create + generate)", "≤ 30 s", 30.0),
    Spec("backup_export", "backup: export + verify", "≤ 15 s", 15.0),
    Spec("backup_export_memory", "  peak memory of the export (child process)", "≤ 800 MB",
         800.0, "worst", unit="MB"),
    Spec("backup_restore", "backup: restore", "≤ 20 s", 20.0),
    Spec("backup_restore_memory", "  peak memory of the restore (child process)", "≤ 800 MB",
         800.0, "worst", unit="MB"),
    Spec("committee_full_send", "committee: first full update written", "≤ 10 s", 10.0),
    Spec("committee_full_merge", "committee: first full update merged", "≤ 15 s", 15.0),
    Spec("committee_day_send", "committee: a day's update (50 changes) written", "≤ 1 s", 1.0),
    Spec("committee_day_merge", "committee: a day's update merged", "≤ 1 s", 1.0),
    Spec("call_list_pdf", "call list of 1,000 people to PDF", "≤ HTML table", None,
         plain="HTML table"),
    Spec("peak_memory", "peak memory of the app, vault open", "≤ 400 MB", 400.0, "worst",
         unit="MB"),
    Spec("ratio", "encrypted ÷ plain SQLite, worst query above", "≤ 1.3", RATIO_BUDGET,
         unit="ratio"),
)
SPEC_BY_KEY = {spec.key: spec for spec in SPECS}


@dataclass
class Row:
    spec: Spec
    size: str = ""
    organizer: Figures | None = None
    plain: Figures | None = None
    status: str = "measured"  # "measured", "not yet", "error"
    note: str = ""
    value: float | None = None  # for the ratio row

    @property
    def figure(self) -> float | None:
        if self.value is not None:
            return self.value
        return self.organizer.statistic(self.spec.statistic) if self.organizer else None

    @property
    def ratio(self) -> float | None:
        if self.organizer is None or self.plain is None:
            return None
        base = self.plain.statistic(self.spec.statistic)
        return self.organizer.statistic(self.spec.statistic) / base if base > 0 else None

    @property
    def holds(self) -> str:
        if self.status != "measured":
            return "—"
        figure = self.figure
        if figure is None:
            return "—"
        problems = []
        if self.spec.key == "call_list_pdf":
            if self.ratio is not None and self.ratio > 1.0:
                problems.append("slower")
        elif self.spec.limit is not None and figure > self.spec.limit:
            problems.append({"s": "time", "MB": "memory"}.get(self.spec.unit, "ratio"))
        if self.spec.plain == "plain SQLite" and self.ratio is not None \
                and self.ratio > RATIO_BUDGET:
            problems.append("ratio")
        if problems:
            return "NO (" + ", ".join(problems) + ")"
        if self.spec.limit is None and self.spec.key != "call_list_pdf" and self.ratio is None:
            return "reported"
        return "yes"

    def as_json(self) -> dict[str, Any]:
        def figures(f: Figures | None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {"median": f.median, "worst": f.worst, "p95": f.p95, "runs": len(f.samples),
                    "samples": f.samples}

        return {
            "key": self.spec.key, "operation": self.spec.operation.strip(), "size": self.size,
            "unit": self.spec.unit, "statistic": self.spec.statistic, "status": self.status,
            "organizer": figures(self.organizer), "plain": figures(self.plain),
            "plain_kind": self.spec.plain or None, "value": self.value, "ratio": self.ratio,
            "budget": self.spec.budget, "limit": self.spec.limit, "holds": self.holds,
            "note": self.note,
        }


def timed(work: Callable[[], object], runs: int, warmup: int = 1) -> Figures:
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return Figures(samples)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "ratio":
        return f"{value:.2f}"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


def _figure_text(row: Row, figures: Figures | None) -> str:
    if figures is None:
        return ""
    unit, stat = row.spec.unit, row.spec.statistic
    main = _fmt(figures.statistic(stat), unit)
    if len(figures.samples) == 1 or stat == "worst":
        return main if stat != "worst" else f"{main} worst"
    label = "p95" if stat == "p95" else ""
    return f"{label + ' ' if label else ''}{main} (worst {_fmt(figures.worst, unit)})"


def table(rows: list[Row]) -> str:
    header = ("operation", "size", "Organizer", "plain SQLite", "ratio", "budget", "holds?")
    lines = []
    for row in rows:
        if row.status != "measured":
            organizer = row.status
            plain = ""
        elif row.value is not None:
            organizer, plain = _fmt(row.value, row.spec.unit), ""
        else:
            organizer = _figure_text(row, row.organizer)
            plain = _figure_text(row, row.plain)
            if plain and row.spec.plain == "HTML table":
                plain = f"{plain} (HTML)"
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        lines.append((row.spec.operation, row.size, organizer, plain, ratio, row.spec.budget,
                      row.holds))
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    out = []
    for n, line in enumerate([header, *lines]):
        out.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"  {row.spec.key}: {row.note}" for row in rows if row.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


# ----- the cached demo vault and its plain copy -----------------------------------------------


def cache_key(people: int, seed: int) -> str:
    """People, seed, schema version, a digest of the schema SQL and the demo generator (the
    vault's indexes live in the schema script, which may change before a version bump), and
    the day the demo's dates end."""
    digest = hashlib.sha256()
    for part in schema.MIGRATIONS:
        digest.update(part.encode())
    digest.update((REPO / "organizer" / "core" / "demo.py").read_bytes())
    return (f"demo-{people}-seed{seed}-schema{schema.SCHEMA_VERSION}-{digest.hexdigest()[:10]}"
            f"-{TODAY:%Y%m%d}")


def _run_self(*args: str) -> dict[str, Any]:
    """Run this script in a child process (one of its hidden modes); returns the JSON object
    the child printed last on stdout. A failure raises with the child's last error line."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                          capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise RuntimeError(f"child process {args[0]} failed: {lines[-1]}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def prepare_cache(bench_dir: Path, people: int, seed: int, log: Callable[[str], None]) -> tuple[
        Path, Path, dict[str, Any] | None]:
    """The cached demo vault and plain copy, made (in child processes) when missing; with what
    making the vault reported when it was made now (its time is the demo row's first run)."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(bench_dir, 0o700)
    key = cache_key(people, seed)
    vault_path = bench_dir / f"{key}.vault"
    plain_path = bench_dir / f"{key}.plain.sqlite"
    for stale in bench_dir.glob(f"demo-{people}-seed{seed}-*"):
        if stale.name not in (vault_path.name, plain_path.name):
            stale.unlink()
    made = None
    if not vault_path.exists():
        log(f"making the {people:,}-person demo vault (cached in {bench_dir}) ...")
        partial = bench_dir / f"{key}.vault.partial"
        _remove_with_sidecars(partial)
        made = _run_self("--make-vault", str(partial), "--people", str(people), "--seed",
                         str(seed))
        partial.rename(vault_path)
        log(f"  {made['summary']} in {made['seconds']:.1f} s")
    if not plain_path.exists():
        log("making its plain SQLite copy ...")
        partial = bench_dir / f"{key}.plain.sqlite.partial"
        _remove_with_sidecars(partial)
        _run_self("--export-plain", str(vault_path), str(partial))
        partial.rename(plain_path)
    return vault_path, plain_path, made


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def make_vault(path: Path, people: int, seed: int) -> None:
    """Child process: make the demo vault as `organizer demo` does (Vault.create, then
    generate_demo writing in this process), timed as a whole; prints a JSON object."""
    from organizer.core.demo import CAMPAIGN_NAME, generate_demo

    started = time.perf_counter()
    vault = Vault.create(path, PASSPHRASE, CAMPAIGN_NAME, is_demo=True)
    try:
        summary = generate_demo(vault, people=people, seed=seed, one_on_ones=3 * people,
                                today=TODAY)
    finally:
        vault.close()
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds, "peak_mb": peak_rss_mb(),
        "size": f"{summary.people:,} people, {summary.one_on_ones:,} one-on-ones",
        "summary": f"{summary.people:,} people, {summary.one_on_ones:,} one-on-ones, "
                   f"{summary.assessments:,} assessments, {summary.follow_ups:,} follow-ups",
    }), flush=True)


def export_plain(vault_path: Path, target: Path) -> None:
    """Child process: an unencrypted copy of every table, index and trigger."""
    conn = sqlcipher3.connect(str(vault_path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(derive_raw_key(PASSPHRASE, read_salt(vault_path)))
        conn.execute("ATTACH DATABASE ? AS plain KEY ?", (str(target), ""))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("PRAGMA plain.journal_mode = WAL").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    print(json.dumps({"plain": str(target)}))


class PlainCopy:
    """The plain copy dressed as a Vault for the core functions (they use only `connection`
    and `transaction()`), opened with the vault's connection settings (those that are not
    about the cipher)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = sqlcipher3.connect(str(path), isolation_level=None,
                                             check_same_thread=False)
        for pragma in CONNECTION_PRAGMAS:
            if "cipher" not in pragma:
                self.connection.execute(pragma).fetchall()
        # The triggers' functions, as every vault connection has them.
        schema.attach_functions(self.connection)
        stamps.attach(self.connection, path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


# ----- what the operations work on ------------------------------------------------------------


@dataclass
class Subjects:
    """The people, departments and words the operations use, picked once from the vault."""

    people: int
    department_id: str
    department: str
    person_id: str
    person_one_on_ones: int
    oc_member_id: str | None
    issue_ids: list[str]
    save_people: list[str]
    keystrokes: list[str] = field(default_factory=list)


def pick_subjects(conn: Any) -> Subjects:
    people = int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    department_id, department = conn.execute(
        "SELECT d.id, d.name FROM department d JOIN person p ON p.department_id = d.id "
        "GROUP BY d.id ORDER BY count(*) DESC, d.name LIMIT 1").fetchone()
    person_id, meetings = conn.execute(
        "SELECT person_id, count(*) FROM one_on_one GROUP BY person_id "
        "ORDER BY count(*) DESC, person_id LIMIT 1").fetchone()
    oc = conn.execute("SELECT id FROM person WHERE is_oc_member = 1 ORDER BY id LIMIT 1"
                      ).fetchone()
    issues = [str(r[0]) for r in conn.execute(
        "SELECT id FROM workplace_issue ORDER BY name LIMIT 2")]
    save_people = [str(r[0]) for r in conn.execute(
        "SELECT id FROM person WHERE is_oc_member = 0 ORDER BY id LIMIT 64")]
    keystrokes = [word[:n] for word in SEARCH_WORDS for n in range(1, len(word) + 1)]
    return Subjects(people, str(department_id), str(department), str(person_id), int(meetings),
                    str(oc[0]) if oc else None, issues, save_people, keystrokes)


# ----- the core operations (run on the vault and on the plain copy) ---------------------------


class CoreOps:
    """Each operation once, on `vault` (a Vault or a PlainCopy)."""

    def __init__(self, vault: Any, subjects: Subjects) -> None:
        self.vault = cast(Vault, vault)
        self.s = subjects
        self._saved = 0

    def people_ids(self) -> object:
        from organizer.core import people

        return people.people_ids(self.vault)

    def search_keystroke(self, text: str) -> object:
        from organizer.core import search

        return search.search(self.vault, text, limit=30)

    def filter(self) -> tuple[list[str], int]:
        from organizer.core import people

        chosen = people.PeopleFilter(department_ids=frozenset({self.s.department_id}),
                                     assessments=frozenset({1, 2}))
        return people.people_ids(self.vault, chosen), people.count_people(self.vault, chosen)

    def not_contacted(self) -> tuple[list[str], int]:
        from organizer.core import people

        chosen = people.PeopleFilter(not_contacted_days=30)
        return people.people_ids(self.vault, chosen), people.count_people(self.vault, chosen)

    def person_page(self) -> object:
        from organizer.core import conversations, follow_ups, people, relationships
        from organizer.core import workplace_issues as issues

        pid = self.s.person_id
        return (people.get_person(self.vault, pid), people.assessment_history(self.vault, pid),
                conversations.one_on_ones_for(self.vault, pid),
                follow_ups.follow_ups_for(self.vault, pid),
                relationships.relationships_for(self.vault, pid),
                issues.issues_for_person(self.vault, pid),
                people.participations_for(self.vault, pid))

    def save_one_on_one(self) -> object:
        from organizer.core import conversations

        person_id = self.s.save_people[self._saved % len(self.s.save_people)]
        self._saved += 1
        entry = conversations.OneOnOne(
            person_id=person_id, held_on=TODAY.isoformat(), oc_member_id=self.s.oc_member_id,
            agitate="Worried about the benchmark rota and the Halberd contract.",
            ask="Will you sign the open letter?", answer="Yes, after the meeting.",
            assessment_after=1 + self._saved % 5, next_step="Bring the letter on Friday.",
            notes="Saved by the benchmark.", issue_ids=list(self.s.issue_ids),
        )
        follow_up = conversations.FollowUpRequest(
            due_on=(TODAY + dt.timedelta(days=7)).isoformat(), description="Benchmark check-in")
        return conversations.log_one_on_one(self.vault, entry, follow_up=follow_up)

    def chart(self, name: str) -> Callable[[], object] | None:
        try:
            module = importlib.import_module("organizer.core.chart")
        except ImportError:
            return None
        function = getattr(module, name, None)
        if function is None:
            return None
        return lambda: function(self.vault)


QUERY_KEYS = ("people_ids", "filter", "not_contacted", "person_core", "save_one_on_one",
              "wall_chart", "majority_tracker", "issues_tally")


def core_figures(ops: CoreOps, runs: int) -> dict[str, Figures | None]:
    figures: dict[str, Figures | None] = {
        "people_ids": timed(ops.people_ids, runs),
        "filter": timed(ops.filter, runs),
        "not_contacted": timed(ops.not_contacted, runs),
        "person_core": timed(ops.person_page, runs),
        "save_one_on_one": timed(ops.save_one_on_one, max(runs, 5)),
    }
    for name in ("wall_chart", "majority_tracker", "issues_tally"):
        work = ops.chart(name)
        figures[name] = timed(work, runs) if work is not None else None
    samples: list[float] = []
    for _ in range(max(1, runs // 2)):
        for text in ops.s.keystrokes:
            started = time.perf_counter()
            ops.search_keystroke(text)
            samples.append(time.perf_counter() - started)
    figures["search_core"] = Figures(samples)
    return figures


# ----- GUI operations -------------------------------------------------------------------------


def _wait(app: Any, done: Callable[[], bool], timeout: float = 120.0) -> None:
    from PySide6.QtCore import QEventLoop, QThread

    deadline = time.perf_counter() + timeout
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if done():
            break
        if time.perf_counter() > deadline:
            raise TimeoutError("the GUI did not finish in time")
        QThread.msleep(1)


def _settle(app: Any) -> None:
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()
    app.processEvents()
    app.sendPostedEvents(None, 0)  # deleteLater
    app.processEvents()


class Gui:
    def __init__(self, vault: Vault, subjects: Subjects) -> None:
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.vault = vault
        self.s = subjects
        self.window: Any = None

    def open_window(self) -> Any:
        from organizer.gui.main_window import PEOPLE, MainWindow

        window = MainWindow(self.vault)
        window.resize(1200, 780)
        window.show()
        window.show_section(PEOPLE)
        model = window.people_page.model
        _wait(self.app, lambda: model.rowCount() > 0 and not model.busy)
        window.people_page.table.viewport().repaint()  # the first rows, fetched and painted
        self.app.processEvents()
        return window

    def close_window(self, window: Any) -> None:
        window.close()
        window.deleteLater()
        _settle(self.app)

    def unlock_to_people(self, runs: int) -> Figures:
        samples = []
        for n in range(runs + 1):
            started = time.perf_counter()
            window = self.open_window()
            elapsed = time.perf_counter() - started
            if n:  # the first is the warm-up
                samples.append(elapsed)
            self.close_window(window)
        return Figures(samples)

    def search(self, runs: int) -> Figures:
        window = self.window
        box = window.search_box
        reads = box._reads

        def delivered() -> bool:
            return not reads.busy

        samples = []
        for n in range(max(1, runs // 2) + 1):
            for text in self.s.keystrokes:
                started = time.perf_counter()
                box.setText(text)
                box.run_search()  # what the 150 ms typing pause would call
                _wait(self.app, delivered)
                self.app.processEvents()
                if n:
                    samples.append(time.perf_counter() - started)
            box.clear()
            self.app.processEvents()
        return Figures(samples)

    def person_page(self, runs: int) -> Figures:
        window = self.window
        page = window.person_page

        def show() -> None:
            page.show_person(self.s.person_id)
            window._show_person_page()
            self.app.processEvents()

        return timed(show, runs)

    def scroll(self) -> tuple[Figures, int]:
        from organizer.gui.main_window import PEOPLE

        window = self.window
        window.show_section(PEOPLE)
        table = window.people_page.table
        bar = table.verticalScrollBar()
        self.app.processEvents()
        top, bottom = bar.minimum(), bar.maximum()
        frames = min(SCROLL_FRAMES, max(1, bottom - top))
        samples = []
        for n in range(frames + 1):
            started = time.perf_counter()
            bar.setValue(top + (bottom - top) * n // frames)
            table.viewport().repaint()
            self.app.processEvents()
            samples.append(time.perf_counter() - started)
        bar.setValue(top)
        return Figures(samples), frames + 1


# ----- call list, backups, memory -------------------------------------------------------------


def call_list_rows(vault: Vault, subjects: Subjects) -> Any:
    from organizer.core.call_lists import CallListCriteria, CallSection, build_call_list
    from organizer.core.people import PeopleFilter

    criteria = CallListCriteria(
        people=PeopleFilter(department_ids=frozenset({subjects.department_id})),
        include_oc_members=True, include_left_company=True)
    built = build_call_list(vault, criteria, today=TODAY)
    rows = tuple(built.rows[:CALL_LIST_ROWS])
    return dataclasses.replace(built, sections=(CallSection("", None, rows),))


def html_table_pdf(call_list: Any, target: Path) -> int:
    """The plainest Qt rendering of the same rows: one HTML table, QTextDocument.print_."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    cells = []
    for row in call_list.rows:
        values = (str(row.number), row.name, ", ".join(row.phones), row.department, row.shift,
                  row.assessment, row.last_contact_on or "", row.main_issue, "", "")
        cells.append("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in values) + "</tr>")
    head = ("#", "Name", "Phone", "Department", "Shift", "Assessment", "Last contact",
            "Main issue", "Outcome", "Notes")
    document = QTextDocument()
    document.setHtml(
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>"
        + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(cells) + "</table>")
    writer = QPdfWriter(str(target))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document.print_(writer)
    pages = document.pageCount()
    del writer
    return pages


def core_figures_child(path: Path, runs: int) -> None:
    """Child process: the core operations on the plain copy or on the vault (a `.vault`
    file), each in a fresh process of its own, so neither side pays for the other's heap or
    gets the other's cache. Prints {key: samples or null} as JSON."""
    database: Any = (Vault.open(path, PASSPHRASE) if path.suffix == ".vault"
                     else PlainCopy(path))
    try:
        figures = core_figures(CoreOps(database, pick_subjects(database.connection)), runs)
    finally:
        database.close()
    print(json.dumps({key: f.samples if f else None for key, f in figures.items()}))


def figures_from_child(path: Path, runs: int) -> dict[str, Figures | None]:
    found = _run_self("--core-figures", str(path), "--runs", str(runs))
    return {key: Figures(samples) if samples else None for key, samples in found.items()}


def peak_memory_child(vault_path: Path, runs: int) -> None:
    """Child process: the app's window on the vault, People shown and scrolled, a search and a
    person's page; prints the peak resident set size in MB."""
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        subjects = pick_subjects(vault.connection)
        gui = Gui(vault, subjects)
        gui.window = gui.open_window()
        gui.scroll()
        for text in ("h", "ha", "hal", "halb"):
            gui.window.search_box.setText(text)
            gui.window.search_box.run_search()
            _wait(gui.app, lambda: not gui.window.search_box._reads.busy)
        gui.person_page(1)
        _settle(gui.app)
        gui.close_window(gui.window)
    finally:
        vault.close()
    print(json.dumps({"peak_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM). Not ru_maxrss (nor os.wait4's or
    RUSAGE_CHILDREN's): Linux carries that over from the parent through fork and exec, so a
    child of a big process would report its parent's size."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident set size now (VmRSS), or 0 where /proc is not there."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def backup_child(operation: str, source: Path, target: Path) -> None:
    """Child process: one backup export (`source` a vault, `target` the backup) or restore
    (`source` a backup, `target` the new vault), through organizer.core.backup as the app and
    the CLI call it. Times the call alone (not the start-up, nor opening the vault with its
    key derivation) and prints a JSON object with its seconds, this process's resident set
    size just before the call and its peak (VmHWM) after it."""
    from organizer.core import backup

    if operation == "export":
        vault = Vault.open_with_key(source, derive_raw_key(PASSPHRASE, read_salt(source)))
        try:
            before = rss_mb()
            started = time.perf_counter()
            backup.export_backup(vault, target, BACKUP_PASSPHRASE)
            seconds = time.perf_counter() - started
        finally:
            vault.close()
    elif operation == "restore":
        before = rss_mb()
        started = time.perf_counter()
        restored = backup.restore_backup(source, BACKUP_PASSPHRASE, target, RESTORED_PASSPHRASE)
        seconds = time.perf_counter() - started
        restored.close()
    else:
        raise ValueError(f"unknown backup operation {operation!r}")
    backup_file = target if operation == "export" else source
    print(json.dumps({"seconds": seconds, "before_mb": before, "peak_mb": peak_rss_mb(),
                      "scrypt_log_n": scrypt_log_n(backup_file)}))


# ----- the run --------------------------------------------------------------------------------


class _Skipped(Exception):
    pass


@dataclass
class Context:
    people: int
    seed: int
    runs: int
    bench_dir: Path
    log: Callable[[str], None]
    skip: frozenset[str] = frozenset()
    rows: dict[str, Row] = field(default_factory=dict)

    @property
    def heavy_runs(self) -> int:
        """Runs of the operations that take seconds (import, demo, backups): one above
        20,000 people, to keep the whole run short; otherwise up to two."""
        return 1 if self.people > 20_000 else max(1, min(self.runs, 2))

    def row(self, key: str) -> Row:
        if key not in self.rows:
            self.rows[key] = Row(SPEC_BY_KEY[key])
        return self.rows[key]

    def not_yet(self, key: str, note: str = "") -> None:
        row = self.row(key)
        row.status, row.note = "not yet", note

    def go(self, *keys: str) -> None:
        """Called first in a step: leaves the step when all its operations are skipped."""
        if all(key in self.skip for key in keys):
            for key in keys:
                row = self.row(key)
                row.status, row.note = "skipped", "left out with --skip"
            raise _Skipped()

    @contextlib.contextmanager
    def step(self, *keys: str) -> Iterator[None]:
        """Measure one part; a failure marks its rows as errors and the run goes on."""
        self.log(f"  {', '.join(keys)} ...")
        try:
            yield
        except _Skipped:
            pass
        except Exception as error:  # a broken operation is a result, not the end of the run
            for key in keys:
                row = self.row(key)
                if row.status == "measured" and row.organizer is None and row.value is None:
                    row.status = "error"
                    row.note = f"{type(error).__name__}: {error}"[:200]


def run(ctx: Context) -> list[Row]:
    vault_cache, plain_cache, made = prepare_cache(ctx.bench_dir, ctx.people, ctx.seed, ctx.log)
    work = ctx.bench_dir / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)
    vault_path, plain_path = work / "vault.vault", work / "plain.sqlite"
    shutil.copyfile(vault_cache, vault_path)
    shutil.copyfile(plain_cache, plain_path)
    os.chmod(vault_path, 0o600)
    size_text = f"{ctx.people:,} people"
    vault_mb = vault_path.stat().st_size / 1_000_000
    try:
        # 1. Plain SQLite, in a process of its own.
        plain_figures: dict[str, Figures | None] = {}
        ctx.log("plain SQLite copy (child process):")
        with ctx.step(*QUERY_KEYS, "search_core"):
            plain_figures = figures_from_child(plain_path, ctx.runs)
        # 2a. The same operations on the vault, in a fresh process too (this one's heap
        #     grows with the GUI measurements; Python's collector would bill the vault).
        ctx.log("Organizer, the same queries (child process):")
        vault_figures: dict[str, Figures | None] = {}
        with ctx.step(*QUERY_KEYS, "search_core"):
            vault_figures = figures_from_child(vault_path, ctx.runs)
        # 2. The vault, as the app opens it; first the key derivation, the machine's speed.
        ctx.log("Organizer (encrypted vault):")
        salt = read_salt(vault_path)
        with ctx.step("kdf"):
            row = ctx.row("kdf")
            row.organizer = timed(lambda: derive_raw_key(PASSPHRASE, salt), ctx.runs)
            row.size = "256,000 iterations"
        opened = time.perf_counter()
        vault = Vault.open(vault_path, PASSPHRASE)
        ctx.row("kdf").note = (f"the machine's speed; Vault.open with the passphrase (KDF, "
                               f"cipher checks, pragmas): "
                               f"{(time.perf_counter() - opened) * 1000:.0f} ms")
        try:
            subjects = pick_subjects(vault.connection)
            run_vault(ctx, vault, subjects, vault_figures, plain_figures, size_text, work)
        finally:
            vault.close()
        # 3. Backups and peak memory on the closed vault's file.
        run_backups(ctx, vault_path, work, vault_mb)
        with ctx.step("peak_memory"):
            ctx.go("peak_memory")
            peak = _run_self("--peak-memory", str(vault_path))["peak_mb"]
            row = ctx.row("peak_memory")
            row.organizer = Figures([float(peak)])
            row.size = size_text
            row.note = "peak RSS (VmHWM) of a process that opens the vault, shows People, " \
                       "scrolls, searches and opens a person's page"
        run_import(ctx, plain_path, work)
        run_demo(ctx, work, made)
        run_committee(ctx, vault_cache, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = [(r.ratio, r.spec.key) for r in ctx.rows.values()
              if r.spec.plain == "plain SQLite" and r.ratio is not None]
    ratio_row = ctx.row("ratio")
    if ratios:
        worst, key = max(ratios)
        ratio_row.value = worst
        ratio_row.size = f"{len(ratios)} queries"
        ratio_row.note = f"worst: {key}"
    else:
        ratio_row.status = "error"
    return [ctx.row(spec.key) for spec in SPECS]


def run_vault(ctx: Context, vault: Vault, subjects: Subjects,
              vault_figures: dict[str, Figures | None],
              plain_figures: dict[str, Figures | None], size_text: str, work: Path) -> None:
    ops = CoreOps(vault, subjects)
    with ctx.step(*QUERY_KEYS, "search_core"):
        for key, value in vault_figures.items():
            row = ctx.row(key)
            if value is None:
                ctx.not_yet(key, "organizer.core.chart has not landed")
                continue
            row.organizer, row.plain, row.size = value, plain_figures.get(key), size_text
    ctx.row("search_core").size = f"{len(subjects.keystrokes)} keystrokes"
    ctx.row("person_core").size = f"{subjects.person_one_on_ones} one-on-ones"
    ctx.row("save_one_on_one").size = "1 + assessment, follow-up, 2 issues"
    ctx.row("filter").size = f"{ops.filter()[1]:,} of {subjects.people:,}"
    ctx.row("not_contacted").size = f"{ops.not_contacted()[1]:,} of {subjects.people:,}"

    ctx.log("GUI (offscreen):")
    gui = Gui(vault, subjects)
    with ctx.step("unlock_people"):
        ctx.go("unlock_people")
        row = ctx.row("unlock_people")
        row.organizer = gui.unlock_to_people(ctx.runs)
        row.size = size_text
        row.note = "MainWindow built on the open vault, People shown, until its rows are painted"
    with ctx.step("search_gui", "person_gui", "scroll"):
        ctx.go("search_gui", "person_gui", "scroll")
        gui.window = gui.open_window()
        try:
            with ctx.step("search_gui"):
                ctx.go("search_gui")
                row = ctx.row("search_gui")
                row.organizer = gui.search(ctx.runs)
                row.size = f"{len(subjects.keystrokes)} keystrokes"
                row.note = "from setText to the results list filled, after the 150 ms " \
                           "typing pause (which is not counted)"
            with ctx.step("person_gui"):
                ctx.go("person_gui")
                row = ctx.row("person_gui")
                row.organizer = gui.person_page(ctx.runs)
                row.size = f"{subjects.person_one_on_ones} one-on-ones"
            with ctx.step("scroll"):
                ctx.go("scroll")
                row = ctx.row("scroll")
                row.organizer, frames = gui.scroll()
                row.size = f"{frames} frames"
                row.note = "the scroll bar dragged top to bottom: every frame shows rows not " \
                           "fetched yet"
        finally:
            gui.close_window(gui.window)
            gui.window = None
    with ctx.step("call_list_pdf"):
        ctx.go("call_list_pdf")
        from organizer.reports.call_list_pdf import render_call_list_pdf

        call_list = call_list_rows(vault, subjects)
        pages: list[int] = []

        def organizer_pdf() -> None:
            pages.append(render_call_list_pdf(call_list, work / "calls.pdf",
                                              list_name="Benchmark calls", printed_on=TODAY))

        html_pages: list[int] = []
        row = ctx.row("call_list_pdf")
        row.organizer = timed(organizer_pdf, max(1, ctx.runs // 2))
        row.plain = timed(lambda: html_pages.append(html_table_pdf(call_list, work / "h.pdf")),
                          max(1, ctx.runs // 2))
        row.size = f"{len(call_list.rows):,} rows, {pages[-1]} pages"
        row.note = ("Organizer's call list (fixed-height blocks, tick boxes) vs one HTML "
                    "table of the same rows through QTextDocument.print_")


IMPORT_HEADERS = ("Full name", "Work email", "Department", "Team", "Job title", "Shift", "Site",
                  "Language", "Start date", "Notes")


def write_roster_csv(plain_path: Path, target: Path) -> int:
    """A company roster as HR would export it: the demo's people, one per row, each with a
    unique work e-mail (the demo's made-up phone numbers repeat, so they are left out)."""
    import csv
    import sqlite3

    source = sqlite3.connect(f"file:{plain_path}?mode=ro", uri=True)
    rows = source.execute(
        "SELECT p.name, d.name, p.team, p.job_title, s.name, st.name, p.language, "
        "p.start_date, p.notes FROM person p LEFT JOIN department d ON d.id = p.department_id "
        "LEFT JOIN shift s ON s.id = p.shift_id LEFT JOIN site st ON st.id = p.site_id "
        "ORDER BY p.rowid").fetchall()
    source.close()
    with open(target, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(IMPORT_HEADERS)
        for n, (name, *rest) in enumerate(rows, 1):
            email = f"worker{n}@brightline.example"
            values = [v or "" for v in rest]
            out.writerow([name, email, *values])
    return len(rows)


def run_import(ctx: Context, plain_path: Path, work: Path) -> None:
    try:
        importers = importlib.import_module("organizer.core.importers")
    except ImportError:
        ctx.not_yet("import_csv", "organizer.core.importers has not landed")
        return
    from organizer.core.demo import CAMPAIGN_NAME

    with ctx.step("import_csv"):
        ctx.go("import_csv")
        roster = work / "roster.csv"
        count = write_roster_csv(plain_path, roster)
        reports: list[Any] = []

        def do_import() -> None:
            target = work / "import.vault"
            _remove_with_sidecars(target)
            vault = Vault.create(target, PASSPHRASE, CAMPAIGN_NAME)
            try:
                started = time.perf_counter()
                plan = importers.prepare(vault, importers.read_file(roster))
                plan.choose_all(importers.Choice.KEEP_BOTH)
                reports.append((plan.apply(vault), time.perf_counter() - started))
            finally:
                vault.close()
                _remove_with_sidecars(target)

        for _ in range(ctx.heavy_runs):
            do_import()
        row = ctx.row("import_csv")
        row.organizer = Figures([seconds for _, seconds in reports])
        report = reports[-1][0]
        row.size = f"{count:,} rows, {roster.stat().st_size / 1e6:,.0f} MB"
        row.note = (f"read, map, find duplicates and write into a new vault, in this process: "
                    f"{report.imported:,} imported, {report.duplicates:,} suspected duplicates "
                    f"kept")


def run_demo(ctx: Context, work: Path, made: dict[str, Any] | None) -> None:
    """Making the demo vault: the cache's making, when it was made in this run, is the first
    run; more are made in the work folder (each in a child process) up to `heavy_runs`."""
    with ctx.step("demo"):
        ctx.go("demo")
        results = [made] if made is not None else []
        target = work / "demo.vault"
        while len(results) < ctx.heavy_runs:
            _remove_with_sidecars(target)
            results.append(_run_self("--make-vault", str(target), "--people", str(ctx.people),
                                     "--seed", str(ctx.seed)))
            _remove_with_sidecars(target)
        row = ctx.row("demo")
        row.organizer = Figures([float(r["seconds"]) for r in results])
        row.size = results[-1]["size"]
        cached = " (the first, the cache's own)" if made is not None else ""
        row.note = (f"Vault.create + generate_demo in a child process{cached}: "
                    f"{results[-1]['summary']}; peak RSS "
                    f"{max(float(r['peak_mb']) for r in results):,.0f} MB")


COMMITTEE_PEOPLE = 20_000
_COMMITTEE_KEYS = ("committee_full_send", "committee_full_merge", "committee_day_send",
                   "committee_day_merge")


def run_committee(ctx: Context, cached: Path, work: Path) -> None:
    """The committee exchange at 20,000 people (the budgets' size; smaller runs use their
    own): benchmarks/committee_exchange.py in a child process per run, on a copy of the
    cached demo vault of that size."""
    with ctx.step(*_COMMITTEE_KEYS):
        ctx.go(*_COMMITTEE_KEYS)
        if ctx.people > COMMITTEE_PEOPLE:
            cached, _plain, _made = prepare_cache(ctx.bench_dir, COMMITTEE_PEOPLE, ctx.seed,
                                                  ctx.log)
        results = []
        for run_number in range(ctx.heavy_runs):
            folder = work / f"committee-{run_number}"
            folder.mkdir()
            copy = folder / "sender.vault"
            shutil.copyfile(cached, copy)
            os.chmod(copy, 0o600)
            done = subprocess.run(
                [sys.executable, str(REPO / "benchmarks" / "committee_exchange.py"), str(copy),
                 str(folder), PASSPHRASE],
                capture_output=True, text=True, cwd=REPO, check=False)
            if done.returncode != 0:
                lines = done.stderr.strip().splitlines() or [f"exit {done.returncode}"]
                raise RuntimeError(f"committee_exchange.py failed: {lines[-1]}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            shutil.rmtree(folder, ignore_errors=True)
        last = results[-1]
        notes = {
            "committee_full_send": f"one member's whole campaign, {last['full_mb']:.0f} MB file",
            "committee_full_merge": f"into a new member's empty vault: {last['full_summary']}",
            "committee_day_send": f"30 people edited, 20 one-on-ones; {last['day_kb']:.0f} kB",
            "committee_day_merge": last["day_summary"],
        }
        for key in _COMMITTEE_KEYS:
            row = ctx.row(key)
            row.organizer = Figures([float(r[key.removeprefix("committee_")]) for r in results])
            row.size = last["size"]
            row.note = notes[key]


def run_backups(ctx: Context, vault_path: Path, work: Path, vault_mb: float) -> None:
    """Export (+ verify) and restore, each run in a child process: the time of the call and
    the child's peak memory."""
    try:
        importlib.import_module("organizer.core.backup")
    except ImportError:
        for key in ("backup_export", "backup_export_memory", "backup_restore",
                    "backup_restore_memory"):
            ctx.not_yet(key, "organizer.core.backup has not landed")
        return
    target = work / "backup.age"
    with ctx.step("backup_export", "backup_export_memory"):
        ctx.go("backup_export", "backup_export_memory")
        results = []
        for _ in range(ctx.heavy_runs):
            _remove_with_sidecars(target)
            results.append(_run_self("--backup-child", "export", str(vault_path), str(target)))
        backup_mb = target.stat().st_size / 1e6
        scrypt = _scrypt_work(results)
        row = ctx.row("backup_export")
        row.organizer = Figures([float(r["seconds"]) for r in results])
        row.size = f"{vault_mb:,.0f} MB vault → {backup_mb:,.0f} MB"
        row.note = ("export_backup in a child process, the vault already open: includes "
                    f"reading the backup back from disk (verify); scrypt twice{scrypt}")
        _memory_row(ctx.row("backup_export_memory"), results, f"{vault_mb:,.0f} MB vault",
                    scrypt)
    with ctx.step("backup_restore", "backup_restore_memory"):
        ctx.go("backup_restore", "backup_restore_memory")
        if not target.exists():
            raise RuntimeError("no backup to restore")
        restored_path = work / "restored.vault"
        results = []
        for _ in range(ctx.heavy_runs):
            _remove_with_sidecars(restored_path)
            results.append(_run_self("--backup-child", "restore", str(target),
                                     str(restored_path)))
            _remove_with_sidecars(restored_path)
        row = ctx.row("backup_restore")
        row.organizer = Figures([float(r["seconds"]) for r in results])
        row.size = f"{ctx.people:,} people"
        row.note = "restore_backup into a new vault, in a child process"
        _memory_row(ctx.row("backup_restore_memory"), results,
                    f"{target.stat().st_size / 1e6:,.0f} MB backup", _scrypt_work(results))


def _memory_row(row: Row, results: list[dict[str, Any]], size: str, scrypt: str) -> None:
    row.organizer = Figures([float(r["peak_mb"]) for r in results])
    row.size = size
    row.note = (f"peak RSS (VmHWM) of the child process; "
                f"{max(float(r['before_mb']) for r in results):,.0f} MB before the call; "
                f"scrypt{scrypt or ' (work factor not found)'}")


def scrypt_log_n(backup_file: Path) -> int | None:
    """The scrypt work factor (log2 N) in an age file's header; age picks it from the
    machine's speed when it encrypts, and scrypt then takes 128 × r=8 × N bytes."""
    with contextlib.suppress(OSError, ValueError, IndexError), open(backup_file, "rb") as file:
        for line in file.read(512).split(b"\n")[1:4]:
            if line.startswith(b"-> scrypt "):
                return int(line.split()[-1])
    return None


def _scrypt_work(results: list[dict[str, Any]]) -> str:
    """The work factors of the runs' backups and the memory scrypt took for them, for the
    notes: the peak memory figures depend on them."""
    found = sorted({int(r["scrypt_log_n"]) for r in results if r.get("scrypt_log_n")})
    if not found:
        return ""
    mib = [f"{(1024 << log_n) >> 20:,}" for log_n in found]
    return (f" (work factor {', '.join(f'2^{log_n}' for log_n in found)}: "
            f"{' or '.join(mib)} MiB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=int(os.environ.get("PEOPLE") or
                                                          DEFAULT_PEOPLE))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                        help="timed runs per operation (after one warm-up)")
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR,
                        help="where the cached vaults and results go (default .bench/)")
    parser.add_argument("--json", type=Path, help="results file (default "
                        "<bench-dir>/results-<people>.json)")
    parser.add_argument("--skip", action="append", default=[], metavar="KEY",
                        choices=[spec.key for spec in SPECS],
                        help="leave out an operation (repeatable), e.g. backup_restore")
    parser.add_argument("--make-vault", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--export-plain", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--peak-memory", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--core-figures", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--backup-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from organizer.platform import harden_process

    harden_process()
    if args.make_vault:
        make_vault(args.make_vault, args.people, args.seed)
        return 0
    if args.export_plain:
        export_plain(*args.export_plain)
        return 0
    if args.peak_memory:
        peak_memory_child(args.peak_memory, args.runs)
        return 0
    if args.core_figures:
        core_figures_child(args.core_figures, args.runs)
        return 0
    if args.backup_child:
        operation, source, target = args.backup_child
        backup_child(operation, Path(source), Path(target))
        return 0

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    started = time.perf_counter()
    log(f"Organizer campaign-scale benchmark: {args.people:,} people, {args.runs} runs each; "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f}")
    ctx = Context(args.people, args.seed, max(1, args.runs), args.bench_dir, log,
                  skip=frozenset(args.skip))
    rows = run(ctx)
    load_after = os.getloadavg()
    kdf = ctx.row("kdf").organizer
    kdf_seconds = kdf.median if kdf is not None else None
    speed = (f"key derivation {kdf_seconds * 1000:.0f} ms" if kdf_seconds is not None
             else "key derivation not measured")
    meta = {
        "people": args.people, "seed": args.seed, "runs": ctx.runs,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(), "load_average_before": load_before,
        "load_average_after": load_after, "seconds": time.perf_counter() - started,
        "python": platform.python_version(), "sqlite": sqlcipher3.sqlite_version,
        "machine": platform.machine(), "git": _git_commit(),
        # The machine's speed: the same PBKDF2 work on every machine and day.
        "key_derivation_seconds": kdf_seconds,
    }
    print(f"\nOrganizer at {args.people:,} people ({ctx.runs} runs each; {os.cpu_count()} "
          f"CPUs, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
          f"machine speed: {speed})\n")
    print(table(rows))
    out = args.json or args.bench_dir / f"results-{args.people}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "rows": [r.as_json() for r in rows]}, indent=2,
                              ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0


def _git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=REPO, check=False, timeout=10)
    except OSError:
        return None
    return done.stdout.strip() or None


if __name__ == "__main__":
    sys.exit(main())
