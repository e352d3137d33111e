"""The noun-kind model (attribution/noun_kinds.py, training/noun_kind_model.py) and what
sources.py and coreference.py do with the kinds, on sentences written for these tests, with the
shipped models."""
import json

import pytest
from conftest import SHARED, resolved_sources, source_types

from quotesource.attribution import noun_kinds
from quotesource.attribution.noun_kinds import (NOUN_KIND_MODEL_PATH, learned_noun_kind,
                                                noun_features, noun_kind_model)
from quotesource.nlp.vectors import word_vector
from quotesource.training.noun_kind_model import train_noun_kinds

NLP_DATA = SHARED / "nlp" / "data"


def test_the_shipped_model_is_plain_json_with_its_recipe_and_held_out_scores():
    data = json.loads(NOUN_KIND_MODEL_PATH.read_text(encoding="utf-8"))
    assert "train-noun-kinds" in data["meta"]["recipe"]
    assert data["kinds"] == ["organization", "person", "thing"]
    assert len(data["dense"]) == 3 and all(len(row) == 50 for row in data["dense"])
    held_out = data["meta"]["held_out"]
    assert held_out["n"] > 3000 and held_out["accuracy"] > 0.9
    assert data["meta"]["held_out_unseen_lemmas"]["person"]["recall"] > 0.7


def test_features_are_the_lemmas_letters_number_and_whether_the_vectors_know_it():
    assert {"w=insurer", "c3=^in", "c5=urer$", "plural", "oov"} <= set(noun_features("insurer", False))
    assert noun_features("insurer", True)["plural"] == 1.0
    assert noun_features("insurer", False)["oov"] == 0.0
    assert noun_features("qzxwvtrk", False)["oov"] == 1.0
    assert word_vector("Insurer") is not None and word_vector("qzxwvtrk") is None


@pytest.mark.parametrize("lemma", ["jury", "media", "management", "insurer", "employer"])
def test_bodies_read_as_organizations(lemma):
    assert learned_noun_kind(lemma, False) == "organization"


@pytest.mark.parametrize("lemma", ["result", "negotiation", "attempt", "heritage"])
def test_things_read_as_things(lemma):
    assert learned_noun_kind(lemma, lemma.endswith("n")) == "thing"


@pytest.mark.parametrize("lemma", ["mailer", "booster", "rival", "chart"])
def test_doubtful_nouns_are_left_to_the_nouns_ending(lemma):
    # no "person" under PERSON_MIN ("the mailer" is a document), nor a "thing" under THING_MIN
    assert learned_noun_kind(lemma, True) is None


@pytest.mark.parametrize("lemma", ["neurosurgeon", "tycoon", "actress"])
def test_nouns_the_model_is_sure_name_people_are_people(lemma):
    assert learned_noun_kind(lemma, False) == "person"


def test_a_description_the_model_calls_a_person_is_the_person_named_before(attribute):
    result = attribute("Sheldon Adelson met the candidate on Monday. \u201cIt was very nice,\u201d "
                       "the gambling tycoon told Reuters.")
    assert resolved_sources(result) == [
        ("the gambling tycoon", "named_person", "Sheldon Adelson")]


def test_a_doubtful_noun_is_its_likeliest_kind_not_its_ending(attribute):
    # "number" ends like "speaker": the model's likeliest kind (a thing) says it is none, so
    # "the top-line number" is a document, not the person named before it
    result = attribute("Hillary Clinton leads in the latest poll. The top-line number shows her "
                       "in a dead heat with Bernie Sanders.")
    assert source_types(result) == [("The top-line number", "document")]


def test_a_plural_of_things_is_a_document_not_an_anonymous_group(attribute, monkeypatch):
    text = "Preliminary readings showed the mayor well ahead in the count."
    assert source_types(attribute(text)) == [("Preliminary readings", "document")]
    # without the model, every plural nobody listed was a group of people
    monkeypatch.setattr(noun_kinds, "noun_kind_model", lambda: None)
    noun_kinds.learned_noun_kind.cache_clear()
    try:
        assert source_types(attribute(text + " ")) == [("Preliminary readings", "anonymous_group")]
    finally:
        noun_kinds.learned_noun_kind.cache_clear()


@pytest.mark.parametrize("text, speaker", [
    ("The jury said it could not reach a verdict.", "The jury"),
    ("The management said sales would rise by five percent next year.", "The management"),
    ("The advisory panel said the drug was safe.", "The advisory panel")])
def test_a_body_met_through_a_common_noun_is_an_organization(attribute, text, speaker):
    # the model's "organization" (jury, management) and lexicons/organization_nouns.txt (panel);
    # the definite singular of a noun for no person was once a document
    assert source_types(attribute(text)) == [(speaker, "named_organization")]


def test_a_quantity_of_people_is_a_group_whatever_the_quantity(attribute):
    result = attribute("A share of voters said the economy was their main concern.")
    assert source_types(result) == [("A share of voters", "anonymous_group")]


def test_his_wife_is_not_the_man_named_before_her(attribute):
    result = attribute("John Roe arrived in Ohio on Monday. His wife said the trip had been long.")
    assert source_types(result) == [("His wife", "anonymous_person")]


@pytest.mark.skipif(not NLP_DATA.exists(), reason=f"{NLP_DATA} not found")
def test_the_recipe_rebuilds_the_shipped_model(tmp_path):
    meta = train_noun_kinds(NLP_DATA, tmp_path / "noun_kinds.json")
    assert (tmp_path / "noun_kinds.json").read_bytes() == NOUN_KIND_MODEL_PATH.read_bytes()
    assert meta == noun_kind_model().meta


def test_a_definite_plural_of_bodies_describes_named_organizations(attribute):
    # the guide types a description by whom it refers to: "the airlines" are Delta and United
    result = attribute("Delta and United cancelled hundreds of flights. The airlines said "
                       "refunds would be offered.")
    assert source_types(result) == [("The airlines", "named_organization")]
    assert source_types(attribute("Many airlines said refunds would be offered.")) == [
        ("Many airlines", "anonymous_group")]
