"""ArticleResults built by hand (no NLP), for the store and publish tests.

Article A is the real seed 004 with hand-located spans; article B is synthetic, with markup in
its text (to test escaping), boilerplate around the body, and only anonymous sources.
"""
import hashlib
from pathlib import Path

import pytest

from quotesource.records import (Article, ArticleResult, Attribution, Disclosure, NonResponse,
                                 Source, Span)

SEED = Path(__file__).resolve().parents[1] / "seeds" / "004_a646d51f14c3277e.txt"

B_TEXT = ("Home | World | Sign in\n"
          "Officials met on Monday. The council will vote <script>alert('x')</script> & adjourn, "
          "a city official said. \u201c<b>Not bold</b> at all,\u201d an aide told reporters.\n"
          "\u00a9 2024 Other Gazette <all rights reserved>")


def find(text: str, needle: str, after: str | None = None) -> Span:
    """The span of `needle`, searching from the first occurrence of `after` if given."""
    start = text.find(needle, text.find(after) if after else 0)
    assert start >= 0, needle
    return Span.of(text, start, start + len(needle))


def source_types(result) -> list[tuple[str, str]]:
    """(speaker as written, source type) of each attribution of one result."""
    return [(d["speaker"]["text"], d["source_type"])
            for d in (a.as_dict("t") for a in result.attributions)]


def resolved_sources(result) -> list[tuple[str, str, str]]:
    """(speaker as written, source type, the name it resolved to) of each attribution."""
    return [(d["speaker"]["text"], d["source_type"], d["speaker_name"])
            for d in (a.as_dict("t") for a in result.attributions)]


def make_article(name: str, text: str, **kwargs) -> Article:
    return Article(id=name, text=text, path=f"seeds/{name}.txt",
                   content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), **kwargs)


def article_a(text: str) -> ArticleResult:
    article = make_article(SEED.stem, text, outlet="Example Wire", title="US and Iraq agree")
    senior = Source("senior U.S. official", "anonymous_person", 1, "U.S.", "official",
                    find(text, "a senior U.S. official"))
    familiar = Source("sources familiar with the discussions", "anonymous_group", None, None,
                      None, find(text, "sources familiar with the discussions"))
    alaaldin = Source("Farhad Alaaldin", "named_person", 1, "Iraqi prime minister",
                      "foreign affairs adviser", find(text, "Farhad Alaaldin"))
    official = Source("U.S. official", "anonymous_person", 1, "U.S.", "official",
                      find(text, "a U.S. official", after="conditions change"))
    coalition = Source("U.S.-led coalition", "named_organization", None, None, None,
                       find(text, "The U.S.-led coalition"))
    attributions = [
        Attribution("indirect",
                    find(text, "The United States and Iraq have reached a preliminary agreement "
                               "on the withdrawal of U.S.-led coalition forces from Iraq"),
                    find(text, "according to"),
                    find(text, "sources familiar with the discussions"), familiar),
        Attribution("direct",
                    find(text, "We have an agreement; it\u2019s now just a question of when to "
                               "announce it,"),
                    find(text, "said", after="a senior U.S. official"),
                    find(text, "a senior U.S. official"), senior),
        Attribution("indirect",
                    find(text, "technical talks with Washington on the coalition drawdown have "
                               "concluded"),
                    find(text, "confirmed"), find(text, "Farhad Alaaldin"), alaaldin),
        Attribution("direct",
                    find(text, "We are now on the brink of transitioning the relationship"
                               " between Iraq and members of the international coalition to a "
                               "new level, focusing on bilateral relations in military, security,"
                               " economic and cultural areas,"),
                    find(text, "stated"), find(text, "he", after="areas,\u201d"), alaaldin),
        Attribution("mixed",
                    find(text, "the two-year timeline provides \u201cbreathing room,\u201d "
                               "allowing for potential adjustments if regional conditions change"),
                    find(text, "said", after="a U.S. official said"),
                    find(text, "a U.S. official", after="conditions change"), official),
    ]
    disclosures = [Disclosure(
        group=find(text, "five U.S. officials"), count=5, affiliation="U.S.",
        reason=find(text, "due to the sensitive nature of the discussions"),
        sentence=find(text, "Sources include five U.S. officials, two officials from other "
                            "coalition nations and three Iraqi officials, all speaking on "
                            "condition of anonymity due to the sensitive nature of the "
                            "discussions."))]
    non_responses = [NonResponse(find(text, "The U.S.-led coalition"),
                                 find(text, "did not respond"), coalition)]
    return ArticleResult(article, attributions, disclosures, non_responses)


def article_b(text: str = B_TEXT) -> ArticleResult:
    body_start = text.index("Officials met")
    body_end = text.index("\u00a9 2024")
    article = make_article("synthetic_script", text, outlet="Other Gazette",
                           body_start=body_start, body_end=body_end)
    city = Source("city official", "anonymous_person", 1, "city", "official",
                  find(text, "a city official"))
    aide = Source("aide", "anonymous_person", 1, None, "aide", find(text, "an aide"))
    attributions = [
        Attribution("indirect",
                    find(text, "The council will vote <script>alert('x')</script> & adjourn"),
                    find(text, "said", after="a city official"), find(text, "a city official"),
                    city),
        Attribution("direct", find(text, "<b>Not bold</b> at all,"), find(text, "told"),
                    find(text, "an aide"), aide),
    ]
    return ArticleResult(article, attributions)


@pytest.fixture
def sample_results() -> list[ArticleResult]:
    """[seed 004 (5 attributions, 3 anonymous, 1 disclosure with a reason, 1 non-response),
    synthetic article with <script> in a quote (2 attributions, both anonymous, no reason)]."""
    return [article_a(SEED.read_text(encoding="utf-8")), article_b()]


ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("QUOTESOURCE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def extractor():
    """One real stanza pipeline (the shipped models) for the whole test session."""
    from quotesource.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def attribute(extractor):
    """attribute(text) -> the ArticleResult of one short text, with the shipped models."""
    def run(text):
        (result,) = extractor.results_for([Article(id="t", text=text)])
        return result
    return run


@pytest.fixture(scope="session")
def seed_results(extractor):
    return {r.article.id: r for r in extractor.run([ROOT / "seeds"])}
