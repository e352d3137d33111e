"""`validate`: the figures of a coded sample against the database it was drawn from.

Attribution precision is the share of coded attributions that coders accept (Wilson 95 %
interval); recall is estimated from the empty sentences (statistics.corrected: found real
attributions over found and missed, with a bootstrap interval, since it is a ratio of two
estimated counts drawn at different rates). Source-type figures are computed on the
attributions that coders accept and gave a type: percent agreement, Cohen's kappa, per-class
precision (of the tool's class) and recall (of the coder's class), and the confusion matrix.
These counts are unweighted: a proportional sample (`sample --by outlet` or none) needs no
weights. The anonymous share is weighted and corrected (statistics.py).
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import cohen_kappa_score, confusion_matrix
from sqlite_utils import Database

from ..records import SOURCE_TYPES, UNRESOLVED
from .labels import CodedItem, coded_items
from .sample import empty_sentence_counts
from .statistics import NONE, TOOL_LABELS, UNJUDGED, corrected_shares, wilson

NO_OUTLET = "(no outlet)"
TYPED_LABELS = (*SOURCE_TYPES, UNRESOLVED)   # what the tool may answer for an attribution found
SMALL_SAMPLE = 100     # coded attributions below which the report says its intervals are wide
SMALL_OUTLET = 50


def validate(db: Database, reps: int = 2000, seed: int = 0) -> dict:
    """Every figure of the coded sample in `db`'s validation_labels (see the module doc)."""
    items, stale = coded_items(db)
    found = [item for item in items if item.tool_source_type is not None]
    empties = [item for item in items if item.tool_source_type is None]
    accepted = sum(item.is_attribution for item in found)
    shares = corrected_shares([(item.outlet, _tool_label(item), _true_label(item))
                               for item in items],
                              tool_counts(db, with_empty_sentences=bool(empties)),
                              reps=reps, seed=seed)
    report = {
        "n": len(items),
        "attribution_precision": {"value": _ratio(accepted, len(found)),
                                  "ci": wilson(accepted, len(found)), "n": len(found)},
        "attribution_recall": {**shares["recall"], "n": len(empties),
                               "missed": sum(item.is_attribution for item in empties)},
        "source_type": source_type_agreement(found),
        "speaker_name": speaker_agreement(found),
        "anonymous_share": shares["anonymous_share"],
        "by_outlet": {NO_OUTLET if outlet is None else outlet: figures
                      for outlet, figures in shares["by_outlet"].items()},
    }
    report["warnings"] = _warnings(report, stale)
    return report


def _tool_label(item: CodedItem) -> str:
    return NONE if item.tool_source_type is None else item.tool_source_type


def _true_label(item: CodedItem) -> str:
    if not item.is_attribution:
        return NONE
    return item.source_type or UNJUDGED


def _ratio(k: int, n: int) -> float | None:
    return k / n if n else None


def tool_counts(db: Database, with_empty_sentences: bool = True) -> dict:
    """outlet -> the tool's corpus counts per TOOL_LABELS (empty sentences last)."""
    counts: dict = {}

    def row(outlet):
        return counts.setdefault(outlet, np.zeros(len(TOOL_LABELS)))

    for outlet, source_type, n in db.execute(
            "select ar.outlet, a.source_type, count(*) from attributions a "
            "join articles ar on ar.id = a.article_id group by 1, 2"):
        label = source_type if source_type in TOOL_LABELS else UNRESOLVED
        row(outlet)[TOOL_LABELS.index(label)] += n
    if with_empty_sentences:       # sentence splitting reads every article: only when needed
        for _, outlet, n in empty_sentence_counts(db):
            row(outlet)[TOOL_LABELS.index(NONE)] += n
    return counts


def source_type_agreement(found: list[CodedItem]) -> dict:
    typed = [item for item in found if item.is_attribution and item.source_type]
    coder = [item.source_type for item in typed]
    tool = [item.tool_source_type for item in typed]
    same = sum(c == t for c, t in zip(coder, tool))
    kappa = None
    if typed and len(set(coder) | set(tool)) > 1:
        kappa = float(cohen_kappa_score(coder, tool, labels=list(TYPED_LABELS)))
    per_class = {}
    for label in SOURCE_TYPES:
        said = sum(t == label for t in tool)
        truly = sum(c == label for c in coder)
        both = sum(c == t == label for c, t in zip(coder, tool))
        per_class[label] = {
            "precision": {"value": _ratio(both, said), "ci": wilson(both, said), "n": said},
            "recall": {"value": _ratio(both, truly), "ci": wilson(both, truly), "n": truly}}
    matrix = (confusion_matrix(coder, tool, labels=list(TYPED_LABELS))[:len(SOURCE_TYPES)]
              if typed else np.zeros((len(SOURCE_TYPES), len(TYPED_LABELS)), dtype=int))
    return {"n": len(typed), "agreement": _ratio(same, len(typed)),
            "agreement_ci": wilson(same, len(typed)), "kappa": kappa, "per_class": per_class,
            "confusion": {"rows": "coder", "columns": "tool", "coder": list(SOURCE_TYPES),
                          "tool": list(TYPED_LABELS), "matrix": matrix.tolist()}}


def speaker_agreement(found: list[CodedItem]) -> dict:
    """Share of accepted attributions whose speaker the coder named as the tool did."""
    judged = [item for item in found if item.is_attribution and item.speaker_name]
    same = sum(_name(item.speaker_name) == _name(item.tool_speaker_name) for item in judged)
    return {"agreement": _ratio(same, len(judged)), "ci": wilson(same, len(judged)),
            "n": len(judged)}


def _name(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _warnings(report: dict, stale: list[str]) -> list[str]:
    out = []
    if stale:
        out.append(f"{len(stale)} coded attribution(s) no longer in the database (ingested "
                   f"again?), left out: {', '.join(stale[:5])}{' ...' if len(stale) > 5 else ''}")
    coded = report["attribution_precision"]["n"]
    if coded < SMALL_SAMPLE:
        out.append(f"only {coded} coded attributions: intervals are wide (docs/validation.md)")
    if not report["attribution_recall"]["n"]:
        out.append("no coded empty sentences: recall not estimated, missed attributions not "
                   "counted in the corrected share")
    small = [outlet for outlet, figures in report["by_outlet"].items()
             if figures["n"] < SMALL_OUTLET]
    if small and len(report["by_outlet"]) > 1:
        out.append(f"fewer than {SMALL_OUTLET} coded items in {len(small)} outlet(s): their "
                   "corrected shares lean on the other outlets' errors")
    return out


def format_report(report: dict) -> str:
    """The report as lines of text, for the terminal."""
    def pct(value):
        return "n/a" if value is None else f"{100 * value:.1f} %"

    def ci(interval):
        return "" if not interval else f" [{pct(interval[0])}, {pct(interval[1])}]"

    precision, recall = report["attribution_precision"], report["attribution_recall"]
    types, share = report["source_type"], report["anonymous_share"]
    kappa = "n/a" if types["kappa"] is None else f"{types['kappa']:.2f}"
    lines = [f"coded items               {report['n']}",
             f"attribution precision     {pct(precision['value'])}{ci(precision['ci'])}"
             f"  (n={precision['n']})",
             f"attribution recall        {pct(recall['value'])}{ci(recall['ci'])}"
             f"  ({recall['missed']} missed in {recall['n']} empty sentences)",
             f"source type agreement     {pct(types['agreement'])}{ci(types['agreement_ci'])}"
             f"  kappa {kappa}  (n={types['n']})",
             "per class                 precision              recall"]
    for label, figures in types["per_class"].items():
        p, r = figures["precision"], figures["recall"]
        lines.append(f"  {label:<22}  {pct(p['value']):>7} (n={p['n']:<4})      "
                     f"{pct(r['value']):>7} (n={r['n']})")
    matrix = types["confusion"]
    lines.append("confusion (rows: coder, columns: tool " + ", ".join(
        _short(t) for t in matrix["tool"]) + ")")
    for label, row in zip(matrix["coder"], matrix["matrix"]):
        lines.append(f"  {_short(label):<6}" + "".join(f"{v:>6}" for v in row))
    lines.append(f"anonymous share           tool {pct(share['tool'])}, corrected "
                 f"{pct(share['corrected'])}{ci(share['ci'])}")
    for outlet, figures in report["by_outlet"].items():
        lines.append(f"  {outlet:<22}  tool {pct(figures['tool'])}, corrected "
                     f"{pct(figures['corrected'])}{ci(figures['ci'])}  (n={figures['n']})")
    lines += [f"warning: {w}" for w in report["warnings"]]
    return "\n".join(lines)


def _short(label: str) -> str:
    """named_person -> NP, anonymous_group -> AG, document -> D, unresolved -> U."""
    return "".join(word[0] for word in label.split("_")).upper()


def rounded(value, digits: int = 4):
    """The report with its floats rounded, for JSON a reader can scan."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item, digits) for item in value]
    return value
