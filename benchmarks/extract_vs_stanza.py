"""`quotesource extract` against Stanza alone on the same files, each timed from a cold process.

    PYTHONPATH=src python benchmarks/extract_vs_stanza.py ../shared/polnear/train/text --limit 120

Issue 12's target: `extract` (load included, default `-j` = cores) takes <= 0.8x the time of a
Stanza Pipeline with all six processors and Stanza's default threads on the same texts, load
included. `--full-parse` (every sentence parsed, as before candidate-only parsing) is timed
too. Every run is a fresh process, so each pays its model load, as a user does. Prints one
JSON object: wall seconds and peak RSS per run, and the ratio to Stanza alone.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# Stanza alone, as a user would run it: the same models quotesource loads, default torch threads.
STANZA_ALONE = r"""
import sys, time, resource, stanza
from quotesource.nlp import PROCESSORS, resources_dir_for, resolve_models
models = resolve_models()
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
nlp = stanza.Pipeline(lang="en", dir=str(resources_dir_for(models)), processors=",".join(PROCESSORS),
                      download_method=None, use_gpu=False, logging_level="ERROR",
                      **models.pretrain_paths(),
                      **{f"{p}_model_path": str(path) for p, path in models.paths.items()})
docs = nlp([stanza.Document([], text=t) for t in texts])
print(sum(len(d.sentences) for d in docs), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def peak_rss_mb(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS of the biggest child (MB) and output lines of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    lines = sum(1 for _ in process.stdout)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command[:4])} ... failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss // 1024, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--jobs", type=int, nargs="+", default=[os.cpu_count() or 1, 1])
    args = parser.parse_args()
    files = [str(p) for p in sorted(Path(args.path).glob("*.txt"))[:args.limit]]
    quotesource = str(Path(sys.executable).with_name("quotesource"))

    seconds, out = timed([sys.executable, "-c", STANZA_ALONE, *files])
    sentences, stanza_rss = (int(x) for x in out.split())
    report = {"articles": len(files), "sentences": sentences, "cores": os.cpu_count(),
              "stanza_alone": {"seconds": round(seconds, 1), "peak_rss_mb": stanza_rss}}
    runs = [(jobs, []) for jobs in args.jobs] + [(args.jobs[0], ["--full-parse"])]
    for jobs, extra in runs:
        seconds, rss, rows = peak_rss_mb([quotesource, "extract", *files, "--format", "jsonl",
                                          "-j", str(jobs), "--quiet", *extra])
        report[f"extract_j{jobs}" + "".join(e.replace("--", "_") for e in extra)] = {
            "seconds": round(seconds, 1), "peak_rss_mb_largest_process": rss,
            "attributions": rows,
            "ratio_to_stanza": round(seconds / report["stanza_alone"]["seconds"], 2)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
