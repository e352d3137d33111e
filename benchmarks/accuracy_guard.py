"""Accuracy before and after a speed change: the figures a change to the NLP stage must keep.

    PYTHONPATH=src python benchmarks/accuracy_guard.py --out /tmp/before.json
    # ... change something ...
    PYTHONPATH=src python benchmarks/accuracy_guard.py --out after.json --baseline before.json

Extracts, with the current code and models, in this one process (`-j 1`):
- the web pages of ../shared/gold/web/tune and check (read as `quotesource extract` reads
  them): P/R/F1 at each overlap threshold and the source-type macro (evaluation/web.py);
- the PolNeAR train articles with source-type labels (polnear_train_source_types.jsonl and
  its _check file): speech content F1, speaker accuracy (evaluation/evaluate.py) and the
  source-type macro (evaluation/type_scores.py), as `quotesource evaluate --types` scores them.
Writes the flat figures and every prediction to --out. With --baseline, lists each figure
against the baseline's and the predictions that differ, and exits 1 when a figure drops by
more than 0.005 (issue 25: a speed change is kept only within half a point, or better).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from quotesource.evaluation import evaluate as ev
from quotesource.evaluation import type_scores as ts
from quotesource.evaluation import web
from quotesource.evaluation.run import extract_results, gold_sample, predict, predictions_of
from quotesource.pipeline import Extractor

# ../shared beside the checkout (a git worktree one level further down finds it there too)
SHARED = next((p / "shared" for p in Path(__file__).resolve().parents[1:4]
               if (p / "shared").is_dir()), Path("../shared"))
TOLERANCE = 0.005


def web_figures(extractor: Extractor, gold_dir: Path) -> tuple[dict, list[dict]]:
    pages = web.load_pages(gold_dir)
    if not pages:
        raise SystemExit(f"{gold_dir}: no web gold pages there (--shared)")
    results = extract_results([p.html for p in pages.values()], extractor, 1, quiet=True)
    preds = predictions_of(results, attributions_only=True)
    scores = web.score_pages(pages, preds)
    figures = {}
    for t, s in scores["overlap"].items():
        figures.update({f"{gold_dir.name}.{k}@{t}": s[k] for k in ("precision", "recall", "f1")})
        figures[f"{gold_dir.name}.type_macro@{t}"] = s["source_type"]["macro_accuracy"]
        figures[f"{gold_dir.name}.speaker@{t}"] = s["speaker"]["accuracy"]
    return figures, preds


def polnear_figures(extractor: Extractor, polnear: Path, labels_file: Path, name: str
                    ) -> tuple[dict, list[dict]]:
    gold_set, labels = gold_sample(polnear, types_file=labels_file)
    preds = predict(polnear, gold_set, (), extractor, 1, quiet=True)
    scores = ev.score(gold_set, preds)
    figures = {f"{name}.speech_f1@{t}": s["f1"] for t, s in scores["speech"]["content"].items()}
    figures[f"{name}.speaker"] = scores["speech"]["speaker"]["accuracy"]
    figures[f"{name}.cue"] = scores["speech"]["cue"]["accuracy"]
    figures[f"{name}.type_macro"] = ts.score_types(gold_set, preds, labels)["macro_accuracy"]
    return figures, preds


def compare(figures: dict, preds: dict, baseline: dict) -> bool:
    """Print each figure against the baseline; True when none fell by more than TOLERANCE."""
    ok = True
    for key, value in figures.items():
        before = baseline["figures"].get(key)
        drop = before is not None and value is not None and value < before - TOLERANCE
        ok &= not drop
        print(f"{key:32} {before!s:>8.6} -> {value!s:<8.6} {'DROP' if drop else ''}")
    for part, rows in preds.items():
        old = {json.dumps(p, sort_keys=True) for p in baseline["predictions"].get(part, [])}
        new = {json.dumps(p, sort_keys=True) for p in rows}
        print(f"{part}: {len(new - old)} predictions new, {len(old - new)} gone, "
              f"of {len(old)}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--baseline")
    parser.add_argument("--shared", default=str(SHARED))
    args = parser.parse_args()
    shared = Path(args.shared)
    extractor = Extractor()
    started = time.process_time()
    figures, preds = {}, {}
    for part in ("tune", "check"):
        got, preds[f"web_{part}"] = web_figures(extractor, shared / "gold" / "web" / part)
        figures.update(got)
    for name, labels in (("polnear_types", "polnear_train_source_types.jsonl"),
                         ("polnear_types_check", "polnear_train_source_types_check.jsonl")):
        got, preds[name] = polnear_figures(extractor, shared / "polnear" / "train",
                                           shared / "gold" / labels, name)
        figures.update(got)
    cpu = time.process_time() - started
    Path(args.out).write_text(json.dumps({"figures": figures, "cpu_seconds": round(cpu, 1),
                                          "predictions": preds}, indent=1))
    if not args.baseline:
        for key, value in figures.items():
            print(f"{key:32} {value}")
        print(f"cpu seconds (load included): {cpu:.1f}")
        return
    baseline = json.loads(Path(args.baseline).read_text())
    ok = compare(figures, preds, baseline)
    print(f"cpu seconds (load included): {baseline['cpu_seconds']} -> {cpu:.1f}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
