"""Stage 5: resolve a speaker mention to a source named elsewhere in the same article.

- pronouns: "he stated" -> the last person who spoke before (an anonymous one stays anonymous);
- surnames and titles: "Alaaldin", "Prime Minister al-Sudani" -> the full name written earlier;
- documents: "The statement" -> "joint statement", the fuller mention of that noun earlier on.
"""
from __future__ import annotations

import re

from . import lexicons
from .records import Source, Span
from .sources import Mention

# Capitalised name runs, allowing particles written in lower case ("al-Sudani", "bin", "de").
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w\u2019'.-]*|al-\w+|bin|de|van|von)(?:\s+(?:[A-Z][\w\u2019'.-]*|al-\w+|bin|de|van|von))+")
_DOC_LEAD = re.compile(r"\b(?:a|an|the|its|their|this)\s+((?:[a-zA-Z-]+\s+){0,2})$", re.I)


class ArticleContext:
    """What has been said about whom so far in one article."""

    def __init__(self, text: str, body_start: int, body_end: int):
        self.text = text
        self.body = (body_start, body_end)
        self.sources: list[Source] = []           # in order of mention
        lex = lexicons.load()
        self.full_names = []                      # (offset, "Mohammed Shia al-Sudani")
        for match in _NAME_RUN.finditer(text, body_start, body_end):
            words = match.group().split()
            last_title = max((i for i, w in enumerate(words[:-1])
                              if w.lower().rstrip(".") in lex.role_nouns), default=-1)
            person = words[last_title + 1:]
            if len(person) >= 2:
                self.full_names.append((match.start(), " ".join(person)))

    def resolve(self, mention: Mention, span: Span) -> Source:
        if mention.kind == "pronoun":
            return self._pronoun(mention, span)
        if mention.kind == "proper":
            full = self._full_name(mention.name, span.start)
            mention.kind = "named_person" if full != mention.name else "named_organization"
            mention.name = full
            mention.count = 1 if mention.kind == "named_person" else None
        if mention.kind == "named_person":
            mention.name = self._full_name(mention.name, span.start)
        elif mention.kind == "document":
            mention.name = self._document_name(mention, span.start)
        for known in self.sources:
            if known.name.lower() == mention.name.lower() and known.source_type == mention.kind:
                # Keep what earlier mentions told us ("Sabrina Singh, the Pentagon's ...").
                known.role = known.role or mention.role
                known.affiliation = known.affiliation or mention.affiliation
                return known
        source = Source(mention.name, mention.kind, mention.count, mention.affiliation,
                        mention.role, span)
        self.sources.append(source)
        return source

    def _pronoun(self, mention: Mention, span: Span) -> Source | None:
        wanted = ("anonymous_group", "named_organization") if mention.plural else \
            ("named_person", "anonymous_person")
        earlier = [s for s in self.sources if s.mention and s.mention.start < span.start
                   and s.source_type in wanted]
        if earlier:
            return earlier[-1]
        if not mention.plural:
            names = [n for at, n in self.full_names if at < span.start]
            if names:
                return self.resolve(Mention("named_person", names[-1], mention.head, 1), span)
        return None

    def _full_name(self, name: str, before: int) -> str:
        last = name.split()[-1] if name else ""
        candidates = [n for at, n in self.full_names if n.split()[-1] == last and len(n) > len(name)]
        earlier = [n for at, n in self.full_names
                   if at < before and n.split()[-1] == last and len(n) > len(name)]
        return (earlier or candidates or [name])[0]

    def _document_name(self, mention: Mention, before: int) -> str:
        if " " in mention.name:
            return mention.name
        fuller = []
        for match in re.finditer(rf"\b{re.escape(mention.head)}\b", self.text[:before], re.I):
            lead = _DOC_LEAD.search(self.text[max(0, match.start() - 40):match.start()])
            if lead and lead.group(1).strip():
                fuller.append(f"{lead.group(1).strip()} {match.group()}")
        return fuller[-1] if fuller else mention.name
