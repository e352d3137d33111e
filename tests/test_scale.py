"""Running at scale: skipping stored articles before parsing, parser processes, progress, Dask."""
import hashlib
import shutil

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import ROOT

from quotesource import nlp
from quotesource.cli import cli

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


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

    def parse(self, texts):
        seen.extend(texts)
        return real_parse(self, texts)

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
    assert "0 inserted, 0 replaced, 2 unchanged, 0 error(s)" in again.stderr
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
