"""CSV export of a table or view, offline (`quotesource export`).

Cells that a spreadsheet would run as a formula are neutralised by default, as OWASP's CSV
injection advice says: a text cell starting with "=", "+", "-", "@", a tab or a carriage
return gets a leading "'" (a spreadsheet shows the text; the quote marks it as text). News
text is full of such cells ("-- said the official", "+3.2%", "@handle"), and an article comes
from anyone: opening an export must not run what an article's author wrote. `raw=True` writes
every cell as stored, for programs that read CSV as data (pandas, csvkit, R).
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from sqlite_utils import Database

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """A cell a spreadsheet shows as text: a string starting like a formula gets a "'"."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def export_csv(db: Database, table_or_view: str, out_file: str | Path | IO[str],
               raw: bool = False) -> int:
    """Write every row of a table or view as CSV (header included); returns the row count.
    Formula cells are neutralised unless `raw` (see above)."""
    if table_or_view not in db.table_names() + db.view_names():
        raise ValueError(f"No table or view named {table_or_view!r}")
    cursor = db.execute(f"select * from [{table_or_view}]")
    if isinstance(out_file, (str, Path)):
        with open(out_file, "w", newline="", encoding="utf-8") as fp:
            return _write_csv(cursor, fp, raw)
    return _write_csv(cursor, out_file, raw)


def _write_csv(cursor, fp: IO[str], raw: bool) -> int:
    writer = csv.writer(fp)
    writer.writerow([d[0] if raw else neutralise(d[0]) for d in cursor.description])
    count = 0
    for row in cursor:
        writer.writerow(row if raw else [neutralise(cell) for cell in row])
        count += 1
    return count
