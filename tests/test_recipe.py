"""The model-training recipe (quotesource.training): the data it prepares and what it keeps out.

Training itself takes CPU-hours and is not run here; these check the parts a clean checkout
relies on to rebuild the shipped files: the licence filter on GUM, the conversion of GUM's
entity annotation into NER names, and the files `prepare` writes.
"""
import importlib.util
import json
import sys

import pytest
from conftest import ROOT, SHARED

from quotesource.training import data as data_prep, gum, paths, trainers
from quotesource.training.paths import RecipeOptions

NLP_DATA = SHARED / "nlp" / "data"
pytestmark = pytest.mark.skipif(not NLP_DATA.exists(), reason=f"{NLP_DATA} not found")


def row(i, word, upos, entity="_"):
    return "\t".join([str(i), word, word, upos, "_", "_", "0", "dep", "_",
                      f"Entity={entity}" if entity != "_" else "_"])


def test_gum_entities_keep_names_and_drop_descriptions():
    # "Jane Roe of the University of Basel met the preacher ." with GUM's bracket notation:
    # a person name, an organization holding a place, and a person described, not named
    block = "\n".join([
        "# text = Jane Roe of the University of Basel met the preacher .",
        row(1, "Jane", "PROPN", "(1-person-new-sssss-cf1-1,2-coref"),
        row(2, "Roe", "PROPN", "1)"),
        row(3, "of", "ADP"),
        row(4, "the", "DET", "(2-organization-new-sssss-cf2-2,3,4-coref"),
        row(5, "University", "PROPN"),
        row(6, "of", "ADP"),
        row(7, "Basel", "PROPN", "(3-place-new-sssss-cf3-1-coref)2)"),
        row(8, "met", "VERB"),
        row(9, "the", "DET", "(4-person-new-sssss-cf4-2-coref"),
        row(10, "preacher", "NOUN", "4)"),
        row(11, ".", "PUNCT"),
    ])
    tokens, tags = gum.gum_entities(block)
    assert tokens[0] == "Jane" and len(tokens) == 11
    assert tags == ["B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"]


def test_only_cc_by_gum_documents_are_read():
    every = {doc for doc, _ in gum.read_conllu_docs(NLP_DATA / "gum" / "en_gum-ud-train.conllu")}
    kept = {doc for doc, _ in gum.gum_cc_by_docs(NLP_DATA, "train")}
    assert any(d.startswith("GUM_whow_") for d in every)      # the file holds NC documents...
    assert any(d.startswith("GUM_fiction_") for d in every)
    assert kept and kept < every                               # ...and they are left out
    assert {gum.gum_genre(d) for d in kept} <= set(gum.CC_BY_GENRES)


def test_prepare_writes_training_files_without_nc_documents(tmp_path):
    data_prep.prepare(RecipeOptions(work_dir=tmp_path, data_dir=NLP_DATA))
    data = tmp_path / "data"
    combined = (data / "en_combined.train.conllu").read_text(encoding="utf-8")
    assert "# sent_id = GUM_news_" in combined
    assert "GUM_whow_" not in combined and "GUM_fiction_" not in combined
    # EWT train is all there, before the GUM documents
    ewt = (NLP_DATA / "ewt" / "en_ewt-ud-train.conllu").read_text(encoding="utf-8")
    assert combined.startswith(ewt.rstrip("\n"))
    uner = json.loads((data / "en_uner.train.json").read_text(encoding="utf-8"))
    ner = json.loads((data / "en_combined.train.json").read_text(encoding="utf-8"))
    assert len(ner) > len(uner) and ner[:len(uner)] == uner
    gum_names = [t for sent in ner[len(uner):] for t in sent if t["ner"] != "O"]
    assert {t["ner"][2:] for t in gum_names} == {"PER", "ORG", "LOC"}
    meta = json.loads((data / "prepared.json").read_text())
    assert all(not d.startswith(("GUM_whow_", "GUM_fiction_")) for d in meta["gum_train_documents"])


def test_the_shipped_tagger_is_run_with_the_vectors_it_was_trained_with():
    # `retag` runs the shipped pos.pt: without its pretrain file Stanza cannot load it, whatever
    # --pretrain the user gave (or none); the parser, trained without vectors, gets none
    manifest = json.loads((paths.SHIPPED / "manifest.json").read_text())
    assert manifest["processors"]["pos"]["pretrain"] is True
    assert paths.shipped_pretrain("pos") == str(paths.SHIPPED / manifest["vectors"]["file"])
    assert (paths.SHIPPED / manifest["vectors"]["file"]).exists()
    assert paths.shipped_pretrain("depparse") is None


def test_a_failing_trainer_stops_with_its_own_error():
    cmd = [sys.executable, "-c", "import sys; sys.exit('no such model file: pos.pt')"]
    with pytest.raises(SystemExit) as stop:
        trainers.run_trainer(cmd, verbose=False)
    assert "failed" in str(stop.value) and "no such model file: pos.pt" in str(stop.value)
    assert trainers.run_trainer([sys.executable, "-c", "print('scored 71.70')"], False) \
        == "scored 71.70\n"


def test_ner_errors_sorts_each_name_into_one_kind():
    spec = importlib.util.spec_from_file_location("ner_errors", ROOT / "scripts" / "ner_errors.py")
    ner_errors = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ner_errors)
    # "Jane Roe of Acme Corp met Bob in Paris and at Taco Bell": Stanza writes BIOES, UNER BIO
    gold = ner_errors.spans(["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-PER", "O", "B-LOC",
                             "O", "O", "B-LOC", "I-LOC"])
    predicted = ner_errors.spans(["B-PER", "E-PER", "O", "S-ORG", "O", "O", "O", "O", "S-ORG",
                                  "O", "S-ORG", "B-ORG", "E-ORG"])
    assert gold == {(0, 2, "PER"), (3, 5, "ORG"), (6, 7, "PER"), (8, 9, "LOC"), (11, 13, "LOC")}
    kinds = {(t, kind, span) for t, kind, span, _ in ner_errors.classify(gold, predicted)}
    assert kinds == {("PER", "exact", (0, 2, "PER")), ("ORG", "wrong boundary", (3, 5, "ORG")),
                     ("PER", "missed", (6, 7, "PER")), ("LOC", "wrong type", (8, 9, "LOC")),
                     ("LOC", "wrong type", (11, 13, "LOC")), ("ORG", "spurious", (10, 11, "ORG"))}
