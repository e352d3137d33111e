"""Publish stage: serve a quotesource database with Datasette 0.65 and metadata.yml.

Where metadata.yml comes from: the repository root holds the one source file;
src/quotesource/metadata.yml is a symlink to it. From a checkout or an editable install the
package path resolves through the link to the root file; a wheel built from the checkout copies
the file's content into the package (setuptools follows the link), provided package-data lists
"metadata.yml". If the package copy is missing, the checkout root is tried, then an error.
"""
from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import yaml

from ..store.database import open_database

PACKAGE_METADATA = Path(__file__).parents[1] / "metadata.yml"
CHECKOUT_METADATA = Path(__file__).resolve().parents[3] / "metadata.yml"


def metadata_path() -> Path:
    """The metadata.yml to serve with: the package's copy, else the checkout's root file."""
    for candidate in (PACKAGE_METADATA, CHECKOUT_METADATA):
        # is_file() follows the symlink; a checkout without symlink support would leave a
        # one-line text file holding the link target, which load_metadata would reject
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("metadata.yml not found in the quotesource package or its checkout")


_default_metadata = metadata_path  # serve()'s parameter shadows the function's name


def load_metadata(path: str | Path | None = None) -> dict:
    """The parsed metadata, as `Datasette(..., metadata=...)` takes it."""
    data = yaml.safe_load(Path(path or metadata_path()).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path or metadata_path()} is not Datasette metadata")
    return data


# Datasette settings `quotesource serve` starts with (each can be overridden with --setting).
# Facet suggestions ran ~54 queries on every table page and cost ~2.5 s per page on 1M
# attributions (docs/scale.md); the useful facets are configured in metadata.yml anyway.
DEFAULT_SETTINGS = {"suggest_facets": "off"}

# The database name metadata.yml describes; Datasette names a database after its file's stem.
METADATA_DATABASE = "quotes"


def metadata_for(db_path: str | Path, path: str | Path | None = None) -> dict:
    """The metadata with its `quotes` database entry under the name Datasette will give this
    file (its stem), so facets, queries and descriptions apply whatever the file is called."""
    data = load_metadata(path)
    databases = data.get("databases") or {}
    name = Path(db_path).stem
    if METADATA_DATABASE in databases and name not in databases:
        databases[name] = databases.pop(METADATA_DATABASE)
        # the charts name their database too (datasette-dashboards: charts and filters)
        for dashboard in ((data.get("plugins") or {}).get("datasette-dashboards") or {}).values():
            for item in [*(dashboard.get("charts") or {}).values(),
                         *(dashboard.get("filters") or {}).values()]:
                if item.get("db") == METADATA_DATABASE:
                    item["db"] = name
    return data


@contextlib.contextmanager
def _metadata_file(db_path, path) -> Iterator[Path]:
    """metadata_for() written to a temporary file, for `datasette serve --metadata`."""
    with tempfile.TemporaryDirectory(prefix="quotesource-") as folder:
        target = Path(folder) / "metadata.json"
        target.write_text(json.dumps(metadata_for(db_path, path)), encoding="utf-8")
        yield target


def serve(db_path: str | Path, port: int = 8001, host: str = "127.0.0.1",
          metadata_path: str | Path | None = None, extra_args: tuple[str, ...] = (),
          settings: dict[str, str] | None = None) -> None:
    """Run `datasette serve` on the database until interrupted.

    Datasette's own click command is invoked in this process rather than a `datasette`
    subprocess: the same interpreter is guaranteed (so the quotesource plugin, declared as an
    entry point of this package, is loaded), nothing depends on PATH, every `datasette serve`
    option stays available through `extra_args`, and Ctrl-C reaches uvicorn directly.
    """
    from datasette.cli import cli as datasette_cli  # imported late: only serving needs it

    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"No database at {db_path}")
    meta = Path(metadata_path) if metadata_path else _default_metadata()
    load_metadata(meta)  # fail early, with a clear message, on a broken file
    # Serving only reads: a file that is not a quotesource database is refused (NotADatabase),
    # and nothing is written (Datasette itself opens the file read-only; the one exception is
    # the coding page's answers, into validation_labels only: coding_page.py). A database from an
    # older version gets its new views from the next `quotesource ingest`.
    open_database(db_path).close()
    chosen = {**DEFAULT_SETTINGS, **(settings or {})}
    with _metadata_file(db_path, meta) as renamed:
        args = ["serve", str(db_path), "--metadata", str(renamed), "--host", host,
                "--port", str(port),
                *[arg for name, value in chosen.items() for arg in ("--setting", name, value)],
                *extra_args]
        datasette_cli.main(args, prog_name="datasette", standalone_mode=False)



@contextlib.contextmanager
def background_server(db_path: str | Path, metadata_path: str | Path | None = None,
                      timeout: float = 30.0) -> Iterator[str]:
    """Run `datasette serve` in a subprocess on a free localhost port; yield its base URL.

    For browsers driven from tests and scripts/screenshot.py. A subprocess (unlike serve()):
    the caller keeps running while it serves, and it is stopped on exit.
    """
    meta = Path(metadata_path) if metadata_path else _default_metadata()
    with _metadata_file(db_path, meta) as renamed, \
            _serving(db_path, renamed, timeout) as url:
        yield url


@contextlib.contextmanager
def _serving(db_path, meta: Path, timeout: float) -> Iterator[str]:
    with socket.socket() as sock:  # ask the OS for a free port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tempfile.TemporaryFile("w+")  # a file, not a pipe: a full pipe would block the server
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(meta),
         "--host", "127.0.0.1", "--port", str(port),
         *[arg for name, value in DEFAULT_SETTINGS.items() for arg in ("--setting", name, value)]],
        stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{url}/-/versions.json", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    process.wait()
                    log.seek(0)
                    raise RuntimeError(f"datasette did not start:\n{log.read()}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
