"""Lines as paragraphs for the tokenizer, offsets kept.

Stanza splits paragraphs at blank lines only; a single newline is a space to it, so a line with
no full stop at its end (a heading, a list item, a quote printed without its period, a dateline)
runs on into the next paragraph as one sentence, and its parse spans both. Web pages are stored
one paragraph a line (ingest/), and many plain texts are too. Before tokenizing, a single
newline followed by a line that does not open in lowercase gets a second one; a lowercase
opening is a hard wrap inside a sentence ("... to participate personally\\nin caucuses"), and
a line ending in a colon or comma introduces or runs on into the next ("X said:"): both stay as
they are. The parse's offsets are mapped back to the text as given.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


# A line ending in one of these runs on into the next: "X said:" introduces the quote below it.
_RUNS_ON = set(":,;")


@dataclass(frozen=True)
class Paragraphed:
    text: str                      # the text with the extra newlines
    inserted: tuple[int, ...]      # where each extra newline stands in `text`, ascending

    def original(self, offset: int) -> int:
        """An offset into `text` as an offset into the text as given."""
        return offset - bisect_left(self.inserted, offset)


def paragraphed(text: str) -> Paragraphed:
    out, inserted = [], []
    length = len(text)
    for i, char in enumerate(text):
        out.append(char)
        if char != "\n" or (i and text[i - 1] == "\n") or (i + 1 < length and text[i + 1] == "\n"):
            continue
        j, k = i + 1, i - 1
        while j < length and text[j] in " \t":
            j += 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        if j < length and text[j] != "\n" and not text[j].islower() and i > 0 and \
                (k < 0 or text[k] not in _RUNS_ON):
            inserted.append(len(out))
            out.append("\n")
    return Paragraphed("".join(out), tuple(inserted))
