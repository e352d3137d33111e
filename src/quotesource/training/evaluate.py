"""Dev scores of one model file (`evaluate`) and of the whole pipeline (`end-to-end`)."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from .paths import SHIPPED, RecipeOptions, shipped_pretrain
from .trainers import FROM_OPTIONS, model_path, run_trainer, trainer_command

UD_KEYS = ("Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS")


def ud_scores(gold: Path, system: Path):
    """The CoNLL 2018 shared task scorer as Stanza 1.15 ships it (udtools' udeval; the older
    `stanza.utils.conll18_ud_eval` module is gone), via `stanza.models.common.utils.ud_scores`."""
    from stanza.models.common.utils import ud_scores as stanza_ud_scores
    return stanza_ud_scores(str(gold), str(system))


def evaluate_model(options: RecipeOptions, processor: str, model: Path,
                   pretrain: str | None = FROM_OPTIONS) -> dict:
    """Dev score of one model file (gold input: tokens for pos/ner, gold tags for depparse);
    `pretrain`: the word-vector file the model was trained with (default: the options')."""
    out = options.work_dir / "eval"
    out.mkdir(parents=True, exist_ok=True)
    if processor in ("pos", "depparse"):
        data = options.prepared
        keys = {"pos": ("UPOS", "XPOS", "UFeats", "AllTags"), "depparse": ("UAS", "LAS")}[processor]
        inputs = [(data / "en_ewt.dev.conllu", "")]
        if processor == "depparse" and (data / "en_ewt.dev.pred.conllu").exists():
            # the same dev sentences with the shipped tagger's tags (from `retag`): what the
            # parser meets in use
            inputs.append((data / "en_ewt.dev.pred.conllu", "_predicted_tags"))
        result = {}
        for dev, suffix in inputs:
            pred = out / f"{processor}.{model.stem}.{dev.stem}.conllu"
            cmd = trainer_command(options, processor, "predict", model, eval_file=dev,
                                  output_file=pred, pretrain=pretrain)
            run_trainer(cmd, options.verbose)
            scores = ud_scores(data / "en_ewt.dev.conllu", pred)
            result.update({f"{k.lower()}{suffix}": round(100 * scores[k].f1, 2) for k in keys})
        return result
    if processor == "ner":
        cmd = trainer_command(options, processor, "predict", model, pretrain=pretrain)
        text = run_trainer(cmd, verbose=False)
        m = re.findall(r"NER tagger score: .* ([\d.]+)\s*$", text, re.M)
        f1 = float(m[-1]) if m else None
        per_type = {t: float(v) for t, v in re.findall(r"^\s+(PER|ORG|LOC): ([\d.]+)\s*$", text, re.M)}
        if f1 is None:
            raise SystemExit("could not read the NER score:\n" + text[-3000:])
        return {"entity_f1": round(f1, 2), **({"per_type": per_type} if per_type else {})}
    raise SystemExit(f"evaluate {processor}: not supported (use end-to-end)")


def evaluate(options: RecipeOptions, processor: str, model: Path | None = None) -> dict:
    """{"processor", "model", "dev": scores} of `model` (default: the one trained in the work
    dir). A shipped model is scored with the shipped vectors unless --pretrain says otherwise."""
    model = Path(model) if model else model_path(options, processor)
    shipped = model.resolve().parent == SHIPPED.resolve() and not options.pretrain
    scores = evaluate_model(options, processor, model,
                            pretrain=shipped_pretrain(processor) if shipped else FROM_OPTIONS)
    return {"processor": processor, "model": str(model), "dev": scores}


def raw_documents(gold_file: Path) -> list[str]:
    """The raw text of a CoNLL-U file: documents by `# newdoc`, paragraphs by `# newpar`,
    sentences joined by spaces."""
    docs, cur, para = [], [], []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and (cur or para):
            if para:
                cur.append(" ".join(para))
            docs.append("\n\n".join(cur))
            cur, para = [], []
        elif line.startswith("# newpar") and para:
            cur.append(" ".join(para))
            para = []
        elif line.startswith("# text = "):
            para.append(line[len("# text = "):])
    if para:
        cur.append(" ".join(para))
    if cur:
        docs.append("\n\n".join(cur))
    return docs


def end_to_end(options: RecipeOptions, model_dir: str | os.PathLike | None = None) -> dict:
    """Raw EWT dev text -> full pipeline -> CoNLL 2018 scorer; also sentences/second.
    `model_dir`: the model set (default: the one quotesource.nlp resolves)."""
    import stanza

    from quotesource.nlp import Parser

    gold_file = options.data_dir / "ewt" / "en_ewt-ud-dev.conllu"
    parser = Parser(model_dir)
    started = time.perf_counter()
    done = parser.pipeline([stanza.Document([], text=t) for t in raw_documents(gold_file)])
    seconds = time.perf_counter() - started
    n_sent = sum(len(d.sentences) for d in done)
    out = options.work_dir / "eval"
    out.mkdir(parents=True, exist_ok=True)
    pred = out / "end_to_end.dev.conllu"
    with open(pred, "w", encoding="utf-8") as f:
        for d in done:
            f.write("{:C}\n\n".format(d))
    scores = ud_scores(gold_file, pred)
    result = {k: round(100 * scores[k].f1, 2) for k in UD_KEYS}
    result.update({"load_seconds": round(parser.load_seconds, 2), "parse_seconds": round(seconds, 1),
                   "sentences": n_sent, "sentences_per_second": round(n_sent / seconds, 1),
                   "threads": os.environ.get("OMP_NUM_THREADS", "default"),
                   "model_dir": str(parser.models.directory)})
    return result
