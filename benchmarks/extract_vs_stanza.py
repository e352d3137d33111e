"""`quotesource extract` against Stanza alone on the same files, each timed from a cold process.

    PYTHONPATH=src python benchmarks/extract_vs_stanza.py ../shared/polnear/train/text --limit 120
    PYTHONPATH=src python benchmarks/extract_vs_stanza.py ../shared/gold/web/tune/*.html --jobs 2

PATHS: a directory (its *.txt, sorted, the first --limit) or files (.html read as extract reads
them). CPU seconds are the process's and its children's (the -j workers), from wait4: on a
machine shared with other jobs they are the figure to compare, wall time is not.

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


def measured(command: list[str]) -> tuple[float, float, int, list[str]]:
    """Wall seconds, CPU seconds (with its children's), peak RSS of the biggest process (MB)
    and the output lines of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    lines = list(process.stdout)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command[:4])} ... failed with status {status}")
    return (time.perf_counter() - started, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss // 1024, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--jobs", type=int, nargs="+", default=[os.cpu_count() or 1, 1])
    parser.add_argument("--no-full-parse", action="store_true", help="leave out that run")
    parser.add_argument("--no-stanza", action="store_true", help="leave out Stanza alone")
    args = parser.parse_args()
    files = [str(p) for p in sorted(Path(args.paths[0]).glob("*.txt"))[:args.limit]] \
        if Path(args.paths[0]).is_dir() else args.paths[:args.limit]
    quotesource = str(Path(sys.executable).with_name("quotesource"))

    def figures(wall, cpu, rss):
        return {"seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                "cpu_per_article": round(cpu / len(files), 3), "peak_rss_mb": rss}

    report = {"articles": len(files), "cores": os.cpu_count()}
    stanza = None
    texts = [f for f in files if f.endswith(".txt")]   # Stanza alone reads plain text only
    if texts and not args.no_stanza:
        wall, cpu, _, out = measured([sys.executable, "-c", STANZA_ALONE, *texts])
        sentences, stanza_rss = (int(x) for x in out[0].split())
        stanza = report["stanza_alone"] = {**figures(wall, cpu, stanza_rss),
                                           "sentences": sentences}
    runs = [(jobs, []) for jobs in args.jobs]
    runs += [] if args.no_full_parse else [(args.jobs[0], ["--full-parse"])]
    for jobs, extra in runs:
        wall, cpu, rss, rows = measured([quotesource, "extract", *files, "--format", "jsonl",
                                         "-j", str(jobs), "--quiet", *extra])
        run = report[f"extract_j{jobs}" + "".join(e.replace("--", "_") for e in extra)] = {
            **figures(wall, cpu, rss), "attributions": len(rows)}
        if stanza:
            run["ratio_to_stanza"] = round(wall / stanza["seconds"], 2)
            run["cpu_ratio_to_stanza"] = round(cpu / stanza["cpu_seconds"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
