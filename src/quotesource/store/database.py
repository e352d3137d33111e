"""Opening a quotesource database: checked first, read-only for readers, WAL and retries for writers.

`open_database(path, write=False)` refuses with `NotADatabase` (one line naming the file) a file
that is not SQLite, or is SQLite but not a quotesource database, before anything else happens:
commands check it before parsing a single article. Readers (stats, export, serve) get a read-only
connection (`mode=ro`), so they never change a file. Writers get WAL mode, where readers and
one writer never block each other, and a busy timeout; `write(db, fn, *args)` runs `fn(db, *args)`
in one `BEGIN IMMEDIATE` transaction (the write lock is taken at the start, so two writers never
deadlock upgrading a read) and retries it while another process holds the lock. Several ingests
can therefore share one database.
"""
from __future__ import annotations

import random
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30       # how long one attempt waits for another writer (an article: ms)
WRITE_ATTEMPTS = 6
# What makes a file a quotesource database, of any version: these tables with these columns.
REQUIRED_COLUMNS = {"articles": {"id", "text", "body_start", "body_end", "pipeline_version"},
                    "attributions": {"id", "article_id", "content_start", "content_end"}}


class NotADatabase(Exception):
    """A path that is no quotesource database; `str()` is one line naming it."""


def problem(path: str | Path, write: bool = False) -> str | None:
    """Why `path` cannot be used as a quotesource database, or None. For writing, a missing or
    empty file and an SQLite file without tables are fine: they become one."""
    path = Path(path)
    if not path.exists():
        return None if write else "no such file"
    if path.is_dir():
        return "is a directory"
    try:
        with path.open("rb") as fp:
            header = fp.read(len(SQLITE_HEADER))
    except OSError as err:
        return f"cannot read ({err.strerror or err})"
    if not header:
        return None if write else "empty file, not a quotesource database"
    if header != SQLITE_HEADER:
        return "not a SQLite database"
    try:
        with closing(_read_only(path)) as conn:
            found = {table: {row[1] for row in conn.execute(f"pragma table_info([{table}])")}
                     for (table,) in conn.execute(
                         "select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as err:
        return f"not a usable SQLite database ({err})"
    if all(columns <= found.get(table, set()) for table, columns in REQUIRED_COLUMNS.items()):
        return None
    if write and not found:
        return None
    return "not a quotesource database"


def open_database(path: str | Path, write: bool = False) -> Database:
    """A checked database: read-only unless `write`; raises NotADatabase."""
    reason = problem(path, write)
    if reason:
        raise NotADatabase(f"{path}: {reason}")
    if not write:
        return Database(_read_only(Path(path)))
    try:
        db = Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S))
        # Persistent in the file; changing it needs a moment alone with the database.
        _retry(lambda: db.conn.execute("pragma journal_mode = wal").fetchone())
    except sqlite3.Error as err:           # e.g. a folder that does not exist
        raise NotADatabase(f"{path}: cannot open ({err})") from None
    return db


def write(db: Database, fn, *args):
    """fn(db, *args) in one write transaction, retried while another writer holds the lock.
    Inside an open transaction it simply runs, in a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            return fn(db, *args)

    def attempt():
        try:
            db.conn.execute("begin immediate")
            value = fn(db, *args)
            db.conn.commit()
            return value
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise

    return _retry(attempt)


def _retry(fn):
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            return fn()
        except sqlite3.OperationalError as err:
            if not _busy(err) or attempt == WRITE_ATTEMPTS:
                raise
            time.sleep(random.uniform(0.05, 0.2) * 2 ** attempt)   # apart, not in step


def _busy(err: sqlite3.OperationalError) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(err) or "busy" in str(err)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           timeout=BUSY_TIMEOUT_S, check_same_thread=False)
