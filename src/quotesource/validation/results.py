"""`validate`'s figures kept in the database, for the `validation` view and the charts.

The corrected share's interval is a bootstrap over the coded items (statistics.py), which SQL
cannot compute: `quotesource validate` stores its report in `validation_results` each time it
runs, one row for the corpus (every figure) and one per outlet (the anonymous shares), and the
dashboard reads that table. The rows are replaced as a whole: they are the last run's. The row
records how many labels it was computed from; the `validation` view sets that beside the number
of labels now, so that labels coded since (on the coding page) show the figures out of date.
"""
from __future__ import annotations

from sqlite_utils import Database

from ..store.database import NotADatabase, StoreError, open_database, write
from .labels import now
from .report import NO_OUTLET
from .stored_sample import ensure_validation_tables

RESULTS_TABLE = "validation_results"


def _interval(figure: dict | None, key: str = "ci") -> tuple:
    interval = (figure or {}).get(key) or (None, None)
    return interval[0], interval[1]


def result_rows(report: dict, labels: int, computed_at: str) -> list[dict]:
    """The report as validation_results rows: the corpus first, then each outlet."""
    share = report["anonymous_share"]
    precision, recall = report["attribution_precision"], report["attribution_recall"]
    types = report["source_type"]
    low, high = _interval(share)
    p_low, p_high = _interval(precision)
    r_low, r_high = _interval(recall)
    rows = [{"id": "corpus", "scope": "corpus", "outlet": None, "n": report["n"],
             "tool_share": share["tool"], "corrected_share": share["corrected"],
             "ci_low": low, "ci_high": high,
             "attribution_precision": precision["value"], "precision_ci_low": p_low,
             "precision_ci_high": p_high, "attribution_recall": recall["value"],
             "recall_ci_low": r_low, "recall_ci_high": r_high,
             "source_type_agreement": types["agreement"], "kappa": types["kappa"],
             "labels": labels, "computed_at": computed_at}]
    for outlet, figures in report["by_outlet"].items():
        low, high = _interval(figures)
        rows.append({"id": f"outlet:{outlet}", "scope": "outlet",
                     "outlet": None if outlet == NO_OUTLET else outlet, "n": figures["n"],
                     "tool_share": figures["tool"], "corrected_share": figures["corrected"],
                     "ci_low": low, "ci_high": high, "labels": labels,
                     "computed_at": computed_at})
    return rows


def store_results(db: Database, report: dict) -> int:
    """Replace validation_results with `report`'s rows (call inside a write transaction);
    the number of rows stored."""
    labels = db.execute("select count(*) from validation_labels").fetchone()[0]
    rows = result_rows(report, labels, now())
    db.execute(f"delete from [{RESULTS_TABLE}]")
    db[RESULTS_TABLE].insert_all(rows, pk="id", alter=False)
    return len(rows)


def record_results(db_path, report: dict) -> str | None:
    """Store `report` in the database at `db_path` (tables made first, as ingest makes them);
    a warning when the file cannot be written (the figures are then only printed), else None."""
    try:
        with open_database(db_path, write=True) as db:
            ensure_validation_tables(db)
            write(db, store_results, report)
    except (NotADatabase, StoreError) as err:
        return f"figures not stored in {RESULTS_TABLE} ({err})"
    return None
