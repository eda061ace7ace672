"""What every part of the benchmark shares: paths, child processes measured for peak memory,
and small statistics."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.pages import SCRIPTS

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
CACHE = BENCH / "cache"
RESULTS = BENCH / "results"
PYTHON = sys.executable

#: URL path -> page script, as ``app.py`` registers them ("" is the default page).
PAGE_FILES = SCRIPTS


@dataclass
class ChildRun:
    returncode: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants (shared pages counted once
    across them: a forked worker pool is not charged twice for what it shares with its parent)."""
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended between two reads
    return total_kb / 1024.0


def run_measured(args: list[str], *, env: dict | None = None, timeout: float = 7200.0, cwd: Path = REPO) -> ChildRun:
    """Run a child process and return its wall time and peak memory: the larger of its own peak
    RSS (``os.wait4``: exactly this child) and the peak total PSS of it and its descendants, sampled
    every 0.2 s (the ETL forks workers; their memory counts too)."""
    out_path = CACHE / f".child-{os.getpid()}-{time.monotonic_ns()}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        deadline = started + timeout
        tree_peak, next_sample = 0.0, started
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() >= next_sample:
                tree_peak = max(tree_peak, _tree_pss_mb(proc.pid))
                next_sample = time.perf_counter() + 0.2
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    own_peak = usage.ru_maxrss / 1024.0  # KiB on Linux
    return ChildRun(proc.returncode, seconds, max(own_peak, tree_peak), stdout, stderr)


def run_json_child(module: str, *args: str, env: dict | None = None, timeout: float = 7200.0) -> tuple[dict, ChildRun]:
    """``python -m <module> ...`` that prints one JSON object as its last stdout line."""
    run = run_measured([PYTHON, "-m", module, *args], env=env, timeout=timeout)
    if run.returncode != 0:
        raise RuntimeError(f"{module} failed ({run.returncode}):\n{run.stderr[-4000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1]), run


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def human_rows(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def save_results(prefix: str, stamp: str, result: dict, text: str, json_path: str | None) -> Path:
    """The run's figures as ``bench/results/<prefix>-<stamp>.json`` and ``.txt`` (and ``--json FILE``)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = RESULTS / f"{prefix}-{stamp}.json"
    payload = json.dumps(result, indent=2, default=str)
    saved.write_text(payload, encoding="utf-8")
    (RESULTS / f"{prefix}-{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    if json_path:
        Path(json_path).write_text(payload, encoding="utf-8")
    return saved
