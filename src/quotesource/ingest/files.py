"""Finding and opening the input files: paths and directories expanded into the files to read
(with an IngestError for each path that cannot be), and a file opened only if it is regular."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from .errors import IngestError, too_long


# NAME.meta.json beside NAME.txt holds that text's metadata (txt_reader.py): never an article.
SIDECAR = ".meta.json"


def is_sidecar(path: Path) -> bool:
    name = path.name
    return name.lower().endswith(SIDECAR) and \
        path.with_name(name[:-len(SIDECAR)] + ".txt").exists()


def expand_paths(paths, extensions: Collection[str]) -> Iterator[Path | IngestError]:
    """The files to read, in reading order, from one path or many (files or directories);
    `extensions`: the ones readers exist for (readers.EXTENSIONS). A text's sidecar is
    skipped, even when named (`seeds/*`): it is read with its text."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError as err:
            yield IngestError(path, os_problem(path, err))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, extensions)
        elif is_sidecar(path):
            continue
        elif suffix(path) not in extensions:
            yield IngestError(path, f"unsupported file type {path.suffix or '(no extension)'!r}"
                                    f" (expected one of {' '.join(extensions)})")
        else:
            yield path


def _walk(folder: Path, extensions: Collection[str]) -> Iterator[Path | IngestError]:
    """Entries with a known extension, depth first, each folder in name order (the order of
    sorting the paths). Entries that are not regular files are yielded too: reading them gives
    their error, so a FIFO or a broken link named *.txt is reported, never silently dropped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield IngestError(folder, f"cannot list directory ({os_problem(folder, err)})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, extensions)
        elif suffix(path) in extensions and not is_sidecar(path):
            yield path


def suffix(path: Path) -> str:
    """The extension that decides the reader: ".warc.gz" is one, not ".gz"."""
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def os_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link"
    return {errno.ENOENT: "no such file or directory", errno.ELOOP: "symbolic link loop",
            errno.EACCES: "permission denied", errno.ENAMETOOLONG: "file name too long",
            errno.ENOTDIR: "not a directory in the path"}.get(
        err.errno, err.strerror or str(err))


_FILE_KINDS = {stat.S_IFIFO: "FIFO", stat.S_IFSOCK: "socket", stat.S_IFCHR: "character device",
               stat.S_IFBLK: "block device", stat.S_IFDIR: "directory"}


def open_regular(path: Path):
    """The file opened for reading in binary, refused in one line if it is not a regular file."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore it).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise IngestError(path, os_problem(path, err)) from None
    fp = os.fdopen(fd, "rb")
    info = os.fstat(fd)   # of what was opened: no race with a file swapped in meanwhile
    if not stat.S_ISREG(info.st_mode):
        fp.close()
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "special file")
        raise IngestError(path, f"not a regular file ({kind})")
    return fp


def read_bytes(path: Path, max_chars: int | None = None) -> bytes:
    """The whole file; with `max_chars`, refused unread when it is too big to hold fewer."""
    with open_regular(path) as fp:
        info = os.fstat(fp.fileno())
        if max_chars is not None and info.st_size > 4 * max_chars + 4:   # 4 bytes a character
            raise IngestError(path, too_long(f"{info.st_size:,} bytes", max_chars))
        try:
            data = fp.read()
        except OSError as err:
            raise IngestError(path, f"cannot read file ({os_problem(path, err)})") from None
    if not data.strip():
        raise IngestError(path, "empty file")
    return data
