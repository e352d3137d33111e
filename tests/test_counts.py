"""The stored count tables (article_counts, speaker_counts, facet_counts) always equal a recount
of the rows:
after inserts, replacements, changed texts, hand edits, and when first added to a database."""
import dataclasses

from sqlite_utils import Database

from quotesource.store import articles as store
from quotesource.store.articles import ensure_db_shape, save_results

from conftest import article_b

# The per-article counts as the article_stats view computed them before they were stored.
RECOUNT_ARTICLES = """
select a.id as article_id,
  (select count(*) from attributions t where t.article_id = a.id) as attributions,
  (select count(*) from sources s where s.article_id = a.id and s.attributions > 0) as sources,
  (select count(*) from attributions t where t.article_id = a.id and t.anonymous = 1)
    as anonymous_attributions,
  (select count(*) from attributions t where t.article_id = a.id
    and t.source_type = 'unresolved') as unresolved_attributions,
  (select count(*) from sources s where s.article_id = a.id and s.attributions > 0
    and s.source_type = 'named_person') as named_people,
  (select count(*) from sources s where s.article_id = a.id and s.attributions > 0
    and s.source_type = 'named_organization') as named_organizations,
  (select count(*) from sources s where s.article_id = a.id and s.attributions > 0
    and s.source_type = 'document') as documents,
  (select count(*) from sources s where s.article_id = a.id and s.attributions > 0
    and s.anonymous = 1 and s.reason_stated = 1) as anonymous_sources_with_reason,
  (select count(*) from sources s where s.article_id = a.id and s.attributions > 0
    and s.anonymous = 1 and s.reason_stated = 0) as anonymous_sources_without_reason,
  (select count(*) from non_responses n where n.article_id = a.id) as non_responses
from articles a order by a.id"""

RECOUNT_SPEAKERS = """
select speaker_name, source_type, count(*) as attributions, count(distinct article_id) as articles
from attributions where speaker_name is not null
group by speaker_name, source_type order by speaker_name, source_type"""


def assert_counts_match_rows(db: Database) -> None:
    stats = {r["article_id"]: r for r in db["article_stats"].rows}
    for expected in db.query(RECOUNT_ARTICLES):
        row = stats[expected["article_id"]]
        assert {k: row[k] for k in expected} == expected
    # one row per article, with the article's labels, and none for a deleted article
    labels = {r["id"]: (r["name"], r["title"], r["outlet"])
              for r in db.query("select id, name, title, outlet from articles")}
    assert {r["article_id"]: (r["name"], r["title"], r["outlet"])
            for r in db["article_counts"].rows} == labels
    stored = list(db.query("select * from speaker_counts order by speaker_name, source_type"))
    assert stored == list(db.query(RECOUNT_SPEAKERS))
    facets = {(r["facet"], r["value"]): r["count"] for r in db["facet_counts"].rows}
    recount = {(f"attributions.{column}", value): count
               for column in store.FACET_COUNTED["attributions"]
               for value, count in db.execute(f"select {column}, count(*) from attributions "
                                              f"where {column} is not null group by {column}")}
    assert facets == recount


def test_counts_follow_inserts_replacements_and_changed_texts(tmp_path, sample_results):
    db = Database(tmp_path / "quotes.db")
    save_results(db, sample_results, "v1")
    assert_counts_match_rows(db)
    assert db["article_counts"].count == 2 and db["speaker_counts"].count == 6
    save_results(db, sample_results, "v2")                  # every article replaced
    assert_counts_match_rows(db)
    edited = article_b("Breaking: " + sample_results[1].article.text)
    edited.attributions = edited.attributions[:1]          # the aide is quoted no more
    save_results(db, [edited], "v2")
    assert_counts_match_rows(db)
    assert db["speaker_counts"].count_where("speaker_name = 'aide'") == 0
    # a hand edit in the database (an update) is counted too
    db.execute("update attributions set source_type = 'named_person', anonymous = 0 "
               "where speaker_name = 'city official'")
    db.execute("update sources set attributions = 0 where name = 'Farhad Alaaldin'")
    db.execute("update articles set outlet = 'Renamed Wire' where outlet = 'Example Wire'")
    assert_counts_match_rows(db)
    assert db["outlet_stats"].count_where("outlet = 'Renamed Wire'") == 1
    db["articles"].delete(sample_results[0].article.content_hash)
    for table in store.CHILD_TABLES:
        db[table].delete_where("article_id = ?", [sample_results[0].article.content_hash])
    assert_counts_match_rows(db)


def test_a_speaker_quoted_in_two_articles(tmp_path, sample_results):
    db = Database(tmp_path / "quotes.db")
    first, second = sample_results[0], dataclasses.replace(
        sample_results[0], article=dataclasses.replace(
            sample_results[0].article, id="copy", text=sample_results[0].article.text + " ",
            content_hash="other"))
    save_results(db, [first, second], "v1")
    row = db["speaker_counts"].get(("Farhad Alaaldin", "named_person"))
    assert (row["attributions"], row["articles"]) == (4, 2)
    assert_counts_match_rows(db)


def test_counts_are_filled_in_when_first_added(tmp_path, sample_results):
    db = Database(tmp_path / "quotes.db")
    save_results(db, sample_results, "v1")
    for trigger in store.TRIGGERS:                # a database written before the counts existed
        db.execute(f"drop trigger [{trigger}]")
    db["article_counts"].drop()
    db["speaker_counts"].drop()
    ensure_db_shape(db)
    assert_counts_match_rows(db)
    assert db["article_counts"].count == 2


def test_a_new_column_migrates_tables_that_hold_partial_indexes(tmp_path, sample_results,
                                                                 monkeypatch):
    """sqlite-utils refuses to transform a table with a partial index: ensure_db_shape drops
    its own first, and recreates them."""
    db = Database(tmp_path / "quotes.db")
    save_results(db, sample_results, "v1")
    for table in ("attributions", "article_counts"):
        spec = {**store.TABLES, **store.COUNT_TABLES}[table]
        monkeypatch.setitem(spec, "columns", {**spec["columns"], "added": str})
    ensure_db_shape(db)
    assert "added" in {c.name for c in db["attributions"].columns}
    assert set(store.SQL_INDEXES) <= {i.name for i in db["attributions"].indexes} | {
        i.name for i in db["article_counts"].indexes}
    assert_counts_match_rows(db)


def test_ensure_db_shape_checks_again_once_anything_changed_the_schema(tmp_path):
    db = Database(tmp_path / "quotes.db")
    ensure_db_shape(db)
    other = Database(tmp_path / "quotes.db")          # e.g. another process
    other.execute("drop view speaker_leaderboard")
    other.execute("drop trigger attributions_counts_insert")
    ensure_db_shape(db)                                # the schema cookie moved: all checked
    assert "speaker_leaderboard" in db.view_names()
    assert "attributions_counts_insert" in {t.name for t in db.triggers}
