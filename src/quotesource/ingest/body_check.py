"""Does an extracted web-page body look like an article? A warning when it does not.

A paywalled page is stored as its teaser, breadcrumbs or sign-in box; a section front as a list
of headlines. Each still yields a text, often with attributions, so nothing is refused: the
article is stored with `extraction_warning` saying what looks wrong (also printed on ingest), and a
researcher can filter those rows out. The thresholds sit below every real article of
../shared/gold/web (34 pages of 24 outlets: shortest body 1,588 characters, at most a third of
its lines under 60 characters).
"""
from __future__ import annotations

from functools import cache

from .. import lexicons

SHORT_BODY = 1_000           # characters
SHORT_LINE = 60              # a line shorter than this is a headline, a link or a label
MOSTLY_SHORT = 0.6           # share of a body's lines that are short
MIN_LINES = 8                # a body of fewer lines is judged on its length only
PAYWALL_TAIL = 1_500         # a paywall phrase counts in this many characters at the end


@cache
def paywall_phrases() -> tuple[str, ...]:
    return lexicons.phrases("paywall_phrases.txt")


def body_warning(text: str, start: int, end: int) -> str | None:
    """What looks wrong with the body text[start:end], in a few words, or None."""
    body = text[start:end]
    tail = body[-PAYWALL_TAIL:].lower()
    phrase = next((p for p in paywall_phrases() if p in tail), None)
    if phrase:
        return f"body may be cut by a paywall ({phrase!r}, {len(body.strip()):,} characters)"
    size = len(body.strip())
    if size < SHORT_BODY:
        return f"short body ({size:,} characters): a teaser, a paywall or no article?"
    lines = [line for line in body.splitlines() if line.strip()]
    short = sum(1 for line in lines if len(line.strip()) < SHORT_LINE)
    if len(lines) >= MIN_LINES and short / len(lines) > MOSTLY_SHORT:
        return (f"body is mostly short lines ({short} of {len(lines)}): navigation, headlines "
                "or a list rather than an article?")
    return None
