import asyncio
import csv
import io
import re

import pytest
from datasette.app import Datasette
from sqlite_utils import Database

from quotesource.publish import serve as publish
from quotesource.publish.article_page import Mark, highlight
from quotesource.store.articles import save_results
from quotesource.store.schema import ensure_db_shape


@pytest.fixture
def db_path(tmp_path, sample_results):
    path = tmp_path / "quotes.db"  # the database name in metadata.yml is "quotes"
    with Database(path) as db:
        save_results(db, sample_results, "v1")
    return path


@pytest.fixture
def ds(db_path):
    return Datasette([str(db_path)], metadata=publish.load_metadata())


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def test_metadata_path_finds_the_root_file():
    path = publish.metadata_path()
    assert path.resolve() == publish.CHECKOUT_METADATA
    assert publish.load_metadata()["databases"]["quotes"]["tables"]["attributions"]


def test_facet_counts(ds):
    data = get(ds, "/quotes/attributions.json?_facet=source_type&_facet=outlet").json()
    facets = data["facet_results"]
    counts = {r["value"]: r["count"] for r in facets["source_type"]["results"]}
    assert counts == {"anonymous_person": 4, "named_person": 2, "anonymous_group": 1}
    outlets = {r["value"]: r["count"] for r in facets["outlet"]["results"]}
    assert outlets == {"Example Wire": 5, "Other Gazette": 2}


def test_metadata_facets_apply(ds):
    data = get(ds, "/quotes/attributions.json").json()
    assert {"source_type", "kind", "cue", "outlet", "speaker_name"} <= set(data["facet_results"])


def test_canned_queries_return_rows(ds):
    rows = get(ds, "/quotes/anonymous_share_by_article.json?_shape=array&min_attributions=1").json()
    assert [(r["name"], r["share_anonymous"]) for r in rows] == [
        ("synthetic_script", 1.0), ("004_a646d51f14c3277e", 0.6)]
    rows = get(ds, "/quotes/anonymous_share_by_outlet.json?_shape=array&min_articles=1").json()
    assert [r["outlet"] for r in rows] == ["Other Gazette", "Example Wire"]
    rows = get(ds, "/quotes/anonymous_only.json?_shape=array&min_attributions=1").json()
    assert [r["name"] for r in rows] == ["synthetic_script"]
    rows = get(ds, "/quotes/most_quoted_speakers.json?_shape=array&source_type=").json()
    assert rows[0] == {"speaker_name": "Farhad Alaaldin", "source_type": "named_person",
                       "attributions": 2, "articles": 1}
    rows = get(ds, "/quotes/most_quoted_speakers.json?_shape=array&source_type=named_person"
                   ).json()
    assert len(rows) == 1
    rows = get(ds, "/quotes/source_types_for_outlet.json?_shape=array&outlet=Example+Wire").json()
    assert {r["source_type"]: r["attributions"] for r in rows} == {
        "anonymous_person": 2, "named_person": 2, "anonymous_group": 1}


def test_csv_export_of_table_and_view(ds):
    text = get(ds, "/quotes/attributions.csv?_stream=on").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7 and "<script>" in text
    rows = list(csv.DictReader(io.StringIO(get(ds, "/quotes/article_stats.csv").text)))
    assert {r["name"]: r["share_anonymous"] for r in rows} == {
        "004_a646d51f14c3277e": "0.6", "synthetic_script": "1.0"}


def test_everything_in_metadata_exists_in_a_fresh_database(tmp_path):
    db = Database(tmp_path / "quotes.db")
    ensure_db_shape(db)
    meta = publish.load_metadata()["databases"]["quotes"]
    for name, config in meta["tables"].items():
        assert db[name].exists(), name
        columns = {c.name for c in db[name].columns}
        facets = {f if isinstance(f, str) else next(iter(f.values()))  # {stored: column}
                  for f in config.get("facets", [])}
        named = (set(config.get("columns", {})) | facets
                 | {config[k] for k in ("sort", "sort_desc", "label_column") if k in config})
        assert named <= columns, (name, named - columns)
        if "fts_table" in config:
            assert db[config["fts_table"]].exists()
    for table in ("articles", "attributions", "sources", "disclosures", "non_responses", "people",
                  "quote_clusters", "quote_cluster_members"):
        # ...and every column of the stored tables is described
        described = set(meta["tables"][table]["columns"])
        assert {c.name for c in db[table].columns} == described, table
    for name, query in meta["queries"].items():
        params = {p: "1" for p in re.findall(r":(\w+)", query["sql"])}
        db.execute(query["sql"], params).fetchall()  # runs on an empty database


def test_article_page_highlights_and_escapes(ds, sample_results):
    article = sample_results[1].article
    html = get(ds, f"/quotes/-/article/{article.content_hash}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; adjourn" in html
    assert "&lt;b&gt;Not bold&lt;/b&gt;" in html
    assert 'class="qs-content qs-indirect" data-source-type="anonymous_person"' in html
    assert 'title="anonymous_person: city official (speaker)"' in html
    assert '<span class="qs-cue"' in html and '<span class="qs-speaker"' in html
    # boilerplate outside the body is kept, dimmed, and escaped too
    assert '<span class="qs-boilerplate">\u00a9 2024 Other Gazette &lt;all rights reserved&gt;' in html
    # Datasette's page around it, and the plugin's style sheet
    assert '/-/static/app.css' in html
    assert '<link rel="stylesheet" href="/-/static-plugins/quotesource/article.css">' in html


def test_article_page_of_seed(ds, sample_results):
    article = sample_results[0].article
    html = get(ds, f"/quotes/-/article/{article.content_hash}").text
    assert html.count(' id="a-') == 5
    assert '<span class="qs-reason" title="anonymity: due to the sensitive' in html
    assert 'class="qs-nonresponse"' in html
    missing = asyncio.run(ds.client.get("/quotes/-/article/nope"))
    assert missing.status_code == 404


def test_rows_link_to_the_article_page(ds, sample_results):
    article_id = sample_results[0].article.content_hash
    html = get(ds, "/quotes/attributions").text
    assert f'href="/quotes/-/article/{article_id}#a-' in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert f'href="/quotes/-/article/{article_id}"' in get(ds, "/quotes/article_stats").text
    assert f'href="/quotes/-/article/{article_id}"' in get(ds, "/quotes/articles").text
    # the foreign-key link to the articles row is kept
    assert f'href="/quotes/articles/{article_id}"' in html


def test_highlight_nests_overlapping_marks_and_escapes():
    text = "a<b>c&d"
    html = highlight(text, [Mark(0, 4, "x", anchor="first"), Mark(2, 7, "y", {"title": '"q"'})])
    assert html == ('<span class="x" id="first">a&lt;</span>'
                    '<span class="x"><span class="y" title="&#34;q&#34;">b&gt;</span></span>'
                    '<span class="y" title="&#34;q&#34;">c&amp;d</span>')
    assert highlight(text, []) == "a&lt;b&gt;c&amp;d"


def _ingest_one(tmp_path, extractor, text):
    """A database holding one article extracted with the shipped models: (path, article id)."""
    from quotesource.records import Article

    path = tmp_path / "quotes.db"
    with Database(path) as db:
        save_results(db, list(extractor.results_for([Article(id="one", text=text)])), "v1")
        return path, next(db["articles"].rows)["id"]


def test_article_page_marks_only_the_pieces_of_a_resumed_quote(tmp_path, extractor):
    text = ("\u201cWe will not raise the fare this year,\u201d said Maria Lopez, whose agency runs "
            "the buses in the county. \u201cThe reserve covers the gap until the spring.\u201d\n")
    path, article_id = _ingest_one(tmp_path, extractor, text)
    ds = Datasette([str(path)], metadata=publish.load_metadata())
    html = get(ds, f"/quotes/-/article/{article_id}").text
    marked = re.findall(r'<span class="qs-content qs-direct"[^>]*>([^<]*)', html)
    assert marked == ["We will not raise the fare this year",
                      "The reserve covers the gap until the spring."]
    assert html.count(' id="a-') == 1


def test_unresolved_speakers_are_shown_apart(tmp_path, extractor):
    """'he' with nobody before it: the article page and the statistics views count it as
    unresolved, not as anonymous."""
    text = ("\u201cWe will appeal the decision,\u201d he said on Monday. A senior official said "
            "the agency would comply.\n")
    path, article_id = _ingest_one(tmp_path, extractor, text)
    with Database(path) as db:
        stats = next(db.query("select * from article_stats"))
        assert (stats["attributions"], stats["anonymous_attributions"],
                stats["unresolved_attributions"], stats["share_anonymous"],
                stats["share_anonymous_of_resolved"]) == (2, 1, 1, 0.5, 1.0)
    ds = Datasette([str(path)], metadata=publish.load_metadata())
    html = get(ds, f"/quotes/-/article/{article_id}").text
    assert 'data-source-type="unresolved"' in html
    assert "1 anonymous · 1 unresolved" in html
    facets = get(ds, "/quotes/attributions.json?_facet=source_type").json()
    counts = {f["value"]: f["count"] for f in facets["facet_results"]["source_type"]["results"]}
    assert counts == {"unresolved": 1, "anonymous_person": 1}


def test_metadata_applies_whatever_the_database_is_called(tmp_path, sample_results, monkeypatch):
    path = tmp_path / "corpus-2024.db"
    with Database(path) as db:
        save_results(db, sample_results, "v1")
    meta = publish.metadata_for(path)
    assert "corpus-2024" in meta["databases"] and "quotes" not in meta["databases"]
    ds = Datasette([str(path)], metadata=meta)
    data = get(ds, "/corpus-2024/attributions.json").json()
    assert {"source_type", "kind", "cue", "outlet", "speaker_name"} <= set(data["facet_results"])
    rows = get(ds, "/corpus-2024/anonymous_only.json?_shape=array&min_attributions=1").json()
    assert [r["name"] for r in rows] == ["synthetic_script"]
    # `quotesource serve` hands Datasette that metadata, under the file's name
    import json
    from datasette import cli as datasette_cli

    seen = {}

    def fake_main(args, **kwargs):
        seen.update(json.loads(open(args[args.index("--metadata") + 1]).read()))

    monkeypatch.setattr(datasette_cli.cli, "main", fake_main)
    publish.serve(path)
    assert seen["databases"]["corpus-2024"]["tables"]["attributions"]["facets"]


def test_the_article_page_line_has_no_stray_separator_and_the_legend_lists_documents(
        tmp_path, sample_results):
    from dataclasses import replace

    seed, synthetic = sample_results[0], sample_results[1]
    synthetic = replace(synthetic, article=replace(synthetic.article, outlet=None))
    path = tmp_path / "quotes.db"
    with Database(path) as db:
        save_results(db, [seed, synthetic], "v1")
    ds = Datasette([str(path)], metadata=publish.load_metadata())

    def meta_line(result):
        page = get(ds, f"/quotes/-/article/{result.article.content_hash}").text
        return page, re.search(r'<p class="qs-meta">(.*?)</p>', page, re.DOTALL).group(1)

    page, line = meta_line(synthetic)
    assert line == (f'<a href="/quotes/articles/{synthetic.article.content_hash}">row</a>'
                    " · pipeline v1")
    assert meta_line(seed)[1].startswith("<strong>Example Wire</strong> · <a href=")
    legend = re.search(r'<p class="qs-legend">(.*?)</p>', page, re.DOTALL).group(1)
    # every source type the page colours has its entry
    assert re.findall(r'data-source-type="(\w+)"', legend) == ["anonymous_person", "document",
                                                              "unresolved"]


def test_the_database_page_leads_with_charts_queries_and_main_tables(ds):
    page = get(ds, "/quotes").text
    markers = ['href="/-/dashboards/sourcing"', 'id="queries"', 'href="/quotes/attributions"',
               'href="/quotes/articles"', 'href="/quotes/sources"', 'id="views"',
               'id="other-tables"', 'href="/quotes/disclosures"', 'class="sql"']
    positions = [page.index(m) for m in markers]
    assert positions == sorted(positions)
    # the main tables with their descriptions, not their column lists
    assert "One row per attributed statement" in page
    assert "id, article_id, source_id, position" not in page
    assert 'href="/quotes/facet_counts"' not in page and "hidden tables" in page
    assert "select * from attributions limit 100</textarea>" in page


def test_canned_query_descriptions_show_no_raw_parameters(ds):
    queries = publish.load_metadata()["databases"]["quotes"]["queries"]
    raw = [(name, param) for name, q in queries.items()
           for param in re.findall(r":(\w+)", q["sql"]) if f":{param}" in q.get("description", "")]
    assert raw == []
    page = get(ds, "/quotes/anonymous_share_by_outlet").text
    assert "at least as many articles as min_articles" in page


def test_table_pages_fold_descriptions_and_show_reading_columns_first(ds):
    meta = publish.load_metadata()["databases"]["quotes"]["tables"]
    for table in ("attributions", "articles"):
        page = get(ds, f"/quotes/{table}").text
        folded = re.search(r'<details class="qs-column-descriptions">\s*<summary>(.*?)</summary>',
                           page)
        assert folded.group(1) == f"What the {len(meta[table]['columns'])} columns hold"
        assert page.count('<dl class="column-descriptions">') == 1     # Datasette's own is gone
        shown = re.findall(r'<th [^>]*data-column="(\w+)"', page)
        first = meta[table]["plugins"]["quotesource"]["reading_columns"]
        assert shown[:len(first)] == first and sorted(shown) == sorted(meta[table]["columns"])
        cells = re.findall(r'<td class="col-(\w+)', page)
        assert cells[:len(first)] == first
        # only the page shows them so: the JSON (and the SQL) keep the table's order
        assert get(ds, f"/quotes/{table}.json").json()["columns"][0] == "id"
