"""Candidate-only parsing: the dependency parse runs only where attribution reads it."""
from pathlib import Path

import pytest
from conftest import ROOT

from quotesource.attribution.candidates import needs_parse, shallow_subjects
from quotesource.attribution.cues import find_cues
from quotesource.attribution.disclosures import non_response_spans
from quotesource.attribution.quotes import find_quotes
from quotesource.attribution.tree import Tree
from quotesource.evaluation.gold import polnear_annotation_files
from quotesource.ingest import load_articles
from quotesource.nlp import Sentence, Word
from quotesource.pipeline import Extractor

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "train"


def tagged(line: str) -> Sentence:
    """'Jane/PROPN Roe/PROPN said/VERB' -> a Sentence with tags and no parse."""
    words, at = [], 0
    for i, item in enumerate(line.split(), 1):
        text, upos = item.rsplit("/", 1)
        words.append(Word(i, text, text.lower(), upos, "POS" if text == "'s" else "", 0, "dep",
                          at, at + len(text)))
        at += len(text) + 1
    return Sentence(0, at - 1, words, parsed=False)


def subjects(line: str) -> list[str]:
    sentence = tagged(line)
    return [w.text for w in sentence.words if w.id in shallow_subjects(sentence)]


def test_subjects_from_tags_alone():
    assert subjects("Jane/PROPN Roe/PROPN ,/PUNCT a/DET former/ADJ official/NOUN at/ADP the/DET "
                    "agency/NOUN ,/PUNCT later/ADV resigned/VERB ./PUNCT") == ["Jane", "Roe"]
    assert subjects("In/ADP March/PROPN ,/PUNCT Roe/PROPN 's/PART tone/NOUN in/ADP the/DET "
                    "talks/NOUN was/AUX defiant/ADJ ./PUNCT") == ["Roe", "'s", "tone"]
    assert subjects("Officials/NOUN met/VERB Roe/PROPN in/ADP Paris/PROPN ./PUNCT") == ["Officials"]
    assert subjects("The/DET vote/NOUN ,/PUNCT which/PRON Roe/PROPN won/VERB ,/PUNCT was/AUX "
                    "close/ADJ ./PUNCT") == ["The", "vote", "Roe"]
    assert subjects("After/ADP the/DET vote/NOUN in/ADP Ohio/PROPN ./PUNCT") == []


def test_only_sentences_with_a_cue_or_a_non_response_are_parsed():
    text = ("The weather in Ohio was cold on Monday. Jane Roe said the plan would fail. "
            "The company did not respond to requests for comment.")
    doc = Extractor().parser.parse([text], needs_parse=needs_parse)[0]
    assert [s.parsed for s in doc.sentences] == [False, True, True]
    assert {w.deprel for w in doc.sentences[0].words} == {"dep"}
    assert [w.upos for w in doc.sentences[0].words][:2] == ["DET", "NOUN"]    # still tagged
    for sentence in doc.sentences[1:]:
        assert [w.deprel for w in sentence.words].count("root") == 1
    full = Extractor().parser.parse([text])[0]
    assert [(w.head, w.deprel) for w in full.sentences[1].words] == \
        [(w.head, w.deprel) for w in doc.sentences[1].words]


def _articles():
    paths = list(SEEDS)
    if POLNEAR.exists():
        paths += [POLNEAR / "text" / f"{name}.txt"
                  for name in sorted(polnear_annotation_files(POLNEAR))[::120]]
    articles, errors = load_articles(paths)
    assert not errors
    return articles


def test_every_sentence_with_a_cue_or_non_response_is_a_candidate():
    """The superset that makes skipping safe, checked on full parses of real articles."""
    articles = _articles()
    docs = Extractor().parser.parse([a.text for a in articles])
    checked = 0
    for article, doc in zip(articles, docs):
        quotes = find_quotes(article.text, 0, len(article.text))
        for sentence in doc.sentences:
            found = find_cues(Tree(sentence), quotes) or \
                non_response_spans(article.text, sentence.start, sentence.end)
            if found:
                checked += 1
                assert needs_parse(article.text, sentence), sentence_text(article, sentence)
    assert checked >= 20


def sentence_text(article, sentence) -> str:
    return article.text[sentence.start:sentence.end]


def test_candidate_only_parsing_changes_no_seed_result():
    articles, _ = load_articles(SEEDS)
    fast = list(Extractor().results_for(articles))
    full = list(Extractor(full_parse=True).results_for(articles))
    assert [r.attributions for r in fast] == [r.attributions for r in full]
    assert [r.disclosures for r in fast] == [r.disclosures for r in full]
    assert [r.non_responses for r in fast] == [r.non_responses for r in full]
    assert sum(len(r.attributions) for r in fast) >= 10


@pytest.mark.parametrize("full_parse", [False, True])
def test_the_parse_mode_is_part_of_the_pipeline_version(full_parse):
    """A database filled by one mode is recomputed, not skipped, by the other."""
    assert Extractor(full_parse=full_parse).version.endswith(".full-parse") is full_parse
