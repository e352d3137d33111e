"""The whole job for many files: ingest -> nlp (in batches) -> attribution.

The stanza pipeline is built once per process and only when there is something to parse.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .attribute import attribute
from .ingest import IngestError, read_articles
from .lexicons import LEXICON_DIR
from .records import Article, ArticleResult

BATCH_ARTICLES = 8


@dataclass
class Skipped:
    """An article not parsed because its results are already stored."""
    article: Article


def package_version() -> str:
    try:
        return version("quotesource")
    except PackageNotFoundError:
        return "0+unknown"


def pipeline_version(models) -> str:
    """Changes whenever the code, the models or the lexicons change, so stored results from an
    older pipeline are recomputed while identical re-runs are skipped.

    Takes the resolved `ModelSet`, not a loaded parser: a re-run must know the version without
    building stanza's pipeline, or skipping unchanged articles would still cost the model load."""
    digest = hashlib.sha256(package_version().encode())
    digest.update(json.dumps(models.manifest, sort_keys=True).encode())
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
        from .nlp import resolve_models
        return pipeline_version(resolve_models(self.model_dir))

    def run(self, paths: Iterable, skip: Callable[[Article], bool] | None = None
            ) -> Iterator[ArticleResult | IngestError | Skipped]:
        """Results in input order; unreadable files come through as IngestError items.

        `skip(article)` is asked before parsing: articles it accepts come through as Skipped
        and are never parsed (ingest passes "already stored with this pipeline version").
        """
        for chunk in _chunks(read_articles(paths), skip):
            yield from self._complete(chunk)

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

    def _complete(self, chunk: list) -> Iterator[ArticleResult | IngestError | Skipped]:
        """A chunk's items in order, its articles replaced by their results."""
        results = iter(self._flush([item for item in chunk if isinstance(item, Article)]))
        for item in chunk:
            yield next(results) if isinstance(item, Article) else item

    def _flush(self, articles) -> Iterator[ArticleResult]:
        if not articles:
            return
        parsed = self.parser.parse([a.text for a in articles])
        for article, doc in zip(articles, parsed):
            self.sentences_parsed += len(doc.sentences)
            yield attribute(article, doc, include_beliefs=self.include_beliefs)


def _chunks(items: Iterable, skip=None, size: int = BATCH_ARTICLES) -> Iterator[list]:
    """Input items in order, cut after every `size` articles to parse. Errors and skipped
    articles ride along in the chunk where they occur, so they neither break a batch in two
    nor lose their place in the output; with nothing to parse before them they pass at once
    (a re-run of a stored corpus holds no more than one item at a time)."""
    chunk, to_parse = [], 0
    for item in items:
        if isinstance(item, Article) and skip is not None and skip(item):
            item = Skipped(item)
        if not chunk and not isinstance(item, Article):
            yield [item]
            continue
        chunk.append(item)
        to_parse += isinstance(item, Article)
        # the length cap bounds memory when few articles among many skipped need parsing
        if to_parse >= size or len(chunk) >= 4 * size:
            yield chunk
            chunk, to_parse = [], 0
    if chunk:
        yield chunk


_WORKER: Extractor | None = None


def _init_worker(model_dir, include_beliefs) -> None:
    global _WORKER
    _WORKER = Extractor(model_dir, include_beliefs)


def _work(batch) -> tuple[list[ArticleResult], int]:
    before = _WORKER.sentences_parsed
    results = list(_WORKER._flush(batch))
    return results, _WORKER.sentences_parsed - before
