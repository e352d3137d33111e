"""The article page: an article's text with every attribution highlighted in it.

Route: /{database}/-/article/{article_id} (article_id = articles.id, the content hash).
Reached from attribution rows: `article_link` (the plugin's render_cell) adds an "in context"
link to `content` cells and links article names and `article_id` cells of views and canned
queries to the page.

A long text is shown in parts of at most PAGE_CHARS characters, cut at paragraph breaks
(`?page=N`, or `?a=<attribution id>` for the part holding that attribution), and highlighted
in a worker thread in time linear in text and marks: one huge article never holds up the
server's other requests. Only http(s) URLs become links.
The template is publish/templates/quotesource_article.html, which Datasette finds as a
template of the plugin package (and a --template-dir may override).
"""
from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from datasette import Response
from datasette.utils.asgi import NotFound
from markupsafe import Markup, escape

from ..segments import cut

ROUTE = r"^/(?P<database>[^/]+)/-/article/(?P<article_id>[^/]+)$"
# Tables and views whose rows name an article by `id` (articles) or `article_id` (the rest).
_ARTICLE_NAME_TABLES = {"articles", "article_stats", "anonymous_only_articles"}
_CONTENT_TABLES = {"attributions", "unexplained_anonymous"}
_FK_TABLES = {"attributions", "sources", "disclosures", "non_responses"}  # keep Datasette's FK link
PAGE_CHARS = 100_000
# A whole URL with a web scheme and no space or control character in it (as Datasette's own
# is_url): anything else ("javascript:", "data:", " java\tscript:") is shown as text.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


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
        confidence = row.get("confidence")
        sure = f", confidence {confidence:.2f}" if confidence is not None else ""
        if row.get("source_confidence") is not None:
            sure += f", speaker and type {row['source_confidence']:.2f}"
        attrs = {"data-source-type": row["source_type"], "data-attribution": row["id"],
                 "title": f"{who} ({row['kind']}{sure})"}
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


def database_or_404(datasette, database: str):
    """The served database of that name, or Datasette's 404 page (for the plugin's own pages)."""
    try:
        return datasette.get_database(database)
    except KeyError:
        raise NotFound(f"Database not found: {database}")


async def article_page(datasette, request):
    database = request.url_vars["database"]
    article_id = request.url_vars["article_id"]
    db = database_or_404(datasette, database)
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
    # In a thread: the event loop goes on serving other requests meanwhile.
    highlighted = await asyncio.to_thread(highlight, text[start:end], marks)
    html = await datasette.render_template("quotesource_article.html", {
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


def article_link(row, value, column, table, database, datasette):
    """The cell as a link to (or with a link to) the article page, or None (render_cell)."""
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
