#!/usr/bin/env python
"""Where an NER model loses names on UNER-EWT dev: per type, how many gold names it finds
exactly, gives the wrong type, cuts at the wrong boundary or misses, and how many names it
invents where the gold has none; with examples of each.

    python scripts/ner_errors.py                        # the shipped ner.pt
    python scripts/ner_errors.py --model work-models/ner/en_combined_nertagger.pt --examples 10

Exact-span precision/recall/F1 per type match the recipe's `evaluate ner` (Stanza's scorer).
"""
from __future__ import annotations

import argparse
import collections
from pathlib import Path

from quotesource.training.data import read_iob2
from quotesource.training.paths import SHIPPED, default_data_dir, shipped_pretrain

KINDS = ("exact", "wrong type", "wrong boundary", "missed")


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) of each name in BIO or BIOES tags, decoded as Stanza's own NER scorer
    decodes them."""
    from stanza.models.ner.utils import decode_from_bioes
    return {(e["start"], e["end"] + 1, e["type"]) for e in decode_from_bioes(tags)}


def classify(gold: set, predicted: set):
    """Yield (type, kind, gold_or_predicted_span, the predicted span it met) for every name."""
    for g in sorted(gold):
        if g in predicted:
            yield g[2], "exact", g, g
            continue
        same = [p for p in predicted if p[:2] == g[:2]]
        overlap = [p for p in predicted if p[0] < g[1] and g[0] < p[1]]
        kind = "wrong type" if same else "wrong boundary" if overlap else "missed"
        yield g[2], kind, g, (same or overlap or [None])[0]
    for p in sorted(predicted):
        if not any(g[0] < p[1] and p[0] < g[1] for g in gold):
            yield p[2], "spurious", p, p


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(SHIPPED / "ner.pt"))
    ap.add_argument("--pretrain", default=shipped_pretrain("ner"),
                    help="the word vectors the model was trained with (default: the shipped ones)")
    ap.add_argument("--data-dir", default=None,
                    help="UD/UNER data (default: $QUOTESOURCE_NLP_DATA, else ../shared/nlp/data)")
    ap.add_argument("--examples", type=int, default=5, help="examples printed per type and kind")
    args = ap.parse_args(argv)

    import stanza
    from quotesource import nlp
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    sentences = read_iob2(data_dir / "uner" / "en_ewt-ud-dev.iob2")
    pipeline = stanza.Pipeline(
        "en", dir=str(nlp.resources_dir_for(nlp.resolve_models())), processors="tokenize,ner",
        tokenize_pretokenized=True, tokenize_model_path=str(SHIPPED / "tokenize.pt"),
        ner_model_path=args.model, ner_pretrain_path=args.pretrain,
        download_method=None, logging_level="WARN")
    doc = pipeline([[token for token, _ in s] for s in sentences])

    counts, examples, n_predicted = collections.Counter(), collections.defaultdict(list), collections.Counter()
    for sentence, parsed in zip(sentences, doc.sentences):
        words = [token for token, _ in sentence]
        predicted = spans([t.ner for t in parsed.tokens])
        n_predicted.update(p[2] for p in predicted)
        for kind_of, kind, span, met in classify(spans([tag for _, tag in sentence]), predicted):
            counts[kind_of, kind] += 1
            text = " ".join(words[span[0]:span[1]])
            if met and met != span:
                text += f" -> {met[2]} '{' '.join(words[met[0]:met[1]])}'"
            examples[kind_of, kind].append(text)

    print(f"{'type':5} {'gold':>5} " + " ".join(f"{k:>14}" for k in KINDS + ("spurious",))
          + "      P      R     F1")
    for t in ("PER", "ORG", "LOC"):
        gold = sum(counts[t, k] for k in KINDS)
        p = counts[t, "exact"] / max(n_predicted[t], 1)
        r = counts[t, "exact"] / max(gold, 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:5} {gold:5} " + " ".join(f"{counts[t, k]:14}" for k in KINDS + ("spurious",))
              + f" {100 * p:6.2f} {100 * r:6.2f} {100 * f1:6.2f}")
    for t in ("PER", "ORG", "LOC"):
        for kind in KINDS[1:] + ("spurious",):
            if examples[t, kind] and args.examples:
                print(f"\n{t} {kind}: " + "; ".join(examples[t, kind][:args.examples]))


if __name__ == "__main__":
    main()
