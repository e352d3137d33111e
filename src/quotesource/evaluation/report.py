"""The printed evaluation report: the score table of `evaluate.score`, and the errors
(misses, false positives, wrong speakers) with their sentences, grouped by cause."""
from __future__ import annotations

from collections import Counter, defaultdict

from .evaluate import speaker_correct
from .gold import GoldAttribution, GoldSet, cue_key
from .matching import align, content_of, sentence_around, span_text

_QUOTES = "\"“”„«»"


# ---------------------------------------------------------------------------- errors

def _quote_shape(g: GoldAttribution) -> str:
    t = g.content_text.strip()
    if g.kind == "direct" or (g.kind is None and t[:1] in _QUOTES and t[-1:] in _QUOTES):
        return "direct"
    return "mixed" if g.kind == "mixed" or any(q in t for q in _QUOTES) else "plain"


def errors(gold: GoldSet, predictions: list[dict], threshold: float = 0.5) -> list[dict]:
    """Misses, false positives and wrong speakers, each with its sentence and a cause group."""
    al, out = align(gold, predictions), []
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
