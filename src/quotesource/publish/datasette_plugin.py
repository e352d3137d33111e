"""Datasette plugin: an article page with every attribution highlighted in the text.

Route: /{database}/-/article/{article_id} (article_id = articles.id, the content hash).
Reached from attribution rows: `render_cell` adds an "in context" link to `content` cells and
links article names and `article_id` cells of views and canned queries to the page.

A long text is shown in parts of at most PAGE_CHARS characters, cut at paragraph breaks
(`?page=N`, or `?a=<attribution id>` for the part holding that attribution), and highlighted
in a worker thread in time linear in text and marks: one huge article never holds up the
server's other requests. Only http(s) URLs become links.
At research scale (docs/scale.md): the `stored` facet type reads unfiltered facet counts from
the facet_counts table, a search matching more than SEARCH_FACET_ROWS rows skips its facets,
a table's later pages show no facets (Datasette 0.65 would count them over the rows after
the page's cursor), and a search's count and a broad search's rows are found without looking
up every matching row (broad_search_sql).

Loaded through the `datasette` entry point declared in pyproject.toml. The template lives in
quotesource/templates; this module is not a package, so Datasette does not find that folder by
itself: the page renders through an overlay of Datasette's Jinja environment that looks there first.
"""
from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from datasette import Response, hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import NotFound
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from ..segments import cut
from ..store.counts import FACET_COUNTED

TEMPLATES = Path(__file__).parent / "templates"
ROUTE = r"^/(?P<database>[^/]+)/-/article/(?P<article_id>[^/]+)$"
# Tables and views whose rows name an article by `id` (articles) or `article_id` (the rest).
_ARTICLE_NAME_TABLES = {"articles", "article_stats", "anonymous_only_articles"}
_CONTENT_TABLES = {"attributions", "unexplained_anonymous"}
_FK_TABLES = {"attributions", "sources", "disclosures", "non_responses"}  # keep Datasette's FK link
PAGE_CHARS = 100_000
# A whole URL with a web scheme and no space or control character in it (as Datasette's own
# is_url): anything else ("javascript:", "data:", " java\tscript:") is shown as text.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
# Tables (not views: those page by offset, and their facets stay right) whose later pages carry
# a cursor in _next.
_PAGED_TABLES = {"articles", *_FK_TABLES, "article_counts", "speaker_counts"}


@dataclass(frozen=True)
class Mark:
    """A highlighted span of the text: one HTML element with these classes and attributes."""
    start: int
    end: int
    css_class: str
    attrs: dict = field(default_factory=dict, hash=False, compare=False)
    anchor: str | None = None  # an element id, put on the first piece only


def article_url(datasette, database: str, article_id: str) -> str:
    return f"{datasette.urls.database(database)}/-/article/{quote(str(article_id), safe='')}"


def web_url(url) -> str | None:
    """The URL if a browser may be sent there (http or https), else None."""
    return url if isinstance(url, str) and _WEB_URL.fullmatch(url) else None


def highlight(text: str, marks: list[Mark]) -> Markup:
    """The text as HTML, every piece escaped, each mark wrapping the pieces it covers.

    Marks may nest or overlap, so the text is cut at every mark boundary; each piece gets the
    elements of all marks covering it, outermost (earliest start, then longest) first. Overlaps
    therefore never produce mis-nested tags. One sweep over the boundaries: the marks open at a
    piece are kept as it goes (few at a time), so the cost is linear in text and marks.
    """
    marks = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)),
                   key=lambda m: (m.start, -m.end))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    html, active, waiting = [], [], 0
    for start, end in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > start]
        while waiting < len(marks) and marks[waiting].start <= start:
            active.append(marks[waiting])
            waiting += 1
        active.sort(key=lambda m: (m.start, -m.end))      # outermost first
        opening = "".join(_open_tag(m, first=m.start == start) for m in active)
        html.append(f"{opening}{escape(text[start:end])}{'</span>' * len(active)}")
    return Markup("".join(html))


def window(marks: list[Mark], start: int, end: int) -> list[Mark]:
    """The marks on text[start:end], clipped, with offsets into that part."""
    return [replace(m, start=max(m.start, start) - start, end=min(m.end, end) - start,
                    anchor=m.anchor if m.start >= start else None)
            for m in marks if m.start < end and m.end > start]


def _open_tag(mark: Mark, first: bool) -> str:
    attrs = {"class": mark.css_class, **mark.attrs}
    if first and mark.anchor:
        attrs["id"] = mark.anchor
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items()
                       if value is not None)
    return f"<span{rendered}>"


def article_marks(article: dict, attributions: list[dict], non_responses: list[dict],
                  disclosures: list[dict]) -> list[Mark]:
    """Marks for stored rows: boilerplate, then content/cue/speaker of each attribution."""
    marks = [Mark(0, article["body_start"], "qs-boilerplate"),
             Mark(article["body_end"], len(article["text"]), "qs-boilerplate")]
    for row in attributions:
        who = f"{row['source_type'] or 'unresolved'}: {row['speaker_name'] or 'unknown'}"
        attrs = {"data-source-type": row["source_type"], "data-attribution": row["id"],
                 "title": f"{who} ({row['kind']})"}
        pieces = json.loads(row.get("content_pieces") or "null") or \
            [(row["content_start"], row["content_end"])]
        for i, (start, end) in enumerate(pieces):
            marks.append(Mark(start, end, f"qs-content qs-{row['kind']}", attrs,
                              anchor=None if i else f"a-{row['id']}"))
        for part in ("cue", "speaker"):
            if row[f"{part}_start"] is not None:
                marks.append(Mark(row[f"{part}_start"], row[f"{part}_end"], f"qs-{part}",
                                  {**attrs, "title": f"{who} ({part})"}))
    for row in non_responses:
        who = f"{row['source_type'] or 'unresolved'}: {row['speaker_name'] or 'unknown'}"
        marks.append(Mark(row["cue_start"], row["cue_end"], "qs-nonresponse",
                          {"data-source-type": row["source_type"], "title": f"{who} (no comment)"}))
    for row in disclosures:
        title = f"anonymity: {row['reason'] or 'no reason given'}"
        marks.append(Mark(row["group_start"], row["group_end"], "qs-disclosure", {"title": title}))
        if row["reason_start"] is not None:
            marks.append(Mark(row["reason_start"], row["reason_end"], "qs-reason",
                              {"title": title}))
    return marks


async def article_page(datasette, request):
    database = request.url_vars["database"]
    article_id = request.url_vars["article_id"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"Database not found: {database}")
    # The page shows whole rows of these tables: require the same permission as their pages.
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, "articles")), ("view-table", (database, "attributions")),
        ("view-database", database), "view-instance"])
    if not await db.table_exists("articles"):
        raise NotFound("Not a quotesource database")
    article = (await db.execute("select * from articles where id = ?", [article_id])).first()
    if article is None:
        raise NotFound(f"Article not found: {article_id}")
    article = dict(article)
    text = article["text"]
    parts = cut(text, PAGE_CHARS)
    page = await _page(db, request, article_id, parts)
    start, end = parts[page - 1]

    async def rows(table, order, first, last):
        # this part's rows only: a span overlapping [start, end)
        sql = (f"select * from {table} where article_id = ? and {first} < ? and {last} > ? "
               f"order by {order}")
        return [dict(r) for r in await db.execute(sql, [article_id, end, start])]

    attributions = await rows("attributions", "position", "content_start", "content_end")
    non_responses = await rows("non_responses", "cue_start", "cue_start", "cue_end")
    disclosures = await rows("disclosures", "group_start", "group_start", "group_end")
    total = (await db.execute("select count(*) from attributions where article_id = ?",
                              [article_id])).first()[0]
    places = []
    if await db.table_exists("article_paths"):
        places = [dict(r) for r in await db.execute(
            "select name, path, encoding from article_paths where article_id = ? "
            "order by ingested_at, id", [article_id])]
    marks = window(article_marks(article, attributions, non_responses, disclosures), start, end)
    # A Template object is rendered as given; its {% extends "base.html" %} resolves through
    # Datasette's own loader, so the page keeps Datasette's chrome, menus and CSS.
    env = datasette.jinja_env.overlay(
        loader=ChoiceLoader([FileSystemLoader(str(TEMPLATES)), datasette.jinja_env.loader]))
    template = env.get_template("quotesource_article.html")
    # In a thread: the event loop goes on serving other requests meanwhile.
    highlighted = await asyncio.to_thread(highlight, text[start:end], marks)
    html = await datasette.render_template(template, {
        "database": database, "article": article, "attributions": attributions,
        "non_responses": non_responses, "disclosures": disclosures, "highlighted": highlighted,
        "row_url": datasette.urls.table(database, "attributions"),
        "original_url": web_url(article.get("url")), "places": places,
        "page": page, "pages": len(parts), "part_start": start, "part_end": end,
        "text_length": len(text), "total_attributions": total,
        "page_url": article_url(datasette, database, article_id),
    }, request=request)
    return Response.html(html)


async def _page(db, request, article_id: str, parts: list[tuple[int, int]]) -> int:
    """1-based part to show: ?page=N, or the part holding attribution ?a=ID, else the first."""
    if request.args.get("a"):
        row = (await db.execute("select content_start from attributions where id = ? and "
                                "article_id = ?", [request.args["a"], article_id])).first()
        if row is not None:
            return next(n for n, (_, end) in enumerate(parts, 1)
                        if row[0] < end or n == len(parts))
    try:
        return min(max(int(request.args.get("page", 1)), 1), len(parts))
    except ValueError:
        return 1


class StoredFacet(ColumnFacet):
    """A column facet (`facets: [{stored: kind}]` in metadata.yml) read from the facet_counts
    table, which triggers keep, while the table is unfiltered: five facets each scanning 1M
    index entries made the attributions page cost ~300 ms of CPU. Any filter or search
    computes it with SQL, as a plain column facet, over the filtered rows (but the facet of a
    column filtered on: _filtered_results)."""
    type = "stored"

    async def facet_results(self):
        db = self.ds.get_database(self.database)
        if self._broad_search():
            # Each facet would read every matching row (~170 ms for 140k of 1M) and time out;
            # skipping them is instant, and the page still lists them as timed out.
            return [], [_facet_column(c) for c in self.get_configs()]
        if self.params or re.search(r"\bwhere\b", self.sql, re.IGNORECASE) \
                or not await db.table_exists("facet_counts"):
            return await self._filtered_results()
        results = []
        size = self.get_facet_size()
        for config in self.get_configs():
            column = _facet_column(config)
            rows = list(await db.execute(
                "select value, count from facet_counts where facet = ? "
                "order by count desc, value limit ?", [f"{self.table}.{column}", size + 1]))
            results.append({
                "name": column, "type": self.type, "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet": column})),
                "results": [{
                    "value": value, "label": value, "count": count, "selected": False,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(
                        path_with_added_args(self.request, {column: value}))),
                } for value, count in rows[:size]],
                "truncated": len(rows) > size,
            })
        return results, []

    async def _filtered_results(self):
        """Counted by SQL over the matching rows, except a facet on a column the page is
        filtered on (?cue=said): all the matching rows hold that value, so its one count is
        the page's row count (a scan of ~400,000 index entries saved on 1M attributions).
        Only for the text columns facet_counts holds: the value is the one in the URL."""
        configs = self.get_configs()
        known = {}
        if self.row_count is not None:
            known = {column: self.request.args.getlist(column)
                     for column in {_facet_column(c) for c in configs}
                     if column in FACET_COUNTED.get(self.table, ())}
            known = {column: values[0] for column, values in known.items() if len(values) == 1}
        self._skip = frozenset(known)
        try:
            counted, timed_out = await super().facet_results()
        finally:
            self._skip = frozenset()
        by_name = {result["name"]: result for result in counted}
        for column, value in known.items():
            by_name[column] = {
                "name": column, "type": self.type,
                "hideable": next(c["source"] for c in configs
                                 if _facet_column(c) == column) != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet": column})),
                "results": [{
                    "value": value, "label": value, "count": self.row_count, "selected": True,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(
                        path_with_removed_args(self.request, {column: value}))),
                }] if self.row_count else [],
                "truncated": False,
            }
        order = [_facet_column(c) for c in configs]
        return sorted(by_name.values(), key=lambda r: order.index(r["name"])), timed_out

    _skip = frozenset()     # columns the SQL-counted facets leave out

    def get_configs(self):
        return [c for c in super().get_configs() if _facet_column(c) not in self._skip]

    def _broad_search(self) -> bool:
        """A full-text search matching more than SEARCH_FACET_ROWS rows (the count Datasette
        made before the facets; None when that count itself ran out of time)."""
        searching = any(key.startswith("_search") for key in self.request.args)
        return searching and (self.row_count is None or self.row_count > SEARCH_FACET_ROWS)


def _facet_column(config: dict) -> str:
    return config["config"].get("column") or config["config"]["simple"]


# Above this many matching rows a search shows no facets: each would read every matching row
# (on 1M attributions ~4 us a row, so 10,000 rows make five facets ~200 ms).
SEARCH_FACET_ROWS = 10_000


@hookimpl
def register_facet_classes():
    return [StoredFacet]


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


@hookimpl
def startup(datasette):
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


@hookimpl
def asgi_wrapper(datasette):
    """Facets on the first page only. Datasette 0.65 counts the facets of page 2 and later
    over the rows after the page's cursor, which is both wrong (the counts shrink page by page)
    and slow (each facet rescans the table: ~1 s a page on 1M attributions)."""
    def wrap(app):
        async def first_page_facets(scope, receive, send):
            if scope.get("type") == "http" and _is_later_table_page(scope):
                scope = {**scope, "query_string": scope["query_string"] + b"&_nofacet=1"}
            await app(scope, receive, send)
        return first_page_facets
    return wrap


def _is_later_table_page(scope) -> bool:
    query = scope.get("query_string", b"")
    if b"_next=" not in query or b"_nofacet=" in query:
        return False
    parts = scope.get("path", "").strip("/").split("/")
    return len(parts) == 2 and parts[1].split(".")[0] in _PAGED_TABLES


@hookimpl
def register_routes():
    return [(ROUTE, article_page)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    keys = set(row.keys()) if hasattr(row, "keys") else set()
    if not value or not isinstance(value, str):
        return None
    if column == "content" and table in _CONTENT_TABLES and {"id", "article_id"} <= keys:
        url = article_url(datasette, database, _raw(row["article_id"]))
        # A long article is shown in parts: name the attribution so its part is shown. Parts
        # are cut past half of PAGE_CHARS, so a content starting before that is in the first.
        start = row["content_start"] if "content_start" in keys else None
        if not isinstance(start, int) or start >= PAGE_CHARS // 2:
            url += f"?a={quote(str(row['id']), safe='')}"
        url += f"#a-{row['id']}"
        return Markup('{} <a class="qs-context" href="{}">in&nbsp;context</a>').format(value, url)
    id_column = "id" if table == "articles" else "article_id"
    if column == "name" and table in _ARTICLE_NAME_TABLES and id_column in keys:
        article_id = _raw(row[id_column])
        return Markup('<a href="{}">{}</a>').format(
            article_url(datasette, database, article_id), value)
    if column == "article_id" and table not in _FK_TABLES:
        # views and canned queries: no foreign-key link of Datasette's to keep
        return Markup('<a href="{}">{}</a>').format(
            article_url(datasette, database, value), value)
    return None


def _raw(value):
    """Table pages hand plugins expanded foreign keys as {"value": ..., "label": ...}."""
    return value["value"] if isinstance(value, dict) else value
