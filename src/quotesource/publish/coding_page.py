"""The coding page: a coder walks through the stored sample and answers each item in one click.

Route: /{database}/-/code (GET shows item ?i=N of validation_sample, by default the first not
coded yet; POST stores one answer and moves on). The sample is stored by `quotesource sample
DB ... --store`; the answers go to validation_labels, which `quotesource validate DB` reads.

The write path, and the only one: a POST here. Datasette checks its CSRF token (asgi-csrf)
when the request carries cookies, but lets a POST with no cookie at all through (no session to
ride on, by asgi-csrf's reasoning); this page has no session either, so a cross-site form
posting without cookies would still write. It therefore refuses any POST whose form token does
not equal Datasette's ds_csrftoken cookie, which only a page of this server can read. The write
itself goes through validation/coding.py's own connection, which SQLite's authorizer limits to
validation_labels; Datasette's connections stay read-only. A database Datasette serves
immutable (-i) is not written at all: SQLite would not see the change on its immutable reads.
The template is publish/templates/quotesource_coding.html; keys are handled by
static/coding.js (the buttons work without it).
"""
from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from datasette import Response
from datasette.utils.asgi import Forbidden

from ..records import SOURCE_TYPES
from ..store.database import StoreError
from ..validation.coding import FINAL_ANSWERS, AnswerError, context_bounds, save_answer
from ..validation.labels import LABELS_TABLE
from ..validation.stored_sample import SAMPLE_TABLE
from .article_page import (Mark, article_marks, article_url, database_or_404, highlight,
                           window)

ROUTE = r"^/(?P<database>[^/]+)/-/code$"
CSRF_COOKIE = "ds_csrftoken"      # the cookie Datasette's asgi-csrf sets (datasette/app.py)
# The keys of the source-type buttons, in the order of the five types.
TYPE_KEYS = {source_type: str(key) for key, source_type in enumerate(SOURCE_TYPES, start=1)}


def code_url(datasette, database: str, position: int | None = None) -> str:
    url = f"{datasette.urls.database(database)}/-/code"
    return url if position is None else f"{url}?i={position}"


def writable(db) -> bool:
    """Whether the page may write: a file Datasette serves mutable (not -i, not memory)."""
    return bool(db.is_mutable and not db.is_memory and db.path)


async def coding_page(datasette, request):
    database = request.url_vars["database"]
    db = database_or_404(datasette, database)
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, SAMPLE_TABLE)), ("view-database", database), "view-instance"])
    if request.method == "POST":
        return await answer(datasette, request, db, database)
    if request.method not in ("GET", "HEAD"):
        return Response.text("Method not allowed", status=405)
    items = []
    if await db.table_exists(SAMPLE_TABLE) and await db.table_exists(LABELS_TABLE):
        items = [dict(r) for r in await db.execute(
            f"select s.sample_id, s.position, l.coder_is_attribution from [{SAMPLE_TABLE}] s "
            f"left join [{LABELS_TABLE}] l on l.sample_id = s.sample_id order by s.position")]
    context = {"database": database, "items": items, "writable": writable(db),
               "db_file": Path(db.path).name if db.path else f"{database}.db",
               "coded": sum(i["coder_is_attribution"] is not None for i in items),
               "type_keys": TYPE_KEYS, "page_url": code_url(datasette, database)}
    if items:
        context.update(await item_context(datasette, db, database, items,
                                          request.args.get("i")))
    html = await datasette.render_template("quotesource_coding.html", context, request=request)
    return Response.html(html)


def chosen_position(items: list[dict], asked: str | None) -> int:
    """?i=N if it names an item, else the first item not coded, else the last one."""
    positions = [item["position"] for item in items]
    try:
        if int(asked) in positions:
            return int(asked)
    except (TypeError, ValueError):
        pass
    return next((item["position"] for item in items if item["coder_is_attribution"] is None),
                positions[-1])


async def item_context(datasette, db, database: str, items: list[dict], asked) -> dict:
    position = chosen_position(items, asked)
    item = dict((await db.execute(f"select * from [{SAMPLE_TABLE}] where position = ?",
                                  [position])).first())
    label = (await db.execute(f"select * from [{LABELS_TABLE}] where sample_id = ?",
                              [item["sample_id"]])).first()
    positions = [i["position"] for i in items]
    at = positions.index(position)
    later = [i for i in items[at + 1:] + items[:at] if i["coder_is_attribution"] is None]
    return {"item": item, "label": dict(label) if label else None, "position": position,
            "number": at + 1,
            "previous_url": code_url(datasette, database, positions[at - 1]) if at else None,
            "next_url": (code_url(datasette, database, positions[at + 1])
                         if at + 1 < len(positions) else None),
            "uncoded_url": code_url(datasette, database, later[0]["position"]) if later else None,
            "article_url": (article_url(datasette, database, item["article_id"])
                            if item["article_id"] else None),
            **await highlighted_context(db, item)}


async def highlighted_context(db, item: dict) -> dict:
    """The item in its context, highlighted as on the article page; or, when the article or
    attribution is gone (ingested again), the context text the sample stored."""
    article = (await db.execute("select text, body_start, body_end from articles where id = ?",
                                [item["article_id"]])).first()
    attribution = None
    if item["attribution_id"]:
        attribution = (await db.execute("select * from attributions where id = ?",
                                        [item["attribution_id"]])).first()
    if article is None or (item["attribution_id"] and attribution is None) \
            or item["item_start"] is None:
        return {"highlighted": item["context"], "gone": True}
    article = dict(article)
    text = article["text"]
    body = (article["body_start"] or 0,
            len(text) if article["body_end"] is None else article["body_end"])
    article["body_start"], article["body_end"] = body
    start, end = context_bounds(text, *body, item["item_start"], item["item_end"])
    if attribution is not None:
        marks = article_marks(article, [dict(attribution)], [], [])
    else:
        marks = [Mark(item["item_start"], item["item_end"], "qs-sentence")]
    marks = window(marks, start, end)
    return {"highlighted": await asyncio.to_thread(highlight, text[start:end], marks),
            "gone": False}


async def answer(datasette, request, db, database: str):
    """Store one answer (POST sample_id, answer, speaker_name, position); redirect (303) to the
    next item after a final answer (no, or a source type), else back to this one."""
    if not writable(db):
        raise Forbidden("This database is served immutable or in memory: the coding page "
                        "cannot write (serve it without -i)")
    form = await request.post_vars()
    cookie = request.cookies.get(CSRF_COOKIE, "")
    # asgi-csrf already compared them when cookies came; without any cookie it checked nothing
    if not cookie or not secrets.compare_digest(form.get("csrftoken", ""), cookie):
        raise Forbidden("CSRF token missing or wrong: reload the coding page")
    choice = form.get("answer", "")
    try:
        await asyncio.to_thread(save_answer, db.path, form.get("sample_id", ""), choice,
                                form.get("speaker_name"))
    except AnswerError as exc:
        return Response.text(str(exc), status=400)
    except StoreError as exc:         # a file or folder this server may not write, a full disk
        return Response.text(f"Not saved: {exc}", status=503)
    try:
        position = int(form.get("position", ""))
    except ValueError:
        position = None
    if position is not None and choice in FINAL_ANSWERS:
        following = (await db.execute(
            f"select min(position) from [{SAMPLE_TABLE}] where position > ?",
            [position])).first()[0]
        position = following or position
    return Response.redirect(code_url(datasette, database, position), status=303)
