"""Databases written before migrations were recorded open, migrate once and keep every row.

tests/data/schema_before_migrations.sql is `sqlite3 quotes.db .schema` of a seeds database
made by the code before store/migrations.py (commit 7fe2244): its tables, indexes, FTS, views
and triggers, with no `_sqlite_migrations`."""
from pathlib import Path

from sqlite_utils import Database

from quotesource.store import corpus
from quotesource.store.articles import save_result
from quotesource.store.ids import place_id
from quotesource.store.migrations import MIGRATIONS
from quotesource.store.schema import COUNT_TABLES, TABLES, ensure_db_shape

from test_counts import assert_counts_match_rows
from test_store import shape

OLD_SCHEMA = Path(__file__).parent / "data" / "schema_before_migrations.sql"


def old_database(path: Path, results) -> Database:
    """The old schema, holding `results` as the old code stored them: the rows today's code
    writes, with the old tables' columns only (confidence, added since, is left out), inserted
    into the old tables (their triggers keep the counts), then the corpus tables."""
    current = Database(path.with_name(path.stem + "_current.db"))
    ensure_db_shape(current)
    db = Database(path)
    db.conn.executescript(OLD_SCHEMA.read_text("utf-8"))
    old_columns = {table: list(db[table].columns_dict) for table in TABLES}
    for result in results:
        save_result(current, result, "v1")
    for table in ("articles", "article_paths", "disclosures", "sources", "attributions",
                  "non_responses"):     # parents first; the old triggers count each row
        db[table].insert_all({column: row.get(column) for column in old_columns[table]}
                             for row in current[table].rows)
    corpus.rebuild(db)
    return db


def rows(db: Database, columns: dict | None = None) -> dict:
    """Every row of every table, of `columns` (table -> names) where given."""
    def select(table):
        names = ", ".join(f"[{c}]" for c in columns[table]) if columns and table in columns \
            else "*"
        return sorted(db.execute(f"select {names} from [{table}]").fetchall(), key=repr)
    return {table: select(table) for table in (*TABLES, *COUNT_TABLES)}


def columns_of(db: Database) -> dict:
    return {table: list(db[table].columns_dict) for table in (*TABLES, *COUNT_TABLES)}


def applied(db: Database) -> list[tuple[str, str]]:
    return [(m.name, m.applied_at) for m in MIGRATIONS.applied(db)]


def test_a_database_from_before_migrations_opens_and_keeps_its_rows(tmp_path, sample_results):
    db = old_database(tmp_path / "old.db", sample_results)
    assert "_sqlite_migrations" not in db.table_names()
    old_columns = columns_of(db)
    assert "confidence" not in old_columns["attributions"]
    before = rows(db)
    assert before["attributions"] and before["people"] and before["article_counts"]

    ensure_db_shape(db)
    assert rows(db, old_columns) == before      # every old row, every old value
    assert {r["confidence"] for r in db["attributions"].rows} == {None}   # new column, empty
    assert [name for name, _ in applied(db)] == [m.name for m in MIGRATIONS.pending(Database(
        tmp_path / "empty.db"))] == ["drop_cue_index", "article_paths_for_older_articles"]
    fresh = Database(tmp_path / "fresh.db")
    ensure_db_shape(fresh)
    assert shape(db) == shape(fresh)          # the same tables, columns, indexes, views, triggers
    assert_counts_match_rows(db)

    recorded = applied(db)
    after = rows(db)
    ensure_db_shape(Database(tmp_path / "old.db"))      # reopened: nothing runs again
    assert applied(db) == recorded and rows(db) == after


def test_each_migration_does_its_part_once(tmp_path, sample_results):
    """An older layout still: the (cue) index that (cue, id) replaced, and articles stored
    before article_paths (here: their places deleted)."""
    db = old_database(tmp_path / "old.db", sample_results)
    places = sorted(db["article_paths"].rows, key=lambda r: r["id"])
    db.execute("create index idx_attributions_cue on attributions (cue)")
    db.execute("delete from article_paths")

    ensure_db_shape(db)
    assert "idx_attributions_cue" not in {i.name for i in db["attributions"].indexes}
    restored = sorted(db["article_paths"].rows, key=lambda r: r["id"])
    assert [(r["id"], r["article_id"], r["name"], r["path"]) for r in restored] == \
        [(r["id"], r["article_id"], r["name"], r["path"]) for r in places]
    assert all(r["id"] == place_id(r["path"], r["name"]) for r in restored)

    db.execute("create index idx_attributions_cue on attributions (cue)")   # by hand, later
    ensure_db_shape(db)
    assert "idx_attributions_cue" in {i.name for i in db["attributions"].indexes}   # recorded


def test_a_new_database_records_every_migration(tmp_path):
    db = Database(tmp_path / "new.db")
    ensure_db_shape(db)
    assert MIGRATIONS.pending(db) == []
    assert db["_sqlite_migrations"].count == len(MIGRATIONS.applied(db)) == 2
