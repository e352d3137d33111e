"""Stage 3: what was said, for a cue and its speaker, as character offsets into the article.

Order of evidence: a quotation next to the cue clause (direct; the whole sentence when the quote
ends a paraphrase), the clause the cue governs ("said that ...", indirect), the clause before
", X said" or ", according to X" (indirect; both sides of a parenthetical ", they said,"), the
object of cues like "outlined", "endorsed" or "called for". Content holding a quote mark is
`mixed`. A content ends where the next attribution begins (`_cut_at_next_cue`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicons
from .cues import Cue, is_speech_verb, participle_comma
from .quotes import Quote, looks_like_title
from .second_predicates import FINITE, handed_back
from .speakers import RECIPIENT_VERBS
from .text_spans import TRIM, after_open_parenthesis, comma_before, skip_comma, strip_end
from .tree import Tree

_QUOTE_CHARS = "\u201c\u201d\"\u201e"
# Between a cue and its quote: "said, “", "said that “", "told reporters on Friday: “".
_BRIDGE = re.compile(r"^([\s,:\u2014\u2013-]*(that)?[\s,:]*|[^.!?\u201c\u201d\"]{1,60}[,:]\s*)$", re.I)
_COMMA_GAP = re.compile(r"^[\s,\u2014\u2013'\u2019\u201d\"-]*$")  # between quote and clause, stray marks too
_RELATIVE = re.compile(r"(who|whom|whose|which)\b", re.I)
_MAX_LEAD = 8
_NOMINAL = ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM")
_SUBJECT_PRONOUNS = {"i", "he", "she", "we", "they"}     # never the one told
_INFINITIVE_CUES = {"urge", "ask", "warn", "promise", "vow", "pledge", "demand", "propose"}
QUESTION_WORDS = {"if", "whether", "why", "how", "what", "when", "where", "who", "which"}
_MIN_SUBJECT_CLAUSE = 6
# After "say(s)" a run this long is what was said even where the tagger found no verb, as in
# headlines ("X says heckler deserves/NOUN a spanking").
_MIN_SAY_CLAUSE = 4
_MAX_LIST_TAIL = 5
_MAX_CLAUSE_LEAD = 8          # words between a comma and another speaker's verb
_SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we", "i", "there"}
_OBJECT_PREPOSITIONS = {"to", "for", "against", "on"}
# "said of Mr. Rubio: ''...''": a period that ends an abbreviation, not a sentence
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|St|Jr|Sr|[A-Z])\.")
_MIN_BEFORE_WORDS = 4                                  # words of a lead before a quote or comma
_MAX_APPOSITION = 10
# "that" then one of these is a pronoun subject, not a complementizer: "said that is wrong"
_PRONOUN_THAT_VERBS = {"is", "was", "'s", "\u2019s", "has", "had", "would", "will", "could"}
_NEW_CLAUSE = {"but", "and", "while", "which", "who", "though", "although", "whereas", "so",
               "as", "or", "where", "when"}
_TRIM_WORDS = {",", ":", "that", "\u2014", "-"}
_NOT_CONTENT = {"to", "for", "by", "with", "about", "of", "on", "in", "at", "as", "from", ".",
                "after", "before", "during", "while", "when", "because", "if", "since", "until"}
# "confirmed that ... have concluded but did not provide specifics": the subject's next predicate.
_SECOND_PREDICATE = re.compile(
    r",?\s+but\s+(?:did|does|do|has|have|had|would|will|was|were|is|are|declined|refused)\b")


@dataclass
class Content:
    start: int
    end: int
    kind: str
    pieces: tuple[tuple[int, int], ...] = ()    # when discontinuous: the quotes, not the cue


def find_content(text: str, tree: Tree, cue: Cue, speaker: tuple[int, int] | None,
                 quotes: list[Quote]) -> Content | None:
    sent = tree.sentence
    cue_start, cue_end = tree.offsets(cue.first, cue.last)
    clause_start = min(cue_start, tree.offsets(*speaker)[0]) if speaker else cue_start
    if _participle_clause(tree, cue):
        clause_start = cue_start      # '"...," he said, adding that ...': the quote is not its own
    clause_end = max(cue_end, tree.offsets(*speaker)[1]) if speaker else cue_end

    after = _quote_after(text, quotes, clause_end, cue_end)
    if after and _speech_verb_between(tree, clause_end, after.open):
        after = None      # "..., Spicer said, adding, “...”": the quote is the next cue's
    before = _quote_before(text, quotes, clause_start)
    if before and before.close < sent.start and \
            text[before.start:before.end].rstrip().endswith(".") and \
            len(re.findall(r"\w+", text[clause_end:sent.end])) >= 2:
        before = None     # '"... the mix." He said his company's ...': a sentence of its own
    if after and before:                                     # "Part one," he said, "part two."
        return Content(before.start, after.end, "direct",
                       ((before.start, strip_end(text, before.start, before.end, keep_period=True)),
                        (after.start, after.end)))
    lead_start = max(sent.start, _paragraph_start(text, before.open)) if before else None
    if before and len(text[lead_start:before.open].split()) >= _MIN_BEFORE_WORDS:
        # '... and calling her "leftist scum," she said': the quote ends a paraphrase.
        return Content(lead_start, strip_end(text, lead_start, before.end), "mixed")
    if after and re.match(r"\s*[^\W_]", text[after.outer_end:sent.end]):
        # 'Ryan said that “we need more information” about how ...': a fragment in a paraphrase
        end = strip_end(text, after.open, _cut_at_next_cue(tree, cue, after.open, sent.end))
        return Content(after.open, end, "mixed")
    if after or before:
        q = after or before
        return Content(q.start, strip_end(text, q.start, q.end, keep_period=True), "direct")

    if cue.content == "quote":
        return None
    rest = None           # the second piece of a content split by its cue clause
    if cue.according:
        lead = text[sent.start:clause_start].strip(" \u201c\"")
        if lead == "" or (len(lead.split()) <= 2 and "," not in lead):   # "But according to X, ..."
            span = (_skip_list_tail(text, skip_comma(text, clause_end, sent.end), sent.end),
                    sent.end)                                           # "According to X, ..."
        else:
            lead_end = comma_before(text, sent.start, clause_start) or \
                strip_end(text, sent.start, clause_start)   # "leads by 271 according to X"
            lead_start = after_open_parenthesis(text, sent.start, lead_end)
            # "Fundraising, according to the campaign, has surged ...": both sides
            span, rest = (lead_start, lead_end), _rest_after_source(text, tree, clause_end, sent.end)
    else:
        # The compact parser is often wrong about clause boundaries, so the words after the cue
        # are read from the surface; the parse only says where a verb is.
        comma = comma_before(text, sent.start, clause_start)
        if comma is not None and (_too_short(tree, sent.start, comma)
                                  or cue.content == "object"   # never "CONTENT, X endorsed"
                                  or not _ends_clause(tree, cue, clause_end)):
            comma = None
        span = None if comma is not None and _speaker_follows(cue, speaker) else \
            _rest_of_sentence(text, tree, cue, clause_end)
        if comma is not None and span is None:
            # "CONTENT, X said (after meeting Thursday ...)": what precedes the cue clause, and
            # what follows a parenthetical ", he said, because ...".
            span, rest = (sent.start, comma), _rest_after_source(text, tree, clause_end, sent.end)
        elif comma is not None and text[clause_end:span[0]].strip() == ",":
            span, rest = (sent.start, comma), span   # "Riding alone ..., they said, can be ..."
    if span is None or None in span:
        return None
    start, end = span
    while start < end and text[start] in TRIM:
        start += 1
    end = strip_end(text, start, _cut_at_next_cue(tree, cue, start, end))
    end = strip_end(text, start, handed_back(tree, cue, start, end, quotes) or end)
    pieces = ()
    if rest:
        rest_end = strip_end(text, rest[0], _cut_at_next_cue(tree, cue, rest[0], rest[1]))
        if rest_end > rest[0]:
            pieces = ((start, end), (rest[0], rest_end))
    said = " ".join(text[s:e] for s, e in pieces or ((start, end),))
    if len(said.split()) < (1 if cue.content == "object" else 2) or _RELATIVE.match(text, start):
        return None       # one word, or a relative clause ("who would ...") is not what was said
    end = pieces[-1][1] if pieces else end
    return Content(start, end, paraphrase_kind(text[start:end]), pieces)


def paraphrase_kind(piece: str) -> str:
    """A paraphrase holding a quote mark is mixed."""
    return "mixed" if any(c in piece for c in _QUOTE_CHARS) else "indirect"


def _participle_clause(tree: Tree, cue: Cue) -> bool:
    """', adding that ...', ', saying ...': a participle clause after a comma."""
    return participle_comma(tree.sentence, cue) is not None


def _ends_clause(tree: Tree, cue: Cue, clause_end: int) -> bool:
    """Whether only adjuncts follow the cue clause ('said Tuesday', 'said in a statement', ', ...'),
    so that what came before it can be its content. 'he proposed greater accountability' cannot."""
    rest = [w for w in tree.words[cue.last:] if w.start >= clause_end]
    if cue.lemma in RECIPIENT_VERBS:      # "..., an official told The New York Times."
        while rest and rest[0].upos in ("DET", "PROPN", "NOUN", "ADJ", "PRON"):
            rest = rest[1:]
    if not rest or rest[0].upos in ("ADP", "ADV", "SCONJ", "PUNCT", "NUM") \
            or rest[0].text.lower() in ("who", "whose", "which"):    # "said Wilcox, | who ..."
        return True
    return rest[0].text.lower() in lexicons.load().time_words


def _speaker_follows(cue: Cue, speaker) -> bool:
    """', said Robert Egge, executive director of ...': the speaker follows the cue."""
    return speaker is not None and speaker[0] > cue.last


def _speech_verb_between(tree: Tree, start: int, end: int) -> bool:
    return any(start <= w.start < end and is_speech_verb(w) for w in tree.words)


def _quote_after(text, quotes, clause_end, cue_end) -> Quote | None:
    for q in quotes:
        if q.open >= cue_end and _BRIDGE.match(_ABBREVIATION.sub("_", text[clause_end:q.open])):
            return None if looks_like_title(text[q.start:q.end]) else q
    return None


def _quote_before(text, quotes, clause_start) -> Quote | None:
    for q in quotes:
        if q.close is not None and q.close < clause_start \
                and _COMMA_GAP.match(text[q.outer_end:clause_start]) \
                and "\n" not in text[q.outer_end:clause_start] \
                and ("," in text[q.start:clause_start] or text[q.start:q.end].rstrip()[-1:] in "?!"
                     or _opens_sentence(text, q.open)):
            return q      # '"...," she said', '"I'm honored!" she said', '"... niches" Grubbs said'
    return None


def _paragraph_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _opens_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return before == "" or before[-1] in ".!?\n"


def _rest_of_sentence(text: str, tree: Tree, cue: Cue, clause_end: int):
    """'X said (on Tuesday) (that) CONTENT.' / 'X told reporters that CONTENT.'"""
    words = [w for w in tree.words[cue.last:] if w.start >= clause_end]
    if not words or words[0].text in (";", ".", "?", "!"):
        return None       # "..., political analysts say; in 2012, ...": nothing said after
    lowered = [w.text.lower() for w in words]
    complementizer = False
    if cue.lemma in RECIPIENT_VERBS:
        # "told reporters | the plan ...": the one told is skipped, the said clause's own
        # subject is not ("warned the storm could flood", "told CNN the vote would be close")
        said = {i for c in tree.children(tree.sentence.word(cue.first), "ccomp")
                for i in tree.subtree_ids(c)}
        while words and words[0].upos in _NOMINAL and words[0].id not in said and \
                words[0].text.lower() not in _SUBJECT_PRONOUNS:     # "told police | he ..."
            words = words[1:]
        lowered = [w.text.lower() for w in words]
    if _pronoun_that(words):
        complementizer = True                               # "said that is a 'distortion'"
    elif lowered and (lowered[0] == "that" or (words[0].upos in ("ADP", "ADV", "PROPN", "NOUN")
                                              and "that" in lowered[:_MAX_LEAD]
                                              and words[lowered.index("that")].deprel != "det")):
        words = words[lowered.index("that") + 1:]          # "said (on Tuesday) that ..."
        complementizer = True
    elif lowered and cue.lemma == "ask" and lowered[0] in QUESTION_WORDS:
        complementizer = True                               # "asked Trump if ..."
    elif lowered and lowered[0] == "if" and cue.cls == "speech":
        complementizer = True                               # "says if people think X, Y"
    elif lowered and (cue.lemma in _INFINITIVE_CUES or cue.cls == "belief") and lowered[0] == "to":
        complementizer = True                               # "vowed to fight", "urged X to ..."
    elif lowered and cue.content == "object" and lowered[0] in _OBJECT_PREPOSITIONS:
        complementizer = True                               # "declined to comment", "voted for"
        if lowered[0] != "to":
            words = words[1:]                               # "called for | a ban"
    elif len(words) > 2 and words[0].upos == "ADP" and lowered[1] in lexicons.load().time_words \
            and lowered[0] != "since":
        words = words[2:]                                   # "reported on Wednesday | the ..."
    elif (bare := _bare_time(words)) and len(words) > bare + 2 and \
            words[bare].upos in ("PRON", "PROPN", "DET", "NOUN", "NUM", "ADJ"):
        words = words[bare:]                                # "said Wednesday | she, too, ..."
    elif lowered and words[0].upos in ("ADP", "ADV") and "," in lowered[:_MAX_LEAD]:
        words = words[lowered.index(",") + 1:]              # "said in a statement, ..."
    elif lowered and words[0].upos in ("ADP", "ADV") and \
            any(w in _SUBJECT_PRONOUNS for w in lowered[1:_MAX_LEAD]):
        at = next(i for i, w in enumerate(lowered[1:_MAX_LEAD], 1) if w in _SUBJECT_PRONOUNS)
        words = words[at:]                                  # "has said for weeks | he's ..."
        complementizer = True
    adjunct = bool(words) and words[0].text == ","
    while words and words[0].text in _TRIM_WORDS and not _pronoun_that(words):
        words = words[1:]
    if adjunct and not complementizer and words and words[0].xpos == "VBG":
        return None       # "Sales were great, he said, | wiping sweat off his face."
    if len(words) < (1 if cue.content == "object" else 3) or \
            (words[0].text.lower() in _NOT_CONTENT and not complementizer):
        return None
    if len(words) < 3 and (words[0].upos not in ("PRON", "PROPN", "NOUN") or
                           words[0].text.lower() in lexicons.load().time_words):
        return None       # "endorsed her", "criticized Singer"; not "announced Tuesday"
    time_words = lexicons.load().time_words
    if any(w.text.lower() in time_words for w in words) and all(
            w.text.lower() in time_words or w.upos in ("ADV", "DET", "ADP", "NUM", "ADJ", "PUNCT")
            for w in words):
        return None       # "which Bezos announced | earlier this year", "said late last week"
    # A clause needs a verb; the compact tagger misses some ("each year ... yields/NOUN a bump"),
    # so a long run that opens like a subject is taken too.
    if cue.content != "object" and not complementizer \
            and not any(w.upos in ("VERB", "AUX") and not w.text[:1].isupper() for w in words) \
            and not (cue.lemma == "say" and len(words) >= _MIN_SAY_CLAUSE
                     and words[0].upos in ("NOUN", "PROPN", "ADJ", "DET", "NUM")
                     and words[0].text.lower() not in lexicons.load().time_words) \
            and not (len(words) >= _MIN_SUBJECT_CLAUSE and words[0].upos in ("DET", "PRON", "NUM")
                     and sum(w.upos in ("DET", "NUM", "ADP", "AUX") for w in words[1:]) >= 2):
        # (more than one noun phrase: "acknowledging the United States' prominent role" is one)
        return None
    start, end = words[0].start, words[-1].end
    cut = _SECOND_PREDICATE.search(text, start, end)
    return (start, cut.start() if cut else end)


def _cut_at_next_cue(tree: Tree, cue: Cue, start: int, end: int) -> int:
    """A paraphrase ends where the next attribution begins: ', saying ...', ', according to X'."""
    verbs = lexicons.load().reporting_verbs
    words = tree.words
    for i, w in enumerate(words[1:], 1):
        if not (start < w.start < end) or w.id in (cue.first, cue.last):
            continue
        if words[i - 1].text not in (",", "\u2014"):
            continue
        lower = w.text.lower()
        if lower == "according" or (w.xpos == "VBG" and w.lemma.lower() in verbs):
            return words[i - 1].start
    # "admitted that X, but said Y": the speaker's next reporting verb starts a new claim, and
    # so does the main verb after a relative clause ("Petrilli, who thinks X, called ...").
    for i, w in enumerate(words[2:], 2):
        if not (start < w.start < end and w.upos == "VERB" and w.lemma.lower() in verbs):
            continue
        if words[i - 1].text.lower() in ("but", "and"):
            if words[i - 2].text == ",":
                return words[i - 2].start
            if w.head == cue.first and w.deprel == "conj" and \
                    (verbs[w.lemma.lower()].cls == "speech" or w.lemma == cue.lemma):
                return words[i - 1].start     # "called it 'shameful' and called on leaders ..."
            if verbs[w.lemma.lower()].cls == "speech" and i + 1 < len(words) and \
                    words[i + 1].text.lower() in (",", ":", "that", "\u201c", '"'):
                return words[i - 1].start     # "said he welcomed it and added, “...”"
        if words[i - 1].text == "," and w.xpos in ("VBD", "VBZ", "VBP") and \
                not (i >= 3 and words[i - 3].text == "," and words[i - 2].upos == "ADV"):
            return words[i - 1].start      # (not the end of "she, too, wants")
    # "yes, compared with 23 percent who said ...", "honest, and three-quarters said ...": another
    # speaker's speech verb ends this content at the comma that opens its clause.
    for i, w in enumerate(words):
        if not (start < w.start < end and w.xpos in ("VBD", "VBZ", "VBP") and is_speech_verb(w)) \
                or (i + 1 < len(words) and words[i + 1].text == ","):
            continue      # (not a parenthetical ", he said," inside the content itself)
        commas = [j for j in range(i - 1, 0, -1) if words[j].start > start
                  and words[j].text in (",", ";", "\u2014", "--")]
        if commas and i - commas[0] <= _MAX_CLAUSE_LEAD and \
                words[commas[0] + 1].text.lower() not in ("which", "who", "that") and \
                sum(1 for x in words[:commas[0]] if x.start >= start) >= 3:
            return words[commas[0]].start
    return end


def _bare_time(words) -> int:
    """How many of the first two words are a bare day or time ("Tuesday night")."""
    time_words = lexicons.load().time_words
    n = 0
    while n < min(2, len(words)) and words[n].text.lower() in time_words and \
            words[n].upos in ("PROPN", "NOUN", "ADV"):
        n += 1
    return n


def _too_short(tree: Tree, start: int, end: int) -> bool:
    """Too little before a comma to be what was said: under four words and no finite verb
    ('On Tuesday night, he said ...'; not 'Sales were great, he said')."""
    words = [w for w in tree.words if start <= w.start < end]
    return len(words) < _MIN_BEFORE_WORDS and not any(w.xpos in FINITE for w in words)


def _skip_list_tail(text, pos, end) -> int:
    """'according to interviews with friends, | aides and allies, | he wants ...': a speaker that
    lists names past its first comma ends at the list's last item."""
    comma = text.find(",", pos, end)
    tail = text[pos:comma] if comma > 0 else ""
    if tail and len(tail.split()) <= _MAX_LIST_TAIL and re.search(r"\b(?:and|or)\b", tail):
        return skip_comma(text, comma, end)
    return pos


def _pronoun_that(words) -> bool:
    return len(words) > 1 and words[0].text.lower() == "that" \
        and words[1].text.lower() in _PRONOUN_THAT_VERBS


def _rest_after_source(text: str, tree: Tree, clause_end: int, sentence_end: int):
    """'X, according to Y, | Z.', 'X, they said, | Z.': the rest of the sentence is said too (one
    content in two pieces), after any apposition of Y; not a new clause ('..., but Z') or a
    participle clause (', adding ...')."""
    if not text[clause_end:sentence_end].lstrip().startswith(","):
        return None
    start = skip_comma(text, clause_end, sentence_end)
    words = [w for w in tree.words if w.start >= start]
    comma = next((i for i, w in enumerate(words[:_MAX_APPOSITION]) if w.text == ","), None)
    if comma and words[0].upos == "DET" and \
            not any(w.upos in ("VERB", "AUX") for w in words[:comma]):
        start = skip_comma(text, words[comma].start, sentence_end)  # "Y, another envoy, | was"
        words = words[comma + 1:]
    if not words or words[0].text.lower() in _NEW_CLAUSE or words[0].xpos == "VBG":
        return None
    end = strip_end(text, start, sentence_end)
    return (start, end) if len(text[start:end].split()) >= 2 else None
