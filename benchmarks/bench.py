"""Speed and memory of the whole pipeline in one process: load, CPU per article and per stage.

    PYTHONPATH=src python benchmarks/bench.py                 # the seeds
    PYTHONPATH=src python benchmarks/bench.py ../shared/polnear/train/text --limit 40
    PYTHONPATH=src python benchmarks/bench.py ../shared/gold/web/tune ../shared/gold/web/check

Files are read as `quotesource extract` reads them (.txt, .html, ...; a directory's files sorted,
`--limit` of them in all) and extracted with `-j 1` in this process, so every CPU second is
counted here. CPU is `time.process_time` (all threads of this process), which a busy machine
does not inflate as it does wall time. Per Stanza processor: the time in its `process` (the
parse of candidate sentences counts under depparse); "stanza_other" is the rest of
`Parser.parse` (building stanza Documents, copying the result into ours); "attribution" the
rules; "rest" reading, segmenting and merging. Prints one JSON object.

Issue 3's target: pipeline load <= 5 s. Issue 25's: CPU per article, load included, <= 0.4x of
what it was (docs/scale.md).
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from collections import defaultdict
from pathlib import Path

import quotesource.pipeline as pipeline_module
from quotesource.ingest import load_articles
from quotesource.ingest import EXTENSIONS
from quotesource.pipeline import Extractor


def input_files(paths: list[str], limit: int | None) -> list[Path]:
    files = []
    for path in map(Path, paths):
        files += sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS) \
            if path.is_dir() else [path]
    return files[:limit]


def timed(function, cpu: dict, key: str):
    """`function`, adding its CPU seconds to cpu[key] at every call."""
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            cpu[key] += time.process_time() - started
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(Path(__file__).parents[1] / "seeds")])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    cpu_started, wall_started = time.process_time(), time.perf_counter()
    articles, errors = load_articles(input_files(args.paths, args.limit))
    cpu = defaultdict(float)
    cpu["read"] = time.process_time() - cpu_started
    extractor = Extractor()
    started, load_started = time.perf_counter(), time.process_time()
    extractor.parser                      # builds the stanza pipeline
    load_seconds = time.perf_counter() - started
    cpu["load"] = time.process_time() - load_started

    stanza = extractor.parser
    for name, processor in stanza.pipeline.processors.items():
        processor.process = timed(processor.process, cpu, name)
    stanza.parse = timed(stanza.parse, cpu, "parse")
    pipeline_module.attribute = timed(pipeline_module.attribute, cpu, "attribution")

    started, extract_started = time.perf_counter(), time.process_time()
    results = list(extractor.results_for(articles))
    seconds = time.perf_counter() - started
    cpu["extract"] = time.process_time() - extract_started
    processors = {name: cpu[name] for name in stanza.pipeline.processors}
    cpu["stanza_other"] = cpu.pop("parse") - sum(processors.values())
    cpu["rest"] = cpu["extract"] - sum(processors.values()) - cpu["stanza_other"] \
        - cpu["attribution"]
    cpu["total"] = time.process_time() - cpu_started
    n = len(articles) or 1
    sentences = extractor.sentences_parsed
    print(json.dumps({
        "articles": len(articles),
        "characters": sum(len(a.text) for a in articles),
        "sentences": sentences,
        "attributions": sum(len(r.attributions) for r in results),
        "load_seconds": round(load_seconds, 2),
        "extract_seconds": round(seconds, 2),
        "wall_seconds": round(time.perf_counter() - wall_started, 2),
        "sentences_per_second": round(sentences / seconds, 1) if seconds else None,
        "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "cpu_seconds_per_article": {k: round(v / n, 3) for k, v in cpu.items()},
        "cpu_per_article_load_included": round(cpu["total"] / n, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "models": extractor.parser.models.source,
        "errors": [str(e) for e in errors],
    }, indent=2))


if __name__ == "__main__":
    main()
