"""Ingest a corpus: articles stream from the files through the parser into the one SQLite
writer, and articles already stored with this pipeline version are never parsed; then the
corpus tables (people, quote clusters) are brought up to date.

`ingest_corpus` is what `quotesource ingest` runs, all of it: a library caller gets the same
database as the command. It is kept apart from the CLI so tests and scripts can drive it with
their own Extractor.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlite_utils import Database

from .ingest import MAX_CHARS, IngestError
from .pipeline import Extractor, Skipped
from .store import corpus
from .store.articles import SaveReport, is_current, save_result
from .store.schema import ensure_db_shape


@dataclass
class IngestReport(SaveReport):
    """What was stored (see store.SaveReport), plus the inputs that could not be read."""
    errors: list[IngestError] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{super().__str__()}, {len(self.errors)} error(s)"


def ingest_corpus(db: Database, paths: Iterable, extractor: Extractor, jobs: int = 1,
                  max_chars: int | None = MAX_CHARS, columns: dict | None = None,
                  on_item: Callable[[object], None] | None = None,
                  client=None) -> IngestReport:
    """Extract from every article under `paths` and store the results, one transaction each;
    then rebuild people and quote clusters if articles changed (corpus.update).

    `jobs` parser processes, or a dask.distributed `client`'s workers; this process alone
    writes. `on_item` sees every ArticleResult, Skipped and IngestError as it happens.
    """
    ensure_db_shape(db)
    version = extractor.version        # needs no model: a fully stored corpus loads none
    report = IngestReport()
    skip = lambda article: is_current(db, article, version)  # noqa: E731
    for item in extractor.run(paths, skip=skip, jobs=jobs, max_chars=max_chars, client=client,
                              columns=columns):
        if isinstance(item, IngestError):
            report.errors.append(item)
        elif isinstance(item, Skipped):
            report.skipped.append(item.article.id)
        else:
            getattr(report, save_result(db, item, version)).append(item.article.id)
        if on_item is not None:
            on_item(item)
    corpus.update(db, changed=bool(report.inserted or report.replaced))
    return report
