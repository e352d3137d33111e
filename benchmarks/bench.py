"""Speed and memory of the whole pipeline on 2 cores: load time, sentences/s, peak RSS.

    .venv/bin/python benchmarks/bench.py                 # the seeds
    .venv/bin/python benchmarks/bench.py ../shared/polnear/train/text --limit 40

Targets (issue 3): pipeline load <= 5 s. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from quotesource.ingest import load_articles
from quotesource.pipeline import Extractor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(Path(__file__).parents[1] / "seeds"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    files = sorted(Path(args.path).glob("*.txt")) if Path(args.path).is_dir() else [args.path]
    articles, errors = load_articles(files[:args.limit])
    extractor = Extractor()
    started = time.perf_counter()
    extractor.parser                      # builds the stanza pipeline
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    results = list(extractor.results_for(articles))
    seconds = time.perf_counter() - started
    sentences = extractor.sentences_parsed
    print(json.dumps({
        "articles": len(articles),
        "characters": sum(len(a.text) for a in articles),
        "sentences": sentences,
        "attributions": sum(len(r.attributions) for r in results),
        "load_seconds": round(load_seconds, 2),
        "extract_seconds": round(seconds, 2),
        "sentences_per_second": round(sentences / seconds, 1) if seconds else None,
        "articles_per_second": round(len(articles) / seconds, 2) if seconds else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "models": extractor.parser.models.source,
        "errors": [str(e) for e in errors],
    }, indent=2))


if __name__ == "__main__":
    main()
