"""Web archives (.warc, .warc.gz): every HTML response record goes through trafilatura like an
.html file, with the record's target URI as URL and its date (the day it was fetched) as the
date: trafilatura's guess from the page text can be years off.

A damaged archive costs only what is damaged, each problem one line naming the file: a record
shorter than its Content-Length (a file cut short, or a Content-Length too large) is an error,
never stored as if complete; a record not followed by the blank lines that end it (a wrong
Content-Length) is an error and ends the file, since what follows cannot be trusted to start a
record; a file that is not a WARC at all is one error. warcio's own warnings (printed on
stderr, naming no file) are silenced: these checks say the same, with the file's name.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..records import Article
from .errors import IngestError
from .files import open_regular
from .html_reader import html_article
from .options import ReadOptions

GZIP_MAGIC = b"\x1f\x8b"


def read(path: Path, options: ReadOptions) -> Iterator[Article | IngestError]:
    """Every HTML response record (HTTP status 200) of a .warc or .warc.gz file."""
    from warcio.archiveiterator import ArchiveIterator   # imported here: only WARC needs it

    stem = path.name[:-len(".warc.gz")] if path.name.lower().endswith(".warc.gz") \
        else path.stem
    n = 0
    where = "record 1: "
    with open_regular(path) as raw:
        magic = raw.read(2)
        if not magic:
            raise IngestError(path, "empty file")
        raw.seek(0)
        fp = Gunzipped(raw) if magic == GZIP_MAGIC else raw
        archive = ArchiveIterator(fp)
        records = iter(archive)
        boundary = fp.tell()   # where the last complete record ended
        try:
            for index in itertools.count(1):
                where = f"record {index}: "
                record = _quietly(next, records, None)
                if record is None:
                    # warcio stops quietly at a header cut short: bytes past the last record
                    if fp.tell() > boundary:
                        yield IngestError(path, where + "the file ends inside its header "
                                                        "(cut short)")
                    break
                if record.format != "warc":   # warcio reads anything with 5 words as ARC
                    yield IngestError(path, "not a WARC file (it does not start with a WARC "
                                            "record header)")
                    return
                page = _is_html_response(record)
                if page:
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    where = f"record {index} ({url}): "
                    payload = _quietly(lambda: record.content_stream().read())  # de-chunked
                damage = _quietly(_damage, archive, record)
                if damage:
                    yield IngestError(path, where + damage)
                    return
                boundary = archive.offset
                if not page:
                    continue
                n += 1
                date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                try:
                    yield html_article(path, payload, f"{stem}-{n}", options.max_chars,
                                       url=url, date=date, where=where)
                except IngestError as err:
                    yield err
        except Damaged as err:
            yield IngestError(path, where + err.args[0])


def count_records(path: Path) -> int:
    """How many HTML responses read() would yield (the bad ones included), without extracting
    them: the progress bar's total. A damaged file counts what was read before the damage, and
    at least one (its error)."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        with open_regular(path) as raw:
            magic = raw.read(2)
            raw.seek(0)
            records = iter(ArchiveIterator(Gunzipped(raw) if magic == GZIP_MAGIC else raw))
            while (record := _quietly(next, records, None)) is not None:
                count += _is_html_response(record)
    except (IngestError, Damaged):
        pass
    return max(count, 1)


class Damaged(Exception):
    """What warcio (or gzip) failed on, in one line."""


class CutShort(Exception):
    """A gzip stream that ends before its end marker: not an EOFError, which warcio takes for
    the normal end of the archive and stops quietly."""


class Gunzipped:
    """The decompressed bytes of a gzip file, one member per record (the standard) or the whole
    file in one (`gzip file.warc`, which warcio refuses). Where the gzip data is cut short or
    damaged, every byte before the damage is still given; the next read raises CutShort."""

    CHUNK = 1 << 16

    def __init__(self, raw):
        self.raw, self.position = raw, 0
        self.pending, self.unused = bytearray(), b""
        self.member = zlib.decompressobj(16 + zlib.MAX_WBITS)   # 16: a gzip header
        self.inside = False           # some of the current member has been read
        self.ended, self.problem = False, None

    def read(self, size: int = -1) -> bytes:
        while not self.ended and (size < 0 or len(self.pending) < size):
            self._decompress_more()
        if not self.pending and self.problem:
            raise CutShort(self.problem)
        size = len(self.pending) if size < 0 else min(size, len(self.pending))
        data = bytes(self.pending[:size])
        del self.pending[:size]
        self.position += size
        return data

    def tell(self) -> int:
        return self.position

    def _decompress_more(self) -> None:
        chunk, self.unused = self.unused or self.raw.read(self.CHUNK), b""
        if not chunk:
            self.ended = True
            if self.inside:
                self.problem = "the file ends inside a gzip member: cut short"
            return
        self.inside = True
        try:
            self.pending += self.member.decompress(chunk)
        except zlib.error as err:
            self.ended, self.problem = True, f"invalid gzip data: {err}"
            return
        if self.member.eof:            # the next member, if any, starts in what is left
            self.unused = self.member.unused_data
            self.member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self.inside = False


def _damage(archive, record) -> str | None:
    """What is wrong with a record just read, or None: it must be as long as its
    Content-Length says and be followed by a record boundary."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():     # required by the standard; warcio reads on without one
        return ("its header has no Content-Length (cut short, or damaged); not stored, and "
                "the rest of the file is not read")
    errors_before = archive.err_count
    archive.read_to_end(record)
    length, missing = int(length), record.raw_stream.limit
    if missing > 0:
        return (f"truncated: {length - missing:,} of its {length:,} bytes "
                "(the file is cut short, or its Content-Length is too large); not stored")
    if archive.err_count > errors_before:
        return ("its Content-Length does not end at a record boundary (it is wrong, or the "
                "file is damaged there); not stored, and the rest of the file is not read")
    return None


def _quietly(fn, *args):
    """fn(*args) with warcio's stderr warnings (which name no file) silenced, and whatever it
    raises as Damaged: on a damaged header warcio fails in many ways (ArchiveLoadFailed, but
    also AttributeError or ValueError from deep inside), each meaning the same to a reader."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return fn(*args)
    except ArchiveLoadFailed as err:
        raise Damaged(_first_line(str(err.msg))) from None
    except CutShort as err:
        raise Damaged(f"{err}; the rest of the file is not read") from None
    except OSError as err:
        raise Damaged(f"cannot read ({err.strerror or err})") from None
    except Exception as err:        # noqa: BLE001 (see above)
        raise Damaged(f"damaged record, its header cut short or garbled (warcio failed: "
                      f"{type(err).__name__}: {err}); the rest of the file is not read") from None


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    first = lines[0][:80] if lines else "unreadable"
    if first.startswith("Unknown archive format"):
        return f"not a WARC file ({first})"
    if first.startswith("Invalid WARC record"):
        return f"not a WARC record ({first})"
    return f"not a readable WARC file ({first})"


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    kind = (record.http_headers.get_header("Content-Type") or "").lower()
    return status == "200" and ("html" in kind or not kind)
