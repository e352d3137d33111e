"""Bytes to text: a byte-order mark decides (UTF-8, UTF-16 or UTF-32, either byte order);
without one the bytes must be UTF-8, or else charset-normalizer detects their encoding and
the article carries a one-line warning saying so. NUL outside UTF-16/32 means binary."""
from __future__ import annotations

import codecs
from pathlib import Path

from .errors import IngestError, printable

# Checked before any other: a UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))
# Text in these encodings has NUL bytes and lines that do not end at b"\n".
WIDE_BOMS = tuple(bom for bom, encoding in BOMS if encoding.startswith(("utf-16", "utf-32")))


def decode(path: Path, data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, warning): a BOM's encoding, else UTF-8, else a detected one."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)   # the BOM stays, as U+FEFF: it is in the file
            except UnicodeDecodeError as err:
                raise IngestError(path, f"invalid {encoding} text after its byte-order mark "
                                        f"(at offset {err.start})") from None
            break
    else:
        # NUL never occurs in UTF-8 or legacy 8-bit text (or sane HTML): the binary sign.
        if b"\x00" in data:
            raise IngestError(path, "binary file (contains NUL bytes)")
        try:
            return data.decode("utf-8"), "utf-8", None
        except UnicodeDecodeError as err:
            bad = f"invalid byte 0x{data[err.start]:02x} at offset {err.start}"
        text, encoding = _detect(data)
        if text is None:
            raise IngestError(path, f"not UTF-8 text ({bad}), and no other encoding fits")
        return text, encoding, printable(f"{path}: not UTF-8 ({bad}); decoded as {encoding}, "
                                         "detected by charset-normalizer")
    if "\x00" in text:
        raise IngestError(path, "binary file (contains NUL characters)")
    return text, encoding, None


def _detect(data: bytes) -> tuple[str | None, str | None]:
    from charset_normalizer import from_bytes   # imported here: only legacy files need it

    results = from_bytes(data)
    matches = list(results)
    if not matches:
        return None, None
    # Short texts fit several code pages equally well; charset-normalizer then picks one by
    # language coherence, often wrongly (cp775 for English with curly quotes). Among the least
    # chaotic readings, prefer cp1252 when it gives the same text.
    least = min(m.chaos for m in matches)
    if any(m.chaos == least and "cp1252" in m.could_be_from_charset for m in matches):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = results.best()
    return str(best), best.encoding
