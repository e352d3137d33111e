"""The NLP stage's speed-ups (issue 25): Stanza's own computations, done faster in place.

Each replaces a piece of a loaded pipeline (or a module-level function of Stanza) with one that
gives the same result for less CPU, or, for the int8 tagger and NER, a measured-equal one
(docs/scale.md); `Parser` in this package's __init__ applies them. Part of the one stage that
imports stanza.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import partial

from ..parse_math import contract_cycle, head_cycles, heads_then_labels, pair_scores


def use_faster_decoder() -> None:
    """Stanza's parser decoder finds the cycles of its heads with parse_math.head_cycles and
    contracts them with contract_cycle: the same cycles in the same order and the same
    subproblems, so the same parse, for a fraction of the CPU (a sixth of all Stanza's time
    went there, issue 25). `tarjan` and `process_cycle` are module-level functions of Stanza's
    chuliu_edmonds, not a public API: should a release rename them, nothing is replaced."""
    from stanza.models.common import chuliu_edmonds

    for name, faster in (("tarjan", head_cycles), ("process_cycle", contract_cycle)):
        if hasattr(chuliu_edmonds, name):
            setattr(chuliu_edmonds, name, faster)


def faster_pair_scores(network) -> None:
    """Each PairwiseBilinear in a torch module computes with parse_math.pair_scores. For the
    parser, the module is its processor's `trainer.model` (Stanza's only public handle on its
    network); these instances are changed, not Stanza's class. The weight is laid out anew in
    place of the old (an 8 MB copy beside it would raise the peak memory), so only pair_scores
    can use it."""
    from stanza.models.common.biaffine import PairwiseBilinear

    for module in network.modules():
        if isinstance(module, PairwiseBilinear):
            module.weight.data = module.weight.data.permute(0, 2, 1).contiguous()
            module.forward = partial(pair_scores, module)


def labels_at_chosen_heads(network) -> None:
    """A graph parser's `predict` labels only its chosen heads (parse_math.heads_then_labels, on
    the weight faster_pair_scores laid out). Ensembles, arc embeddings (no `deprel`) keep theirs."""
    from stanza.models.depparse import model

    deprel = getattr(network, "deprel", None)
    if type(network) is model.GraphParser and deprel is not None and \
            getattr(deprel.scorer.W_bilin.forward, "func", None) is pair_scores:
        network.predict = partial(heads_then_labels, network, network.predict,
                                  model.chuliu_edmonds_one_root, model.VOCAB_PREFIX_SIZE)


def networks(pipeline, name: str) -> list:
    """A processor's torch modules: its `trainer.model` (Stanza's public handle), and for NER,
    which may hold several models, each of its `trainers`."""
    processor = pipeline.processors[name]
    trainers = getattr(processor, "trainers", None) or [processor.trainer]
    return [t.model for t in trainers if getattr(t, "model", None) is not None]


def quantize(pipeline, names) -> None:
    """int8 dynamic quantization of the LSTM and Linear layers of the named processors' networks:
    weights stored in 8 bits, activations quantized on the fly (torch's dynamic quantization).
    The modules are replaced in place, so the float weights are freed."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # torch.ao.quantization's deprecation notices
        for name in names:
            for network in networks(pipeline, name):
                quantize_dynamic(network, {torch.nn.LSTM, torch.nn.Linear},
                                 dtype=torch.qint8, inplace=True)


@contextmanager
def no_optimizers():
    """While the pipeline loads, Stanza's trainers get no optimizer: they would only train with
    it. Building one (torch.optim) imports torch._dynamo, 2 s of CPU and 70 MB per process, a
    third of the model load. The two functions are module-level ones of Stanza's
    models.common.utils, which every trainer calls (the split one returns a dict)."""
    from stanza.models.common import utils

    saved = utils.get_optimizer, utils.get_split_optimizer
    utils.get_optimizer, utils.get_split_optimizer = (lambda *a, **k: None), (lambda *a, **k: {})
    try:
        yield
    finally:
        utils.get_optimizer, utils.get_split_optimizer = saved


def lemma_words_read_once() -> None:
    """Stanza's lemmatizer, with its dictionary ensembled (the shipped config), builds the
    seq2seq inputs of every word twice per batch: once in a loader whose only use is its
    document, once for the words its dictionaries lack. The first is built as a plain view of
    the document (`conll_only`); the second, which feeds the model, is Stanza's own."""
    from stanza.pipeline import lemma_processor

    original = getattr(lemma_processor, "DataLoader", None)
    if original is None or getattr(original, "reads_once", False):
        return

    def loader(doc, batch_size, config, vocab=None, evaluation=False, conll_only=False,
               skip=None, expand_unk_vocab=False):
        if skip is None and evaluation and config.get("ensemble_dict") \
                and not config.get("dict_only"):
            return original(doc, batch_size, config, evaluation=True, conll_only=True)
        return original(doc, batch_size, config, vocab=vocab, evaluation=evaluation,
                        conll_only=conll_only, skip=skip, expand_unk_vocab=expand_unk_vocab)

    loader.reads_once, loader.stanzas = True, original
    lemma_processor.DataLoader = loader
