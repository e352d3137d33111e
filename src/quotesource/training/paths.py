"""Where the training recipe reads and writes: the data, the shipped model set, the work dir."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(os.environ.get("QUOTESOURCE_NLP_DATA", ROOT.parent / "shared" / "nlp" / "data"))
if not DATA.exists():
    DATA = Path("/work/shared/nlp/data")
SHIPPED = ROOT / "src" / "quotesource" / "models" / "en"


def work_dir(args) -> Path:
    return Path(args.work_dir).resolve()


def shipped_pretrain(processor: str) -> str | None:
    """The word-vector file the shipped model of `processor` was trained with, if any: what
    quotesource.nlp hands Stanza for it (`ModelSet.pretrain_paths`)."""
    from quotesource.nlp import resolve_models
    return resolve_models(SHIPPED).pretrain_paths()[f"{processor}_pretrain_path"]
