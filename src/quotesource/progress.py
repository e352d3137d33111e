"""A progress bar on stderr for the commands that parse: articles done, rate and ETA.

tqdm draws it only when stderr is a terminal and --quiet is not given, so logs and pipes get
plain lines. Errors are printed the moment they happen, above the bar, not saved for the end.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from tqdm import tqdm

from .ingest import EXTENSIONS, IngestError, expand_paths
from .ingest.csv_reader import count_rows
from .ingest.warc_reader import count_records

# A .json list larger than this is counted as one article: the total only feeds the ETA.
_JSON_COUNT_LIMIT = 20_000_000


class Progress:
    """Counts items as they are done; prints errors at once."""

    def __init__(self, bar: tqdm, file: IO[str]):
        self.bar, self.file = bar, file
        self.errors: list[IngestError] = []
        self._warned: set[str] = set()

    def done(self, item) -> None:
        """Count one item; an error or (once per text) a decoding warning is printed at once."""
        if isinstance(item, IngestError):
            self.errors.append(item)
            self.echo(f"error: {item}")
        warning = getattr(getattr(item, "article", None), "warning", None)
        if warning and warning not in self._warned:
            self._warned.add(warning)
            self.echo(f"warning: {warning}")
        self.bar.update(1)

    def echo(self, line: str) -> None:
        if self.bar.disable:
            print(line, file=self.file, flush=True)
        else:
            self.bar.write(line, file=self.file)   # clears the bar, prints, redraws it

    def track(self, items: Iterable) -> Iterator:
        for item in items:
            self.done(item)
            yield item

    def close(self) -> None:
        self.bar.close()


def progress(label: str, total: int | None = None, paths: Iterable | None = None,
             quiet: bool = False, file: IO[str] | None = None) -> Progress:
    """A Progress on stderr; the total is counted from `paths` when the bar is shown."""
    file = file or sys.stderr
    show = not quiet and file.isatty()
    if show and total is None and paths is not None:
        total = count_articles(paths)
    bar = tqdm(total=total, desc=label, unit="article", file=file, disable=not show,
               dynamic_ncols=True, smoothing=0.1)
    return Progress(bar, file)


def count_articles(paths: Iterable) -> int:
    """About how many articles the paths hold, without parsing them: a line per .jsonl
    record, the items of a .json list, the rows of a .csv, the HTML responses of a WARC, one
    per other file."""
    # This walks the inputs a second time (read_articles walks them again as it reads). One
    # shared walk would have to hold every path before the first article is read (millions
    # on a large corpus) to save only directory listings; the real cost here, reading .jsonl
    # files to count their lines, would remain. The count is only made when a bar is shown.
    total = 0
    for path in expand_paths(paths, EXTENSIONS):
        if isinstance(path, IngestError):
            total += 1
        elif path.suffix.lower() == ".jsonl":
            total += _count_lines(path)
        elif path.suffix.lower() == ".csv":
            total += count_rows(path)
        elif path.name.lower().endswith((".warc", ".warc.gz")):
            total += count_records(path)
        elif path.suffix.lower() == ".json" and path.stat().st_size < _JSON_COUNT_LIMIT:
            try:
                data = json.loads(path.read_bytes())
                total += len(data) if isinstance(data, list) else 1
            except (OSError, ValueError, RecursionError):   # RecursionError: nested too deep
                total += 1
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with open(path, "rb") as fp:
        while block := fp.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")
