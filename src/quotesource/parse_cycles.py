"""The cycles of a dependency graph of one head per word: what Stanza's parser decoder asks for
at every step of its Chu-Liu-Edmonds search, found faster (nlp.py puts this in its place).

Stanza's `chuliu_edmonds.tarjan` runs Tarjan's algorithm over the edges head -> dependent and
looks the dependents of every node up with a numpy comparison over the whole sentence: for
the shipped parser, whose greedy heads form many cycles, that was a sixth of all the CPU of
Stanza's six processors (issue 25). With one head per word, a cycle is found by walking up
from each word, and the same cycles come back in the same order, so the parse is identical.
"""
from __future__ import annotations

import numpy as np


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
