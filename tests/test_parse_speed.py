"""The speed-ups of the NLP stage (issue 25): the parser's decoder finds the cycles Stanza's
does, the pair scores are Stanza's, the labels scored at the chosen heads only are the ones
Stanza picks from the labels of every pair, the shipped models load the same weights without
building optimizers, and the seeds get the same attributions as with Stanza's own code and
float weights (int8 tagger and NER included)."""
from __future__ import annotations

import contextlib
import importlib.util
import subprocess
import sys

import numpy as np
import pytest
import torch
from conftest import ROOT
from stanza.models.common import chuliu_edmonds
from stanza.models.common.biaffine import PairwiseBilinear
from stanza.pipeline import lemma_processor

from quotesource import nlp
from quotesource.parse_math import (chosen_pair_scores, contract_cycle, head_cycles,
                                    heads_then_labels, pair_scores)
from quotesource.pipeline import Extractor


def stanzas_module():
    """A fresh copy of stanza's chuliu_edmonds (nlp/speed.py replaces `tarjan` in the imported one)."""
    spec = importlib.util.spec_from_file_location("original_chuliu_edmonds",
                                                  chuliu_edmonds.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_head_cycles_are_stanzas_cycles_in_stanzas_order():
    tarjan = stanzas_module().tarjan
    rng = np.random.default_rng(25)
    trees = [np.array([0, 3, 1, 2]), np.array([0, 2, 1, 4, 3, 0]), np.array([0]),
             np.array([0, 0, 1, 2])]
    trees += [np.concatenate([[0], rng.integers(0, n, size=n - 1)])
              for n in rng.integers(2, 60, size=3000)]
    seen_several = 0
    for tree in trees:
        expected, got = tarjan(tree), head_cycles(tree)
        assert len(got) == len(expected), tree
        assert all((a == b).all() for a, b in zip(got, expected)), tree
        seen_several += len(got) > 1
    assert seen_several > 100          # the order was tested, not only single cycles


def test_contracted_cycles_are_stanzas():
    original = stanzas_module()
    rng = np.random.default_rng(7)
    contracted = 0
    for n in rng.integers(3, 40, size=1000):
        scores = rng.normal(size=(n, n))
        original.prepare_scores(scores)
        tree = np.argmax(scores, axis=1)
        for cycle in original.tarjan(tree):
            expected = original.process_cycle(tree, cycle, scores)
            got = contract_cycle(tree, cycle, scores)
            assert all(np.array_equal(a, b) and a.dtype == b.dtype
                       for a, b in zip(got, expected))
            contracted += 1
    assert contracted > 500


def test_mst_decoding_is_stanzas():
    original = stanzas_module()
    nlp.use_faster_decoder()               # as every Parser does
    assert chuliu_edmonds.tarjan is head_cycles
    rng = np.random.default_rng(3)
    for n in (2, 5, 17, 40):
        for _ in range(50):
            scores = rng.normal(size=(n, n))
            assert (chuliu_edmonds.chuliu_edmonds_one_root(scores) ==
                    original.chuliu_edmonds_one_root(scores)).all()


def test_pair_scores_equal_stanzas():
    torch.manual_seed(0)
    module = PairwiseBilinear(7, 6, 5)
    torch.nn.init.normal_(module.weight)
    torch.nn.init.normal_(module.bias)
    left, right = torch.randn(3, 4, 7), torch.randn(3, 9, 6)
    with torch.no_grad():
        expected = module(left, right)
        nlp.faster_pair_scores(module)
        got = module(left, right)
    assert got.shape == expected.shape == (3, 4, 9, 5)
    assert torch.allclose(got, expected, atol=1e-5)


def test_chosen_pair_scores_are_the_pairs_of_all_pair_scores():
    torch.manual_seed(1)
    module = PairwiseBilinear(7, 6, 5)
    torch.nn.init.normal_(module.weight)
    torch.nn.init.normal_(module.bias)
    nlp.faster_pair_scores(module)
    left, right = torch.randn(3, 4, 7), torch.randn(3, 9, 6)
    pairs = 600                                    # over 256, so in more than one piece
    sentence, dependent = torch.randint(3, (pairs,)), torch.randint(4, (pairs,))
    head = torch.randint(9, (pairs,))
    with torch.no_grad():
        expected = pair_scores(module, left, right)[sentence, dependent, head]
        got = chosen_pair_scores(module, left, right, sentence, dependent, head)
    assert got.shape == (pairs, 5)
    assert torch.allclose(got, expected, atol=1e-5)


def parse_of(parser, texts):
    return [[(w.head, w.deprel) for s in doc.sentences for w in s.words]
            for doc in parser.parse(texts)]


def test_labels_at_chosen_heads_give_stanzas_heads_and_labels(extractor):
    """Every sentence of the seeds parsed (not only the candidates) with the labels scored at
    the chosen heads, then with Stanza's predict, which labels every pair: equal heads and
    deprels, and the label repair of head constraints, when asked for, is Stanza's."""
    parser = extractor.parser
    network = parser.pipeline.processors["depparse"].trainer.model
    assert network.predict.func is heads_then_labels          # as every Parser does
    texts = [p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    ours = parse_of(parser, texts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(network, "predict", network.predict.args[1])   # Stanza's own
        theirs = parse_of(parser, texts)
    assert ours == theirs and sum(map(len, ours)) > 1000
    assert len({deprel for doc in ours for _, deprel in doc}) > 20
    calls = []
    stanzas = lambda *inputs, resolve_head_constraints: calls.append(resolve_head_constraints)
    heads_then_labels(network, stanzas, None, 0, *range(15), resolve_head_constraints=True)
    assert calls == [True]


def test_full_unpickling_only_for_shipped_files(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(torch, "load", lambda f, *a, **k: calls.append(k.get("weights_only")))
    spy = torch.load
    shipped = nlp.resolve_models()
    assert shipped.source == "shipped"
    with nlp.trusted_loads(shipped):
        torch.load(str(nlp.SHIPPED_MODELS / "mwt.pt"), weights_only=True)
        torch.load(str(tmp_path / "elsewhere.pt"), weights_only=True)
    assert calls == [False, True] and torch.load is spy
    user = nlp.ModelSet("user", tmp_path, {}, {})
    with nlp.trusted_loads(user):
        assert torch.load is spy


def test_loading_builds_no_optimizer():
    """torch.optim would import torch._dynamo (2 s, 70 MB per process): a fresh process shows
    whether loading the pipeline still does; parsing must work without it."""
    code = ("import sys; from quotesource import nlp; p = nlp.Parser(); "
            "p.parse(['She said it was over.']); print('torch._dynamo' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[-1] == "False"


def test_tagger_and_ner_run_in_int8(extractor):
    from torch.ao.nn.quantized import dynamic

    kinds = {name: {type(m) for net in nlp.networks(extractor.parser.pipeline, name)
                    for m in net.modules()} for name in ("pos", "ner", "lemma")}
    for name in nlp.QUANTIZED:
        assert {dynamic.Linear, dynamic.LSTM} <= kinds[name], name
        assert not {torch.nn.Linear, torch.nn.LSTM} & kinds[name], name
    assert {torch.nn.Linear, torch.nn.LSTM} & kinds["lemma"]       # left in float


@pytest.fixture(scope="module")
def stanzas_own_seed_results(seed_results, tmp_path_factory):
    """The seeds extracted by a parser with none of the speed-ups: Stanza's decoder, pair
    scores and labels of every pair, float weights, the weights-only load. The shipped models
    are named through a link, so the process's parser (cached by directory, built with the
    speed-ups) is not reused."""
    models = tmp_path_factory.mktemp("models") / "en"
    models.symlink_to(nlp.SHIPPED_MODELS)
    original = stanzas_module()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chuliu_edmonds, "tarjan", original.tarjan)
        mp.setattr(chuliu_edmonds, "process_cycle", original.process_cycle)
        mp.setattr(nlp, "use_faster_decoder", lambda: None)
        mp.setattr(nlp, "faster_pair_scores", lambda network: None)
        mp.setattr(nlp, "labels_at_chosen_heads", lambda network: None)
        mp.setattr(nlp, "trusted_loads", lambda models: contextlib.nullcontext())
        mp.setattr(nlp, "no_optimizers", contextlib.nullcontext)
        mp.setattr(nlp, "quantize", lambda pipeline, names: None)
        mp.setattr(nlp, "lemma_words_read_once", lambda: None)
        mp.setattr(lemma_processor, "DataLoader", lemma_processor.DataLoader.stanzas)
        return {r.article.id: r for r in Extractor(model_dir=models).run([ROOT / "seeds"])}


def test_seed_attributions_as_with_stanzas_own_code(seed_results, stanzas_own_seed_results):
    assert set(seed_results) == set(stanzas_own_seed_results)
    for name, result in seed_results.items():
        ours = [a.as_dict(name) for a in result.attributions]
        theirs = [a.as_dict(name) for a in stanzas_own_seed_results[name].attributions]
        assert ours == theirs and ours, name


def test_lemmas_of_unknown_words_are_kept_and_equal_the_models(extractor):
    # Made-up words no dictionary holds: the first parse runs the lemmatizer's seq2seq on them
    # and keeps its answers; the second reads them back, and they must be what it said.
    lemmatizer = extractor.parser.pipeline.processors["lemma"]
    assert lemmatizer.store_results
    text = ("The glorpifying councils unfrobbed three snarkwizzles. "
            "Critics glorpified the snarkwizzles again.")
    words = ("glorpifying", "unfrobbed", "snarkwizzles", "glorpified")
    first = [(w.text, w.lemma) for s in extractor.parser.parse([text])[0].sentences
             for w in s.words]
    tagged = [(w.text, w.upos) for s in extractor.parser.parse([text])[0].sentences
              for w in s.words if w.text in words]
    # every one of them is looked up now, the seq2seq skipped
    assert len(tagged) == 5 and all(lemmatizer.trainer.skip_seq2seq(tagged))
    second = [(w.text, w.lemma) for s in extractor.parser.parse([text])[0].sentences
              for w in s.words]
    assert first == second


def test_lemmatizer_reads_each_batch_once_with_stanzas_lemmas(extractor):
    # Its first loader only hands on the document: built without the seq2seq inputs, the
    # lemmas (and all else) of every word of the seeds are what Stanza's own loader gives.
    assert lemma_processor.DataLoader.reads_once
    texts = [p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt"))]

    def words():
        return [(w.text, w.lemma, w.upos, w.head, w.deprel) for d in extractor.parser.parse(texts)
                for s in d.sentences for w in s.words]
    ours = words()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lemma_processor, "DataLoader", lemma_processor.DataLoader.stanzas)
        theirs = words()
    assert ours == theirs and len(ours) > 1000
