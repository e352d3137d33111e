"""CSV export of a table or view, offline (`quotesource export`)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from sqlite_utils import Database


def export_csv(db: Database, table_or_view: str, out_file: str | Path | IO[str]) -> int:
    """Write every row of a table or view as CSV (header included); returns the row count."""
    if table_or_view not in db.table_names() + db.view_names():
        raise ValueError(f"No table or view named {table_or_view!r}")
    cursor = db.execute(f"select * from [{table_or_view}]")
    if isinstance(out_file, (str, Path)):
        with open(out_file, "w", newline="", encoding="utf-8") as fp:
            return _write_csv(cursor, fp)
    return _write_csv(cursor, out_file)


def _write_csv(cursor, fp: IO[str]) -> int:
    writer = csv.writer(fp)
    writer.writerow([d[0] for d in cursor.description])
    count = 0
    for row in cursor:
        writer.writerow(row)
        count += 1
    return count
