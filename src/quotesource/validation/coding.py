"""Coding in the browser: what one click does to a label, and the one write the page may make.

The coding page (publish/coding_page.py) is served by Datasette, which opens the database
read-only and must stay so for everything else. The page's answers go to `validation_labels`
in the same file, so that `quotesource validate DB` reads them as it reads a loaded CSV, with
no second file to keep beside the database. They are written through a connection of their
own, opened for one answer and closed, on which an SQLite authorizer refuses every statement
but reads and inserts, updates and deletes of validation_labels: whatever SQL runs on it, no
other table, no schema and no pragma can change. (A separate labels database, attached or
served mutable, would make every `validate` and every join with the corpus name two files.)

One click per field: `yes` and `no` answer "is this an attribution" (no clears the type and the
name); a source type implies yes; `name` sets the coder's speaker name alone; `clear` deletes
the label. What the tool answered is not copied: `validate` reads it from the database.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database

from ..records import SOURCE_TYPES
from ..store.database import BUSY_TIMEOUT_S, write
from .labels import LABELS_TABLE, now
from .sentences import sentence_spans
from .stored_sample import SAMPLE_TABLE

ANSWERS = ("yes", "no", *SOURCE_TYPES, "name", "clear")
# Answers after which the page moves on to the next item: the row is fully answered.
FINAL_ANSWERS = ("no", *SOURCE_TYPES)
_READ_ONLY_ACTIONS = {sqlite3.SQLITE_READ, sqlite3.SQLITE_SELECT, sqlite3.SQLITE_TRANSACTION,
                      sqlite3.SQLITE_SAVEPOINT, sqlite3.SQLITE_FUNCTION}
_LABEL_WRITES = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}


class AnswerError(ValueError):
    """An answer the page cannot store (unknown answer or sample item); str() says why."""


def labels_only(action, table, *_):
    """SQLite authorizer: reads anywhere, writes to validation_labels only, nothing else."""
    if action in _READ_ONLY_ACTIONS:
        return sqlite3.SQLITE_OK
    if action in _LABEL_WRITES and table == LABELS_TABLE:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def labels_connection(path: str | Path) -> Database:
    """A connection to `path` that can write validation_labels and nothing else."""
    db = Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S))
    db.conn.set_authorizer(labels_only)     # after sqlite-utils' own set-up pragma
    return db


def next_label(current: dict | None, answer: str, speaker_name: str | None) -> dict | None:
    """The coder columns after `answer` on a label now `current` (None: not coded); None when
    the label is to be deleted."""
    if answer not in ANSWERS:
        raise AnswerError(f"unknown answer {answer!r}: one of {', '.join(ANSWERS)}")
    name = " ".join((speaker_name or "").split()) or None
    if answer == "clear":
        return None
    if answer == "no":
        return {"coder_is_attribution": 0, "coder_source_type": None, "coder_speaker_name": None}
    kept_type = current["coder_source_type"] if current and current["coder_is_attribution"] \
        else None
    return {"coder_is_attribution": 1,
            "coder_source_type": answer if answer in SOURCE_TYPES else kept_type,
            "coder_speaker_name": name}


def save_answer(path: str | Path, sample_id: str, answer: str,
                speaker_name: str | None = None) -> dict | None:
    """Apply one click to the label of `sample_id` in the database at `path`; the label now
    (None: not coded). Raises AnswerError."""
    def apply(db: Database):
        item = db.execute(f"select attribution_id, article, outlet from [{SAMPLE_TABLE}] "
                          "where sample_id = ?", [sample_id]).fetchone()
        if item is None:
            raise AnswerError(f"no sample item {sample_id!r}")
        rows = list(db.query(f"select * from [{LABELS_TABLE}] where sample_id = ?", [sample_id]))
        label = next_label(rows[0] if rows else None, answer, speaker_name)
        if label is None:
            db.execute(f"delete from [{LABELS_TABLE}] where sample_id = ?", [sample_id])
            return None
        row = {"sample_id": sample_id, "attribution_id": item[0], "article": item[1],
               "outlet": item[2], **label, "labels_file": None, "loaded_at": now()}
        columns = ", ".join(row)
        # plain SQL, not sqlite-utils' upsert: that introspects with pragmas the authorizer denies
        db.execute(f"insert into [{LABELS_TABLE}] ({columns}) values "
                   f"({', '.join('?' * len(row))}) on conflict(sample_id) do update set "
                   + ", ".join(f"{c} = excluded.{c}" for c in row if c != "sample_id"),
                   list(row.values()))
        return row

    db = labels_connection(path)
    with closing(db.conn):
        return write(db, apply)


def context_bounds(text: str, body_start: int, body_end: int, start: int,
                   end: int) -> tuple[int, int]:
    """(start, end) in `text` of what a coder reads for the item at [start, end): the sentences
    it touches and one more on each side (the `context` of the sample CSV, with offsets)."""
    sentences = sentence_spans(text, body_start, body_end)
    touched = [i for i, (s, e) in enumerate(sentences) if s < end and start < e]
    if not touched:
        return start, end
    first, last = max(touched[0] - 1, 0), min(touched[-1] + 1, len(sentences) - 1)
    return min(start, sentences[first][0]), max(end, sentences[last][1])
