"""Train the attribution classifier (attribution/confidence.py) on PolNeAR train and the web
pages of the tune half.

Every candidate the rules make on PolNeAR's 840 train articles is labelled by the gold: a
candidate whose content is paired with a gold attribution (content overlap >= 0.3, the pairing of
`quotesource evaluate`) is a real one, every other candidate is not. The tune web pages
(../shared/gold/web/tune, never check/) add the candidates of news pages as researchers collect
them, labelled the way evaluation/web.py scores them, each weighted WEB_WEIGHT times: they are
few, and they are the genre the classifier must hold up on. A logistic regression (scikit-learn)
over the candidates' sparse features learns which cues, constructions and contents make real
reports of speech; its weights are written as JSON.

The threshold is chosen on held-out folds (grouped by article): the one at which the kept
candidates best match the real ones (F1, weighted as in training).

    quotesource models train-attribution ../shared/polnear/train ../shared/gold/web/tune \\
        --parse-cache work-models/parses
"""
from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

from ..attribution.attribute import attribute
from ..attribution.confidence import AttributionModel
from ..evaluation import web
from ..evaluation.gold import GoldSet, load_gold
from ..evaluation.matching import paired
from ..records import Article

MIN_OVERLAP = 0.3
CHUNK = 60            # articles per parse-cache file
WEB_WEIGHT = 5.0


def parsed_articles(gold: GoldSet, cache_dir: Path | None, name: str = "polnear"
                    ) -> Iterator[tuple[Article, object]]:
    """(article, ParsedDoc) for every gold article, parsed with the shipped models once and
    kept in `cache_dir` (pickles of plain dataclasses, `name`_NNNN.pkl: one name per set of
    articles) when one is given."""
    names = sorted(gold.articles)
    parser = None
    for i in range(0, len(names), CHUNK):
        articles = [Article(id=n, text=gold.articles[n]) for n in names[i:i + CHUNK]]
        cached = cache_dir / f"{name}_{i:04d}.pkl" if cache_dir else None
        if cached is not None and cached.exists():
            yield from pickle.loads(cached.read_bytes())
            continue
        if parser is None:
            from ..nlp import get_parser
            parser = get_parser()
        pairs = list(zip(articles, parser.parse([a.text for a in articles])))
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(pickle.dumps(pairs))
        yield from pairs


def candidates(gold: GoldSet, parsed) -> list[tuple[str, dict, int]]:
    """(article, features, label) for every candidate the rules make, unfiltered."""
    rows = []
    for article, doc in parsed:
        result = attribute(article, doc, model=None)
        preds = [a.as_dict(article.id) for a in result.attributions]
        evidence = {id(p): a.evidence for p, a in zip(preds, result.attributions)}
        sub = GoldSet(gold.name, {article.id: gold.articles[article.id]},
                      [g for g in gold.attributions if g.article == article.id])
        for p, g, ov in paired(sub, preds):
            rows.append((article.id, evidence[id(p)], int(g is not None and ov >= MIN_OVERLAP)))
    return rows


def parsed_pages(pages: dict, cache_dir: Path | None) -> list[tuple[Article, object]]:
    """(article, ParsedDoc) for every web page, read as `ingest` reads it (the HTML reader)."""
    cached = cache_dir / f"web_{next(iter(pages.values())).html.parent.name}.pkl" \
        if cache_dir and pages else None
    if cached is not None and cached.exists():
        return pickle.loads(cached.read_bytes())
    from ..ingest import read_articles
    from ..nlp import get_parser

    articles = [a for a in read_articles([str(p.html) for p in pages.values()])
                if isinstance(a, Article)]
    pairs = list(zip(articles, get_parser().parse([a.text for a in articles])))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(pickle.dumps(pairs))
    return pairs


def page_results(pages: dict, parsed, **options) -> Iterator[tuple]:
    """(article, its gold page, its attributions, their prediction dicts) for each parsed page
    with gold, attributed with `options` (attribute's keyword arguments)."""
    for article, doc in parsed:
        page = pages.get(article.id)
        if page is not None:
            result = attribute(article, doc, **options)
            yield article, page, result.attributions, [a.as_dict(article.id)
                                                       for a in result.attributions]


def web_candidates(pages: dict, parsed) -> list[tuple[str, dict, int]]:
    """(page, features, label) for every candidate on a web page that counts either way."""
    rows = []
    for article, page, attributions, preds in page_results(pages, parsed, model=None):
        for a, label in zip(attributions, web.prediction_labels(page, preds, MIN_OVERLAP)):
            if label is not None:
                rows.append(("web:" + article.id, a.evidence, int(label)))
    return rows


def _weights(rows) -> list[float]:
    return [WEB_WEIGHT if article.startswith("web:") else 1.0 for article, _, _ in rows]


def fit(rows, c: float = 1.0):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([f for _, f, _ in rows])
    y = [label for _, _, label in rows]
    clf = LogisticRegression(C=c, max_iter=2000, random_state=0).fit(
        x, y, sample_weight=_weights(rows))
    return vectorizer, clf


def held_out_probabilities(rows, folds: int = 5, c: float = 1.0) -> list[float]:
    """Each candidate's probability from a model that never saw its article."""
    from sklearn.model_selection import GroupKFold

    probabilities = [0.0] * len(rows)
    groups = [article for article, _, _ in rows]
    for train, test in GroupKFold(n_splits=folds).split(rows, groups=groups):
        vectorizer, clf = fit([rows[i] for i in train], c)
        x = vectorizer.transform([rows[i][1] for i in test])
        for i, p in zip(test, clf.predict_proba(x)[:, 1]):
            probabilities[i] = float(p)
    return probabilities


def choose_threshold(rows, probabilities: list[float]) -> float:
    """The threshold (0.05 steps) at which the kept candidates, weighted as in training, have
    the best F1 against the real ones among all candidates (held-out probabilities)."""
    weights = _weights(rows)
    best, best_f = 0.0, -1.0
    for step in range(0, 19):
        t = step * 0.05
        tp = sum(w for (_, _, y), p, w in zip(rows, probabilities, weights) if p >= t and y)
        fp = sum(w for (_, _, y), p, w in zip(rows, probabilities, weights) if p >= t and not y)
        fn = sum(w for (_, _, y), p, w in zip(rows, probabilities, weights) if p < t and y)
        f = 2 * tp / max(1e-9, 2 * tp + fp + fn)
        if f > best_f + 1e-9:
            best, best_f = t, f
    return round(best, 2)


def summary(labels: list[int], probabilities: list[float], threshold: float) -> dict:
    kept = [(p >= threshold, y) for p, y in zip(probabilities, labels)]
    tp = sum(k and y for k, y in kept)
    fp = sum(k and not y for k, y in kept)
    dropped_true = sum((not k) and y for k, y in kept)
    dropped_false = sum((not k) and not y for k, y in kept)
    bins = [[0, 0, 0.0] for _ in range(10)]
    for p, y in zip(probabilities, labels):
        b = bins[min(9, int(p * 10))]
        b[0] += 1
        b[1] += y
        b[2] += p
    ece = sum(abs(b[1] - b[2]) for b in bins) / max(1, len(labels))
    return {"candidates": len(labels), "real": sum(labels), "kept_real": tp, "kept_false": fp,
            "dropped_real": dropped_true, "dropped_false": dropped_false,
            "precision_before": round(sum(labels) / max(1, len(labels)), 4),
            "precision_after": round(tp / max(1, tp + fp), 4),
            "recall_kept": round(tp / max(1, sum(labels)), 4),
            "expected_calibration_error": round(ece, 4)}


def train(gold_dir: str, web_dir: str | None, output: Path, cache_dir: Path | None = None,
          c: float = 1.0) -> dict:
    gold = load_gold(gold_dir)
    rows = candidates(gold, parsed_articles(gold, cache_dir))
    if web_dir:
        pages = web.load_pages(web_dir)
        rows += web_candidates(pages, parsed_pages(pages, cache_dir))
    labels = [label for _, _, label in rows]
    probabilities = held_out_probabilities(rows, c=c)
    threshold = choose_threshold(rows, probabilities)
    vectorizer, clf = fit(rows, c)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 5) for n, w in zip(names, clf.coef_[0]) if abs(w) >= 1e-5}
    meta = {"trained_on": f"PolNeAR train, {len(gold.articles)} articles"
                          + (f"; web pages of {web_dir}" if web_dir else ""),
            "recipe": "quotesource models train-attribution", "C": c, "web_weight": WEB_WEIGHT,
            "held_out": summary(labels, probabilities, threshold),
            "held_out_web": summary([y for (a, _, y) in rows if a.startswith("web:")],
                                    [p for (a, _, _), p in zip(rows, probabilities)
                                     if a.startswith("web:")], threshold)}
    model = AttributionModel(weights, round(float(clf.intercept_[0]), 5), threshold, meta)
    output.write_text(json.dumps(model.as_dict(), indent=1) + "\n", encoding="utf-8")
    return meta
