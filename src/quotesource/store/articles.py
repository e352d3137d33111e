"""Store stage: ArticleResults into SQLite, shaped for Datasette.

The schema lives in schema.py, whose `ensure_db_shape(db)` applies it. `save_results` writes
one transaction per article (`database.write`: immediate, retried while another process
writes), so a run killed midway leaves a consistent database and rerunning it completes the
work: articles already stored with the same content hash and pipeline version are skipped
untouched.

Identity: `articles.id` is the content hash of the text, the key; where a text was read from is
metadata. Each place (`article_paths`: path and name, i.e. file and file stem or JSON id) points
at one text, and several places may point at the same one; `articles.name`/`path` repeat the
first of them. A place that now holds another text (an edited file) moves to it, and a text no
place points at any more is deleted with its child rows. A new pipeline version recomputes a
text's child rows. Files with one name in different folders are different places.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlite_utils import Database

from . import corpus
from .database import write
from .ids import article_key, place_id, stable_id
from .schema import CHILD_TABLES, VIEWS, ensure_db_shape
from ..attribution.disclosures import choose_disclosure
from ..records import ANONYMOUS_TYPES, ArticleResult, Disclosure, Source, source_key


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
        [article_id, pipeline_version, place_id(article.path, article.id)]).fetchone() is not None


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


# --- writing one article ---------------------------------------------------------------------

def _save_article(db: Database, result: ArticleResult, pipeline_version: str) -> str:
    article = result.article
    article_id = article_key(article)
    place = place_id(article.path, article.id)
    stored = db.execute("select pipeline_version from articles where id = ?",
                        [article_id]).fetchone()
    held = db.execute("select article_id, encoding from article_paths where id = ?",
                      [place]).fetchone()
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
            "extraction_warning": article.extraction_warning,
            "furniture": json.dumps(article.furniture) if article.furniture else None,
        }, replace=True)
        _insert_children(db, result, article_id)
        outcome = "replaced" if stored is not None or previous is not None else "inserted"
    elif previous == article_id:
        outcome = "skipped"
    else:
        outcome = "replaced" if previous is not None else "linked"
    if held is None or held != (article_id, article.encoding):
        db["article_paths"].insert({"id": place, "article_id": article_id, "name": article.id,
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


def _insert_children(db: Database, result: ArticleResult, article_id: str) -> None:
    db["disclosures"].insert_all(_disclosure_row(article_id, d) for d in result.disclosures)

    source_ids: dict[tuple, str] = {}
    source_rows = []
    for source in result.sources():
        key = source_key(source)
        source_ids[key] = stable_id(article_id, "source", *key)
        # which disclosure explains an anonymous source: attribution's decision, stored here
        explained = (choose_disclosure(source, result.disclosures)
                     if source.source_type in ANONYMOUS_TYPES else None)
        source_rows.append(_source_row(article_id, source_ids[key], source, result, explained))
    db["sources"].insert_all(source_rows)
    flags = {row["id"]: (row["anonymous"], row["reason_stated"]) for row in source_rows}

    outlet = result.article.outlet
    rows = []
    for position, attribution in enumerate(result.attributions):
        plain = attribution.as_dict(article_id)
        source_id = source_ids[source_key(attribution.source)] if attribution.source else None
        anonymous, reason_stated = flags.get(source_id, (0, None))
        rows.append({
            "id": stable_id(article_id, "attribution", position, attribution.content.start,
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
            "confidence": attribution.confidence,
            "confidence_band": confidence_band(attribution.confidence),
            "source_confidence": attribution.source_confidence,
        })
    db["attributions"].insert_all(rows)

    db["non_responses"].insert_all({
        "id": stable_id(article_id, "non_response", nr.cue.start, nr.cue.end),
        "article_id": article_id,
        "source_id": source_ids[source_key(nr.source)] if nr.source else None,
        **_span_columns("speaker", nr.speaker),
        "speaker_name": nr.source.name if nr.source else None,
        "source_type": nr.source.source_type if nr.source else None,
        **_span_columns("cue", nr.cue),
    } for nr in result.non_responses)


def _source_row(article_id, source_id, source: Source, result: ArticleResult,
                explained: Disclosure | None) -> dict:
    key = source_key(source)
    speakers = [a.speaker for a in result.attributions
                if a.source and source_key(a.source) == key and a.speaker]
    first = source.mention or min(speakers, key=lambda s: s.start, default=None)
    anonymous = source.source_type in ANONYMOUS_TYPES
    reason = explained.reason.text if explained and explained.reason else None
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
        "disclosure_id": _disclosure_id(article_id, explained) if explained else None,
    }


def _disclosure_id(article_id: str, d: Disclosure) -> str:
    return stable_id(article_id, "disclosure", d.group.start, d.group.end)


def _disclosure_row(article_id: str, d: Disclosure) -> dict:
    return {"id": _disclosure_id(article_id, d), "article_id": article_id,
            "group_text": d.group.text, "group_start": d.group.start, "group_end": d.group.end,
            "count": d.count, "affiliation": d.affiliation,
            **_span_columns("reason", d.reason), **_span_columns("sentence", d.sentence)}


def confidence_band(confidence: float | None) -> str | None:
    """The facet value of a confidence: three bands a researcher can filter on."""
    if confidence is None:
        return None
    return "high (>= 0.8)" if confidence >= 0.8 else \
        "medium (0.5-0.8)" if confidence >= 0.5 else "low (< 0.5)"


def _span_columns(prefix: str, span) -> dict:
    """A span as three columns: prefix (its text), prefix_start, prefix_end."""
    if span is None:
        return {prefix: None, f"{prefix}_start": None, f"{prefix}_end": None}
    return {prefix: span.text, f"{prefix}_start": span.start, f"{prefix}_end": span.end}
