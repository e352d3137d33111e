"""The coding page (/DB/-/code): the stored sample, one answer per click into validation_labels,
`validate` reading them and storing its figures; CSRF and the read-only rest of Datasette.
The same walk in headless Chromium, keys and clicks, is at the end (skipped without it)."""
import asyncio
import re
import shutil
import sqlite3
import time

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from quotesource.cli import cli
from quotesource.publish import serve as publish
from quotesource.publish.coding_page import TYPE_KEYS
from quotesource.publish.serve import background_server
from quotesource.records import SOURCE_TYPES
from quotesource.store.articles import save_results
from quotesource.validation.coding import next_label, save_answer
from quotesource.validation.report import validate
from quotesource.validation.stored_sample import STORED_COLUMNS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SAMPLE = ("sample", "-n", 6, "--seed", 1, "--empty-share", 0.34, "--store")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db_path(tmp_path, sample_results):
    """The sample results (7 attributions in 2 articles) with a stored sample of 6 items."""
    path = tmp_path / "quotes.db"
    with sqlite_utils.Database(path) as db:
        save_results(db, sample_results, "v1")
    result = run(*SAMPLE[:1], path, *SAMPLE[1:])
    assert result.exit_code == 0 and "validation_sample replaced (6 item(s))" in result.output
    return path


def stored(path) -> list[dict]:
    return list(sqlite_utils.Database(path).query(
        "select * from validation_sample order by position"))


def labels(path) -> dict:
    return {row["sample_id"]: (row["coder_is_attribution"], row["coder_source_type"],
                               row["coder_speaker_name"])
            for row in sqlite_utils.Database(path)["validation_labels"].rows}


class Client:
    """Datasette over the file as `quotesource serve` has it (mutable, read-only connections),
    keeping the CSRF cookie as a browser does."""

    def __init__(self, path, immutable=False):
        kwargs = {"immutables": [str(path)]} if immutable else {}
        self.ds = Datasette([] if immutable else [str(path)],
                            metadata=publish.metadata_for(path), **kwargs)
        self.cookies = {}

    def get(self, url):
        response = asyncio.run(self.ds.client.get(url, cookies=self.cookies))
        self.cookies.update(response.cookies)
        return response

    def post(self, url, data, cookies=None):
        return asyncio.run(self.ds.client.post(
            url, data=data, cookies=self.cookies if cookies is None else cookies))

    def answer(self, page, answer, speaker_name="", **changes):
        """Post the page's form with the button `answer` pressed."""
        form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text))
        return self.post("/quotes/-/code", {**form, "answer": answer,
                                            "speaker_name": speaker_name, **changes})


def test_the_stored_sample_is_the_csv_and_drawing_it_again_changes_nothing(db_path, tmp_path):
    first = stored(db_path)
    assert [row["position"] for row in first] == [1, 2, 3, 4, 5, 6]
    assert {row["drawn"] for row in first} == {"-n 6 --seed 1 --empty-share 0.34"}
    assert run("sample", db_path, "-n", 6, "--seed", 1, "--empty-share", 0.34,
               "-o", tmp_path / "s.csv").exit_code == 0
    with open(tmp_path / "s.csv", encoding="utf-8-sig") as fp:
        csv_ids = [line.split(",")[0] for line in fp.read().splitlines()[1:]]
    assert [row["sample_id"] for row in first] == csv_ids      # the same items, same order
    db = sqlite_utils.Database(db_path)
    for row in first:
        text = db["articles"].get(row["article_id"])["text"]
        if row["attribution_id"]:
            attribution = db["attributions"].get(row["attribution_id"])
            assert row["item_start"] <= attribution["content_start"] < row["item_end"]
        else:
            sentence = " ".join(text[row["item_start"]:row["item_end"]].split())
            assert f"[[{sentence}]]" in row["context"]
    files = sorted(tmp_path.glob("quotes.db*"))
    before = {path.name: path.read_bytes() for path in files}
    again = run(*SAMPLE[:1], db_path, *SAMPLE[1:])
    assert "validation_sample unchanged (6 item(s))" in again.output
    # not a byte of the file changed (the views are not even made again)
    assert {path.name: path.read_bytes() for path in sorted(tmp_path.glob("quotes.db*"))} \
        == before
    for row in first:                 # answers to the first draw stay when another replaces it
        save_answer(db_path, row["sample_id"], "no")
    other = run("sample", db_path, "-n", 1, "--seed", 2, "--store")
    assert "validation_sample replaced (1 item(s))" in other.output
    assert len(stored(db_path)) == 1 and len(labels(db_path)) == 6
    kept = sum(row["sample_id"] != stored(db_path)[0]["sample_id"] for row in first)
    assert f"warning: {kept} label(s) are for items of an earlier sample" in other.output
    assert set(STORED_COLUMNS) == set(first[0])


def test_one_click_per_field_and_validate_reads_the_labels(db_path):
    items = stored(db_path)
    client = Client(db_path)
    page = client.get("/quotes/-/code")
    assert page.status_code == 200 and 'id="qs-coded">0</span> of 6 coded' in page.text
    first = items[0]
    assert f'value="{first["sample_id"]}"' in page.text        # the first item not coded
    if first["attribution_id"]:
        assert 'class="qs-content' in page.text and "The tool's answer" in page.text
    else:
        assert 'class="qs-sentence"' in page.text
    # yes: saved, same item (the type comes next); a type: saved, next item
    response = client.answer(page, "yes", "  Jane   Roe ")
    assert response.status_code == 303 and response.headers["location"] == "/quotes/-/code?i=1"
    assert labels(db_path) == {first["sample_id"]: (1, None, "Jane Roe")}
    page = client.get(response.headers["location"])
    assert 'value="Jane Roe"' in page.text and "Saved: attribution, Jane Roe." in page.text
    response = client.answer(page, "anonymous_group", "Jane Roe")
    assert response.headers["location"] == "/quotes/-/code?i=2"
    assert labels(db_path)[first["sample_id"]] == (1, "anonymous_group", "Jane Roe")
    # the rest: no, or a type; each saved at once
    answers = ["no", "named_person", "no", "named_organization", "document"]
    for position, (item, answer) in enumerate(zip(items[1:], answers), start=2):
        page = client.get(f"/quotes/-/code?i={position}")
        assert f'value="{item["sample_id"]}"' in page.text
        client.answer(page, answer)
    coded = labels(db_path)
    assert len(coded) == 6 and coded[items[1]["sample_id"]] == (0, None, None)
    assert coded[items[2]["sample_id"]] == (1, "named_person", None)
    assert 'id="qs-coded">6</span> of 6 coded' in client.get("/quotes/-/code").text
    # validate reads them with no --labels, and stores its figures for the view and the chart
    report = validate(sqlite_utils.Database(db_path), reps=50)
    assert report["n"] == 6
    assert report["attribution_precision"]["n"] == sum(1 for i in items if i["attribution_id"])
    result = run("validate", db_path, "--json")
    assert result.exit_code == 0
    view = list(sqlite_utils.Database(db_path).query("select * from validation"))
    assert view[0]["scope"] == "corpus" and view[0]["n"] == 6
    assert view[0]["labels_used"] == view[0]["labels_now"] == 6
    assert view[0]["tool_share"] is not None
    # a later click shows the figures out of date
    page = client.get("/quotes/-/code?i=2")
    client.answer(page, "clear")
    assert len(labels(db_path)) == 5
    (corpus,) = sqlite_utils.Database(db_path).query(
        "select labels_used, labels_now from validation where scope = 'corpus'")
    assert corpus == {"labels_used": 6, "labels_now": 5}


def test_next_label_keeps_what_the_click_does_not_answer():
    yes_typed = {"coder_is_attribution": 1, "coder_source_type": "document",
                 "coder_speaker_name": "X"}
    assert next_label(None, "yes", None)["coder_source_type"] is None
    assert next_label(yes_typed, "yes", "Y")["coder_source_type"] == "document"
    assert next_label(yes_typed, "name", "Y") == {**yes_typed, "coder_speaker_name": "Y"}
    assert next_label(yes_typed, "no", "Y") == {"coder_is_attribution": 0,
                                                "coder_source_type": None,
                                                "coder_speaker_name": None}
    assert next_label(None, "named_person", "")["coder_is_attribution"] == 1
    assert next_label(yes_typed, "clear", None) is None
    with pytest.raises(ValueError):
        next_label(None, "maybe", None)
    assert list(TYPE_KEYS) == list(SOURCE_TYPES) and list(TYPE_KEYS.values()) == list("12345")


def test_a_post_without_the_csrf_token_is_refused(db_path):
    client = Client(db_path)
    page = client.get("/quotes/-/code")
    sample_id = stored(db_path)[0]["sample_id"]
    form = {"sample_id": sample_id, "answer": "no", "position": "1"}
    # no cookie at all: asgi-csrf lets it through, the page refuses it
    assert client.post("/quotes/-/code", form, cookies={}).status_code == 403
    assert client.post("/quotes/-/code", {**form, "csrftoken": "forged"},
                       cookies={}).status_code == 403
    # the cookie, but no token or a wrong one: asgi-csrf refuses it
    assert client.post("/quotes/-/code", form).status_code == 403
    assert client.post("/quotes/-/code", {**form, "csrftoken": "x" + client.cookies[
        "ds_csrftoken"]}).status_code == 403
    assert labels(db_path) == {}
    assert client.answer(page, "no").status_code == 303          # the page's own form works
    assert labels(db_path) == {sample_id: (0, None, None)}
    assert client.answer(page, "maybe").status_code == 400
    assert client.answer(page, "no", sample_id="a-nothere").status_code == 400


def test_datasette_stays_read_only(db_path):
    client = Client(db_path)
    before = labels(db_path), sqlite_utils.Database(db_path)["attributions"].count
    for sql in ("insert into validation_labels (sample_id) values ('x')",
                "delete from attributions", "update validation_labels set outlet = 'x'",
                "drop table validation_labels"):
        response = client.get(f"/quotes.json?sql={sql}")
        assert response.status_code == 400, sql
        assert "Statement must be a SELECT" in response.json()["error"]
    # a write hidden in a SELECT cannot pass Datasette's read-only connection either
    assert client.get("/quotes.json?sql=select 1; delete from attributions").status_code == 400
    assert client.post("/quotes", {"sql": "delete from attributions"}).status_code in (403, 405)
    assert (labels(db_path), sqlite_utils.Database(db_path)["attributions"].count) == before


def test_the_label_connection_writes_validation_labels_only(db_path):
    from quotesource.validation.coding import labels_connection

    db = labels_connection(db_path)
    for sql in ("delete from attributions", "update articles set title = 'x'",
                "insert into validation_sample (sample_id) values ('x')",
                "drop table validation_labels", "create table t (x)",
                "pragma journal_mode = delete", "attach database ':memory:' as other"):
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            db.execute(sql)
    assert db.execute("select count(*) from attributions").fetchone()[0] == 7
    db.conn.close()
    sample_id = stored(db_path)[0]["sample_id"]
    assert save_answer(db_path, sample_id, "document", "Report")["coder_source_type"] == \
        "document"


def test_an_immutable_database_is_not_written(db_path):
    client = Client(db_path, immutable=True)
    page = client.get("/quotes/-/code")
    assert page.status_code == 200 and "served immutable" in page.text
    assert "<fieldset disabled>" in page.text
    assert client.answer(page, "no").status_code == 403
    assert labels(db_path) == {}


def test_the_chart_shows_the_corrected_share_once_validated(db_path):
    """anonymous-by-outlet's query, with no results and with them."""
    meta = publish.metadata_for(db_path)
    query = meta["plugins"]["datasette-dashboards"]["sourcing"]["charts"][
        "anonymous-by-outlet"]["query"]
    db = sqlite_utils.Database(db_path)
    rows = list(db.query(query))
    assert rows and all(r["corrected_share"] is None and r["ci_low"] is None for r in rows)
    for item in stored(db_path):
        save_answer(db_path, item["sample_id"], "anonymous_person" if item["attribution_id"]
                    else "no")
    assert run("validate", db_path).exit_code == 0
    rows = {r["outlet"]: r for r in db.query(query)}
    outlets = {r["outlet"]: r for r in db.query(
        "select * from validation_results where scope = 'outlet'")}
    assert set(outlets) <= set(rows)
    for outlet, result in outlets.items():
        assert rows[outlet]["corrected_share"] == result["corrected_share"]
        assert rows[outlet]["ci_low"] == result["ci_low"]
        assert rows[outlet]["coded"] == result["n"]
    assert any(r["corrected_share"] == 1.0 for r in rows.values())   # all coded anonymous


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                             "(apt-get install -y chromium)")
def test_coding_in_chromium_with_keys_and_clicks(db_path, tmp_path):
    from test_attacks import DevTools

    items = stored(db_path)
    chrome = DevTools(tmp_path / "profile")

    def loaded(action):
        """Run action(), then wait for the page it leads to."""
        seen = len(chrome.events)
        action()
        deadline = time.monotonic() + 30
        while not any(e["method"] == "Page.loadEventFired" for e in chrome.events[seen:]):
            assert time.monotonic() < deadline, "no page loaded"
            time.sleep(0.05)

    def press(key, code, key_code):
        for kind in ("keyDown", "keyUp"):
            chrome.call("Input.dispatchKeyEvent", {
                "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code,
                **({"text": key} if kind == "keyDown" and len(key) == 1 else {})}, session)

    def click(selector):
        box = chrome.evaluate(session, f"(() => {{ const e = document.querySelector("
                                       f"'{selector}'); e.scrollIntoView({{block: 'center'}});"
                                       " const r = e.getBoundingClientRect();"
                                       " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            chrome.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                     "button": "left", "clickCount": 1},
                        session)

    def shown():
        return chrome.evaluate(session, "document.querySelector('[name=sample_id]').value")

    try:
        session = chrome.new_page()
        with background_server(db_path) as server:
            chrome.load(session, f"{server}/quotes/-/code")
            assert shown() == items[0]["sample_id"]
            assert chrome.evaluate(session, "document.querySelector('#qs-context mark, "
                                            "#qs-context span') !== null")
            loaded(lambda: press("y", "KeyY", 89))                   # yes: same item
            assert shown() == items[0]["sample_id"]
            loaded(lambda: press("4", "Digit4", 52))                 # anonymous_group: next
            assert shown() == items[1]["sample_id"]
            loaded(lambda: click("button[value=no]"))                # a click: no, next
            assert shown() == items[2]["sample_id"]
            press("s", "KeyS", 83)                                   # focus the name, type it
            chrome.call("Input.insertText", {"text": "Jane Roe"}, session)
            loaded(lambda: press("Enter", "Enter", 13))              # saved, same item
            assert shown() == items[2]["sample_id"]
            loaded(lambda: press("1", "Digit1", 49))                 # named_person: next
            assert shown() == items[3]["sample_id"]
            loaded(lambda: press("ArrowLeft", "ArrowLeft", 37))      # back: its answer shown
            assert shown() == items[2]["sample_id"]
            assert chrome.evaluate(session, "document.querySelector("
                                            "'button.qs-chosen[value=named_person]') !== null")
            assert chrome.evaluate(session, "document.querySelector('#qs-speaker-name').value"
                                   ) == "Jane Roe"
            loaded(lambda: press("u", "KeyU", 85))                   # the next not coded
            assert shown() == items[3]["sample_id"]
            loaded(lambda: press("n", "KeyN", 78))
            assert chrome.evaluate(session, "document.querySelector('#qs-coded').textContent"
                                   ) == "4"
    finally:
        chrome.close()
    assert labels(db_path) == {items[0]["sample_id"]: (1, "anonymous_group", None),
                               items[1]["sample_id"]: (0, None, None),
                               items[2]["sample_id"]: (1, "named_person", "Jane Roe"),
                               items[3]["sample_id"]: (0, None, None)}
    result = run("validate", db_path)
    assert result.exit_code == 0 and "coded items               4" in result.output


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                             "(apt-get install -y chromium)")
def test_the_dashboard_draws_the_corrected_share_and_its_interval(db_path, tmp_path):
    from test_charts import rendered_charts

    for item in stored(db_path):
        save_answer(db_path, item["sample_id"], "anonymous_person" if item["attribution_id"]
                    else "no")
    assert run("validate", db_path).exit_code == 0
    results = {r["outlet"]: r for r in sqlite_utils.Database(db_path).query(
        "select * from validation_results where scope = 'outlet' and ci_low is not null")}
    assert results
    charts = rendered_charts(db_path, tmp_path / "profile", 5)
    chart = charts["chart-anonymous-by-outlet"]
    drawn = {r["outlet"]: r for r in chart["rows"]}
    for outlet, result in results.items():
        assert (drawn[outlet]["corrected_share"], drawn[outlet]["ci_low"],
                drawn[outlet]["ci_high"]) == (result["corrected_share"], result["ci_low"],
                                              result["ci_high"])
    # a bar per outlet, and a dot and an interval line per validated outlet
    assert chart["svg"].count('aria-roledescription="bar"') == len(drawn)
    assert chart["svg"].count('aria-roledescription="point"') == len(results)
    assert chart["svg"].count('aria-roledescription="rule mark"') == len(results)
    # the corpus: the measured share and the corrected one, with its interval
    (corpus,) = sqlite_utils.Database(db_path).query(
        "select * from validation_results where scope = 'corpus'")
    chart = charts["chart-anonymous-corrected"]
    assert [(r["share_of"], r["share"], r["ci_low"], r["ci_high"]) for r in chart["rows"]] == [
        ("as measured", round(corpus["tool_share"], 3), None, None),
        ("corrected", corpus["corrected_share"], corpus["ci_low"], corpus["ci_high"])]
    assert chart["svg"].count('aria-roledescription="bar"') == 2
    assert chart["svg"].count('aria-roledescription="rule mark"') == 1


def test_without_a_stored_sample_the_page_says_how_to_store_one(tmp_path, sample_results):
    path = tmp_path / "quotes.db"
    with sqlite_utils.Database(path) as db:
        save_results(db, sample_results, "v1")
    page = Client(path).get("/quotes/-/code")
    assert page.status_code == 200 and "No sample is stored" in page.text
    assert "quotesource sample quotes.db -n 200 --by outlet --seed 1 --store" in page.text
    assert "<form" not in page.text.split("</header>")[-1].split("<footer")[0]
