"""The commands end to end on the seeds: extract, ingest, export, stats, evaluate, errors."""
import csv
import io
import json

import click
import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import ROOT, SHARED

from quotesource.cli import cli

SEEDS = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def test_extract_jsonl_spans_index_the_files():
    result = run("extract", *SEEDS, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) >= 14
    texts = {p.split("/")[-1][:-4]: open(p, encoding="utf-8").read() for p in SEEDS}
    for row in rows:
        text = texts[row["article"]]
        for key in ("content", "cue", "speaker"):
            span = row[key]
            assert text[span["start"]:span["end"]] == span["text"]
        assert row["kind"] in ("direct", "indirect", "mixed")
        assert set(row) >= {"speaker_name", "source_type", "source_count", "affiliation", "role"}


def test_extract_csv_has_a_header_and_a_row_per_attribution():
    result = run("extract", SEEDS[1], "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0
    assert {r["speaker_name"] for r in rows} >= {"Farhad Alaaldin", "senior U.S. official"}
    assert all(0.0 < float(r["confidence"]) <= 1.0 for r in rows)     # as in the JSON lines
    assert all(0.0 < float(r["source_confidence"]) < 1.0 for r in rows)


def test_bad_files_are_named_and_others_still_processed(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "broken.jsonl").write_text('{"text": "fine"}\n{broken\n')
    result = run("extract", tmp_path, SEEDS[1])
    assert result.exit_code == 1
    assert "binary.txt" in result.stderr and "broken.jsonl" in result.stderr
    assert "line 2" in result.stderr
    assert any(json.loads(l)["article"] == "004_a646d51f14c3277e" for l in result.stdout.splitlines())


def test_ingest_is_idempotent_and_bad_input_never_touches_stored_rows(tmp_path):
    db_path = tmp_path / "quotes.db"
    assert run("ingest", db_path, *SEEDS).exit_code == 0
    db = sqlite_utils.Database(db_path)
    before = {t: list(db[t].rows) for t in db.table_names() if not t.startswith("_")}
    assert db["articles"].count == 2 and db["attributions"].count >= 14
    (tmp_path / "bad.json").write_text("[{\"title\": \"no text\"}]")
    again = run("ingest", db_path, *SEEDS, tmp_path / "bad.json")
    assert again.exit_code == 1 and "bad.json" in again.stderr
    assert "0 inserted, 0 replaced, 2 unchanged" in again.stderr
    after = {t: list(db[t].rows) for t in db.table_names() if not t.startswith("_")}
    assert after == before


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("db") / "quotes.db"
    assert run("ingest", db_path, ROOT / "seeds").exit_code == 0
    return db_path


def test_stored_attributions_link_to_sources_and_articles(seeded_db):
    db = sqlite_utils.Database(seeded_db)
    rows = list(db.query(
        "select a.speaker, s.name, s.source_type, ar.name as article from attributions a "
        "join sources s on s.id = a.source_id join articles ar on ar.id = a.article_id"))
    assert ("he", "Farhad Alaaldin", "named_person", "004_a646d51f14c3277e") in [
        (r["speaker"], r["name"], r["source_type"], r["article"]) for r in rows]
    alaaldin = db.execute("select attributions from sources where name = ?",
                          ["Farhad Alaaldin"]).fetchone()
    assert alaaldin == (3,)
    reasons = {r["name"]: r["anonymity_reason"] for r in db["sources"].rows
               if r["anonymous"]}
    assert reasons["senior U.S. official"] == "due to the sensitive nature of the discussions"
    assert reasons["U.S. officials"] is None     # seed 000 gives no reason


def test_export_and_stats(seeded_db, tmp_path):
    out = tmp_path / "stats.csv"
    result = run("export", seeded_db, "--table", "article_stats", "-o", out)
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert sorted(r["name"] for r in rows) == ["000_519bc00425e63432", "004_a646d51f14c3277e"]
    missing = run("export", seeded_db, "--table", "nope", "-o", tmp_path / "x.csv")
    assert missing.exit_code != 0 and "nope" in missing.output
    summary = json.loads(run("stats", seeded_db, "--json").stdout)
    assert summary["articles"] == 2 and summary["non_responses"] == 1


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").exists(), reason="no shared gold")
def test_evaluate_command_on_the_seeds():
    result = run("evaluate", SHARED / "gold" / "seeds.jsonl", *SEEDS, "--json")
    scores = json.loads(result.stdout)
    assert scores["all"]["content"]["0.5"]["recall"] == 1.0


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name, command in cli.commands.items():
        assert f"quotesource {name}" in readme, name
        assert "Example:" in (command.help or "") or name == "models", name


def test_export_writes_csv_to_stdout_with_a_dash_or_no_output(seeded_db, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)                # a file named "-" would land here
    for args in (["-o", "-"], []):
        result = run("export", seeded_db, "--table", "article_stats", *args)
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert sorted(r["name"] for r in rows) == ["000_519bc00425e63432", "004_a646d51f14c3277e"]
        assert result.stderr == "stdout: 2 row(s) from article_stats\n"
    assert list(tmp_path.iterdir()) == []


def commands(group=cli, path=()):
    """(the words that name it, the command) for the group and every command below it."""
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


def test_dash_h_is_help_on_every_command_with_its_examples_as_written():
    import inspect

    walked = list(commands())
    assert len(walked) > 15 and ("models", "train") in [path for path, _ in walked]
    for path, command in walked:
        result = run(*path, "-h")
        assert result.exit_code == 0 and result.stdout.startswith("Usage: "), (path, result.output)
        shown = [line.strip() for line in result.stdout.splitlines()]
        # every example line of the docstring, unwrapped and unjoined (click's \b)
        examples = [line.strip() for line in inspect.cleandoc(command.help or "").splitlines()
                    if line.startswith("    ") and line.strip() != "\b"]
        assert all(line in shown for line in examples), (path, examples, shown)
        undocumented = [param.name for param in command.params
                        if isinstance(param, click.Option) and not param.help]
        assert undocumented == [], (path, undocumented)


def test_serve_host_is_a_long_option_only(tmp_path, monkeypatch):
    from datasette import cli as datasette_cli

    seen = []
    monkeypatch.setattr(datasette_cli.cli, "main", lambda args, **kwargs: seen.append(args))
    from quotesource.store.schema import ensure_db_shape

    db_path = tmp_path / "quotes.db"
    ensure_db_shape(sqlite_utils.Database(db_path))     # serve refuses other files
    assert run("serve", db_path, "--host", "0.0.0.0").exit_code == 0
    assert seen[0][seen[0].index("--host") + 1] == "0.0.0.0"


def test_article_stats_on_the_seeds_match_hand_counts(seeded_db):
    db = sqlite_utils.Database(seeded_db)
    stats = {r["name"]: r for r in db["article_stats"].rows}
    # 004: 8 attributions; anonymous: "sources familiar with the discussions", "a senior U.S.
    # official", "a U.S. official"; named people Alaaldin (3 attributions) and al-Sudani; one
    # document (the joint statement); the article states why its sources are anonymous;
    # the coalition did not respond.
    s004 = stats["004_a646d51f14c3277e"]
    assert (s004["attributions"], s004["sources"], s004["anonymous_attributions"],
            s004["share_anonymous"], s004["named_people"], s004["documents"],
            s004["anonymous_sources_with_reason"], s004["anonymous_sources_without_reason"],
            s004["non_responses"]) == (8, 6, 3, 0.375, 2, 1, 3, 0, 1)
    # 000: 7 attributions by the U.S. and Iraq (2), U.S. officials (2), officials, the joint
    # statement and Sabrina Singh; no reason given for the anonymous officials.
    s000 = stats["000_519bc00425e63432"]
    assert (s000["attributions"], s000["sources"], s000["anonymous_attributions"],
            s000["named_people"], s000["named_organizations"], s000["documents"],
            s000["anonymous_sources_without_reason"]) == (7, 5, 3, 1, 1, 1, 2)
    unexplained = {r["speaker_name"] for r in db["unexplained_anonymous"].rows}
    assert unexplained == {"U.S. officials", "officials"}
