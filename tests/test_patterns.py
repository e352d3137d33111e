"""Attribution patterns on short real sentences, with the real shipped models."""
import pytest

from quotesource.records import Article


@pytest.fixture(scope="module")
def attribute(extractor):
    def run(text):
        (result,) = extractor.results_for([Article(id="t", text=text)])
        return result
    return run


def only(result):
    assert len(result.attributions) == 1, [a.content.text for a in result.attributions]
    return result.attributions[0]


def test_inverted_cue_with_typewriter_quotes(attribute):
    a = only(attribute("''Some courses are adapting, others are just not,'' said Paul H. Chipok, "
                       "a lawyer in Orlando who specializes in land-use issues."))
    assert a.kind == "direct" and a.cue.text == "said"
    assert a.content.text == "Some courses are adapting, others are just not"
    assert a.speaker.text.startswith("Paul H. Chipok")
    assert a.source.source_type == "named_person"


def test_according_to_opening_the_sentence(attribute):
    a = only(attribute("According to a recent poll of Indiana voters, Trump garnered 30% of "
                       "the votes, leading the GOP field."))
    assert a.speaker.text == "a recent poll of Indiana voters"
    assert a.content.text.startswith("Trump garnered")
    assert a.source.source_type == "document"


def test_recipient_and_complementizer_are_skipped(attribute):
    a = only(attribute("During a town hall meeting in Iowa, Rubio told reporters Tuesday that "
                       "the president's new executive actions undermine constitutional rights."))
    assert a.speaker.text == "Rubio" and a.cue.text == "told"
    assert a.content.text.startswith("the president's new executive actions")


def test_content_before_a_mid_sentence_cue_clause(attribute):
    result = attribute("Outright victory is vital, he said after meeting Thursday with aides, "
                       "because he said party leaders appear determined to block him.")
    contents = [a.content.text for a in result.attributions]
    assert contents == ["Outright victory is vital",
                        "party leaders appear determined to block him"]


def test_quote_split_by_its_cue_is_one_attribution(attribute):
    a = only(attribute("\u201cJudge,\u201d Brafman said, \u201cI have never had that happen.\u201d"))
    assert a.kind == "direct" and a.speaker.text == "Brafman"
    assert a.content.text.startswith("Judge") and a.content.text.endswith("happen.")


def test_quote_paragraph_continues_the_previous_speaker(attribute):
    text = ("\u201cWe are ready,\u201d said Jane Doe, the mayor of Springfield.\n"
            "\u201cThe budget is balanced and the roads are fixed.\u201d\n")
    result = attribute(text)
    assert len(result.attributions) == 2
    second = result.attributions[1]
    assert second.content.text.startswith("The budget") and second.cue is None
    assert second.source is result.attributions[0].source
    assert second.source.name == "Jane Doe" and second.source.role == "the mayor of Springfield"[4:]


def test_headline_colon_names_a_source(attribute):
    result = attribute("NY Daily News: Paris Terror Attacks Highlight Threat Posed by NRA\n"
                       "The paper published an editorial on Monday.")
    a = only(result)
    assert (a.speaker.text, a.cue.text) == ("NY Daily News", ":")
    assert a.content.text == "Paris Terror Attacks Highlight Threat Posed by NRA"


def test_participles_and_time_words_are_not_cues_or_speakers(attribute):
    result = attribute("Under the proposed plan, all forces would leave the base by 2025. "
                       "The deal was done, Wednesday said.")
    assert result.attributions == []


def test_anonymous_source_stays_anonymous_through_a_pronoun(attribute):
    text = ("\u201cThe talks are over,\u201d a senior official said. "
            "\u201cWe will announce it soon,\u201d she added.")
    result = attribute(text)
    assert [a.source.source_type for a in result.attributions] == ["anonymous_person"] * 2
    assert result.attributions[1].source is result.attributions[0].source


def test_non_responses(attribute):
    result = attribute("The FDIC, a major banking regulator, declined to comment. "
                       "Jim Prosser, a Twitter spokesman, did not immediately respond to "
                       "requests for comment.")
    found = [(n.speaker.text, n.cue.text) for n in result.non_responses]
    assert ("Jim Prosser, a Twitter spokesman", "did not immediately respond") in found
    assert any(cue == "declined to comment" and "FDIC" in speaker for speaker, cue in found)
