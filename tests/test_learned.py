"""The learned decision (attribution/confidence.py, training/attribution_model.py)
and the web-news constructions, on sentences written for these tests, with the shipped models."""
import json
import math

import pytest

from quotesource.attribution.confidence import (MODEL_PATH, SOURCE_MODEL_PATH, AttributionModel,
                                               shipped_model, shipped_source_model)
from quotesource.attribution.evidence import cue_features
from quotesource.records import Article
from quotesource.training.attribution_model import choose_threshold, summary


def test_the_shipped_model_is_plain_json_with_a_threshold_and_its_recipe():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = shipped_model()
    assert 0 < model.threshold < 1 and len(model.weights) > 100
    assert "train-attribution" in data["meta"]["recipe"]
    held_out = data["meta"]["held_out"]
    assert held_out["precision_after"] >= held_out["precision_before"]


def test_probability_is_the_logistic_of_the_weighted_features():
    model = AttributionModel({"lemma=say": 2.0, "kind=direct": 1.0}, -1.0, 0.5, {})
    assert model.probability({"lemma=say": 1.0, "kind=direct": 1.0}) == \
        pytest.approx(1 / (1 + math.exp(-2.0)))
    assert model.probability({"unknown": 1.0}) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert AttributionModel.from_dict(model.as_dict()) == model


def test_every_attribution_carries_its_confidence(attribute):
    result = attribute("\u201cWe will appeal the decision,\u201d the mayor said on Tuesday.")
    (a,) = result.attributions
    assert 0.5 < a.confidence <= 1.0
    assert a.as_dict("x")["confidence"] == a.confidence


def test_the_shipped_source_model_is_plain_json_trained_on_judged_answers():
    data = json.loads(SOURCE_MODEL_PATH.read_text(encoding="utf-8"))
    assert "train-sources" in data["meta"]["recipe"]
    assert "check" not in data["meta"]["trained_on"]          # the tune halves only
    held_out = data["meta"]["held_out_web"]
    assert held_out["attributions"] > 100 and held_out["expected_calibration_error"] < 0.1
    assert len(shipped_source_model().weights) > 50


def test_a_name_given_in_full_is_surer_than_a_pronoun_nobody_stands_for(attribute):
    named = attribute("Jane Roe is the mayor of Springfield. \u201cWe will appeal the decision,"
                      "\u201d Jane Roe said on Tuesday.").attributions[0]
    unresolved = attribute("\u201cWe will appeal the decision,\u201d he said on Tuesday."
                           ).attributions[0]
    assert named.source.source_type == "named_person"
    assert unresolved.source.source_type == "unresolved"
    assert 0.0 < unresolved.source_confidence < named.source_confidence < 1.0
    assert named.as_dict("x")["source_confidence"] == named.source_confidence


def test_a_number_added_to_a_price_is_no_report(attribute, extractor):
    # "added $1.60 to close at": the cue word reads as speech, the learned decision says no
    text = "Shares of the company added $1.60 to close at $45.20 on Friday."
    assert attribute(text).attributions == []


def test_a_quote_over_two_paragraphs_is_one_piece_a_paragraph(attribute):
    text = ("Jane Roe said: \u201cThe plan is dead. We will not revive it.\n\n"
            "\u201cNobody in this office wants it back.\u201d\n")
    (a,) = attribute(text).attributions
    assert [p.text for p in a.pieces] == ["The plan is dead. We will not revive it.",
                                          "Nobody in this office wants it back."]
    assert all(text[p.start:p.end] == p.text for p in a.pieces)


def test_a_headline_line_is_no_claim_but_the_lede_after_it_is(extractor):
    text = ("Jane Roe: The plan is dead\n"
            "The city council said on Monday that the plan would not be revived.\n")
    (result,) = extractor.results_for([Article(id="t", text=text, title="Council drops plan")])
    assert [a.content.text for a in result.attributions] == ["the plan would not be revived"]


def test_prosecutors_of_a_named_office_speak_for_it(attribute):
    text = ("The U.S. Attorney\u2019s Office for the Southern District of New York charged two "
            "guards on Tuesday. Prosecutors said the guards had falsified records.")
    (a,) = attribute(text).attributions
    assert a.source.source_type == "named_organization"
    assert "Attorney" in a.source.name
    # the office's name ends at its full stop, and detectives speak for the police as officers do
    police = attribute("A man was shot on Sunday, according to the Spokane Police Department. "
                       "Officers said the victim was 34. Detectives said the case was open.")
    assert [(a.source.source_type, a.source.name) for a in police.attributions[1:]] == [
        ("named_organization", "Spokane Police Department")] * 2


def test_it_is_never_a_person(attribute):
    text = ("Jane Roe met the board of Acme Corp. on Monday. The company said it would cut "
            "jobs. It said the cuts were needed.")
    types = {a.speaker.text: a.source.source_type for a in attribute(text).attributions}
    assert types["It"] != "named_person"


def test_the_features_of_a_cue_with_a_number_for_object():
    from quotesource.attribution.cues import Cue
    from quotesource.attribution.tree import Tree
    from quotesource.nlp import Sentence, Word
    words = [Word(1, "Shares", "share", "NOUN", "NNS", 2, "nsubj", 0, 6),
             Word(2, "added", "add", "VERB", "VBD", 0, "root", 7, 12),
             Word(3, "$", "$", "SYM", "$", 2, "obj", 13, 14),
             Word(4, "2", "2", "NUM", "CD", 3, "nummod", 14, 15)]
    feats = cue_features(Tree(Sentence(0, 15, words)), Cue(2, 2, "add", "speech", "clause"))
    assert feats["lemma=add"] == 1.0 and feats["child=obj"] == 1.0


def test_a_person_whose_name_is_followed_by_another_noun_s_its_stays_a_person(attribute):
    text = ("Gov. Kristi Noem launched the campaign, and the ad went viral on its first day. "
            "\u201cIt is working,\u201d Noem said.")
    (a,) = attribute(text).attributions
    assert a.source.source_type == "named_person"


def test_threshold_and_summary_on_a_known_case():
    rows = [("a", {}, 1), ("a", {}, 1), ("b", {}, 0), ("b", {}, 0), ("c", {}, 1)]
    probabilities = [0.9, 0.8, 0.1, 0.2, 0.7]
    t = choose_threshold(rows, probabilities)
    assert 0.2 < t <= 0.7
    s = summary([y for _, _, y in rows], probabilities, t)
    assert s["kept_false"] == 0 and s["kept_real"] == 3
