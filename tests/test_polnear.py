"""A regression guard on real news: six PolNeAR articles (one in 140, across outlets).

The full figures (840 articles) are in docs/accuracy.md; thresholds here sit a few points under
what this sample scored when they were set (speech F1 0.925 / 0.912, speaker 0.971; all P 0.941,
F1 0.618; with beliefs P 0.877, F1 0.723), so a real regression fails and noise does not.
"""
import pytest
from conftest import SHARED

from quotesource.evaluation import evaluate as ev
from quotesource.evaluation.gold import load_polnear, polnear_annotation_files
from quotesource.records import Article

POLNEAR = SHARED / "polnear" / "train"
# With --beliefs (beliefs and stances extracted too): what "all attributions" is measured with.
ALL_P, ALL_F1 = 0.84, 0.68
pytestmark = [pytest.mark.polnear,
              pytest.mark.skipif(not POLNEAR.exists(), reason=f"{POLNEAR} not found")]


def _score(extractor):
    sample = sorted(polnear_annotation_files(POLNEAR))[::140]
    gold = load_polnear(POLNEAR, articles=sample)
    articles = [Article(id=name, text=text) for name, text in gold.articles.items()]
    predictions = [a.as_dict(r.article.id) for r in extractor.results_for(articles)
                   for a in r.attributions]
    return ev.score(gold, predictions)


@pytest.fixture(scope="module")
def scores(extractor):
    return _score(extractor)


def test_speech_attributions(scores):
    speech = scores["speech"]
    assert speech["content"]["0.3"]["f1"] >= 0.89, speech["content"]
    assert speech["content"]["0.8"]["f1"] >= 0.87, speech["content"]
    assert speech["speaker"]["accuracy"] >= 0.94, speech["speaker"]


@pytest.fixture(scope="module")
def belief_scores():
    from quotesource.pipeline import Extractor
    return _score(Extractor(include_beliefs=True))


def test_all_attributions(scores):
    assert scores["all"]["content"]["0.3"]["precision"] >= 0.90, scores["all"]["content"]
    assert scores["all"]["content"]["0.3"]["f1"] >= 0.58, scores["all"]["content"]


def test_all_attributions_with_beliefs_and_stances(belief_scores):
    content = belief_scores["all"]["content"]["0.3"]
    assert content["precision"] >= ALL_P and content["f1"] >= ALL_F1, content
