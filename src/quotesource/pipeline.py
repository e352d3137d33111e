"""The whole job for many files: ingest -> nlp (in batches) -> attribution.

The stanza pipeline is built once per process and only when there is something to parse.
A long article goes through in pieces (segments.py), so time and memory stay linear in its
length; the pieces are batched like articles, and each result is yielded as soon as its last
piece is done.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import segments
from .attribution import candidates
from .attribution.attribute import attribute
from .ingest import MAX_CHARS, IngestError, read_articles
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


PACKAGE_ROOT = Path(__file__).parent
# What extraction results depend on, as globs under the package root: the pipeline version
# hashes these files and nothing else, so an edit to the CLI, the store, the Datasette plugin,
# the evaluation or the progress bar leaves every stored article current (re-parsing a large
# corpus takes hours). A module that extraction imports belongs here: tests/
# test_pipeline_version.py checks that pipeline.py's imports reach nothing outside this list.
EXTRACTION_INPUTS = (
    "pipeline.py",            # batching and the merge of a long article's pieces
    "ingest/**/*.py",         # files -> Article: text, offsets, ids, body bounds
    "segments.py",            # where a long article is cut
    "nlp/*.py",               # the parse handed to attribution (and its speed-ups)
    "parse_math.py",          # the parser's scores and decoder (nlp/speed.py)
    "attribution/**/*.py",    # the attributions themselves
    "records.py",             # the result records
    "lexicons.py",
    "lexicons/*",             # the word lists, boilerplate markers included
    "models/attribution.json",  # the learned decision on candidates (attribution/confidence.py)
    "models/names.json",      # person or not, for a bare name (attribution/names.py)
    "models/noun_kinds.json",  # body, thing or person, for an unlisted noun (noun_kinds.py)
    "models/sources.json",    # how sure a speaker and type are (attribution/confidence.py)
)                             # (the models count too, through their manifest)


def extraction_files(root: Path = PACKAGE_ROOT) -> list[Path]:
    """The files of EXTRACTION_INPUTS under `root`, sorted."""
    return sorted({path for pattern in EXTRACTION_INPUTS for path in root.glob(pattern)
                   if path.is_file()})


def pipeline_version(models, root: Path = PACKAGE_ROOT) -> str:
    """Changes whenever extraction's code (EXTRACTION_INPUTS), the models or the lexicons
    change, so stored results from an older pipeline are recomputed while identical re-runs
    are skipped.

    Takes the resolved `ModelSet`, not a loaded parser: a re-run must know the version without
    building stanza's pipeline, or skipping unchanged articles would still cost the model load."""
    digest = hashlib.sha256(package_version().encode())
    digest.update(json.dumps(models.manifest, sort_keys=True).encode())
    for path in extraction_files(root):
        # the path under the root, not the bare name: ingest/ and attribution/ may share names
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{package_version()}+{digest.hexdigest()[:12]}"


def default_jobs() -> int:
    """Cores this process may use (fewer than os.cpu_count() under taskset or a Slurm job)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:        # not on Linux
        return os.cpu_count() or 1


class Extractor:
    def __init__(self, model_dir=None, include_beliefs: bool = False,
                 batch_articles: int = BATCH_ARTICLES, full_parse: bool = False):
        self.model_dir = model_dir
        self.include_beliefs = include_beliefs
        # By default only the sentences attribution reads a parse of are parsed
        # (attribution/candidates.py); full_parse parses every one, as before.
        self.full_parse = full_parse
        self.batch_articles = batch_articles
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
        # Hashes extraction's modules and lexicon files: once per run, not per stored article.
        from .nlp import resolve_models
        version = pipeline_version(resolve_models(self.model_dir))
        return version + ".full-parse" if self.full_parse else version

    def run(self, paths: Iterable, skip: Callable[[Article], bool] | None = None,
            jobs: int = 1, max_chars: int | None = MAX_CHARS, client=None,
            columns: dict | None = None
            ) -> Iterator[ArticleResult | IngestError | Skipped]:
        """Results in input order; unreadable files (and articles longer than max_chars) come
        through as IngestError items. `columns`: CSV column names (ingest/csv_reader.py).

        `skip(article)` is asked before parsing: articles it accepts come through as Skipped
        and are never parsed (ingest passes "already stored with this pipeline version").
        With a dask.distributed `client`, the batches go to the cluster's workers instead.
        """
        return self.stream(read_articles(paths, max_chars, columns), skip, jobs, client)

    def results_for(self, articles: Iterable[Article], jobs: int = 1) -> Iterator[ArticleResult]:
        """Results for articles already in memory, parsed in batches, in input order."""
        return self.stream(articles, jobs=jobs)

    def stream(self, items: Iterable, skip: Callable[[Article], bool] | None = None,
               jobs: int = 1, client=None) -> Iterator[ArticleResult | IngestError | Skipped]:
        """Articles (and IngestErrors, passed through) to results, in input order.

        With jobs > 1, batches go to that many worker processes (one single-threaded parser
        each; on 2 cores two processes beat one process with two torch threads) while this
        process reads ahead and its caller writes: N parsers, one writer. The batches are the
        same as with jobs=1, so the results are too. Reading is lazy and at most 2 batches per
        worker are in flight, so memory does not grow with the corpus.

        With a Dask `client`, the same batches go to the cluster's workers (each loads the
        models once, on its first batch) and come back in order to this process, the one
        writer; a batch whose worker dies is run again elsewhere (retries=2).
        """
        chunks = _chunks(items, skip, self.batch_articles)
        if client is not None:
            config = (self.model_dir, self.include_beliefs, BATCH_ARTICLES, self.full_parse)
            yield from self.in_order(
                lambda batch: client.submit(_work, config, batch, pure=False, retries=2),
                # asked again for every batch: on Slurm, workers join while the run goes on
                chunks, window=lambda: 2 * max(1, sum(client.nthreads().values())))
            return
        if jobs <= 1:
            for chunk in chunks:
                yield from self._complete(chunk, list(self._flush(_articles(chunk))))
            return
        head = []                  # chunks read before deciding whether processes pay off
        for chunk in chunks:
            if not head and not _articles(chunk):
                yield from chunk   # nothing before it to wait for
                continue
            head.append(chunk)
            if sum(bool(_articles(c)) for c in head) >= 2:
                break
        if sum(bool(_articles(c)) for c in head) < 2:
            # One batch: parsing it here beats starting processes that each load the models.
            for chunk in head:
                yield from self._complete(chunk, list(self._flush(_articles(chunk))))
            return
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        # spawn, not fork: a forked copy of a process holding torch threads can deadlock
        pool = ProcessPoolExecutor(jobs, mp_context=get_context("spawn"))
        try:
            config = (self.model_dir, self.include_beliefs, BATCH_ARTICLES, self.full_parse)
            yield from self.in_order(lambda batch: pool.submit(_work, config, batch),
                                     itertools.chain(head, chunks), window=2 * jobs)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def in_order(self, submit: Callable, chunks: Iterable[list],
                 window: int | Callable[[], int]) -> Iterator:
        """Each chunk's articles go to `submit(batch) -> future` (a process pool's or a Dask
        client's), at most `window` (or `window()`) unfinished at a time; items come out in
        input order."""
        pending: deque = deque()   # (chunk, future or None when it holds nothing to parse)
        in_flight = 0
        for chunk in chunks:
            batch = _articles(chunk)
            pending.append((chunk, submit(batch) if batch else None))
            in_flight += bool(batch)
            limit = window() if callable(window) else window
            while pending and (pending[0][1] is None or pending[0][1].done()
                               or in_flight > limit):
                chunk, future = pending.popleft()
                in_flight -= future is not None
                yield from self._complete(chunk, self._received(future))
        while pending:
            chunk, future = pending.popleft()
            yield from self._complete(chunk, self._received(future))

    def _received(self, future) -> list[ArticleResult]:
        if future is None:
            return []
        results, sentences = future.result()
        self.sentences_parsed += sentences
        return results

    def _complete(self, chunk: list, results: list[ArticleResult]) -> Iterator:
        """A chunk's items in order, its articles replaced by their results."""
        results = iter(results)
        for item in chunk:
            yield next(results) if isinstance(item, Article) else item

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
            texts = [p.text for _, _, p in batch]
            for (n, offset, piece), doc in zip(batch, self.parser.parse(
                    texts, needs_parse=None if self.full_parse else candidates.needs_parse)):
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


def _articles(chunk: list) -> list[Article]:
    return [item for item in chunk if isinstance(item, Article)]


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


# One Extractor per worker process and configuration: the models load once per worker, on
# its first batch, whether the worker belongs to a local process pool or a Dask cluster.
_WORKERS: dict[tuple, Extractor] = {}
_WORKERS_LOCK = threading.Lock()     # a Dask worker may run tasks in several threads


def _work(config: tuple, batch: list[Article]) -> tuple[list[ArticleResult], int]:
    """In a worker: parse and attribute one batch; the results and the sentences parsed."""
    with _WORKERS_LOCK:
        if config not in _WORKERS:
            _WORKERS[config] = Extractor(*config)
            _WORKERS[config].parser          # load the models under the lock, once
    worker = _WORKERS[config]
    before = worker.sentences_parsed
    results = list(worker._flush(batch))
    return results, worker.sentences_parsed - before
