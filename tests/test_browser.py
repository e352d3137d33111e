"""The article page as a real browser renders it: Debian's Chromium, headless.

CI installs it (`apt-get install -y chromium`); without it these tests are skipped.
"""
import shutil
import subprocess

import pytest
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
