"""Score extractor output (JSONL prediction dicts) against gold attributions.

Predictions are paired with gold attributions by content overlap (matching.py: `align`); the
report table and the error list are in report.py.

Optional gold (seeds `optional: true`): left unmatched it is no miss; a prediction paired with it
at >= t is no false positive (it is counted neither way).

Speech-cue subset: gold attributions whose cue holds a word of lexicons/speech_cues.txt. Recall
is over those. For precision, a true positive is a pair with a speech gold; a prediction paired
with a non-speech gold, or unmatched but overlapping any non-speech gold, is left out (PolNeAR
annotates beliefs and intentions, which a quote extractor is not asked to find). Every other
unmatched prediction is a false positive: those touching no gold at all, and also those that only
duplicate or badly clip a speech gold -- so emitting a quote twice still costs speech precision.

Attribute accuracies (speaker, cue, source type, kind) are over the true positives at 0.5.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .gold import GoldAttribution, GoldSet
from .matching import (Alignment, align, content_of, greedy_pairs, nonspace, normalise_name, overlap,
                       pieces_of, prediction_kind, span_text)

THRESHOLDS = (0.3, 0.5, 0.8)
ATTRIBUTE_THRESHOLD = 0.5


# ---------------------------------------------------------------------------- counts

def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def accuracy_of(outcomes: list[bool | None]) -> dict:
    judged = [o for o in outcomes if o is not None]
    return {"correct": sum(judged), "n": len(judged),
            "accuracy": sum(judged) / len(judged) if judged else None}


# ---------------------------------------------------------------------------- attributes

def speaker_correct(gold: GoldSet, g: GoldAttribution, p: dict) -> bool | None:
    """None where the gold has no source to compare with."""
    if g.speaker_name is not None:                        # seeds: resolved names
        return bool(p.get("speaker_name")) and \
            normalise_name(p["speaker_name"]) == normalise_name(g.speaker_name)
    if g.source is None:
        return None
    if overlap(gold.articles[g.article], pieces_of(p.get("speaker")), g.source) > 0:
        return True
    name, src = p.get("speaker_name") or "", (g.source_text or "").strip()
    return bool(src) and re.search(rf"(?<!\w){re.escape(src)}(?!\w)", name, re.I) is not None


def cue_correct(gold: GoldSet, g: GoldAttribution, p: dict) -> bool | None:
    if g.cue is None:
        return None
    return overlap(gold.articles[g.article], pieces_of(p.get("cue")), g.cue) > 0


def _attributes(gold: GoldSet, al: Alignment, keep) -> dict:
    pairs = [(gold.attributions[gi], al.preds[pi]) for gi, (pi, ov) in al.pair_of_gold.items()
             if ov >= ATTRIBUTE_THRESHOLD and not gold.attributions[gi].optional
             and keep(gold.attributions[gi])]
    out = {"speaker": accuracy_of([speaker_correct(gold, g, p) for g, p in pairs]),
           "cue": accuracy_of([cue_correct(gold, g, p) for g, p in pairs])}
    if gold.name == "seeds":
        out["source_type"] = accuracy_of([None if g.source_types is None
                                        else p.get("source_type") in g.source_types
                                        for g, p in pairs])
        out["kind"] = accuracy_of([None if g.kind is None else p.get("kind") == g.kind
                                 for g, p in pairs])
    return out


# ---------------------------------------------------------------------------- scoring

def _subset_scores(gold: GoldSet, al: Alignment, speech_only: bool) -> dict:
    golds = gold.attributions
    keep = (lambda g: g.speech) if speech_only else (lambda g: True)
    counted = [gi for gi, g in enumerate(golds) if keep(g) and not g.optional]
    content = {}
    for t in THRESHOLDS:
        tp = sum(1 for gi in counted if gi in al.pair_of_gold and al.pair_of_gold[gi][1] >= t)
        fp = 0
        for pi in range(len(al.preds)):
            gi, ov = al.pair_of_pred.get(pi, (None, 0.0))
            if ov >= t:
                continue                                  # a TP, or paired with excluded gold
            if speech_only and any(not golds[x].speech for x in al.touches[pi]):
                continue                                  # about a non-speech gold: left out
            fp += 1
        content[f"{t:g}"] = prf(tp, fp, len(counted) - tp)
    # pooled non-space characters, article by article
    tp_c = pred_c = gold_c = 0
    gold_by_art, pred_by_art = defaultdict(list), defaultdict(list)
    for g in golds:
        gold_by_art[g.article].append(g)
    for p in al.preds:
        pred_by_art[p["article"]].append(p)
    for art, text in gold.articles.items():
        g_art = gold_by_art[art]
        target = set().union(*(nonspace(text, g.content) for g in g_art
                               if keep(g) and not g.optional))
        excluded = set().union(*(nonspace(text, g.content) for g in g_art
                                 if g.optional or not keep(g))) - target
        pred = set().union(*(nonspace(text, content_of(p))
                             for p in pred_by_art[art])) - excluded
        tp_c, pred_c, gold_c = tp_c + len(pred & target), pred_c + len(pred), gold_c + len(target)
    chars = prf(tp_c, pred_c - tp_c, gold_c - tp_c)
    return {"n_gold": len(counted),
            "n_optional": sum(1 for g in golds if keep(g) and g.optional),
            "content": content, "chars": chars, **_attributes(gold, al, keep)}


def _no_comment_scores(gold: GoldSet, preds: list[dict]) -> dict:
    preds = [p for p in preds if p.get("article") in gold.articles and p.get("cue")]
    cue_hits, full = [], []
    for pi, p in enumerate(preds):
        for gi, g in enumerate(gold.no_comments):
            text = gold.articles[g.article]
            if p["article"] != g.article or overlap(text, pieces_of(p["cue"]), g.cue) == 0:
                continue
            cue_hits.append((1.0, pi, gi))
            if (g.speaker is None
                    or overlap(text, pieces_of(p.get("speaker")), g.speaker) > 0
                    or normalise_name(p.get("speaker_name")) == normalise_name(g.speaker_text)):
                full.append((1.0, pi, gi))
    found = len(greedy_pairs(full))
    out = prf(found, len(preds) - found, len(gold.no_comments) - found)
    return {**out, "gold": len(gold.no_comments), "pred": len(preds), "found": found,
            "cue_found": len(greedy_pairs(cue_hits))}


def _norm_phrase(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("’", "'").lower()).strip(" .,;:")


def _disclosure_scores(gold: GoldSet, preds: list[dict]) -> dict:
    preds = [p for p in preds if p.get("article") in gold.articles and p.get("group")]
    cands = []
    for pi, p in enumerate(preds):
        for gi, g in enumerate(gold.disclosures):
            if p["article"] == g.article:
                ov = overlap(gold.articles[g.article], pieces_of(p["group"]), g.group)
                if ov >= 0.5:
                    cands.append((ov, pi, gi))
    pairs = [(preds[pi], gold.disclosures[gi]) for pi, gi in greedy_pairs(cands)]
    reason = lambda r: _norm_phrase(span_text(r) if not isinstance(r, str) else r)  # noqa: E731
    return {**prf(len(pairs), len(preds) - len(pairs), len(gold.disclosures) - len(pairs)),
            "gold": len(gold.disclosures), "pred": len(preds),
            "count": accuracy_of([p.get("count") == g.count for p, g in pairs]),
            "affiliation": accuracy_of([_norm_phrase(p.get("affiliation"))
                                      == _norm_phrase(g.affiliation) for p, g in pairs]),
            "reason": accuracy_of([reason(p.get("reason")) == _norm_phrase(g.reason_text)
                                 for p, g in pairs])}


def score(gold: GoldSet, predictions: list[dict]) -> dict:
    al = align(gold, predictions)
    seeds = gold.name == "seeds"
    return {
        "gold": gold.name, "articles": len(gold.articles),
        "n_predicted": len(al.preds), "n_ignored": al.ignored, "n_span_mismatch": al.span_mismatch,
        "thresholds": [f"{t:g}" for t in THRESHOLDS],
        "all": _subset_scores(gold, al, speech_only=False),
        "speech": _subset_scores(gold, al, speech_only=True),
        "no_comment": _no_comment_scores(gold, [p for p in predictions
                                                if prediction_kind(p) == "non_response"]) if seeds else None,
        "disclosures": _disclosure_scores(gold, [p for p in predictions
                                                 if prediction_kind(p) == "disclosure"]) if seeds else None,
    }
