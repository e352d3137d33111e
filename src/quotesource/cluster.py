"""Dask: the parsers run on a cluster's workers, this process stays the one SQLite writer.

    quotesource ingest db/quotes.db corpus/ --scheduler tcp://HOST:8786   # a running cluster
    quotesource ingest db/quotes.db corpus/ --scheduler local -j 2        # a LocalCluster here

Article batches are submitted as tasks (pipeline._work); each worker builds its Extractor, and
loads the models, once. Results stream back in input order, at most two batches per worker
thread in flight, and are written as they come. A dead worker's batch is retried elsewhere; if
the whole run fails, running the same command again skips every article already stored.
dask.distributed is optional: pip install 'quotesource[cluster]'.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator


class ClusterError(Exception):
    pass


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int = 1) -> Iterator[object | None]:
    """A dask.distributed Client for `scheduler` (an address, or "local" for a LocalCluster of
    `workers` single-threaded processes); None when no scheduler is given."""
    if not scheduler:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--scheduler needs dask.distributed: "
                           "pip install 'quotesource[cluster]'") from None
    if scheduler == "local":
        # one thread per worker: torch in one process gains nothing from a second task thread
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client
