"""The corpus view: tables computed across articles, rebuilt after every ingest.

`people` (people.py) joins the named sources of all articles into one row per person or
organization, and `sources.person_id` links each named source row to it (NULL for anonymous
sources, documents and unresolved speakers: a description is nobody in particular across
articles). `quote_clusters` and `quote_cluster_members` (reuse.py) group the same direct quote
across articles and outlets.

`rebuild(db)` recomputes all of it from sources, attributions and articles in one write
transaction: a full rebuild, so it is idempotent and always matches the per-article rows,
whatever was inserted, replaced or deleted since. Ids are hashes of what the row stands for
(a person's key, a quote's normalised text), so they stay the same across rebuilds. The tables
are declared in schema.TABLES (applied by ensure_db_shape).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlite_utils import Database

from .database import write
from .ids import stable_id
from .people import resolve
from .reuse import cluster, similarity

def rebuild(db: Database) -> dict:
    """Recompute people, sources.person_id and quote clusters; returns the row counts."""
    return write(db, _rebuild)


def update(db: Database, changed: bool) -> dict | None:
    """After an ingest: rebuild if articles changed, or if named sources have no person yet
    (a database from before these tables, or a run killed before its rebuild). A re-run that
    changed nothing leaves the file untouched."""
    stale = db.execute("select exists(select 1 from sources where person_id is null and "
                       "source_type in ('named_person', 'named_organization'))").fetchone()[0]
    return rebuild(db) if changed or stale else None


def _rebuild(db: Database) -> dict:
    people = _people(db)
    clusters, members = _clusters(db)
    for table in ("quote_cluster_members", "quote_clusters", "people"):
        db.execute(f"delete from [{table}]")
    db["people"].insert_all(people["rows"])
    db.execute("update sources set person_id = null where person_id is not null")
    db.conn.executemany("update sources set person_id = ? where id = ?",
                        [(pid, sid) for sid, pid in people["links"].items()])
    db["quote_clusters"].insert_all(clusters)
    db["quote_cluster_members"].insert_all(members)
    return {"people": len(people["rows"]), "quote_clusters": len(clusters)}


def _people(db: Database) -> dict:
    sources = list(db.query("""
        select s.id, s.article_id, s.name, s.source_type, s.non_responses, a.outlet, a.published
        from sources s join articles a on a.id = s.article_id
        where s.source_type in ('named_person', 'named_organization')"""))
    by_form = resolve(Counter((s["source_type"], s["name"]) for s in sources))
    said = defaultdict(list)
    for row in db.query("""select t.source_id, t.kind, t.speaker from attributions t
            join sources s on s.id = t.source_id
            where s.source_type in ('named_person', 'named_organization')"""):
        said[row["source_id"]].append(row)
    members = defaultdict(list)
    for source in sources:
        members[id(by_form[source["source_type"], source["name"]])].append(source)
    rows, links = [], {}
    for person in {id(p): p for p in by_form.values()}.values():
        group = members[id(person)]
        person_id = stable_id("person", person.kind, person.key)
        attributions = [a for s in group for a in said[s["id"]]]
        named = sum(1 for a in attributions if person.named_in(a["speaker"]))
        dates = sorted(s["published"] for s in group if s["published"])
        rows.append({
            "id": person_id, "name": person.name, "kind": person.kind,
            "aliases": json.dumps([f for f, _ in person.forms.most_common()], ensure_ascii=False),
            "articles": len({s["article_id"] for s in group}),
            "outlets": len({s["outlet"] for s in group if s["outlet"]}),
            "attributions": len(attributions),
            **{kind: sum(1 for a in attributions if a["kind"] == kind)
               for kind in ("direct", "indirect", "mixed")},
            "named_mentions": named, "described_mentions": len(attributions) - named,
            "non_responses": sum(s["non_responses"] or 0 for s in group),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
        })
        links.update((s["id"], person_id) for s in group)
    return {"rows": rows, "links": links}


def _clusters(db: Database) -> tuple[list[dict], list[dict]]:
    rows = list(db.query("""
        select t.id, t.article_id, t.content, t.content_start, t.content_pieces,
          t.speaker_name, a.outlet, a.published
        from attributions t join articles a on a.id = t.article_id
        where t.kind = 'direct'
        order by a.published is null, a.published, a.name, t.position"""))
    labels = cluster({r["id"]: _quoted(r) for r in rows})
    groups = defaultdict(list)
    for row in rows:                       # in first-seen order
        if row["id"] in labels:
            groups[labels[row["id"]]].append(row)
    clusters, members = [], []
    for key, group in groups.items():
        if len({r["article_id"] for r in group}) < 2:
            continue                       # reuse needs two articles
        first = group[0]
        cluster_id = stable_id("quote", key)
        outlets = sorted({r["outlet"] for r in group if r["outlet"]})
        clusters.append({
            "id": cluster_id, "text": first["content"], "normalized": key,
            "attributions": len(group), "articles": len({r["article_id"] for r in group}),
            "outlets": len(outlets), "outlet_names": json.dumps(outlets, ensure_ascii=False),
            "speakers": json.dumps(sorted({r["speaker_name"] for r in group
                                           if r["speaker_name"]}), ensure_ascii=False),
            "first_published": first["published"], "first_article_id": first["article_id"],
            "first_outlet": first["outlet"], "first_speaker": first["speaker_name"],
        })
        members += [{"id": r["id"], "cluster_id": cluster_id, "attribution_id": r["id"],
                     "article_id": r["article_id"], "outlet": r["outlet"],
                     "published": r["published"], "speaker_name": r["speaker_name"],
                     "content": r["content"],
                     "similarity": similarity(r["content"], first["content"])} for r in group]
    return clusters, members


def _quoted(row: dict) -> str:
    """What was quoted: a quote resumed after its cue ("A," he said, "B.") is its pieces
    joined, without the cue between them, so it matches an article quoting it in one piece."""
    if not row["content_pieces"]:
        return row["content"]
    start = row["content_start"]
    return " ".join(row["content"][a - start:b - start]
                    for a, b in json.loads(row["content_pieces"]))
