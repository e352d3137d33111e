"""A random sample of a database for human coders: attributions found, and sentences without one.

`draw_sample(db, n)` takes n items: a share `empty_share` of them are body sentences in which
the tool found nothing (so that coders can find what it missed: recall), the rest attributions.
With `by="outlet"` both are stratified by outlet with proportional allocation (each outlet gets
its share of the corpus, rounded by largest remainder), so every item of a kind has the same
chance and the coded counts estimate the corpus without weights; within an outlet (or the whole
corpus without `by`) the items are a simple random sample. The same database and seed give the
same sample: rows are read in id order and drawn with `random.Random(seed)`.

Each row carries the sentence(s) in context: the previous sentence, the ones the attribution
touches (or the empty sentence) between [[ and ]], and the next one, in the article body. Rows
also carry ITEM_KEYS (the article id and the item's offsets in its text), which the CSV leaves
out and the stored sample (stored_sample.py) keeps for the coding page to highlight.
"""
from __future__ import annotations

import csv
import hashlib
import random
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import IO, Iterator

from sqlite_utils import Database

from .sentences import sentence_spans

SAMPLE_COLUMNS = ("sample_id", "attribution_id", "article", "outlet", "context", "content",
                  "speaker", "speaker_name", "source_type", "confidence", "coder_is_attribution",
                  "coder_source_type", "coder_speaker_name")
CODER_COLUMNS = ("coder_is_attribution", "coder_source_type", "coder_speaker_name")
ITEM_KEYS = ("article_id", "item_start", "item_end")
STRATA = ("outlet",)
# Spans of an attribution that make a sentence "not empty" when they touch it.
_SPANS = ("content", "cue", "speaker")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class EmptySentence:
    article_id: str
    outlet: str | None
    start: int
    end: int


def draw_sample(db: Database, n: int, by: str | None = None, seed: int = 0,
                empty_share: float = 0.2) -> list[dict]:
    """n rows of SAMPLE_COLUMNS (fewer if the corpus is smaller), in random order."""
    if by is not None and by not in STRATA:
        raise ValueError(f"cannot stratify by {by!r}: one of {', '.join(STRATA)}")
    rng = random.Random(seed)
    n_empty = round(n * empty_share)
    attributions = _draw_attributions(db, n - n_empty, by, rng)
    empties = _draw_empty_sentences(db, n_empty, by, rng)
    rows = [*_attribution_rows(db, attributions), *_empty_rows(db, empties)]
    rng.shuffle(rows)
    return rows


def write_sample(rows: list[dict], fp: IO[str]) -> int:
    writer = csv.DictWriter(fp, SAMPLE_COLUMNS, extrasaction="ignore")   # not ITEM_KEYS
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def allocate(n: int, sizes: dict) -> dict:
    """n split over strata in proportion to their sizes, by largest remainder, capped at size."""
    total = sum(sizes.values())
    if total == 0 or n <= 0:
        return {key: 0 for key in sizes}
    if n >= total:
        return dict(sizes)
    quotas = {key: n * size / total for key, size in sizes.items()}
    shares = {key: int(q) for key, q in quotas.items()}
    # ties broken by the strata's order, so that the allocation is deterministic
    by_remainder = sorted(sizes, key=lambda key: shares[key] - quotas[key])
    for key in by_remainder[:n - sum(shares.values())]:
        shares[key] += 1
    return shares


def stratum_of(outlet: str | None, by: str | None) -> str | None:
    return outlet if by == "outlet" else None


def _draw_attributions(db: Database, n: int, by: str | None, rng: random.Random) -> list[str]:
    strata: dict = {}
    for attribution_id, outlet in db.execute(
            "select a.id, ar.outlet from attributions a join articles ar on ar.id = a.article_id "
            "order by a.id"):
        strata.setdefault(stratum_of(outlet, by), []).append(attribution_id)
    shares = allocate(n, {key: len(ids) for key, ids in sorted(strata.items(), key=_key)})
    return [pick for key, k in shares.items() for pick in rng.sample(strata[key], k)]


def _key(item):
    """Sort strata with None (no outlet) first, then by name."""
    return (item[0] is not None, item[0] or "")


def empty_sentence_counts(db: Database) -> list[tuple[str, str | None, int]]:
    """(article id, outlet, number of body sentences no attribution touches), in id order."""
    return [(article_id, outlet, len(spans))
            for article_id, outlet, spans in _empty_sentences_by_article(db)]


def _empty_sentences_by_article(db: Database, only: list[str] | None = None
                                ) -> Iterator[tuple[str, str | None, list[tuple[int, int]]]]:
    """Each article's empty body sentences: all articles in id order, or those in `only`."""
    columns = "select id, outlet, text, body_start, body_end from articles"
    if only is None:
        articles = db.execute(f"{columns} order by id")
    else:
        articles = (row for article_id in only
                    for row in db.execute(f"{columns} where id = ?", [article_id]))
    touched_sql = " union all ".join(f"select {s}_start, {s}_end from attributions "
                                     f"where article_id = ? and {s}_start is not null"
                                     for s in _SPANS)
    for article_id, outlet, text, body_start, body_end in articles:
        body_start = body_start or 0
        body_end = len(text) if body_end is None else body_end
        touched = db.execute(touched_sql, [article_id] * len(_SPANS)).fetchall()
        spans = [(start, end) for start, end in sentence_spans(text, body_start, body_end)
                 if not any(s < end and start < e for s, e in touched)]
        yield article_id, outlet, spans


def _draw_empty_sentences(db: Database, n: int, by: str | None,
                          rng: random.Random) -> list[EmptySentence]:
    if n <= 0:
        return []
    # Count first, then read only the articles holding a chosen sentence: a corpus's sentences
    # are never all in memory.
    counts = empty_sentence_counts(db)
    strata: dict = {}
    for index, (_, outlet, count) in enumerate(counts):
        strata.setdefault(stratum_of(outlet, by), []).append(index)
    sizes = {key: sum(counts[i][2] for i in indexes)
             for key, indexes in sorted(strata.items(), key=_key)}
    drawn = []                                   # (article index, sentence index), as drawn
    for key, k in allocate(n, sizes).items():
        indexes = strata[key]
        ends = list(accumulate(counts[i][2] for i in indexes))
        for place in rng.sample(range(sizes[key]), k):
            at = bisect_right(ends, place)
            drawn.append((indexes[at], place - (ends[at - 1] if at else 0)))
    wanted = sorted({counts[index][0] for index, _ in drawn})
    spans = {article_id: (outlet, sentences)
             for article_id, outlet, sentences in _empty_sentences_by_article(db, only=wanted)}
    return [EmptySentence(counts[index][0], spans[counts[index][0]][0],
                          *spans[counts[index][0]][1][i]) for index, i in drawn]


def _attribution_rows(db: Database, ids: list[str]) -> list[dict]:
    if not ids:
        return []
    confidence = ("a.confidence" if "confidence" in db["attributions"].columns_dict
                  else "null")
    query = (f"select a.*, {confidence} as confidence_value, ar.name as article_name, "
             "ar.outlet as article_outlet from attributions a "
             "join articles ar on ar.id = a.article_id where a.id = ?")
    found = {attribution_id: next(db.query(query, [attribution_id])) for attribution_id in ids}
    articles = _articles(db, {row["article_id"] for row in found.values()})
    rows = []
    for attribution_id in ids:
        row = found[attribution_id]
        starts = [row[f"{s}_start"] for s in _SPANS if row[f"{s}_start"] is not None]
        ends = [row[f"{s}_end"] for s in _SPANS if row[f"{s}_end"] is not None]
        rows.append({
            "sample_id": "a-" + attribution_id[:12], "attribution_id": attribution_id,
            "article": row["article_name"], "outlet": row["article_outlet"],
            "context": context(*articles[row["article_id"]][1:], min(starts), max(ends)),
            "content": row["content"], "speaker": row["speaker"],
            "speaker_name": row["speaker_name"], "source_type": row["source_type"],
            "confidence": row["confidence_value"], **dict.fromkeys(CODER_COLUMNS, ""),
            "article_id": row["article_id"], "item_start": min(starts), "item_end": max(ends)})
    return rows


def _empty_rows(db: Database, sentences: list[EmptySentence]) -> list[dict]:
    articles = _articles(db, {s.article_id for s in sentences})
    return [{"sample_id": "s-" + empty_sentence_id(s), "attribution_id": "",
             "article": articles[s.article_id][0], "outlet": s.outlet,
             "context": context(*articles[s.article_id][1:], s.start, s.end),
             **dict.fromkeys(("content", "speaker", "speaker_name", "source_type",
                              "confidence", *CODER_COLUMNS), ""),
             "article_id": s.article_id, "item_start": s.start, "item_end": s.end}
            for s in sentences]


def empty_sentence_id(sentence: EmptySentence) -> str:
    key = f"{sentence.article_id}:{sentence.start}:{sentence.end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _articles(db: Database, ids: set[str]) -> dict[str, tuple[str, str, int, int]]:
    """article id -> (name, text, body start, body end)."""
    out = {}
    for article_id in sorted(ids):
        name, text, body_start, body_end = db.execute(
            "select name, text, body_start, body_end from articles where id = ?",
            [article_id]).fetchone()
        out[article_id] = (name, text, body_start or 0, len(text) if body_end is None else body_end)
    return out


def context(text: str, body_start: int, body_end: int, start: int, end: int) -> str:
    """The sentences that [start, end) touches between [[ and ]], one more on each side."""
    sentences = sentence_spans(text, body_start, body_end)
    touched = [i for i, (s, e) in enumerate(sentences) if s < end and start < e]
    if not touched:
        return f"[[{_flat(text[start:end])}]]"
    first, last = touched[0], touched[-1]
    before = _flat(text[sentences[first - 1][0]:sentences[first - 1][1]]) if first > 0 else ""
    after = (_flat(text[sentences[last + 1][0]:sentences[last + 1][1]])
             if last + 1 < len(sentences) else "")
    middle = _flat(text[min(start, sentences[first][0]):max(end, sentences[last][1])])
    return " ".join(part for part in (before, f"[[{middle}]]", after) if part)


def _flat(text: str) -> str:
    """One line for a spreadsheet cell."""
    return _SPACE.sub(" ", text).strip()
