"""Changes to databases written by earlier versions, each applied once and recorded.

sqlite-utils' `Migrations` keeps the record in `_sqlite_migrations` (set "quotesource"): a
migration runs on the first `ensure_db_shape` that finds it pending and never again. Each one
must also be harmless on a new database, where it runs once over empty tables: the tables
themselves are created by schema.ensure_db_shape, in their current shape, before the
migrations run, and the indexes, FTS and views after them.

What stays in ensure_db_shape is what follows from the constants alone, every time: a table
gets the columns schema.TABLES declares, a count table that is new or changed is recounted, a
trigger or view whose SQL changed is replaced. A migration is what the constants cannot say:
something to remove, or rows to fill in from an older layout.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .ids import place_id

MIGRATIONS = Migrations("quotesource")


@MIGRATIONS()
def drop_cue_index(db: Database) -> None:
    """Attributions had a (cue) index until (cue, id) covered it: a prefix of (cue, id)."""
    db.execute("drop index if exists [idx_attributions_cue]")


@MIGRATIONS()
def article_paths_for_older_articles(db: Database) -> None:
    """Databases from before article_paths: each article's one place (its name and path)."""
    orphans = list(db.query("select id, name, path, ingested_at from articles a where not exists"
                            " (select 1 from article_paths p where p.article_id = a.id)"))
    db["article_paths"].insert_all(
        ({"id": place_id(r["path"], r["name"]), "article_id": r["id"], "name": r["name"],
          "path": r["path"], "ingested_at": r["ingested_at"]} for r in orphans), ignore=True)
