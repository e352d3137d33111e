"""The database's shape: every table, index, view, FTS index and trigger, as constants.

`ensure_db_shape(db)` applies them idempotently (tables, foreign keys and their indexes, the
count tables of counts.py with their triggers, FTS5 with its triggers, views), and with them
the migrations of migrations.py that a database has not recorded yet. The per-article
tables are written by articles.py, the corpus tables (people, quote clusters) by corpus.py, the
count tables by the triggers of counts.py.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.db import COLUMN_TYPE_MAPPING

from .counts import FACET_COUNTED, RECOUNT, count_triggers
from .database import write
from .migrations import MIGRATIONS

# Tables in creation order: a foreign key's target must exist before the table naming it.
TABLES: dict[str, dict] = {
    "articles": {
        "columns": {"id": str, "name": str, "title": str, "text": str, "body_start": int,
                    "body_end": int, "url": str, "outlet": str, "published": str, "author": str,
                    "path": str, "ingested_at": str, "pipeline_version": str,
                    "extraction_warning": str, "furniture": str},
        "foreign_keys": [],
    },
    "article_paths": {
        "columns": {"id": str, "article_id": str, "name": str, "path": str, "encoding": str,
                    "ingested_at": str},
        "foreign_keys": [("article_id", "articles", "id")],
    },
    "disclosures": {
        "columns": {"id": str, "article_id": str, "group_text": str, "group_start": int,
                    "group_end": int, "count": int, "affiliation": str, "reason": str,
                    "reason_start": int, "reason_end": int, "sentence": str,
                    "sentence_start": int, "sentence_end": int},
        "foreign_keys": [("article_id", "articles", "id")],
    },
    # across articles (corpus.py); sources link to it
    "people": {
        "columns": {"id": str, "name": str, "kind": str, "aliases": str, "articles": int,
                    "outlets": int, "attributions": int, "direct": int, "indirect": int,
                    "mixed": int, "named_mentions": int, "described_mentions": int,
                    "non_responses": int, "first_published": str, "last_published": str},
        "foreign_keys": [],
    },
    "sources": {
        "columns": {"id": str, "article_id": str, "name": str, "source_type": str,
                    "source_count": int, "affiliation": str, "role": str, "named": int,
                    "anonymous": int, "attributions": int, "non_responses": int,
                    "first_start": int, "first_end": int, "anonymity_reason": str,
                    "reason_stated": int, "disclosure_id": str, "person_id": str},
        "foreign_keys": [("article_id", "articles", "id"), ("disclosure_id", "disclosures", "id"),
                         ("person_id", "people", "id")],
    },
    "attributions": {
        "columns": {"id": str, "article_id": str, "source_id": str, "position": int, "kind": str,
                    "content": str, "content_start": int, "content_end": int,
                    "content_pieces": str, "cue": str,
                    "cue_start": int, "cue_end": int, "speaker": str, "speaker_start": int,
                    "speaker_end": int, "speaker_name": str, "source_type": str,
                    "source_count": int, "affiliation": str, "role": str, "outlet": str,
                    "anonymous": int, "reason_stated": int, "confidence": float,
                    "confidence_band": str, "source_confidence": float},
        "foreign_keys": [("article_id", "articles", "id"), ("source_id", "sources", "id")],
    },
    "non_responses": {
        "columns": {"id": str, "article_id": str, "source_id": str, "speaker": str,
                    "speaker_start": int, "speaker_end": int, "speaker_name": str,
                    "source_type": str, "cue": str, "cue_start": int, "cue_end": int},
        "foreign_keys": [("article_id", "articles", "id"), ("source_id", "sources", "id")],
    },
    # Quote clusters (corpus.py): rebuilt after ingest, never per article; after the
    # per-article tables, as their foreign keys point at articles and attributions.
    "quote_clusters": {
        "columns": {"id": str, "text": str, "normalized": str, "attributions": int,
                    "articles": int, "outlets": int, "outlet_names": str, "speakers": str,
                    "first_published": str, "first_article_id": str, "first_outlet": str,
                    "first_speaker": str},
        "foreign_keys": [("first_article_id", "articles", "id")],
    },
    "quote_cluster_members": {
        "columns": {"id": str, "cluster_id": str, "attribution_id": str, "article_id": str,
                    "outlet": str, "published": str, "speaker_name": str, "content": str,
                    "similarity": float},
        "foreign_keys": [("cluster_id", "quote_clusters", "id"),
                         ("attribution_id", "attributions", "id"),
                         ("article_id", "articles", "id")],
    },
}
# Validation (validation/, docs/validation.md): written by `sample --store`, the coding page and
# `validate`, never by ingest; apart from TABLES, whose rows are the corpus ingest stores.
# Created empty by ensure_db_shape so that the `validation` view and the charts reading
# validation_results work on a database nobody has coded yet. No foreign keys: a label keeps
# its attribution id when the corpus is ingested again, and `validate` reports it as gone.
VALIDATION_TABLES: dict[str, dict] = {
    # the sample as drawn, in its order (position), for the coding page to walk through
    "validation_sample": {
        "columns": {"sample_id": str, "position": int, "attribution_id": str, "article_id": str,
                    "article": str, "outlet": str, "context": str, "content": str,
                    "speaker": str, "speaker_name": str, "source_type": str,
                    "confidence": float, "item_start": int, "item_end": int, "drawn": str},
        "pk": "sample_id",
    },
    # the coders' answers: from a CSV (`validate --labels`) or the coding page
    "validation_labels": {
        "columns": {"sample_id": str, "attribution_id": str, "article": str, "outlet": str,
                    "coder_is_attribution": int, "coder_source_type": str,
                    "coder_speaker_name": str, "labels_file": str, "loaded_at": str},
        "pk": "sample_id",
    },
    # the figures of the last `validate`: one row for the corpus, one per outlet
    "validation_results": {
        "columns": {"id": str, "scope": str, "outlet": str, "n": int, "tool_share": float,
                    "corrected_share": float, "ci_low": float, "ci_high": float,
                    "attribution_precision": float, "precision_ci_low": float,
                    "precision_ci_high": float, "attribution_recall": float,
                    "recall_ci_low": float, "recall_ci_high": float,
                    "source_type_agreement": float, "kappa": float, "labels": int,
                    "computed_at": str},
        "pk": "id",
    },
}
# Child tables, deleted before their parents when an article is replaced.
CHILD_TABLES = ("attributions", "non_responses", "sources", "disclosures")

# The per-article counts, as the article_stats view names them.
COUNTS = ("attributions", "sources", "anonymous_attributions", "unresolved_attributions",
          "named_people", "named_organizations", "documents", "anonymous_sources_with_reason",
          "anonymous_sources_without_reason", "non_responses")

# Counts kept by the triggers of counts.py. article_counts also copies the article's name,
# title, outlet and publication date: reading those from `articles` means reading rows that
# hold the whole text (outlet even lies beyond it).
COUNT_TABLES: dict[str, dict] = {
    "article_counts": {
        "columns": {"article_id": str, "name": str, "path": str, "title": str, "outlet": str,
                    "published": str, **{count: int for count in COUNTS}},
        "pk": "article_id",
    },
    "speaker_counts": {
        "columns": {"speaker_name": str, "source_type": str, "attributions": int, "articles": int},
        "pk": ("speaker_name", "source_type"),
    },
    # Rows per value of each FACET_COUNTED column ("attributions.kind", "direct", 1234): the
    # attributions page's five facets, each a scan of 1M index entries, read from here while
    # the page is unfiltered (publish/facets.py, StoredFacet).
    "facet_counts": {
        "columns": {"facet": str, "value": str, "count": int},
        "pk": ("facet", "value"),
    },
    # Attributions per outlet and source type (outlet_source_types). No primary key: either
    # may be NULL (an article without an outlet), which a key would not match; the triggers
    # find a row with `is` and keep one per pair.
    "outlet_type_counts": {
        "columns": {"outlet": str, "source_type": str, "attributions": int},
        "pk": None,
    },
}
TRIGGERS = count_triggers()

# Beyond the indexes on foreign keys (added by index_foreign_keys). Most serve Datasette at
# research scale (docs/scale.md, 1M attributions): the facets, also within one outlet, source
# type, kind or cue; the sorts metadata.yml offers (sources by attributions, also within a facet
# value); the statistics views, which read one covering index of article_counts (counts.py).
_FILTERED = ("outlet", "source_type", "kind", "cue")
INDEXES = {
    "articles": [["name"], ["outlet"], ["published"]],
    "article_paths": [["name"]],
    # Filtered by outlet, source type, kind or cue (a few values, each many rows: "said" is
    # half of all attributions): (X, id) reads the page in id order unsorted, (X, Y) counts
    # each other facet from the index alone. (cue, id) also serves what a (cue) index did.
    "attributions": [["speaker_name"],
                     *([first, second] for first in _FILTERED
                       for second in ("id", *FACET_COUNTED["attributions"]) if first != second)],
    "sources": [["attributions"], ["source_type", "attributions"], ["anonymous", "attributions"],
                ["reason_stated", "attributions"],
                # filtered by one facet, the other two counted from the index alone
                ["source_type", "anonymous", "reason_stated"],
                ["anonymous", "source_type", "reason_stated"],
                ["reason_stated", "source_type", "anonymous"]],
    "article_counts": [["outlet", *COUNTS]],
    "speaker_counts": [["attributions", "articles"]],
    "outlet_type_counts": [["outlet", "source_type", "attributions"]],
    "people": [["attributions"]],
    "quote_clusters": [["outlets"]],
}
# monthly_stats: articles with an ISO date and their month; its partial expression index
# (SQL_INDEXES) holds exactly these, so the view groups it in order without sorting.
MONTH = "substr(published, 1, 7)"
DATED = "published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
# share_anonymous, as article_stats computes it: the expression index below is used only
# where a query's expression is exactly this one.
_SHARE_ANONYMOUS = "round(1.0 * anonymous_attributions / nullif(attributions, 0), 3)"
# Indexes sqlite-utils cannot declare. Partial: the unexplained anonymous attributions (13 %)
# found, ordered and faceted without reading the rest. Expression: article_stats in its
# default order (share_anonymous, desc), page after page, without sorting 80,000 rows.
SQL_INDEXES = {
    **{f"idx_attributions_unexplained{suffix}": f"attributions ({columns}) "
                                                "where anonymous = 1 and reason_stated = 0"
       for suffix, columns in (("", "article_id, position"), ("_outlet", "outlet"),
                               ("_source_type", "source_type"))},
    "idx_article_counts_share_anonymous": f"article_counts ({_SHARE_ANONYMOUS})",
    # monthly_stats: the dated articles, by month, with the counts it sums
    "idx_article_counts_month": f"article_counts ({MONTH}, attributions, "
                                f"anonymous_attributions) where {DATED}",
    # the canned search (metadata.yml), newest articles first (publish/search_sql.py, canned_search_sql)
    "idx_article_counts_date": "article_counts (published desc, name)",
    # anonymous_only_articles, most attributions first
    "idx_article_counts_anonymous_only": "article_counts (attributions) "
                                         "where attributions > 0 "
                                         "and anonymous_attributions = attributions",
}
FTS_CONFIG = {"attributions": ["content", "speaker", "speaker_name"], "articles": ["title", "text"],
              "people": ["name", "aliases"]}

# Per-article counts, read from article_counts (one small row per article); the other
# statistics views aggregate it. Source counts cover quoted sources only (attributions > 0):
# someone who merely declined to comment is not a source.
_ARTICLE_STATS = f"""
select article_id, name, path, title, outlet, attributions, sources, anonymous_attributions,
  {_SHARE_ANONYMOUS} as share_anonymous,
  unresolved_attributions,
  round(1.0 * anonymous_attributions / nullif(attributions - unresolved_attributions, 0), 3)
    as share_anonymous_of_resolved,
  named_people, named_organizations, documents,
  anonymous_sources_with_reason, anonymous_sources_without_reason, non_responses
from article_counts
"""

_SUMS = """
  coalesce(sum(attributions), 0) as attributions, coalesce(sum(sources), 0) as sources,
  coalesce(sum(anonymous_attributions), 0) as anonymous_attributions,
  round(1.0 * sum(anonymous_attributions) / nullif(sum(attributions), 0), 3) as share_anonymous,
  coalesce(sum(unresolved_attributions), 0) as unresolved_attributions,
  round(1.0 * sum(anonymous_attributions)
    / nullif(sum(attributions) - sum(unresolved_attributions), 0), 3) as share_anonymous_of_resolved,
  coalesce(sum(named_people), 0) as named_people,
  coalesce(sum(named_organizations), 0) as named_organizations,
  coalesce(sum(documents), 0) as documents,
  coalesce(sum(anonymous_sources_with_reason), 0) as anonymous_sources_with_reason,
  coalesce(sum(anonymous_sources_without_reason), 0) as anonymous_sources_without_reason,
  coalesce(sum(non_responses), 0) as non_responses"""

VIEWS = {
    "article_stats": _ARTICLE_STATS.strip(),
    "outlet_stats": f"select outlet, count(*) as articles,{_SUMS}\n"
                    "from article_stats group by outlet",
    "corpus_summary": f"select count(*) as articles, count(distinct outlet) as outlets,{_SUMS},\n"
                      "  (select count(*) from attributions where anonymous = 1"
                      " and reason_stated = 0) as unexplained_anonymous_attributions\n"
                      "from article_stats",
    # No ORDER BY: sorting every unexplained attribution (13 % of all) took seconds on 1M; the
    # partial index gives them article by article, in position order. No join either: the
    # article's name is a subquery, run only for rows shown, so counts and facets read the
    # partial indexes alone (a join cost 0.5 s per facet).
    "unexplained_anonymous": """
select t.id, t.article_id,
  (select c.name from article_counts c where c.article_id = t.article_id) as article,
  t.outlet, t.position, t.kind, t.content, t.cue,
  t.speaker, t.speaker_name, t.source_type, t.source_id
from attributions t
where t.anonymous = 1 and t.reason_stated = 0""".strip(),
    "anonymous_only_articles": "select * from article_stats\n"
                               "where attributions > 0 and anonymous_attributions = attributions",
    # The last `validate`'s figures, and how many labels there are now: a result computed from
    # fewer labels than the table holds is out of date (run `quotesource validate` again).
    "validation": """
select scope, outlet, n, tool_share, corrected_share, ci_low, ci_high, attribution_precision,
  precision_ci_low, precision_ci_high, attribution_recall, recall_ci_low, recall_ci_high,
  source_type_agreement, kappa, labels as labels_used,
  (select count(*) from validation_labels) as labels_now, computed_at
from validation_results
order by scope = 'outlet', outlet""".strip(),
    "speaker_leaderboard": """
select speaker_name, source_type, attributions, articles
from speaker_counts
order by attributions desc, articles desc, speaker_name""".strip(),
}
# Over the corpus tables (corpus.py) and the chart counts.
CORPUS_VIEWS = {
    "most_reused_quotes": """
select id, text, outlets, articles, attributions, first_published, first_outlet, first_speaker,
  outlet_names, speakers
from quote_clusters
order by outlets desc, articles desc, first_published""".strip(),
    "most_quoted_people": """
select id, name, kind, attributions, articles, outlets, direct, indirect, mixed,
  named_mentions, described_mentions, aliases
from people where attributions > 0
order by attributions desc, articles desc, name""".strip(),
    # For the charts: month = the first seven characters of an ISO date (YYYY-MM). Both read
    # counts kept by triggers (counts.py), one row per article and one per outlet and source
    # type, not every attribution (over 1 s on 1M, docs/scale.md); the rows and values are
    # those of grouping the attributions themselves (tests/test_counts.py).
    "monthly_stats": f"""
select {MONTH} as month, count(*) as articles,
  coalesce(sum(attributions), 0) as attributions,
  coalesce(sum(anonymous_attributions), 0) as anonymous_attributions,
  round(1.0 * sum(anonymous_attributions) / nullif(sum(attributions), 0), 3) as share_anonymous
from article_counts
where {DATED}
group by month order by month""".strip(),
    "outlet_source_types": """
select outlet, source_type, attributions,
  round(1.0 * attributions
    / (select sum(u.attributions) from outlet_type_counts u where u.outlet is c.outlet), 3)
    as share
from outlet_type_counts c
order by outlet, attributions desc, source_type""".strip(),
}
VIEWS.update(CORPUS_VIEWS)


def ensure_db_shape(db: Database) -> None:
    """Create or update tables, indexes, FTS, triggers and views, and apply the migrations not
    yet recorded (migrations.py), in one write transaction. Safe to call any number of times;
    ingest calls it once per run, not per article (some 40 introspections, ~25 ms)."""
    write(db, _shape)


def _shape(db: Database) -> None:
    _drop_sql_indexes_before_migration(db)
    for name, spec in TABLES.items():
        # transform=True: a no-op when the table matches, a migration when columns changed
        db[name].create(spec["columns"], pk="id", foreign_keys=spec["foreign_keys"],
                        transform=True)
    for name, spec in VALIDATION_TABLES.items():
        db[name].create(spec["columns"], pk=spec["pk"], transform=True)
    ensure_counts(db)
    MIGRATIONS.apply(db)           # after the tables they fill, before indexes and views
    db.index_foreign_keys()
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db[table].create_index(columns, if_not_exists=True)
    for name, sql in SQL_INDEXES.items():
        db.execute(f"create index if not exists [{name}] on {sql}")
    for table, columns in FTS_CONFIG.items():
        # replace=True recreates the index (and triggers) only if its definition changed
        db[table].enable_fts(columns, create_triggers=True, replace=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def _drop_sql_indexes_before_migration(db: Database) -> None:
    """sqlite-utils will not transform a table that holds a partial or expression index: drop
    ours (ensure_db_shape recreates them) from any table whose columns are about to change."""
    for name, sql in SQL_INDEXES.items():
        table = sql.split()[0]
        spec = {**TABLES, **COUNT_TABLES}[table]["columns"]
        wanted = [(column, COLUMN_TYPE_MAPPING[kind]) for column, kind in spec.items()]
        if db[table].exists() and [(c.name, c.type.upper()) for c in db[table].columns] != wanted:
            db.execute(f"drop index if exists [{name}]")


def ensure_counts(db: Database) -> None:
    """Count tables and their triggers; a full recount when the tables are new or changed."""
    fresh = any([c.name for c in db[name].columns] != list(spec["columns"])
                for name, spec in COUNT_TABLES.items())
    for name, spec in COUNT_TABLES.items():
        if fresh and db[name].exists():
            db[name].drop()       # recounted below: cheaper and safer than migrating
        db[name].create(spec["columns"], pk=spec["pk"], transform=True,
                        not_null=[c for c, kind in spec["columns"].items() if kind is int],
                        defaults={c: 0 for c, kind in spec["columns"].items() if kind is int})
    _ensure_triggers(db)
    if fresh:
        for sql in RECOUNT:
            db.execute(sql)


def _ensure_triggers(db: Database) -> None:
    """Create the count triggers; replace any whose SQL changed."""
    stored = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'"))
    for name, sql in TRIGGERS.items():
        if stored.get(name) != sql:
            if name in stored:
                db.execute(f"drop trigger [{name}]")
            db.execute(sql)
