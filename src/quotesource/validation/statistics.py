"""The statistics of a coded sample: Wilson intervals, and shares corrected for the tool's errors.

Corrected share (the inverse matrix, or calibration, method; Marshall 1990): the tool's counts
over the whole corpus are known exactly, per tool class c (five source types, unresolved, and
"none": a body sentence where it found nothing). The coded sample estimates, for each c, how the
items the tool put in c are truly distributed: P(true t | tool c), a row of the confusion matrix
normalised by the tool's class. The corpus's true counts are then sum_c N_c * P(t | c), and the
corrected anonymous share is true anonymous / true attributions of a judged type. This uses the
row of the matrix that a random sample of the corpus estimates directly (Rogan-Gladen's
P(tool | true) needs sensitivities that are ratios of estimates and can leave [0, 1]); a false
attribution counts in neither numerator nor denominator, a missed one (a "yes" on an empty
sentence) in both. Items are weighted by outlet (N_outlet / n_outlet, for attributions and for
empty sentences apart), which is 1 everywhere in expectation for a proportional sample and keeps
the estimate right for any other allocation.

The 95 % interval is a stratified percentile bootstrap: the coded items are resampled with
replacement within each outlet and kind (attribution or empty sentence), as they were drawn,
and the whole estimate recomputed. The corpus counts are not resampled: they are not estimated.
"""
from __future__ import annotations

import math

import numpy as np

from ..records import SOURCE_TYPES, UNRESOLVED

Z95 = 1.959963984540054
NONE = "none"
# What the tool says of an item: a source type, unresolved, or nothing found in the sentence.
TOOL_LABELS = (*SOURCE_TYPES, UNRESOLVED, NONE)
# What a coder says: a source type, an attribution of a type not judged, or no attribution.
UNJUDGED = "unjudged"
TRUE_LABELS = (*SOURCE_TYPES, UNJUDGED, NONE)
ANONYMOUS = tuple(SOURCE_TYPES.index(t) for t in ("anonymous_person", "anonymous_group"))
_TYPES = len(SOURCE_TYPES)
_K, _T = len(TOOL_LABELS), len(TRUE_LABELS)
_EMPTY = TOOL_LABELS.index(NONE)
_FOUND = _EMPTY                            # tool classes [:_FOUND] are attributions found


def wilson(k: int, n: int, z: float = Z95) -> list[float] | None:
    """Wilson score interval for k successes in n trials (None when n is 0)."""
    if n == 0:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [max(0.0, centre - half), min(1.0, centre + half)]


def _default_rows() -> np.ndarray:
    """P(true | tool) for a tool class nobody coded: the tool taken at its word. Unresolved is
    then an attribution of unknown type (left out of the share, as a coded attribution without a
    type is), and an empty sentence holds no attribution."""
    rows = np.zeros((_K, _T))
    for c in range(_TYPES):
        rows[c, c] = 1.0
    rows[_TYPES, TRUE_LABELS.index(UNJUDGED)] = 1.0
    rows[_EMPTY, TRUE_LABELS.index(NONE)] = 1.0
    return rows


DEFAULT_ROWS = _default_rows()


def calibration(counts: np.ndarray, fallback: np.ndarray = DEFAULT_ROWS) -> np.ndarray:
    """P(true t | tool c) from weighted counts (..., K, T) of coded items; a tool class with
    no coded item gets the row of `fallback`."""
    totals = counts.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, counts / totals, fallback)


def corrected(population: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(corrected anonymous share, recall) from the tool's corpus counts per class (..., K) and
    P(true | tool) (..., K, T); NaN where undefined."""
    true = np.einsum("...k,...kt->...t", population, rows)
    judged = true[..., :_TYPES].sum(axis=-1)
    real = 1 - rows[..., TRUE_LABELS.index(NONE)]
    found = np.einsum("...k,...k->...", population[..., :_FOUND], real[..., :_FOUND])
    missed = population[..., _EMPTY] * real[..., _EMPTY]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(judged > 0, true[..., list(ANONYMOUS)].sum(axis=-1) / judged, np.nan)
        recall = np.where(found + missed > 0, found / (found + missed), np.nan)
    return share, recall


def tool_share(population: np.ndarray) -> float | None:
    found = population[:_FOUND].sum()
    return float(population[list(ANONYMOUS)].sum() / found) if found else None


class CodedSample:
    """Coded items as arrays: tool class, true class, outlet, kind; with their weights."""

    def __init__(self, items: list[tuple[str | None, str, str]], population: dict):
        """items: (outlet, tool label, true label); population: outlet -> counts per tool
        label (an array in TOOL_LABELS order)."""
        self.outlets = sorted(population, key=lambda o: (o is not None, o or ""))
        index = {outlet: i for i, outlet in enumerate(self.outlets)}
        kept = [item for item in items if item[0] in index]
        self.tool = np.array([TOOL_LABELS.index(t) for _, t, _ in kept], dtype=int)
        self.true = np.array([TRUE_LABELS.index(t) for _, _, t in kept], dtype=int)
        self.outlet = np.array([index[o] for o, _, _ in kept], dtype=int)
        self.population = np.array([population[o] for o in self.outlets], dtype=float)
        empty = (self.tool == _EMPTY).astype(int)
        self.stratum = self.outlet * 2 + empty
        sampled = np.bincount(self.stratum, minlength=2 * len(self.outlets))
        size = np.stack([self.population[:, :_FOUND].sum(axis=1), self.population[:, _EMPTY]],
                        axis=1).ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            per_stratum = np.where(sampled > 0, size / np.maximum(sampled, 1), 0.0)
        self.weights = per_stratum[self.stratum] if len(kept) else np.zeros(0)

    def __len__(self) -> int:
        return len(self.tool)

    def counts(self, take: np.ndarray) -> np.ndarray:
        """Weighted counts (replicates, outlets, K, T) of the items indexed by `take`
        (replicates x items)."""
        reps, cells = take.shape[0], len(self.outlets) * _K * _T
        cell = (self.outlet * _K + self.tool) * _T + self.true
        flat = (np.arange(reps)[:, None] * cells + cell[take]).ravel()
        counts = np.bincount(flat, weights=np.broadcast_to(self.weights[take], take.shape).ravel(),
                             minlength=reps * cells)
        return counts.reshape(reps, len(self.outlets), _K, _T)

    def shares(self, counts: np.ndarray) -> np.ndarray:
        """[overall share, overall recall, share of each outlet] per replicate of `counts`."""
        overall = calibration(counts.sum(axis=1))
        share, recall = corrected(self.population.sum(axis=0), overall)
        # an outlet's class nobody coded there: the other outlets' errors
        by_outlet, _ = corrected(self.population, calibration(counts, overall[:, None]))
        return np.concatenate([share[:, None], recall[:, None], by_outlet], axis=1)

    def estimates(self) -> np.ndarray:
        return self.shares(self.counts(np.arange(len(self))[None, :]))[0]

    def bootstrap(self, reps: int = 2000, seed: int = 0, chunk: int = 100) -> np.ndarray:
        """reps x len(estimates()) estimates on resamples within each stratum."""
        rng = np.random.default_rng(seed)
        members = [np.flatnonzero(self.stratum == s) for s in np.unique(self.stratum)]
        draws = []
        for start in range(0, reps, chunk):
            size = min(chunk, reps - start)
            take = np.concatenate([m[rng.integers(0, len(m), (size, len(m)))] for m in members],
                                  axis=1)
            draws.append(self.shares(self.counts(take)))
        return np.concatenate(draws)


def percentile_interval(draws: np.ndarray, level: float = 0.95) -> list[float] | None:
    finite = draws[np.isfinite(draws)]
    # an estimate undefined in more than a few resamples has no interval worth printing
    if len(finite) < 0.9 * len(draws):
        return None
    tail = (1 - level) / 2 * 100
    return [float(np.percentile(finite, tail)), float(np.percentile(finite, 100 - tail))]


def corrected_shares(items: list[tuple[str | None, str, str]], population: dict,
                     reps: int = 2000, seed: int = 0) -> dict:
    """The tool's and the corrected anonymous share, with bootstrap 95 % intervals, overall and
    per outlet, and the estimated recall of attributions."""
    sample = CodedSample(items, population)
    if not len(sample):
        point, draws = np.full(2 + len(sample.outlets), math.nan), None
    else:
        point = sample.estimates()
        draws = sample.bootstrap(reps, seed)

    def figure(i):
        value = None if math.isnan(point[i]) else float(point[i])
        return value, (percentile_interval(draws[:, i]) if draws is not None and value is not None
                       else None)

    share, share_ci = figure(0)
    recall, recall_ci = figure(1)
    by_outlet = {}
    for o, outlet in enumerate(sample.outlets):
        value, ci = figure(2 + o)
        by_outlet[outlet] = {"tool": tool_share(sample.population[o]), "corrected": value,
                             "ci": ci, "n": int((sample.outlet == o).sum())}
    return {"anonymous_share": {"tool": tool_share(sample.population.sum(axis=0)),
                                "corrected": share, "ci": share_ci},
            "recall": {"value": recall, "ci": recall_ci}, "by_outlet": by_outlet}
