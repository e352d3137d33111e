"""Stage 5: resolve a speaker mention to a source named elsewhere in the same article.

- pronouns: "she said" -> the nearest compatible person before it: first in the same sentence,
  then sentence by sentence backwards, the first person mentioned there (subjects come first),
  never a name inside a quotation, and only one whose gender (from titles and the pronouns the
  article uses after the name) does not contradict the pronoun;
- surnames and titles: "Alaaldin", "Prime Minister al-Sudani" -> the full name written earlier;
  a lone name the article never writes in full is a person unless the entities say otherwise;
- definite descriptions: "the official" -> the earlier "a senior official"; "the senator" -> the
  person whose title or role says senator, else the person the article is about so far;
- documents: "The statement" -> "joint statement", the fuller mention of that noun earlier on.

What cannot be resolved is a source of type `unresolved`, never silently anonymous.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from .. import lexicons
from ..records import UNRESOLVED, Source, Span
from .candidates import shallow_subjects
from .sources import NAME_PARTICLES, PRONOUN_GENDER, Mention, is_title, person_noun

# Capitalised name runs, allowing particles written in lower case ("al-Sudani", "bin", "von der").
_NAME_WORD = r"(?:[A-Z][\w\u2019'.-]*|al-\w+)"
_PARTICLE = "|".join(sorted(NAME_PARTICLES))
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)*{_NAME_WORD})+")
_DOC_LEAD = re.compile(r"\b(?:a|an|the|its|their|this)\s+((?:[a-zA-Z-]+\s+){0,2})$", re.I)
# A capitalised name that may hold lower-case glue: "U.S. Attorney's Office for the Southern
# District of New York", "Swedish Prosecution Authority".
_OFFICE_NAME = re.compile(r"(?:[A-Z][\w.&\u2019'-]*)(?:\s+(?:(?:of|for|the)\s+)*[A-Z][\w.&\u2019'-]*)+")
_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers|it|its)\b", re.I)
_TITLE_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
# Abbreviated titles and the role nouns they stand for ("Sen. Roe" is "the senator").
_TITLE_WORDS = {abbreviation: noun for abbreviation, noun in lexicons.load().abbreviations.items()
                if noun}
# Heads of descriptions that are themselves the evidence of anonymity ("the official said").
_ANONYMOUS_HEADS = {"official", "source", "spokesman", "spokeswoman", "spokesperson", "aide",
                    "adviser", "advisor", "person", "insider", "staffer", "diplomat", "officer",
                    "employee", "witness", "resident", "participant", "individual"}
# A sentence ends at . ! ? (and closing marks) before a space; not after a lone initial or title.
_NOT_A_NAME_END = re.compile(r"(?<![.\w])[A-Za-z]{3,}\.$")


def _subjects(sentence) -> list:
    """Subjects, and the possessors of subjects ("Roe's tone was defiant. He ..."); from the
    tags where the sentence was not parsed (candidates.py)."""
    words = sentence.words
    if not sentence.parsed:
        ids = shallow_subjects(sentence)
        return [w for w in words if w.id in ids]
    return [w for w in words if w.deprel.startswith("nsubj") or (
        w.deprel == "nmod:poss" and 0 < w.head <= len(words)
        and words[w.head - 1].deprel.startswith("nsubj"))]


@dataclass
class _Person:
    """A person named in the article and where: the full name, the offsets of every mention."""
    name: str
    title_words: set[str]
    mentions: list[tuple[int, int]]
    gender: str | None = None


class ArticleContext:
    """What has been said about whom so far in one article."""

    def __init__(self, text: str, body_start: int, body_end: int, sentences=(), quotes=(),
                 entities=()):
        self.text = text
        self.body = (body_start, body_end)
        self.sources: list[Source] = []           # in order of mention
        self._by_key: dict[tuple[str, str], Source] = {}
        # Everything below is sorted by offset and searched by bisection, so resolving every
        # mention of a long article stays linear in its length.
        self.sentences = [(s.start, s.end) for s in sentences] or [(body_start, body_end)]
        self._sentence_ends = [e for _, e in self.sentences]
        self.quotes = sorted((q.start, q.end) for q in quotes)
        self._quote_starts = [s for s, _ in self.quotes]
        # capitalised words that may belong to a name: a name, or an adjective the tagger took
        # from one ("Judicial/ADJ Watch"); not "Under Florida law" or "After Roe left"
        self.name_word_at = {w.start for s in sentences for w in s.words
                             if w.upos in ("PROPN", "ADJ")}
        self.plural_nouns = [w for s in sentences for w in s.words if w.xpos in ("NNS", "NNPS")]
        self._noun_starts = sorted(w.start for s in sentences for w in s.words
                                   if w.upos in ("NOUN", "PROPN"))
        self._plural_starts = [w.start for w in self.plural_nouns]
        self.subject_at = {w.start for s in sentences for w in _subjects(s)}
        self.lex = lexicons.load()
        self.people = self._find_people(entities)
        # every mention of every person, by offset: (start, end, person)
        self._mentions = sorted((s, e, p) for p in self.people.values() for s, e in p.mentions
                                if not self._quoted(s))
        self._mention_starts = [s for s, _, _ in self._mentions]
        for person in self.people.values():
            person.gender = self._gender(person)
        # full-name mentions by surname, in text order: "Roe" -> [(offset, "Jane Roe"), ...]
        self._full_by_last: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for at, name in sorted((s, p.name) for p in self.people.values() for s, e in p.mentions
                               if len(text[s:e].split()) >= 2):
            self._full_by_last[name.split()[-1]].append((at, name))

    # ------------------------------------------------------------------ people in the text

    def _find_people(self, entities) -> dict[str, _Person]:
        """Every full name (two or more name words after any title), its surname mentions and
        the gender the article shows for it."""
        text, (start, end) = self.text, self.body
        people: dict[str, _Person] = {}
        self.organizations: set[str] = set()     # "Roe Watch" of "Roe Watch President Jane Doe"
        for match in _NAME_RUN.finditer(text, start, end):
            for s, words in self._runs(match):
                if words[0] == "The":
                    continue                            # "The Washington Post"
                while words and self.name_word_at and s not in self.name_word_at and \
                        not self._is_title(words[0]):
                    s += len(words[0]) + 1              # "Under Florida law": not a name word
                    words = words[1:]
                titles = [i for i, w in enumerate(words[:-1]) if self._is_title(w)]
                person = words[(titles[-1] + 1) if titles else 0:]
                if titles and titles[0] > 0 and person:
                    self.organizations.add(" ".join(words[:titles[0]]).rstrip("\u2019's"))
                if len(person) < 2 or self._looks_like_organization(person):
                    continue
                name = " ".join(person)
                offset = s + len(" ".join(words[:len(words) - len(person)])) + (1 if titles else 0)
                if entities and not titles and name not in people and not any(
                        e.type == "PER" and e.start < offset + len(name) and offset < e.end
                        for e in entities):
                    continue      # the entities found in the article do not call it a person
                p = people.setdefault(name, _Person(name, set(), []))
                p.title_words |= {_TITLE_WORDS.get(w.lower(), w.lower()) for w in words[:len(words) - len(person)]}
                p.mentions.append((offset, offset + len(name)))
        for e in entities:
            words = e.text.split()
            while words and self._is_title(words[0]):
                words = words[1:]                         # "Mr. Roe": a title, not a name
            name = " ".join(words)
            if e.type == "PER" and len(words) >= 2 and name not in people and \
                    not any(name in n for n in people):
                people[name] = _Person(name, set(), [(e.end - len(name), e.end)])
        full_names = [m for p in people.values() for m in p.mentions]
        for e in entities:
            # A person the article names by one word only ("Kendra", "Byron"): its surname
            # mentions are found below, unless a full name already ends with it or the word
            # is part of a full name the entities split ("Ursula" of "Ursula von der Leyen").
            if e.type == "PER" and len(e.text.split()) == 1 and e.text[:1].isupper() and \
                    not self._is_title(e.text) and \
                    not any(n.split()[-1] == e.text for n in people) and \
                    not any(a <= e.start and e.end <= b for a, b in full_names):
                people[e.text] = _Person(e.text, set(), [(e.start, e.end)])
        by_surname = Counter(p.name.split()[-1] for p in people.values())
        # "Bill Clinton" and "Hillary Clinton": "Clinton" alone is neither
        owner = {p.name.split()[-1]: p for p in people.values()
                 if by_surname[p.name.split()[-1]] == 1}
        known = {p.name: set(p.mentions) for p in people.values()}
        for m in re.finditer(r"(?<![\w-])[\w\u2019'-]+", text[:end]):
            person = owner.get(re.sub(r"[\u2019']s?$", "", m.group()))      # "Roe's": "Roe"
            if person is None or m.start() < start:
                continue
            span = (m.start(), m.start() + len(person.name.split()[-1]))
            if not any(a <= span[0] < b for a, b in known[person.name]):
                person.mentions.append(span)
        for p in people.values():
            p.mentions.sort()
        return people

    def _runs(self, match):
        """A name run split where a sentence ends inside it ('... Abedin. Judicial Watch')."""
        out, current = [], []
        for w in re.finditer(r"\S+", match.group()):
            current.append((match.start() + w.start(), w.group()))
            if _NOT_A_NAME_END.search(w.group()) and not self._is_title(w.group()):
                current[-1] = (current[-1][0], w.group().rstrip("."))
                out.append(current)
                current = []
        out.append(current)
        return [(run[0][0], [w for _, w in run]) for run in out if run]

    def _is_title(self, word: str) -> bool:
        # (Mr., Mrs. and Ms. are in the role nouns too)
        return is_title(word, self.lex) or word.lower() in _TITLE_WORDS

    def _looks_like_organization(self, words: list[str]) -> bool:
        last = words[-1].lower().rstrip(".,")
        return words[0] == "The" or last in self.lex.organization_nouns or \
            any(w.lower() in ("of", "for") for w in words) or \
            any(w.isupper() and len(w) > 1 and w.isalpha() for w in words)

    def _gender(self, person: _Person) -> str | None:
        votes = Counter(_TITLE_GENDER[t] for t in person.title_words if t in _TITLE_GENDER)
        surname = person.name.split()[-1]
        for m in re.finditer(rf"\b(Mr|Mrs|Ms)\.? {re.escape(surname)}\b", self.text):
            votes[_TITLE_GENDER[m.group(1).lower()]] += 2
        for s, e in person.mentions:
            if self.subject_at and not any(at in self.subject_at for at in range(s, e)):
                continue         # "Mary Roe, whom he met": only a subject's pronouns tell
            window_end = self._sentence_end(e, extra=1)
            stop = window_end
            for a, _, other in self._mentions[bisect_left(self._mention_starts, e):]:
                if a >= window_end:
                    break
                if other is not person:
                    stop = a
                    break
            pron = _PRONOUN.search(self.text, e, stop)
            if pron and not self._quoted(pron.start()):
                word = pron.group().lower()
                if word in PRONOUN_GENDER:
                    votes[PRONOUN_GENDER[word]] += 1
                elif word == "its" and pron.start() < self._sentence_end(e) and \
                        not self._noun_between(e, pron.start()) and \
                        self.text[e:pron.start()].strip() != ",":
                    votes["n"] += 1              # "Roe Watch said its ...": an organization
                    # (not "Roe launched the campaign ... on its first day": the campaign's;
                    # nor "Jane Roe, its chief executive,": an apposition, the company's)
        if votes["n"] and (votes["m"] or votes["f"]):
            del votes["n"]
        if votes and votes.most_common(1)[0][1] > sum(votes.values()) / 2:
            return votes.most_common(1)[0][0]
        return None

    def _office(self, name_words: tuple[str, ...]) -> str | None:
        """The office the article names with one of these words, the first word first ("the
        U.S. Attorney's Office for the Southern District", "Swedish Prosecution Authority")."""
        for word in name_words:
            for name in self._capitalised_names:
                if re.search(rf"\b{re.escape(word)}", name) and any(
                        w.lower().rstrip("\u2019's") in self.lex.organization_nouns
                        for w in name.split()[1:]):
                    return name
        return None

    @cached_property
    def _capitalised_names(self) -> list[str]:
        """Every capitalised name of the body, once per article, for _office."""
        start, end = self.body
        names = [m.group() for m in _OFFICE_NAME.finditer(self.text, start, end)]
        return [n[4:] if n.startswith("The ") else n for n in names]

    def _noun_between(self, start: int, end: int) -> bool:
        i = bisect_left(self._noun_starts, start)
        return i < len(self._noun_starts) and self._noun_starts[i] < end

    def _sentence_of(self, offset: int) -> int:
        return min(bisect_right(self._sentence_ends, offset), len(self.sentences) - 1)

    def _sentence_end(self, offset: int, extra: int = 0) -> int:
        i = min(self._sentence_of(offset) + extra, len(self.sentences) - 1)
        return self.sentences[i][1]

    def _quoted(self, offset: int) -> bool:
        i = bisect_right(self._quote_starts, offset) - 1
        # quotes may nest ('"... 'x' ..."'): look back past inner ones a few at most
        return any(self.quotes[j][0] <= offset < self.quotes[j][1] for j in range(i, max(-1, i - 3), -1))

    # ------------------------------------------------------------------ resolution

    def resolve(self, mention: Mention, span: Span) -> Source:
        if mention.kind == "pronoun":
            return self._pronoun(mention, span)
        if mention.kind == "proper":
            full = self._full_name(mention.name, span.start)
            # A surname written in full elsewhere is a person; so is a lone name that no entity
            # or alias calls a place ("Roe said").
            mention.kind = "named_person" if full != mention.name or not (
                mention.place or mention.name in self.lex.aliases
                or mention.name in self.organizations) else "named_organization"
            mention.name = full
            mention.count = 1 if mention.kind == "named_person" else None
        if mention.kind == "named_person":
            mention.name = self._full_name(mention.name, span.start)
            known = self.people.get(mention.name)
            if (known and known.gender == "n") or mention.name in self.organizations:
                # "Roe Watch said its ...", "Roe Watch President Jane Doe": not a person
                mention.kind, mention.count = "named_organization", None
        elif mention.kind == "document":
            mention.name = self._document_name(mention, span.start)
        elif mention.kind == "anonymous_group" and mention.head in self.lex.institution_nouns:
            office = self._office(self.lex.institution_nouns[mention.head])
            if office is not None:       # "prosecutors" of "the U.S. Attorney's Office"
                mention.kind, mention.name, mention.count = "named_organization", office, None
        elif mention.kind == "anonymous_person" and mention.definite:
            described = self._described(mention, span)
            if described is not None:
                return described
        return self._source(mention, span)

    def _source(self, mention: Mention, span: Span) -> Source:
        known = self._by_key.get((mention.name.lower(), mention.kind))
        if known is not None:
            # Keep what earlier mentions told us ("Sabrina Singh, the Pentagon's ...").
            known.role = known.role or mention.role
            known.affiliation = known.affiliation or mention.affiliation
            return known
        source = Source(mention.name, mention.kind, mention.count, mention.affiliation,
                        mention.role, span)
        self.sources.append(source)
        self._by_key[(mention.name.lower(), mention.kind)] = source
        return source

    def _unresolved(self, mention: Mention, span: Span) -> Source:
        return self._source(Mention(UNRESOLVED, span.text, mention.head), span)

    def _pronoun(self, mention: Mention, span: Span) -> Source:
        if mention.plural:
            pair = self._named_pair_before(span.start)
            if pair is not None:         # "Jane Roe and John Doe ... They said": the two of them
                return self._source(Mention("named_person", pair, mention.head, 2), span)
            earlier = [s for s in self.sources if s.mention and s.mention.start < span.start
                       and s.source_type in ("anonymous_group", "named_organization")]
            if earlier:
                return earlier[-1]
            group = self._plural_people_before(span.start)
            if group is not None:
                return self._source(Mention("anonymous_group", group, group.lower()), span)
            return self._unresolved(mention, span)
        if self.lex.pronouns.get(mention.head) == "thing":
            # "it said": a company, an agency or a document, never a person
            here = self._sentence_of(span.start)
            earlier = [s for s in self.sources if s.mention and s.mention.start < span.start
                       and s.source_type in ("named_organization", "document")
                       and here - self._sentence_of(s.mention.start) <= 8]
            return earlier[-1] if earlier else self._unresolved(mention, span)
        candidate = self._nearest_person(span.start, mention.gender)
        if candidate is None:
            return self._unresolved(mention, span)
        if isinstance(candidate, Source):
            return candidate
        return self._source(Mention("named_person", candidate.name, mention.head, 1), span)

    def _named_pair_before(self, before: int) -> str | None:
        """"Tova Noel and Michael Thomas": the last two named people joined by "and" as a
        subject in this sentence or the one before, outside quotes ("Name and Name")."""
        here = self._sentence_of(before)
        start = self.sentences[max(0, here - 1)][0]
        mentions = [(s, e, p) for s, e, p in
                    self._mentions[bisect_left(self._mention_starts, start):
                                   bisect_left(self._mention_starts, before)]
                    if not self._quoted(s)]
        for (s1, e1, p1), (s2, e2, p2) in reversed(list(zip(mentions, mentions[1:]))):
            if p1 is not p2 and self.text[e1:s2].strip() == "and" and \
                    (not self.subject_at or any(at in self.subject_at for at in range(s1, e2))):
                return f"{p1.name} and {p2.name}"
        return None

    def _plural_people_before(self, before: int) -> str | None:
        """'Millennials have reached ...: by 2-1, they say': the nearest plural noun for people
        in this sentence or the one before, outside quotes."""
        here = self._sentence_of(before)
        start = self.sentences[max(0, here - 1)][0]
        for i in range(bisect_left(self._plural_starts, before) - 1, -1, -1):
            w = self.plural_nouns[i]
            if w.start < start:
                break
            if not self._quoted(w.start) and person_noun(w, self.lex):
                return w.text
        return None

    def _nearest_person(self, before: int, gender: str | None):
        """The person a singular pronoun at `before` refers to: a _Person or an earlier Source.

        Sentence by sentence backwards from the pronoun's own, the first compatible person who is
        a subject there (speakers are); failing any within 8 sentences, the first compatible
        person of the nearest sentence that names one ("Placed under the care of Dr. Roe, he
        was ..." is rarely Roe)."""
        here = self._sentence_of(before)
        sources = [src for src in self.sources[-50:]      # recent speakers are enough
                   if src.mention and src.mention.start < before and not self._quoted(src.mention.start)
                   and self._person_source(src, gender)]
        fallback = None
        for i in range(here, max(-1, here - 8), -1):
            start, end = self.sentences[i]
            end = min(end, before)
            found = [(src.mention.start, True, src) for src in sources
                     if start <= src.mention.start < end]
            for j in range(bisect_left(self._mention_starts, start), len(self._mentions)):
                s, e, p = self._mentions[j]
                if s >= end:
                    break
                if not (gender and p.gender and p.gender != gender):
                    found.append((s, any(at in self.subject_at for at in range(s, e)), p))
            subjects = [(s, c) for s, subject, c in found if subject]
            if subjects:
                return min(subjects, key=lambda x: x[0])[1]
            if found and fallback is None:
                fallback = min(found, key=lambda x: x[0])[2]
        if fallback is not None:
            return fallback
        earlier = [(s, p) for s, _, p in self._mentions[:bisect_left(self._mention_starts, before)]
                   [-200:] if not (gender and p.gender and p.gender != gender)]
        earlier += [(src.mention.start, src) for src in sources]
        return max(earlier, key=lambda x: x[0])[1] if earlier else None

    def _person_source(self, src: Source, gender: str | None) -> bool:
        if src.source_type == "named_person":
            person = self.people.get(src.name)
            return not (gender and person and person.gender and person.gender != gender)
        if src.source_type == "anonymous_person":
            head = src.name.split()[-1].lower() if src.name else ""
            return head in self.lex.anonymous_nouns or head in self.lex.role_nouns
        return False

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
            return self._source(Mention("named_person", best.name, head, 1, role=mention.name), span)
        if head in _ANONYMOUS_HEADS:
            return None                   # "the spokesman for X": anonymous, as described
        candidate = self._nearest_person(span.start, mention.gender)
        if isinstance(candidate, Source):
            return candidate if candidate.source_type == "named_person" else None
        if candidate is None:
            return self._unresolved(mention, span)
        return self._source(Mention("named_person", candidate.name, head, 1), span)

    def _full_name(self, name: str, before: int) -> str:
        last = name.split()[-1] if name else ""
        candidates = [n for at, n in self._full_by_last.get(last, ()) if len(n) > len(name)]
        earlier = [n for at, n in self._full_by_last.get(last, ())
                   if at < before and len(n) > len(name)]
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
