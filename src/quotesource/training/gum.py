"""UD English GUM, read once for training and for the coreference evaluation: its documents,
the CC BY genres we may use, its words and its entity annotation (MISC `Entity=`).

Training takes NER names from it (`gum_entities`); `evaluation/coref_eval.py` scores pronoun
resolution on its coreference chains (`read_gum`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..nlp import Sentence, Word

# GUM genres whose texts are CC BY (or public domain) per GUM's LICENSE.txt and
# ../shared/nlp/README.md. wikiHow (whow) and fiction are CC BY-NC-SA: never used. Genres the
# data README does not name as CC BY (academic, court, essay, letter, podcast) are left out too.
CC_BY_GENRES = ("news", "bio", "interview", "voyage", "textbook", "speech", "vlog", "conversation")
GUM_NER_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
# One bracket of an `Entity=` value: "(7-person-new-...-1,2-coref" opens a mention of entity 7
# (")" right after it closes it on the same word); "7)" closes the open mention of entity 7.
ENTITY_BRACKET = re.compile(r"\((\d+)-([^()]*)(\))?|(\d+)\)")
MINSPAN = re.compile(r"\d+(,\d+)*")      # the minimal span: word positions within the mention


def read_conllu_docs(path: Path):
    """Yield (doc_id, [sentence_text_block, ...]) from a CoNLL-U file, by `# newdoc id`."""
    doc_id, sentences, block = None, [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id"):
                if sentences:
                    yield doc_id, sentences
                doc_id, sentences = line.split("=", 1)[1].strip(), []
            if line == "":
                if block:
                    sentences.append("\n".join(block) + "\n")
                    block = []
            else:
                block.append(line)
    if block:
        sentences.append("\n".join(block) + "\n")
    if sentences:
        yield doc_id, sentences


def gum_genre(doc_id: str) -> str:
    """"news" for GUM_news_...; "" for an id that is not GUM's."""
    return doc_id.split("_")[1] if doc_id and doc_id.startswith("GUM_") else ""


def gum_cc_by_docs(data_dir: Path, split: str):
    """(doc_id, sentences) for the CC BY GUM documents of one split (train, dev, test) of the
    data dir's gum/."""
    yield from cc_by_documents(Path(data_dir) / "gum" / f"en_gum-ud-{split}.conllu")


def cc_by_documents(path: Path):
    """(doc_id, sentences) for the CC BY documents of a GUM CoNLL-U file."""
    for doc_id, sents in read_conllu_docs(path):
        if gum_genre(doc_id) in CC_BY_GENRES:
            yield doc_id, sents


def word_rows(block: str) -> list[list[str]]:
    """The ten columns of each word of a CoNLL-U sentence (no comments, multi-word tokens or
    empty nodes)."""
    rows = []
    for line in block.splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        rows.append(cols)
    return rows


def misc(cols: list[str]) -> dict[str, str]:
    """A word's MISC column as a dict (SpaceAfter, Entity, ...)."""
    return dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)


def entity_mentions(rows: list[list[str]]) -> list[tuple[int, int, int, str, str | None]]:
    """(first, last, entity id, entity type, minimal span) of every mention that opens and closes
    within `rows` (a sentence or a document), in the order they close; first and last are
    indices into `rows`, the minimal span GUM's "1,2"-style word positions (None if absent)."""
    open_mentions: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    mentions = []
    for i, cols in enumerate(rows):
        for m in ENTITY_BRACKET.finditer(misc(cols).get("Entity", "")):
            if m.group(1):
                fields = m.group(2).split("-")
                minspan = next((f for f in fields[1:] if MINSPAN.fullmatch(f)), None)
                open_mentions[int(m.group(1))].append((i, fields[0], minspan))
                if not m.group(3):
                    continue
            eid = int(m.group(1) or m.group(4))
            if open_mentions[eid]:
                first, etype, minspan = open_mentions[eid].pop()
                mentions.append((first, i, eid, etype, minspan))
    return mentions


NAME_LINKS = {"of", "the", "de", "for", "-", "&", "du", "van", "von", "der", "al", "la", "le", "on"}


def gum_entities(block: str):
    """Token-level PER/ORG/LOC tags (BIO) for one GUM sentence, from MISC `Entity=` brackets.

    GUM annotates every mention ("the preacher", "he") with an entity type and a minimal span;
    UNER marks only names. A person/organization/place mention counts as a name when its minimal
    span, trimmed of lowercase tokens at either end, is capitalised words (linked by of/the/de/-/...)
    with at least one PROPN: "the University of Basel" -> "University of Basel" (ORG). Nested
    names keep the outermost one, as UNER does. Returns (tokens, tags).
    """
    rows = word_rows(block)
    n = len(rows)
    tags = ["O"] * n
    mentions = entity_mentions(rows)
    for start, end, _, etype, minspan in sorted(mentions, key=lambda m: m[0] - m[1]):   # longest first
        label = GUM_NER_TYPES.get(etype)
        if not label:
            continue
        lo, hi = start, end
        if minspan:
            idx = [int(x) for x in minspan.split(",")]
            lo, hi = start + min(idx) - 1, min(end, start + max(idx) - 1)
        while lo <= hi and not rows[lo][1][:1].isupper():
            lo += 1
        while hi >= lo and not rows[hi][1][:1].isupper():
            hi -= 1
        if lo > hi:
            continue
        span = rows[lo:hi + 1]
        if not any(c[3] == "PROPN" for c in span):
            continue
        if not all(c[1][:1].isupper() or c[1].lower() in NAME_LINKS for c in span):
            continue
        if any(t != "O" for t in tags[lo:hi + 1]):
            continue        # inside a longer name already labelled
        tags[lo] = "B-" + label
        for k in range(lo + 1, hi + 1):
            tags[k] = "I-" + label
    return [c[1] for c in rows], tags


# --------------------------------------------------------------------------- coreference (coref_eval)

@dataclass
class GumDocument:
    id: str
    text: str
    sentences: list[Sentence]
    mentions: list[tuple[int, int, int, str]]      # (start, end, entity id, entity type)


def read_gum(path) -> list[GumDocument]:
    """CC BY documents of a GUM CoNLL-U file, with text, gold words and entity mentions."""
    return [gum_document(doc_id, sentences) for doc_id, sentences in cc_by_documents(path)]


def gum_document(doc_id: str, blocks: list[str]) -> GumDocument:
    """One document from its CoNLL-U sentences: the text (words joined as SpaceAfter says, a
    newline after each sentence), its sentences of gold words, and its mentions as character
    spans (a mention may run across sentences)."""
    text, sentences, rows, starts = "", [], [], []
    for block in blocks:
        words = []
        for cols in word_rows(block):
            start = len(text)
            text += cols[1]
            if misc(cols).get("SpaceAfter") != "No":
                text += " "
            words.append(Word(int(cols[0]), cols[1], cols[2], cols[3], cols[4], int(cols[6]),
                              cols[7], start, start + len(cols[1]), cols[5]))
            rows.append(cols)
            starts.append(start)
        if words:
            sentences.append(Sentence(words[0].start, words[-1].end, words))
            text += "\n"
    mentions = [(starts[first], starts[last] + len(rows[last][1]), eid, etype)
                for first, last, eid, etype, _ in entity_mentions(rows)]
    return GumDocument(doc_id, text, sentences, mentions)
