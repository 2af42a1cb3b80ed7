"""The benchmarks run (tiny sizes, no timing assertions: figures go to bench/RESULTS.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from bot.content.loader import load_content
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_faq_search_benchmark_runs() -> None:
    result = run("bench/faq_search.py", "--rounds", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and all("p99=" in line for line in lines)
    shipped = len(load_content(ROOT / "conversations").faq)
    assert f"entries= {shipped + 1000}" in lines[1]  # the shipped FAQ and 1,000 synthetic


def test_load_benchmark_runs_ours_and_the_peer_and_checks_ticks() -> None:
    result = run(
        "bench/load.py",
        "--bot",
        "both",
        "--users",
        "5",
        "--latency-ms",
        "5",
        "--seed",
        "50",
        "--reminders",
        "50",
        "--rate-limit",
        "0",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    points = [json.loads(line) for line in result.stdout.splitlines()[:-1]]
    assert [p["bot"] for p in points] == ["ours", "peer"]
    for point in points:
        assert point["users_out_of_order_or_lost_tick"] == 0  # per-user order held
        assert point["users_finished"] == 5 and point["updates"] == 5 * 8
        assert point["updates_per_s"] > 0 and point["p99_ms"] >= point["p50_ms"]
    assert "ours/peer updates_per_s" in json.loads(result.stdout.splitlines()[-1])


def test_sweep_benchmark_sends_each_reminder_once() -> None:
    result = run(
        "bench/sweep.py",
        "--reminders",
        "30",
        "--rate-limit",
        "0",
        "--latency-ms",
        "5",
        "--repeating",
        "20",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (point,) = [json.loads(line) for line in result.stdout.splitlines()]
    # The 20 top-up reminders are not due: untouched; the 30 due ones sent once each.
    assert point["users_not_exactly_one"] == 0 and point["states"] == {"sent": 30, "pending": 20}
    assert point["ready_to_last_s"] >= point["first_to_last_s"] >= 0
