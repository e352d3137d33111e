"""How well the attribution confidence is calibrated on labelled web pages.

    python benchmarks/calibration.py ../shared/gold/web/check [--predictions PRED.jsonl] [--whole]

Each predicted attribution is right (one of its pieces matches a gold line at overlap 0.3) or
wrong (a false positive), as `quotesource evaluate` scores web pages; predictions on optional
gold lines count neither way. With --whole, the probability is confidence * source_confidence
and right means the speaker and the source type are right too. Prints the median confidence of each, the expected calibration
error (ten equal-width bins, weighted by their counts) and the reliability table.
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from quotesource.evaluation import web


def labelled_confidences(pages, predictions, whole: bool = False) -> list[tuple[float, bool]]:
    by_page: dict[str, list[dict]] = {}
    for p in predictions:
        by_page.setdefault(web.page_of(p), []).append(p)
    out = []
    for stem, page in pages.items():
        preds = [p for p in by_page.get(stem, []) if p.get("confidence") is not None
                 and (not whole or p.get("source_confidence") is not None)]
        answers = {id(p): web.answer_right(g, p) for g, p in web.matched_pairs(page, preds)}
        for p, label in zip(preds, web.prediction_labels(page, preds)):
            if label is None:
                continue
            if whole:
                out.append((float(p["confidence"]) * float(p["source_confidence"]),
                            label and answers.get(id(p), False)))
            else:
                out.append((float(p["confidence"]), label))
    return out


def reliability(pairs, bins: int = 10) -> tuple[float, list[tuple[str, int, float, float]]]:
    table, ece = [], 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, y) for c, y in pairs if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        mean_conf = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(y for _, y in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(mean_conf - accuracy)
        table.append((f"{low:.1f}-{high:.1f}", len(inside), mean_conf, accuracy))
    return ece, table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir")
    ap.add_argument("--predictions", help="JSONL of `quotesource extract` (default: extract now)")
    ap.add_argument("--whole", action="store_true",
                    help="confidence * source_confidence against right speaker and type too")
    args = ap.parse_args()
    pages = web.load_pages(args.gold_dir)
    if args.predictions:
        predictions = [json.loads(line) for line in Path(args.predictions).read_text().splitlines()
                       if line.strip()]
    else:
        from quotesource.pipeline import Extractor

        predictions = [a.as_dict(r.article.id) for r in Extractor().run(
            [str(p.html) for p in pages.values()]) if hasattr(r, "attributions")
            for a in r.attributions]
    pairs = labelled_confidences(pages, predictions, args.whole)
    right = [c for c, y in pairs if y]
    wrong = [c for c, y in pairs if not y]
    ece, table = reliability(pairs)
    print(f"{len(pairs)} predictions: {len(right)} right, median confidence "
          f"{statistics.median(right):.3f}; {len(wrong)} wrong, median "
          f"{statistics.median(wrong) if wrong else float('nan'):.3f}")
    print(f"expected calibration error {ece:.3f}")
    print("confidence   n  mean confidence  share right")
    for name, n, mean_conf, accuracy in table:
        print(f"{name:>9} {n:4d} {mean_conf:16.3f} {accuracy:12.3f}")


if __name__ == "__main__":
    main()
