"""Coders' answers: read from the sample CSV, kept in the `validation_labels` table.

A row is coded when `coder_is_attribution` is filled in (yes/no; y/n, true/false and 1/0 are
read too); rows left blank are not loaded, so a half-coded sheet can be loaded and loaded again
as coding goes on (rows are keyed by sample_id and replaced). `coder_source_type` is one of the
five source types, or empty: on a "yes" row, empty means the coder did not judge the type, and
the row then counts for attribution precision and recall but not for source types or the
corrected shares. `coder_speaker_name` empty likewise means not judged.

What the tool answered is read back from the database by attribution id, not from the sheet
(a coder may have typed over a cell); for the sentences where nothing was found, the outlet is
the sheet's. A labelled attribution id the database no longer has (the corpus was ingested
again with another pipeline version) is reported and left out.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from ..records import SOURCE_TYPES, UNRESOLVED
from ..store.database import write
from ..store.schema import VALIDATION_TABLES
from .sample import CODER_COLUMNS

LABELS_TABLE = "validation_labels"
LABEL_COLUMNS = VALIDATION_TABLES[LABELS_TABLE]["columns"]
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class LabelError(ValueError):
    """A coded sheet that cannot be read; str() names the file and line."""


@dataclass(frozen=True)
class CodedItem:
    """One coded row with the tool's answer from the database."""
    sample_id: str
    outlet: str | None
    tool_source_type: str | None       # None: a sentence where the tool found nothing
    tool_speaker_name: str | None
    is_attribution: bool
    source_type: str | None            # the coder's, None when not judged
    speaker_name: str | None


def read_label_csv(path: str | Path) -> list[dict]:
    """The coded rows of a sample CSV, checked; raises LabelError."""
    rows = []
    with open(path, newline="", encoding="utf-8-sig") as fp:
        reader = csv.DictReader(fp)
        missing = {"sample_id", "attribution_id", "outlet", *CODER_COLUMNS} - set(
            reader.fieldnames or ())
        if missing:
            raise LabelError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            label = _label(row, f"{path}, line {line}")
            if label is not None:
                rows.append(label)
    return rows


def _label(row: dict, where: str) -> dict | None:
    answer = (row["coder_is_attribution"] or "").strip().lower()
    if not answer:
        return None
    if answer not in _YES | _NO:
        raise LabelError(f"{where}: coder_is_attribution is {answer!r}, not yes or no")
    source_type = (row["coder_source_type"] or "").strip() or None
    if source_type is not None and source_type not in SOURCE_TYPES:
        raise LabelError(f"{where}: coder_source_type {source_type!r} is not one of "
                         f"{', '.join(SOURCE_TYPES)}")
    if answer in _NO and source_type is not None:
        raise LabelError(f"{where}: a source type for a row coded as no attribution")
    if not (row["sample_id"] or "").strip():
        raise LabelError(f"{where}: no sample_id")
    return {"sample_id": row["sample_id"].strip(),
            "attribution_id": (row["attribution_id"] or "").strip() or None,
            "article": row.get("article") or None, "outlet": row["outlet"] or None,
            "coder_is_attribution": int(answer in _YES), "coder_source_type": source_type,
            "coder_speaker_name": (row["coder_speaker_name"] or "").strip() or None}


def ensure_labels_table(db: Database) -> None:
    """Create validation_labels if it is not there; a table that exists is left as it is."""
    if not db[LABELS_TABLE].exists():
        db[LABELS_TABLE].create(LABEL_COLUMNS, pk="sample_id", if_not_exists=True)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load_labels(db: Database, path: str | Path) -> int:
    """Upsert the coded rows of `path` into validation_labels; the number loaded."""
    rows = read_label_csv(path)
    loaded_at = now()
    stamped = [{**row, "labels_file": Path(path).name, "loaded_at": loaded_at} for row in rows]

    def store(db):
        ensure_labels_table(db)
        db[LABELS_TABLE].upsert_all(stamped, pk="sample_id")

    write(db, store)
    return len(rows)


def coded_items(db: Database) -> tuple[list[CodedItem], list[str]]:
    """(the coded items with the tool's answers, the sample ids whose attribution is gone)."""
    if not db[LABELS_TABLE].exists():
        return [], []
    items, stale = [], []
    for row in db.query(
            f"select l.*, a.source_type as tool_source_type, a.speaker_name as tool_speaker_name,"
            f" ar.outlet as tool_outlet, a.id as found_id from [{LABELS_TABLE}] l "
            "left join attributions a on a.id = l.attribution_id "
            "left join articles ar on ar.id = a.article_id order by l.sample_id"):
        if row["attribution_id"] and row["found_id"] is None:
            stale.append(row["sample_id"])
            continue
        found = row["attribution_id"] is not None
        items.append(CodedItem(
            sample_id=row["sample_id"],
            outlet=row["tool_outlet"] if found else row["outlet"],
            tool_source_type=(row["tool_source_type"] or UNRESOLVED) if found else None,
            tool_speaker_name=row["tool_speaker_name"] if found else None,
            is_attribution=bool(row["coder_is_attribution"]),
            source_type=row["coder_source_type"], speaker_name=row["coder_speaker_name"]))
    return items, stale
