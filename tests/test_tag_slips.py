"""Source typing that survives the tagger's and parser's slips.

Each case is a parse a compact model really produced on a labelled PolNeAR sentence, written out
by hand (word/UPOS/head/relation), so the rule is tested whatever the shipped models do today.
"""
from quotesource.attribution.sources import analyse
from quotesource.attribution.cues import Cue
from quotesource.attribution.speaker_phrases import subject_phrase
from quotesource.attribution.speakers import find_speaker
from quotesource.attribution.tree import Tree
from quotesource.nlp import Sentence, Word

PLURAL = {"groups", "nurses", "Nurses", "officials", "talks"}


def parsed(line: str) -> tuple[str, Sentence]:
    """'Roe/PROPN/2/nsubj said/VERB/0/root' -> text and Sentence."""
    words, at = [], 0
    for i, item in enumerate(line.split(), 1):
        text, upos, head, deprel = item.rsplit("/", 3)
        xpos = "NNS" if text in PLURAL else ("NNP" if upos == "PROPN" else "")
        words.append(Word(i, text, text.lower(), upos, xpos, int(head), deprel, at, at + len(text)))
        at += len(text) + 1
    return " ".join(w.text for w in words), Sentence(0, at - 1, words)


def mention(line: str):
    text, sentence = parsed(line)
    return analyse(text, sentence.words, [])


def speaker(line: str, head: int) -> str:
    text, sentence = parsed(line)
    tree = Tree(sentence)
    first, last = subject_phrase(tree, sentence.word(head))
    return text[sentence.word(first).start:sentence.word(last).end]


def test_a_lower_case_word_tagged_as_a_name_is_a_title():
    found = mention("Florida/PROPN/0/root delegate/PROPN/1/flat John/PROPN/1/flat "
                    "Archer/PROPN/1/flat")
    assert (found.kind, found.name) == ("named_person", "John Archer")


def test_a_preposition_tag_before_the_last_noun_does_not_hide_the_plural():
    found = mention("conservative/NOUN/0/root outside/ADP/3/case groups/NOUN/1/nmod")
    assert found.kind == "anonymous_group"
    assert mention("officials/NOUN/0/root outside/ADP/4/case the/DET/4/det "
                   "government/NOUN/1/nmod").head == "officials"


def test_a_number_parsed_apart_from_its_noun_stays_in_the_speaker():
    line = "26/NUM/3/nsubj %/NOUN/3/nsubj say/VERB/0/root they/PRON/5/nsubj agree/VERB/3/ccomp"
    assert speaker(line, 2) == "26 %"


def test_a_name_after_a_role_noun_subject_joins_the_speaker():
    line = ("Democratic/ADJ/4/amod front/NOUN/4/compound -/PUNCT/2/punct runner/NOUN/13/nsubj "
            "Hillary/PROPN/6/compound Clinton/PROPN/9/nsubj ,/PUNCT/9/punct also/ADV/9/advmod "
            "campaigning/VERB/13/ccomp in/ADP/11/case Wisconsin/PROPN/9/obl ,/PUNCT/13/punct "
            "said/VERB/0/root")
    assert speaker(line, 4) == "Democratic front - runner Hillary Clinton"


def test_an_opening_participle_clause_is_not_the_subject():
    text, sentence = parsed(
        "Speaking/VERB/5/csubj on/ADP/3/case CNBC/PROPN/1/obl ,/PUNCT/1/punct Ubben/PROPN/6/nsubj "
        "called/VERB/0/root")
    sentence.words[0].xpos = "VBG"
    tree = Tree(sentence)
    assert tree.subject(sentence.word(5)) is None            # "Speaking" is no subject of it
    text, sentence = parsed("Speaking/VERB/3/csubj out/ADP/1/compound:prt is/AUX/0/root")
    sentence.words[0].xpos = "VBG"
    assert Tree(sentence).subject(sentence.word(3)).text == "Speaking"


def test_asked_taken_for_the_root_still_leaves_the_main_clause_its_speaker():
    from quotesource.attribution.attribute import attribute
    from quotesource.nlp import ParsedDoc
    from quotesource.records import Article

    text, sentence = parsed(
        "Asked/VERB/0/root about/ADP/3/case it/PRON/1/obl ,/PUNCT/6/punct Trump/PROPN/6/nsubj "
        "told/VERB/1/conj CNN/PROPN/6/iobj that/SCONJ/10/mark he/PRON/10/nsubj lied/VERB/6/ccomp "
        "./PUNCT/1/punct")
    sentence.words[0].xpos = sentence.words[5].xpos = "VBD"
    result = attribute(Article(id="x", text=text), ParsedDoc(text, [sentence]))
    assert [(a.speaker and a.speaker.text, a.content.text) for a in result.attributions] == \
        [(None, "about it"), ("Trump", "he lied")]


def test_an_apposition_naming_a_body_makes_an_organization():
    found = mention("National/ADJ/2/amod Nurses/NOUN/0/root United/VERB/2/acl for/ADP/6/case "
                    "Patient/PROPN/6/compound Protection/PROPN/3/obl ,/PUNCT/10/punct "
                    "the/DET/10/det super/ADJ/10/amod PAC/PROPN/2/appos")
    assert found.kind == "named_organization"
    assert found.name.startswith("National Nurses United")


def test_a_comma_which_speaker_stands_for_the_phrase_before_it():
    from quotesource.attribution.speakers import antecedent

    text, sentence = parsed(
        "Officials/NOUN/2/nsubj met/VERB/0/root the/DET/4/det union/NOUN/2/obj ,/PUNCT/6/punct "
        "which/PRON/7/nsubj said/VERB/4/acl:relcl no/INTJ/7/obj")
    first, last = antecedent(Tree(sentence), (6, 6))
    assert text[sentence.word(first).start:sentence.word(last).end] == "the union"


def test_plural_names_for_people_ending_in_als_are_people():
    from quotesource import lexicons
    from quotesource.attribution.person_nouns import person_noun

    lex = lexicons.load()
    _, sentence = parsed("Millennials/PROPN/2/nsubj agree/VERB/0/root")
    sentence.words[0].xpos = "NNPS"
    assert person_noun(sentence.words[0], lex)
    _, sentence = parsed("the/DET/2/det proposal/NOUN/0/root")
    assert not person_noun(sentence.words[1], lex)


def test_a_subject_whose_phrase_holds_a_second_subject_is_the_speaker():
    # the parser hung "Jane" on the verb as a second subject and "Roe" on "Sen."
    line = ("Sen./PROPN/5/nsubj Jane/PROPN/5/nsubj Roe/PROPN/1/flat Sunday/PROPN/5/obl:tmod "
            "said/VERB/0/root")
    text, sentence = parsed(line)
    tree = Tree(sentence)
    subject = tree.subject(sentence.word(5))
    assert subject.text == "Sen."
    first, last = subject_phrase(tree, subject)
    assert text[sentence.word(first).start:sentence.word(last).end] == "Sen. Jane Roe"


def test_a_trailing_cue_parsed_as_a_conjunct_takes_the_phrase_before_it():
    line = ("Fares/NOUN/3/nsubj will/AUX/3/aux rise/VERB/0/root ,/PUNCT/6/punct the/DET/6/det "
            "spokeswoman/NOUN/3/obl ,/PUNCT/8/punct Rita/PROPN/6/appos Gomez/PROPN/8/flat "
            ",/PUNCT/8/punct told/VERB/3/conj reporters/NOUN/11/obj")
    text, sentence = parsed(line)
    cue = Cue(first=11, last=11, lemma="tell", cls="speech", content="clause")
    first, last = find_speaker(Tree(sentence), cue, [])
    assert text[sentence.word(first).start:sentence.word(last).end] == "the spokeswoman , Rita Gomez"
    # a real coordination still shares its subject: "Roe stood and said"
    line = "Roe/PROPN/2/nsubj stood/VERB/0/root and/CCONJ/4/cc said/VERB/2/conj"
    text, sentence = parsed(line)
    cue = Cue(first=4, last=4, lemma="say", cls="speech", content="clause")
    assert find_speaker(Tree(sentence), cue, []) == (1, 1)


def test_an_apposition_parsed_as_a_second_subject_leaves_the_name_the_speaker():
    line = ("Gov./PROPN/3/compound Chris/PROPN/3/compound Christie/PROPN/10/nsubj ,/PUNCT/7/punct "
            "a/DET/7/det staunch/ADJ/7/amod ally/NOUN/10/nsubj ,/PUNCT/7/punct "
            "effectively/ADV/10/advmod acknowledged/VERB/0/root plagiarism/NOUN/10/obj")
    text, sentence = parsed(line)
    assert Tree(sentence).subject(sentence.word(10)).text == "Christie"
    # without the commas the nearer subject stays the subject
    line = "Roe/PROPN/3/nsubj officials/NOUN/3/nsubj said/VERB/0/root"
    text, sentence = parsed(line)
    assert Tree(sentence).subject(sentence.word(3)).text == "officials"


def test_a_past_participle_modifying_the_noun_before_it_is_no_cue():
    from quotesource.attribution.cues import find_cues
    line = ("it/PRON/2/nsubj should/AUX/3/aux have/VERB/0/root a/DET/5/det judgeship/NOUN/3/obj "
            "added/VERB/5/acl to/ADP/8/case it/PRON/6/obl")
    text, sentence = parsed(line)
    sentence.words[5].xpos = "VBN"
    assert [c.lemma for c in find_cues(Tree(sentence), [])] == []
    # the same verb as the clause's own verb is a cue: "the judge added that ..."
    line = "the/DET/2/det judge/NOUN/3/nsubj added/VERB/0/root"
    text, sentence = parsed(line)
    sentence.words[2].xpos = "VBD"
    assert [c.lemma for c in find_cues(Tree(sentence), [])] == ["add"]


def test_a_source_noun_tagged_as_an_adjective_still_heads_the_phrase():
    # the shipped tagger, on "..., said a senior official familiar with the talks."
    found = mention("a/DET/3/det senior/ADJ/3/amod official/ADJ/0/root familiar/ADJ/3/amod "
                    "with/ADP/7/case the/DET/7/det talks/NOUN/4/obl")
    assert (found.kind, found.name) == ("anonymous_person", "senior official familiar with the talks")
    # an adjective that is also a source noun, before another noun, does not head it
    found = mention("the/DET/4/det liberal/ADJ/4/amod elected/VERB/4/amod officials/NOUN/0/root")
    assert found.head == "officials" and found.kind != "anonymous_person"


def test_a_wire_dateline_parsed_as_the_subject_gives_way_to_the_phrase_after_it():
    # "PARIS" as the subject of "voiced" (a parse the shipped models made on a Reuters lede)
    line = ("PARIS/PROPN/14/nsubj ,/PUNCT/3/punct Aug/PROPN/1/appos 31/NUM/3/nummod "
            "(/PUNCT/6/punct Reuters/PROPN/1/appos )/PUNCT/6/punct -/PUNCT/1/punct "
            "Marine/PROPN/14/nsubj Le/PROPN/9/flat Pen/PROPN/9/flat ,/PUNCT/13/punct "
            "the/DET/13/det leader/NOUN/9/appos voiced/VERB/0/root support/NOUN/14/obj")
    assert speaker(line, 1) == "Marine Le Pen"
