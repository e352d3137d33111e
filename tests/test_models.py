"""The shipped Stanza models: offline loading, the manifest, and `quotesource.models_admin`."""
from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from quotesource import nlp
from quotesource.models_admin import download_official, models, models_info

SENTENCE = "Sabrina Singh, the Pentagon’s deputy press secretary, said the talks in Geneva had ended."


def _no_network(*args, **kwargs):
    raise OSError("network access attempted in an offline test")


def _block_network(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(socket.socket, "connect", _no_network)
    mp.setattr(socket.socket, "connect_ex", _no_network)
    mp.setattr(socket, "create_connection", _no_network)


@pytest.fixture(scope="module")
def offline_parse(tmp_path_factory):
    """Build the Parser (once) and parse one sentence with sockets blocked and no Stanza dirs."""
    with pytest.MonkeyPatch.context() as mp:
        _block_network(mp)
        mp.delenv("STANZA_RESOURCES_DIR", raising=False)
        mp.delenv("QUOTESOURCE_MODELS", raising=False)
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        parser = nlp.Parser()
        doc = parser.parse([SENTENCE])[0]
    return parser, doc


def test_pipeline_builds_and_parses_offline(offline_parse):
    parser, doc = offline_parse
    assert parser.models.source == "shipped"
    assert len(doc.sentences) == 1
    words = doc.sentences[0].words
    assert [w.text for w in words][:2] == ["Sabrina", "Singh"]
    # offsets index the original text, curly apostrophe included
    for w in words:
        assert SENTENCE[w.start:w.end] == w.text
    assert "’s" in [w.text for w in words]
    roots = [w for w in words if w.head == 0]
    assert len(roots) == 1
    assert all(0 <= w.head <= len(words) for w in words)
    assert {w.upos for w in words} >= {"PROPN", "NOUN", "VERB"}


def test_possessive_its_stays_one_word(offline_parse):
    parser, _ = offline_parse
    text = ("Scott Goodstein, its chief executive officer, said candidates are becoming more aware "
            "of how much money there is to be raised. It\u2019s late, he said.")
    doc = parser.parse([text])[0]
    words = [w for s in doc.sentences for w in s.words]
    its = [w for w in words if w.text.lower() == "its"]
    assert len(its) == 1 and its[0].upos == "PRON"
    assert "s" not in [w.text for w in words]
    assert [w.text for w in words if w.text in ("It", "\u2019s")] == ["It", "\u2019s"]
    for w in words:
        assert text[w.start:w.end] == w.text


def test_pipeline_finds_named_entities_offline(offline_parse):
    _, doc = offline_parse
    types = {e.text: e.type for e in doc.entities}
    assert types.get("Sabrina Singh") == "PER"
    assert all(e.type in {"PER", "ORG", "LOC"} for e in doc.entities)


def test_pipeline_loads_quickly(offline_parse):
    parser, _ = offline_parse
    assert parser.load_seconds < 15      # target is <= 5 s on an idle 2-core machine


def test_models_info_lists_every_processor(monkeypatch):
    monkeypatch.delenv("STANZA_RESOURCES_DIR", raising=False)
    monkeypatch.delenv("QUOTESOURCE_MODELS", raising=False)
    info = models_info()
    assert info["source"] == "shipped"
    assert set(info["processors"]) == set(nlp.PROCESSORS)
    for name, entry in info["processors"].items():
        assert entry["source"] == "shipped"
        assert entry["size_bytes"] > 0
        assert entry["dev"], f"{name} has no dev score in the manifest"
        assert all(isinstance(v, (int, float)) for v in entry["dev"].values() if not isinstance(v, dict))
    assert info["total_bytes"] <= 120_000_000       # models and word vectors together
    vectors = info["vectors"]
    assert vectors and vectors["size_bytes"] > 0 and "ner" in vectors["used_by"]
    assert "PDDL" in vectors["licence"]


def test_manifest_is_consistent():
    manifest = json.loads((nlp.SHIPPED_MODELS / "manifest.json").read_text())
    assert manifest["stanza_version"]
    assert "licence" in manifest
    for name in nlp.PROCESSORS:
        entry = manifest["processors"][name]
        assert (nlp.SHIPPED_MODELS / entry["file"]).exists()
        assert entry.get("recipe")
        assert entry.get("trained_on")
    if any(e.get("pretrain") for e in manifest["processors"].values()):
        assert (nlp.SHIPPED_MODELS / manifest["vectors"]["file"]).exists()
        assert (nlp.SHIPPED_MODELS / "THIRD-PARTY-VECTORS.txt").exists()
    text = json.dumps(manifest)
    # CC BY-NC-SA GUM documents must never be in a shipped model
    assert "GUM_whow_" not in text.replace("GUM_whow_*", "")
    assert "GUM_fiction_" not in text.replace("GUM_fiction_*", "")


def test_user_dir_without_manifest_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTESOURCE_MODELS", str(tmp_path))
    with pytest.raises(nlp.ModelsNotFound, match="manifest.json"):
        models_info()
    result = CliRunner().invoke(models, ["info"])
    assert result.exit_code != 0
    assert "manifest.json" in result.output and str(tmp_path) in result.output


def test_info_command_json(monkeypatch):
    monkeypatch.delenv("STANZA_RESOURCES_DIR", raising=False)
    monkeypatch.delenv("QUOTESOURCE_MODELS", raising=False)
    result = CliRunner().invoke(models, ["info", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["processors"]) == set(nlp.PROCESSORS)


def test_info_command_with_model_dir(monkeypatch):
    monkeypatch.delenv("QUOTESOURCE_MODELS", raising=False)
    result = CliRunner().invoke(models, ["info", "--model-dir", str(nlp.SHIPPED_MODELS)])
    assert result.exit_code == 0, result.output
    assert "model set: user" in result.output
    for name in nlp.PROCESSORS:
        assert name in result.output


def test_download_without_network_is_a_clear_error(tmp_path, monkeypatch):
    _block_network(monkeypatch)
    with pytest.raises(RuntimeError, match="(?i)no network.*STANZA_RESOURCES_DIR"):
        download_official(tmp_path / "stanza")


def test_commands_have_examples():
    for name, command in models.commands.items():
        assert "Example:" in (command.help or ""), name
