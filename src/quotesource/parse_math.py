"""Pieces of Stanza's dependency parser computed faster with equal results (nlp/speed.py puts them
in place of Stanza's; issue 25): the pairwise bilinear scores; at every step of the decoder's
Chu-Liu-Edmonds search, the cycles of the heads and the graph with one of them contracted; and
the parser's labels, scored only at the heads the decoder chose.

Stanza's `chuliu_edmonds.tarjan` runs Tarjan's algorithm over the edges head -> dependent and
looks the dependents of every node up with a numpy comparison over the whole sentence: for
the shipped parser, whose greedy heads form many cycles, that was a sixth of all the CPU of
Stanza's six processors (issue 25). With one head per word, a cycle is found by walking up
from each word, and the same cycles come back in the same order, so the parse is identical.
"""
from __future__ import annotations

import numpy as np


def pair_scores(module, input1, input2):
    """PairwiseBilinear.forward as one matrix product and one batched product, its weight laid
    out (in1, out, in2): the same sums (equal scores) for a third less CPU than its two einsums,
    which were a third of the parser's time (they label every pair of words)."""
    import torch        # here, not above: nlp/speed.py imports this module, and most commands no torch

    n, length1, size1 = input1.shape
    weight = module.weight
    scores = (input1.reshape(n * length1, size1) @ weight.reshape(size1, -1)).reshape(
        n, length1 * module.output_size, weight.shape[2])
    scores = torch.bmm(scores, input2.transpose(1, 2))
    scores = scores.reshape(n, length1, module.output_size, input2.shape[1]).permute(0, 1, 3, 2)
    return scores + module.bias


def head_cycles(tree) -> list[np.ndarray]:
    """The cycles of `tree` (tree[i] = head of i; tree[0] = 0, the root), each a boolean mask
    over the nodes, as `stanza.models.common.chuliu_edmonds.tarjan` returns them.

    Tarjan over head -> dependent edges started from node 0, 1, ... emits a cycle in the
    search started at its lowest node (no other search reaches into it), so the order is by
    lowest node. Single nodes (the root's self-loop) are no cycle there either."""
    heads = [int(h) for h in tree]
    state = [0] * len(heads)            # 0 not seen, 1 on the walk under way, 2 done
    found = []
    for start in range(len(heads)):
        walk, node = [], start
        while state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = heads[node]
        if state[node] == 1:            # the walk came back onto itself
            loop = walk[walk.index(node):]
            if len(loop) > 1:
                found.append(loop)
        for node in walk:
            state[node] = 2
    masks = []
    for loop in sorted(found, key=min):
        mask = np.zeros(len(heads), dtype=bool)
        mask[loop] = True
        masks.append(mask)
    return masks


def contract_cycle(tree, cycle, scores):
    """`stanza.models.common.chuliu_edmonds.process_cycle` (the subproblem with one cycle made a
    single node) with equal results: its scores are built in a zeroed array, not by np.pad,
    which cost half the decoder's time on the shipped parser's many small cycles."""
    cycle_locs = np.where(cycle)[0]
    cycle_scores = scores[cycle, tree[cycle]]
    cycle_score = cycle_scores.sum()
    noncycle_locs = np.where(~cycle)[0]
    # a head from outside for each word of the cycle; a dependent in the cycle for each outside
    head_scores = scores[np.ix_(cycle_locs, noncycle_locs)] - cycle_scores[:, None] + cycle_score
    dep_scores = scores[np.ix_(noncycle_locs, cycle_locs)]
    heads = np.argmax(head_scores, axis=0)
    deps = np.argmax(dep_scores, axis=1)
    n = len(noncycle_locs)
    subscores = np.zeros((n + 1, n + 1), dtype=scores.dtype)
    subscores[:-1, :-1] = scores[np.ix_(noncycle_locs, noncycle_locs)]
    subscores[-1, :-1] = head_scores[heads, np.arange(n)]
    subscores[:-1, -1] = dep_scores[np.arange(n), deps]
    return subscores, cycle_locs, noncycle_locs, heads, deps


def chosen_pair_scores(module, input1, input2, sentence, dependent, head):
    """pair_scores(module, input1, input2)[sentence, dependent, head]: the scores of the chosen
    pairs only (equal sums in another order, so equal up to rounding). Each distinct head's
    input2 row is multiplied into the weight once; the pairs then take one dot product each."""
    import torch

    size1, output_size, size2 = module.weight.shape
    keys = sentence * input2.shape[1] + head
    distinct, which = torch.unique(keys, return_inverse=True)
    by_head = module.weight.reshape(size1 * output_size, size2) @ \
        input2.reshape(-1, size2)[distinct].T                       # (size1 * out, heads)
    by_head = by_head.T.reshape(-1, size1, output_size)
    left = input1[sentence, dependent].unsqueeze(1)                  # (pairs, 1, size1)
    scores = torch.cat([torch.bmm(left[i:i + 256], by_head[which[i:i + 256]])
                        for i in range(0, len(which), 256)]).squeeze(1)
    return scores + module.bias


def heads_then_labels(network, stanzas_predict, decode, prefix, *inputs,
                      resolve_head_constraints=False):
    """GraphParser.predict with the labels scored only at the heads it chose (nlp/speed.py puts this
    in place of the shipped parser's predict): the heads come from the unlabeled scores alone,
    as in Stanza, and each word's label is the argmax of its scores at its head, which is all
    Stanza reads of the labels of every pair unless it repairs head constraints (then, or with
    other inputs than Stanza's trainer gives, Stanza's own predict runs)."""
    if resolve_head_constraints or network.training or len(inputs) != 15:
        return stanzas_predict(*inputs, resolve_head_constraints=resolve_head_constraints)
    import torch
    import torch.nn.functional as F

    bilinear = network.deprel.scorer.W_bilin
    kept = bilinear.forward
    bilinear.forward = lambda left, right: (left, right)      # the label scorer's inputs
    try:
        arcs, (left, right), *_ = network.forward_scores(*inputs)
    finally:
        bilinear.forward = kept
    sentlens = inputs[12]
    log_probs = F.log_softmax(arcs, 2).detach().cpu().numpy()
    trees = [decode(log_probs[i][:n, :n]) for i, n in enumerate(sentlens)]
    sentence = torch.tensor([i for i, tree in enumerate(trees) for _ in tree[1:]])
    dependent = torch.tensor([j for tree in trees for j in range(1, len(tree))])
    head = torch.from_numpy(np.concatenate([tree[1:] for tree in trees]).astype(np.int64))
    scores = chosen_pair_scores(bilinear, left, right, sentence, dependent, head)
    labels = scores.argmax(1) + prefix
    deprels = iter(network.vocab["deprel"].unmap(labels.tolist()))
    return [[[h, next(deprels)] for h in tree[1:]] for tree in trees]

