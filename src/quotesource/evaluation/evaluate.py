"""Score extractor output (JSONL prediction dicts) against gold attributions.

Content matching. `overlap(text, pred, gold)` is the share of the gold content's non-space
characters that the prediction covers. Predictions and gold attributions of an article are paired
one-to-one, greedily by best overlap (ties: the tighter prediction, by shared/union); a pair counts
as a true positive at threshold t when its overlap is >= t. Greedy pairing is threshold-free: pairs
below t are only ever taken after every pair at or above t, so one pairing serves all thresholds.

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

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .gold import GoldAttribution, GoldSet, Pieces, cue_key, load_gold  # noqa: F401

THRESHOLDS = (0.3, 0.5, 0.8)
ATTRIBUTE_THRESHOLD = 0.5
_QUOTES = "\"“”„«»"


# ---------------------------------------------------------------------------- spans

def pieces_of(span) -> Pieces | None:
    """A prediction span ({"start","end",...}, a list of them, or None) as (start, end) pieces."""
    if not span:
        return None
    if isinstance(span, dict):
        return ((int(span["start"]), int(span["end"])),)
    return tuple(p for s in span for p in (pieces_of(s) or ()))


def content_of(pred: dict) -> Pieces | None:
    """A prediction's content: its pieces when discontinuous, else its one span."""
    return pieces_of(pred.get("content_pieces") or pred.get("content"))


def span_text(span) -> str | None:
    """The text of a prediction span (pieces joined by a space), or None."""
    if not span:
        return None
    if isinstance(span, dict):
        return span.get("text")
    return " ".join(s.get("text") or "" for s in span)


def nonspace(text: str, pieces: Pieces | None) -> frozenset[int]:
    return frozenset(i for s, e in (pieces or ()) for i in range(max(s, 0), min(e, len(text)))
                     if not text[i].isspace())


def overlap(text: str, pred: Pieces | None, gold: Pieces | None) -> float:
    """Shared non-space characters / the gold's non-space characters, in [0, 1]."""
    g = nonspace(text, gold)
    return len(nonspace(text, pred) & g) / len(g) if g else 0.0


def normalise_name(name: str | None) -> str:
    s = re.sub(r"\s+", " ", (name or "").replace("’", "'").lower()).strip(" .,;:")
    return re.sub(r"^(?:(?:the|a|an|both)\s+)+", "", s)


# a sentence ends at . ! ? (and closing marks) followed by space and a capital, or at a newline;
# not after a lone capital ("U.S. Army") or a common title
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)"
                           r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n")


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence(s) holding text[start:end], by a simple boundary regex."""
    left = 0
    for m in _SENTENCE_END.finditer(text):     # not endpos=start: the lookahead needs text[start]
        if m.end() > start:
            break
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.start() + len(m.group().rstrip()) if m else len(text)
    out = re.sub(r"\s+", " ", text[left:right]).strip()
    return out if len(out) <= limit else out[:limit - 1] + "…"


def prediction_kind(pred: dict) -> str:
    rec = pred.get("record")
    if rec in ("no_comment", "non_response") or (not rec and "content" not in pred
                                                  and "group" not in pred and "cue" in pred):
        return "non_response"
    if rec in ("disclosure", "source_disclosure") or (not rec and "group" in pred):
        return "disclosure"
    return "attribution"


def load_predictions(paths) -> list[dict]:
    """JSONL files (or directories of *.jsonl) -> prediction dicts."""
    preds = []
    for p in [paths] if isinstance(paths, (str, Path)) else paths:
        p = Path(p)
        for f in sorted(p.glob("*.jsonl")) if p.is_dir() else [p]:
            preds += [json.loads(l) for l in f.read_text("utf-8").splitlines() if l.strip()]
    return preds


# ---------------------------------------------------------------------------- alignment

@dataclass
class _Alignment:
    gold: GoldSet
    preds: list[dict] = field(default_factory=list)        # attribution predictions, in gold
    pair_of_pred: dict[int, tuple[int, float]] = field(default_factory=dict)
    pair_of_gold: dict[int, tuple[int, float]] = field(default_factory=dict)
    touches: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    ignored: int = 0
    span_mismatch: int = 0


def _align(gold: GoldSet, predictions: list[dict]) -> _Alignment:
    al = _Alignment(gold)
    by_article: dict[str, list[int]] = defaultdict(list)
    for gi, g in enumerate(gold.attributions):
        by_article[g.article].append(gi)
    pred_by_article: dict[str, list[int]] = defaultdict(list)
    for p in predictions:
        if prediction_kind(p) != "attribution" or not p.get("content"):
            continue
        if p.get("article") not in gold.articles:
            al.ignored += 1
            continue
        text, c = gold.articles[p["article"]], p["content"]
        if any("text" in x and text[x["start"]:x["end"]] != x["text"]
               for x in ([c] if isinstance(c, dict) else c)):
            al.span_mismatch += 1
        pred_by_article[p["article"]].append(len(al.preds))
        al.preds.append(p)
    for art, pis in pred_by_article.items():
        text = gold.articles[art]
        gsets = {gi: nonspace(text, gold.attributions[gi].content) for gi in by_article[art]}
        candidates = []
        for pi in pis:
            pset = nonspace(text, content_of(al.preds[pi]))
            for gi, gset in gsets.items():
                shared = len(pset & gset)
                if shared and gset:
                    al.touches[pi].add(gi)
                    union = len(pset | gset)
                    candidates.append((shared / len(gset), shared / union,
                                       not gold.attributions[gi].optional, pi, gi))
        for ov, _, _, pi, gi in sorted(candidates, reverse=True):
            if pi not in al.pair_of_pred and gi not in al.pair_of_gold:
                al.pair_of_pred[pi] = (gi, ov)
                al.pair_of_gold[gi] = (pi, ov)
    return al


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


def _attributes(gold: GoldSet, al: _Alignment, keep) -> dict:
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

def _subset_scores(gold: GoldSet, al: _Alignment, speech_only: bool) -> dict:
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


def greedy_pairs(cands: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs from (score, a, b) candidates, best score first (ties: higher a, b)."""
    used_p, used_g, out = set(), set(), []
    for _, pi, gi in sorted(cands, reverse=True):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi), used_g.add(gi), out.append((pi, gi))
    return out


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
    al = _align(gold, predictions)
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


# ---------------------------------------------------------------------------- errors

def _quote_shape(g: GoldAttribution) -> str:
    t = g.content_text.strip()
    if g.kind == "direct" or (g.kind is None and t[:1] in _QUOTES and t[-1:] in _QUOTES):
        return "direct"
    return "mixed" if g.kind == "mixed" or any(q in t for q in _QUOTES) else "plain"


def errors(gold: GoldSet, predictions: list[dict], threshold: float = 0.5) -> list[dict]:
    """Misses, false positives and wrong speakers, each with its sentence and a cause group."""
    al, out = _align(gold, predictions), []
    touched = set().union(*al.touches.values())

    def item(kind, cause, art, pieces, g=None, p=None, ov=None):
        text, (s, e) = gold.articles[art], (min(x for x, _ in pieces), max(y for _, y in pieces))
        out.append({"article": art, "kind": kind, "cause": cause, "start": s, "end": e,
                    "sentence": sentence_around(text, s, e),
                    "gold": g.content_text if g else None,
                    "gold_cue": g.cue_text if g else None,
                    "gold_speaker": (g.speaker_name or g.source_text) if g else None,
                    "predicted": span_text(p["content"]) if p else None,
                    "predicted_cue": span_text(p.get("cue")) if p else None,
                    "predicted_speaker": p.get("speaker_name") if p else None,
                    "overlap": ov})

    for gi, g in enumerate(gold.attributions):
        pi, ov = al.pair_of_gold.get(gi, (None, 0.0))
        if g.optional:
            continue
        if ov < threshold:
            shape, cue = _quote_shape(g), cue_key(g.cue_text) or (g.cue_text or "")
            cause = ("miss: boundary (predicted content overlaps < threshold)" if gi in touched
                     else "miss: direct quote" if shape == "direct"
                     else f"miss: partly quoted, cue '{cue}'" if shape == "mixed"
                     else f"miss: no quote marks, cue '{cue}'")
            item("miss", cause, g.article, g.content, g=g, ov=ov)
        elif speaker_correct(gold, g, al.preds[pi]) is False:
            p = al.preds[pi]
            cause = ("speaker wrong: none predicted"
                     if not (p.get("speaker") or p.get("speaker_name")) else "speaker wrong")
            item("wrong_speaker", cause, g.article, g.content, g=g, p=p, ov=ov)
    for pi, p in enumerate(al.preds):
        gi, ov = al.pair_of_pred.get(pi, (None, 0.0))
        if ov >= threshold:
            continue
        cue = span_text(p.get("cue"))
        cause = ("fp: boundary (overlaps a gold attribution < threshold)" if al.touches[pi]
                 else f"fp: cue '{cue_key(cue) or cue}'" if cue else "fp: no cue")
        item("false_positive", cause, p["article"], content_of(p), p=p, ov=ov)
    return out


def error_groups(errs: list[dict]) -> list[tuple[str, int, list[dict]]]:
    """(cause, count, errors) with the most frequent cause first."""
    by_cause: dict[str, list[dict]] = defaultdict(list)
    for e in errs:
        by_cause[e["cause"]].append(e)
    return sorted(((c, len(es), es) for c, es in by_cause.items()), key=lambda x: (-x[1], x[0]))


def format_errors(errs: list[dict], examples: int = 2) -> str:
    kinds = Counter(e["kind"] for e in errs)
    lines = [", ".join(f"{k}: {kinds[k]}" for k in ("miss", "false_positive", "wrong_speaker"))]
    for cause, n, es in error_groups(errs):
        lines.append(f"{n:5d}  {cause}")
        for e in es[:examples]:
            lines.append(f"         [{e['article']}] {e['sentence'][:160]}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- report

def _fmt(x) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def format_report(scores: dict) -> str:
    """A compact table: content P/R/F1 per threshold and pooled characters, then accuracies."""
    a, s = scores["all"], scores["speech"]
    head = (f"{scores['gold']}: {scores['articles']} articles, {a['n_gold']} gold attributions"
            f" (+{a['n_optional']} optional), {s['n_gold']} with speech cues;"
            f" {scores['n_predicted']} predicted")
    if scores["n_ignored"]:
        head += f", {scores['n_ignored']} on other articles ignored"
    if scores["n_span_mismatch"]:
        head += f", {scores['n_span_mismatch']} with span text mismatches"
    prf = lambda d: "  ".join(_fmt(d[k]) for k in ("precision", "recall", "f1"))  # noqa: E731
    lines = [head, f"{'':18}{'all':^19}    {'speech cues':^19}",
             f"{'content':18}{'P':>5}  {'R':>5}  {'F1':>5}    {'P':>5}  {'R':>5}  {'F1':>5}"]
    for t in scores["thresholds"]:
        lines.append(f"{'  overlap >= ' + t:18}{prf(a['content'][t])}    {prf(s['content'][t])}")
    lines.append(f"{'  characters':18}{prf(a['chars'])}    {prf(s['chars'])}")
    cell = lambda d: f"{_fmt(d['accuracy'])} ({d['correct']}/{d['n']})"  # noqa: E731
    for key in ("speaker", "cue", "source_type", "kind"):
        if key in a:
            lines.append(f"{key.replace('_', ' ') + ' acc':18}{cell(a[key]):19}    {cell(s[key])}")
    if scores.get("no_comment"):
        n = scores["no_comment"]
        lines.append(f"no comment: found {n['found']}/{n['gold']} (cue only {n['cue_found']}),"
                     f" precision {_fmt(n['precision'])} over {n['pred']} predicted")
    if scores.get("disclosures"):
        d = scores["disclosures"]
        lines.append(f"disclosures: P {_fmt(d['precision'])}  R {_fmt(d['recall'])}"
                     f"  F1 {_fmt(d['f1'])}; count acc {_fmt(d['count']['accuracy'])},"
                     f" affiliation acc {_fmt(d['affiliation']['accuracy'])},"
                     f" reason acc {_fmt(d['reason']['accuracy'])}")
    return "\n".join(lines)


def paired(gold: GoldSet, predictions: list[dict]) -> list[tuple[dict, GoldAttribution | None, float]]:
    """Each attribution prediction with the gold attribution it is paired with (one-to-one, as
    `score` pairs them) and their overlap; (p, None, 0.0) where it is paired with none."""
    al = _align(gold, predictions)
    out = []
    for pi, p in enumerate(al.preds):
        gi, ov = al.pair_of_pred.get(pi, (None, 0.0))
        out.append((p, gold.attributions[gi] if gi is not None else None, ov))
    return out
