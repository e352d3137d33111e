"""What `quotesource evaluate` runs: choose the gold sample, get predictions (extract them, or
read a file), score, and write the report; the command only parses its options."""
from __future__ import annotations

import json
from pathlib import Path

from ..ingest import IngestError
from ..records import Article
from . import evaluate as ev
from . import type_scores as ts
from .gold import GoldSet, load_gold, polnear_annotation_files


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


def predict(gold, gold_set: GoldSet, paths, extractor, jobs, quiet) -> list[dict]:
    """Predictions for the articles of PATHS, or (none given) for the PolNeAR texts held."""
    from ..progress import progress

    if paths:
        tracker = progress("evaluate", paths=paths, quiet=quiet)
        results = [r for r in tracker.track(extractor.run(paths, jobs=jobs))
                   if not isinstance(r, IngestError)]
    else:
        # PolNeAR: the gold set already holds the article texts, the whole text is the body.
        articles = [Article(id=name, text=text, path=str(Path(gold) / "text" / f"{name}.txt"))
                    for name, text in gold_set.articles.items()]
        tracker = progress("evaluate", total=len(articles), quiet=quiet)
        results = list(tracker.track(extractor.results_for(articles, jobs=jobs)))
    tracker.close()
    preds = []
    for result in results:
        name = result.article.id
        preds += [a.as_dict(name) for a in result.attributions]
        preds += [n.as_dict(name) for n in result.non_responses]
        preds += [d.as_dict(name) for d in result.disclosures]
    return preds


def save_predictions(path, preds: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fp:
        fp.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)


def evaluate_gold(gold, paths=(), predictions=None, extractor=None, limit=None, stride=1,
                  offset=0, types_file=None, jobs=1, quiet=False, save=None,
                  as_json=False, show_errors=False) -> str:
    """Score seeds or PolNeAR gold; returns the report as printed (scores, then errors)."""
    gold_set, labels = gold_sample(gold, limit, stride, offset, types_file)
    if predictions:
        preds = ev.load_predictions([predictions])
    else:
        preds = predict(gold, gold_set, paths, extractor, jobs, quiet)
    if save:
        save_predictions(save, preds)
    scores = ev.score(gold_set, preds)
    if labels is not None:
        scores["source_types"] = ts.score_types(gold_set, preds, labels)
        scores["source_types_all_cues"] = ts.score_types(gold_set, preds, labels, speech_only=False)
    out = [json.dumps(scores, indent=2) if as_json else ev.format_report(scores)]
    if labels is not None and not as_json:
        out.append(ts.format_type_report(scores["source_types"]))
    if show_errors:
        out.append(ev.format_errors(ev.errors(gold_set, preds)))
        if labels is not None:
            out.append(ts.format_type_errors(ts.type_errors(gold_set, preds, labels)))
    return "\n".join(out)
