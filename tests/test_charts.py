"""The sourcing dashboard (datasette-dashboards, Vega-Lite) as headless Chromium renders it.

The numbers each chart holds are read back from its Vega view and compared with counts made
here from the attribution rows, so a wrong view or query fails; the marks are read from the
view's SVG rendering, so a chart that does not draw fails too. Skipped without Chromium.
"""
import asyncio
import json
import time
from collections import Counter, defaultdict

import pytest
from datasette.app import Datasette
from sqlite_utils import Database

from quotesource.publish import serve as publish
from quotesource.publish.serve import background_server
from quotesource.records import Attribution, Source
from quotesource.store.articles import save_results

from conftest import ArticleResult, find, make_article
from test_attacks import CHROMIUM, DevTools

CHARTS = ("anonymous-by-outlet", "anonymous-by-month", "source-types-by-outlet",
          "most-quoted-people", "anonymous-corrected")
# Runs before any page script: keeps every vegaEmbed() call's promise, by chart element id.
HOOK = """
window.__charts = [];
Object.defineProperty(window, 'vegaEmbed', {configurable: true,
  get() { return this.__embed; },
  set(embed) { this.__embed = (el, spec, opts) => {
    const done = embed(el, spec, opts); window.__charts.push([el.id, done]); return done; }; }});
"""
READ = """
(async () => {
  const out = {};
  for (const [id, done] of window.__charts) {
    const result = await done;
    out[id] = {rows: result.view.data('source_0').map(r => ({...r})),
               svg: await result.view.toSVG()};
  }
  return out;
})()
"""


def named(name, outlet, published, speaker, quote):
    text = f"Headline\n\u201c{quote}\u201d {speaker} said on Monday.\n"
    source = Source(speaker, "named_person", 1, None, None, find(text, speaker))
    return ArticleResult(make_article(name, text, outlet=outlet, published=published),
                         [Attribution("direct", find(text, quote), find(text, "said"),
                                      find(text, speaker), source)])


@pytest.fixture
def db_path(tmp_path, sample_results):
    seed, synthetic = sample_results
    seed.article.published, synthetic.article.published = "2024-01-15", "2024-02-03"
    path = tmp_path / "sourcing.db"        # not quotes.db: the charts follow the name
    save_results(Database(path), [
        seed, synthetic,
        named("wire-1", "Morning Wire", "2024-02-10", "Jane Roe", "We will vote on it next week."),
        named("wire-2", "Morning Wire", "2024-03-01", "Roe", "The budget is balanced this year."),
    ], "v1")
    return path


def expected(db_path) -> dict:
    """What each chart must hold, counted from the attribution rows."""
    db = Database(db_path)
    rows = list(db.query("select t.outlet, t.anonymous, t.source_type, t.speaker_name, "
                         "substr(a.published, 1, 7) as month from attributions t "
                         "join articles a on a.id = t.article_id"))
    share = lambda group: round(sum(r["anonymous"] for r in group) / len(group), 3)  # noqa: E731
    by = lambda key: {k: [r for r in rows if r[key] == k] for k in {r[key] for r in rows}}  # noqa
    types = defaultdict(Counter)
    for r in rows:
        types[r["outlet"]][r["source_type"]] += 1
    return {
        "anonymous-by-outlet": {k: share(g) for k, g in by("outlet").items()},
        "anonymous-by-month": {k: share(g) for k, g in by("month").items()},
        "source-types-by-outlet": {(o, t): n for o, c in types.items() for t, n in c.items()},
    }


def test_dashboard_page_and_chart_queries(db_path):
    ds = Datasette([str(db_path)], metadata=publish.metadata_for(db_path))
    page = asyncio.run(ds.client.get("/-/dashboards/sourcing"))
    assert page.status_code == 200 and "vega-lite.min.js" in page.text
    assert "cdn." not in page.text and "https://" not in page.text.split("<body")[0]
    meta = publish.metadata_for(db_path)["plugins"]["datasette-dashboards"]["sourcing"]
    assert set(meta["charts"]) == set(CHARTS)
    assert {c["db"] for c in meta["charts"].values()} == {"sourcing"}


def rendered_charts(db_path, profile, count: int) -> dict:
    """The dashboard of `db_path` served and drawn in headless Chromium: once `count` charts are
    embedded, each chart's id -> its rows and SVG (READ)."""
    chrome = DevTools(profile)
    try:
        session = chrome.new_page()
        chrome.call("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK}, session)
        with background_server(db_path) as server:
            chrome.load(session, f"{server}/-/dashboards/sourcing")
            deadline = time.monotonic() + 60
            while chrome.evaluate(session, "window.__charts.length") < count:
                assert time.monotonic() < deadline, "the charts were not all embedded"
                time.sleep(0.2)
            return chrome.call("Runtime.evaluate", {"expression": READ, "awaitPromise": True,
                                                    "returnByValue": True},
                               session)["result"]["value"]
    finally:
        chrome.close()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                             "(apt-get install -y chromium)")
def test_dashboard_renders_in_chromium_with_the_right_numbers(db_path, tmp_path):
    charts = rendered_charts(db_path, tmp_path / "profile", len(CHARTS))
    charts = {key.removeprefix("chart-"): value for key, value in charts.items()}
    assert set(charts) == set(CHARTS)
    want = expected(db_path)

    rows = charts["anonymous-by-outlet"]["rows"]
    assert {r["outlet"]: r["share_anonymous"] for r in rows} == want["anonymous-by-outlet"] == {
        "Example Wire": 0.6, "Other Gazette": 1.0, "Morning Wire": 0.0}
    rows = charts["anonymous-by-month"]["rows"]
    assert {r["month"]: r["share_anonymous"] for r in rows} == want["anonymous-by-month"] == {
        "2024-01": 0.6, "2024-02": round(2 / 3, 3), "2024-03": 0.0}
    rows = charts["source-types-by-outlet"]["rows"]
    assert {(r["outlet"], r["source_type"]): r["attributions"] for r in rows} \
        == want["source-types-by-outlet"]
    # nothing validated: the corrected share's chart has the measured share alone
    anonymous, total = Database(db_path).execute(
        "select sum(anonymous), count(*) from attributions").fetchone()
    assert [(r["share_of"], r["share"], r["ci_low"]) for r in charts["anonymous-corrected"][
        "rows"]] == [("as measured", round(anonymous / total, 3), None)] == [
        ("as measured", 0.556, None)]
    rows = charts["most-quoted-people"]["rows"]
    # "Roe" and "Jane Roe" are one person across the two articles (ties: more articles first)
    assert [(r["name"], r["attributions"], r["articles"]) for r in rows] == [
        ("Jane Roe", 2, 2), ("Farhad Alaaldin", 2, 1)]

    # each chart drew one mark per row (bars; the line chart one line), with its labels
    svg = charts["anonymous-by-outlet"]["svg"]
    assert svg.count('aria-roledescription="bar"') == 3 and "Other Gazette" in svg
    assert charts["most-quoted-people"]["svg"].count('aria-roledescription="bar"') == 2
    assert charts["source-types-by-outlet"]["svg"].count('aria-roledescription="bar"') == \
        len(want["source-types-by-outlet"])
    month_svg = charts["anonymous-by-month"]["svg"]
    assert 'aria-roledescription="line mark"' in month_svg and "2024-02" in month_svg
    assert json.dumps(charts)                 # plain values came back
