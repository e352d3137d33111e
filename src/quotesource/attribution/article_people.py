"""Stage 5, first half: the people one article names, found before any mention is resolved.

Every full name (two or more capitalised name words after any title, split where a sentence
ends inside the run), the surname mentions of each, the single-word names the entities call a
person, and the gender the article shows for each (titles, then the pronouns of the subject
sentences that follow). `ArticlePeople` holds them with the article's sentences, quotes and
nouns sorted by offset for bisection; coreference.py's `ArticleContext` resolves mentions
against it.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from .. import lexicons
from ..records import Source
from .candidates import shallow_subjects
from .described_roles import described_roles
from .mention_parts import document_noun
from .mentions import PRONOUN_GENDER, noun_gender
from .name_words import NAME_PARTICLES, acronym, is_title, surname
from .person_nouns import person_noun

# Capitalised name runs, allowing particles written in lower case ("al-Sudani", "bin", "von der").
_NAME_WORD = r"(?:[A-Z][\w\u2019'.-]*|al-\w+)"
_PARTICLE = "|".join(sorted(NAME_PARTICLES))
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)*{_NAME_WORD})+")
_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers|it|its)\b", re.I)
_TITLE_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
# Abbreviated titles and the role nouns they stand for ("Sen. Roe" is "the senator").
_TITLE_WORDS = {abbreviation: noun for abbreviation, noun in lexicons.load().abbreviations.items()
                if noun}
# A sentence ends at . ! ? (and closing marks) before a space; not after a lone initial or title.
_NOT_A_NAME_END = re.compile(r"(?<![.\w])[A-Za-z]{3,}\.$")
_POSSESSIVE_END = re.compile(r"(?<=\w)['\u2019]s$")


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


_INDEFINITE = {"a", "an", "one"}
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*,")
# a capitalised name of several words: where an office's name is looked for (office_named)
_OFFICE_NAME = re.compile(r"(?:[A-Z][\w.&\u2019'-]*)(?:\s+(?:(?:of|for|the)\s+)*[A-Z][\w.&\u2019'-]*)+")


@dataclass
class _Person:
    """A person named in the article and where: the full name, the offsets of every mention."""
    name: str
    title_words: set[str]
    mentions: list[tuple[int, int]]
    gender: str | None = None


class ArticlePeople:
    """The people one article names and where, with its sentences and quotes, indexed by
    offset; the sources found so far start here, empty (ArticleContext adds them)."""

    def __init__(self, text: str, body_start: int, body_end: int, sentences=(), quotes=(),
                 entities=()):
        self.text = text
        self.body = (body_start, body_end)
        self.sources: list[Source] = []           # in order of mention
        self.by_key: dict[tuple[str, str], Source] = {}
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
        self._plural_proper_at = {w.start for w in self.plural_nouns if w.xpos == "NNPS"}
        self._noun_starts = sorted(w.start for s in sentences for w in s.words
                                   if w.upos in ("NOUN", "PROPN"))
        self.plural_starts = [w.start for w in self.plural_nouns]
        subjects = [w for s in sentences for w in _subjects(s)]
        self.subject_at = {w.start for w in subjects}
        self.lex = lexicons.load()
        # bodies the entities name, outside quotes: what "it" or "they" may stand for
        self.bodies = [e for e in entities if e.type == "ORG" and not self.quoted(e.start)
                       and body_start <= e.start < body_end]
        # and documents or groups a sentence is about ("The records were released. They show
        # ...", "The family spoke outside the court. They said ...")
        subjects = [w for w in subjects if w.upos == "NOUN" and not self.quoted(w.start)]
        self.document_subjects = [w for w in subjects if document_noun(w)]
        self.collective_subjects = [w for w in subjects
                                    if w.lemma.lower() in self.lex.collective_nouns]
        # every document noun, for a pronoun whose verb is a document's ("The agency released
        # new figures. They show ...": the figures, whatever their role there)
        self.document_mentions = [w for s in sentences for w in s.words if w.upos == "NOUN"
                                  and document_noun(w) and not self.quoted(w.start)]
        self.verb_after_pronoun = {w.start: after.lemma.lower() for s in sentences
                                   for w, after in zip(s.words, s.words[1:])
                                   if w.text.lower() in ("it", "they")}
        # an unnamed person a sentence opens with ("A 34-year-old man was arrested"), with the
        # gender its noun says: what "he" stands for where the article names nobody before it
        self.unnamed_subjects = [found for s in sentences
                                 if (found := self._unnamed_person(s)) is not None]
        # words the entities call places: "the United States" is no team
        self.place_at = {at for e in entities if e.type == "LOC" for at in range(e.start, e.end)}
        self.people = self._find_people(entities)
        # every mention of every person, by offset: (start, end, person)
        self.mentions = sorted((s, e, p) for p in self.people.values() for s, e in p.mentions
                                if not self.quoted(s))
        self.mention_starts = [s for s, _, _ in self.mentions]
        role_words = self.lex.role_nouns | self.lex.anonymous_nouns
        for person in self.people.values():
            for s, e in person.mentions:      # "Jane Roe, a spokeswoman for the city,"
                if not self.quoted(s):
                    person.title_words |= described_roles(text, s, e, role_words)
            person.gender = self._gender(person)
        # full-name mentions by surname, in text order: "Roe" -> [(offset, "Jane Roe"), ...]
        self.full_by_last: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for at, name in sorted((s, p.name) for p in self.people.values() for s, e in p.mentions
                               if len(text[s:e].split()) >= 2):
            self.full_by_last[surname(name)].append((at, name))

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
                        not self.title_word(words[0]):
                    s += len(words[0]) + 1              # "Under Florida law": not a name word
                    words = words[1:]
                titles = [i for i, w in enumerate(words[:-1]) if self.title_word(w)]
                person = words[(titles[-1] + 1) if titles else 0:]
                if titles and titles[0] > 0 and person:
                    self.organizations.add(" ".join(words[:titles[0]]).rstrip("\u2019's"))
                if len(person) < 2 or self._looks_like_organization(person):
                    continue
                name = " ".join(person)
                offset = s + len(" ".join(words[:len(words) - len(person)])) + (1 if titles else 0)
                if entities and not titles and name not in people and not any(
                        e.type == "PER" and e.start < offset + len(name) and offset < e.end
                        for e in entities) and \
                        not _AGE_AFTER.match(text, offset + len(name)):
                    # the entities found in the article do not call it a person (an age after
                    # it does: "Chester Marsh, 19, from Polk County", which they call a place)
                    continue
                p = people.setdefault(name, _Person(name, set(), []))
                p.title_words |= {_TITLE_WORDS.get(w.lower(), w.lower()) for w in words[:len(words) - len(person)]}
                p.mentions.append((offset, offset + len(name)))
        for e in entities:
            words = e.text.split()
            while words and (self.title_word(words[0]) or (
                    words[0].islower() and words[0] not in NAME_PARTICLES)):
                words = words[1:]     # "Mr. Roe", "Secretary of State John Kerry": titles
            titles = [i for i, w in enumerate(words[:-1]) if self.title_word(w)]
            words = words[titles[-1] + 1:] if titles else words   # "House Rep. | Paul Ryan"
            owners = [i for i, w in enumerate(words[:-1]) if _POSSESSIVE_END.search(w)]
            words = words[owners[-1] + 1:] if owners else words   # "ABC's | George Roe"
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
                    not self.title_word(e.text) and not self._group_word(e.text, e.start) and \
                    not any(surname(n) == e.text for n in people) and \
                    not any(a <= e.start and e.end <= b for a, b in full_names):
                people[e.text] = _Person(e.text, set(), [(e.start, e.end)])
        by_surname = Counter(surname(p.name) for p in people.values())
        # "Bill Clinton" and "Hillary Clinton": "Clinton" alone is neither
        owner = {surname(p.name): p for p in people.values()
                 if by_surname[surname(p.name)] == 1}
        known = {p.name: set(p.mentions) for p in people.values()}
        for m in re.finditer(r"(?<![\w-])[\w\u2019'-]+", text[:end]):
            person = owner.get(re.sub(r"[\u2019']s?$", "", m.group()))      # "Roe's": "Roe"
            if person is None or m.start() < start:
                continue
            span = (m.start(), m.start() + len(surname(person.name)))
            if not any(a <= span[0] < b for a, b in known[person.name]):
                person.mentions.append(span)
        for p in people.values():
            p.mentions.sort()
        return people

    def _runs(self, match):
        """A name run split where a sentence ends inside it ('... Abedin. Judicial Watch') and
        after a possessive ('ABC's | George Stephanopoulos')."""
        out, current = [], []
        for w in re.finditer(r"\S+", match.group()):
            current.append((match.start() + w.start(), w.group()))
            # (the owner keeps its "'s": "... Compares Trump's" of a headline is nobody's full
            # name, and must not become one that ends in "Trump")
            if _POSSESSIVE_END.search(w.group()):
                out.append(current)
                current = []
            elif _NOT_A_NAME_END.search(w.group()) and not self.title_word(w.group()):
                current[-1] = (current[-1][0], w.group().rstrip("."))
                out.append(current)
                current = []
        out.append(current)
        return [(run[0][0], [w for _, w in run]) for run in out if run]

    def title_word(self, word: str) -> bool:
        # (Mr., Mrs. and Ms. are in the role nouns too)
        return is_title(word, self.lex) or word.lower() in _TITLE_WORDS

    def _group_word(self, word: str, at: int) -> bool:
        """A one-word name the entities call a person that is a plural or a group's member
        ("Democrats", "Saudis", "Republican"), or a letter ("Q:" of an interview)."""
        return at in self._plural_proper_at or len(word.rstrip(".")) == 1 or \
            word.lower().removesuffix("s") in self.lex.anonymous_nouns

    def _looks_like_organization(self, words: list[str]) -> bool:
        last = words[-1].lower().rstrip(".,")
        return words[0] == "The" or last in self.lex.organization_nouns or \
            any(w.lower() in ("of", "for") for w in words) or \
            any(acronym(w) for w in words)

    def _gender(self, person: _Person) -> str | None:
        votes = Counter(_TITLE_GENDER[t] for t in person.title_words if t in _TITLE_GENDER)
        last = surname(person.name)
        for m in re.finditer(rf"\b(Mr|Mrs|Ms)\.? {re.escape(last)}\b", self.text):
            votes[_TITLE_GENDER[m.group(1).lower()]] += 2
        for s, e in person.mentions:
            if self.subject_at and not any(at in self.subject_at for at in range(s, e)):
                continue         # "Mary Roe, whom he met": only a subject's pronouns tell
            window_end = self._sentence_end(e, extra=1)
            stop = window_end
            for a, _, other in self.mentions[bisect_left(self.mention_starts, e):]:
                if a >= window_end:
                    break
                if other is not person:
                    stop = a
                    break
            pron = _PRONOUN.search(self.text, e, stop)
            if pron and not self.quoted(pron.start()):
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

    def _noun_between(self, start: int, end: int) -> bool:
        i = bisect_left(self._noun_starts, start)
        return i < len(self._noun_starts) and self._noun_starts[i] < end

    def _unnamed_person(self, sentence) -> tuple[int, str, str | None] | None:
        """(offset, "34-year-old man", gender) where a sentence opens with "a", "an" or "one",
        modifiers and a singular noun for a person, then its verb; else None."""
        words = sentence.words
        if len(words) < 3 or words[0].text.lower() not in _INDEFINITE:
            return None
        head = next((i for i, w in enumerate(words[1:8], 1)
                     if w.upos not in ("ADJ", "NUM", "PUNCT", "NOUN") or
                     (i + 1 < len(words) and words[i + 1].upos in ("VERB", "AUX"))), None)
        if head is None or head + 1 >= len(words) or words[head + 1].upos not in ("VERB", "AUX"):
            return None
        noun = words[head]
        if noun.upos != "NOUN" or noun.xpos != "NN" or not person_noun(noun, self.lex):
            return None
        return words[0].start, self.text[words[1].start:noun.end], noun_gender(noun.text.lower())

    def subject_before(self, subjects: list, before: int, plural: bool | None, after: int = -1):
        """The last of `subjects` (document_subjects, collective_subjects) of the number a
        pronoun asks (any, for None), in the sentence before the one at `before` and after
        `after`: "The records were released Tuesday. They show ...", "The report came out. It
        found ..." (in the pronoun's own sentence it is what someone speaks of: "The papers
        were late, they said")."""
        here = self.sentence_of(before)
        if here == 0:
            return None
        start, end = max(self.sentences[here - 1][0], after + 1), self.sentences[here][0]
        found = [w for w in subjects if start <= w.start < end
                 and (plural is None or (w.xpos == "NNS") == plural)]
        return found[-1] if found else None

    def pair_introduced_after(self, after: int) -> tuple[str, str] | None:
        """The first two people joined by "and", outside quotes, in the three sentences after
        `after`, that the article names there for the first time: who "Two firefighters were
        suspended ..." are when the next lines say "Jane Roe and John Doe"."""
        here = self.sentence_of(after)
        end = self.sentences[min(here + 3, len(self.sentences) - 1)][1]
        found = self.mentions[bisect_left(self.mention_starts, after):
                              bisect_left(self.mention_starts, end)]
        for (s1, e1, p1), (s2, _, p2) in zip(found, found[1:]):
            if p1 is not p2 and self.text[e1:s2].strip() == "and" and \
                    min(p1.mentions)[0] > after and min(p2.mentions)[0] > after:
                return p1.name, p2.name
        return None

    def sentence_of(self, offset: int) -> int:
        return min(bisect_right(self._sentence_ends, offset), len(self.sentences) - 1)

    def _sentence_end(self, offset: int, extra: int = 0) -> int:
        i = min(self.sentence_of(offset) + extra, len(self.sentences) - 1)
        return self.sentences[i][1]

    def quoted(self, offset: int) -> bool:
        i = bisect_right(self._quote_starts, offset) - 1
        # quotes may nest ('"... 'x' ..."'): look back past inner ones a few at most
        return any(self.quotes[j][0] <= offset < self.quotes[j][1] for j in range(i, max(-1, i - 3), -1))

    def office_named(self, name_words: tuple[str, ...]) -> str | None:
        """The office the article names with one of these words, the first word first ("the
        U.S. Attorney's Office for the Southern District", "Swedish Prosecution Authority")."""
        for word in name_words:
            for name in self.capitalised_names:
                if re.search(rf"\b{re.escape(word)}", name) and any(
                        w.lower().rstrip("\u2019's") in self.lex.organization_nouns
                        for w in name.split()[1:]):
                    return name
        return None

    @cached_property
    def interviewee(self) -> str | None:
        """The person a Q-and-A transcript answers for (two lines or more open with 'A:'): the
        one the article names most often before its first question or answer."""
        answers = re.findall(r"(?m)^[ \t]*A:", self.text)
        first = re.search(r"(?m)^[ \t]*(?:Q:|Q(?=[A-Z])|A:)", self.text)
        if len(answers) < 2 or first is None:
            return None
        counts = {p.name: sum(1 for s, _ in p.mentions if s < first.start())
                  for p in self.people.values() if p.gender != "n"}
        best = max(counts, key=counts.get, default=None)
        return best if best and counts[best] else None

    @cached_property
    def capitalised_names(self) -> list[str]:
        """Every capitalised name of the body, once per article, for office_named."""
        start, end = self.body
        # a full stop after a word ends the name ("the Spokane Police Department. Officers")
        names = [part for m in _OFFICE_NAME.finditer(self.text, start, end)
                 for part in re.split(r"(?<=[a-z]{3})\.\s+", m.group())]
        return [n[4:] if n.startswith("The ") else n for n in names]
