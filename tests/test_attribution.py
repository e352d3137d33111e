"""The extractor on the seed articles, with the real shipped models, scored against the gold."""
import pytest
from conftest import ROOT, SHARED

from quotesource.evaluation import evaluate as ev
from quotesource.evaluation.gold import load_seeds_gold

GOLD = SHARED / "gold" / "seeds.jsonl"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason=f"{GOLD} not found")


@pytest.fixture(scope="module")
def predictions(seed_results):
    preds = []
    for name, result in seed_results.items():
        preds += [a.as_dict(name) for a in result.attributions]
        preds += [n.as_dict(name) for n in result.non_responses]
        preds += [d.as_dict(name) for d in result.disclosures]
    return preds


@pytest.fixture(scope="module")
def scores(predictions):
    return ev.score(load_seeds_gold(GOLD, ROOT / "seeds"), predictions)


def test_every_required_attribution_found_with_at_most_one_false_positive(scores):
    content = scores["all"]["content"]["0.5"]
    assert content["fn"] == 0, content
    assert content["fp"] <= 1, content


def test_every_speaker_and_source_type_right(scores):
    for key in ("speaker", "source_type"):
        result = scores["all"][key]
        assert result["correct"] == result["n"] == scores["all"]["n_gold"], (key, result)


def test_no_comment_and_disclosures_found(scores):
    assert scores["no_comment"]["found"] == scores["no_comment"]["gold"] == 1
    disclosures = scores["disclosures"]
    assert disclosures["recall"] == 1.0 and disclosures["precision"] == 1.0
    for key in ("count", "affiliation", "reason"):
        assert disclosures[key]["accuracy"] == 1.0, key


def test_disclosure_counts_and_reason(seed_results):
    found = seed_results["004_a646d51f14c3277e"].disclosures
    assert [(d.group.text, d.count) for d in found] == [
        ("five U.S. officials", 5), ("two officials from other coalition nations", 2),
        ("three Iraqi officials", 3)]
    assert {d.reason.text for d in found} == {"due to the sensitive nature of the discussions"}


def test_nothing_extracted_outside_the_body(seed_results):
    result = seed_results["000_519bc00425e63432"]
    teasers = result.article.text.index("Find us on")
    assert result.article.body_end <= teasers
    assert all(a.content.end <= teasers and a.speaker.end <= teasers
               for a in result.attributions)


def test_spans_index_the_article_text(seed_results):
    for result in seed_results.values():
        text = result.article.text
        for a in result.attributions:
            for span in (a.content, a.cue, a.speaker):
                assert text[span.start:span.end] == span.text


def test_pronoun_surname_and_title_resolve_to_full_names(seed_results):
    by_speaker = {a.speaker.text: a.source for a in
                  seed_results["004_a646d51f14c3277e"].attributions}
    assert by_speaker["he"].name == "Farhad Alaaldin"
    assert by_speaker["Alaaldin"].name == "Farhad Alaaldin"
    assert by_speaker["Prime Minister al-Sudani"].name == "Mohammed Shia al-Sudani"
    assert by_speaker["Prime Minister al-Sudani"].role == "Prime Minister"
    assert by_speaker["The statement"].name == "joint statement"
    assert by_speaker["The statement"].source_type == "document"


def test_roles_affiliations_and_counts(seed_results):
    singh = next(a.source for a in seed_results["000_519bc00425e63432"].attributions
                 if a.speaker.text.startswith("Sabrina Singh"))
    assert (singh.name, singh.affiliation, singh.role) == (
        "Sabrina Singh", "Pentagon", "deputy press secretary")
    official = next(a.source for a in seed_results["004_a646d51f14c3277e"].attributions
                    if a.speaker.text == "a senior U.S. official")
    assert (official.source_type, official.count, official.affiliation) == (
        "anonymous_person", 1, "U.S.")


def test_source_ledger_has_one_row_per_distinct_source(seed_results):
    sources = seed_results["004_a646d51f14c3277e"].sources()
    names = [s.name for s in sources]
    assert len(names) == len(set(names))
    assert "Farhad Alaaldin" in names
    # "he" and "Alaaldin" are the same source as the first full mention.
    alaaldin = [a for a in seed_results["004_a646d51f14c3277e"].attributions
                if a.source.name == "Farhad Alaaldin"]
    assert len(alaaldin) == 3 and len({id(a.source) for a in alaaldin}) == 1
