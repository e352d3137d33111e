"""The whole job for many files: ingest -> nlp (in batches) -> attribution.

The stanza pipeline is built once per process and only when there is something to parse.
A long article goes through in pieces (segments.py), so time and memory stay linear in its
length; the pieces are batched like articles, and each result is yielded as soon as its last
piece is done.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import segments
from .attribute import attribute
from .ingest import MAX_CHARS, IngestError, read_articles
from .lexicons import LEXICON_DIR
from .records import ArticleResult

BATCH_ARTICLES = 8


def package_version() -> str:
    try:
        return version("quotesource")
    except PackageNotFoundError:
        return "0+unknown"


def pipeline_version(parser) -> str:
    """Changes whenever the code, the models or the lexicons change, so stored results from an
    older pipeline are recomputed while identical re-runs are skipped."""
    digest = hashlib.sha256(package_version().encode())
    digest.update(json.dumps(parser.models.manifest, sort_keys=True).encode())
    for path in sorted([*LEXICON_DIR.iterdir(), *Path(__file__).parent.glob("*.py")]):
        digest.update(path.name.encode() + path.read_bytes())
    return f"{package_version()}+{digest.hexdigest()[:12]}"


class Extractor:
    def __init__(self, model_dir=None, include_beliefs: bool = False):
        self.model_dir = model_dir
        self.include_beliefs = include_beliefs
        self._parser = None
        self.sentences_parsed = 0          # for benchmarks: throughput in sentences

    @property
    def parser(self):
        if self._parser is None:
            from .nlp import get_parser
            self._parser = get_parser(self.model_dir)
        return self._parser

    @cached_property
    def version(self) -> str:
        # Hashes every module and lexicon file: once per run, not once per stored article.
        return pipeline_version(self.parser)

    def run(self, paths: Iterable, max_chars: int | None = MAX_CHARS, columns: dict | None = None
            ) -> Iterator[ArticleResult | IngestError]:
        """Results in input order; unreadable files (and articles longer than max_chars)
        come through as IngestError items. `columns`: CSV column names (inputs.py)."""
        batch = []
        for item in read_articles(paths, max_chars, columns):
            if isinstance(item, IngestError):
                yield from self._flush(batch)
                batch = []
                yield item
                continue
            batch.append(item)
            if len(batch) >= BATCH_ARTICLES:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def results_for(self, articles: list, jobs: int = 1) -> Iterator[ArticleResult]:
        """Results for articles already in memory, parsed in batches, in input order.

        With jobs > 1, batches go to worker processes (one single-threaded parser each): on
        2 cores two processes beat one process with two torch threads.
        """
        batches = [articles[i:i + BATCH_ARTICLES] for i in range(0, len(articles), BATCH_ARTICLES)]
        if jobs <= 1 or len(batches) <= 1:
            for batch in batches:
                yield from self._flush(batch)
            return
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, _init_worker, (self.model_dir, self.include_beliefs)) as pool:
            for results, sentences in pool.imap(_work, batches):
                self.sentences_parsed += sentences
                yield from results

    def _flush(self, articles) -> Iterator[ArticleResult]:
        if not articles:
            return
        pieces = [(n, offset, piece) for n, article in enumerate(articles)
                  for offset, piece in segments.split(article)]
        left = [sum(1 for p in pieces if p[0] == n) for n in range(len(articles))]
        parts: list[list] = [[] for _ in articles]
        done = 0
        for i in range(0, len(pieces), BATCH_ARTICLES):
            batch = pieces[i:i + BATCH_ARTICLES]
            for (n, offset, piece), doc in zip(batch, self.parser.parse([p.text for _, _, p
                                                                         in batch])):
                self.sentences_parsed += len(doc.sentences)
                parts[n].append((offset, attribute(piece, doc,
                                                   include_beliefs=self.include_beliefs)))
                left[n] -= 1
            while done < len(articles) and left[done] == 0:
                yield segments.merge(articles[done], parts[done])
                parts[done] = []
                done += 1
        for n in range(done, len(articles)):      # no body to attribute at all
            yield segments.merge(articles[n], parts[n])


_WORKER: Extractor | None = None


def _init_worker(model_dir, include_beliefs) -> None:
    global _WORKER
    _WORKER = Extractor(model_dir, include_beliefs)


def _work(batch) -> tuple[list[ArticleResult], int]:
    before = _WORKER.sentences_parsed
    results = list(_WORKER._flush(batch))
    return results, _WORKER.sentences_parsed - before
