"""UD English GUM: its documents, the CC BY genres we may use, and its entity annotation."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..nlp import Sentence, Word

# GUM genres whose texts are CC BY (or public domain) per GUM's LICENSE.txt and
# ../shared/nlp/README.md. wikiHow (whow) and fiction are CC BY-NC-SA: never used. Genres the
# data README does not name as CC BY (academic, court, essay, letter, podcast) are left out too.
GUM_CC_BY_GENRES = ("news", "bio", "interview", "voyage", "textbook", "speech", "vlog", "conversation")
GUM_NER_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}


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
    return doc_id.split("_")[1] if doc_id and doc_id.startswith("GUM_") else ""


def gum_cc_by_docs(data_dir: Path, split: str):
    """(doc_id, sentences) for the CC BY GUM documents of one split (train, dev, test) of the
    data dir's gum/."""
    for doc_id, sents in read_conllu_docs(Path(data_dir) / "gum" / f"en_gum-ud-{split}.conllu"):
        if gum_genre(doc_id) in GUM_CC_BY_GENRES:
            yield doc_id, sents


NAME_LINKS = {"of", "the", "de", "for", "-", "&", "du", "van", "von", "der", "al", "la", "le", "on"}


def gum_entities(block: str):
    """Token-level PER/ORG/LOC tags (BIO) for one GUM sentence, from MISC `Entity=` brackets.

    GUM annotates every mention ("the preacher", "he") with an entity type and a minimal span;
    UNER marks only names. A person/organization/place mention counts as a name when its minimal
    span, trimmed of lowercase tokens at either end, is capitalised words (linked by of/the/de/-/...)
    with at least one PROPN: "the University of Basel" -> "University of Basel" (ORG). Nested
    names keep the outermost one, as UNER does. Returns (tokens, tags).
    """
    rows = []
    for line in block.splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or "-" in cols[0] or "." in cols[0]:
            continue
        rows.append(cols)
    n = len(rows)
    open_stack: dict[str, list] = {}
    mentions = []   # (start, end_inclusive, type, minspan)
    for i, cols in enumerate(rows):
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        ent = misc.get("Entity")
        if not ent:
            continue
        for m in re.finditer(r"\((\d+)-([^()]*?)(\)?)(?=\(|$|\d+\))|(\d+)\)", ent):
            if m.group(1):
                eid, fields = m.group(1), m.group(2).split("-")
                etype = fields[0]
                minspan = next((f for f in fields[1:] if re.fullmatch(r"\d+(,\d+)*", f)), None)
                if m.group(3):
                    mentions.append((i, i, etype, minspan))
                else:
                    open_stack.setdefault(eid, []).append((i, etype, minspan))
            else:
                eid = m.group(4)
                if open_stack.get(eid):
                    start, etype, minspan = open_stack[eid].pop()
                    mentions.append((start, i, etype, minspan))
    tags = ["O"] * n
    for start, end, etype, minspan in sorted(mentions, key=lambda m: m[0] - m[1]):   # longest first
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

CC_BY_GENRES = ("news", "bio", "interview", "voyage", "textbook", "speech", "vlog", "conversation")
_OPEN = re.compile(r"\((\d+)-([a-z]+)")
_CLOSE = re.compile(r"(\d+)\)")


@dataclass
class GumDocument:
    id: str
    text: str
    sentences: list[Sentence]
    mentions: list[tuple[int, int, int, str]]      # (start, end, entity id, entity type)


def read_gum(path) -> list[GumDocument]:
    """CC BY documents of a GUM CoNLL-U file, with text, gold words and entity mentions."""
    docs, doc_id, lines = [], None, []
    for line in open(path, encoding="utf-8"):
        if line.startswith("# newdoc id = "):
            if doc_id and lines:
                docs.append(_document(doc_id, lines))
            doc_id, lines = line.split("=", 1)[1].strip(), []
        else:
            lines.append(line.rstrip("\n"))
    if doc_id and lines:
        docs.append(_document(doc_id, lines))
    return [d for d in docs if d.id.split("_")[1] in CC_BY_GENRES]


def _document(doc_id: str, lines: list[str]) -> GumDocument:
    text, sentences, words, mentions = "", [], [], []
    open_at: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for line in lines + [""]:
        if not line.strip():
            if words:
                sentences.append(Sentence(words[0].start, words[-1].end, words))
                words = []
                text += "\n"
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue                                  # multi-word tokens and empty nodes
        start = len(text)
        text += cols[1]
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        if misc.get("SpaceAfter") != "No":
            text += " "
        words.append(Word(int(cols[0]), cols[1], cols[2], cols[3], cols[4], int(cols[6]),
                          cols[7], start, start + len(cols[1]), cols[5]))
        entity = misc.get("Entity", "")
        for m in _OPEN.finditer(entity):
            open_at[int(m.group(1))].append((start, m.group(2)))
        # "(3-person-...)" opens and closes on one word; "3)" closes an earlier opening
        for m in re.finditer(r"\((\d+)-[^()]*\)|(?<![\w-])(\d+)\)", entity):
            eid = int(m.group(1) or m.group(2))
            if open_at[eid]:
                s, etype = open_at[eid].pop()
                mentions.append((s, start + len(cols[1]), eid, etype))
    return GumDocument(doc_id, text, sentences, mentions)
