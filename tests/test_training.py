"""`quotesource models` runs the training recipe from the package (quotesource.training), with no
source checkout: each step's command, the options it hands the trainers, the recipe text it
writes into the manifest, and the word-vector file format. No real training runs here."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import quotesource
from quotesource.cli import cli
from quotesource.models_admin import recipe_arguments
from quotesource.training import trainers
from quotesource.training.manifest import recipe_text
from quotesource.training.paths import RecipeOptions
from quotesource.training.vectors import write_pretrain

STEPS = ["prepare", "vectors", "train", "retag", "evaluate", "end-to-end", "install"]


@pytest.mark.parametrize("step", STEPS)
def test_every_training_step_is_a_models_command(step):
    assert not any(Path(p).name == "scripts" for p in sys.path)
    result = CliRunner().invoke(cli, ["models", step, "--help"])
    assert result.exit_code == 0, result.output
    assert f"models {step} [OPTIONS]" in result.output
    for option in ("--work-dir", "--data-dir", "--pretrain", "--ner-data", "--verbose"):
        assert option in result.output


def test_models_train_help_runs_outside_a_checkout(tmp_path):
    # from a directory with no scripts/ and no ../shared, only the package on the path
    package_root = Path(quotesource.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    result = subprocess.run([sys.executable, "-c", "from quotesource.cli import cli; cli()",
                             "models", "train", "--help"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "--init-from" in result.stdout and "--stage-name" in result.stdout


def test_train_hands_the_trainer_the_command_line_options(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(trainers.subprocess, "run", lambda cmd, **kw: ran.append(cmd))
    vectors = tmp_path / "vectors.pt"
    vectors.write_bytes(b"")
    result = CliRunner().invoke(cli, ["models", "train", "ner", "--steps", "7", "--lr", "0.001",
                                      "--work-dir", str(tmp_path), "--ner-data", "uner",
                                      "--pretrain", str(vectors)])
    assert result.exit_code == 0, result.output
    [cmd] = ran
    assert cmd[1:3] == ["-m", "stanza.models.ner_tagger"]
    assert cmd[cmd.index("--train_file") + 1] == str(tmp_path / "data" / "en_uner.train.json")
    assert cmd[cmd.index("--max_steps") + 1] == "7" and cmd[-2:] == ["--lr", "0.001"]
    assert cmd[cmd.index("--wordvec_pretrain_file") + 1] == str(vectors.resolve())
    assert "--no_pretrain" not in cmd
    info = json.loads((tmp_path / "ner" / "train_info.json").read_text())
    assert info["steps"] == 7 and info["command"] == cmd
    assert info["stages"] == [{"steps": 7, "seconds": 0, "lr": 0.001, "init_from": None}]


def test_a_continued_parser_reads_the_retagged_files(tmp_path):
    options = RecipeOptions(work_dir=tmp_path)
    cmd = trainers.trainer_command(options, "depparse", "train", tmp_path / "p.pt", steps=900,
                                   tags="predicted")
    assert cmd[cmd.index("--train_file") + 1].endswith("en_combined.train.pred.conllu")
    assert cmd[cmd.index("--eval_file") + 1].endswith("en_ewt.dev.pred.conllu")
    assert "--no_pretrain" in cmd


def test_old_script_arguments_become_models_arguments():
    assert recipe_arguments(["--pretrain", "v.pt", "--verbose", "train", "pos", "--steps", "5"]) \
        == ["train", "--pretrain", "v.pt", "--verbose", "pos", "--steps", "5"]
    assert recipe_arguments(["--work-dir=w", "prepare"]) == ["prepare", "--work-dir=w"]
    assert recipe_arguments(["evaluate", "ner"]) == ["evaluate", "ner"]


def test_the_manifest_recipe_names_each_stage(tmp_path):
    shared = tmp_path / "shared"
    head_start = shared / "nlp" / "models" / "en_ewt_parser.pt"
    info = {"steps": 2100, "command": ["--train_file", "en_combined.train.pred.conllu"],
            "stages": [{"steps": 1200, "lr": None, "init_from": str(head_start)},
                       {"steps": 900, "lr": 0.0002, "optim": "adam", "init_from": "work/p_ft1.pt"}]}
    assert recipe_text("depparse", info, None, shared) == (
        "quotesource models train depparse --tags predicted --steps 1200"
        " --init-from ../shared/nlp/models/en_ewt_parser.pt then "
        "quotesource models train depparse --tags predicted --steps 900 --optim adam --lr 0.0002"
        " --init-from <previous stage's model>")
    assert recipe_text("ner", {"steps": 3000, "command": [], "stages": [{"steps": 3000}]}, "v.pt",
                       shared) == "quotesource models train ner --steps 3000 --pretrain v.pt"


def test_word_vectors_are_written_in_stanzas_format(tmp_path):
    from stanza.models.common.pretrain import Pretrain
    from stanza.models.common.vocab import VOCAB_PREFIX

    vectors = np.arange(12, dtype=np.float32).reshape(4, 3) / 7
    target = tmp_path / "glove.pt"
    assert write_pretrain(["the", "said", "of"], vectors[:3], target) == 3 + len(VOCAB_PREFIX)
    loaded = Pretrain(str(target))
    assert loaded.vocab.unit2id("said") == len(VOCAB_PREFIX) + 1
    assert np.array_equal(loaded.emb[loaded.vocab.unit2id("said")].numpy(), vectors[1])
    assert loaded.vocab.unit2id("unseen") == loaded.vocab.unit2id("<UNK>")
    assert not loaded.emb[:len(VOCAB_PREFIX)].any()


def gum_word(i, word, upos, entity=None, space=True):
    misc = "|".join(([f"Entity={entity}"] if entity else []) + ([] if space else ["SpaceAfter=No"]))
    return "\t".join([str(i), word, word, upos, "_", "_", "0", "dep", "_", misc or "_"])


GUM_DOC = [
    "# newdoc id = GUM_bio_example\n" + "\n".join([
        gum_word(1, "Croft", "PROPN", "(1-person-new-nnnnn-cf1-1-coref-William_Croft_%28linguist%29)"),
        gum_word(2, "met", "VERB"),
        gum_word(3, "Ann", "PROPN", "(2-person-new-nnnnn-cf2-1,2-coref-Ann_Lee"),
        gum_word(4, "Lee", "PROPN", "2)", space=False),
        gum_word(5, ".", "PUNCT")]),
    "\n".join([gum_word(1, "He", "PRON", "(1-person-giv:act-sssss-cf1*-1-coref)"),
               gum_word(2, "left", "VERB", space=False), gum_word(3, ".", "PUNCT")]),
]


def test_one_gum_reader_gives_names_for_training_and_chains_for_coreference():
    from quotesource.training.gum import entity_mentions, gum_document, gum_entities, word_rows

    rows = word_rows(GUM_DOC[0])
    # a Wikipedia link ending in "%29)" closes its own one-word mention, not an entity 29
    assert entity_mentions(rows) == [(0, 0, 1, "person", "1"), (2, 3, 2, "person", "1,2")]
    assert gum_entities(GUM_DOC[0]) == (["Croft", "met", "Ann", "Lee", "."],
                                        ["B-PER", "O", "B-PER", "I-PER", "O"])
    doc = gum_document("GUM_bio_example", GUM_DOC)
    assert doc.text == "Croft met Ann Lee. \nHe left. \n"
    assert [(doc.text[s:e], eid) for s, e, eid, _ in doc.mentions] == [
        ("Croft", 1), ("Ann Lee", 2), ("He", 1)]
    assert [[w.text for w in s.words] for s in doc.sentences] == [
        ["Croft", "met", "Ann", "Lee", "."], ["He", "left", "."]]
