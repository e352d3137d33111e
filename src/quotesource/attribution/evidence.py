"""What an attribution classifier reads: the evidence for one candidate attribution.

A candidate comes from the rules (a cue, its speaker, its content). Whether it is a real report
of speech is then decided by a learned model (`confidence.py`) from the features below, which
only describe the candidate: the cue word and how the parse attaches it, what the content looks
like, who the speaker is. Features are sparse: a name -> value dict, most values 1.0.
"""
from __future__ import annotations

import math

from .. import lexicons
from ..nlp import Entity, Sentence
from .cues import Cue
from .tree import Tree

_QUOTE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"
# Children of the cue word whose presence tells how it is used: a reported clause (ccomp), a
# quotation or object (obj), "called it X" (xcomp), "said in a statement" (obl), negation.
_CUE_CHILD_RELS = ("ccomp", "obj", "xcomp", "obl", "nsubj", "nsubj:pass", "iobj", "advmod",
                   "aux", "aux:pass", "mark", "advcl", "parataxis", "conj", "compound:prt")


_SOURCING_PARTICIPLES = {"cite", "quote"}


def _length_bucket(n: int) -> str:
    return str(min(6, int(math.log2(n + 1))))


def cue_features(tree: Tree, cue: Cue) -> dict[str, float]:
    """The cue word, its tags and the relations around it."""
    word = tree.sentence.word(cue.first)
    feats = {f"lemma={cue.lemma}": 1.0, f"class={cue.cls}": 1.0, f"cue_upos={word.upos}": 1.0,
             f"cue_xpos={word.xpos}": 1.0, f"cue_rel={word.deprel.split(':')[0]}": 1.0}
    if cue.according:
        return feats
    # ("the newspaper reported, citing two people familiar with the matter": the participle
    # says where the report comes from; as an advcl child it read like "reported after ...")
    children = [c for c in tree.children(word)
                if not (c.deprel == "advcl" and c.lemma.lower() in _SOURCING_PARTICIPLES)]
    for child in children:
        rel = child.deprel
        if rel in _CUE_CHILD_RELS or rel.split(":")[0] in _CUE_CHILD_RELS:
            feats[f"child={rel}"] = 1.0
            feats[f"lemma={cue.lemma}|child={rel.split(':')[0]}"] = 1.0
        if rel == "obj":
            feats[f"obj_upos={child.upos}"] = 1.0
            if child.upos == "NUM" or any(k.upos == "NUM" or k.text in "$%" for k in
                                          tree.children(child)):
                feats["obj_number"] = 1.0       # "added $1.60", "added 3 points"
                feats[f"lemma={cue.lemma}|obj_number"] = 1.0
        if child.text.lower() in ("not", "n't", "never"):
            feats["negated"] = 1.0
        if child.upos == "AUX" and child.lemma in ("would", "could", "might", "may", "will"):
            feats["modal"] = 1.0
    head = tree.head_of(word)
    if head is not None:
        feats[f"head_upos={head.upos}"] = 1.0
    return feats


def candidate_features(text: str, tree: Tree, cue: Cue, kind: str,
                       content: tuple[int, int], speaker: tuple[int, int] | None,
                       source_type: str | None, entities: list[Entity]) -> dict[str, float]:
    """Every feature of a cue-made candidate: cue, content and speaker together."""
    feats = cue_features(tree, cue)
    feats.update(_content_features(text, tree.sentence, kind, content))
    cue_start = tree.sentence.word(cue.first).start
    feats["content_after_cue" if content[0] >= cue_start else "content_before_cue"] = 1.0
    feats[f"lemma={cue.lemma}|kind={kind}"] = 1.0
    if speaker is None:
        feats["no_speaker"] = 1.0
    else:
        words = tree.sentence.words[speaker[0] - 1:speaker[1]]
        head = _phrase_head(tree, speaker)
        feats[f"speaker_upos={head.upos}"] = 1.0
        if head.upos == "PRON":
            feats[f"speaker_pron={head.text.lower()}"] = 1.0
        feats[f"speaker_len={_length_bucket(len(words))}"] = 1.0
        start, end = words[0].start, words[-1].end
        types = {e.type for e in entities if e.start < end and start < e.end}
        for t in types:
            feats[f"speaker_ent={t}"] = 1.0
        if not types and head.upos not in ("PRON", "PROPN"):
            feats["speaker_common_noun"] = 1.0
        feats["speaker_before_cue" if start < cue_start else "speaker_after_cue"] = 1.0
    feats[f"type={source_type}"] = 1.0
    return feats


def path_features(path: str, text: str, sentence: Sentence | None, kind: str,
                  content: tuple[int, int], source_type: str | None) -> dict[str, float]:
    """A candidate not made by a cue word: a headline-style colon or a resumed quote."""
    feats = {f"path={path}": 1.0, f"type={source_type}": 1.0}
    feats.update(_content_features(text, sentence, kind, content))
    return feats


def _content_features(text: str, sentence: Sentence | None, kind: str,
                      content: tuple[int, int]) -> dict[str, float]:
    piece = text[content[0]:content[1]]
    n = len(piece.split())
    feats = {f"kind={kind}": 1.0, f"content_len={_length_bucket(n)}": 1.0}
    if any(c in piece for c in _QUOTE_MARKS):
        feats["content_has_quote"] = 1.0
    if piece[:1].isdigit() or piece[:1] == "$":
        feats["content_starts_number"] = 1.0
    if sentence is not None:
        if not any(c in text[sentence.start:sentence.end] for c in _QUOTE_MARKS):
            feats["sentence_no_quote"] = 1.0
        verbs = sum(w.upos in ("VERB", "AUX") for w in sentence.words
                    if content[0] <= w.start < content[1])
        feats["content_no_verb" if verbs == 0 else "content_has_verb"] = 1.0
    return feats


def _phrase_head(tree: Tree, span: tuple[int, int]):
    """The word of the span whose head lies outside it."""
    ids = range(span[0], span[1] + 1)
    for i in ids:
        word = tree.sentence.word(i)
        if word.head not in ids:
            return word
    return tree.sentence.word(span[1])


def source_features(attribution) -> dict[str, float]:
    """What the source model (`confidence.shipped_source_model`) reads of a kept attribution:
    its candidate features, and how its speaker became its source. A pronoun or a description
    resolved to someone else is more often wrong than a name given in full, and each source
    type is wrong at its own rate (a group more often than a named person)."""
    feats = dict(attribution.evidence)
    source, speaker = attribution.source, attribution.speaker
    kind = source.source_type if source is not None else "unresolved"
    mention = speaker.text.lower().strip() if speaker is not None else ""
    if speaker is None:
        route = "none"
    elif mention in lexicons.load().pronouns or mention in ("who", "which", "that"):
        route = "pronoun"
    elif source is not None and source.name.lower() == mention:
        route = "same"
    elif source is not None and source.name.lower() in mention:
        route = "trimmed"         # "Jane Roe, the mayor," -> "Jane Roe"
    else:
        route = "resolved"        # "the senator" -> "Jane Roe", "prosecutors" -> an office
    feats.update({f"src_type={kind}": 1.0, f"route={route}": 1.0,
                  f"route={route}|type={kind}": 1.0})
    if source is not None:
        if source.role:
            feats["has_role"] = 1.0
        if source.affiliation:
            feats["has_affiliation"] = 1.0
        if source.count and source.count > 1:
            feats["count>1"] = 1.0
        if len(source.name.split()) >= 2:
            feats[f"name_words>=2|type={kind}"] = 1.0
    if attribution.cue is None:
        feats["no_cue"] = 1.0
    return feats
