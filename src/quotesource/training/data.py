"""Training and dev files for the tagger, parser and NER model (`prepare`), and the parser's
files with the tagger's tags (`retag`)."""
from __future__ import annotations

import datetime as _dt
import json
import shutil
import time
from pathlib import Path

from .evaluate import ud_scores
from .gum import CC_BY_GENRES, gum_cc_by_docs, gum_entities
from .paths import SHIPPED, RecipeOptions, shipped_pretrain
from .trainers import FROM_OPTIONS, run_trainer, trainer_command


def strip_enhanced(block: str) -> str:
    """Drop the DEPS column (GUM's enhanced graphs are irrelevant here) -- keeps files small."""
    out = []
    for line in block.splitlines():
        cols = line.split("\t")
        if len(cols) == 10:
            cols[8] = "_"
        out.append("\t".join(cols))
    return "\n".join(out) + "\n"


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
    """Sentences of (token, tag) as the JSON Stanza's NER trainer reads."""
    doc = [[{"text": t, "ner": tag} for t, tag in sent] for sent in sents]
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=0), encoding="utf-8")


def prepare(options: RecipeOptions) -> dict:
    """Write the training and dev files under the work dir's data/ from the data dir (EWT, GUM's
    CC BY documents, UNER) and return what prepared.json records."""
    data = options.data_dir
    d = options.prepared
    d.mkdir(parents=True, exist_ok=True)
    ewt = {s: data / "ewt" / f"en_ewt-ud-{s}.conllu" for s in ("train", "dev", "test")}
    gum_docs = [doc_id for doc_id, _ in gum_cc_by_docs(data, "train")]

    # POS / depparse / lemma / tokenizer: EWT train + GUM CC BY train; dev = EWT dev.
    with open(d / "en_combined.train.conllu", "w", encoding="utf-8") as out:
        out.write(ewt["train"].read_text(encoding="utf-8").rstrip("\n") + "\n\n")
        for _, sents in gum_cc_by_docs(data, "train"):
            for block in sents:
                out.write(strip_enhanced(block) + "\n")
    shutil.copyfile(ewt["train"], d / "en_ewt.train.conllu")
    shutil.copyfile(ewt["dev"], d / "en_ewt.dev.conllu")
    shutil.copyfile(ewt["test"], d / "en_ewt.test.conllu")

    # NER: UNER EWT train + GUM CC BY train (named PER/ORG/LOC mentions); dev = UNER EWT dev.
    uner_train = read_iob2(data / "uner" / "en_ewt-ud-train.iob2")
    gum_ner = []
    n_ents = 0
    for _, sents in gum_cc_by_docs(data, "train"):
        for block in sents:
            toks, tags = gum_entities(block)
            n_ents += sum(t.startswith("B-") for t in tags)
            gum_ner.append(list(zip(toks, tags)))
    write_ner_json(uner_train, d / "en_uner.train.json")
    write_ner_json(uner_train + gum_ner, d / "en_combined.train.json")
    write_ner_json(read_iob2(data / "uner" / "en_ewt-ud-dev.iob2"), d / "en_uner.dev.json")
    write_ner_json(read_iob2(data / "uner" / "en_ewt-ud-test.iob2"), d / "en_uner.test.json")

    meta = {"gum_cc_by_genres": list(CC_BY_GENRES), "gum_train_documents": gum_docs,
            "gum_ner_sentences": len(gum_ner), "gum_ner_entities": n_ents,
            "prepared": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    (d / "prepared.json").write_text(json.dumps(meta, indent=1))
    print(f"prepared {d}: {len(gum_docs)} GUM CC BY train documents, "
          f"{len(gum_ner)} GUM NER sentences with {n_ents} PER/ORG/LOC names")
    return meta


def retag(options: RecipeOptions, model: Path | None = None) -> None:
    """Give the parser's train and dev files the tagger's tags instead of the gold ones (gold
    words, lemmas and trees kept), as Stanza's prepare_depparse_treebank does: a parser trained
    on gold tags meets predicted ones in use (end-to-end LAS 75 against 83.5 on gold tags).
    `model`: the tagger (default: the shipped pos.pt)."""
    d = options.prepared
    # the shipped tagger needs the vectors it was trained with, whatever --pretrain says
    model, pretrain = ((Path(model), FROM_OPTIONS) if model
                       else (SHIPPED / "pos.pt", shipped_pretrain("pos")))
    for name in ("en_combined.train", "en_ewt.dev"):
        src, dst = d / f"{name}.conllu", d / f"{name}.pred.conllu"
        cmd = trainer_command(options, "pos", "predict", model, eval_file=src, output_file=dst,
                              pretrain=pretrain)
        started = time.time()
        run_trainer(cmd, options.verbose)
        scores = ud_scores(src, dst)
        print(f"{dst}: UPOS {100 * scores['UPOS'].f1:.2f} against the gold tags "
              f"({time.time() - started:.0f} s)", flush=True)
