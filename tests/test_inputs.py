"""CSV and WARC inputs: the same articles, and the same attributions, as the plain files."""
import csv
import html
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import fake_cli
from quotesource.cli import cli
from quotesource.ingest import IngestError, guess_columns, load_articles, outlet_from_url

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
URL = "https://www.example-news.com/2024/09/iraq-coalition"


def seed_html(seed: Path) -> bytes:
    """A news page made from a seed: its first line as <h1>, each paragraph a <p>."""
    title, _, body = seed.read_text(encoding="utf-8").partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n"
                         for p in body.split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
            f"</title><meta property=\"og:title\" content=\"{html.escape(title)}\">"
            f"<meta name=\"author\" content=\"Jane Reporter\"></head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}</article>"
            f"<footer>Copyright Example News</footer></body></html>").encode("utf-8")


def write_warc(path: Path, pages: list[tuple[str, bytes]], date="2024-09-06T10:00:00Z"):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fp:
        writer = WARCWriter(fp, gzip=path.name.endswith(".gz"))
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date}))
        # a request record and a non-HTML response: both skipped
        writer.write_record(writer.create_warc_record(
            URL, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        writer.write_record(writer.create_warc_record(
            URL + ".png", "response", payload=io.BytesIO(b"\x89PNG"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                          protocol="HTTP/1.1")))


def write_csv(path: Path, rows: list[dict]):
    with open(path, "w", newline="", encoding="utf-8") as fp:
        writer = csv.DictWriter(fp, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def seed_rows() -> list[dict]:
    rows = []
    for seed in sorted(SEEDS.glob("*.txt")):
        raw = seed.read_text(encoding="utf-8")
        title, _, body = raw.partition("\n")
        if len(title) > 200:              # seed 004 has no headline: all of it is body
            title, body = "", raw
        rows.append({"Headline": title, "Body": body, "Link": f"https://www.nytimes.com/{seed.stem}",
                     "Date": "2024-09-06", "stories_id": seed.stem})
    return rows


def test_warc_records_read_like_html_files(tmp_path):
    page = seed_html(SEEDS / "000_519bc00425e63432.txt")
    (tmp_path / "page.html").write_bytes(page)
    write_warc(tmp_path / "crawl.warc.gz", [(URL, page)])
    (plain,), errors = load_articles(tmp_path / "page.html")
    (archived,), more = load_articles(tmp_path / "crawl.warc.gz")
    assert errors == more == []
    assert archived.text == plain.text and archived.title == plain.title
    assert (archived.body_start, archived.body_end) == (plain.body_start, plain.body_end)
    assert archived.id == "crawl-1" and archived.url == URL
    assert archived.outlet == "example-news.com"          # from the URL's domain
    assert archived.published == "2024-09-06"             # the record's date
    assert "Iraq" in archived.title


def test_csv_columns_guessed_or_given(tmp_path):
    write_csv(tmp_path / "a.csv", seed_rows())
    arts, errors = load_articles(tmp_path / "a.csv")
    assert errors == []
    assert [a.id for a in arts] == ["000_519bc00425e63432", "004_a646d51f14c3277e"]
    assert arts[0].title.startswith("U.S., Iraq Agree") and arts[1].title is None
    assert {a.outlet for a in arts} == {"nytimes.com"} and arts[0].published == "2024-09-06"
    assert guess_columns(["Body", "Headline", "media_name"]) == {
        "text": "Body", "title": "Headline", "outlet": "media_name"}
    # given names win; a missing text column is one error naming the columns
    write_csv(tmp_path / "b.csv", [{"words": "Officials said it.", "where": "Gazette"}])
    (art,), _ = load_articles(tmp_path / "b.csv", columns={"text": "words", "outlet": "where"})
    assert (art.text, art.outlet, art.id) == ("Officials said it.", "Gazette", "b-1")
    _, (err,) = load_articles(tmp_path / "b.csv")
    assert isinstance(err, IngestError) and "no text column" in str(err) and "'words'" in str(err)


def test_outlet_from_url():
    assert outlet_from_url("https://www.washingtonpost.com/politics/x") == "washingtonpost.com"
    assert outlet_from_url("http://m.bbc.co.uk/news") == "bbc.co.uk"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url("http://[::1") is None


def test_txt_title_kept_whatever_ends_it(tmp_path):
    for title in ("The Ninth Circle: The View from Inside the Beltway, #2.", "Why now?",
                  "Trump wins!", "Clinton: \u201cWe will\u201d"):
        (tmp_path / "t.txt").write_text(f"{title}\n\nOfficials said it.\n", encoding="utf-8")
        (art,), _ = load_articles(tmp_path / "t.txt")
        assert art.title == title


def key(result):
    return [(a.kind, a.content.text, a.speaker.text if a.speaker else None,
             a.source.name if a.source else None, a.source.source_type if a.source else None)
            for a in result.attributions]


def test_warc_and_csv_give_the_attributions_of_the_plain_files(tmp_path, extractor):
    page = seed_html(SEEDS / "004_a646d51f14c3277e.txt")
    (tmp_path / "page.html").write_bytes(page)
    write_warc(tmp_path / "crawl.warc", [(URL, page)])
    html_result, warc_result = extractor.run([tmp_path / "page.html", tmp_path / "crawl.warc"])
    assert len(key(html_result)) >= 3 and key(warc_result) == key(html_result)

    write_csv(tmp_path / "seeds.csv", seed_rows())
    plain = list(extractor.run([SEEDS]))
    from_csv = list(extractor.run([tmp_path / "seeds.csv"]))
    assert [r.article.id for r in from_csv] == [r.article.id for r in plain]
    for a, b in zip(plain, from_csv):
        assert key(b) == key(a) and len(key(a)) >= 3


def test_cli_ingests_warc_and_csv(tmp_path, monkeypatch):
    fake_cli.install(monkeypatch)
    write_warc(tmp_path / "crawl.warc.gz", [(URL, seed_html(SEEDS / "000_519bc00425e63432.txt")),
                                            (URL + "-2", b"<html><body></body></html>")])
    write_csv(tmp_path / "table.csv", [{"txt": "Officials met.", "src": "Gazette"}])
    db_path = tmp_path / "quotes.db"
    result = CliRunner().invoke(cli, ["ingest", str(db_path), str(tmp_path / "crawl.warc.gz"),
                                      str(tmp_path / "table.csv"), "--csv-column", "text=txt",
                                      "--csv-column", "outlet=src"])
    assert result.exit_code == 1, result.output       # the empty page is one error
    assert "record 2 (" + URL + "-2): no article text found" in result.output
    rows = {r["name"]: r for r in Database(db_path)["articles"].rows}
    assert rows["crawl-1"]["url"] == URL and rows["crawl-1"]["outlet"] == "example-news.com"
    assert rows["table-1"]["outlet"] == "Gazette"
    bad = CliRunner().invoke(cli, ["ingest", str(db_path), str(tmp_path / "table.csv"),
                                   "--csv-column", "text"])
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.output
