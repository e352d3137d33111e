"""Thin click commands over the library: each opens what it needs and calls one function."""
from __future__ import annotations

import csv
import json
import sys

import click
import sqlite_utils

from .store.database import NotADatabase, StoreError, open_database
from .cli_options import (csv_column_option, full_parse_option, jobs_option,
                          max_chars_option, model_dir_option, quiet_option)
from .ingest import IngestError
from .models_admin import models
from .pipeline import Extractor, package_version

CSV_COLUMNS = ("article", "kind", "content", "content_start", "content_end", "content_pieces",
               "cue", "cue_start",
               "cue_end", "speaker", "speaker_start", "speaker_end", "speaker_name",
               "source_type", "source_count", "affiliation", "role", "confidence",
               "source_confidence")


# -h as well as --help, on every command (subcommands inherit the group's context settings)
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_version(), prog_name="quotesource")
def cli():
    """quotesource: who is quoted in the news, how, and on whose authority."""


cli.add_command(models)


def _finish(tracker) -> None:
    """Close the progress bar; exit 1 if any input could not be read (each was printed)."""
    tracker.close()
    if tracker.errors:
        raise SystemExit(1)


def _open(db_path, write: bool = False) -> sqlite_utils.Database:
    """The database, checked before any work: refused in one line if it is not quotesource's."""
    try:
        return open_database(db_path, write=write)
    except NotADatabase as err:
        raise click.ClickException(str(err)) from None


@cli.command()
# readable=False: an unreadable input is the reader's one-line error, and the run goes on
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True,
              help="One JSON object per attribution, or CSV rows with a header")
@click.option("--beliefs", is_flag=True,
              help="Also extract beliefs and stances ('X thinks ...', 'X endorsed Y')")
@jobs_option
@quiet_option
@max_chars_option
@csv_column_option
@full_parse_option
@model_dir_option
def extract(paths, fmt, beliefs, jobs, quiet, max_chars, columns, full_parse, model_dir):
    """Extract attributions from articles and write them to stdout.

    PATHS are .txt, .html, .json, .jsonl, .csv or .warc(.gz) files, or directories of them.

    Example:

    \b
        quotesource extract seeds/*.txt --format jsonl -j 2
    """
    from .progress import progress

    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(CSV_COLUMNS)
    # rows printed on the terminal are progress enough, and a bar would tear them
    tracker = progress("extract", paths=paths, quiet=quiet or sys.stdout.isatty())
    extractor = Extractor(model_dir, include_beliefs=beliefs, full_parse=full_parse)
    for item in tracker.track(extractor.run(paths, jobs=jobs, max_chars=max_chars,
                                                  columns=columns)):
        if isinstance(item, IngestError):
            continue
        for attribution in item.attributions:
            row = attribution.as_dict(item.article.id)
            if writer:
                writer.writerow(_flat(row))
            else:
                click.echo(json.dumps(row, ensure_ascii=False))
    _finish(tracker)


def _flat(row: dict) -> list:
    flat = dict(row)
    for key in ("content", "cue", "speaker"):
        span = row[key] or {}
        flat[key], flat[f"{key}_start"], flat[f"{key}_end"] = (
            span.get("text"), span.get("start"), span.get("end"))
    pieces = row.get("content_pieces")
    flat["content_pieces"] = json.dumps([[p["start"], p["end"]] for p in pieces]) if pieces else None
    return [flat.get(c) for c in CSV_COLUMNS]


@cli.command()
@click.argument("db_path", type=click.Path(dir_okay=False, readable=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@jobs_option
@click.option("--scheduler", metavar="ADDRESS",
              help="Parse on a Dask cluster: tcp://HOST:8786, or 'local' for a LocalCluster "
                   "of --jobs workers here (needs quotesource[cluster])")
@quiet_option
@max_chars_option
@csv_column_option
@full_parse_option
@model_dir_option
def ingest(db_path, paths, jobs, scheduler, quiet, max_chars, columns, full_parse, model_dir):
    """Extract attributions from articles and store them in a SQLite database.

    Re-running on the same files changes nothing and parses nothing: an article whose text
    is stored with this pipeline version is skipped before parsing. Each article is saved in
    its own transaction, so an interrupted run leaves a consistent database; several ingests
    may write to one database at once.

    Example:

    \b
        quotesource ingest db/quotes.db seeds/

    \b
        quotesource ingest db/quotes.db corpus/ --scheduler tcp://10.0.0.5:8786
    """
    from .cluster import ClusterError, dask_client
    from .progress import progress
    from .runner import ingest_corpus

    tracker = progress("ingest", paths=paths, quiet=quiet)
    try:
        with _open(db_path, write=True) as db, dask_client(scheduler, jobs) as client:
            report = ingest_corpus(db, paths, Extractor(model_dir, full_parse=full_parse), jobs=jobs,
                                   max_chars=max_chars, columns=columns, on_item=tracker.done,
                                   client=client)
    except (ClusterError, StoreError) as exc:
        tracker.close()
        raise click.ClickException(str(exc))
    tracker.close()
    click.echo(f"{db_path}: {report}", err=True)
    _finish(tracker)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("-p", "--port", default=8001, show_default=True, help="Port to listen on")
# --host only: -h is help, as on every command
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface)")
@click.option("-m", "--metadata", type=click.Path(exists=True, dir_okay=False),
              help="Datasette metadata (default: the project's metadata.yml)")
@click.option("--setting", "settings", nargs=2, multiple=True, metavar="NAME VALUE",
              help="A Datasette setting, e.g. --setting sql_time_limit_ms 3000 "
                   "(default here: suggest_facets off)")
def serve(db_path, port, host, metadata, settings):
    """Explore a database in Datasette, with facets, canned queries and article pages.

    Example:

    \b
        quotesource serve db/quotes.db --port 8001 --setting suggest_facets on
    """
    from .publish.serve import serve as serve_datasette

    _open(db_path).close()
    serve_datasette(db_path, port=port, host=host, metadata_path=metadata,
                    settings=dict(settings))


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("-t", "--table", default="attributions", show_default=True,
              help="Table or view to export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="CSV file to write; - is stdout")
@click.option("--raw-formulas", is_flag=True,
              help="Write cells starting with = + - @ as stored (default: a leading ' so a "
                   "spreadsheet shows them as text rather than running them)")
def export(db_path, table, output, raw_formulas):
    """Export a table or view to CSV, offline: to stdout unless -o names a file.

    Example:

    \b
        quotesource export db/quotes.db --table article_stats -o article_stats.csv

    \b
        quotesource export db/quotes.db --table outlet_stats > outlet_stats.csv
    """
    from .store.export import export_csv

    with _open(db_path) as db:
        if table not in db.table_names() + db.view_names():
            raise click.ClickException(f"{db_path}: no table or view named {table!r}")
        rows = export_csv(db, table, sys.stdout if output == "-" else output, raw=raw_formulas)
    click.echo(f"{'stdout' if output == '-' else output}: {rows} row(s) from {table}", err=True)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as a JSON object")
def stats(db_path, as_json):
    """Print the corpus summary: attributions, sources, anonymity, non-responses.

    Example:

    \b
        quotesource stats db/quotes.db
    """
    from .store.articles import corpus_summary

    with _open(db_path) as db:
        summary = corpus_summary(db)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        click.echo(f"{key.ljust(width)}  {value}")


@cli.command()
@click.argument("gold", type=click.Path(exists=True))
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--predictions", type=click.Path(exists=True),
              help="Score a JSONL file of predictions instead of extracting from PATHS")
@click.option("--limit", type=int, help="Only the first N PolNeAR articles")
@click.option("--stride", type=int, default=1, show_default=True,
              help="Only every K-th PolNeAR article (a sample across outlets)")
@click.option("--offset", type=int, default=0, show_default=True,
              help="With --stride: start the sample at this article (another sample)")
@click.option("--errors", "show_errors", is_flag=True, help="List misses and false positives")
@click.option("--save", type=click.Path(dir_okay=False), help="Write predictions to this JSONL")
@click.option("--db", type=click.Path(dir_okay=False),
              help="Web pages: ingest them into this database (default: a temporary one), or "
                   "with --predictions read their stored bodies from it")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON")
@jobs_option
@quiet_option
@click.option("--beliefs", is_flag=True,
              help="Also extract beliefs and stances ('X thinks ...', 'X endorsed Y')")
@click.option("--types", "types_file", type=click.Path(exists=True, dir_okay=False),
              help="Source-type labels (JSONL) for PolNeAR: score only the labelled articles "
                   "and report source-type accuracy and the anonymous share")
@full_parse_option
@model_dir_option
def evaluate(gold, paths, predictions, limit, stride, offset, show_errors, save, db, as_json,
             jobs, quiet, beliefs, types_file, full_parse, model_dir):
    """Score extraction against gold: seeds JSONL, a PolNeAR directory (brat standoff) or a
    directory of web pages (<stem>.html, .body.txt, .gold.jsonl).

    PATHS are the articles to extract from (default for PolNeAR: GOLD/text; for web pages:
    GOLD/*.html, whose stored bodies, titles, outlets and dates are scored too).

    Example:

    \b
        quotesource evaluate ../shared/gold/seeds.jsonl seeds/

    \b
        quotesource evaluate ../shared/polnear/train --stride 8 --offset 4 --errors

    \b
        quotesource evaluate ../shared/polnear/train \\
            --types ../shared/gold/polnear_train_source_types.jsonl

    \b
        quotesource evaluate ../shared/gold/web/tune --save tune.jsonl --errors
    """
    from .evaluation.run import EvaluationError, evaluate_gold

    try:
        report = evaluate_gold(gold, paths, predictions,
                               Extractor(model_dir, beliefs, full_parse=full_parse),
                               limit=limit, stride=stride, offset=offset, types_file=types_file,
                               jobs=jobs, quiet=quiet, save=save, as_json=as_json,
                               show_errors=show_errors, db=db)
    except EvaluationError as exc:
        raise click.ClickException(str(exc))
    click.echo(report)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("-n", "size", type=click.IntRange(min=1), required=True,
              help="Items to draw: attributions and sentences where nothing was found")
@click.option("--by", type=click.Choice(["outlet"]),
              help="Stratify by outlet (each outlet gets its share of the sample)")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed on the same database gives the same sample")
@click.option("--empty-share", type=click.FloatRange(0, 1), default=0.2, show_default=True,
              help="Share of the sample that is body sentences where nothing was found "
                   "(for recall)")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The CSV to write (for a spreadsheet)")
@click.option("--store", is_flag=True,
              help="Also keep the sample in the database's validation_sample table, for the "
                   "coding page (/DB/-/code of `quotesource serve`)")
def sample(db_path, size, by, seed, empty_share, output, store):
    """Draw a random sample for human coders: a CSV with the tool's answers and empty coder
    columns, or the sample stored for the coding page, or both (docs/validation.md).

    Example:

    \b
        quotesource sample db/quotes.db -n 400 --by outlet --seed 1 -o sample.csv --store
    """
    from .validation.sample import draw_sample, write_sample
    from .validation.stored_sample import drawn_with, record_sample, stored_message

    if not output and not store:
        raise click.UsageError("give -o FILE.csv, --store, or both")
    with _open(db_path, write=store) as db:
        rows = draw_sample(db, size, by=by, seed=seed, empty_share=empty_share)
        stored = record_sample(db, rows, drawn_with(size, by, seed, empty_share)) if store \
            else None
    if output:
        # utf-8-sig: spreadsheets then read the file as UTF-8 ('validate' reads it either way)
        with open(output, "w", newline="", encoding="utf-8-sig") as fp:
            write_sample(rows, fp)
    empty = sum(not row["attribution_id"] for row in rows)
    click.echo(f"{output or db_path}: {len(rows) - empty} attribution(s) and {empty} "
               "sentence(s) where nothing was found", err=True)
    if stored is not None:
        click.echo(stored_message(db_path, stored, len(rows)), err=True)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--labels", type=click.Path(exists=True, dir_okay=False),
              help="A coded sample CSV, loaded into the validation_labels table first")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap")
def validate(db_path, labels, as_json, seed):
    """Measure the tool against human coders: precision, recall, source-type agreement and the
    anonymous share corrected for the tool's errors, with 95 % intervals (docs/validation.md).
    The figures are also stored in validation_results, which the dashboard charts.

    Example:

    \b
        quotesource validate db/quotes.db --labels sample.csv
    """
    from .validation.labels import LabelError, load_labels
    from .validation.report import format_report, rounded
    from .validation.report import validate as validate_corpus
    from .validation.results import record_results

    if labels:
        try:
            with _open(db_path, write=True) as db:
                loaded = load_labels(db, labels)
        except LabelError as exc:
            raise click.ClickException(str(exc))
        click.echo(f"{labels}: {loaded} coded row(s) loaded into validation_labels", err=True)
    with _open(db_path) as db:
        report = validate_corpus(db, seed=seed)
    if not report["n"]:
        raise click.ClickException(f"{db_path}: no coded rows (load a coded sample with --labels"
                                   " or code on the coding page)")
    if problem := record_results(db_path, report):    # for the `validation` view, the charts
        click.echo(f"warning: {problem}", err=True)
    click.echo(json.dumps(rounded(report), indent=2) if as_json else format_report(report))
