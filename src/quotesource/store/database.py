"""Opening a quotesource database: checked first, read-only for readers, WAL and retries for writers.

`open_database(path, write=False)` refuses with `NotADatabase` (one line naming the file) a file
that is not SQLite, or is SQLite but not a quotesource database, before anything else happens:
commands check it before parsing a single article. Readers (stats, export, serve) get a read-only
connection (`mode=ro`), so they never change a file. Writers get WAL mode, where readers and
one writer never block each other, and a busy timeout; `write(db, fn, *args)` runs `fn(db, *args)`
in one `BEGIN IMMEDIATE` transaction (the write lock is taken at the start, so two writers never
deadlock upgrading a read) and retries it while another process holds the lock. Several ingests
can therefore share one database.

A database that cannot be written is found before any parsing (open_database tries a write and
rolls it back: NotADatabase "cannot write: ..."), and a write refused later (a full disk) is a
StoreError, one line naming the file, never a traceback. A reader of a WAL database in a folder
it may not write (no -shm can be made) reads the file as immutable when no -wal holds commits.
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


class StoreError(Exception):
    """A write the database refused (disk full, a read-only file); `str()` is one line naming
    the file. Raised by `write`; what earlier transactions stored is kept."""


# SQLite's primary result codes for a database that cannot be written at all: retrying or
# going on with the next article cannot help.
_STORAGE_CODES = {sqlite3.SQLITE_FULL: "no space left",
                  sqlite3.SQLITE_READONLY: "the file (or its folder) is read-only",
                  sqlite3.SQLITE_IOERR: "an I/O error",
                  sqlite3.SQLITE_CANTOPEN: "cannot open the file or its journal",
                  sqlite3.SQLITE_PERM: "permission denied"}


def storage_problem(err: sqlite3.Error) -> str | None:
    """Why a database cannot be written, in words, if `err` says so; else None."""
    code = getattr(err, "sqlite_errorcode", None)
    reason = _STORAGE_CODES.get(code & 0xFF) if code is not None else None
    return f"cannot write: {reason} ({err})" if reason else None


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
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        db = Database(conn)
        # Persistent in the file; changing it needs a moment alone with the database.
        _retry(lambda: db.conn.execute("pragma journal_mode = wal").fetchone())
        # SQLite opens a file it may not write read-only without a word: try a write now,
        # before any parsing, rather than fail at the first article.
        _retry(lambda: _try_a_write(db.conn))
    except sqlite3.Error as err:           # e.g. a folder that does not exist
        if conn is not None:
            conn.close()
        raise NotADatabase(f"{path}: {storage_problem(err) or f'cannot open ({err})'}") from None
    return db


def _try_a_write(conn: sqlite3.Connection) -> None:
    """Write the header's user_version unchanged, then roll it back: nothing changes."""
    conn.execute("begin immediate")
    try:
        version = int(conn.execute("pragma user_version").fetchone()[0])
        conn.execute(f"pragma user_version = {version}")
    finally:
        conn.rollback()


def write(db: Database, fn, *args):
    """fn(db, *args) in one write transaction, retried while another writer holds the lock.
    Inside an open transaction it simply runs, in a savepoint. A database that cannot be
    written (disk full, read-only) raises StoreError, after the rollback."""
    if db.conn.in_transaction:
        with db.atomic():
            return fn(db, *args)
    try:
        return _write(db, fn, *args)
    except sqlite3.OperationalError as err:
        reason = storage_problem(err)
        if reason is None:
            raise
        raise StoreError(f"{_file_name(db)}: {reason}; what was stored before is kept") from None


def _file_name(db: Database) -> str:
    try:
        return db.execute("pragma database_list").fetchone()[2] or "the database"
    except sqlite3.Error:
        return "the database"


def _write(db: Database, fn, *args):
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
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                           check_same_thread=False)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as err:
        wal = Path(f"{path}-wal")
        if (getattr(err, "sqlite_errorcode", 0) & 0xFF) != sqlite3.SQLITE_CANTOPEN or (
                wal.exists() and wal.stat().st_size):
            conn.close()
            raise
    conn.close()
    # A WAL database in a folder this process may not write: SQLite cannot make the -shm file
    # it reads through. With no -wal file (or an empty one) beside it, every commit is in the
    # database file itself, and no writer is at work (a writer would have made a -wal), so
    # reading the file as immutable (no locks, no -shm) sees all of it.
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=BUSY_TIMEOUT_S,
                           check_same_thread=False)
