import csv
import dataclasses
import hashlib
import io
import json

import pytest
from sqlite_utils import Database

from quotesource.attribution.disclosures import choose_disclosure
from quotesource.store import articles as store
from quotesource.store import schema
from quotesource.records import Disclosure, Source, Span
from quotesource.store.articles import corpus_summary, save_results
from quotesource.store.export import export_csv
from quotesource.store.schema import ensure_db_shape

from conftest import article_b


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "quotes.db"


def shape(db: Database) -> dict:
    """Tables with their columns, foreign keys and indexes, views and triggers, by introspection."""
    return {
        "tables": {t.name: ([c.name for c in t.columns], sorted((fk.column, fk.other_table) for fk in t.foreign_keys),
                            sorted(tuple(map(str, i.columns)) for i in t.indexes)) for t in db.tables},
        "views": {v.name: [c.name for c in v.columns] for v in db.views},
        "triggers": sorted(t.name for t in db.triggers),
    }


def counts(db: Database) -> dict:
    return {t: db[t].count for t in schema.TABLES}


def test_ensure_db_shape_is_idempotent(db_path):
    db = Database(db_path)
    ensure_db_shape(db)
    first = shape(db)
    ensure_db_shape(db)
    assert shape(Database(db_path)) == first
    assert set(schema.TABLES) <= set(first["tables"])
    assert set(first["views"]) == set(schema.VIEWS)
    assert db["attributions"].detect_fts() == "attributions_fts"
    assert db["articles"].detect_fts() == "articles_fts"
    fks = {(fk.table, fk.column, fk.other_table) for t in db.tables for fk in t.foreign_keys}
    assert ("attributions", "source_id", "sources") in fks
    assert ("non_responses", "article_id", "articles") in fks
    # every foreign key column is indexed
    for table in db.tables:
        indexed = {i.columns[0] for i in table.indexes}
        assert {fk.column for fk in table.foreign_keys} <= indexed


def test_save_then_reopen(db_path, sample_results):
    report = save_results(Database(db_path), sample_results, "v1")
    assert report.inserted == ["004_a646d51f14c3277e", "synthetic_script"]
    db = Database(db_path)
    assert counts(db) == {"articles": 2, "article_paths": 2, "disclosures": 1, "sources": 7,
                          "attributions": 7, "non_responses": 1, "people": 2,
                          "quote_clusters": 0, "quote_cluster_members": 0}
    seed = sample_results[0].article
    article = db["articles"].get(seed.content_hash)
    assert article["name"] == seed.id and article["text"] == seed.text
    assert article["pipeline_version"] == "v1" and article["ingested_at"]

    rows = list(db.query("select * from attributions where article_id = ? order by position",
                         [seed.content_hash]))
    assert [r["kind"] for r in rows] == ["indirect", "direct", "indirect", "direct", "mixed"]
    for row in rows:  # stored offsets still point at the stored text
        assert seed.text[row["content_start"]:row["content_end"]] == row["content"]
        assert seed.text[row["speaker_start"]:row["speaker_end"]] == row["speaker"]
        assert row["outlet"] == "Example Wire"
    # every attribution and non-response links to a source of the same article, with its type
    for table in ("attributions", "non_responses"):
        orphans = list(db.query(f"""select x.id from {table} x left join sources s
            on s.id = x.source_id and s.article_id = x.article_id
            where s.id is null or s.source_type != x.source_type"""))
        assert orphans == []
    alaaldin = next(db["sources"].rows_where("name = ?", ["Farhad Alaaldin"]))
    assert (alaaldin["attributions"], alaaldin["named"], alaaldin["anonymous"]) == (2, 1, 0)
    assert alaaldin["reason_stated"] is None
    coalition = next(db["sources"].rows_where("name = ?", ["U.S.-led coalition"]))
    assert (coalition["attributions"], coalition["non_responses"]) == (0, 1)

    disclosure = next(db["disclosures"].rows)
    assert disclosure["group_text"] == "five U.S. officials" and disclosure["count"] == 5
    assert disclosure["reason"] == "due to the sensitive nature of the discussions"
    senior = next(db["sources"].rows_where("name = ?", ["senior U.S. official"]))
    assert senior["anonymity_reason"] == disclosure["reason"]
    assert senior["disclosure_id"] == disclosure["id"]
    aide = next(db["sources"].rows_where("name = ?", ["aide"]))
    assert (aide["anonymity_reason"], aide["reason_stated"]) == (None, 0)
    assert list(db.query("select count(*) n from attributions_fts where attributions_fts "
                         "match 'breathing'")) == [{"n": 1}]


def test_views_match_hand_counts(db_path, sample_results):
    db = Database(db_path)
    save_results(db, sample_results, "v1")
    stats = {r["name"]: r for r in db["article_stats"].rows}
    seed = stats["004_a646d51f14c3277e"]
    assert (seed["attributions"], seed["sources"], seed["anonymous_attributions"],
            seed["share_anonymous"], seed["named_people"], seed["named_organizations"],
            seed["documents"], seed["anonymous_sources_with_reason"],
            seed["anonymous_sources_without_reason"], seed["non_responses"]) == (
        5, 4, 3, 0.6, 1, 0, 0, 3, 0, 1)
    assert stats["synthetic_script"]["share_anonymous"] == 1.0
    outlets = {r["outlet"]: r for r in db["outlet_stats"].rows}
    assert outlets["Other Gazette"]["anonymous_sources_without_reason"] == 2
    assert corpus_summary(db) == {
        "articles": 2, "outlets": 2, "attributions": 7, "sources": 6,
        "anonymous_attributions": 5, "share_anonymous": 0.714, "named_people": 1,
        "named_organizations": 0, "documents": 0, "anonymous_sources_with_reason": 3,
        "anonymous_sources_without_reason": 2, "non_responses": 1,
        "unresolved_attributions": 0, "share_anonymous_of_resolved": 0.714,
        "unexplained_anonymous_attributions": 2}
    assert [r["speaker"] for r in db["unexplained_anonymous"].rows] == ["a city official",
                                                                         "an aide"]
    assert [r["name"] for r in db["anonymous_only_articles"].rows] == ["synthetic_script"]
    top = next(db["speaker_leaderboard"].rows)
    assert (top["speaker_name"], top["attributions"], top["articles"]) == (
        "Farhad Alaaldin", 2, 1)


def test_resaving_changes_nothing(db_path, sample_results):
    db = Database(db_path)
    save_results(db, sample_results, "v1")
    before = {t: list(db[t].rows) for t in schema.TABLES}
    report = save_results(db, sample_results, "v1")
    assert report.skipped == ["004_a646d51f14c3277e", "synthetic_script"]
    assert report.inserted == report.replaced == []
    assert {t: list(db[t].rows) for t in schema.TABLES} == before  # ingested_at included


def test_new_pipeline_version_replaces(db_path, sample_results):
    db = Database(db_path)
    save_results(db, sample_results, "v1")
    report = save_results(db, sample_results, "v2")
    assert report.replaced == ["004_a646d51f14c3277e", "synthetic_script"]
    assert counts(db)["attributions"] == 7
    assert {r["pipeline_version"] for r in db["articles"].rows} == {"v2"}


def test_changed_text_replaces_child_rows(db_path, sample_results):
    db = Database(db_path)
    save_results(db, sample_results, "v1")
    old_id = sample_results[1].article.content_hash
    edited = article_b(store_text := "Breaking: " + sample_results[1].article.text)
    edited.attributions = edited.attributions[:1]
    report = save_results(db, [edited], "v1")
    assert report.replaced == ["synthetic_script"]
    assert db["articles"].count == 2
    assert db["articles"].get(edited.article.content_hash)["text"] == store_text
    for table in schema.CHILD_TABLES:
        assert db[table].count_where("article_id = ?", [old_id]) == 0
    row = next(db["attributions"].rows_where("article_id = ?", [edited.article.content_hash]))
    assert store_text[row["content_start"]:row["content_end"]] == row["content"]
    assert db["attributions"].count == 6
    # the FTS index followed the deletes
    assert list(db.query("select count(*) n from attributions_fts where attributions_fts "
                         "match 'bold'")) == [{"n": 0}]


def test_crash_mid_save_leaves_database_as_before(db_path, sample_results, monkeypatch):
    db = Database(db_path)
    save_results(db, sample_results[:1], "v1")
    before = {t: list(db[t].rows) for t in schema.TABLES}
    real_insert_children = store._insert_children

    def crash(db, result, article_id):
        real_insert_children(db, result, article_id)  # rows written, transaction still open
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_insert_children", crash)
    with pytest.raises(KeyboardInterrupt):
        save_results(db, sample_results, "v2")  # replaces article 1 then dies inside it
    reopened = Database(db_path)
    assert {t: list(reopened[t].rows) for t in schema.TABLES} == before
    monkeypatch.undo()
    report = save_results(reopened, sample_results, "v1")  # rerun completes the work
    assert report.skipped == ["004_a646d51f14c3277e"] and report.inserted == ["synthetic_script"]


def test_disclosure_matching_prefers_affiliation_then_head_noun():
    text = "three Iraqi officials for safety; five U.S. officials as policy; two diplomats"
    def disclosure(group, affiliation, reason):
        return Disclosure(Span.of(text, text.find(group), text.find(group) + len(group)), None,
                          affiliation, reason and Span.of(text, text.find(reason),
                                                          text.find(reason) + len(reason)),
                          Span.of(text, 0, len(text)))
    iraqi = disclosure("three Iraqi officials", "Iraqi", "for safety")
    us = disclosure("five U.S. officials", "U.S.", "as policy")
    dip = disclosure("two diplomats", None, None)
    disclosures = [iraqi, us, dip]
    official = Source("U.S. official", "anonymous_person", affiliation="U.S.")
    assert choose_disclosure(official, disclosures) is us
    officials = Source("officials", "anonymous_group")
    assert choose_disclosure(officials, disclosures) is iraqi
    # the matching group states no reason: fall back to the first reason in the article
    diplomat = Source("a diplomat", "anonymous_person")
    assert choose_disclosure(diplomat, disclosures) is iraqi
    assert choose_disclosure(diplomat, [dip]) is dip
    assert choose_disclosure(diplomat, []) is None


def test_export_csv(db_path, sample_results, tmp_path):
    db = Database(db_path)
    save_results(db, sample_results, "v1")
    out = tmp_path / "stats.csv"
    assert export_csv(db, "article_stats", out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["share_anonymous"] == "0.6"
    buffer = io.StringIO()
    assert export_csv(db, "attributions", buffer) == 7
    assert "<script>" in buffer.getvalue()
    with pytest.raises(ValueError):
        export_csv(db, "no_such_table", buffer)


def test_article_without_content_hash_gets_one(db_path, sample_results):
    result = sample_results[1]
    result.article = dataclasses.replace(result.article, content_hash="")
    db = Database(db_path)
    save_results(db, [result], "v1")
    expected = hashlib.sha256(result.article.text.encode("utf-8")).hexdigest()
    assert next(db["articles"].rows)["id"] == expected


def test_resumed_quote_stores_its_pieces(db_path, extractor):
    from quotesource.records import Article

    text = ("\u201cWe will not raise the fare this year,\u201d said Maria Lopez, whose agency runs "
            "the buses in the county. \u201cThe reserve covers the gap until the spring.\u201d\n")
    results = list(extractor.results_for([Article(id="fares", text=text)]))
    save_results(Database(db_path), results, "v1")
    (row,) = Database(db_path)["attributions"].rows
    pieces = json.loads(row["content_pieces"])
    assert [text[s:e] for s, e in pieces] == ["We will not raise the fare this year",
                                             "The reserve covers the gap until the spring."]
    assert (row["content_start"], row["content_end"]) == (pieces[0][0], pieces[-1][1])
    assert "whose agency" in row["content"]          # the covering span, for context
    # both learned probabilities are stored as the extractor gave them
    assert (row["confidence"], row["source_confidence"]) == (
        results[0].attributions[0].confidence, results[0].attributions[0].source_confidence)
    assert 0.0 < row["source_confidence"] < 1.0


def test_unresolved_sources_are_counted_apart(db_path, sample_results):
    """An unresolved speaker is neither named nor anonymous: the share of anonymous sourcing
    is given over all attributions and over the resolved ones, and the count is stated."""
    from quotesource.records import Attribution

    seed = sample_results[0]
    text = seed.article.text
    he = Span.of(text, 0, text.index(" "))
    unresolved = Source(he.text, "unresolved", mention=he)
    extra = Attribution("indirect", Span.of(text, 0, 20), None, he, unresolved)
    changed = dataclasses.replace(seed, attributions=[*seed.attributions, extra])
    db = Database(db_path)
    save_results(db, [changed], "v1")
    row = next(db.query("select * from article_stats"))
    assert (row["attributions"], row["anonymous_attributions"], row["unresolved_attributions"],
            row["share_anonymous"], row["share_anonymous_of_resolved"]) == (6, 3, 1, 0.5, 0.6)
    source = next(db.query("select * from sources where source_type = 'unresolved'"))
    assert (source["named"], source["anonymous"], source["reason_stated"]) == (0, 0, None)
    assert corpus_summary(db)["unresolved_attributions"] == 1
