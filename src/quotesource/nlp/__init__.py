"""The NLP stage: the only module that imports stanza.

It turns article text into plain `ParsedDoc` objects (sentences of `Word`s with character
offsets into the *original* text, plus named entities), so every later stage can be tested
without a model and never sees a stanza object.

Models are resolved without any network access (`download_method=None`):
1. a directory the user names (`--model-dir` or `QUOTESOURCE_MODELS`);
2. Stanza's official English models, if `STANZA_RESOURCES_DIR` holds them;
3. the compact models shipped in `quotesource/models/en/`.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .paragraphs import Paragraphed, paragraphed
from .speed import (faster_pair_scores, labels_at_chosen_heads, lemma_words_read_once, networks,
                    no_optimizers, quantize, use_faster_decoder)

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
# Everything but the dependency parse: every sentence gets these (see Parser.parse).
TAGGING = tuple(p for p in PROCESSORS if p != "depparse")
SHIPPED_MODELS = Path(__file__).parents[1] / "models" / "en"
# The shipped processors whose LSTM and Linear layers run in int8 (quantize), measured faster
# and as accurate (docs/scale.md). The tokenizer and parser in int8 cost cue accuracy, the
# lemmatizer and MWT expander ran slower; other model sets, not measured, stay in float.
QUANTIZED = ("pos", "ner")

# Same-length replacements: the EWT-trained tokenizer was made for straight marks. Measured
# since (docs/models.md): on PolNeAR it makes no difference either way, and it costs nothing;
# one character for one keeps every offset valid.
_STRAIGHTEN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                             "\u201e": '"', "\u2032": "'", "\u00a0": " "})

# Stanza insists on a resources.json beside the models even when every path is given.
_MINIMAL_RESOURCES = {"en": {"lang_name": "English", "packages": {}, "default_processors": {},
                             **{p: {} for p in PROCESSORS}}}


class ModelsNotFound(Exception):
    pass


@dataclass
class Word:
    id: int              # 1-based index within the sentence
    text: str
    lemma: str
    upos: str
    xpos: str
    head: int            # 0 = root
    deprel: str
    start: int           # offsets into the original article text
    end: int
    feats: str = ""


@dataclass
class Sentence:
    start: int
    end: int
    words: list[Word]
    # False where the dependency parse was skipped: every head is 0 and every deprel "dep"
    parsed: bool = True

    def word(self, word_id: int) -> Word:
        return self.words[word_id - 1]


@dataclass
class Entity:
    start: int
    end: int
    type: str
    text: str


@dataclass
class ParsedDoc:
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


@dataclass
class ModelSet:
    """Where each processor's model file comes from."""
    source: str                       # "user", "stanza", "shipped"
    directory: Path
    paths: dict[str, Path]
    manifest: dict
    # Word vectors that some models were trained with (manifest "vectors"); Stanza needs the
    # same file at load time for every processor whose manifest entry says "pretrain": true.
    pretrain: Path | None = None

    def pretrain_paths(self) -> dict[str, str | None]:
        return {f"{p}_pretrain_path": str(self.pretrain) if self.pretrain and
                self.manifest.get("processors", {}).get(p, {}).get("pretrain") else None
                for p in ("pos", "depparse", "ner")}


def resolve_models(model_dir: str | os.PathLike | None = None) -> ModelSet:
    """Pick the model set by the documented resolution order; never touches the network."""
    model_dir = model_dir or os.environ.get("QUOTESOURCE_MODELS")
    if model_dir:
        found = _model_set_in(Path(model_dir), "user")
        if not found:
            raise ModelsNotFound(f"{model_dir}: no quotesource model set there "
                                 f"(need manifest.json naming {', '.join(PROCESSORS)})")
        return found
    stanza_dir = os.environ.get("STANZA_RESOURCES_DIR")
    if stanza_dir:
        found = _official_models_in(Path(stanza_dir))
        if found:
            return found
    found = _model_set_in(SHIPPED_MODELS, "shipped")
    if not found:
        raise ModelsNotFound(f"{SHIPPED_MODELS}: shipped models are missing")
    return found


def _model_set_in(directory: Path, source: str) -> ModelSet | None:
    manifest_path = directory / "manifest.json"
    if not manifest_path.exists():
        return None
    manifest = json.loads(manifest_path.read_text())
    paths = {p: directory / manifest["processors"][p]["file"] for p in PROCESSORS
             if p in manifest.get("processors", {})}
    if set(paths) != set(PROCESSORS) or not all(p.exists() for p in paths.values()):
        return None
    vectors = manifest.get("vectors", {}).get("file")
    pretrain = directory / vectors if vectors else None
    if pretrain is not None and not pretrain.exists():
        return None
    return ModelSet(source, directory, paths, manifest, pretrain)


def _official_models_in(resources_dir: Path) -> ModelSet | None:
    """Stanza's official layout: en/<processor>/<package>.pt, default packages in resources.json."""
    try:
        resources = json.loads((resources_dir / "resources.json").read_text())
        defaults = resources["en"]["default_processors"]
    except (OSError, ValueError, KeyError):
        return None
    paths = {}
    for processor in PROCESSORS:
        package = defaults.get(processor)
        if not package:
            return None
        path = resources_dir / "en" / processor / f"{package}.pt"
        if not path.exists():
            return None
        paths[processor] = path
    manifest = {"processors": {p: {"file": str(paths[p]), "recipe": "stanza official"}
                               for p in PROCESSORS}}
    return ModelSet("stanza", resources_dir, paths, manifest)


def resources_dir_for(models: ModelSet) -> Path:
    """The `dir` to hand `stanza.Pipeline` for a model set: a directory with a resources.json."""
    if (models.directory / "resources.json").exists():
        return models.directory
    # Shipped or user sets may live read-only: keep the minimal file in a cache directory.
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "quotesource"
    cache.mkdir(parents=True, exist_ok=True)
    target, content = cache / "resources.json", json.dumps(_MINIMAL_RESOURCES)
    if not target.exists() or target.read_text() != content:
        # Parsers start at once in worker processes: write aside and rename, so none reads a
        # half-written file (a JSONDecodeError in stanza, seen with -j 2).
        partial = cache / f"resources.json.{os.getpid()}"
        partial.write_text(content)
        os.replace(partial, target)
    return cache


def _possessive_its_is_one_word(sentences):
    """Stanza's tokenizer postprocessor: "its" is never split into "it" + "s".

    EWT's web text writes "its" for "it's", so the MWT model sometimes splits the possessive; in
    news "its" is the possessive, and the split made "Scott Goodstein, its chief executive officer,
    said" a copular clause with the wrong speaker. ("it's", with its apostrophe, stays split.)"""
    return [[token[0] if isinstance(token, tuple) and token[0].lower() == "its" else token
             for token in sentence] for sentence in sentences]


@contextmanager
def trusted_loads(models: ModelSet):
    """While the pipeline loads the shipped models, torch reads them with its full unpickler.

    Stanza asks for weights_only=True, whose pure-Python unpickler spent about 3 s of CPU per
    process on the vocabularies of ner.pt and pretrain.pt (0.2 s with the full one), a third of
    the model load, paid again by every worker. The shipped files come with this package's code
    and are trusted as it is; models from a user's or Stanza's directory keep the weights-only
    load."""
    import torch

    if models.source != "shipped":
        yield
        return
    load, shipped = torch.load, SHIPPED_MODELS.resolve()

    def full_load(f, *args, **kwargs):
        if isinstance(f, (str, os.PathLike)) and Path(f).resolve().parent == shipped:
            kwargs["weights_only"] = False
        return load(f, *args, **kwargs)

    torch.load = full_load
    try:
        yield
    finally:
        torch.load = load


class Parser:
    """One stanza Pipeline per process; parse many documents per call."""

    def __init__(self, model_dir: str | os.PathLike | None = None, batch_size: int = 16):
        import logging

        import stanza  # the one place stanza is imported
        import torch

        # One thread by default: with a second busy process on a 2-core machine, torch's
        # spinning OpenMP threads slowed a seed article from 4 s to over a minute.
        torch.set_num_threads(int(os.environ.get("QUOTESOURCE_THREADS", "1")))

        logging.getLogger("stanza").setLevel(logging.ERROR)
        self.models = resolve_models(model_dir)
        self.batch_size = batch_size
        started = time.perf_counter()
        use_faster_decoder()
        lemma_words_read_once()
        with trusted_loads(self.models), no_optimizers():
            self.pipeline = self._pipeline(stanza)
        faster_pair_scores(self.pipeline.processors["depparse"].trainer.model)
        labels_at_chosen_heads(self.pipeline.processors["depparse"].trainer.model)
        quantize(self.pipeline, QUANTIZED if self.models.source == "shipped" else ())
        self.load_seconds = time.perf_counter() - started
        self._stanza = stanza

    def _pipeline(self, stanza):
        return stanza.Pipeline(
            lang="en",
            dir=str(resources_dir_for(self.models)),
            processors=",".join(PROCESSORS),
            download_method=None,
            use_gpu=False,
            logging_level="ERROR",
            **self.models.pretrain_paths(),
            **{f"{p}_model_path": str(path) for p, path in self.models.paths.items()},
            tokenize_postprocessor=_possessive_its_is_one_word,
            # A word the lemmatizer's dictionaries lack goes through its seq2seq model once per
            # process: the lemma is kept with its (word, tag) and looked up after that. The
            # seq2seq sees only the word and its tag, so the lemma is the one it would give again.
            lemma_store_results=True,
        )

    def parse(self, texts: list[str], needs_parse=None) -> list[ParsedDoc]:
        """Parse texts in batches; offsets in the result index the texts as given.

        With `needs_parse(text, sentence)`, every sentence is tokenized, tagged, lemmatized and
        searched for entities, but only the sentences it accepts get a dependency parse (the
        slowest processor); the others come back with `parsed=False`."""
        docs = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i:i + self.batch_size]
            lines = [paragraphed(t) for t in batch]
            inputs = [self._stanza.Document([], text=p.text.translate(_STRAIGHTEN)) for p in lines]
            if needs_parse is None:
                docs.extend(_to_parsed(text, done, p)
                            for text, done, p in zip(batch, self.pipeline(inputs), lines))
                continue
            tagged = self.pipeline(inputs, processors=",".join(TAGGING))
            parsed = [_to_parsed(text, done, p, parsed=False)
                      for text, done, p in zip(batch, tagged, lines)]
            self._parse_where(needs_parse, batch, tagged, parsed)
            docs.extend(parsed)
        return docs

    def _parse_where(self, needs_parse, texts, tagged, parsed) -> None:
        """Run the dependency parser on the chosen sentences of a batch, as one document."""
        chosen = [(ours, theirs) for text, doc, done in zip(texts, parsed, tagged)
                  for ours, theirs in zip(doc.sentences, [s for s in done.sentences if s.words])
                  if needs_parse(text, ours)]
        if not chosen:
            return
        subset = self._stanza.Document([theirs.to_dict() for _, theirs in chosen])
        self.pipeline.processors["depparse"].process(subset)
        for (ours, _), theirs in zip(chosen, subset.sentences):
            for word, done in zip(ours.words, theirs.words):
                word.head, word.deprel = done.head or 0, done.deprel or "dep"
            ours.parsed = True


_PARSERS: dict[str, Parser] = {}


def get_parser(model_dir: str | os.PathLike | None = None) -> Parser:
    """The process's Parser for a model set: stanza's Pipeline is built once per process."""
    key = str(resolve_models(model_dir).directory)
    if key not in _PARSERS:
        _PARSERS[key] = Parser(model_dir)
    return _PARSERS[key]


def _to_parsed(text: str, doc, lines: Paragraphed, parsed: bool = True) -> ParsedDoc:
    """Our records of a Stanza document of `lines.text`, with offsets into `text`."""
    at = lines.original
    sentences = []
    for sent in doc.sentences:
        words = []
        for token in sent.tokens:
            for word in token.words:
                # Words inside a multi-word token have no offsets of their own: use the token's.
                start = at(word.start_char if word.start_char is not None else token.start_char)
                end = at(word.end_char if word.end_char is not None else token.end_char)
                words.append(Word(word.id, text[start:end], word.lemma or word.text.lower(),
                                  word.upos or "X", word.xpos or "", word.head or 0,
                                  word.deprel or "dep", start, end, word.feats or ""))
        if words:
            sentences.append(Sentence(words[0].start, words[-1].end, words, parsed))
    entities = [Entity(at(e.start_char), at(e.end_char), e.type,
                       text[at(e.start_char):at(e.end_char)]) for e in doc.ents]
    return ParsedDoc(text, sentences, entities)
