"""The quotesource plugin as Datasette loads it, and the SQL of Datasette's that it rewrites.

search_sql rewrites statements Datasette 0.65 writes for ?_search= (and statements of the
canned `search` of metadata.yml) by matching their text. A Datasette that writes that SQL
differently would silently get the slow plans back (docs/scale.md): these tests run Datasette
itself over a small database and fail when a rewrite no longer applies.
"""
import asyncio
import sqlite3

import pytest
from datasette.app import Datasette
from sqlite_utils import Database

from quotesource.publish import search_sql
from quotesource.publish import serve as publish
from quotesource.store.articles import save_results


@pytest.fixture
def traced(tmp_path, sample_results):
    """get(path) -> (JSON, [each SQL statement the page ran, as run]) of a Datasette over the
    sample results (no facet suggestions, as `quotesource serve`), and a connection to the
    same file."""
    path = tmp_path / "quotes.db"
    with Database(path) as db:
        save_results(db, sample_results, "v1")
    ds = Datasette([str(path)], metadata=publish.load_metadata(),
                   settings={"suggest_facets": False, "trace_debug": True})

    def get(page):
        response = asyncio.run(ds.client.get(f"{page}&_trace=1"))
        assert response.status_code == 200, response.text[:500]
        data = response.json()
        return data, [t["sql"] for t in data["_trace"]["traces"] if t["type"] == "sql"]
    conn = sqlite3.connect(path)
    conn.create_function("escape_fts", 1, lambda query: f'"{query}"')
    yield get, conn
    conn.close()


def test_datasette_loads_the_plugin_package_with_its_templates_and_static_files():
    ds = Datasette([])
    plugins = asyncio.run(ds.client.get("/-/plugins.json")).json()
    (plugin,) = [p for p in plugins if p["name"] == "quotesource"]
    assert plugin["templates"] is True and plugin["static"] is True
    assert plugin["hooks"] == ["asgi_wrapper", "extra_template_vars", "prepare_connection",
                               "register_facet_classes",
                               "register_routes", "render_cell", "startup"]
    # the article page's style sheet, as the page links it
    css = asyncio.run(ds.client.get(ds.urls.static_plugins("quotesource", "article.css")))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".qs-content[data-source-type^=\"anonymous\"]" in css.text


# (query string, rows it must find: a condition on attributions, FTS match of the search)
SEARCHES = [
    ("_search=the", "1", "attributions_fts match '\"the\"'"),
    ("_search=the&_searchmode=raw", "1", "attributions_fts match 'the'"),
    ("_search_content=the", "1", "content match '\"the\"'"),
    ("_search=the&kind=direct", "kind = 'direct'", "attributions_fts match '\"the\"'"),
    ("_search=the&_sort=speaker_name", "1", "attributions_fts match '\"the\"'"),
]


@pytest.mark.parametrize("query, where, match", SEARCHES)
def test_every_statement_of_a_broad_table_search_is_rewritten(traced, monkeypatch,
                                                              query, where, match):
    """Broad: the page and its facets get `+rowid in (...)`, an unfiltered search is counted in
    the FTS index alone. A statement left as Datasette wrote it means its SQL has changed."""
    get, conn = traced
    monkeypatch.setattr(search_sql, "BROAD_SEARCH_ROWS", 1)
    data, statements = get(f"/quotes/attributions.json?{query}&_size=max")
    searching = searches(statements)
    # the page, its count, five facets (but that of a column filtered on: the count)
    assert len(searching) == (7 if where == "1" else 6), searching
    page = next(sql for sql in searching if sql.startswith("select id,"))
    assert "+rowid in (select rowid from attributions_fts where" in page, page
    counts = [sql for sql in searching if sql.startswith("select count(*)")]
    if where == "1":
        assert counts == [f"select count(*) from attributions_fts where {match_clause(query)}"]
    else:                      # a filter too: counted over the table, still planned broad
        assert len(counts) == 1 and "+rowid in" in counts[0], counts
    untouched = [sql for sql in searching
                 if "+rowid in (" not in sql and sql not in counts]
    assert untouched == [], untouched
    # the same rows and count as the plain statement
    expected = [row[0] for row in conn.execute(
        f"select id from attributions where {where} and rowid in "
        f"(select rowid from attributions_fts where {match})")]
    assert sorted(row[data["columns"].index("id")] for row in data["rows"]) == sorted(expected)
    assert data["filtered_table_rows_count"] == len(expected) > 0


def match_clause(query: str) -> str:
    """The FTS condition Datasette 0.65 writes for the query string."""
    if query.startswith("_search_content="):
        return "content match escape_fts(:search_0)"
    raw = "_searchmode=raw" in query
    return f"attributions_fts match {':search' if raw else 'escape_fts(:search)'}"


def searches(statements: list[str]) -> list[str]:
    """The statements Datasette wrote that search (not the plugin's probe of how many rows
    match, `select 1 from FTS where ... limit 1 offset N`)."""
    return [sql for sql in statements
            if "from attributions_fts where" in sql and not sql.startswith("select 1 ")]


def test_a_narrow_search_keeps_datasettes_statements_but_its_count(traced):
    get, _ = traced
    _, statements = get("/quotes/attributions.json?_search=the")
    searching = searches(statements)
    assert len(searching) == 7, searching
    assert all("+rowid" not in sql for sql in searching)
    page = next(sql for sql in searching if sql.startswith("select id,"))
    assert ("where rowid in (select rowid from attributions_fts where attributions_fts match "
            "escape_fts(:search))") in page
    assert [sql for sql in searching if sql.startswith("select count(*)")] == [
        "select count(*) from attributions_fts where attributions_fts match escape_fts(:search)"]


def test_the_broad_canned_search_is_rewritten(traced, monkeypatch):
    """canned_search_sql matches the text of metadata.yml's `search` query: editing that query
    must keep (or update) what it looks for."""
    get, _ = traced
    monkeypatch.setattr(search_sql, "BROAD_SEARCH_ROWS", 1)
    data, statements = get("/quotes/search.json?q=the")
    (query,) = [sql for sql in statements if sql.startswith("select t.id")]
    assert "from article_counts a\ncross join attributions t" in query
    assert "where +t.rowid in (" in query
    assert len(data["rows"]) == 5
