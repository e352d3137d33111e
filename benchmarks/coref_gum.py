"""Pronoun resolution on GUM's gold coreference (CC BY genres of the dev and test files).

    .venv/bin/python benchmarks/coref_gum.py [../shared/nlp/data/gum/en_gum-ud-dev.conllu ...]

Gold words and tags come from the treebank; the named entities come from the shipped NER model
(as in the real pipeline), so this scores the resolver and the NER it relies on together.
Prints accuracy for "he" and "she" whose gold chain names a person before them.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from quotesource.evaluation.coref_eval import score_pronouns  # noqa: E402
from quotesource.training.gum import read_gum  # noqa: E402
from quotesource.nlp import get_parser  # noqa: E402

GUM = ROOT.parent / "shared" / "nlp" / "data" / "gum"
files = sys.argv[1:] or [str(GUM / "en_gum-ud-dev.conllu"), str(GUM / "en_gum-ud-test.conllu")]
docs = [d for f in files for d in read_gum(f)]
parser = get_parser()
entities = {d.id: p.entities for d, p in zip(docs, parser.parse([d.text for d in docs]))}
with_ner = score_pronouns(docs, entities)
without = score_pronouns(docs)
print(json.dumps({"files": [Path(f).name for f in files], "documents": len(docs),
                  "with_ner": {k: v for k, v in with_ner.items() if k != "errors"},
                  "name_runs_only": {k: v for k, v in without.items() if k != "errors"}},
                 indent=1))
