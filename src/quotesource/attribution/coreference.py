"""Stage 5: resolve a speaker mention to a source named elsewhere in the same article.

- pronouns: "she said" -> the nearest compatible person before it: first in the same sentence,
  then sentence by sentence backwards, the first person mentioned there (subjects come first),
  never a name inside a quotation, and only one whose gender (from titles and the pronouns the
  article uses after the name) does not contradict the pronoun; "it" (and "they" with no
  people or group before it) -> the body the entities name as the subject of this sentence or
  the one before, or the last body or document that spoke;
- surnames and titles: "Alaaldin", "Prime Minister al-Sudani" -> the full name written earlier;
  a lone name the article never writes in full is a person unless the entities say otherwise;
- definite descriptions: "the official" -> the earlier "a senior official"; "the senator" -> the
  person whose title or role says senator, else the person the article is about so far; a
  counted group ("the two", "both men") -> the people just named;
- documents: "The statement" -> "joint statement", the fuller mention of that noun earlier on.

What cannot be resolved is a source of type `unresolved`, never silently anonymous. The people
the article names, and the gender of each, are found first (article_people.py).
"""
from __future__ import annotations

import re

from ..records import UNRESOLVED, Source, Span
from .mentions import Mention
from .name_words import after_a_name_word, family_named, spelled_as_a_brand
from .nearby_people import NearbyPeople
from .names import person_probability

_DOC_LEAD = re.compile(r"\b(?:a|an|the|its|their|this)\s+((?:[a-zA-Z-]+\s+){0,2})$", re.I)
# What documents do rather than people: "They show", "It found" after a sentence naming one
_DOCUMENT_VERBS = {"show", "find", "suggest", "indicate", "reveal", "conclude", "estimate"}
_IT_REACH = 3           # sentences back that "it" looks for a body in
# "the Chicago Bears", "The Lakers": "the" and a capitalised run ending in a plural name
_TEAM = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w.&\u2019'-]*\s+){0,3}[A-Z][\w.&\u2019'-]*s)$")
# Heads of descriptions that are themselves the evidence of anonymity ("the official said").
_ANONYMOUS_HEADS = {"official", "source", "spokesman", "spokeswoman", "spokesperson", "aide",
                    "adviser", "advisor", "person", "insider", "staffer", "diplomat", "officer",
                    "employee", "witness", "resident", "participant", "individual"}

# Heads of a counted group that say nothing of who they are: "the two", "both men", "the couple"
# are the people just named; "the two lawmakers" may be others named further back.
_BARE_PEOPLE_HEADS = {"two", "three", "four", "both", "man", "woman", "men", "women", "people",
                      "couple", "pair", "duo", "trio", "friend", "brother", "sister", "sibling",
                      "parent", "twin"}


class ArticleContext(NearbyPeople):
    """What has been said about whom so far in one article."""

    def resolve(self, mention: Mention, span: Span) -> Source:
        if span.text == "A" and self.text[span.end:span.end + 1] == ":" and self.interviewee:
            # "A: It's a big mistake." in a transcript: the one interviewed, not an anonymous "a"
            return self.source_for(Mention("named_person", self.interviewee, "a", 1), span)
        if mention.kind == "pronoun":
            return self._pronoun(mention, span)
        if mention.kind == "proper":
            full = self.full_name(mention.name, span.start, mention.gender)
            # A surname written in full elsewhere is a person; so is a lone name that no entity
            # or alias calls a place ("Roe said").
            mention.kind = "named_person" if full != mention.name or not (
                mention.place or mention.name in self.lex.aliases
                or mention.name in self.organizations or spelled_as_a_brand(mention.name)) \
                else "named_organization"     # ("BuzzFeed reported")
            if full == mention.name and mention.kind == "named_person" and \
                    self.full_name(full.rstrip("s"), span.start) == full.rstrip("s"):
                if mention.plural:
                    # "Muslims in America said": a plural name nobody in the article bears (the
                    # Khans are Khizr and Ghazala Khan)
                    mention.kind = "anonymous_group"
                elif not (mention.gender or mention.role) and len(full) > 1 and \
                        (person_probability(full) or 0) < 0.4 and \
                        full.lower().rstrip(".") not in self.lex.role_nouns and \
                        not after_a_name_word(self.text, full) and \
                        not re.search(rf"\b{re.escape(full)} [A-Z]", self.text):
                    # "Amazon reported", "Gallup finds": no one of that name anywhere in the
                    # article (a person is named in full once, before or after; "Band member
                    # Flea" is described as one), and the name model finds no person's name
                    mention.kind = "named_organization"
            mention.name = full
            mention.count = 1 if mention.kind == "named_person" else None
        elif mention.surname_like and (full := self.full_name(mention.name, span.start)) \
                != mention.name and mention.name not in self.organizations:
            mention.kind, mention.name, mention.count = "named_person", full, 1
        if mention.kind == "named_person":
            # each of "Noel and Thomas" by the full name written earlier
            mention.name = " and ".join(self.full_name(part, span.start)
                                        for part in mention.name.split(" and "))
            known = self.people.get(mention.name)
            if (known and known.gender == "n") or mention.name in self.organizations:
                # "Roe Watch said its ...", "Roe Watch President Jane Doe": not a person
                mention.kind, mention.count = "named_organization", None
        elif mention.kind == "document":
            mention.name = self._document_name(mention, span.start)
        elif mention.kind == "anonymous_group" and mention.definite and mention.people_noun \
                and (mention.count or 0) > 1 and \
                (named := self._named_people(span, mention.count, mention.head)) is not None:
            # "Tova Noel and Michael Thomas ... the two officers", "both men", "the couple",
            # "the two leading Republicans, Donald J. Trump and Senator Ted Cruz": those named
            return self.source_for(Mention("named_person", named, mention.head, mention.count), span)
        elif mention.kind == "anonymous_group" and mention.count == 2 and \
                (pair := self.pair_introduced_after(span.end)) is not None:
            # "Two firefighters were suspended ... Jane Roe and John Doe, who ...": the
            # two the next lines introduce
            names = " and ".join(self.full_name(name, span.start) for name in pair)
            return self.source_for(Mention("named_person", names, mention.head, 2), span)
        elif mention.kind == "anonymous_group" and " " not in span.text and \
                span.text[:1].isupper() and (full := self.full_name(span.text, span.start)) \
                != span.text:
            # "Kirk Cousins ... Cousins said": a surname that reads as a plural noun only
            # because it opens the sentence
            return self.source_for(Mention("named_person", full, mention.head, 1), span)
        elif mention.kind == "anonymous_group" and mention.head in self.lex.institution_nouns:
            office = self.office_named(self.lex.institution_nouns[mention.head])
            if office is not None:       # "prosecutors" of "the U.S. Attorney's Office"
                mention.kind, mention.name, mention.count = "named_organization", office, None
        elif mention.kind == "anonymous_person" and mention.definite:
            described = self._described(mention, span)
            if described is not None:
                return described
        return self.source_for(mention, span)

    def _unresolved(self, mention: Mention, span: Span) -> Source:
        return self.source_for(Mention(UNRESOLVED, span.text, mention.head), span)

    def _pronoun(self, mention: Mention, span: Span) -> Source:
        if mention.plural:
            pair = self.named_pair_before(span.start)
            if pair is not None:         # "Jane Roe and John Doe ... They said": the two of them
                return self.source_for(Mention("named_person", pair, mention.head, 2), span)
            earlier = [s for s in self.sources if s.mention and s.mention.start < span.start
                       and s.source_type in ("anonymous_group", "named_organization")]
            about = self._subject_before(span, "document", True, earlier) or \
                self._subject_before(span, "anonymous_group", None, earlier)
            if about is not None or earlier:
                return about or earlier[-1]
            group = self.plural_people_before(span.start)
            if group is not None and \
                    (team := _TEAM.search(self.text[max(0, group.end - 80):group.end])) and \
                    not family_named(self.text, group) and group.start not in self.place_at:
                # "The Lakers beat the Suns. They said": a team's name, as sources.py reads
                # "the" before a plural name
                name = team.group(1)
                return self.source_for(Mention("named_organization", name, name.lower()), span)
            if group is not None:
                return self.source_for(Mention("anonymous_group", group.text, group.text.lower()),
                                       span)
            body = self._body_before(span.start)
            if body is not None:           # "Big Machine refused. They said ...": the company
                return body
            return self._unresolved(mention, span)
        if self.lex.pronouns.get(mention.head) == "thing":
            # "it said": a company, an agency or a document, never a person
            here = self.sentence_of(span.start)
            earlier = [s for s in self.sources if s.mention and s.mention.start < span.start
                       and s.source_type in ("named_organization", "document")
                       and here - self.sentence_of(s.mention.start) <= 8]
            # "Apple released a phone. It said ...": a body the subject of this sentence or the
            # one before, named after the last such source, is nearer than that source
            # ("Acme was fined. Jane Roe, its chief, was not available. It said": a body two
            # or three sentences back, where the sentences between name none)
            body = self._body_before(span.start,
                                     after=earlier[-1].mention.start if earlier else -1,
                                     reach=_IT_REACH)
            document = self._subject_before(span, "document", False, earlier)
            if document is not None and \
                    (body is None or body.mention.start < document.mention.start):
                return document
            if body is not None:
                return body
            return earlier[-1] if earlier else self._unresolved(mention, span)
        candidate = self.nearest_person(span.start, mention.gender)
        if candidate is None:
            return self._unresolved(mention, span)
        if isinstance(candidate, Source):
            return candidate
        return self.source_for(Mention("named_person", candidate.name, mention.head, 1), span)

    def _subject_before(self, span: Span, kind: str, plural: bool | None,
                        earlier: list[Source]) -> Source | None:
        """A document (or a group a collective noun names) the sentence before is about,
        named after the last earlier source."""
        subjects = self.document_subjects if kind == "document" else self.collective_subjects
        if kind == "document" and self.verb_after_pronoun.get(span.start) in _DOCUMENT_VERBS:
            subjects = self.document_mentions
        word = self.subject_before(subjects, span.start, plural,
                                   after=earlier[-1].mention.start if earlier else -1)
        if word is None:
            return None
        return self.source_for(Mention(kind, word.text, word.lemma.lower()),
                               Span.of(self.text, word.start, word.end))

    def _body_before(self, before: int, after: int = -1, reach: int = 1) -> Source | None:
        """The last body the entities name as a subject, outside quotes, in this sentence
        (before `before`) or the `reach` ones before, and after `after`; not a body's name that
        goes on into a title or a possessive ("Senate Minority | Leader Harry Reid", "X's")."""
        here = self.sentence_of(before)
        start = max(self.sentences[max(0, here - reach)][0], after + 1)
        for entity in reversed(self.bodies):
            if entity.start >= before:
                continue
            if entity.start < start:
                break
            if not self.subject_at or entity.text.endswith(("'s", "\u2019s")) or \
                    re.match(r"\s*[A-Z]", self.text[entity.end:entity.end + 2]) or \
                    not any(at in self.subject_at for at in range(entity.start, entity.end)):
                continue
            name = re.sub(r"^the\s+", "", entity.text, flags=re.I)
            return self.source_for(Mention("named_organization", name, name.split()[-1].lower()),
                                   Span.of(self.text, entity.start, entity.end))
        return None

    def _named_people(self, span: Span, count: int, head: str) -> str | None:
        """The `count` people a definite group refers to: those its own words name (an
        apposition), else a pair joined by "and", else, for a head that says nothing of who they
        are ("the two", "both men", "the couple"), the `count` different people named last,
        outside quotes, in this sentence and the three before; None where fewer are named."""
        inside = self.people_named(span.start, span.end)
        if len(inside) >= count:
            return " and ".join(list(inside)[:count])
        if count == 2 and (pair := self.named_pair_before(span.start)) is not None:
            return pair
        if inside or head not in _BARE_PEOPLE_HEADS:
            # "both of Trump's rivals" are not Trump; "the two lawmakers" need more than
            # the two people named last
            return None
        here = self.sentence_of(span.start)
        recent = self.people_named(self.sentences[max(0, here - 3)][0], span.start)
        if len(recent) < count:
            return None
        last = sorted(recent, key=lambda name: recent[name][1])[-count:]
        return " and ".join(sorted(last, key=lambda name: recent[name][0]))

    def _described(self, mention: Mention, span: Span) -> Source | None:
        """'the official' -> the earlier 'a senior official'; 'the senator' -> the person so
        titled, else the person the article is about so far; None to keep it anonymous."""
        head = mention.head
        for src in reversed(self.sources):
            if src.mention and src.mention.start < span.start and src.name and \
                    src.name.split()[-1].lower() == head and src.source_type != UNRESOLVED:
                return src
        titled = [p for p in self.people.values()
                  if head in p.title_words and any(s < span.start for s, _ in p.mentions)]
        for src in reversed(self.sources):
            if src.source_type == "named_person" and src.role and \
                    re.search(rf"\b{re.escape(head)}\b", src.role.lower()):
                return src
        if titled:
            best = max(titled, key=lambda p: max(s for s, _ in p.mentions if s < span.start))
            return self.source_for(Mention("named_person", best.name, head, 1, role=mention.name), span)
        if head in _ANONYMOUS_HEADS or mention.possessed:
            # "the spokesman for X": anonymous, as described; "his wife" is not the nearest
            # person (that is most often the husband) and stays anonymous unless named
            return None
        candidate = self.nearest_person(span.start, mention.gender)
        if isinstance(candidate, Source):
            return candidate if candidate.source_type == "named_person" else None
        if candidate is None:
            return self._unresolved(mention, span)
        return self.source_for(Mention("named_person", candidate.name, head, 1), span)

    def _document_name(self, mention: Mention, before: int) -> str:
        if " " in mention.name:
            return mention.name
        fuller = []
        for match in re.finditer(rf"\b{re.escape(mention.head)}\b", self.text[:before], re.I):
            lead = _DOC_LEAD.search(self.text[max(0, match.start() - 40):match.start()])
            if lead and lead.group(1).strip():
                fuller.append(f"{lead.group(1).strip()} {match.group()}")
        return fuller[-1] if fuller else mention.name
