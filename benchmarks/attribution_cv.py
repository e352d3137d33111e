"""PolNeAR train scored with the attribution classifier cross-fitted: each article's candidates
are judged by a model trained without that article (5 folds by article, the web tune pages in
every fold's training data), so the figure is not the model grading its own training set.

    python benchmarks/attribution_cv.py ../shared/polnear/train ../shared/gold/web/tune \\
        --parse-cache work-models/parses [--types ../shared/gold/polnear_train_source_types.jsonl]

The parse cache is the one `quotesource models train-attribution --parse-cache` writes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from quotesource.attribution.attribute import attribute
from quotesource.attribution.confidence import AttributionModel, shipped_model
from quotesource.evaluation import evaluate as ev
from quotesource.evaluation import report
from quotesource.evaluation import type_scores as ts
from quotesource.evaluation import web
from quotesource.evaluation.gold import load_gold
from quotesource.training import attribution_model as am


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("polnear")
    ap.add_argument("web_dir")
    ap.add_argument("--parse-cache", required=True)
    ap.add_argument("--types", action="append", default=[])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    from sklearn.model_selection import GroupKFold

    gold = load_gold(args.polnear)
    cache = Path(args.parse_cache)
    parsed = list(am.parsed_articles(gold, cache))
    rows = am.candidates(gold, parsed)
    pages = web.load_pages(args.web_dir)
    web_rows = am.web_candidates(pages, am.parsed_pages(pages, cache))
    threshold = shipped_model().threshold
    preds = []
    for train, test in GroupKFold(n_splits=args.folds).split(rows, groups=[r[0] for r in rows]):
        vectorizer, clf = am.fit([rows[i] for i in train] + web_rows)
        names = vectorizer.get_feature_names_out()
        model = AttributionModel({str(n): float(w) for n, w in zip(names, clf.coef_[0])},
                                 float(clf.intercept_[0]), threshold, {})
        held_out = {rows[i][0] for i in test}
        for article, doc in parsed:
            if article.id in held_out:
                preds += [a.as_dict(article.id) for a in attribute(article, doc, model=model).attributions]
    print(f"cross-fitted, {args.folds} folds, threshold {threshold}")
    print(report.format_report(ev.score(gold, preds)))
    for labels_file in args.types:
        labels = ts.load_labels(labels_file)
        labelled = {a for a, _ in labels}
        sub = load_gold(args.polnear, articles=sorted(labelled))
        print(labels_file)
        print(ts.format_type_report(ts.score_types(sub, [p for p in preds
                                                         if p["article"] in labelled], labels)))


if __name__ == "__main__":
    main()
