"""Attribution patterns on short real sentences, with the real shipped models."""
import pytest
from conftest import resolved_sources

from quotesource.records import Article


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
    assert [p.text for p in a.pieces] == ["Judge", "I have never had that happen."]


def test_quote_resumed_after_an_aside_leaves_the_aside_out(attribute):
    a = only(attribute("\u201cWe will not raise the fare this year,\u201d said Maria Lopez, whose "
                       "agency runs the buses in the county. \u201cThe reserve covers the gap "
                       "until the spring.\u201d"))
    assert a.kind == "direct" and a.speaker.text == "Maria Lopez"
    assert [p.text for p in a.pieces] == ["We will not raise the fare this year",
                                          "The reserve covers the gap until the spring."]
    assert (a.content.start, a.content.end) == (a.pieces[0].start, a.pieces[1].end)


def test_question_put_to_a_source_has_no_speaker_unless_named(attribute):
    result = attribute("Asked whether the plan would survive in court, the governor said he was "
                       "confident. \u201cAbsolutely,\u201d she said when asked by a reporter if "
                       "the deal was still alive.")
    found = [(a.cue.text, a.speaker and a.speaker.text, a.content.text)
             for a in result.attributions]
    assert found == [("Asked", None, "whether the plan would survive in court"),
                     ("said", "the governor", "he was confident"),
                     ("said", "she", "Absolutely"),
                     ("asked", "a reporter", "if the deal was still alive")]
    assert result.attributions[0].source is None


def test_quote_paragraph_continues_the_previous_speaker(attribute):
    text = ("\u201cWe are ready,\u201d said Jane Doe, the mayor of Springfield.\n"
            "\u201cThe budget is balanced and the roads are fixed.\u201d\n")
    result = attribute(text)
    assert len(result.attributions) == 2
    second = result.attributions[1]
    assert second.content.text.startswith("The budget") and second.cue is None
    assert second.source is result.attributions[0].source
    assert second.source.name == "Jane Doe" and second.source.role == "the mayor of Springfield"[4:]


def test_a_quote_before_its_speaker_in_the_same_sentence_is_not_a_continuation(attribute):
    # "weighed in" is no cue, but the speaker who follows the quote's comma is its speaker,
    # with the quote after "telling Cook" as the second piece
    text = ("\u201cI can feel him here,\u201d Cook said.\n\n"
            "\u201cWe all miss Steve so much,\u201d Benioff weighed in, telling Cook, \u201csince "
            "he passed, you've been so true to him.\u201d\n")
    result = attribute(text)
    assert resolved_sources(result) == [("Cook", "named_person", "Cook"),
                                        ("Benioff", "named_person", "Benioff")]
    pieces = [piece.text for piece in result.attributions[1].pieces]
    assert pieces == ["We all miss Steve so much,", "since he passed, you've been so true to him."]


def test_headline_colon_names_a_source(attribute):
    result = attribute("NY Daily News: Paris Terror Attacks Highlight Threat Posed by NRA\n"
                       "The paper published an editorial on Monday.")
    a = only(result)
    assert (a.speaker.text, a.cue.text) == ("NY Daily News", ":")
    assert a.content.text == "Paris Terror Attacks Highlight Threat Posed by NRA"


def test_a_list_of_names_after_a_colon_is_no_claim(attribute):
    # a police roll: each line is "Name: charges", introduced by a line ending in a colon
    result = attribute("Officers took three people to the county jail on the following charges:\n"
                       "Jane A. Roe: Possession of methamphetamine, held in lieu of bond.\n"
                       "John B. Doe: Two county warrants, possession of marijuana, no bond.\n"
                       "Mary C. Major: Dealing in cocaine, possession of a syringe, no bond.\n")
    assert result.attributions == []
    notes = attribute("The Thunder visit the Lakers on Friday night.\n"
                      "TIP-INS\n"
                      "Thunder: F Jane Roe missed her third straight game with a knee sprain.\n"
                      "Lakers: Coach John Doe said his team would rest two starters.\n")
    assert [a.content.text for a in notes.attributions] == ["his team would rest two starters"]
    claim = attribute("The court ruled on Friday.\n"
                      "Jane A. Roe: The Ruling Is a Victory for Every Tenant in the City\n")
    assert only(claim).speaker.text == "Jane A. Roe"


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


def test_speaker_between_a_quote_and_its_cue(attribute):
    a = only(attribute("''We finally may be seeing some wage acceleration,'' the economist Jared "
                       "Bernstein, a former adviser in the Obama White House, wrote on his blog."))
    assert a.kind == "direct" and a.cue.text == "wrote"
    assert a.speaker.text.startswith("the economist Jared Bernstein")
    assert a.content.text == "We finally may be seeing some wage acceleration"


@pytest.mark.parametrize("mark", ["!", "?"])
def test_quote_ending_in_exclamation_or_question(attribute, mark):
    a = only(attribute(f"\u201cWho wants to live at home at 29{mark}\u201d she said."))
    assert a.speaker.text == "she" and a.content.text == f"Who wants to live at home at 29{mark}"


def test_relative_who_is_the_speaker_resolved_to_its_antecedent(attribute):
    result = attribute("''Revenues are up a little bit,'' said Steven Ekovich, who noted that "
                       "the price of some golf courses had fallen to about half their value.")
    noted = next(a for a in result.attributions if a.cue.text == "noted")
    assert noted.speaker.text == "who" and noted.source.name == "Steven Ekovich"
    assert noted.content.text.startswith("the price of some golf courses")


def test_participle_clause_speaks_for_the_main_subject(attribute):
    a = only(attribute("Fiorina was upfront about her distaste for Donald Trump, the current GOP "
                       "front-runner, saying conservatives need to band together to stop him."))
    assert a.cue.text == "saying" and a.speaker.text == "Fiorina"
    assert a.content.text == "conservatives need to band together to stop him"


def test_quoted_title_after_the_cue_is_not_the_content(attribute):
    a = only(attribute("Fidel Castro's revolution in 1959 dampened plans to return home, "
                       "Mr. Rubio said in his 2012 book, ''An American Son.''"))
    assert a.content.text == "Fidel Castro's revolution in 1959 dampened plans to return home"


def test_inverted_cue_with_apposition_takes_the_content_before(attribute):
    a = only(attribute("It's the first time a presidential candidate has made Alzheimer's a major "
                       "campaign issue, said Robert Egge, executive director of the Alzheimer's "
                       "Impact Movement."))
    assert a.speaker.text.startswith("Robert Egge")
    assert a.content.text.startswith("It's the first time")


def test_parenthetical_cue_clause_spans_both_sides(attribute):
    a = only(attribute("Riding alone as a woman in a male-dominated park, they said, "
                       "can be hazardous."))
    assert a.content.text.startswith("Riding alone") and a.content.text.endswith("hazardous")


def test_second_reporting_verb_starts_a_new_claim(attribute):
    result = attribute("Carson admitted that the course name in his book was inaccurate, but said "
                       "his campaign would release the article.")
    assert [a.content.text for a in result.attributions][:2] == [
        "the course name in his book was inaccurate", "his campaign would release the article"]


def test_stances_are_beliefs_extracted_only_on_request(extractor):
    from quotesource.pipeline import Extractor
    text = "Pastor Bradley Cranston endorsed Senator Ted Cruz of Texas on Monday."
    (plain,) = extractor.results_for([Article(id="t", text=text)])
    assert plain.attributions == []
    (with_beliefs,) = Extractor(include_beliefs=True).results_for([Article(id="t", text=text)])
    a = only(with_beliefs)
    assert a.cue.text == "endorsed" and a.speaker.text == "Pastor Bradley Cranston"
    assert a.content.text.startswith("Senator Ted Cruz of Texas")


@pytest.mark.parametrize("source", ["election lawyer Charlie Spies", "data released Friday by state "
                                    "gaming regulators", 'the "Medicare for all" document'])
def test_according_to_at_the_end_whatever_the_tagger_says(attribute, source):
    a = only(attribute(f"The plan would cost about $1.38 trillion a year, according to {source}."))
    assert a.cue.text == "according to" and a.speaker.text.startswith(source.split()[0])
    assert a.content.text == "The plan would cost about $1.38 trillion a year"


@pytest.mark.parametrize("text, cue, content", [
    ("\u201cPower to the people!\u201d the group shouted from the street.", "shouted",
     "Power to the people!"),
    ("\u201cDenver,\u201d he answered.", "answered", "Denver"),
    ('"Your reputation is amazing," Trump assured Jones.', "assured", "Your reputation is amazing"),
])
def test_a_verb_of_voice_reports_the_quote_next_to_it(attribute, text, cue, content):
    a = only(attribute(text))
    assert (a.cue.text, a.content.text.rstrip(",")) == (cue, content)


@pytest.mark.parametrize("text", ["The crowd shouted down the speaker.",
                                  "He answered questions for an hour."])
def test_a_verb_of_voice_without_a_quote_reports_nothing(attribute, text):
    assert attribute(text).attributions == []


@pytest.mark.parametrize("text, cue, content", [
    ("Jane Roe pointed out that the law had changed in 2019.", "pointed out",
     "the law had changed in 2019"),
    ("Trump shot back that the senator had never served.", "shot back",
     "the senator had never served"),
])
def test_a_reporting_verb_of_two_words_is_one_cue(attribute, text, cue, content):
    a = only(attribute(text))
    assert (a.cue.text, a.content.text) == (cue, content)


def test_a_particle_makes_no_reporting_verb_of_another_verb(attribute):
    # "point" and "shoot" alone report nothing
    assert attribute("The guard pointed at the door and shot the lock.").attributions == []


def test_a_crowd_is_an_anonymous_group_not_the_person_named_before(attribute):
    a = only(attribute("Richard Nixon spoke first. The crowd chanted \"Send them home.\""))
    assert (a.speaker.text, a.source.source_type) == ("The crowd", "anonymous_group")


def test_according_to_claims_its_content_before_a_cue_inside_it(attribute):
    # who the article has it from is the source; the cue inside its content is not another one
    a = only(attribute("The State Department has now found between 600 and 700 Clinton emails "
                       "containing classified information, according to Politico."))
    assert (a.cue.text, a.speaker.text, a.source.source_type) == (
        "according to", "Politico", "named_organization")
    assert a.content.text.startswith("The State Department has now found")


def test_according_to_keeps_a_participle_before_its_noun(attribute):
    a = only(attribute("HarperCollins declined to renew the offer, according to a publishing "
                       "executive familiar with the talks."))
    assert a.speaker.text == "a publishing executive familiar with the talks"
    assert a.source.source_type == "anonymous_person"
    # a participle after the noun still ends it ("data released Friday by ...", above)
    b = only(attribute("Revenue rose 3.5 percent, according to data released Friday by state "
                       "gaming regulators."))
    assert b.source.source_type == "document"


def test_participle_after_a_quote_takes_what_follows(attribute):
    result = attribute("\u201cWe're going to pick up delegates in all of them,\u201d he said, adding "
                       "that he doesn't want to offer specific predictions.")
    added = next(a for a in result.attributions if a.cue.text == "adding")
    assert added.content.text == "he doesn't want to offer specific predictions"


def test_participle_after_a_quote_speaks_for_the_quoted_speaker(attribute):
    result = attribute('"He has a desire to ensure that those voters feel heard," she said, adding '
                       'that "the Democratic Party will come together in July."')
    added = next(a for a in result.attributions if a.cue.text == "adding")
    assert added.speaker.text == "she"
    assert added.content.text.startswith("the Democratic Party will come together")


def test_quote_that_ends_a_paraphrase_keeps_the_paraphrase(attribute):
    a = only(attribute("Belgium failed to discover a Salafist cell in Molenbeek and ''should "
                       "possibly have acted sooner,'' said Ralf J\u00e4ger, the minister."))
    assert a.kind == "mixed" and a.content.text.startswith("Belgium failed")
    assert a.content.text.endswith("acted sooner")


def test_inverted_cue_after_a_backwards_curly_mark(attribute):
    a = only(attribute("\u201cThe reality is, that could create new problems for her here,\u201c said "
                       "Jim Clyburn, a Democratic congressman from South Carolina."))
    assert a.speaker.text.startswith("Jim Clyburn")
    assert a.content.text == "The reality is, that could create new problems for her here"


def test_inverted_cue_whose_speaker_has_a_relative_clause(attribute):
    a = only(attribute("Federal mandates are a burden that distract from teaching, said Wilcox, "
                       "an Orlando Republican who founded defense companies."))
    assert a.speaker.text.startswith("Wilcox")
    assert a.content.text == "Federal mandates are a burden that distract from teaching"


def test_time_word_after_an_inverted_looking_cue_is_not_the_speaker(attribute):
    a = only(attribute("The city's mayor, Ann Park, a Democrat, said Tuesday that she would sign "
                       "the bill."))
    assert a.source.name == "Ann Park" and a.content.text == "she would sign the bill"


def test_participle_adjunct_is_not_content(attribute):
    a = only(attribute("The talks went well, she said, shaking hands with the envoy."))
    assert (a.speaker.text, a.content.text) == ("she", "The talks went well")


def test_next_speech_verb_takes_the_quote_after_it(attribute):
    result = attribute("The vote will be held next month, Harris said, adding, \u201cWe need every "
                       "member in the room.\u201d Moreno said he accepted the ruling and added, "
                       "\u201cI will appeal anyway.\u201d")
    found = [(a.cue.text, a.speaker.text, a.content.text) for a in result.attributions]
    assert found[:2] == [("said", "Harris", "The vote will be held next month"),
                         ("adding", "Harris", "We need every member in the room.")]
    assert found[2] == ("said", "Moreno", "he accepted the ruling")
    assert found[3][0] == "added" and found[3][2] == "I will appeal anyway."
    assert result.attributions[3].source is result.attributions[2].source


def test_description_before_the_name_names_the_source(attribute):
    a = only(attribute("Fares will not rise this year, the transit agency's spokeswoman, Rita "
                       "Gomez, told reporters on Monday."))
    assert a.content.text == "Fares will not rise this year"
    assert (a.source.name, a.source.source_type) == ("Rita Gomez", "named_person")


def test_according_to_inside_the_sentence_takes_both_sides(attribute):
    result = attribute("Ticket sales, according to the festival's organizers, have doubled since "
                       "March. The park stays open until midnight, according to a city notice, "
                       "but the gates close at ten.")
    first, second = result.attributions
    assert [p.text for p in first.pieces] == ["Ticket sales", "have doubled since March"]
    assert first.speaker.text == "the festival's organizers"
    assert second.pieces == () and second.content.text == "The park stays open until midnight"
    assert second.source.source_type == "document"


def test_time_adjuncts_and_as_clauses(attribute):
    result = attribute("The bridge reopened on Sunday, the Daily Ledger reported. "
                       "Several stations reported on Friday the mayor had signed the order. "
                       "As the county clerk noted, the ballots had already been counted twice.")
    found = [(a.speaker.text, a.content.text) for a in result.attributions]
    assert found == [("the Daily Ledger", "The bridge reopened on Sunday"),
                     ("Several stations", "the mayor had signed the order"),
                     ("the county clerk", "the ballots had already been counted twice")]


def test_parenthetical_cue_clause_splits_the_content(attribute):
    a = only(attribute("The levee will hold, the engineer said, because the river crested "
                       "overnight."))
    assert [p.text for p in a.pieces] == ["The levee will hold",
                                          "because the river crested overnight"]
    assert a.speaker.text == "the engineer"


def test_quoted_fragment_inside_a_paraphrase(attribute):
    a = only(attribute("Okafor said that \u201cthe numbers do not add up\u201d in the budget "
                       "the council passed last week."))
    assert a.kind == "mixed"
    assert a.content.text == ("\u201cthe numbers do not add up\u201d in the budget the council "
                              "passed last week")


def test_speakers_the_parser_misses(attribute):
    result = attribute("The new rules would take effect in May, a former regulator said. "
                       "By 61%-30%, those surveyed said the tax should stay. "
                       "Senator Maria Ortiz (D-Ore.) last week said the vote would be close.")
    found = [(a.speaker.text, a.content.text) for a in result.attributions]
    assert found[0] == ("a former regulator", "The new rules would take effect in May")
    assert found[1] == ("those surveyed", "the tax should stay")
    assert found[2][0].startswith("Senator Maria Ortiz") and found[2][1] == "the vote would be close"


def test_headline_style_sentences(attribute):
    result = attribute("Transit chief says new buses arrive in spring.\n"
                       "City will raise the fare, eventually, budget director says.\n")
    found = [(a.speaker.text, a.content.text) for a in result.attributions]
    assert found == [("Transit chief", "new buses arrive in spring"),
                     ("budget director", "City will raise the fare, eventually")]


def test_discourse_markers_and_asides(attribute):
    result = attribute("That said, the council has not voted on the plan. "
                       "The county clerk, for example, said the count would finish by Friday.")
    a = only(result)
    assert (a.speaker.text, a.content.text) == ("The county clerk",
                                                "the count would finish by Friday")


def test_that_as_a_pronoun_subject_stays_in_the_content(attribute):
    a = only(attribute("The mayor said that was never the plan for the waterfront."))
    assert a.content.text == "that was never the plan for the waterfront"


def test_poll_shares_and_determiners_as_speakers(attribute):
    result = attribute("Six in 10 say the new stadium is a waste of money. "
                       "Some say they will not vote at all.")
    found = [(a.speaker.text, a.content.text) for a in result.attributions]
    assert found == [("Six in 10", "the new stadium is a waste of money"),
                     ("Some", "they will not vote at all")]


def test_they_after_two_named_subjects_is_the_two_of_them(attribute):
    result = attribute("Tova Noel and Michael Thomas signed the forms on Monday. They said the "
                       "checks were made.")
    (a,) = result.attributions
    assert (a.speaker.text, a.source.name, a.source.source_type) == \
        ("They", "Tova Noel and Michael Thomas", "named_person")
    # two people named as objects are not what "they" stands for
    other = attribute("Officials met Jane Roe and John Doe on Monday. They said the talks "
                      "went well.")
    assert only(other).source.source_type == "anonymous_group"
    # in the pronoun's own sentence, a pair named before it is what "they" stands for
    same = attribute("When I met with Jane Roe and John Doe on Monday, they said the deal was "
                     "done.")
    assert resolved_sources(same) == [("they", "named_person", "Jane Roe and John Doe")]


def test_a_request_for_anonymity_is_no_attribution(attribute):
    # The labelling guide keeps "who asked not to be named" as a source disclosure: only the
    # "said" reports speech, and its speaker is the official.
    result = attribute("A city official, who asked not to be named because the talks were "
                       "private, said the vote was rushed.")
    a = only(result)
    assert a.cue.text == "said" and a.speaker.text == "A city official"
    assert a.content.text == "the vote was rushed"
    assert a.source.source_type == "anonymous_person"
    # the stated reason ends with its clause, not in what the official then said
    assert [d.reason.text for d in result.disclosures] == ["because the talks were private"]


def test_a_description_whose_aside_withholds_the_name_is_nobody_named_before(attribute):
    # "the woman" would be the woman named last; "who spoke on the condition of anonymity" says
    # the article does not name her
    result = attribute("Maria Haines met the lawyers in May. \u201cIt was hard,\u201d said the "
                       "woman, who spoke on the condition of anonymity because she feared her "
                       "employer.")
    assert resolved_sources(result) == [("the woman", "anonymous_person", "woman")]
    named = attribute("Maria Haines met the lawyers in May. \u201cIt was hard,\u201d said the "
                      "woman, who has lived there since 1990.")
    assert resolved_sources(named) == [("the woman", "named_person", "Maria Haines")]


def test_restrictive_who_clause_before_the_cue_names_the_speaker(attribute):
    a = only(attribute("A source inside the camp, a Syrian refugee who feared retaliation and "
                       "asked not to be identified, said that the claim is \u201cabsolutely not "
                       "true.\u201d"))
    assert a.cue.text == "said" and a.speaker.text.endswith("refugee")
    assert a.source.source_type == "anonymous_person"


@pytest.mark.parametrize("sentence, speaker", [
    ("The senator, a Democrat, criticized the bill as \u201creckless.\u201d", "The senator"),
    ("The head librarian, Tom Hill, described it as \u201chistoric\u201d in the worst way.",
     "The head librarian"),
])
def test_object_cue_after_an_apposition_keeps_its_subject(attribute, sentence, speaker):
    # A comma before "criticized" closes the subject's apposition: the phrase after the cue is
    # its object, not an inverted speaker ("..., said Jane Roe").
    a = only(attribute(sentence))
    assert a.speaker.text.startswith(speaker)


def test_a_description_of_an_outlet_is_a_named_organization(attribute):
    result = attribute("The New York Times reported that the losses began in 2019. The daily "
                       "said the board had been warned. The BBC said two directors resigned. "
                       "The broadcaster said it had seen the emails.")
    types = {a.speaker.text: a.source.source_type for a in result.attributions}
    assert types["The daily"] == "named_organization"
    assert types["The broadcaster"] == "named_organization"


def test_an_embedded_post_is_its_authors_direct_attribution(attribute):
    result = attribute("Storm Hits Coast\n\nResidents were told to stay home.\n\nWe are working "
                       "around the clock to restore power. Stay safe, everyone. "
                       "pic.twitter.com/AbCdEf \u2014 Jane Roe (@janeroe) October 3, 2024\n\n"
                       "The utility said it had restored power to 40,000 homes.\n")
    post = next(a for a in result.attributions if a.cue.text == "\u2014")
    assert post.kind == "direct" and post.speaker.text == "Jane Roe"
    assert post.content.text == ("We are working around the clock to restore power. "
                                 "Stay safe, everyone.")
    assert post.source.source_type == "named_person"
    assert [a.cue.text for a in result.attributions] == ["\u2014", "said"]


@pytest.mark.parametrize("sentence, source_type", [
    ("Polls show the race is tied.", "document"),          # the tagger's Polls/NNPS
    ("Ministers said the plan would work.", "anonymous_group"),
])
def test_a_capitalised_plural_opening_the_sentence_is_no_name(attribute, sentence, source_type):
    a = only(attribute(sentence))
    assert a.source.source_type == source_type


def test_a_name_inside_a_documents_modifier_leaves_the_document_the_speaker(attribute):
    result = attribute("A report by the auditor, Tom Hill, found that the bank had hidden "
                       "losses. It said the board knew.")
    report, it = result.attributions
    assert report.source.source_type == "document" and report.source.name == "report"
    assert it.speaker.text == "It" and it.source.source_type == "document"


def test_a_quote_in_the_paragraph_before_is_not_the_next_cues_content(attribute):
    # web pages often keep paragraphs one newline apart: the quote ending the one before
    # belongs to its own speaker, and the new paragraph's cue keeps its own clause
    result = attribute('"You are in this job because of this crisis," Sasse told Hawk Sawyer, '
                       'calling for an explanation. "That bastard now won\'t be able to testify '
                       'against his other co-conspirators."\nProsecutors alleged that Epstein '
                       '"sexually exploited and abused dozens of minor girls" at his homes.')
    by_speaker = {a.speaker.text: a.content.text for a in result.attributions}
    assert by_speaker["Prosecutors"].startswith("Epstein")
    assert "That bastard" not in by_speaker["Prosecutors"]


def test_a_full_quote_before_a_new_sentence_with_its_own_clause_is_not_its_content(attribute):
    result = attribute('Michael Sims spoke on Monday. "We are a small player, and that adds to '
                       'the mix." He said his company\'s lander should be available in 2023.')
    contents = [a.content.text for a in result.attributions if a.speaker.text == "He"]
    assert contents == ["his company's lander should be available in 2023"]


def test_a_time_phrase_alone_is_not_what_was_announced(attribute):
    result = attribute("The lander is based on the Blue Moon vehicle, which the company's "
                       "founder Jeff Bezos announced earlier this year.")
    assert [a.content.text for a in result.attributions] == []


def test_as_x_have_reported_names_its_speaker_past_the_auxiliary(attribute):
    a = only(attribute("As both NBC News and Bloomberg have reported, there is a security risk "
                       "associated with business accounts."))
    assert (a.speaker.text, a.cue.text, a.content.text) == (
        "NBC News and Bloomberg", "reported",
        "there is a security risk associated with business accounts")


def test_a_name_after_the_subjects_relative_clause_is_its_apposition(attribute):
    a = only(attribute("The company that runs the AMAs, Dick Clark Productions, denies that "
                       "anything has been definitely sorted, though."))
    assert a.speaker.text == "The company that runs the AMAs, Dick Clark Productions"
    assert a.source.name == "Dick Clark Productions"
    plain = only(attribute("The company that runs the AMAs denies that anything has been sorted."))
    assert plain.speaker.text == "The company"


def test_a_participle_clause_after_an_adverb_is_the_speakers_next_claim(attribute):
    result = attribute('"You are in this job because of this crisis," Sasse told Hawk Sawyer, '
                       "repeatedly calling for an explanation of how the system failed to keep "
                       "track of such a high-profile inmate.")
    assert [(a.cue.text, a.content.text[:24]) for a in result.attributions] == [
        ("told", "You are in this job beca"), ("calling", "an explanation of how th")]
    assert [n for _, _, n in resolved_sources(result)] == ["Sasse", "Sasse"]


def test_said_that_one_could_not_comment_is_a_non_response_not_a_claim(attribute):
    result = attribute("Hawk Sawyer said she couldn't comment on the ongoing criminal "
                       "investigation and a review by the inspector general.")
    kept = attribute("Jane Hoff, who declined to comment for this article, previously said that "
                     "the review was fair.")
    assert result.attributions == []
    assert [n.cue.text for n in result.non_responses] == ["couldn't comment"]
    assert [a.content.text for a in kept.attributions] == ["the review was fair"]


@pytest.mark.parametrize("text, speaker", [
    ("A CNN poll released Saturday found that Trump leads by 10 points.",
     "A CNN poll released Saturday"),
    ("A report published Wednesday said the program had failed.",
     "A report published Wednesday"),
    ("The stadium was closed last year. The report, released on Tuesday, found the stadium "
     "was unsafe.", "The report, released on Tuesday")])
def test_a_document_released_on_a_day_is_the_speaker_not_the_day(attribute, text, speaker):
    # the parser makes "released" the main verb and "Saturday" the cue's subject
    a = only(attribute(text))
    assert (a.speaker.text, a.source.source_type) == (speaker, "document")


def test_a_role_the_tagger_takes_for_a_verb_before_a_name_is_part_of_the_speaker(attribute):
    # "coach/VERB": the phrase between the quote and the cue is still the speaker
    a = only(attribute('The Raptors beat the Celtics on Friday. "We played hard," Raptors coach '
                       'Nick Nurse told reporters after the game.'))
    assert (a.speaker.text, a.source.source_type, a.source.name) == (
        "Raptors coach Nick Nurse", "named_person", "Nick Nurse")


def test_a_sentence_final_cue_after_who_is_the_anonymous_persons_and_reports_what_came_first(
        attribute):
    # the parser hangs "said" on the relative clause and gives it the main clause's subject;
    # a day before the comma is no part of the person's phrase
    a = only(attribute("The talks stalled on Monday, a person familiar with the matter, who "
                       "spoke on condition of anonymity because the talks are private, said."))
    assert (a.speaker.text, a.source.source_type, a.content.text) == (
        "who", "anonymous_person", "The talks stalled on Monday")
    # a day before a comma is the time of the sentence, not part of the speaker's phrase
    b = only(attribute("In a memo released as polls closed Tuesday, Clinton campaign manager "
                       "Robby Mook acknowledged the two candidates had split the first contests."))
    assert b.speaker.text == "Clinton campaign manager Robby Mook"


def test_a_wire_dateline_is_no_part_of_the_speaker(attribute):
    a = only(attribute("WASHINGTON, June 10 (UPI) \u2014 Democratic presidential nominee Hillary "
                       "Clinton said on Friday she would protect voting rights."))
    assert a.speaker.text == "Democratic presidential nominee Hillary Clinton"
    b = only(attribute("WASHINGTON (Reuters) - U.S. officials said on Tuesday that the talks had "
                       "failed."))
    assert (b.speaker.text, b.source.source_type) == ("U.S. officials", "anonymous_group")


def test_a_participle_aside_between_the_subject_and_the_cue_keeps_the_subject(attribute):
    # "filed/VBD" is parsed as the main verb and "alleges" as its conjunct: the speaker had
    # been "Detroit"
    a = only(attribute("The lawsuit, filed in federal court in Detroit, alleges the city "
                       "violated the law."))
    assert (a.speaker.text, a.source.source_type) == (
        "The lawsuit, filed in federal court in Detroit", "document")


def test_a_relative_clause_inside_the_phrase_between_quote_and_cue_ends_the_speaker(attribute):
    a = only(attribute('"Clinton needs a strategy," Nate Silver, the polling guru who founded '
                       'fivethirtyeight.com tweeted on Wednesday.'))
    assert (a.speaker.text, a.source.name) == ("Nate Silver, the polling guru", "Nate Silver")
    assert a.content.text == "Clinton needs a strategy"


def test_as_someone_put_it_gives_the_quote_to_them(attribute):
    a = only(attribute('But as one resident put it, "We are tired of waiting."'))
    assert (a.speaker.text, a.source.source_type, a.kind) == (
        "one resident", "anonymous_person", "direct")


@pytest.mark.parametrize("text, content", [
    ("The senator said she admires the governor's persistence and praised his record on "
     "health care.", "she admires the governor's persistence"),
    ("The coach says he was proud of the team and wants a new contract before the season.",
     "he was proud of the team"),
    # the same tense in both: either reading is open, nothing is cut
    ("The mayor said the plan failed and cost the city millions of dollars.",
     "the plan failed and cost the city millions of dollars"),
    # "called" shares "has" with "criticized": still what she noted
    ("She noted that he has criticized the bank for years and called its chief executive "
     "reckless.", "he has criticized the bank for years and called its chief executive reckless"),
])
def test_a_second_predicate_in_the_cues_tense_is_the_speakers_own(attribute, text, content):
    """'She said she admires X and praised Y': she praised it (the cue's tense, no subject of
    its own); the content ends before 'and' (attribution/second_predicates.py)."""
    said = [a for a in attribute(text).attributions if a.cue.text in ("said", "says", "noted")]
    assert [a.content.text for a in said] == [content]


def test_a_cue_in_a_relative_clause_reports_no_further_than_the_clause(attribute):
    """'X, who said Y, recounted Z': what X said ends with the relative clause."""
    result = attribute("Warren, who praised the judge and said senators should give him a "
                       "hearing, stopped short of backing his nomination.")
    (said,) = [a for a in result.attributions if a.cue.text == "said"]
    assert said.content.text == "senators should give him a hearing"
    assert said.source.name == "Warren"


@pytest.mark.parametrize("text, content", [
    ("The mayor said Tuesday night the city would appeal the ruling.",
     "the city would appeal the ruling"),
    ("The governor said Wednesday she, too, wants an inquiry into the deal.",
     "she, too, wants an inquiry into the deal"),
])
def test_a_bare_day_after_the_cue_and_a_parenthetical_too(attribute, text, content):
    """'said Wednesday she ...': the day belongs to the cue; 'she, too, wants' is one clause,
    not a new one opening at the comma."""
    (a,) = attribute(text).attributions
    assert a.content.text == content


@pytest.mark.parametrize("text, content", [
    ("The front-runner complained that the contest had been rigged against him, a charge "
     "that party leaders strongly denied.", "the contest had been rigged against him"),
    ("The mayor said he had cut the school budget, which he argued would restore equity.",
     "he had cut the school budget"),
    # a relative clause inside the content, the content going on after it, stays
    ("Officials said the plan, which critics called reckless, would go ahead.",
     "the plan, which critics called reckless, would go ahead"),
])
def test_a_report_nested_in_a_relative_clause_ends_the_content(attribute, text, content):
    """', which he argued ...', ', a charge that X denied': another attribution, about the
    phrase the clause hangs on."""
    first = attribute(text).attributions[0]
    assert first.content.text == content


def test_a_time_that_opens_the_sentence_is_no_subject_for_a_participle_cue(attribute):
    """'Minutes after the vote, the senator left the chamber, saying ...': the senator."""
    (a,) = attribute("Minutes after the vote, the senator left the chamber, saying the bill "
                     "would fail.").attributions
    assert a.speaker.text == "the senator"


def test_a_participle_cue_skips_a_main_subject_that_cannot_speak(attribute):
    """'The criticism grew after the governor spoke ..., calling the plan a disaster': a thing
    (the noun-kind model's, and no document) does not call; the subject after it does."""
    (a,) = attribute("The criticism grew after the governor spoke at the convention, calling "
                     "the plan a disaster.").attributions
    assert a.speaker.text == "the governor"


@pytest.mark.parametrize("text, speaker", [
    ("Abandoning likes allowed Mosseri to claim that Instagram wants to be calm.", "Mosseri"),
    ("The new rules allowed Smith to claim that the company had followed the law.", "Smith"),
    ("The scandal forced Jones to admit that he had lied.", "Jones"),
])
def test_the_object_of_allow_or_force_is_who_speaks_its_infinitive(attribute, text, speaker):
    """'abandoning likes allowed Mosseri to claim that ...': Mosseri claims, not the subject of
    'allowed' (object control; 'asked him to say' is no saying and keeps no such speaker)."""
    claims = [a for a in attribute(text).attributions if a.cue.text in ("claim", "admit")]
    assert [a.speaker.text for a in claims] == [speaker]


@pytest.mark.parametrize("text, speaker", [
    ("Human Rights Watch criticized the ruling.", "Human Rights Watch"),
    ("Judicial Watch said the emails were public records.", "Judicial Watch"),
])
def test_a_watch_group_is_an_organization_even_where_the_tagger_takes_it_for_a_verb(
        attribute, text, speaker):
    """'Human Rights Watch/VERB criticized': the capitalised word the tagger made the main verb,
    right before the cue that hangs on it, ends the name; 'Watch' heads an organization."""
    (a,) = attribute(text).attributions
    assert (a.speaker.text, a.source.source_type) == (speaker, "named_organization")


@pytest.mark.parametrize("text, content", [
    ("She told CNN the vote would be close.", "the vote would be close"),
    ("The mayor warned residents the storm could flood the city.",
     "the storm could flood the city"),
    ("Officials warned the storm could flood the city.", "the storm could flood the city"),
    ("He told reporters that the plan was dead.", "the plan was dead"),
])
def test_after_tell_or_warn_the_one_told_is_skipped_but_not_the_subject_of_what_was_said(
        attribute, text, content):
    """'told CNN | the vote would be close': the recipient is no part of the content, the said
    clause's subject is (it had been cut to 'would be close')."""
    (a,) = attribute(text).attributions
    assert a.content.text == content


def test_a_whose_clause_before_the_cue_leaves_the_speaker_before_it(attribute):
    """'Jane Doe, a spokeswoman for Acme, whose chief executive is Bob Stone, said': the name
    inside the relative clause is not who spoke (it had been Bob Stone, the boss)."""
    (a,) = attribute("Jane Doe, a spokeswoman for Acme, whose chief executive is Bob Stone, "
                     "said the company would appeal.").attributions
    assert (a.speaker.text, a.source.name) == ("Jane Doe, a spokeswoman for Acme", "Jane Doe")


@pytest.mark.parametrize("text", [
    "The report, written by Professor Alan Grey, was released Monday.",
    "The letter, signed by 40 lawmakers, was sent on Friday.",
])
def test_a_participle_set_off_by_commas_with_its_agent_is_no_cue(attribute, text):
    """'The report, written by X, was released Monday': what was done to the report, not a
    report speaking (it had been an attribution with the content 'was released Monday')."""
    assert attribute(text).attributions == []


@pytest.mark.parametrize("text, speaker, content", [
    ("One resident, who asked not to be identified, said the water smelled.", "One resident",
     "the water smelled"),
    ("An official who was not authorized to speak publicly said the plan was dead.",
     "An official", "the plan was dead"),
])
def test_a_relative_clause_on_the_subject_before_the_cue_keeps_the_subject_as_speaker(
        attribute, text, speaker, content):
    """'One resident, who asked not to be identified, said the water smelled': no inversion
    after the comma that closes a clause on the cue's subject (speaker and content had been
    swapped); 'An official who was not authorized ... said': the noun the clause restricts
    speaks (nothing had been found)."""
    said = [a for a in attribute(text).attributions if a.cue.text == "said"]
    assert [(a.speaker.text, a.content.text) for a in said] == [(speaker, content)]


def test_a_subject_pronoun_after_tell_is_never_the_one_told(attribute):
    """'The suspect told police he acted alone': "he" opens what was said, whatever the parse
    hangs it on (the content had been 'acted alone')."""
    (a,) = attribute("A man was arrested on Friday. The suspect told police he acted "
                     "alone.").attributions
    assert a.content.text == "he acted alone"


def test_no_inversion_after_the_comma_that_closes_the_subjects_apposition(attribute):
    """'Michael Green, a professor at the university, said places such as Iowa "have ..."': the
    comma before the cue ends the subject's apposition, so what follows is the content, not the
    speaker (they had been swapped)."""
    (a,) = attribute('Michael Green, a professor at the university, said places such as Iowa '
                     '"have more of a historical resonance."').attributions
    assert a.speaker.text == "Michael Green, a professor at the university"
    assert a.content.text.startswith("places such as Iowa")


def test_an_infinitive_on_an_object_is_spoken_by_the_subject_of_its_verb(attribute):
    """'Mr. Khan launched an extraordinary public campaign to condemn the remarks': who
    launched the campaign condemns (the speaker had been 'an extraordinary public campaign to')."""
    (a,) = attribute("Mr. Khan launched an extraordinary public campaign to condemn the "
                     "remarks.").attributions
    assert a.speaker.text == "Mr. Khan"


@pytest.mark.parametrize("text, speaker, source_type", [
    ("An official involved in the talks said no deal was near.",
     "An official involved in the talks", "anonymous_person"),
    ("A woman injured in the blast said she heard two explosions.",
     "A woman injured in the blast", "anonymous_person"),
    ("A police officer assigned to the unit said the order came from above.",
     "A police officer assigned to the unit", "anonymous_person"),
])
def test_a_participle_after_the_speakers_noun_belongs_to_the_speaker(attribute, text, speaker,
                                                                     source_type):
    """The parser makes 'involved/injured/assigned ...' the cue's content: the phrase before the
    cue ('the talks', 'the blast', 'the unit') had been the speaker, typed a document or body."""
    said = attribute(text).attributions[0]
    assert (said.speaker.text, said.source.source_type) == (speaker, source_type)
    assert said.content.text == text.split(" said ")[1].rstrip(".")


@pytest.mark.parametrize("text, speaker, source_type", [
    ("The company is exploring a sale, a person familiar with the matter said.",
     "a person familiar with the matter", "anonymous_person"),
    ("The company is exploring a sale, people briefed on the talks said on Monday.",
     "people briefed on the talks", "anonymous_group"),
    ("The plant will close in May, a spokeswoman for the company said Tuesday.",
     "a spokeswoman for the company", "anonymous_person"),
])
def test_a_described_speaker_between_the_last_comma_and_a_final_cue(attribute, text, speaker,
                                                                     source_type):
    """'..., a person familiar with the matter said.': the parser coordinates the cue with the
    content's verb, whose subject ('The company') had been the speaker, with no content; a noun
    with its preposition (or a participle and its preposition) is the speaker's phrase."""
    said = attribute(text).attributions
    assert [(a.speaker.text, a.source.source_type, a.content.text) for a in said] == \
        [(speaker, source_type, text.split(",")[0])]


def test_a_restrictive_relative_before_the_cue_outranks_the_noun_inside_it(attribute):
    """'Three people who attended the meeting described it as tense': the parser left the cue
    no subject, and the phrase right before the cue, 'the meeting', had been the speaker."""
    said = attribute("Three people who attended the meeting described it as tense.")
    assert [(a.speaker.text, a.source.source_type) for a in said.attributions] == \
        [("Three people", "anonymous_group")]


@pytest.mark.parametrize("text, speaker, content", [
    ('"Justice has been served," the statement read.', "the statement",
     "Justice has been served"),
    ('She recounted how the soldiers had burst into the house.', "She",
     "how the soldiers had burst into the house"),
    ('The company informed regulators that the plant would close.', "The company",
     "the plant would close"),
])
def test_read_recount_inform_report_speech(attribute, text, speaker, content):
    said = attribute(text).attributions
    assert [(a.speaker.text, a.content.text) for a in said] == [(speaker, content)]


@pytest.mark.parametrize("text", [
    "Jane Roe, the self-proclaimed outsider, is set to meet party leaders on Monday.",
    "Thousands of self-described socialists have come to the city this week.",
    "Jane Roe, the conservative radio talk-show host, has likened the mayor to a dictator.",
    "He read the statement aloud to reporters.",
])
def test_no_cue_in_a_hyphenated_adjective_or_a_read_without_a_quote(attribute, text):
    """'self-proclaimed', 'self-described' are adjectives (the tokenizer splits them at the
    hyphen); "read" reports only a quotation next to it."""
    assert attribute(text).attributions == []


def test_a_party_and_state_in_parentheses_is_no_subject(attribute):
    """'Sen. Bernie Sanders (I-Vt.) said': the parser made the 'I' of 'I-Vt.' a second subject,
    and 'I-Vt.' had been the speaker, typed an organization."""
    said = attribute("Sen. Bernie Sanders (I-Vt.) said Sunday in Madison, Wisconsin, that he "
                     "was hoping for a large turnout.").attributions
    assert [(a.speaker.text, a.source.name) for a in said] == \
        [("Sen. Bernie Sanders", "Bernie Sanders")]


@pytest.mark.parametrize("text, speaker", [
    ("The president wanted to fire him, the newspaper reported, citing two people familiar "
     "with the matter.", "the newspaper"),
    ("The company is weighing a sale, Bloomberg News reported on Monday, citing people "
     "familiar with the talks.", "Bloomberg News"),
])
def test_reported_citing_sources_is_kept(attribute, text, speaker):
    """The attribution model read the ', citing ...' participle as an adverbial clause on the
    cue (as in 'reported after ...') and dropped the wire's most common attribution."""
    said = attribute(text).attributions
    assert [(a.speaker.text, a.content.text) for a in said] == [(speaker, text.split(",")[0])]


@pytest.mark.parametrize("text, speaker, content", [
    ("According to data compiled by Reuters, 40 people died.", "data compiled by Reuters",
     "40 people died"),
    ("According to data released Friday by state gaming regulators, revenue rose 3 percent.",
     "data released Friday by state gaming regulators", "revenue rose 3 percent"),
])
def test_according_to_a_noun_and_its_participle(attribute, text, speaker, content):
    """'According to data/VERB compiled by Reuters': the tagger's verb for "data" ended the
    phrase, and "compiled by Reuters, 40 people died" had been the content."""
    said = attribute(text).attributions
    assert [(a.speaker.text, a.source.source_type, a.content.text) for a in said] == \
        [(speaker, "document", content)]
