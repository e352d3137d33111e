"""The article page as a real browser renders it: Debian's Chromium, headless.

CI installs it (`apt-get install -y chromium`); without it these tests are skipped.
"""
import html
import json
import re
import shutil
import subprocess

import pytest
from conftest import ROOT
from sqlite_utils import Database

from quotesource.publish.serve import background_server
from quotesource.store.articles import save_results

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                                "(apt-get install -y chromium)"),
]


def dump_dom(url: str, profile) -> str:
    """The DOM after Chromium loaded and ran the page, serialised."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


@pytest.fixture
def server(tmp_path, sample_results):
    db_path = tmp_path / "quotes.db"
    with Database(db_path) as db:
        save_results(db, sample_results, "v1")
    with background_server(db_path) as url:
        yield url


def test_highlighted_spans_in_rendered_dom(server, sample_results, tmp_path):
    seed, synthetic = (r.article for r in sample_results)
    dom = dump_dom(f"{server}/quotes/-/article/{seed.content_hash}", tmp_path / "profile")
    assert dom.count(' id="a-') == 5
    assert 'data-source-type="named_person"' in dom
    assert 'title="named_person: Farhad Alaaldin (speaker)"' in dom
    assert '<span class="qs-cue"' in dom and '<span class="qs-speaker"' in dom

    dom = dump_dom(f"{server}/quotes/-/article/{synthetic.content_hash}", tmp_path / "profile")
    # the quote holding <script> stays text: no script element was created from it
    assert "<script>alert" not in dom
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; adjourn" in dom
    assert '<span class="qs-boilerplate">Home | World | Sign in' in dom


def test_attribution_rows_link_to_article_page(server, sample_results, tmp_path):
    dom = dump_dom(f"{server}/quotes/attributions", tmp_path / "profile")
    assert f'href="/quotes/-/article/{sample_results[0].article.content_hash}#a-' in dom


def measure(server: str, path: str, script: str, profile) -> dict:
    """`script` (the body of an async function of `doc`, returning JSON, or null to be asked
    again in 200 ms) run on the page at `path` as a 1400x1000 window shows it. The page is
    framed by a page of the same origin that reads it: a proxy here serves that page and passes
    every other request on to the server."""
    import http.server
    import threading
    import urllib.error
    import urllib.request

    frame = f"""<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" src="{path}" style="border:0;width:1400px;height:1000px"></iframe>
<pre id="out"></pre>
<script>
const frame = document.getElementById("page");
frame.addEventListener("load", () => {{
  const ask = () => (async doc => {{ {script} }})(frame.contentDocument)
    .then(result => result === null ? setTimeout(ask, 200)
                  : (document.getElementById("out").textContent = JSON.stringify(result)))
    .catch(err => document.getElementById("out").textContent = JSON.stringify(String(err)));
  ask();
}});
</script></body></html>""".encode()

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/-/measure":
                status, kind, body = 200, "text/html", frame
            else:
                # the page's own host: Datasette writes absolute URLs with it (the charts' data)
                request = urllib.request.Request(server + self.path,
                                                 headers={"Host": self.headers["Host"]})
                try:
                    with urllib.request.urlopen(request) as response:
                        status, body = response.status, response.read()
                        kind = response.headers["Content-Type"]
                except urllib.error.HTTPError as err:
                    status, kind, body = err.code, "text/plain", err.read()
            self.send_response(status)
            self.send_header("Content-Type", kind or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--window-size=1400,1100",
             "--virtual-time-budget=30000", "--dump-dom",
             f"http://127.0.0.1:{proxy.server_address[1]}/-/measure"],
            capture_output=True, text=True, timeout=120, check=True)
    finally:
        proxy.shutdown()
        proxy.server_close()
    found = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found and found.group(1), result.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))


def test_the_attributions_table_shows_rows_on_the_first_screen(server, tmp_path):
    layout = measure(server, "/quotes/attributions", """
        const row = doc.querySelector("table.rows-and-columns tbody tr");
        const details = doc.querySelector("details.qs-column-descriptions");
        return {row_bottom: row.getBoundingClientRect().bottom,
                search_top: doc.querySelector("#_search").getBoundingClientRect().top,
                descriptions_open: details.open,
                headers: [...doc.querySelectorAll("table.rows-and-columns th")]
                         .map(th => th.dataset.column)};""", tmp_path / "profile")
    assert layout["row_bottom"] <= 1000 and layout["search_top"] < 400, layout
    assert layout["descriptions_open"] is False
    assert layout["headers"][:6] == ["content", "speaker_name", "source_type", "kind", "cue",
                                     "speaker"]
    assert layout["headers"].index("article_id") < layout["headers"].index("id") \
        < layout["headers"].index("content_start")


def test_the_database_page_leads_with_the_dashboard_and_hides_internal_tables(server, tmp_path):
    dom = dump_dom(f"{server}/quotes", tmp_path / "profile")
    order = [dom.index(marker) for marker in (
        'href="/-/dashboards/sourcing"', 'id="queries"', 'href="/quotes/attributions"',
        'id="views"', 'class="sql"')]
    assert order == sorted(order)
    internal = ("facet_counts", "article_counts", "speaker_counts", "outlet_type_counts",
                "_sqlite_migrations", "attributions_fts")
    assert not [t for t in internal if f'href="/quotes/{t}"' in dom]
    shown = dump_dom(f"{server}/quotes?_show_hidden=1", tmp_path / "profile")
    assert all(f'href="/quotes/{t}"' in shown for t in internal)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo database: `make demo`'s ingest of the seeds (their sidecars give outlets and
    dates), served."""
    from click.testing import CliRunner

    from quotesource.cli import cli

    db_path = tmp_path_factory.mktemp("demo") / "quotes.db"
    result = CliRunner().invoke(cli, ["ingest", str(db_path), str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    with background_server(db_path) as url:
        yield url


def test_every_chart_of_the_demo_dashboard_has_data(demo_server, tmp_path):
    charts = measure(demo_server, "/-/dashboards/sourcing", """
        const boxes = [...doc.querySelectorAll("[id^=chart-]")]
          .filter(box => !box.id.startsWith("chart-tooltip-"));
        if (!boxes.length || boxes.some(box => !box.querySelector("canvas, svg"))) return null;
        const urls = doc.defaultView.performance.getEntriesByType("resource").map(e => e.name)
          .filter(name => name.includes(".json?sql="));
        const rows = {};
        for (const url of urls) {
          const data = await (await fetch(url)).json();
          rows[new URL(url).searchParams.get("sql")] = data.rows.length;
        }
        return {charts: boxes.map(box => box.id), rows};""", tmp_path / "profile")
    assert len(charts["charts"]) == 5 and len(charts["rows"]) == 5, charts
    assert all(count > 0 for count in charts["rows"].values()), charts["rows"]
