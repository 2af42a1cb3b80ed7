"""The benchmarks run (tiny sizes, no timing assertions: figures go to bench/RESULTS.md)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_faq_search_benchmark_runs() -> None:
    result = subprocess.run(
        [sys.executable, "bench/faq_search.py", "--rounds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and all("p99=" in line for line in lines)
    assert "entries= 1046" in lines[1]
