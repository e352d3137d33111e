"""Store stage: ArticleResults into SQLite, shaped for Datasette.

The schema lives in the constants below; `ensure_db_shape(db)` applies them idempotently
(tables, foreign keys and their indexes, FTS5 with triggers, views, and the count tables of
counts.py with their triggers). `save_results` writes one
transaction per article (`database.write`: immediate, retried while another process writes), so
a run killed midway leaves a consistent database and rerunning it completes the work: articles
already stored with the same content hash and pipeline version are skipped untouched.

Identity: `articles.id` is the content hash of the text, the key; where a text was read from is
metadata. Each place (`article_paths`: path and name, i.e. file and file stem or JSON id) points
at one text, and several places may point at the same one; `articles.name`/`path` repeat the
first of them. A place that now holds another text (an edited file) moves to it, and a text no
place points at any more is deleted with its child rows. A new pipeline version recomputes a
text's child rows. Files with one name in different folders are different places.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from sqlite_utils import Database
from sqlite_utils.db import COLUMN_TYPE_MAPPING
from sqlite_utils.utils import hash_record

from . import corpus
from .database import write
from . import counts
from .counts import COUNT_TABLES, COUNTS, FACET_COUNTED, TRIGGERS
from ..records import ArticleResult, Disclosure, Source, source_key

ANONYMOUS_TYPES = ("anonymous_person", "anonymous_group")
NAMED_TYPES = ("named_person", "named_organization")

# Tables in creation order: a foreign key's target must exist before the table naming it.
TABLES: dict[str, dict] = {
    "articles": {
        "columns": {"id": str, "name": str, "title": str, "text": str, "body_start": int,
                    "body_end": int, "url": str, "outlet": str, "published": str, "author": str,
                    "path": str, "ingested_at": str, "pipeline_version": str},
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
    "people": corpus.PEOPLE_TABLE,   # across articles (corpus.py); sources link to it
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
                    "anonymous": int, "reason_stated": int},
        "foreign_keys": [("article_id", "articles", "id"), ("source_id", "sources", "id")],
    },
    "non_responses": {
        "columns": {"id": str, "article_id": str, "source_id": str, "speaker": str,
                    "speaker_start": int, "speaker_end": int, "speaker_name": str,
                    "source_type": str, "cue": str, "cue_start": int, "cue_end": int},
        "foreign_keys": [("article_id", "articles", "id"), ("source_id", "sources", "id")],
    },
}
TABLES.update(corpus.CORPUS_TABLES)   # quote clusters: rebuilt after ingest, never per article
# Child tables, deleted before their parents when an article is replaced.
CHILD_TABLES = ("attributions", "non_responses", "sources", "disclosures")

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
    **corpus.CORPUS_INDEXES,
}
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
    "idx_article_counts_month": f"article_counts ({corpus.MONTH}, attributions, "
                                f"anonymous_attributions) where {corpus.DATED}",
    # the canned search (metadata.yml), newest articles first (datasette_plugin.canned_search_sql)
    "idx_article_counts_date": "article_counts (published desc, name)",
    # anonymous_only_articles, most attributions first
    "idx_article_counts_anonymous_only": "article_counts (attributions) "
                                         "where attributions > 0 "
                                         "and anonymous_attributions = attributions",
}
# Indexes earlier versions made that a later index covers: dropped from existing databases.
# (cue) is a prefix of (cue, id).
OBSOLETE_INDEXES = ("idx_attributions_cue",)

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
    "speaker_leaderboard": """
select speaker_name, source_type, attributions, articles
from speaker_counts
order by attributions desc, articles desc, speaker_name""".strip(),
    **corpus.CORPUS_VIEWS,
}


@dataclass
class SaveReport:
    """What `save_results` did, by article name: a new text (inserted), a text recomputed or a
    place that now holds another text (replaced), nothing to do (skipped), or a text already
    stored, found under a new name or path (linked)."""
    inserted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{len(self.inserted)} inserted, {len(self.replaced)} replaced, "
                f"{len(self.skipped)} unchanged, {len(self.linked)} new name(s)")


def ensure_db_shape(db: Database) -> None:
    """Create or update tables, indexes, FTS and views. Safe to call any number of times.

    It runs before every save, and its checks (some 40 introspections) cost more than saving
    an article: a Database object remembers the schema it left, and while SQLite's schema
    cookie and the constants above are unchanged, nothing is checked again."""
    state = (db.execute("pragma schema_version").fetchone()[0], _shape_fingerprint())
    if getattr(db, "_quotesource_shape", None) == state:
        return
    write(db, _shape)
    db._quotesource_shape = (db.execute("pragma schema_version").fetchone()[0],
                             _shape_fingerprint())


def _shape_fingerprint() -> str:
    return repr((TABLES, COUNT_TABLES, INDEXES, SQL_INDEXES, OBSOLETE_INDEXES, FTS_CONFIG, VIEWS,
                 TRIGGERS))


def _shape(db: Database) -> None:
    _drop_sql_indexes_before_migration(db)
    for name, spec in TABLES.items():
        # transform=True: a no-op when the table matches, a migration when columns changed
        db[name].create(spec["columns"], pk="id", foreign_keys=spec["foreign_keys"],
                        transform=True)
    counts.ensure_counts(db)
    db.index_foreign_keys()
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db[table].create_index(columns, if_not_exists=True)
    for name, sql in SQL_INDEXES.items():
        db.execute(f"create index if not exists [{name}] on {sql}")
    for name in OBSOLETE_INDEXES:
        db.execute(f"drop index if exists [{name}]")
    for table, columns in FTS_CONFIG.items():
        # replace=True recreates the index (and triggers) only if its definition changed
        db[table].enable_fts(columns, create_triggers=True, replace=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    # Databases from before article_paths: each article's one place.
    orphans = list(db.query("select id, name, path, ingested_at from articles a where not exists"
                            " (select 1 from article_paths p where p.article_id = a.id)"))
    db["article_paths"].insert_all(
        ({"id": _place_id(r["path"], r["name"]), "article_id": r["id"], "name": r["name"],
          "path": r["path"], "ingested_at": r["ingested_at"]} for r in orphans), ignore=True)


def _drop_sql_indexes_before_migration(db: Database) -> None:
    """sqlite-utils will not transform a table that holds a partial or expression index: drop
    ours (ensure_db_shape recreates them) from any table whose columns are about to change."""
    for name, sql in SQL_INDEXES.items():
        table = sql.split()[0]
        spec = {**TABLES, **COUNT_TABLES}[table]["columns"]
        wanted = [(column, COLUMN_TYPE_MAPPING[kind]) for column, kind in spec.items()]
        if db[table].exists() and [(c.name, c.type.upper()) for c in db[table].columns] != wanted:
            db.execute(f"drop index if exists [{name}]")


def save_results(db: Database, results: list[ArticleResult], pipeline_version: str) -> SaveReport:
    """Store results, one transaction per article; unchanged articles are skipped."""
    ensure_db_shape(db)
    report = SaveReport()
    for result in results:
        getattr(report, save_result(db, result, pipeline_version)).append(result.article.id)
    corpus.rebuild(db)
    return report


def is_current(db: Database, article, pipeline_version: str) -> bool:
    """True when this text is stored with this pipeline version and this file and name already
    point at it: saving it again would be skipped, so ingest need not parse it. Call
    ensure_db_shape(db) first."""
    article_id = article_key(article)
    return db.execute(
        "select 1 from articles a join article_paths p on p.article_id = a.id "
        "where a.id = ? and a.pipeline_version = ? and p.id = ?",
        [article_id, pipeline_version, _place_id(article.path, article.id)]).fetchone() is not None


def article_key(article) -> str:
    """articles.id: the sha256 of the text."""
    return article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def save_result(db: Database, result: ArticleResult, pipeline_version: str) -> str:
    """Store one result in its own transaction, in a database already shaped; returns what was
    done: "inserted", "replaced", "skipped" or "linked" (see SaveReport)."""
    return write(db, _save_article, result, pipeline_version)


def corpus_summary(db: Database) -> dict:
    """The one row of the corpus_summary view, for `quotesource stats`. Reads only: a database
    from an older version gets the views as temporary ones, for this connection."""
    for name, sql in VIEWS.items():
        if name not in db.view_names():
            db.execute(f"create temp view if not exists [{name}] as {sql}")
    return next(db.query("select * from corpus_summary"))


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


# --- writing one article ---------------------------------------------------------------------

def _save_article(db: Database, result: ArticleResult, pipeline_version: str) -> str:
    article = result.article
    article_id = article_key(article)
    place_id = _place_id(article.path, article.id)
    stored = db.execute("select pipeline_version from articles where id = ?",
                        [article_id]).fetchone()
    held = db.execute("select article_id, encoding from article_paths where id = ?",
                      [place_id]).fetchone()
    previous = held[0] if held else None
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if stored is None or stored[0] != pipeline_version:
        if stored is not None:                         # same text, older pipeline: recompute
            _delete_children(db, article_id)
        db["articles"].insert({
            "id": article_id, "name": article.id, "title": article.title, "text": article.text,
            "body_start": article.body_start, "body_end": article.body_end, "url": article.url,
            "outlet": article.outlet, "published": article.published, "author": article.author,
            "path": article.path, "pipeline_version": pipeline_version, "ingested_at": now,
        }, replace=True)
        _insert_children(db, result, article_id)
        outcome = "replaced" if stored is not None or previous is not None else "inserted"
    elif previous == article_id:
        outcome = "skipped"
    else:
        outcome = "replaced" if previous is not None else "linked"
    if held is None or held != (article_id, article.encoding):
        db["article_paths"].insert({"id": place_id, "article_id": article_id, "name": article.id,
                                    "path": article.path, "encoding": article.encoding,
                                    "ingested_at": now}, replace=True)
    if previous is not None and previous != article_id:
        _drop_if_unreferenced(db, previous)
    return outcome


def _drop_if_unreferenced(db: Database, article_id: str) -> None:
    """After a place moved to another text: delete the old text if nothing points at it, else
    let articles.name/path name one of the places still pointing at it."""
    place = db.execute("select name, path from article_paths where article_id = ? "
                       "order by ingested_at, id limit 1", [article_id]).fetchone()
    if place is None:
        _delete_children(db, article_id)
        db["articles"].delete(article_id)
    else:
        db["articles"].update(article_id, {"name": place[0], "path": place[1]})


def _delete_children(db: Database, article_id: str) -> None:
    for table in CHILD_TABLES:
        db[table].delete_where("article_id = ?", [article_id])


def _place_id(path: str | None, name: str) -> str:
    """Where a text was read from: the file, and the name within it (stem or JSON id)."""
    return _hash("place", path, name)


def _insert_children(db: Database, result: ArticleResult, article_id: str) -> None:
    disclosures = [(_hash(article_id, "disclosure", d.group.start, d.group.end), d)
                   for d in result.disclosures]
    db["disclosures"].insert_all(_disclosure_row(article_id, did, d) for did, d in disclosures)

    source_ids: dict[tuple, str] = {}
    source_rows = []
    for source in result.sources():
        key = source_key(source)
        source_ids[key] = _hash(article_id, "source", *key)
        source_rows.append(_source_row(article_id, source_ids[key], source, result, disclosures))
    db["sources"].insert_all(source_rows)
    flags = {row["id"]: (row["anonymous"], row["reason_stated"]) for row in source_rows}

    outlet = result.article.outlet
    rows = []
    for position, attribution in enumerate(result.attributions):
        plain = attribution.as_dict(article_id)
        source_id = source_ids[source_key(attribution.source)] if attribution.source else None
        anonymous, reason_stated = flags.get(source_id, (0, None))
        rows.append({
            "id": _hash(article_id, "attribution", position, attribution.content.start,
                        attribution.content.end),
            "article_id": article_id, "source_id": source_id, "position": position,
            "kind": attribution.kind, **_span_columns("content", attribution.content),
            # a discontinuous content: JSON [[start, end], ...] of its quoted pieces
            "content_pieces": json.dumps([[p.start, p.end] for p in attribution.pieces])
            if attribution.pieces else None,
            **_span_columns("cue", attribution.cue), **_span_columns("speaker", attribution.speaker),
            **{k: plain[k] for k in ("speaker_name", "source_type", "source_count",
                                     "affiliation", "role")},
            "outlet": outlet, "anonymous": anonymous, "reason_stated": reason_stated,
        })
    db["attributions"].insert_all(rows)

    db["non_responses"].insert_all({
        "id": _hash(article_id, "non_response", nr.cue.start, nr.cue.end),
        "article_id": article_id,
        "source_id": source_ids[source_key(nr.source)] if nr.source else None,
        **_span_columns("speaker", nr.speaker),
        "speaker_name": nr.source.name if nr.source else None,
        "source_type": nr.source.source_type if nr.source else None,
        **_span_columns("cue", nr.cue),
    } for nr in result.non_responses)


def _source_row(article_id, source_id, source: Source, result: ArticleResult,
                disclosures: list[tuple[str, Disclosure]]) -> dict:
    key = source_key(source)
    speakers = [a.speaker for a in result.attributions
                if a.source and source_key(a.source) == key and a.speaker]
    first = source.mention or min(speakers, key=lambda s: s.start, default=None)
    anonymous = source.source_type in ANONYMOUS_TYPES
    disclosure_id, reason = _disclosure_for(source, disclosures) if anonymous else (None, None)
    return {
        "id": source_id, "article_id": article_id, "name": source.name,
        "source_type": source.source_type, "source_count": source.count,
        "affiliation": source.affiliation, "role": source.role,
        "named": int(source.named), "anonymous": int(anonymous),
        "attributions": sum(1 for a in result.attributions
                            if a.source and source_key(a.source) == key),
        "non_responses": sum(1 for n in result.non_responses
                             if n.source and source_key(n.source) == key),
        "first_start": first.start if first else None, "first_end": first.end if first else None,
        "anonymity_reason": reason,
        # NULL for named sources, so "reason_stated = 0" selects only unexplained anonymity
        "reason_stated": int(reason is not None) if anonymous else None,
        "disclosure_id": disclosure_id,
    }


def _disclosure_for(source: Source, disclosures: list[tuple[str, Disclosure]]):
    """(disclosure_id, reason) for an anonymous source: the best-matching disclosure group
    (same affiliation beats same head noun); failing a reason there, the first stated reason."""
    def score(disclosure: Disclosure) -> int:
        group = disclosure.group.text.lower()
        affiliations = {a.lower() for a in (source.affiliation, disclosure.affiliation) if a}
        same_affiliation = bool(source.affiliation) and (
            len(affiliations) == 1 or source.affiliation.lower() in group)
        return 2 * same_affiliation + (_head(source.name) in map(_stem, group.split()))

    ranked = sorted(disclosures, key=lambda item: -score(item[1]))  # stable: ties keep order
    best = ranked[0] if ranked and score(ranked[0][1]) > 0 else None
    if best is None or best[1].reason is None:
        best = next(((did, d) for did, d in disclosures if d.reason), best)
    if best is None:
        return None, None
    return best[0], best[1].reason.text if best[1].reason else None


def _stem(word: str) -> str:
    word = re.sub(r"\W", "", word.lower())
    return word[:-1] if word.endswith("s") else word


# Words after which a description stops naming its head noun: "sources familiar with ..."
_POSTMODIFIERS = {"familiar", "close", "with", "from", "of", "in", "at", "who", "to", "on"}


def _head(name: str) -> str:
    words = []
    for word in name.split():
        if word.lower() in _POSTMODIFIERS:
            break
        words.append(word)
    return _stem(words[-1]) if words else ""


def _disclosure_row(article_id: str, disclosure_id: str, d: Disclosure) -> dict:
    return {"id": disclosure_id, "article_id": article_id,
            "group_text": d.group.text, "group_start": d.group.start, "group_end": d.group.end,
            "count": d.count, "affiliation": d.affiliation,
            **_span_columns("reason", d.reason), **_span_columns("sentence", d.sentence)}


def _span_columns(prefix: str, span) -> dict:
    """A span as three columns: prefix (its text), prefix_start, prefix_end."""
    if span is None:
        return {prefix: None, f"{prefix}_start": None, f"{prefix}_end": None}
    return {prefix: span.text, f"{prefix}_start": span.start, f"{prefix}_end": span.end}


def _hash(*parts) -> str:
    """Stable id: the same article content always gives its rows the same ids."""
    return hash_record({str(i): part for i, part in enumerate(parts)})
