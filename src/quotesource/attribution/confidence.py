"""The learned decisions: how likely a candidate is a real attribution (`confidence`), and
how likely a kept one's speaker and source type are right (`source_confidence`, the source
model of training/source_model.py, over `evidence.source_features`).

The attribution model is a logistic regression over the sparse features of `evidence.py`, trained by
`quotesource models train-attribution` (training/attribution_model.py) on PolNeAR train, where
every candidate the rules make is labelled by the gold attributions. It ships as a small JSON file
of weights (no pickle, no scikit-learn at run time): a probability is one dot product. The
source model has the same shape and is read the same way.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "attribution.json"


@dataclass(frozen=True)
class AttributionModel:
    weights: dict[str, float]
    bias: float
    threshold: float      # candidates below it are dropped
    meta: dict

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value
                            for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, data: dict) -> "AttributionModel":
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   float(data["threshold"]), data.get("meta", {}))

    def as_dict(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}


@cache
def shipped_model() -> AttributionModel | None:
    """The model shipped with the package, or None where there is none (every candidate kept)."""
    if not MODEL_PATH.exists():
        return None
    return AttributionModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


SOURCE_MODEL_PATH = MODEL_PATH.with_name("sources.json")


@cache
def shipped_source_model() -> AttributionModel | None:
    """The source model: how likely a kept attribution's speaker and source type are right
    (trained by `quotesource models train-sources`, training/source_model.py). None where the
    package ships none."""
    if not SOURCE_MODEL_PATH.exists():
        return None
    return AttributionModel.from_dict(json.loads(SOURCE_MODEL_PATH.read_text(encoding="utf-8")))
