"""Stanza's trainers: their command lines, training runs and continued runs."""
from __future__ import annotations

import datetime as _dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .paths import RecipeOptions

# Settings that worked on a 2-core CPU machine (../shared/nlp/README.md). Steps come from --steps.
TRAIN_SETTINGS = {
    "pos": ["--no_pretrain", "--no_bert_model", "--hidden_dim", "200", "--char_hidden_dim", "100",
            "--deep_biaff_hidden_dim", "200", "--composite_deep_biaff_hidden_dim", "50",
            "--batch_size", "32", "--eval_interval", "250", "--fix_eval_interval", "--log_step", "50"],
    "depparse": ["--no_pretrain", "--no_bert_model", "--hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                 "--char_hidden_dim", "200", "--num_layers", "2", "--batch_size", "1500",
                 "--eval_interval", "300"],
    "ner": ["--no_pretrain", "--no_bert_model", "--word_emb_dim", "100", "--hidden_dim", "256",
            "--char_hidden_dim", "100", "--optim", "adam", "--lr", "0.002", "--eval_interval", "500",
            "--log_step", "100", "--max_steps_no_improve", "2000"],
    "tokenize": [],
    "lemma": [],
}
DEFAULT_STEPS = {"pos": 6000, "depparse": 3000, "ner": 5000, "tokenize": 4000, "lemma": 0}
MODEL_FILES = {"pos": "en_combined_tagger.pt", "depparse": "en_combined_parser.pt",
               "ner": "en_combined_nertagger.pt", "tokenize": "en_combined_tokenizer.pt",
               "lemma": "en_combined_lemmatizer.pt", "mwt": "en_ewt_mwt_expander.pt"}
# `pretrain=FROM_OPTIONS`: the word vectors of the options' --pretrain
FROM_OPTIONS = "--pretrain"


def model_path(options: RecipeOptions, processor: str) -> Path:
    """Where `train` saves a model of `processor` in the work dir."""
    return options.work_dir / processor / MODEL_FILES[processor]


def trainer_command(options: RecipeOptions, processor: str, mode: str, model: Path,
                    eval_file: Path | None = None, output_file: Path | None = None,
                    pretrain: str | None = FROM_OPTIONS, steps: int | None = None,
                    tags: str = "gold") -> list[str]:
    """The Stanza trainer's command line (`mode` "train" for `steps` steps, or "predict");
    `pretrain` is a word-vector file (default: the options' --pretrain); `tags` "predicted"
    gives the parser the files `retag` wrote."""
    d = options.prepared
    py = [sys.executable, "-m"]
    if processor in ("pos", "depparse"):
        # The tagger and the parser take the same CoNLL-U data and options.
        trainer = "stanza.models.tagger" if processor == "pos" else "stanza.models.parser"
        tagged = ".pred" if processor == "depparse" and tags == "predicted" else ""
        cmd = py + [trainer, "--mode", mode, "--shorthand", "en_combined",
                    "--save_dir", str(model.parent), "--save_name", model.name,
                    "--train_file", str(d / f"en_combined.train{tagged}.conllu"),
                    "--eval_file", str(eval_file or d / f"en_ewt.dev{tagged}.conllu"), "--cpu"]
        if output_file:
            cmd += ["--output_file", str(output_file)]
    elif processor == "ner":
        cmd = py + ["stanza.models.ner_tagger", "--mode", mode, "--shorthand", "en_combined",
                    "--save_dir", str(model.parent), "--save_name", model.name,
                    "--train_file", str(d / f"en_{options.ner_data}.train.json"),
                    "--eval_file", str(eval_file or d / "en_uner.dev.json"), "--cpu"]
    else:
        raise SystemExit(f"{processor}: use the settings in ../shared/nlp/README.md "
                         f"(python -m stanza.models.tokenizer / lemmatizer); not automated here")
    if mode == "train":
        cmd += TRAIN_SETTINGS[processor] + ["--max_steps", str(steps)]
    else:
        cmd += _predict_settings(processor)
    return with_pretrain(cmd, options.pretrain if pretrain == FROM_OPTIONS else pretrain)


def _predict_settings(processor: str) -> list[str]:
    # The saved model carries its own architecture; these only stop the trainers from looking
    # for word-vector files or transformers that are not there.
    return ["--no_pretrain", "--no_bert_model"] if processor in ("pos", "depparse", "ner") else []


def with_pretrain(cmd: list[str], pretrain: str | None) -> list[str]:
    """Swap `--no_pretrain` for the word-vector file (`--pretrain FILE`, see `vectors`)."""
    if not pretrain or "--no_pretrain" not in cmd:
        return cmd
    if not Path(pretrain).exists():
        raise SystemExit(f"{pretrain}: no such pretrain file (run `quotesource models vectors` first)")
    i = cmd.index("--no_pretrain")
    return cmd[:i] + ["--wordvec_pretrain_file", str(Path(pretrain).resolve())] + cmd[i + 1:]


def train(options: RecipeOptions, processor: str, steps: int | None = None, lr: float | None = None,
          init_from: str | None = None, optim: str | None = None, stage_name: str = "stage2",
          tags: str = "gold") -> Path:
    """Train `processor` ("pos", "depparse" or "ner") with Stanza's trainer for `steps` steps
    (default `DEFAULT_STEPS`), or continue the saved model `init_from` (then the model file is
    named ..._<stage_name>.pt). Writes the model and train_info[_<stage_name>].json beside it
    (steps, seconds and command of every stage); returns the model's path."""
    if steps is None:
        steps = DEFAULT_STEPS[processor]
    model = model_path(options, processor)
    if init_from:
        model = model.with_name(model.stem + f"_{stage_name}.pt")
    model.parent.mkdir(parents=True, exist_ok=True)
    cmd = trainer_command(options, processor, "train", model, steps=steps, tags=tags)
    if lr is not None:
        cmd += ["--lr", str(lr)]
    if optim:
        cmd += ["--optim", optim]
    print("$", " ".join(cmd), flush=True)
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    started = time.time()
    if init_from and processor == "ner":
        # Stanza's NER trainer continues a saved model itself (--finetune); it keeps the saved
        # model's optimizer settings, so --lr has no effect there
        if lr is not None:
            print("note: --lr is not used when continuing an NER model", flush=True)
        cmd += ["--finetune", "--finetune_load_name", str(Path(init_from).resolve())]
        subprocess.run(cmd, check=True, env=env)
    elif init_from and processor == "depparse":
        continue_parser(cmd, Path(init_from))
    elif init_from:
        continue_tagger(cmd, Path(init_from))
    else:
        subprocess.run(cmd, check=True, env=env)
    seconds = round(time.time() - started)
    previous = train_info(Path(init_from)) if init_from else {}
    info = {"processor": processor, "steps": steps + previous.get("steps", 0),
            "seconds": seconds + previous.get("seconds", 0), "command": cmd,
            "stages": previous.get("stages", [previous] if previous else []) + [
                {"steps": steps, "seconds": seconds, "lr": lr, "init_from": init_from,
                 **({"optim": optim} if optim else {})}],
            "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    info_name = "train_info.json" if not init_from else f"train_info_{stage_name}.json"
    (model.parent / info_name).write_text(json.dumps(info, indent=1))
    print(f"trained {processor} in {seconds} s -> {model}")
    return model


def train_info(model: Path) -> dict:
    """What `train` recorded about a saved model: train_info_<stage>.json for ..._<stage>.pt,
    else the directory's train_info.json; {} when there is none."""
    info_file = model.parent / f"train_info_{model.stem.rsplit('_', 1)[-1]}.json"
    if not info_file.exists():
        info_file = model.parent / "train_info.json"
    return json.loads(info_file.read_text()) if info_file.exists() else {}


def continue_tagger(cmd: list[str], init_from: Path) -> None:
    """Continue training a saved tagger (e.g. with a lower --lr once the dev score plateaus).

    Stanza's tagger has no resume option, but its own "second optimizer reload" path builds a
    Trainer from a model file with new args; this runs tagger.train() in-process with that
    Trainer and the saved model's vocab, so word indices match the loaded embeddings. (Both
    are patched only for the run: Stanza has no public way to hand them in.)
    """
    from unittest import mock

    import torch
    from stanza.models import tagger
    from stanza.models.pos.vocab import MultiVocab
    from stanza.models.pos.data import Dataset

    checkpoint = torch.load(str(init_from), lambda storage, loc: storage, weights_only=True)
    vocab = MultiVocab.load_state_dict(checkpoint["vocab"])
    original = tagger.Trainer

    def trainer_from_checkpoint(*a, **kw):
        if kw.get("model_file") is None:
            kw["model_file"] = str(init_from)
        return original(*a, **kw)

    with mock.patch.object(Dataset, "init_vocab", staticmethod(lambda docs, args, tag_columns=None: vocab)), \
            mock.patch.object(tagger, "Trainer", trainer_from_checkpoint):
        try:
            tagger.main(cmd[cmd.index("stanza.models.tagger") + 1:])
        except UnboundLocalError:
            pass   # stanza 1.15's train() ends with `return trainer, _`, unbound if dev was never scored


def continue_parser(cmd: list[str], init_from: Path) -> None:
    """Continue training a saved parser on (possibly different) data.

    Stanza's parser has `--continue_from`, but it indexes the training data with a vocabulary
    built from that data, not the saved model's; with new data (GUM, predicted tags) the word
    and tag ids would no longer match the loaded embeddings. This runs parser.main() in-process
    with the data indexed by the saved model's own vocabulary (patched only for the run).
    """
    from unittest import mock

    import torch
    from stanza.models import parser
    from stanza.models.depparse.data import Dataset
    from stanza.models.pos.vocab import MultiVocab

    checkpoint = torch.load(str(init_from), lambda storage, loc: storage, weights_only=True)
    vocab = MultiVocab.load_state_dict(checkpoint["vocab"])
    with mock.patch.object(Dataset, "init_vocab", lambda self, data: vocab):
        parser.main(cmd[cmd.index("stanza.models.parser") + 1:] + ["--continue_from", str(init_from)])


def run_trainer(cmd: list[str], verbose: bool) -> str:
    """Run a Stanza trainer quietly and return its output; if it fails, stop with the end of
    that output (the trainer's own error) rather than a bare CalledProcessError."""
    if verbose:
        subprocess.run(cmd, check=True)
        return ""
    res = subprocess.run(cmd, capture_output=True, text=True)
    text = res.stdout + res.stderr
    if res.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed:\n{text[-3000:]}")
    return text
