"""Character-offset steps on the raw text around a content span: trailing marks trimmed, a
comma or an opening parenthesis stepped over (content.py and questions.py use them)."""
from __future__ import annotations

TRIM = " \t\n,;:\u2014\u2013-"
SENTENCE_END = ".?!"


def comma_before(text, sentence_start, clause_start) -> int | None:
    gap = text[sentence_start:clause_start].rstrip()
    if not gap.endswith(",") and not gap.endswith("\u2014"):
        return None
    return sentence_start + len(gap) - 1


def after_open_parenthesis(text: str, start: int, end: int) -> int:
    """'(the actual number is 15 percent, according to X)': the content starts inside."""
    opening = text.rfind("(", start, end)
    return opening + 1 if opening >= 0 and ")" not in text[opening:end] else start


def skip_comma(text, pos, end) -> int:
    while pos < end and text[pos] in " ,":
        pos += 1
    return pos


def strip_end(text, start, end, keep_period=False) -> int:
    while end > start and (text[end - 1] in TRIM or
                           (not keep_period and text[end - 1] in SENTENCE_END)):
        end -= 1
    return end
