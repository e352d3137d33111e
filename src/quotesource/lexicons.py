"""Word lists kept as data files in `lexicons/`, so linguists can edit them without touching code."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([field.strip() for field in line.split("\t")])
    return rows


def words(name: str) -> frozenset[str]:
    """A one-column list, lowercased."""
    return frozenset(row[0].lower() for row in _rows(name))


def phrases(name: str) -> tuple[str, ...]:
    """A list of phrases, longest first so the most specific one matches."""
    return tuple(sorted((row[0].lower() for row in _rows(name)), key=len, reverse=True))


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    cls: str        # "speech" or "belief"
    content: str    # "clause" or "object"


@dataclass(frozen=True)
class Lexicons:
    reporting_verbs: dict[str, ReportingVerb]
    document_nouns: frozenset[str]
    anonymous_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    role_nouns: frozenset[str]
    numbers: dict[str, int]
    aliases: dict[str, str]
    pronouns: dict[str, str]
    dropped_determiners: frozenset[str]
    anonymity_phrases: tuple[str, ...]
    reason_markers: tuple[str, ...]
    non_response_cues: tuple[str, ...]
    time_words: frozenset[str]
    group_words: frozenset[str]      # "some", "many", "those": a group standing alone
    # "crowd" -> None, "couple" -> 2: several people in one noun, and how many where it says
    collective_nouns: dict[str, int | None]
    name_titles: frozenset[str]      # "sen", "pope": honorifics before a name, dots removed
    # "prosecutors" -> words that name their office ("Attorney", "Prosecut")
    institution_nouns: dict[str, tuple[str, ...]]
    # "sen." -> "senator", "corp." -> "": full stops that end no sentence, titles' role nouns
    abbreviations: dict[str, str]


@cache
def load() -> Lexicons:
    return Lexicons(
        reporting_verbs={r[0]: ReportingVerb(r[0], r[1], r[2])
                         for r in _rows("reporting_verbs.tsv")},
        document_nouns=words("document_nouns.txt"),
        anonymous_nouns=words("anonymous_nouns.txt"),
        organization_nouns=words("organization_nouns.txt"),
        role_nouns=words("role_nouns.txt"),
        numbers={r[0].lower(): int(r[1]) for r in _rows("number_words.tsv")},
        aliases={r[0]: r[1] for r in _rows("aliases.tsv")},
        pronouns={r[0].lower(): r[1] for r in _rows("pronouns.tsv")},
        dropped_determiners=words("group_determiners.txt"),
        anonymity_phrases=phrases("anonymity_phrases.txt"),
        reason_markers=phrases("reason_markers.txt"),
        non_response_cues=phrases("non_response_cues.txt"),
        time_words=words("time_words.txt"),
        group_words=words("group_words.txt"),
        collective_nouns={r[0].lower(): int(r[1]) if len(r) > 1 else None
                          for r in _rows("collective_nouns.txt")},
        name_titles=words("name_titles.txt"),
        institution_nouns={r[0]: tuple(w.strip() for w in r[1].split(","))
                           for r in _rows("institution_nouns.tsv")},
        abbreviations={r[0].lower(): (r[1] if len(r) > 1 else "")
                       for r in _rows("abbreviations.tsv")},
    )
