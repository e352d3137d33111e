"""The quotesource CLI with a stand-in parser: `python tests/fake_cli.py ingest DB PATH...`.

For tests about files, databases and processes rather than language: no model is loaded, so
several processes can run at once on a small machine. Sentences are cut at . ! ? and line
breaks and every word is a noun, so attribution runs but finds (almost) nothing.
"""
from __future__ import annotations

import re
import sys
from types import SimpleNamespace

from quotesource import nlp
from quotesource.nlp import ParsedDoc, Sentence, Word


class FakeParser:
    models = SimpleNamespace(manifest={"parser": "fake"})   # pipeline_version() hashes it
    calls = 0

    def parse(self, texts: list[str], needs_parse=None) -> list[ParsedDoc]:
        FakeParser.calls += 1
        return [fake_parse(text) for text in texts]


def fake_parse(text: str) -> ParsedDoc:
    sentences = []
    for sentence in re.finditer(r"[^\n.!?]+[.!?]*", text):
        words = [Word(i, m.group(), m.group().lower(), "NOUN", "NN", 0 if i == 1 else 1,
                      "root" if i == 1 else "dep", sentence.start() + m.start(),
                      sentence.start() + m.end())
                 for i, m in enumerate(re.finditer(r"\S+", sentence.group()), 1)]
        if words:
            sentences.append(Sentence(words[0].start, words[-1].end, words))
    return ParsedDoc(text, sentences)


def install(monkeypatch=None) -> None:
    """Every Extractor made from now on parses with FakeParser."""
    def get_parser(model_dir=None):
        return FakeParser()

    if monkeypatch is not None:
        monkeypatch.setattr(nlp, "get_parser", get_parser)
    else:
        nlp.get_parser = get_parser


if __name__ == "__main__":
    install()
    from quotesource.cli import cli

    args = sys.argv[1:]
    if args[:1] in (["ingest"], ["extract"]) and "-j" not in args and "--jobs" not in args:
        args += ["-j", "1"]     # worker processes would load the real models, not this stand-in
    cli.main(args, prog_name="quotesource")
