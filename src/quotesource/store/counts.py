"""Counts kept in tables by triggers, so Datasette's statistics read one row, not 1M.

On 1M attributions (docs/scale.md) the statistics views counted child rows for every article
(outlet_stats and corpus_summary went over Datasette's 1 s limit, monthly_stats joined every
attribution to its article), the speaker leaderboard and outlet_source_types grouped every
attribution, and the attributions page's five facets each scanned 1M index entries. These
tables (schema.COUNT_TABLES) hold those counts instead, and SQLite triggers keep them: every
insert, delete and update of a child row (the deletes that replace an article included)
changes them in the same transaction. `count_triggers()` writes the triggers' SQL and RECOUNT
recounts everything; schema.ensure_db_shape applies both.
"""
from __future__ import annotations

# The attributions columns whose facet counts are stored (metadata.yml: `stored:` facets).
FACET_COUNTED = {"attributions": ("source_type", "kind", "cue", "outlet", "speaker_name")}
# What one child row adds to its article's counts: {table: (when, {column: 0/1 expression})}.
# Source counts cover quoted sources only (attributions > 0), as before.
_ARTICLE_COUNTED = {
    "attributions": ("1", {
        "attributions": "1", "anonymous_attributions": "{r}.anonymous is 1",
        "unresolved_attributions": "{r}.source_type is 'unresolved'"}),
    "sources": ("{r}.attributions > 0", {
        "sources": "1", "named_people": "{r}.source_type is 'named_person'",
        "named_organizations": "{r}.source_type is 'named_organization'",
        "documents": "{r}.source_type is 'document'",
        "anonymous_sources_with_reason": "{r}.anonymous is 1 and {r}.reason_stated is 1",
        "anonymous_sources_without_reason": "{r}.anonymous is 1 and {r}.reason_stated is 0"}),
    "non_responses": ("1", {"non_responses": "1"}),
}


def _counter(sign: str, table: str, where: str, total: str, change: str, create: str) -> list[str]:
    """A counter row's upkeep: created if missing on '+', changed, dropped at zero on '-'."""
    return ([create] if sign == "+" else []) + \
        [f"update {table} set {change} where {where};"] + \
        ([f"delete from {table} where {where} and {total} <= 0;"] if sign == "-" else [])


def _count_statements(table: str, r: str, sign: str) -> list[str]:
    """SQL adding (sign '+') or removing ('-') row `r` (new/old) of `table` to the counts."""
    when, columns = _ARTICLE_COUNTED[table]
    when = when.format(r=r)
    sets = ", ".join(f"{c} = {c} {sign} ({e.format(r=r)})" for c, e in columns.items())
    statements = []
    if sign == "+":
        statements.append(f"insert into article_counts (article_id) select {r}.article_id "
                          f"where {when} on conflict do nothing;")
    statements.append(f"update article_counts set {sets} where article_id = {r}.article_id "
                      f"and {when};")
    if table == "attributions":
        # articles: how many articles quote the speaker; on insert the row itself exists, on
        # delete it is gone, so "no other row of this article" decides in both cases. The
        # unary + keeps SQLite on the article_id index (a few rows), not on a speaker index
        # ("officials": tens of thousands).
        others = (f"exists (select 1 from attributions t where t.article_id = {r}.article_id "
                  f"and +t.speaker_name = {r}.speaker_name and +t.source_type = {r}.source_type"
                  f" and t.rowid != {r}.rowid)")
        statements += _counter(
            sign, "speaker_counts", f"speaker_name = {r}.speaker_name and source_type = "
            f"{r}.source_type", "attributions",
            f"attributions = attributions {sign} 1, articles = articles {sign} (not {others})",
            f"insert into speaker_counts (speaker_name, source_type) select {r}.speaker_name, "
            f"{r}.source_type where {r}.speaker_name is not null on conflict do nothing;")
        pair = f"outlet is {r}.outlet and source_type is {r}.source_type"
        statements += _counter(
            sign, "outlet_type_counts", pair, "attributions", f"attributions = attributions {sign} 1",
            f"insert into outlet_type_counts (outlet, source_type) select {r}.outlet, "
            f"{r}.source_type where not exists (select 1 from outlet_type_counts where {pair});")
    for column in FACET_COUNTED.get(table, ()):
        facet = f"'{table}.{column}'"
        statements += _counter(
            sign, "facet_counts", f"facet = {facet} and value = {r}.{column}", "count",
            f"count = count {sign} 1",
            f"insert into facet_counts (facet, value) select {facet}, {r}.{column} "
            f"where {r}.{column} is not null on conflict do nothing;")
    return statements


def count_triggers() -> dict[str, str]:
    triggers = {}
    for table in _ARTICLE_COUNTED:
        for event, parts in (("insert", [("new", "+")]), ("delete", [("old", "-")]),
                             ("update", [("old", "-"), ("new", "+")])):
            body = "\n  ".join(sql for r, sign in parts
                               for sql in _count_statements(table, r, sign))
            triggers[f"{table}_counts_{event}"] = (
                f"create trigger [{table}_counts_{event}] after {event} on [{table}]\n"
                f"begin\n  {body}\nend")
    labels = ("insert into article_counts (article_id, name, path, title, outlet, published) "
              "values (new.id, new.name, new.path, new.title, new.outlet, new.published) "
              "on conflict (article_id) do update set name = excluded.name, "
              "path = excluded.path, title = excluded.title, outlet = excluded.outlet, "
              "published = excluded.published;")
    triggers["articles_counts_insert"] = (
        f"create trigger [articles_counts_insert] after insert on [articles]\n"
        f"begin\n  {labels}\nend")
    triggers["articles_counts_update"] = (
        "create trigger [articles_counts_update] after update on [articles]\n"
        "begin\n  update article_counts set article_id = new.id, name = new.name, "
        "path = new.path, title = new.title, outlet = new.outlet, published = new.published "
        "where article_id = old.id;\nend")
    triggers["articles_counts_delete"] = (
        "create trigger [articles_counts_delete] after delete on [articles]\n"
        "begin\n  delete from article_counts where article_id = old.id;\nend")
    return triggers


# Recount everything: when the count tables are first created (or their columns change) in a
# database holding rows.
RECOUNT = [
    "delete from article_counts",
    "delete from speaker_counts",
    "delete from facet_counts",
    "delete from outlet_type_counts",
    *(f"insert into facet_counts (facet, value, count) select '{table}.{column}', [{column}], "
      f"count(*) from [{table}] where [{column}] is not null group by [{column}]"
      for table, columns in FACET_COUNTED.items() for column in columns),
    "insert into article_counts (article_id, name, path, title, outlet, published) "
    "select id, name, path, title, outlet, published from articles",
    """update article_counts set (attributions, anonymous_attributions,
         unresolved_attributions) = (
       select count(*), coalesce(sum(anonymous is 1), 0),
         coalesce(sum(source_type is 'unresolved'), 0)
       from attributions t where t.article_id = article_counts.article_id)""",
    """update article_counts set (sources, named_people, named_organizations, documents,
         anonymous_sources_with_reason, anonymous_sources_without_reason) = (
       select count(*), coalesce(sum(source_type is 'named_person'), 0),
         coalesce(sum(source_type is 'named_organization'), 0),
         coalesce(sum(source_type is 'document'), 0),
         coalesce(sum(anonymous is 1 and reason_stated is 1), 0),
         coalesce(sum(anonymous is 1 and reason_stated is 0), 0)
       from sources s where s.article_id = article_counts.article_id and s.attributions > 0)""",
    """update article_counts set non_responses = (select count(*) from non_responses n
       where n.article_id = article_counts.article_id)""",
    """insert into speaker_counts (speaker_name, source_type, attributions, articles)
       select speaker_name, source_type, count(*), count(distinct article_id)
       from attributions where speaker_name is not null group by speaker_name, source_type""",
    """insert into outlet_type_counts (outlet, source_type, attributions)
       select outlet, source_type, count(*) from attributions group by outlet, source_type""",
]
