"""What `quotesource evaluate` runs: choose the gold sample, get predictions (extract them, or
read a file), score, and write the report; the command only parses its options."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..ingest import IngestError
from ..records import Article
from . import evaluate as ev
from . import report
from . import type_scores as ts
from . import web
from .gold import GoldSet, load_gold, polnear_annotation_files
from .matching import load_predictions


class EvaluationError(Exception):
    """Options that do not fit the gold (said in one line)."""


def gold_sample(gold, limit=None, stride=1, offset=0, types_file=None):
    """(the gold set, the source-type labels or None): a seeds file, or a PolNeAR directory
    cut to every `stride`-th article from `offset` (and to the labelled ones with types_file)."""
    sample = sorted(polnear_annotation_files(Path(gold)))[offset::stride] \
        if Path(gold).is_dir() else None
    labels = None
    if types_file:
        if not Path(gold).is_dir():
            raise EvaluationError(f"{types_file}: --types needs a PolNeAR directory as GOLD")
        try:
            labels = ts.load_labels(types_file)
        except ts.LabelError as exc:
            raise EvaluationError(str(exc))
        labelled = {article for article, _ in labels}
        sample = [a for a in sample if a in labelled]
    return load_gold(gold, limit=limit, articles=sample), labels


def extract_results(paths, extractor, jobs, quiet) -> list:
    """The ArticleResults of the articles under `paths` (unreadable ones were printed)."""
    from ..progress import progress

    tracker = progress("evaluate", paths=paths, quiet=quiet)
    results = [r for r in tracker.track(extractor.run(paths, jobs=jobs))
               if not isinstance(r, IngestError)]
    tracker.close()
    return results


def predictions_of(results, attributions_only: bool = False) -> list[dict]:
    """Prediction dicts (as `quotesource extract` writes them), then non-responses and
    disclosures, article by article."""
    preds = []
    for result in results:
        name = result.article.id
        preds += [a.as_dict(name) for a in result.attributions]
        if not attributions_only:
            preds += [n.as_dict(name) for n in result.non_responses]
            preds += [d.as_dict(name) for d in result.disclosures]
    return preds


def predict(gold, gold_set: GoldSet, paths, extractor, jobs, quiet) -> list[dict]:
    """Predictions for the articles of PATHS, or (none given) for the PolNeAR texts held."""
    from ..progress import progress

    if paths:
        return predictions_of(extract_results(paths, extractor, jobs, quiet))
    # PolNeAR: the gold set already holds the article texts, the whole text is the body.
    articles = [Article(id=name, text=text, path=str(Path(gold) / "text" / f"{name}.txt"))
                for name, text in gold_set.articles.items()]
    tracker = progress("evaluate", total=len(articles), quiet=quiet)
    results = list(tracker.track(extractor.results_for(articles, jobs=jobs)))
    tracker.close()
    return predictions_of(results)


def save_predictions(path, preds: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fp:
        fp.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)


def evaluate_gold(gold, paths=(), predictions=None, extractor=None, limit=None, stride=1,
                  offset=0, types_file=None, jobs=1, quiet=False, save=None,
                  as_json=False, show_errors=False, db=None) -> str:
    """Score seeds, PolNeAR or web-page gold; returns the report as printed (scores, then
    errors)."""
    if web.is_web_gold(gold):
        if types_file or limit is not None or stride != 1 or offset:
            raise EvaluationError(f"{gold}: --types, --limit, --stride and --offset are for "
                                  "PolNeAR, not web pages")
        return evaluate_web(gold, paths, predictions, extractor, db=db, jobs=jobs, quiet=quiet,
                            save=save, as_json=as_json, show_errors=show_errors)
    if db:
        raise EvaluationError(f"{db}: --db is for a directory of web pages as GOLD")
    gold_set, labels = gold_sample(gold, limit, stride, offset, types_file)
    if predictions:
        preds = load_predictions([predictions])
    else:
        preds = predict(gold, gold_set, paths, extractor, jobs, quiet)
    if save:
        save_predictions(save, preds)
    scores = ev.score(gold_set, preds)
    if labels is not None:
        scores["source_types"] = ts.score_types(gold_set, preds, labels)
        scores["source_types_all_cues"] = ts.score_types(gold_set, preds, labels, speech_only=False)
    out = [json.dumps(scores, indent=2) if as_json else report.format_report(scores)]
    if labels is not None and not as_json:
        out.append(ts.format_type_report(scores["source_types"]))
    if show_errors:
        out.append(report.format_errors(report.errors(gold_set, preds)))
        if labels is not None:
            out.append(ts.format_type_errors(ts.type_errors(gold_set, preds, labels)))
    return "\n".join(out)


def evaluate_web(gold, paths=(), predictions=None, extractor=None, db=None, jobs=1, quiet=False,
                 save=None, as_json=False, show_errors=False) -> str:
    """Score a directory of web pages (evaluation/web.py). Without `predictions`, its .html
    pages (or `paths`) are extracted and ingested into `db` (default: a temporary database),
    and the stored bodies are scored too; with them, the bodies only when `db` is given."""
    pages = web.load_pages(gold)
    if predictions:
        preds = load_predictions([predictions])
        body = web.body_scores(pages, db) if db else None
    else:
        results = extract_results(list(paths) or [p.html for p in pages.values()], extractor,
                                  jobs, quiet)
        preds = predictions_of(results, attributions_only=True)
        with tempfile.TemporaryDirectory() as tmp:
            db_path = db or Path(tmp) / "pages.db"
            ingest_results(db_path, results, extractor.version)
            body = web.body_scores(pages, db_path)
    if save:
        save_predictions(save, preds)
    scores, errors = web.score_pages(pages, preds, with_errors=True)
    scores["body"] = body
    out = [json.dumps(scores, indent=2) if as_json else web.format_report(scores)]
    if show_errors:
        out.append(web.format_errors(errors))
    return "\n".join(out)


def ingest_results(db_path, results, pipeline_version: str) -> None:
    """Store results as `quotesource ingest` does (a database it refuses is an error)."""
    from ..store.articles import save_results
    from ..store.database import NotADatabase, open_database

    try:
        db = open_database(db_path, write=True)
    except NotADatabase as exc:
        raise EvaluationError(str(exc)) from None
    with db:
        save_results(db, results, pipeline_version)
