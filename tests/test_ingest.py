"""Tests for quotesource.ingest, on the real seed articles and on files written here."""
from __future__ import annotations

import codecs
import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotesource.ingest import IngestError, load_articles, read_articles
from quotesource.records import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = SEEDS / "000_519bc00425e63432.txt"
SEED_004 = SEEDS / "004_a646d51f14c3277e.txt"


def one(path) -> Article:
    items = list(read_articles(path))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def body(a: Article) -> str:
    return a.text[a.body_start:a.body_end]


def errors(paths) -> list[IngestError]:
    return [x for x in read_articles(paths) if isinstance(x, IngestError)]


# --- .txt: the seeds --------------------------------------------------------------------------

def test_seed_000_title_text_and_teasers_outside_body():
    a = one(SEED_000)
    raw = SEED_000.read_bytes().decode("utf-8")
    assert a.text == raw
    assert a.id == "000_519bc00425e63432"
    assert a.title == "U.S., Iraq Agree to End Anti-ISIS Coalition Military Presence by 2025"
    assert a.path == str(SEED_000)
    assert a.content_hash == hashlib.sha256(raw.encode()).hexdigest()
    b = body(a)
    # The article proper, head to tail.
    assert b.startswith("WASHINGTON — The United States and Iraq announced")
    last = raw.index("U.S. officials stressed this move")
    assert a.body_start <= last < a.body_end
    assert b.endswith("and Iraq’s capabilities.")
    # The photo caption block ("Featured in:" ... "US Army photo") is before the body.
    assert raw.index("US Army photo") < a.body_start
    # From "Find us on" to the end (teasers, copy-protection notice) is after the body.
    assert a.body_end <= raw.index("Find us on")
    for teaser in ("Latest articles", "The New York Times Sues Pentagon", "Spook Tools",
                   "$142 Billion Arms Deal", "error: Content is protected !!"):
        assert teaser not in b


def test_seed_004_keeps_whole_body():
    a = one(SEED_004)
    raw = SEED_004.read_bytes().decode("utf-8")
    assert a.text == raw
    # The file has no headline: its first line is a long paragraph of reporting, kept in the body.
    assert a.title is None
    assert (a.body_start, a.body_end) == (0, len(raw.rstrip()))
    assert "according to sources familiar with the discussions" in body(a)


def test_seed_directory_in_sorted_order():
    arts, errs = load_articles(SEEDS)
    assert errs == []
    assert [a.id for a in arts] == ["000_519bc00425e63432", "004_a646d51f14c3277e"]


# --- .txt: title, BOM, CRLF, markers ----------------------------------------------------------

def test_txt_title_body_and_tail_marker(tmp_path):
    text = ("\n  My Headline  \n\nFirst paragraph said so.\nShare this:\n"
            "Second paragraph.\n\nRELATED ARTICLES:\nTeaser one\n")
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode())
    a = one(p)
    assert a.text == text
    assert a.title == "My Headline"
    # The marker line must be a whole line: "Share this:" matches (colon optional).
    assert body(a) == "First paragraph said so."


def test_txt_marker_only_after_body_started(tmp_path):
    # A marker as the very first body line does not end the (then empty) body.
    p = tmp_path / "a.txt"
    p.write_text("Headline\nRelated articles\nThe body goes on here.\n", encoding="utf-8")
    assert body(one(p)) == "Related articles\nThe body goes on here."
    # A marker phrase inside a sentence is not a marker line.
    p.write_text("Headline\nBody.\nShe asked readers to follow us on nothing.\n", encoding="utf-8")
    assert body(one(p)).endswith("follow us on nothing.")


def test_txt_bom_kept_in_text_but_not_in_title(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffHeadline\nBody text.\n".encode())
    a = one(p)
    assert a.text == "\ufeffHeadline\nBody text.\n"
    assert a.title == "Headline"
    assert body(a) == "Body text."


def test_txt_crlf_not_normalised(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"Headline\r\n\r\nBody one.\r\nBody two.\r\n")
    a = one(p)
    assert a.text == "Headline\r\n\r\nBody one.\r\nBody two.\r\n"
    assert a.title == "Headline"
    assert body(a) == "Body one.\r\nBody two."


# --- .html ------------------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council Approves New Transit Plan | The Riverside Courier</title>
<meta property="og:title" content="Council Approves New Transit Plan">
<meta property="og:site_name" content="The Riverside Courier">
<meta property="og:url" content="https://courier.example.com/news/2024/05/14/transit-plan">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2024-05-14T09:30:00Z">
</head>
<body>
<header>
  <div class="logo">The Riverside Courier</div>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/news">Local News</a></li>
  <li><a href="/sports">High School Sports</a></li><li><a href="/subscribe">Subscribe today</a></li>
  </ul></nav>
</header>
<main>
<article>
<h1>Council Approves New Transit Plan</h1>
<p class="byline">By Maria Lopez</p>
<time datetime="2024-05-14">May 14, 2024</time>
<p>The Riverside city council voted 7-2 on Tuesday to approve a $40 million transit plan that
adds three bus lines and extends evening service across the eastern districts.</p>
<p>"This is the biggest investment in public transportation this city has made in a
generation," said council member Dana Whitfield, who sponsored the measure.</p>
<p>Opponents argued the plan relies on optimistic ridership projections. Councilman Joe Park
said the city should have waited for a state grant decision before committing funds.</p>
<p>The first new routes are expected to begin operating in January, according to the transit
authority.</p>
</article>
</main>
<footer><p>Copyright 2024 The Riverside Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_news_page(tmp_path, suffix):
    p = tmp_path / f"transit{suffix}"
    p.write_text(NEWS_PAGE, encoding="utf-8")
    a = one(p)
    assert a.id == "transit"
    assert a.title == "Council Approves New Transit Plan"
    assert a.author == "Maria Lopez"
    assert a.published == "2024-05-14"
    assert a.outlet == "The Riverside Courier"
    assert a.url == "https://courier.example.com/news/2024/05/14/transit-plan"
    b = body(a)
    assert "voted 7-2 on Tuesday" in b
    assert "said council member Dana Whitfield" in b
    assert "according to the transit" in b
    for chrome in ("High School Sports", "Subscribe today", "Privacy policy", "All rights reserved"):
        assert chrome not in a.text
    assert "Council Approves" not in b          # the <h1> line is the title, not body
    assert a.content_hash == hashlib.sha256(a.text.encode()).hexdigest()


def test_html_without_article_text_is_error(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    (err,) = errors(p)
    assert str(err).startswith(f"{p}: ")


# --- .json / .jsonl ---------------------------------------------------------------------------

def test_jsonl_streams_line_by_line_and_one_legacy_line_costs_only_itself(tmp_path, monkeypatch):
    """A JSONL corpus may be gigabytes: it is never read whole, and a record written in
    cp1252 among UTF-8 ones is decoded on its own, with a warning naming its line."""
    from quotesource.ingest import json_reader

    def whole_file(*args):
        raise AssertionError("a UTF-8 JSONL file was read whole")

    monkeypatch.setattr(json_reader, "read_bytes", whole_file)
    p = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "a", "text": "Officials said it."}).encode(),
             json.dumps({"id": "b", "text": "Caf\u00e9 owners said \u201cno\u201d."},
                        ensure_ascii=False).encode("cp1252"),
             b"\x00\x01 not text",
             json.dumps({"id": "c", "text": "Ministers said so."}).encode()]
    p.write_bytes(codecs.BOM_UTF8 + b"\n".join(lines) + b"\n")
    items = list(read_articles([p]))
    assert [getattr(i, "id", None) for i in items] == ["a", "b", None, "c"]
    assert items[1].text == "Caf\u00e9 owners said \u201cno\u201d."
    assert items[1].warning.endswith("(line 2)") and items[0].warning is None
    assert str(items[2]) == f"{p}: line 3: binary file (contains NUL bytes)"



def test_jsonl_with_and_without_ids(tmp_path):
    p = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a1", "text": "Officials said it.\nFollow us\nteaser", "title": "T1",
         "url": "https://x.example/1", "outlet": "X", "published": "2024-01-02", "author": "Al"},
        None,                                   # a blank line: skipped, still counted
        {"text": "No id here."},
        {"id": 7, "text": "Numeric id."},
    ]
    p.write_text("\n".join("" if r is None else json.dumps(r) for r in rows) + "\n",
                 encoding="utf-8")
    arts, errs = load_articles(p)
    assert errs == []
    assert [a.id for a in arts] == ["a1", "feed-3", "7"]
    a = arts[0]
    assert (a.title, a.url, a.outlet, a.published, a.author) == (
        "T1", "https://x.example/1", "X", "2024-01-02", "Al")
    assert a.text == rows[0]["text"]
    assert body(a) == "Officials said it."          # same marker rule as .txt
    assert body(arts[1]) == "No id here." and arts[1].title is None
    assert a.path == str(p)


def test_json_list_and_single_object(tmp_path):
    lst = tmp_path / "batch.json"
    lst.write_text(json.dumps([{"text": "One."}, {"id": "named", "text": "Two."}]), "utf-8")
    assert [a.id for a in read_articles(lst)] == ["batch-1", "named"]
    obj = tmp_path / "single.json"
    obj.write_text(json.dumps({"text": "Alone.", "title": "Solo"}), "utf-8")
    a = one(obj)
    assert (a.id, a.title, body(a)) == ("single-1", "Solo", "Alone.")


def test_same_text_same_hash(tmp_path):
    p = tmp_path / "dup.jsonl"
    p.write_text('{"id": "x", "text": "Same."}\n{"id": "y", "text": "Same."}\n', "utf-8")
    x, y = read_articles(p)
    assert x.content_hash == y.content_hash == hashlib.sha256(b"Same.").hexdigest()


# --- directories and several paths ------------------------------------------------------------

def test_directory_recursion_ordering_and_skips(tmp_path):
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    (root / "b" / "deep" / "z.txt").write_text("Z\nz body", "utf-8")
    (root / "b" / "m.JSONL").write_text('{"text": "m"}\n', "utf-8")
    (root / "a" / "y.txt").write_text("Y\ny body", "utf-8")
    (root / "x.txt").write_text("X\nx body", "utf-8")
    (root / "notes.md").write_text("# not an article", "utf-8")     # skipped silently
    (root / "image.png").write_bytes(b"\x89PNG\x00\x00")             # skipped silently
    (root / ".hidden" / "h.txt").write_text("H\nh", "utf-8")         # hidden: skipped
    arts, errs = load_articles(root)
    assert errs == []
    # Sorted by path components: a/y.txt, b/deep/z.txt, b/m.JSONL, x.txt.
    assert [a.id for a in arts] == ["y", "z", "m-1", "x"]
    extra = tmp_path / "extra.txt"
    extra.write_text("E\ne body", "utf-8")
    # Several paths at once: in the order given, each directory sorted.
    assert [a.id for a in read_articles([extra, str(root / "a"), SEED_004])] == [
        "extra", "y", "004_a646d51f14c3277e"]


# --- errors -----------------------------------------------------------------------------------

def test_every_error_case_names_its_file_and_others_still_read(tmp_path):
    d = tmp_path
    (d / "binary.txt").write_bytes(b"Title\nbody\x00\x01\x02")
    (d / "latin1.txt").write_bytes(b"Title\nCaf\xe9 body")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\n")
    (d / "broken.json").write_text('{"text": "unterminated', "utf-8")
    (d / "notext.json").write_text('{"title": "no text"}', "utf-8")
    (d / "lines.jsonl").write_text('{"text": "fine"}\n{oops}\n{"id": "t"}\n[1]\n'
                                   '{"text": ""}\n{"text": "ok", "author": 5}\n', "utf-8")
    (d / "good.txt").write_text("Good\nGood body.", "utf-8")
    (d / "report.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_articles([d, d / "report.pdf", d / "missing.txt"]))
    arts = [x for x in items if isinstance(x, Article)]
    errs = {str(x) for x in items if isinstance(x, IngestError)}
    assert sorted(a.id for a in arts) == ["good", "latin1", "lines-1"]
    # not UTF-8 but a legacy encoding: read, with a one-line warning naming file and encoding
    (latin1,) = [a for a in arts if a.id == "latin1"]
    assert (latin1.text, latin1.encoding) == ("Title\nCaf\u00e9 body", "cp1252")
    assert latin1.warning == (f"{d / 'latin1.txt'}: not UTF-8 (invalid byte 0xe9 at offset 9);"
                              " decoded as cp1252, detected by charset-normalizer")
    assert errs == {
        f"{d / 'binary.txt'}: binary file (contains NUL bytes)",
        f"{d / 'empty.txt'}: empty file",
        f"{d / 'blank.txt'}: empty file",
        f"{d / 'broken.json'}: invalid JSON (Unterminated string starting at: line 1 column 10)",
        f"{d / 'notext.json'}: object: no 'text' string",
        f"{d / 'lines.jsonl'}: line 2: invalid JSON (Expecting property name enclosed in "
        "double quotes: column 2)",
        f"{d / 'lines.jsonl'}: line 3: no 'text' string",
        f"{d / 'lines.jsonl'}: line 4: expected a JSON object, got list",
        f"{d / 'lines.jsonl'}: line 5: 'text' is empty",
        f"{d / 'lines.jsonl'}: line 6: 'author' must be a string",
        f"{d / 'report.pdf'}: unsupported file type '.pdf' (expected one of "
        ".txt .html .htm .json .jsonl .csv .warc .warc.gz)",
        f"{d / 'missing.txt'}: no such file or directory",
    }
    for x in items:
        if isinstance(x, IngestError):
            assert "\n" not in str(x) and Path(x.path).name in str(x)


def test_ingest_error_is_an_exception_with_path():
    err = IngestError("seeds/bad.txt", "not UTF-8 text (invalid byte 0xff at offset 12)")
    assert isinstance(err, Exception)
    assert err.path == "seeds/bad.txt"
    assert str(err) == "seeds/bad.txt: not UTF-8 text (invalid byte 0xff at offset 12)"


def test_relative_path_is_kept_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/bad.txt").write_bytes(b"Title\nok \xff")
    Path("seeds/broken.json").write_text("{", encoding="utf-8")
    (err,) = errors("seeds")
    assert str(err).startswith("seeds/broken.json: invalid JSON")
    (article,) = load_articles("seeds")[0]
    assert article.warning.startswith("seeds/bad.txt: not UTF-8 (invalid byte 0xff at offset 9)")


# --- property ---------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
MARKERISH = st.lists(st.sampled_from(["Title", "Body line.", "", "  ", "Find us on",
                                      "Featured in:", "Share this", "\ufeff", "x" * 250,
                                      "End.", "\r"]))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, MARKERISH.map("\n".join)))
def test_txt_text_and_bounds_property(text):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "prop.txt"
        p.write_bytes(text.encode("utf-8"))
        (item,) = read_articles(p)
    blank = not text.strip(" \t\r\n\f\v\ufeff")    # whitespace and BOMs only
    assert isinstance(item, IngestError) == blank
    if blank:
        assert str(item) == f"{p}: empty file"
        return
    assert item.text == text
    assert 0 <= item.body_start <= item.body_end <= len(text)
    if item.title is not None:
        assert item.title in text[:item.body_start]


def test_a_sidecar_gives_a_text_file_its_metadata_and_is_no_article(tmp_path):
    (tmp_path / "story.txt").write_text("Bridge to reopen\n\nThe bridge reopens, a spokesman said.\n")
    (tmp_path / "story.meta.json").write_text(json.dumps({
        "outlet": "Daily Example", "published": "2024-05-02", "url": "https://example.com/b",
        "author": "A. Writer"}))
    (tmp_path / "lonely.meta.json").write_text('{"text": "no .txt beside me: an article"}')
    items = list(read_articles(tmp_path))
    assert [(a.id, a.title, a.outlet, a.published, a.url, a.author, a.warning) for a in items] == [
        ("lonely.meta-1", None, None, None, None, None, None),
        ("story", "Bridge to reopen", "Daily Example", "2024-05-02", "https://example.com/b",
         "A. Writer", None)]
    # named on the command line (seeds/*), the sidecar is still no article
    assert [a.id for a in read_articles(sorted(tmp_path.iterdir()))] == ["lonely.meta-1", "story"]


def test_the_seeds_sidecars_give_outlets_and_dates():
    assert {a.id: (a.outlet, a.published) for a in read_articles(SEEDS)} == {
        SEED_000.stem: ("Seed daily", "2024-09"), SEED_004.stem: ("Seed wire", "2024-09")}
    assert one(SEED_000).title.startswith("U.S., Iraq Agree")     # the file's first line


@pytest.mark.parametrize("sidecar, problem", [
    ('{"outlet": "Daily Example",}', "invalid JSON (Expecting property name enclosed in "
                                     "double quotes: line 1 column 28 (char 27))"),
    ('["Daily Example"]', "expected a JSON object"),
    ('{"outlet": 7}', "'outlet' must be a string (expected title, url, outlet, published, "
                      "author)"),
    ('{"source": "Daily Example"}', "unknown key(s) 'source' (expected title, url, outlet, "
                                    "published, author)"),
])
def test_a_bad_sidecar_is_one_warning_and_the_text_is_still_ingested(tmp_path, monkeypatch,
                                                                      sidecar, problem):
    from click.testing import CliRunner

    import fake_cli
    from quotesource.cli import cli

    fake_cli.install(monkeypatch)
    (tmp_path / "story.txt").write_text("Bridge to reopen\n\nThe bridge reopens, a spokesman said.\n")
    (tmp_path / "story.meta.json").write_text(sidecar)
    db_path = tmp_path / "quotes.db"
    result = CliRunner().invoke(cli, ["ingest", str(db_path), str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'story.meta.json'}: {problem}; its metadata is not used",
        f"{db_path}: 1 inserted, 0 replaced, 0 unchanged, 0 new name(s), 0 error(s)"]
    import sqlite_utils

    stored = list(sqlite_utils.Database(db_path)["articles"].rows)
    assert [(r["name"], r["title"], r["outlet"]) for r in stored] == [
        ("story", "Bridge to reopen", None)]
