"""Which NLP models are in use, fetching Stanza's official ones, and (re)training our own.

Library functions (no click needed):

* `models_info(model_dir=None)` -- the model set `quotesource.nlp.resolve_models` picks, with each
  processor's source, file, size and dev score from the manifest;
* `download_official(dest_dir)` -- Stanza's official English models into `dest_dir` (needs network);
  afterwards `STANZA_RESOURCES_DIR=dest_dir` makes quotesource use them.

The click group `models` wraps them for the command line (`info`, `download`), with the steps
of the training recipe in `quotesource.training` (`prepare`, `vectors`, `train`, `retag`,
`evaluate`, `end-to-end`, `install`, `train-attribution`, `train-names`: models_recipe.py), and
`recipe_main` runs those steps given as scripts/train_models.py's arguments.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from quotesource.models_recipe import RECIPE_COMMANDS
from quotesource.nlp import PROCESSORS, resolve_models


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
# The steps of quotesource.training, one command each (models_recipe.py).

for recipe_command in RECIPE_COMMANDS:
    models.add_command(recipe_command)


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
