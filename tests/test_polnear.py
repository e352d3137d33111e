"""A regression guard on real news: six PolNeAR articles (one in 140, across outlets).

The full figures (840 articles) are in docs/accuracy.md; thresholds here sit a few points under
what this sample scored when they were set, so a real regression fails and noise does not.
"""
import pytest
from conftest import SHARED

from quotesource import evaluate as ev
from quotesource.gold import load_polnear, polnear_annotation_files
from quotesource.records import Article

POLNEAR = SHARED / "polnear" / "train"
pytestmark = [pytest.mark.polnear,
              pytest.mark.skipif(not POLNEAR.exists(), reason=f"{POLNEAR} not found")]


@pytest.fixture(scope="module")
def scores(extractor):
    sample = sorted(polnear_annotation_files(POLNEAR))[::140]
    gold = load_polnear(POLNEAR, articles=sample)
    articles = [Article(id=name, text=text) for name, text in gold.articles.items()]
    predictions = [a.as_dict(r.article.id) for r in extractor.results_for(articles)
                   for a in r.attributions]
    return ev.score(gold, predictions)


def test_speech_attributions(scores):
    speech = scores["speech"]
    assert speech["content"]["0.3"]["f1"] >= 0.82, speech["content"]
    assert speech["content"]["0.8"]["f1"] >= 0.72, speech["content"]
    assert speech["speaker"]["accuracy"] >= 0.88, speech["speaker"]


def test_all_attributions(scores):
    assert scores["all"]["content"]["0.3"]["precision"] >= 0.85, scores["all"]["content"]
    assert scores["all"]["content"]["0.3"]["f1"] >= 0.45, scores["all"]["content"]
