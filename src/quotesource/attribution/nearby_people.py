"""The people an article names, looked up from a speaker mention: the nearest compatible
person before a pronoun, a surname's full name, the pair or group just named, and the sources
kept so far (each source once per name and type). coreference.py resolves mentions with these.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from ..records import Source, Span
from .article_people import ArticlePeople
from .mentions import Mention, noun_gender
from .name_words import surname
from .names import first_name_gender
from .person_nouns import person_noun


def _name_gender(person) -> str | None:
    """The gender a person's first name leans to (names.first_name_gender), where the article's
    own pronouns and titles have not said one (a _Person or a named Source)."""
    if getattr(person, "gender", None) or getattr(person, "source_type", "named_person") \
            != "named_person" or len((person.name or "").split()) < 2:
        return None
    return first_name_gender(person.name.split()[0])


class NearbyPeople(ArticlePeople):
    """ArticlePeople with the sources found so far, and the lookups resolution makes."""

    def source_for(self, mention: Mention, span: Span) -> Source:
        known = self.by_key.get((mention.name.lower(), mention.kind))
        if known is not None:
            # Keep what earlier mentions told us ("Sabrina Singh, the Pentagon's ...").
            known.role = known.role or mention.role
            known.affiliation = known.affiliation or mention.affiliation
            return known
        source = Source(mention.name, mention.kind, mention.count, mention.affiliation,
                        mention.role, span)
        self.sources.append(source)
        self.by_key[(mention.name.lower(), mention.kind)] = source
        return source

    def full_name(self, name: str, before: int, gender: str | None = None) -> str:
        last = surname(name) if name else ""
        # a fuller form of this name ("Roe" -> "Jane Roe"), never another name with the same
        # surname ("Maria Lopez" is not "Carlos Lopez")
        words = {w for w in name.split() if not self.title_word(w)}
        candidates = [n for at, n in self.full_by_last.get(last, ())
                      if len(n) > len(name) and words <= set(n.split())]
        if gender:                       # "Mrs. Clinton" of "Bill Clinton" and "Hillary Clinton"
            candidates = [n for n in candidates if (n in self.people and self.people[n].gender
                                                    in (gender, None))] or candidates
        earlier = [n for at, n in self.full_by_last.get(last, ())
                   if at < before and n in candidates]
        return (earlier or candidates or [name])[0]

    def named_pair_before(self, before: int) -> str | None:
        """"Tova Noel and Michael Thomas": the last two named people joined by "and", outside
        quotes ("Name and Name"), in this sentence before `before`, or as a subject in the
        sentence before ("Officials met Roe and Doe. They said" is not the two of them)."""
        here = self.sentence_of(before)
        start = self.sentences[max(0, here - 1)][0]
        mentions = [(s, e, p) for s, e, p in
                    self.mentions[bisect_left(self.mention_starts, start):
                                   bisect_left(self.mention_starts, before)]
                    if not self.quoted(s)]
        here_start = self.sentences[here][0]
        for (s1, e1, p1), (s2, e2, p2) in reversed(list(zip(mentions, mentions[1:]))):
            if p1 is not p2 and self.text[e1:s2].strip() == "and" and \
                    (not self.subject_at or s1 >= here_start
                     or any(at in self.subject_at for at in range(s1, e2))):
                return f"{p1.name} and {p2.name}"
        return None

    def people_named(self, start: int, end: int) -> dict[str, tuple[int, int]]:
        """The different people named between two offsets, outside quotes, each by the full
        name written earlier, with its first and last mention there, first named first."""
        seen: dict[str, tuple[int, int]] = {}
        for s, _, person in self.mentions[bisect_left(self.mention_starts, start):
                                          bisect_left(self.mention_starts, end)]:
            if not self.quoted(s):
                name = self.full_name(person.name, s)
                seen[name] = (seen.get(name, (s, s))[0], s)
        # "Bernie" is the "Bernie Sanders" of the same lines
        return {name: at for name, at in seen.items() if not any(
            name != other and set(name.split()) <= set(other.split()) for other in seen)}

    def plural_people_before(self, before: int):
        """'Millennials have reached ...: by 2-1, they say': the nearest plural noun for people
        (or plural name) in this sentence or the one before, outside quotes (the Word), or None."""
        here = self.sentence_of(before)
        start = self.sentences[max(0, here - 1)][0]
        for i in range(bisect_left(self.plural_starts, before) - 1, -1, -1):
            w = self.plural_nouns[i]
            if w.start < start:
                break
            if not self.quoted(w.start) and (person_noun(w, self.lex) or w.xpos == "NNPS"):
                return w
        return None

    def nearest_person(self, before: int, gender: str | None):
        """The person a singular pronoun at `before` refers to: a _Person or an earlier Source.

        Sentence by sentence backwards from the pronoun's own, the first compatible person who is
        a subject there (speakers are); failing any within 8 sentences, the first compatible
        person of the nearest sentence that names one ("Placed under the care of Dr. Roe, he
        was ..." is rarely Roe)."""
        here = self.sentence_of(before)
        sources = [src for src in self.sources[-50:]      # recent speakers are enough
                   if src.mention and src.mention.start < before and not self.quoted(src.mention.start)
                   and self.person_source(src, gender)]
        fallback = None
        for i in range(here, max(-1, here - 8), -1):
            start, end = self.sentences[i]
            end = min(end, before)
            found = [(src.mention.start, True, src) for src in sources
                     if start <= src.mention.start < end]
            for j in range(bisect_left(self.mention_starts, start), len(self.mentions)):
                s, e, p = self.mentions[j]
                if s >= end:
                    break
                if not (gender and p.gender and p.gender != gender):
                    found.append((s, any(at in self.subject_at for at in range(s, e)), p))
            subjects = [(s, c) for s, subject, c in found if subject]
            if subjects:
                best = min(subjects, key=lambda x: x[0])[1]
                if gender and _name_gender(best) not in (None, gender):
                    # "Governor John Smith met with Maria Lopez. She said": where the article
                    # says nothing of either, the one whose first name says so, in this sentence
                    named = [(s, c) for s, _, c in found if _name_gender(c) == gender]
                    best = min(named, key=lambda x: x[0])[1] if named else best
                return best
            if found and fallback is None:
                fallback = min(found, key=lambda x: x[0])[2]
        if fallback is not None:
            return fallback
        earlier = [(s, p) for s, _, p in self.mentions[:bisect_left(self.mention_starts, before)]
                   [-200:] if not (gender and p.gender and p.gender != gender)]
        earlier += [(src.mention.start, src) for src in sources]
        if earlier:
            return max(earlier, key=lambda x: x[0])[1]
        unnamed = [(at, name) for at, name, said_gender in self.unnamed_subjects
                   if at < before and here - self.sentence_of(at) <= 2
                   and not (gender and said_gender and said_gender != gender)]
        if unnamed:           # "A 34-year-old man was arrested. He told police ..."
            at, name = unnamed[-1]
            return self.source_for(Mention("anonymous_person", name, name.split()[-1].lower(), 1),
                                   Span.of(self.text, at, at + len(name)))
        return None

    def person_source(self, src: Source, gender: str | None) -> bool:
        if src.source_type == "named_person":
            person = self.people.get(src.name)
            return not (gender and person and person.gender and person.gender != gender)
        if src.source_type == "anonymous_person":
            head = src.name.split()[-1].lower() if src.name else ""
            # "a mother of two teenagers ... she": a noun that says the pronoun's gender
            noun = re.split(r"\s(?:of|for|at|in|from|with|who)\s", src.name or "")[0].split()
            return head in self.lex.anonymous_nouns or head in self.lex.role_nouns or (
                gender is not None and bool(noun) and noun_gender(noun[-1].lower()) == gender)
        return False
