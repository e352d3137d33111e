"""Score predicted source types against hand labels of PolNeAR source mentions.

Labels (`../shared/gold/polnear_train_source_types.jsonl`): one line per gold Source span of an
article, `article`, `source_start`, `source_end`, `source_type`, `resolved_name`. A label is
matched to a prediction through the gold attributions whose Source starts at `source_start`:
each such attribution whose content a prediction matches at overlap >= 0.3 (the pairing of
`evaluate`) is one judged pair (gold type, predicted type). By default only speech-cue
attributions are judged, as for content scores.

Reported: accuracy per gold class, the confusion matrix, macro accuracy (mean over classes),
resolved-name accuracy, the anonymous share (predicted vs gold, over the judged pairs), how many
predictions were left unresolved, and how many named sources were typed anonymous.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..records import ANONYMOUS_TYPES, NAMED_TYPES, SOURCE_TYPES
from .gold import GoldSet

TYPES = SOURCE_TYPES
ANONYMOUS = ANONYMOUS_TYPES
NAMED = NAMED_TYPES
UNRESOLVED = "unresolved"
MATCH_THRESHOLD = 0.3


class LabelError(Exception):
    pass


@dataclass(frozen=True)
class TypeLabel:
    article: str
    start: int
    end: int
    source_type: str
    name: str


def load_labels(path) -> dict[tuple[str, int], TypeLabel]:
    """(article, source_start) -> label; a malformed line names the file and line."""
    labels = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                label = TypeLabel(rec["article"], int(rec["source_start"]), int(rec["source_end"]),
                                  rec["source_type"], rec.get("resolved_name") or "")
            except (ValueError, KeyError, TypeError) as exc:
                raise LabelError(f"{path}:{n}: not a source-type label ({exc})") from None
            if label.source_type not in TYPES:
                raise LabelError(f"{path}:{n}: unknown source_type {label.source_type!r}")
            labels[(label.article, label.start)] = label
    return labels


def labelled_articles(path) -> list[str]:
    return sorted({article for article, _ in load_labels(path)})


def judged_pairs(gold: GoldSet, predictions: list[dict], labels, speech_only: bool = True):
    """(label, gold attribution, prediction or None) for every labelled gold attribution."""
    from .matching import align

    al = align(gold, predictions)
    out = []
    for gi, g in enumerate(gold.attributions):
        if g.source is None or (speech_only and not g.speech):
            continue
        label = labels.get((g.article, min(s for s, _ in g.source)))
        if label is None:
            continue
        pi, ov = al.pair_of_gold.get(gi, (None, 0.0))
        out.append((label, g, al.preds[pi] if pi is not None and ov >= MATCH_THRESHOLD else None))
    return out


def name_matches(predicted: str | None, label: TypeLabel) -> bool:
    """Loose: equal after normalising, or one holds the other as whole words ("Trump" and
    "Donald Trump"; "Clinton campaign" and "the Clinton campaign")."""
    a, b = _norm(predicted), _norm(label.name)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


def _norm(name: str | None) -> str:
    s = re.sub(r"\s+", " ", (name or "").replace("\u2019", "'").lower()).strip(" .,;:'\"")
    s = re.sub(r"'s$", "", s)
    return re.sub(r"^(?:(?:the|a|an)\s+)+", "", s)


def score_types(gold: GoldSet, predictions: list[dict], labels, speech_only: bool = True) -> dict:
    pairs = judged_pairs(gold, predictions, labels, speech_only)
    matched = [(lab, p) for lab, _, p in pairs if p is not None]
    confusion: dict[str, Counter] = defaultdict(Counter)
    for lab, p in matched:
        confusion[lab.source_type][p.get("source_type") or UNRESOLVED] += 1
    per_class = {}
    for t in TYPES:
        n = sum(confusion[t].values())
        per_class[t] = {"n": n, "correct": confusion[t][t], "accuracy": confusion[t][t] / n if n else None}
    judged = [c["accuracy"] for c in per_class.values() if c["accuracy"] is not None]
    named = [(lab, p) for lab, p in matched if lab.source_type in NAMED]
    n = len(matched)
    share = lambda keep: sum(1 for x in matched if keep(x)) / n if n else None  # noqa: E731
    return {
        "labelled_attributions": len(pairs), "matched": n,
        "per_class": per_class,
        "confusion": {t: dict(confusion[t]) for t in TYPES if confusion[t]},
        "macro_accuracy": sum(judged) / len(judged) if judged else None,
        "accuracy": sum(c["correct"] for c in per_class.values()) / n if n else None,
        "name_accuracy": share(lambda x: name_matches(x[1].get("speaker_name"), x[0])),
        "anonymous_share_predicted": share(lambda x: x[1].get("source_type") in ANONYMOUS),
        "anonymous_share_gold": share(lambda x: x[0].source_type in ANONYMOUS),
        "unresolved_share": share(lambda x: x[1].get("source_type") in (None, UNRESOLVED)),
        "named_typed_anonymous": (sum(1 for lab, p in named if p.get("source_type") in ANONYMOUS)
                                  / len(named) if named else None),
    }


def type_errors(gold: GoldSet, predictions: list[dict], labels, speech_only: bool = True):
    """Wrongly typed matched attributions, with the sentence: for reading, not for scores."""
    from .matching import sentence_around

    out = []
    for lab, g, p in judged_pairs(gold, predictions, labels, speech_only):
        if p is None or p.get("source_type") == lab.source_type:
            continue
        text = gold.articles[g.article]
        out.append({"article": g.article, "gold_type": lab.source_type,
                    "predicted_type": p.get("source_type") or UNRESOLVED,
                    "gold_source": text[lab.start:lab.end], "gold_name": lab.name,
                    "predicted_speaker": (p.get("speaker") or {}).get("text"),
                    "predicted_name": p.get("speaker_name"),
                    "sentence": sentence_around(text, lab.start, lab.end)})
    return out


def format_type_report(s: dict) -> str:
    pct = lambda x: "    -" if x is None else f"{100 * x:5.1f}%"  # noqa: E731
    acc = lambda x: "    -" if x is None else f"{x:5.3f}"  # noqa: E731
    cols, corner = [*TYPES, UNRESOLVED], "gold \\ predicted"
    short = {"named_person": "n_pers", "named_organization": "n_org", "anonymous_person": "a_pers",
             "anonymous_group": "a_grp", "document": "doc", UNRESOLVED: "unres"}
    lines = [f"source types: {s['matched']} of {s['labelled_attributions']} labelled attributions"
             f" matched (content overlap >= {MATCH_THRESHOLD:g})",
             f"{corner:20}" + "".join(f"{short[c]:>7}" for c in cols) + "   accuracy"]
    for t in TYPES:
        row = s["confusion"].get(t, {})
        c = s["per_class"][t]
        lines.append(f"{t:20}" + "".join(f"{row.get(x, 0):7d}" for x in cols)
                     + f"   {acc(c['accuracy'])} ({c['correct']}/{c['n']})")
    lines += [f"macro accuracy {acc(s['macro_accuracy'])}, accuracy {acc(s['accuracy'])},"
              f" resolved name {acc(s['name_accuracy'])}",
              f"anonymous share: predicted {pct(s['anonymous_share_predicted'])},"
              f" gold {pct(s['anonymous_share_gold'])}; unresolved {pct(s['unresolved_share'])};"
              f" named typed anonymous {pct(s['named_typed_anonymous'])}"]
    return "\n".join(lines)


def format_type_errors(errs: list[dict]) -> str:
    by = Counter((e["gold_type"], e["predicted_type"]) for e in errs)
    lines = []
    for (g, p), n in by.most_common():
        lines.append(f"{n:4d}  {g} -> {p}")
        for e in [e for e in errs if (e["gold_type"], e["predicted_type"]) == (g, p)][:3]:
            lines.append(f"        {e['gold_source']!r} = {e['gold_name']!r}; predicted"
                         f" {e['predicted_speaker']!r} = {e['predicted_name']!r}")
    return "\n".join(lines)

