"""The campaign-scale benchmark keeps working: a small run (1,000 people) gives every row of
the table a figure, prints it and writes the JSON. Nothing here is about time; timings belong
to `make bench`, not to tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import WINDOWS, posix_only

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "campaign_scale.py"

sys.path.insert(0, str(REPO / "benchmarks"))
if WINDOWS:  # the benchmark imports `resource` to measure memory: it cannot load there
    pytest.skip(posix_only.kwargs["reason"], allow_module_level=True)
import campaign_scale  # noqa: E402


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], str, Path]:
    bench_dir = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--people", "1000", "--runs", "1",
         "--bench-dir", str(bench_dir)],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((bench_dir / "results-1000.json").read_text(encoding="utf-8"))
    return results, done.stdout, bench_dir


def test_every_operation_has_a_row_in_the_json_and_the_table(
    small_run: tuple[dict[str, object], str, Path],
) -> None:
    results, printed, _ = small_run
    rows = results["rows"]
    assert isinstance(rows, list)
    assert [row["key"] for row in rows] == [spec.key for spec in campaign_scale.SPECS]
    for row, spec in zip(rows, campaign_scale.SPECS, strict=True):
        assert row["operation"] == spec.operation.strip()
        assert row["budget"] == spec.budget
        assert row["status"] == "measured", (row["key"], row["note"])
        assert row["organizer"] is not None or row["value"] is not None, row["key"]
        assert row["holds"] in ("yes", "reported") or row["holds"].startswith("NO")
        assert spec.operation.strip() in printed
    header = next(line for line in printed.splitlines() if line.startswith("operation"))
    for column in ("size", "Organizer", "plain SQLite", "ratio", "budget", "holds?"):
        assert column in header
    assert "error" not in printed.split("notes:")[0]


def test_the_demo_backups_memory_and_machine_speed_are_reported(
    small_run: tuple[dict[str, object], str, Path],
) -> None:
    results, printed, _ = small_run
    by_key = {row["key"]: row for row in results["rows"]}  # type: ignore[attr-defined]
    assert results["rows"][0]["key"] == "kdf"  # type: ignore[index]
    assert by_key["demo"]["organizer"]["runs"] >= 1
    for key in ("backup_export_memory", "backup_restore_memory"):
        assert by_key[key]["unit"] == "MB" and by_key[key]["organizer"]["worst"] > 0, key
    for key in ("backup_export", "backup_restore", "demo", "import_csv"):
        assert by_key[key]["unit"] == "s", key
    speed = results["meta"]["key_derivation_seconds"]  # type: ignore[index]
    assert speed == by_key["kdf"]["organizer"]["median"] and speed > 0
    assert "machine speed: key derivation" in printed
    assert "ratio_no_memory_security" not in by_key
    assert "memory_security" not in printed and "memory security" not in printed


def test_queries_are_compared_with_plain_sqlite(
    small_run: tuple[dict[str, object], str, Path],
) -> None:
    results, _, _ = small_run
    by_key = {row["key"]: row for row in results["rows"]}  # type: ignore[attr-defined]
    for spec in campaign_scale.SPECS:
        row = by_key[spec.key]
        if spec.plain and row["status"] == "measured":
            assert row["plain"] is not None and row["ratio"] is not None, spec.key
    meta = results["meta"]
    assert meta["people"] == 1000 and meta["cpus"]  # type: ignore[index]


def test_the_demo_vault_and_its_plain_copy_are_cached_and_the_work_files_removed(
    small_run: tuple[dict[str, object], str, Path],
) -> None:
    _, _, bench_dir = small_run
    names = sorted(p.name for p in bench_dir.iterdir())
    key = campaign_scale.cache_key(1000, 1)
    assert names == sorted([f"{key}.vault", f"{key}.plain.sqlite", "results-1000.json"])
    plain = bench_dir / f"{key}.plain.sqlite"
    assert plain.read_bytes()[:16] == b"SQLite format 3\x00"
    assert (bench_dir / f"{key}.vault").read_bytes()[:16] != b"SQLite format 3\x00"


def test_the_cache_key_follows_people_seed_and_schema() -> None:
    key = campaign_scale.cache_key(1000, 1)
    assert key.startswith("demo-1000-seed1-schema")
    assert campaign_scale.cache_key(1000, 2) != key
    assert campaign_scale.cache_key(2000, 1) != key


def test_figures_and_verdicts() -> None:
    figures = campaign_scale.Figures([0.010, 0.020, 0.030, 0.040, 0.100])
    assert figures.median == 0.030 and figures.worst == 0.100 and figures.p95 == 0.100
    spec = campaign_scale.SPEC_BY_KEY["filter"]
    fast = campaign_scale.Row(spec, organizer=campaign_scale.Figures([0.010]),
                              plain=campaign_scale.Figures([0.008]))
    assert fast.holds == "yes"
    slow = campaign_scale.Row(spec, organizer=campaign_scale.Figures([0.060]),
                              plain=campaign_scale.Figures([0.020]))
    assert slow.holds == "NO (time, ratio)"
    assert campaign_scale.Row(spec, status="not yet").holds == "—"
