"""Campaign-scale benchmark: make demo vaults of 300 and 100,000 people and time the basics.

    .venv/bin/python benchmarks/campaign_scale.py            # 300 and 100,000 people
    .venv/bin/python benchmarks/campaign_scale.py --people 300 --people 20000
    .venv/bin/python benchmarks/campaign_scale.py --check    # also time a full integrity check

For each size: create the vault, fill it with the demo campaign (100,000 people get 300,000
one-on-ones, three each, as `organizer demo` does), close it, open it again with the passphrase
(the ~0.2 s key derivation included), and run queries shaped like the app's screens. Prints wall
time and CPU time (this process plus the demo's writer process). Vaults go to a temporary
folder that is removed afterwards unless --keep is given. Nothing here touches the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from organizer.core.demo import CAMPAIGN_NAME, generate_demo
from organizer.core.hardening import harden_process
from organizer.core.vault import Vault

PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105 (a throwaway vault)
TODAY = dt.date(2026, 5, 1)  # fixed, so every run builds the same campaign


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timings:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, str]] = []

    @contextmanager
    def measure(self, label: str, note: str = "") -> Iterator[None]:
        wall, cpu = time.perf_counter(), _cpu()
        yield
        self.rows.append((label, time.perf_counter() - wall, _cpu() - cpu, note))

    def print(self, title: str) -> None:
        print(f"\n{title}")
        print(f"  {'step':<56} {'wall ms':>10} {'cpu ms':>10}  note")
        for label, wall, cpu, note in self.rows:
            print(f"  {label:<56} {wall * 1000:>10.1f} {cpu * 1000:>10.1f}  {note}")


# Queries shaped like the app's screens (the GUI goes through core modules; the SQL is what
# those run, kept here so the benchmark does not depend on their Python API).
QUERIES: tuple[tuple[str, str, Callable[[Any], tuple[Any, ...]]], ...] = (
    (
        "people list, first page by name",
        "SELECT id, name, code_name, assessment, last_contact_on, next_follow_up_on "
        "FROM person ORDER BY name COLLATE NOCASE LIMIT 200",
        lambda conn: (),
    ),
    (
        "people list, filter: assessment 3, by name",
        "SELECT id, name FROM person WHERE assessment = 3 ORDER BY name COLLATE NOCASE "
        "LIMIT 200",
        lambda conn: (),
    ),
    (
        "wall chart counts (department x shift x score)",
        "SELECT department_id, shift_id, assessment, count(*) FROM person "
        "WHERE left_company_on IS NULL GROUP BY 1, 2, 3",
        lambda conn: (),
    ),
    (
        "coverage and OC ratio per department",
        "SELECT department_id, count(*), sum(is_oc_member), "
        "sum(assigned_oc_member_id IS NOT NULL) FROM person GROUP BY department_id",
        lambda conn: (),
    ),
    (
        "follow-ups due by the end of the week",
        "SELECT f.id, f.due_on, p.name FROM follow_up f JOIN person p ON p.id = f.person_id "
        "WHERE f.done_at IS NULL AND f.due_on <= ? ORDER BY f.due_on LIMIT 100",
        lambda conn: ((TODAY + dt.timedelta(days=6)).isoformat(),),
    ),
    (
        "not contacted in 30 days (count)",
        "SELECT count(*) FROM person WHERE last_contact_on IS NULL OR last_contact_on < ?",
        lambda conn: ((TODAY - dt.timedelta(days=30)).isoformat(),),
    ),
    (
        "one person's one-on-ones, newest first",
        "SELECT * FROM one_on_one WHERE person_id = ? ORDER BY held_on DESC",
        lambda conn: (
            conn.execute(
                "SELECT person_id FROM one_on_one GROUP BY person_id ORDER BY count(*) DESC "
                "LIMIT 1"
            ).fetchone()[0],
        ),
    ),
    (
        "full-text search 'halberd', 50 hits",
        "SELECT kind, record_id FROM search_index WHERE search_index MATCH ? "
        "ORDER BY rank LIMIT 50",
        lambda conn: ("halberd",),
    ),
    (
        "full-text search name prefix 'ana*'",
        "SELECT kind, record_id FROM search_index WHERE search_index MATCH ? LIMIT 50",
        lambda conn: ("title: ana*",),
    ),
    (
        # Counted from person_issue: the same count through one_on_one_issue joins 300,000
        # one-on-ones by random id and takes ~10 s of CPU at 100,000 people.
        "issues people care about, per department",
        "SELECT p.department_id, i.issue_id, count(*) FROM person_issue i "
        "JOIN person p ON p.id = i.person_id GROUP BY 1, 2",
        lambda conn: (),
    ),
)


def run_size(folder: Path, people: int, *, seed: int, check: bool) -> None:
    one_on_ones = people * 3 if people > 10_000 else None
    path = folder / f"demo-{people}.vault"
    timings = Timings()
    with timings.measure("create empty vault"):
        vault = Vault.create(path, PASSPHRASE, CAMPAIGN_NAME, is_demo=True)
    wall, cpu = time.perf_counter(), _cpu()
    summary = generate_demo(vault, people=people, seed=seed, one_on_ones=one_on_ones, today=TODAY)
    timings.rows.append((
        "generate demo campaign",
        time.perf_counter() - wall,
        _cpu() - cpu,
        f"{summary.people:,} people, {summary.one_on_ones:,} one-on-ones, "
        f"{summary.assessments:,} assessments, {summary.follow_ups:,} follow-ups",
    ))
    with timings.measure("close (checkpoint)"):
        vault.close()
    size_mb = path.stat().st_size / 1_000_000
    with timings.measure("open with passphrase", "key derivation included"):
        vault = Vault.open(path, PASSPHRASE)
    try:
        conn = vault.connection
        for label, sql, params in QUERIES:
            arguments = params(conn)
            with timings.measure(f"cold: {label}"):
                rows = conn.execute(sql, arguments).fetchall()
            with timings.measure(f"warm: {label}", f"{len(rows):,} rows"):
                conn.execute(sql, arguments).fetchall()
        if check:
            with timings.measure("vault check (every page)"):
                report = vault.check()
            assert report.ok, report.problems
    finally:
        vault.close()
    timings.print(f"{people:,} people, vault file {size_mb:,.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, action="append",
                        help="a size to run (repeatable; default 300 and 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="also time a full vault check")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the vaults here and keep them")
    args = parser.parse_args()
    harden_process()
    sizes = args.people or [300, 100_000]
    print(f"Organizer campaign-scale benchmark: {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        folder = args.keep
    else:
        folder = Path(tempfile.mkdtemp(prefix="organizer-bench-"))
    try:
        for people in sizes:
            run_size(folder, people, seed=args.seed, check=args.check)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
