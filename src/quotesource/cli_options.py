"""Options several commands share (`extract`, `ingest`, `evaluate`): one definition each."""
from __future__ import annotations

import click

from .ingest import MAX_CHARS
from .pipeline import default_jobs


def max_chars_option(fn):
    return click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS,
                        show_default=True,
                        help="Longest article read, in characters; a longer one is an error")(fn)


def model_dir_option(fn):
    return click.option("--model-dir", type=click.Path(exists=True, file_okay=False),
                        envvar="QUOTESOURCE_MODELS",
                        help="Directory of Stanza models with a manifest.json "
                             "(default: $QUOTESOURCE_MODELS, $STANZA_RESOURCES_DIR, shipped)")(fn)


def full_parse_option(fn):
    return click.option("--full-parse", is_flag=True,
                        help="Dependency-parse every sentence, not only those with a reporting "
                             "verb or a non-response (slower; docs/scale.md says what changes)"
                        )(fn)


def jobs_option(fn):
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=default_jobs(),
                        show_default="the cores available",
                        help="Parser processes; results and order are the same for any number"
                        )(fn)


def quiet_option(fn):
    return click.option("-q", "--quiet", is_flag=True,
                        help="No progress bar (there is none when stderr is not a terminal)")(fn)


def csv_column_option(fn):
    def parse(ctx, param, values):
        pairs = [v.partition("=") for v in values]
        bad = [v for v, (_, eq, name) in zip(values, pairs) if not eq or not name]
        if bad:
            raise click.BadParameter(f"expected FIELD=COLUMN, got {bad[0]!r}")
        return {field.strip(): name for field, _, name in pairs}

    return click.option("--csv-column", "columns", multiple=True, callback=parse,
                        metavar="FIELD=COLUMN",
                        help="A .csv column for text, title, url, outlet, published, author or "
                             "id (repeatable; the others are guessed from the headers)")(fn)
