"""Running at scale: skipping stored articles before parsing, parser processes, progress, Dask."""
import hashlib
import io
import json
import shutil

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import ROOT

from quotesource import nlp
from quotesource.cli import cli

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
STAMPS = ("ingested_at", "applied_at")        # when rows were stored, migrations applied


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def rows(db_path) -> dict:
    db = sqlite_utils.Database(db_path)
    return {t: list(db[t].rows) for t in db.table_names()}


@pytest.fixture
def parsed_texts(monkeypatch):
    """Every text handed to the stanza parser, in this test."""
    seen = []
    real_parse = nlp.Parser.parse

    def parse(self, texts, needs_parse=None):
        seen.extend(texts)
        return real_parse(self, texts, needs_parse)

    monkeypatch.setattr(nlp.Parser, "parse", parse)
    return seen


def test_rerun_parses_nothing_and_changes_nothing(tmp_path, parsed_texts, monkeypatch):
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, *SEEDS).exit_code == 0
    assert len(parsed_texts) == 2
    before = rows(db_path)

    def no_model(*args, **kwargs):
        raise AssertionError("a stored corpus needs no model")

    monkeypatch.setattr(nlp, "get_parser", no_model)
    again = run("ingest", db_path, *SEEDS)
    assert again.exit_code == 0, again.output
    assert "0 inserted, 0 replaced, 2 unchanged, 0 new name(s), 0 error(s)" in again.stderr
    assert len(parsed_texts) == 2
    assert rows(db_path) == before            # ingested_at included


def test_only_the_changed_article_is_parsed_again(tmp_path, parsed_texts):
    for seed in SEEDS:
        shutil.copy(seed, tmp_path)
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, tmp_path).exit_code == 0
    unchanged_id = hashlib.sha256(SEEDS[0].read_bytes()).hexdigest()
    kept = [r for r in rows(db_path)["attributions"] if r["article_id"] == unchanged_id]
    changed = tmp_path / SEEDS[1].name        # 004: its body runs to the end of the file
    text = changed.read_text(encoding="utf-8") + "\nThe bridge will reopen in May, a spokesman said.\n"
    changed.write_text(text, encoding="utf-8")
    parsed_texts.clear()
    result = run("ingest", db_path, tmp_path)
    assert "0 inserted, 1 replaced, 1 unchanged" in result.stderr
    assert parsed_texts == [text]
    db = sqlite_utils.Database(db_path)
    assert {r["name"]: r["text"] for r in db["articles"].rows}[SEEDS[1].stem] == text
    assert db["attributions"].count_where("speaker_name = 'spokesman'") == 1
    assert [r for r in rows(db_path)["attributions"] if r["article_id"] == unchanged_id] == kept


def test_parser_processes_give_the_same_results_in_the_same_order(tmp_path):
    """Nine seed copies (two batches) with a bad line among them: -j 2 sends the batches to two
    parser processes and must print exactly what -j 1 prints, errors in place included."""
    lines = [json.dumps({"id": f"copy{n}-{seed.stem}", "text": seed.read_text(encoding="utf-8")})
             for n in range(5) for seed in SEEDS][:9]
    lines.insert(4, "{not json")
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run("extract", corpus, "-j", "1")
    two = run("extract", corpus, "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert "line 5: invalid JSON" in two.stderr
    assert two.stdout == one.stdout
    articles = [json.loads(line)["article"] for line in two.stdout.splitlines()]
    assert list(dict.fromkeys(articles)) == [json.loads(line)["id"] for line in lines
                                             if line.startswith("{\"")]


def test_ingest_with_parser_processes_stores_what_one_process_stores(tmp_path, parsed_texts):
    from quotesource.pipeline import Extractor
    from quotesource.runner import ingest_corpus

    databases = []
    for jobs in (1, 2):
        parsed_texts.clear()
        db = sqlite_utils.Database(tmp_path / f"j{jobs}.db")
        # one article per batch, so two seeds make two batches for two processes
        report = ingest_corpus(db, SEEDS, Extractor(batch_articles=1), jobs=jobs)
        assert (len(report.inserted), report.errors) == (2, [])
        assert len(parsed_texts) == (2 if jobs == 1 else 0)   # -j 2: parsed elsewhere
        databases.append({t: [{k: v for k, v in r.items() if k not in STAMPS}
                              for r in db[t].rows] for t in db.table_names()})
    assert databases[0] == databases[1]
    assert len(databases[0]["attributions"]) >= 14


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_counts_rates_and_prints_errors_at_once():
    from quotesource.ingest import IngestError
    from quotesource.progress import progress

    screen = Terminal()
    tracker = progress("ingest", total=3, file=screen)
    tracker.done("an article")
    tracker.done(IngestError("bad.json", "invalid JSON"))
    error_shown_before_the_end = "error: bad.json: invalid JSON\n" in screen.getvalue()
    tracker.done("another")
    tracker.close()
    assert error_shown_before_the_end
    assert "ingest: 100%" in screen.getvalue() and "3/3" in screen.getvalue()
    assert "article/s]" in screen.getvalue()             # rate; [elapsed<remaining] is the ETA
    assert len(tracker.errors) == 1

    quiet = Terminal()
    tracker = progress("ingest", total=3, quiet=True, file=quiet)
    tracker.done("an article")
    tracker.close()
    assert quiet.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    (tmp_path / "bad.json").write_text('[{"title": "no text"}]')
    result = run("ingest", tmp_path / "quotes.db", *SEEDS, tmp_path / "bad.json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'bad.json'}: item 1: no 'text' string",
        f"{tmp_path / 'quotes.db'}: 2 inserted, 0 replaced, 0 unchanged, 0 new name(s), 1 error(s)"]
    again = run("ingest", tmp_path / "quotes.db", *SEEDS, "--quiet")
    assert again.stderr.splitlines() == [
        f"{tmp_path / 'quotes.db'}: 0 inserted, 0 replaced, 2 unchanged, 0 new name(s), 0 error(s)"]


def test_count_articles_for_the_eta(tmp_path):
    from quotesource.progress import count_articles

    (tmp_path / "a.txt").write_text("Title\n\nText.\n")
    (tmp_path / "b.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "three"}')
    (tmp_path / "c.json").write_text('[{"text": "one"}, {"text": "two"}]')
    assert count_articles([tmp_path]) == 6
    assert count_articles([tmp_path / "a.txt", tmp_path / "missing.txt"]) == 2


def test_the_eta_counts_the_rows_of_a_csv_and_the_pages_of_a_warc(tmp_path):
    """Each a row, or a record, read() yields: the bar's total is the number of its updates."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from quotesource.ingest import read_articles
    from quotesource.progress import count_articles

    (tmp_path / "rows.csv").write_text(
        'title,text\nOne,"A text\nover two lines."\nTwo,Short.\nbad,row,extra\n\nThree,Last.\n')
    for name, gzipped in (("crawl.warc", False), ("crawl.warc.gz", True)):
        with open(tmp_path / name, "wb") as fp:
            writer = WARCWriter(fp, gzip=gzipped)
            for n, kind in enumerate(["text/html", "image/png", "text/html", "text/html"]):
                headers = StatusAndHeaders("200 OK", [("Content-Type", kind)],
                                           protocol="HTTP/1.1")
                body = f"<html><body><p>Page {n} of the crawl, said a reader.</p></body></html>"
                writer.write_record(writer.create_warc_record(
                    f"https://example.com/{n}", "response", payload=io.BytesIO(body.encode()),
                    http_headers=headers))
    for name, expected in (("rows.csv", 4), ("crawl.warc", 3), ("crawl.warc.gz", 3)):
        assert count_articles([tmp_path / name]) == expected, name
        assert len(list(read_articles(tmp_path / name))) == expected, name
    (tmp_path / "cut.warc.gz").write_bytes((tmp_path / "crawl.warc.gz").read_bytes()[:30])
    assert count_articles([tmp_path / "cut.warc.gz"]) == 1


def test_serve_turns_facet_suggestions_off_and_passes_settings(tmp_path, monkeypatch):
    from datasette import cli as datasette_cli

    seen = []
    monkeypatch.setattr(datasette_cli.cli, "main", lambda args, **kwargs: seen.append(args))
    from quotesource.store.schema import ensure_db_shape

    db_path = tmp_path / "quotes.db"
    ensure_db_shape(sqlite_utils.Database(db_path))     # serve refuses other files
    assert run("serve", db_path).exit_code == 0
    assert run("serve", db_path, "--setting", "suggest_facets", "on",
               "--setting", "sql_time_limit_ms", "3000").exit_code == 0
    settings = [{args[i + 1]: args[i + 2] for i, a in enumerate(args) if a == "--setting"}
                for args in seen]
    assert settings == [{"suggest_facets": "off"},
                        {"suggest_facets": "on", "sql_time_limit_ms": "3000"}]


def _datasette_json(tmp_path, sample_results):
    """get(path) -> the JSON of a page of Datasette over the sample results."""
    import asyncio

    from datasette.app import Datasette

    from quotesource.publish import serve as publish
    from quotesource.store.articles import save_results

    with sqlite_utils.Database(tmp_path / "quotes.db") as db:
        save_results(db, sample_results, "v1")
    ds = Datasette([str(tmp_path / "quotes.db")], metadata=publish.load_metadata())

    def get(path):
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == 200
        return response.json()
    return get


def test_facets_on_the_first_page_of_a_table_only(tmp_path, sample_results):
    """Datasette counts later pages' facets over the rows after the cursor: wrong and slow."""
    from urllib.parse import urlsplit

    get = _datasette_json(tmp_path, sample_results)

    first = get("/quotes/attributions.json?_size=3")
    assert sum(r["count"] for r in first["facet_results"]["source_type"]["results"]) == 7
    split = urlsplit(first["next_url"])
    second = get(f"{split.path}?{split.query}")
    assert len(second["rows"]) == 3 and second["facet_results"] == {}
    # a view pages by offset, and its facets stay those of all rows
    view = get("/quotes/article_stats.json?_size=1&_next=1")
    assert sum(r["count"] for r in view["facet_results"]["outlet"]["results"]) == 2


def test_every_sort_offered_on_a_large_table_has_an_index(tmp_path):
    """On 1M attributions a sort without an index reads every row (docs/scale.md)."""
    from quotesource.publish import serve as publish
    from quotesource.store.schema import ensure_db_shape

    db = sqlite_utils.Database(tmp_path / "quotes.db")
    ensure_db_shape(db)
    tables = publish.load_metadata()["databases"]["quotes"]["tables"]
    for table in ("articles", "attributions", "sources"):
        leading = {index.columns[0] for index in db[table].indexes}
        sorts = tables[table].get("sortable_columns")
        assert sorts is not None, table          # unset: Datasette offers every column
        assert set(sorts) <= leading, (table, set(sorts) - leading)


def test_stored_facets_equal_the_counted_ones(tmp_path, sample_results):
    get = _datasette_json(tmp_path, sample_results)

    def facets(path):
        return {name: (facet["type"], [(r["value"], r["count"], r["selected"])
                                       for r in facet["results"]])
                for name, facet in get(path)["facet_results"].items()}

    stored = facets("/quotes/attributions.json")
    counted = facets("/quotes/attributions.json?_nofacet=&" + "&".join(
        f"_facet={c}" for c in ("source_type", "kind", "cue", "outlet", "speaker_name")))
    assert {name: facet for name, (kind, facet) in stored.items() if kind == "stored"} == {
        name: facet for name, (kind, facet) in counted.items() if kind == "column"}
    assert stored["kind"][1] == [("direct", 3, False), ("indirect", 3, False), ("mixed", 1, False)]
    # filtered: counted over the matching rows, the chosen value selected
    filtered = facets("/quotes/attributions.json?outlet=Other+Gazette")
    assert filtered["kind"] == ("stored", [("direct", 1, False), ("indirect", 1, False)])
    assert filtered["outlet"][1] == [("Other Gazette", 2, True)]


def test_a_broad_search_skips_the_facets_at_once(tmp_path, sample_results, monkeypatch):
    import asyncio

    from datasette.app import Datasette

    from quotesource.publish import facets
    from quotesource.publish import serve as publish
    from quotesource.store.articles import save_results

    with sqlite_utils.Database(tmp_path / "quotes.db") as db:
        save_results(db, sample_results, "v1")
    ds = Datasette([str(tmp_path / "quotes.db")], metadata=publish.load_metadata())

    def search():
        response = asyncio.run(ds.client.get("/quotes/attributions.json?_search=the"))
        assert response.status_code == 200 and response.json()["filtered_table_rows_count"] == 5
        return sorted(response.json()["facet_results"])

    assert search() == ["cue", "kind", "outlet", "source_type", "speaker_name"]
    monkeypatch.setattr(facets, "SEARCH_FACET_ROWS", 4)
    assert search() == []
    html = asyncio.run(ds.client.get("/quotes/attributions?_search=the")).text
    assert "timed out" in html                 # the page says the facets were left out


def _traced(tmp_path, sample_results):
    """get(path) -> (JSON, [(sql, params) of each statement the page ran]), over the sample
    results stored by the real save_results (and so ensure_db_shape); plan(sql, params) -> the
    statement's EXPLAIN QUERY PLAN details."""
    import asyncio
    import sqlite3

    from datasette.app import Datasette

    from quotesource.publish import serve as publish
    from quotesource.store.articles import save_results

    with sqlite_utils.Database(tmp_path / "quotes.db") as db:
        save_results(db, sample_results, "v1")
    ds = Datasette([str(tmp_path / "quotes.db")], metadata=publish.load_metadata(),
                   settings={"suggest_facets": False, "trace_debug": True})
    conn = sqlite3.connect(tmp_path / "quotes.db")
    conn.create_function("escape_fts", 1, lambda query: f'"{query}"')

    def get(path):
        response = asyncio.run(ds.client.get(f"{path}&_trace=1"))
        assert response.status_code == 200, response.text
        data = response.json()
        return data, [(t["sql"], t.get("params")) for t in data["_trace"]["traces"]
                      if t["type"] == "sql"]

    def plan(sql, params):
        return [row[3] for row in conn.execute(f"explain query plan {sql}", params or {})]
    return get, plan, conn


@pytest.mark.parametrize("column, value", [("cue", "said"), ("outlet", "Example Wire"),
                                           ("source_type", "anonymous_person"),
                                           ("kind", "direct")])
def test_a_page_filtered_by_a_facet_column_reads_only_indexes(tmp_path, sample_results,
                                                              column, value):
    """On 1M attributions "cue=said" (half the rows) took 1.3 s without (cue, X) indexes: the
    page sorted 500,000 rows by id and each facet read every matching row (docs/scale.md)."""
    get, plan, conn = _traced(tmp_path, sample_results)
    data, statements = get(f"/quotes/attributions.json?{column}={value.replace(' ', '+')}")
    expected = [r[0] for r in conn.execute(f"select id from attributions where {column} = ? "
                                           "order by id", [value])]
    assert [row[data["columns"].index("id")] for row in data["rows"]] == expected
    assert data["filtered_table_rows_count"] == len(expected)
    facets = {name: {r["value"]: r["count"] for r in facet["results"]}
              for name, facet in data["facet_results"].items()}
    assert len(facets) == 5 and facets[column] == {value: len(expected)}
    assert [r["selected"] for r in data["facet_results"][column]["results"]] == [True]
    filtered = [(sql, params) for sql, params in statements
                if f'from attributions where "{column}" = :p0' in sql]
    # the page, its count and four facets: the filtered column's own facet is the count
    assert len(filtered) == 6
    assert not any(sql.startswith(f"select {column} as value") for sql, _ in filtered)
    for sql, params in filtered:
        details = plan(sql, params)
        assert not any("SCAN" in d for d in details), (sql, details)
        if sql.startswith("select id,"):         # the page: read in id order, not sorted
            assert details == [f"SEARCH attributions USING INDEX idx_attributions_{column}_id "
                               f"({column}=?)"], (sql, details)
        else:                                    # its count and facets: the index alone
            assert any(f"COVERING INDEX idx_attributions_{column}_" in d for d in details), \
                (sql, details)


def test_a_broad_search_finds_every_row_counts_them_and_starts_from_the_table(
        tmp_path, sample_results, monkeypatch):
    """A search for "the" (65 % of 1M attributions) looked up every matching row twice (1.2 s):
    to sort them by id for one page and to count them. Now it is counted in the FTS index and,
    being broad, read in id order, each row checked against the matches."""
    from urllib.parse import urlsplit

    from quotesource.publish import search_sql

    get, plan, conn = _traced(tmp_path, sample_results)
    fts = "select rowid from attributions_fts where attributions_fts match '\"the\"'"

    def truth(where="1", order="id"):
        return [r[0] for r in conn.execute(f"select id from attributions where {where} and "
                                           f"rowid in ({fts}) order by {order}, id")]

    def every_page(path):
        ids, pages = [], []
        while path:
            data, statements = get(path)
            ids += [row[data["columns"].index("id")] for row in data["rows"]]
            pages.append((data, statements))
            path = data["next_url"] and "{0.path}?{0.query}".format(urlsplit(data["next_url"]))
        return ids, pages

    assert len(truth()) == 5
    # narrow (fewer matches than BROAD_SEARCH_ROWS): Datasette's statements, but the count
    ids, [(data, statements)] = every_page("/quotes/attributions.json?_search=the")
    assert ids == truth() and data["filtered_table_rows_count"] == 5
    counts = [sql for sql, _ in statements if sql.startswith("select count(*)")]
    assert counts == ["select count(*) from attributions_fts where attributions_fts match "
                      "escape_fts(:search)"]
    assert all("+rowid" not in sql for sql, _ in statements)

    monkeypatch.setattr(search_sql, "BROAD_SEARCH_ROWS", 2)
    # pages of two (a cursor in id order), or one page: Datasette 0.65 orders a sort's ties
    # by id only from the second page on, so paging through ties repeats or skips rows with
    # or without this plugin
    for query, where, order in [("&_size=2", "1", "id"),
                                ("&_size=2&outlet=Example+Wire", "outlet = 'Example Wire'", "id"),
                                ("&_sort=speaker_name", "1", "speaker_name"),
                                ("&_sort_desc=speaker_name&kind=direct", "kind = 'direct'",
                                 "speaker_name desc")]:
        ids, pages = every_page(f"/quotes/attributions.json?_search=the{query}")
        if order == "id":
            assert ids == truth(where, order), query
        else:
            assert sorted(ids) == sorted(truth(where, order)), query
            names = [row[pages[0][0]["columns"].index("speaker_name")]
                     for row in pages[0][0]["rows"]]
            assert names == [conn.execute("select speaker_name from attributions where id = ?",
                                          [i]).fetchone()[0] for i in truth(where, order)]
        assert {data["filtered_table_rows_count"] for data, _ in pages} == {len(ids)}
        first = pages[0][1]
        page_sql, params = next((sql, p) for sql, p in first if sql.startswith("select id,"))
        assert "+rowid in (select rowid from attributions_fts" in page_sql
        details = plan(page_sql, params)
        assert not any("TEMP B-TREE" in d or "INTEGER PRIMARY KEY" in d for d in details), \
            (page_sql, details)               # the page's order from an index, no lookups

    # ?_fts_table= searches another index: its count is not this table's
    data, statements = get("/quotes/attributions.json?_search=Iraq&_fts_table=articles_fts")
    other = "select rowid from articles_fts where articles_fts match '\"Iraq\"'"
    assert data["filtered_table_rows_count"] == conn.execute(
        f"select count(*) from attributions where rowid in ({other})").fetchone()[0]
    assert any(sql.startswith("select count(*) from attributions where") for sql, _ in statements)


@pytest.fixture
def local_cluster():
    """A LocalCluster in this process (one worker thread) behind a real TCP scheduler address."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp://", dashboard_address=None) as cluster:
        yield cluster


def table_rows(db_path) -> dict:
    db = sqlite_utils.Database(db_path)
    return {t: [{k: v for k, v in r.items() if k not in STAMPS} for r in db[t].rows]
            for t in db.table_names()}


def test_ingest_on_a_dask_cluster_stores_what_one_process_stores(tmp_path, local_cluster,
                                                                 parsed_texts):
    assert run("ingest", tmp_path / "here.db", *SEEDS, "-j", "1").exit_code == 0
    parsed_here = len(parsed_texts)
    result = run("ingest", tmp_path / "dask.db", *SEEDS,
                 "--scheduler", local_cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    assert "2 inserted" in result.stderr
    assert len(parsed_texts) == 2 * parsed_here          # parsed again, by the Dask worker
    assert table_rows(tmp_path / "dask.db") == table_rows(tmp_path / "here.db")


def test_a_failed_dask_run_resumes_where_it_stopped(tmp_path, local_cluster, parsed_texts,
                                                    monkeypatch):
    from distributed import Client

    from quotesource.pipeline import Extractor
    from quotesource.runner import ingest_corpus

    real_parse = nlp.Parser.parse
    broken = SEEDS[1].read_text(encoding="utf-8")

    def parse(self, texts, needs_parse=None):
        if broken in texts:
            raise RuntimeError("worker lost")
        return real_parse(self, texts, needs_parse)

    db = sqlite_utils.Database(tmp_path / "quotes.db")
    with Client(local_cluster) as client:
        monkeypatch.setattr(nlp.Parser, "parse", parse)
        with pytest.raises(RuntimeError, match="worker lost"):
            ingest_corpus(db, SEEDS, Extractor(batch_articles=1), client=client)
        assert [r["name"] for r in db["articles"].rows] == [SEEDS[0].stem]
        monkeypatch.setattr(nlp.Parser, "parse", real_parse)   # parsed_texts' recorder
        parsed_texts.clear()
        report = ingest_corpus(db, SEEDS, Extractor(batch_articles=1), client=client)
    assert (len(report.inserted), len(report.skipped)) == (1, 1)
    assert parsed_texts == [broken]                          # the stored article was skipped
    assert sorted(r["name"] for r in db["articles"].rows) == [s.stem for s in SEEDS]


def test_scheduler_that_cannot_be_reached_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "q.db"), str(SEEDS[0]),
                                      "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_a_broad_canned_search_reads_the_newest_articles_first(tmp_path, sample_results,
                                                                 monkeypatch):
    """The canned `search` sorted every match by date for its 500 newest ("trump", 213,760 of
    1M: 0.9 s); broad, it now reads articles newest first and stops when it has them."""
    from quotesource.publish import search_sql

    get, plan, conn = _traced(tmp_path, sample_results)
    path = "/quotes/search.json?q=said+OR+the+OR+official&_shape=objects"
    narrow, narrow_statements = get(path)
    monkeypatch.setattr(search_sql, "BROAD_SEARCH_ROWS", 1)
    broad, statements = get(path)
    assert broad["rows"] == narrow["rows"] and len(broad["rows"]) >= 3
    query = next(sql for sql, _ in statements if sql.startswith("select t.id"))
    before = next(sql for sql, _ in narrow_statements if sql.startswith("select t.id"))
    assert "cross join attributions t" in query and "cross join" not in before
    details = plan(query, {"q": "said OR the OR official"})
    assert details[0].startswith("SCAN a USING INDEX idx_article_counts_date"), details
