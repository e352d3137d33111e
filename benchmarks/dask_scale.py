"""Ingest on a Dask cluster: articles per second per worker, and what the one writer can take.

    PYTHONPATH=src python benchmarks/dask_scale.py ../shared/polnear/train/text --limit 40 \\
        --workers 1 2
    PYTHONPATH=src python benchmarks/dask_scale.py ... --scheduler tcp://HOST:8786

Each run ingests the first --limit articles (sorted) into a fresh database through
`--scheduler local` (a LocalCluster of single-threaded worker processes, started first and
not timed) or a given scheduler. Reported: wall seconds; the steady rate (articles after the
first batch, over the time after it: model loading excluded) overall and per worker; and the
writer's own time per article (save_results), which bounds how many workers one SQLite
writer can keep up with. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from quotesource import runner
from quotesource.cluster import dask_client
from quotesource.pipeline import Extractor


def ingest(files: list[Path], scheduler: str, workers: int) -> dict:
    with dask_client(scheduler, workers) as client, tempfile.TemporaryDirectory() as tmp:
        workers = len(client.nthreads())
        done, saving = [], [0.0]
        real_save = runner.save_results

        def timed_save(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real_save(*args, **kwargs)
            finally:
                saving[0] += time.perf_counter() - started

        runner.save_results = timed_save
        started = time.perf_counter()
        try:
            report = runner.ingest_corpus(Database(Path(tmp) / "quotes.db"), files, Extractor(),
                                          client=client,
                                          on_item=lambda item: done.append(time.perf_counter()))
        finally:
            runner.save_results = real_save
        seconds = time.perf_counter() - started
    first_batch = min(len(done), 8)          # pipeline.BATCH_ARTICLES: the first batch back
    steady = (len(done) - first_batch) / (done[-1] - done[first_batch - 1]) \
        if len(done) > first_batch and done[-1] > done[first_batch - 1] else None
    return {"workers": workers, "articles": len(files), "report": str(report),
            "seconds": round(seconds, 1),
            "steady_articles_per_second": steady and round(steady, 3),
            "per_worker": steady and round(steady / workers, 3),
            "writer_ms_per_article": round(1000 * saving[0] / max(1, report.inserted), 1),
            "writer_articles_per_second": round(report.inserted / saving[0]) if saving[0] else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a directory of .txt articles")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scheduler", default="local")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    files = sorted(Path(args.path).glob("*.txt"))[:args.limit]
    runs = []
    for workers in args.workers:
        runs.append(ingest(files, args.scheduler, workers))
        print(json.dumps(runs[-1]), file=sys.stderr)
    print(json.dumps({"cpus": os.cpu_count(), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
