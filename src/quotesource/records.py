"""The records that flow between stages, and the span format.

Span format: every span is `{"start": int, "end": int, "text": str}` where `start`/`end` are
character offsets (Python string indices, end exclusive) into the stored article text and
`text == article.text[start:end]`. Spans never cross outside the article body. A discontinuous
content (a quote resumed after its cue) is one span covering it all plus its pieces, each a span.
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("direct", "indirect", "mixed")
SOURCE_TYPES = ("named_person", "named_organization", "anonymous_person", "anonymous_group",
                "document")
NAMED_TYPES = SOURCE_TYPES[:2]
ANONYMOUS_TYPES = SOURCE_TYPES[2:4]
# A speaker the article does not let us resolve ("he" with nobody before it), or no speaker at
# all: its own value, never counted as anonymous (anonymity needs evidence in the text).
UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    id: str                      # file stem, or the JSON object's id
    text: str                    # exactly the decoded input text for .txt files
    title: str | None = None
    body_start: int = 0          # the article body; boilerplate outside it is kept but ignored
    body_end: int | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    path: str | None = None      # where it was read from
    content_hash: str = ""       # sha256 of text: the storage key
    encoding: str = "utf-8"      # how the file was decoded (a BOM's, or a detected one)
    warning: str | None = None   # one line naming the file: encoding guessed, body doubtful
    extraction_warning: str | None = None  # a web page's body looks short, paywalled or a list
    # lines of page furniture inside the body (promos, credits, pull-quotes): no claims there
    furniture: tuple[tuple[int, int], ...] = ()

    def __post_init__(self):
        if self.body_end is None:
            self.body_end = len(self.text)


@dataclass
class Source:
    """Who stands behind an attribution, as resolved within one article."""
    name: str                    # canonical name or description: "Farhad Alaaldin", "U.S. officials"
    source_type: str             # one of SOURCE_TYPES
    count: int | None = None     # people stated: "five U.S. officials" -> 5, "officials" -> None
    affiliation: str | None = None
    role: str | None = None
    mention: Span | None = None  # first mention in the article

    @property
    def named(self) -> bool:
        return self.source_type in NAMED_TYPES


@dataclass
class Attribution:
    kind: str                    # one of KINDS
    content: Span
    cue: Span | None
    speaker: Span | None         # the mention where the attribution is made ("he")
    source: Source | None        # what the mention resolves to
    # A discontinuous content ('"Part one," he said, adding ... "Part two."'): its pieces, in
    # order; `content` then covers them all. Empty when the content is one piece.
    pieces: tuple[Span, ...] = ()
    # The learned model's probability that this is a real attribution (attribution/confidence.py);
    # None where no model was applied.
    confidence: float | None = None
    # The source model's probability that, the attribution being real, its speaker and source
    # type are right (attribution/confidence.py): confidence * source_confidence is the
    # probability that all three are. None where no model was applied.
    source_confidence: float | None = None
    # The features the model read (attribution/evidence.py): kept for training, never stored.
    evidence: dict = field(default_factory=dict, repr=False, compare=False)

    def as_dict(self, article_id: str) -> dict:
        src = self.source
        return {
            "article": article_id,
            "kind": self.kind,
            "content": self.content.as_dict(),
            "content_pieces": [p.as_dict() for p in self.pieces] or None,
            "cue": self.cue.as_dict() if self.cue else None,
            "speaker": self.speaker.as_dict() if self.speaker else None,
            "speaker_name": src.name if src else None,
            "source_type": src.source_type if src else UNRESOLVED,
            "source_count": src.count if src else None,
            "affiliation": src.affiliation if src else None,
            "role": src.role if src else None,
            "confidence": self.confidence,
            "source_confidence": self.source_confidence,
        }


@dataclass
class Disclosure:
    """A described group of anonymous sources and the stated reason for anonymity."""
    group: Span                  # "five U.S. officials"
    count: int | None
    affiliation: str | None
    reason: Span | None          # "due to the sensitive nature of the discussions"
    sentence: Span

    def as_dict(self, article_id: str) -> dict:
        return {"article": article_id, "group": self.group.as_dict(), "count": self.count,
                "affiliation": self.affiliation,
                "reason": self.reason.as_dict() if self.reason else None,
                "sentence": self.sentence.as_dict()}


@dataclass
class NonResponse:
    """A source that declined, or did not respond, to comment."""
    speaker: Span | None
    cue: Span                    # "did not respond", "declined to comment"
    source: Source | None

    def as_dict(self, article_id: str) -> dict:
        return {"article": article_id,
                "speaker": self.speaker.as_dict() if self.speaker else None,
                "cue": self.cue.as_dict(),
                "speaker_name": self.source.name if self.source else None,
                "source_type": self.source.source_type if self.source else None}


@dataclass
class ArticleResult:
    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    non_responses: list[NonResponse] = field(default_factory=list)

    def sources(self) -> list[Source]:
        """Distinct sources in order of first mention (the source ledger)."""
        seen: dict[tuple, Source] = {}
        for item in [*self.attributions, *self.non_responses]:
            if item.source is not None:
                seen.setdefault(source_key(item.source), item.source)
        return sorted(seen.values(), key=lambda s: s.mention.start if s.mention else 0)


def source_key(source: Source) -> tuple:
    return (source.name.lower(), source.source_type)

