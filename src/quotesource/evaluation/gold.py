"""Gold attributions for evaluation: the seeds JSONL and PolNeAR brat standoff.

Every gold span is a tuple of `(start, end)` pieces (character offsets into the article text,
end exclusive), so discontinuous brat spans and ordinary spans look the same. Gold data is read
at run time from wherever it lives (e.g. `../shared`); nothing of it is copied into the repo.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..lexicons import LEXICON_DIR

Pieces = tuple[tuple[int, int], ...]


@dataclass
class GoldAttribution:
    article: str
    id: str                            # brat attribution tag ("T12") or "line 7" for seeds
    content: Pieces
    content_text: str                  # brat text field (pieces joined by a space) / seeds string
    cue: Pieces | None = None
    cue_text: str | None = None
    source: Pieces | None = None
    source_text: str | None = None
    kind: str | None = None            # seeds only: direct / indirect / mixed
    speaker_name: str | None = None    # seeds only
    source_types: tuple[str, ...] | None = None  # seeds only: the accepted answers
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    optional: bool = False

    @property
    def speech(self) -> bool:
        return is_speech_cue(self.cue_text)


@dataclass
class GoldNoComment:
    article: str
    cue: Pieces
    cue_text: str
    speaker: Pieces | None
    speaker_text: str | None
    source_types: tuple[str, ...] | None = None


@dataclass
class GoldDisclosure:
    article: str
    group: Pieces
    text: str
    count: int | None = None
    affiliation: str | None = None
    reason: Pieces | None = None
    reason_text: str | None = None


@dataclass
class GoldSet:
    name: str                          # "seeds" or "polnear"
    articles: dict[str, str] = field(default_factory=dict)   # article id -> text
    attributions: list[GoldAttribution] = field(default_factory=list)
    no_comments: list[GoldNoComment] = field(default_factory=list)
    disclosures: list[GoldDisclosure] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)      # article id -> annotation file


# ---------------------------------------------------------------------------- speech cues

@lru_cache(maxsize=1)
def speech_cues() -> frozenset[str]:
    raw = (LEXICON_DIR / "speech_cues.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in raw.splitlines()
                     if line.strip() and not line.startswith("#"))


def cue_tokens(cue: str | None) -> list[str]:
    return re.findall(r"[a-z]+(?:['’][a-z]+)?", (cue or "").lower())


def is_speech_cue(cue: str | None) -> bool:
    """True when a token of the cue, or an adjacent pair ("according to"), is a speech cue."""
    toks, lex = cue_tokens(cue), speech_cues()
    return any(t in lex for t in toks) or any(f"{a} {b}" in lex for a, b in zip(toks, toks[1:]))


def cue_key(cue: str | None) -> str:
    """A short, groupable name for a cue: its speech word if it has one, else its first word."""
    toks, lex = cue_tokens(cue), speech_cues()
    for a, b in zip(toks, toks[1:]):
        if f"{a} {b}" in lex:
            return f"{a} {b}"
    content = [t for t in toks if t not in _FUNCTION_WORDS] or toks
    return next((t for t in toks if t in lex), content[0] if content else "")


_FUNCTION_WORDS = frozenset(
    "a an the s to in on of for at by with as that this it its is are was were be been being "
    "has have had do does did will would could should may might can also not just and or but "
    "he she they we i you his her their our my your".split())


# ---------------------------------------------------------------------------- seeds JSONL

def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of `needle` in `text`, not inside a longer word (so "he" skips "the")."""
    found, i = [], text.find(needle)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(needle)] if i + len(needle) < len(text) else " "
        if not (needle[:1].isalnum() and before.isalnum()) and \
           not (needle[-1:].isalnum() and after.isalnum()):
            found.append(i)
        i = text.find(needle, i + 1)
    return found


def _locate(text: str, needle: str | None, near: tuple[int, int] | None = None
            ) -> Pieces | None:
    """Place a gold string in the article: the occurrence nearest to `near` (else the first)."""
    if not needle:
        return None
    starts = _occurrences(text, needle) or ([text.find(needle)] if needle in text else [])
    if not starts:
        raise ValueError(f"gold string not found in article: {needle!r}")
    if near is not None:
        def distance(s: int) -> int:
            return max(near[0] - (s + len(needle)), s - near[1], 0)
        starts.sort(key=distance)
    return ((starts[0], starts[0] + len(needle)),)


def _types(value) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(value) if isinstance(value, list) else (value,)


def load_seeds_gold(path, articles_dir=None) -> GoldSet:
    """Read a seeds JSONL gold file; article texts come from `articles_dir/<article>.txt`
    (default: the `seeds` directory beside the gold file's directory, as in ../shared)."""
    path = Path(path)
    articles_dir = Path(articles_dir) if articles_dir else path.parent.parent / "seeds"
    gold = GoldSet(name="seeds")
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        art = rec["article"]
        if art not in gold.articles:
            gold.articles[art] = (articles_dir / f"{art}.txt").read_text("utf-8")
            gold.files[art] = str(path)
        text = gold.articles[art]
        kind = rec.get("record", "attribution")
        if kind == "attribution":
            content = _locate(text, rec["content"])
            cue = _locate(text, rec.get("cue"), near=content[0])
            speaker = _locate(text, rec.get("speaker"), near=(cue or content)[0])
            gold.attributions.append(GoldAttribution(
                article=art, id=f"line {lineno}", content=content, content_text=rec["content"],
                cue=cue, cue_text=rec.get("cue"), source=speaker, source_text=rec.get("speaker"),
                kind=rec.get("kind"), speaker_name=rec.get("speaker_name"),
                source_types=_types(rec.get("source_type")), count=rec.get("count"),
                affiliation=rec.get("affiliation"), role=rec.get("role"),
                optional=bool(rec.get("optional", False))))
        elif kind == "no_comment":
            cue = _locate(text, rec["cue"])
            gold.no_comments.append(GoldNoComment(
                article=art, cue=cue, cue_text=rec["cue"],
                speaker=_locate(text, rec.get("speaker"), near=cue[0]),
                speaker_text=rec.get("speaker"), source_types=_types(rec.get("source_type"))))
        elif kind == "source_disclosure":
            group = _locate(text, rec["text"])
            gold.disclosures.append(GoldDisclosure(
                article=art, group=group, text=rec["text"], count=rec.get("count"),
                affiliation=rec.get("affiliation"),
                reason=_locate(text, rec.get("anonymity_reason"), near=group[0]),
                reason_text=rec.get("anonymity_reason")))
        else:
            raise ValueError(f"{path}:{lineno}: unknown record {kind!r}")
    return gold


# ---------------------------------------------------------------------------- PolNeAR brat

_TAG = re.compile(r"^(?:[TREAMN#]\d+|\*)\t")


def _brat_lines(raw: str) -> list[str]:
    """Annotation lines with continuation lines (no leading tag) joined to the previous one."""
    lines: list[str] = []
    for line in raw.removesuffix("\n").split("\n"):
        if _TAG.match(line) or not lines:
            lines.append(line)
        else:
            lines[-1] += "\n" + line
    return [line for line in lines if line.strip()]


def parse_brat(raw: str) -> tuple[dict[str, tuple[str, Pieces, str]], list[dict[str, list[str]]]]:
    """-> ({tag: (type, pieces, text)}, [event roles: {role: [tags]}])."""
    spans, events = {}, []
    for line in _brat_lines(raw):
        tag, _, rest = line.partition("\t")
        if tag.startswith("T"):
            head, _, body = rest.partition("\t")
            typ, _, offsets = head.partition(" ")
            pieces = tuple(tuple(int(x) for x in piece.split()) for piece in offsets.split(";"))
            spans[tag] = (typ, pieces, body)
        elif tag.startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in rest.split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role, []).append(ref)
            events.append(roles)
    return spans, events


def polnear_annotation_files(directory) -> dict[str, Path]:
    """article id -> its first annotation file (sorted), for every annotated article."""
    chosen: dict[str, Path] = {}
    for ann in sorted(Path(directory, "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    return chosen


def load_polnear(directory, limit: int | None = None, articles=None) -> GoldSet:
    """Read PolNeAR (a split directory holding text/ and attributions/)."""
    directory = Path(directory)
    files = polnear_annotation_files(directory)
    ids = sorted(files) if articles is None else [a for a in articles if a in files]
    if limit is not None:
        ids = ids[:limit]
    gold = GoldSet(name="polnear")
    for art in ids:
        with open(directory / "text" / f"{art}.txt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        gold.articles[art] = text
        gold.files[art] = str(files[art])
        spans, events = parse_brat(files[art].read_text("utf-8"))

        def get(roles, *names):
            tags = [t for n in names for t in roles.get(n, []) if t in spans]
            if not tags:
                return None, None
            return (tuple(p for t in tags for p in spans[t][1]),
                    " ".join(spans[t][2] for t in tags))

        for roles in events:
            head = roles.get("Attribution") or roles.get("Attribution-no-source")
            if not head:
                continue
            content, content_text = get(roles, "Content", "Content2")
            if content is None:        # nothing said to compare against
                continue
            cue, cue_text = get(roles, "Cue")
            source, source_text = get(roles, "Source")
            gold.attributions.append(GoldAttribution(
                article=art, id=head[0], content=content, content_text=content_text,
                cue=cue, cue_text=cue_text, source=source, source_text=source_text))
    return gold


def load_gold(path, articles_dir=None, limit: int | None = None, articles=None) -> GoldSet:
    """A PolNeAR split directory (optionally only `articles` / the first `limit`), or a seeds
    JSONL file (article texts from `articles_dir`, default ../seeds beside the gold folder)."""
    path = Path(path)
    if path.is_dir():
        return load_polnear(path, limit=limit, articles=articles)
    return load_seeds_gold(path, articles_dir)
