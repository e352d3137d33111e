"""SQL plans for searches: Datasette's statements for ?_search= and the canned `search`, each
rewritten for a search matching many rows (broad_search_sql, canned_search_sql).

At research scale (docs/scale.md): a search's count and a broad search's rows are found
without looking up every matching row.
The rewrites match the text of the SQL Datasette 0.65 writes (datasette/filters.py) and of
metadata.yml's canned `search`; tests/test_plugin.py fails when a rewrite no longer applies.
"""
from __future__ import annotations

import re


# Above this many matching rows a search is "broad": its statements are planned from the table's
# side (see broad_search_sql). Below it, looking up each matching row is the faster plan.
BROAD_SEARCH_ROWS = 10_000
# Datasette 0.65's clause for ?_search= (and ?_search_COLUMN=), escaped or raw search mode.
_NAME = r"(?:\w+|\[[^\]]+\])"
_SEARCH_CLAUSE = re.compile(
    rf"(?<![\w+.])rowid in \(select rowid from (?P<fts>{_NAME}) where (?P<column>{_NAME}) "
    r"match (?P<query>escape_fts\(:(?P<param>search(?:_\d+)?)\)|:(?P<raw>search(?:_\d+)?))\)")
# Its row count: `select count(*) from TABLE where CLAUSE ` with no other condition.
_COUNT = re.compile(rf"select count\(\*\) from (?P<table>{_NAME}) where (?P<clause>.+?)\s*",
                    re.DOTALL)


def _unescape(name: str) -> str:
    return name[1:-1] if name.startswith("[") else name


async def broad_search_sql(db, execute, sql: str, params: dict) -> str:
    """The statement to run instead of `sql`: the same rows, planned for a broad search.

    Datasette finds ?_search=X rows with `rowid in (select rowid from FTS where FTS match X)`.
    SQLite takes an IN list for short and always starts from it: a search for "the" (65 % of
    1M attributions) looked up 650,000 rows and sorted them for one page of 100 by id, and
    looked them all up again to count them (1.2 s). So:
    - the count of a search and nothing else is counted in the FTS index alone (which holds
      exactly one entry per row of its table: the same number, without reading the rows);
    - a statement searching for more than BROAD_SEARCH_ROWS rows gets `+rowid in (...)`: the
      same condition, but SQLite no longer starts from it. It reads the table in the page's
      order (the id index, or the sort's or a filter's index), checks each row against the set
      of matching rowids, and stops when the page is full.
    Anything else (a narrow search, two searches, a statement it does not recognise) runs as
    Datasette wrote it."""
    clauses = list(_SEARCH_CLAUSE.finditer(sql))
    if len(clauses) != 1:
        return sql
    clause = clauses[0]
    param = clause["param"] or clause["raw"]
    if param not in params:
        return sql
    matching = f"from {clause['fts']} where {clause['column']} match {clause['query']}"
    count = _COUNT.fullmatch(sql)
    if count and count["clause"] == clause.group(0) \
            and await db.fts_table(_unescape(count["table"])) == _unescape(clause["fts"]):
        return f"select count(*) {matching}"
    if not await _broad(execute, matching, {param: params[param]}):
        return sql
    return f"{sql[:clause.start()]}+{sql[clause.start():]}"


async def _broad(execute, matching: str, params: dict) -> bool:
    """More than BROAD_SEARCH_ROWS rows `matching` ("from FTS where FTS match :param")."""
    try:
        beyond = await execute(f"select 1 {matching} limit 1 offset {BROAD_SEARCH_ROWS}",
                               params, log_sql_errors=False)
    except Exception:          # an invalid raw query: Datasette's own statement reports it
        return False
    return bool(beyond.rows)


# The canned query `search` (metadata.yml) returns the newest 500 matches. For a broad search,
# reading articles newest first (an index on article_counts) and keeping their matching
# attributions stops after a few thousand rows; sorting every match did not ("trump", 213,760
# matches of 1M: 0.8-1.0 s -> 60 ms). A narrow search keeps the plan that starts from its matches.
_CANNED_JOIN = "from attributions t\njoin article_counts a on a.article_id = t.article_id"
_BY_DATE_JOIN = "from article_counts a\ncross join attributions t on t.article_id = a.article_id"
_CANNED_MATCHES = "where t.rowid in (\n  select rowid from attributions_fts where attributions_fts match :q"


async def canned_search_sql(execute, sql: str, params: dict) -> str:
    """The canned search, planned newest article first when it matches many rows (the same
    rows: CROSS JOIN fixes the join order, `+rowid` keeps SQLite from starting at the matches)."""
    if _CANNED_JOIN not in sql or _CANNED_MATCHES not in sql or "q" not in params or \
            not await _broad(execute, "from attributions_fts where attributions_fts match :q",
                             {"q": params["q"]}):
        return sql
    return sql.replace(_CANNED_JOIN, _BY_DATE_JOIN).replace(_CANNED_MATCHES,
                                                            "where +" + _CANNED_MATCHES[6:])


def plan_searches(datasette):
    """Every database's execute() passes through canned_search_sql and broad_search_sql."""
    for db in datasette.databases.values():
        if getattr(db, "_quotesource_searches", False):
            continue
        execute = db.execute

        async def execute_search(sql, params=None, *args, _db=db, _execute=execute, **kwargs):
            if isinstance(sql, str) and " match " in sql and isinstance(params, dict):
                sql = await canned_search_sql(_execute, sql, params)
                sql = await broad_search_sql(_db, _execute, sql, params)
            return await _execute(sql, params, *args, **kwargs)

        db.execute = execute_search
        db._quotesource_searches = True
