"""The drawn sample kept in the database (`sample --store`), for the coding page to walk through.

`validation_sample` holds one row per item, in the order drawn (`position`), with what the CSV
holds and the item's article and offsets (the page highlights from the article text, not from
the flattened `context`). Storing replaces the table's rows with the new draw; a draw equal to
the stored one (same database, same options and seed) writes nothing, so running `sample` again
changes nothing. Labels are not touched: they are keyed by sample_id, and those of an earlier
draw stay and count in `validate` (store_sample says how many there are).
"""
from __future__ import annotations

from sqlite_utils import Database

from ..store.database import write
from ..store.schema import VALIDATION_TABLES, ensure_db_shape
from .labels import LABELS_TABLE

SAMPLE_TABLE = "validation_sample"
STORED_COLUMNS = tuple(VALIDATION_TABLES[SAMPLE_TABLE]["columns"])


def drawn_with(n: int, by: str | None, seed: int, empty_share: float) -> str:
    """The options of a draw, as the command line gives them."""
    return f"-n {n}{f' --by {by}' if by else ''} --seed {seed} --empty-share {empty_share:g}"


def stored_rows(rows: list[dict], drawn: str) -> list[dict]:
    """draw_sample's rows as validation_sample rows (empty strings of the CSV become NULL)."""
    out = []
    for position, row in enumerate(rows, start=1):
        stored = {column: (row.get(column) if row.get(column) != "" else None)
                  for column in STORED_COLUMNS}
        out.append({**stored, "position": position, "drawn": drawn})
    return out


def store_sample(db: Database, rows: list[dict], drawn: str) -> dict:
    """Replace the stored sample with `rows` unless it equals them. Call inside a write
    transaction (store.database.write). {"changed": bool, "other_labels": labels of sample ids
    not in this draw}."""
    new = stored_rows(rows, drawn)
    order = ", ".join(f"[{c}]" for c in STORED_COLUMNS)
    old = [dict(zip(STORED_COLUMNS, row)) for row in db.execute(
        f"select {order} from [{SAMPLE_TABLE}] order by position")]
    changed = old != new
    if changed:
        db.execute(f"delete from [{SAMPLE_TABLE}]")
        db[SAMPLE_TABLE].insert_all(new, pk="sample_id")
    other = db.execute(f"select count(*) from [{LABELS_TABLE}] where sample_id not in "
                       f"(select sample_id from [{SAMPLE_TABLE}])").fetchone()[0]
    return {"changed": changed, "other_labels": other}


def record_sample(db: Database, rows: list[dict], drawn: str) -> dict:
    """store_sample in one write transaction, the validation tables made first (as ingest
    makes them) on a database from before they existed."""
    ensure_validation_tables(db)
    return write(db, store_sample, rows, drawn)


def ensure_validation_tables(db: Database) -> None:
    """ensure_db_shape, but only on a database without the validation tables: it recreates the
    views each time, and drawing the same sample again is to write nothing."""
    if not all(db[table].exists() for table in VALIDATION_TABLES):
        ensure_db_shape(db)


def stored_message(db_path, stored: dict, items: int) -> str:
    """What `sample --store` says of record_sample's answer."""
    state = "replaced" if stored["changed"] else "unchanged"
    message = f"{db_path}: validation_sample {state} ({items} item(s))"
    if stored["other_labels"]:
        message += (f"\nwarning: {stored['other_labels']} label(s) are for items of an earlier "
                    "sample; validate still counts them")
    return message
