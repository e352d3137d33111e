"""Lines as paragraphs for the tokenizer (nlp/paragraphs.py), with the shipped models."""
from hypothesis import given
from hypothesis import strategies as st

from quotesource.nlp import get_parser
from quotesource.nlp.paragraphs import paragraphed


def test_a_line_opening_in_capitals_becomes_its_own_paragraph():
    lines = paragraphed("Story continues below\nThe mayor said so.")
    assert lines.text == "Story continues below\n\nThe mayor said so."
    assert lines.inserted == (22,)
    assert lines.original(23) == 22        # "The" is where it was in the text as given


def test_hard_wraps_colons_commas_and_blank_lines_are_left_alone():
    for text in ("to participate personally\nin caucuses", "Ms Persson said:\n\"I would\"",
                 "Jane Roe, the mayor,\nSaid so", "One.\n\nTwo.", "\nLead", "tail\n"):
        assert paragraphed(text).text == text


@given(st.text(alphabet="ab A.:,\n\t", max_size=60))
def test_every_character_maps_back_to_itself(text):
    lines = paragraphed(text)
    assert len(lines.text) == len(text) + len(lines.inserted)
    for i, char in enumerate(lines.text):
        if i not in lines.inserted:
            assert text[lines.original(i)] == char


def test_a_heading_line_no_longer_runs_into_the_next_sentence():
    (doc,) = get_parser().parse(["Officials said the plan was dead\nThe mayor disagreed "
                                      "with the council on Monday."])
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [
        "Officials said the plan was dead", "The mayor disagreed with the council on Monday."]


def test_a_headline_is_not_the_content_of_the_paragraph_after_it(attribute):
    result = attribute("South Dakota spends $449K on new anti-meth ad campaign\nSouth Dakota's "
                       "meth crisis is growing at an alarming rate, Gov. Kristi Noem said.")
    (attribution,) = result.attributions
    assert attribution.content.text.startswith("South Dakota's meth crisis")
