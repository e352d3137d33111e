"""Ingest at scale: first run vs re-run, parser processes, peak memory.

    PYTHONPATH=src python benchmarks/ingest_scale.py ../shared/polnear/train/text --limit 40
    PYTHONPATH=src python benchmarks/ingest_scale.py ../shared/polnear/train/text --limit 40 -j 1 -j 2
    PYTHONPATH=src python benchmarks/ingest_scale.py ../shared/polnear/train/text --sizes 40 400

Each run is `quotesource ingest` in a fresh process on a fresh database (the first `--limit`
files, sorted), then the same command again (the re-run: everything stored, nothing parsed).
Peak RSS is sampled from /proc every 50 ms over the command and its parser processes: the
largest single process, the sum, and the command's own process (reader and writer; with -j 2
it loads no model). Targets (issue 12): re-run >= 50x faster than the first
run; peak RSS <= 1.2 GB per process at any corpus size. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

COMMAND = [sys.executable, "-c", "from quotesource.cli import cli; cli()"]


def tree_rss_kb(pid: int) -> list[int]:
    """RSS of a process and all its descendants, in kB (Linux /proc); the process first."""
    sizes, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            sizes += [int(line.split()[1]) for line in status.splitlines()
                      if line.startswith("VmRSS:")]
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return sizes


def timed(args: list[str]) -> dict:
    """Run a command; wall seconds, exit code, peak RSS (largest process, sum) in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = {"max": 0, "sum": 0, "main": 0}

    def sample():
        while process.poll() is None:
            sizes = tree_rss_kb(process.pid)
            if sizes:
                peak["main"] = max(peak["main"], sizes[0])
                peak["max"] = max(peak["max"], max(sizes))
                peak["sum"] = max(peak["sum"], sum(sizes))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    stderr = process.communicate()[1]
    sampler.join()
    return {"seconds": round(time.perf_counter() - started, 2), "exit": process.returncode,
            "peak_rss_mb": round(peak["max"] / 1024), "peak_rss_sum_mb": round(peak["sum"] / 1024),
            "peak_rss_reader_writer_mb": round(peak["main"] / 1024),
            "report": stderr.strip().splitlines()[-1] if stderr.strip() else ""}


def ingest_twice(files: list[Path], jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "quotes.db")
        args = [*COMMAND, "ingest", db, *map(str, files), *(["-j", str(jobs)] if jobs else [])]
        first = timed(args)
        rerun = timed(args)
    return {"articles": len(files), "jobs": jobs, "first": first, "rerun": rerun,
            "rerun_speedup": round(first["seconds"] / rerun["seconds"], 1),
            "articles_per_second": round(len(files) / first["seconds"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a directory of .txt articles")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--sizes", type=int, nargs="*", help="several corpus sizes (memory)")
    parser.add_argument("-j", "--jobs", type=int, action="append",
                        help="parser processes (repeatable; default: the command's default)")
    args = parser.parse_args()

    files = sorted(Path(args.path).glob("*.txt"))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    runs = [ingest_twice(files[:size], jobs)
            for size in (args.sizes or [args.limit]) for jobs in (args.jobs or [None])]
    print(json.dumps({"cpus": os.cpu_count(), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
