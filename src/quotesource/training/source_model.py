"""Train the source model (attribution/confidence.py): how likely a kept attribution's speaker
and source type are right.

Only attributions whose whole answer can be judged are used: those of the PolNeAR train
articles with source-type labels (the tune half, ../shared/gold/polnear_train_source_types.jsonl,
never the _check file), right when the speaker overlaps the gold Source and the type equals its
label, and those of the tune web pages (never check/), right when the speaker matches and the
type is one the gold accepts, each weighted WEB_WEIGHT times. PolNeAR's other 800 articles have
no type labels: trained on their speakers alone, the model learnt that types are always right
and was over-confident on web pages (tune pages held out: calibration error 0.09-0.10 against
0.07 for labelled rows only). A logistic regression (scikit-learn) over `evidence.source_features`,
strongly regularised (C=0.1: about 530 rows), its weights written as JSON; the fit and the
held-out folds are attribution_model's.

    quotesource models train-sources ../shared/polnear/train ../shared/gold/polnear_train_source_types.jsonl \\
        ../shared/gold/web/tune --parse-cache work-models/parses
"""
from __future__ import annotations

import json
from pathlib import Path

from ..attribution.attribute import attribute
from ..attribution.confidence import AttributionModel
from ..attribution.evidence import source_features
from ..evaluation import web
from ..evaluation.evaluate import speaker_correct
from ..evaluation.gold import GoldSet, load_gold, polnear_annotation_files
from ..evaluation.matching import paired
from ..evaluation.type_scores import judged_pairs, load_labels
from .attribution_model import (MIN_OVERLAP, WEB_WEIGHT, fit, held_out_probabilities,
                                page_results, parsed_articles, parsed_pages, summary)

C = 0.1


def polnear_rows(polnear: str, labels_file: str, cache_dir: Path | None) -> list:
    """(article, features, right) for the attributions of the labelled articles that are
    paired with a labelled gold attribution."""
    labels = load_labels(labels_file)
    wanted = {article for article, _ in labels}
    gold = load_gold(polnear, articles=[a for a in polnear_annotation_files(Path(polnear))
                                        if a in wanted])
    rows = []
    for article, doc in parsed_articles(gold, cache_dir, name="labelled"):
        result = attribute(article, doc, source_model=None)
        preds = [a.as_dict(article.id) for a in result.attributions]
        kept = {id(p): a for p, a in zip(preds, result.attributions)}
        sub = GoldSet(gold.name, {article.id: gold.articles[article.id]},
                      [g for g in gold.attributions if g.article == article.id])
        typed = {id(p): label.source_type == p.get("source_type")
                 for label, _, p in judged_pairs(sub, preds, labels) if p is not None}
        for p, g, ov in paired(sub, preds):
            if g is None or ov < MIN_OVERLAP or id(p) not in typed:
                continue
            right = bool(speaker_correct(sub, g, p)) and typed[id(p)]
            rows.append((article.id, source_features(kept[id(p)]), int(right)))
    return rows


def web_rows(pages: dict, parsed) -> list:
    """("web:" page, features, right) for the attributions matched to a gold line (weighted
    WEB_WEIGHT times in training, as attribution_model.fit weighs web rows)."""
    rows = []
    for article, page, attributions, preds in page_results(pages, parsed, source_model=None):
        kept = {id(p): a for p, a in zip(preds, attributions)}
        for g, p in web.matched_pairs(page, preds, MIN_OVERLAP):
            rows.append(("web:" + article.id, source_features(kept[id(p)]),
                         int(web.answer_right(g, p))))
    return rows


def _calibration(labels: list[int], probabilities: list[float]) -> dict:
    """Held-out rows, how many are right, the mean probability and the calibration error."""
    return {"attributions": len(labels), "right": sum(labels),
            "mean_probability": round(sum(probabilities) / max(1, len(labels)), 4),
            "expected_calibration_error": summary(labels, probabilities, 0.0)[
                "expected_calibration_error"]}


def train_sources(polnear: str, labels_file: str, web_dir: str, output: Path,
                  cache_dir: Path | None = None, c: float = C) -> dict:
    rows = polnear_rows(polnear, labels_file, cache_dir)
    pages = web.load_pages(web_dir)
    rows += web_rows(pages, parsed_pages(pages, cache_dir))
    probabilities = held_out_probabilities(rows, c=c)
    vectorizer, clf = fit(rows, c)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 5) for n, w in zip(names, clf.coef_[0]) if abs(w) >= 1e-5}
    labels = [y for _, _, y in rows]
    web_only = [i for i, r in enumerate(rows) if r[0].startswith("web:")]
    meta = {"trained_on": f"{labels_file} ({len({r[0] for r in rows} - {rows[i][0] for i in web_only})}"
                          f" PolNeAR articles); web pages of {web_dir}",
            "recipe": "quotesource models train-sources", "C": c, "web_weight": WEB_WEIGHT,
            "held_out": _calibration(labels, probabilities),
            "held_out_web": _calibration([labels[i] for i in web_only],
                                         [probabilities[i] for i in web_only])}
    model = AttributionModel(weights, round(float(clf.intercept_[0]), 5), 0.0, meta)
    output.write_text(json.dumps(model.as_dict(), indent=1) + "\n", encoding="utf-8")
    return meta
