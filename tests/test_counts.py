"""The stored count tables (article_counts, speaker_counts, facet_counts, outlet_type_counts)
always equal a recount of the rows:
after inserts, replacements, changed texts, hand edits, and when first added to a database."""
import dataclasses
import sqlite3

from sqlite_utils import Database

from quotesource.records import Attribution, Source
from quotesource.store import counts, schema
from quotesource.store.articles import save_results
from quotesource.store.schema import ensure_db_shape

from conftest import ArticleResult, article_b, find, make_article

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

RECOUNT_OUTLET_TYPES = """
select outlet, source_type, count(*) as attributions from attributions
group by outlet, source_type order by outlet, source_type"""

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
    labels = {r["id"]: (r["name"], r["title"], r["outlet"], r["published"])
              for r in db.query("select id, name, title, outlet, published from articles")}
    assert {r["article_id"]: (r["name"], r["title"], r["outlet"], r["published"])
            for r in db["article_counts"].rows} == labels
    stored = list(db.query("select * from speaker_counts order by speaker_name, source_type"))
    assert stored == list(db.query(RECOUNT_SPEAKERS))
    stored = list(db.query("select outlet, source_type, attributions from outlet_type_counts "
                           "order by outlet, source_type"))
    assert stored == list(db.query(RECOUNT_OUTLET_TYPES))
    facets = {(r["facet"], r["value"]): r["count"] for r in db["facet_counts"].rows}
    recount = {(f"attributions.{column}", value): count
               for column in counts.FACET_COUNTED["attributions"]
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
    db.execute("update articles set outlet = 'Renamed Wire', published = '2024-05-01' "
               "where outlet = 'Example Wire'")
    db.execute("update attributions set outlet = null where speaker_name = 'aide'")
    assert_counts_match_rows(db)
    assert db["outlet_stats"].count_where("outlet = 'Renamed Wire'") == 1
    db["articles"].delete(sample_results[0].article.content_hash)
    for table in schema.CHILD_TABLES:
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
    for trigger in schema.TRIGGERS:                # a database written before the counts existed
        db.execute(f"drop trigger [{trigger}]")
    db["article_counts"].drop()
    db["speaker_counts"].drop()
    db["outlet_type_counts"].drop()
    ensure_db_shape(db)
    assert_counts_match_rows(db)
    assert db["article_counts"].count == 2


def test_a_database_from_before_published_and_outlet_type_counts(tmp_path, sample_results):
    """The previous version's shape (article_counts without the date, no outlet_type_counts):
    ensure_db_shape adds them and recounts, as it upgrades a database in place."""
    db = Database(tmp_path / "quotes.db")
    sample_results[0].article.published = "2024-01-15"
    save_results(db, sample_results, "v1")
    for trigger in schema.TRIGGERS:
        db.execute(f"drop trigger [{trigger}]")
    db.execute("drop view monthly_stats")
    db.execute("drop index idx_article_counts_month")
    db.execute("drop index idx_article_counts_date")
    db.execute("alter table article_counts drop column published")
    db["outlet_type_counts"].drop()
    ensure_db_shape(db)
    assert_counts_match_rows(db)
    assert_views_as_before(db)
    assert [r["month"] for r in db["monthly_stats"].rows] == ["2024-01"]


def test_a_new_column_migrates_tables_that_hold_partial_indexes(tmp_path, sample_results,
                                                                 monkeypatch):
    """sqlite-utils refuses to transform a table with a partial index: ensure_db_shape drops
    its own first, and recreates them."""
    db = Database(tmp_path / "quotes.db")
    save_results(db, sample_results, "v1")
    for table in ("attributions", "article_counts"):
        spec = {**schema.TABLES, **schema.COUNT_TABLES}[table]
        monkeypatch.setitem(spec, "columns", {**spec["columns"], "added": str})
    ensure_db_shape(db)
    assert "added" in {c.name for c in db["attributions"].columns}
    assert set(schema.SQL_INDEXES) <= {i.name for i in db["attributions"].indexes} | {
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


# --- the chart views, read from the counts ---------------------------------------------------

# monthly_stats and outlet_source_types as they were before reading the count tables: grouping
# every attribution (over 1 s on 1M attributions, docs/scale.md). The views must equal them.
OLD_VIEWS = {
    "monthly_stats": """
select substr(a.published, 1, 7) as month, count(distinct a.id) as articles,
  count(t.id) as attributions, coalesce(sum(t.anonymous), 0) as anonymous_attributions,
  round(1.0 * sum(t.anonymous) / nullif(count(t.id), 0), 3) as share_anonymous
from articles a left join attributions t on t.article_id = a.id
where a.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
group by month order by month""",
    "outlet_source_types": """
select outlet, source_type, count(*) as attributions,
  round(1.0 * count(*) / (select count(*) from attributions u where u.outlet is t.outlet), 3)
    as share
from attributions t
group by outlet, source_type order by outlet, attributions desc""",
}


def quoted(name, outlet, published, source_type="named_person", speakers=("Jane Roe",)):
    """An article quoting each speaker once (none: an article without attributions)."""
    text = f"Headline {name}\n" + " ".join(f"\u201cPoint {i} is made.\u201d {speaker} said."
                                   for i, speaker in enumerate(speakers))
    attributions = []
    for i, speaker in enumerate(speakers):
        at = text.index(f"Point {i} ")
        mention = find(text[at:], speaker)
        mention = dataclasses.replace(mention, start=mention.start + at, end=mention.end + at)
        source = Source(speaker, source_type, 1, None, None, mention)
        attributions.append(Attribution("direct", find(text, f"Point {i} is made."),
                                        find(text[at:], "said"), mention, source))
    return ArticleResult(make_article(name, text, outlet=outlet, published=published),
                         attributions)


def assert_views_as_before(db: Database) -> None:
    for view, sql in OLD_VIEWS.items():
        assert list(db.query(f"select * from [{view}]")) == list(db.query(sql)), view


def tables_read(path, sql: str) -> set[str]:
    """The tables a statement reads (SQLite's authorizer, on a fresh connection)."""
    read = set()

    def authorizer(action, table, column, database, trigger_or_view):
        if action == sqlite3.SQLITE_READ:
            read.add(table)
        return sqlite3.SQLITE_OK

    conn = sqlite3.connect(path)
    conn.set_authorizer(authorizer)
    conn.execute(sql).fetchall()
    conn.close()
    return read


def test_chart_views_read_counts_and_equal_grouping_the_attributions(tmp_path, sample_results):
    path = tmp_path / "quotes.db"
    db = Database(path)
    seed, synthetic = sample_results
    seed.article.published, synthetic.article.published = "2024-01-15", "2024-01-20T08:00:00Z"
    results = [
        seed, synthetic,
        quoted("wire-1", "Morning Wire", "2024-02-10"),
        # a tie within Morning Wire: one named person, one organization
        quoted("wire-org", "Morning Wire", "2024-02-11", "named_organization", ("City Hall",)),
        quoted("no-outlet", None, "2024-02-29", "anonymous_person", ("an aide", "an official")),
        quoted("undated", "Morning Wire", None),
        quoted("not-iso", "Morning Wire", "March 3, 2024"),
        quoted("silent", "Morning Wire", "2024-03-05", speakers=()),   # no attributions
    ]
    save_results(db, results, "v1")
    assert_views_as_before(db)
    assert {r["month"] for r in db["monthly_stats"].rows} == {"2024-01", "2024-02", "2024-03"}
    assert db["outlet_source_types"].count_where("outlet is null") == 1
    # neither view reads an attribution
    for view in OLD_VIEWS:
        assert "attributions" not in tables_read(path, f"select * from [{view}]"), view
    # a replacement: every article recomputed, then one text changed in place
    save_results(db, results, "v2")
    assert_views_as_before(db)
    edited = quoted("wire-1", "Morning Wire", "2024-03-01", "anonymous_person",
                    ("a source", "another source"))
    save_results(db, [edited], "v2")
    assert db["articles"].count == len(results)
    assert_views_as_before(db)
    assert_counts_match_rows(db)
    # hand edits: a new date, a new outlet
    db.execute("update articles set published = '2023-12-31' where name = 'undated'")
    db.execute("update articles set outlet = 'Other Gazette' where name = 'wire-org'")
    db.execute("update attributions set outlet = 'Other Gazette' where article_id = "
               "(select id from articles where name = 'wire-org')")
    assert_views_as_before(db)
    assert_counts_match_rows(db)
    # a deletion, children first, as a replaced text is deleted
    gone = db.execute("select id from articles where name = 'no-outlet'").fetchone()[0]
    for table in schema.CHILD_TABLES:
        db[table].delete_where("article_id = ?", [gone])
    db["articles"].delete(gone)
    assert_views_as_before(db)
    assert_counts_match_rows(db)
    assert db["outlet_source_types"].count_where("outlet is null") == 0
