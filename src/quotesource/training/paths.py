"""Where the training recipe reads and writes: the data, the shipped model set, the work dir."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# The model set the package ships (what `install` replaces and `end-to-end --record` annotates).
SHIPPED = Path(__file__).resolve().parents[1] / "models" / "en"
# UD English EWT, UD English GUM and Universal NER English EWT (see ../shared/nlp/README.md).
DATA_ENV = "QUOTESOURCE_NLP_DATA"


def default_data_dir() -> Path:
    """$QUOTESOURCE_NLP_DATA, else ../shared/nlp/data seen from the current directory (a
    checkout's root, where the recipe is run)."""
    return Path(os.environ.get(DATA_ENV) or Path("..") / "shared" / "nlp" / "data")


@dataclass
class RecipeOptions:
    """The options every step of the recipe shares (`quotesource models prepare|train|...`)."""
    work_dir: Path = Path("work-models")      # outside git: prepared data, models, logs
    data_dir: Path = field(default_factory=default_data_dir)
    ner_data: str = "combined"                 # NER training data: "combined" (UNER + GUM) or "uner"
    pretrain: str | None = None                # word-vector file for pos/depparse/ner (`vectors`)
    verbose: bool = False                      # show the trainers' own output

    def __post_init__(self):
        self.work_dir = Path(self.work_dir).resolve()
        self.data_dir = Path(self.data_dir)

    @property
    def prepared(self) -> Path:
        """The files `prepare` writes (and `retag` adds to)."""
        return self.work_dir / "data"

    @property
    def shared_dir(self) -> Path:
        """The read-only shared folder the data lives in (<shared>/nlp/data)."""
        return self.data_dir.resolve().parents[1]


def shipped_pretrain(processor: str, model_set: Path = SHIPPED) -> str | None:
    """The word-vector file the shipped model of `processor` was trained with, if any: what
    quotesource.nlp hands Stanza for it (`ModelSet.pretrain_paths`)."""
    from quotesource.nlp import resolve_models
    return resolve_models(model_set).pretrain_paths()[f"{processor}_pretrain_path"]
