"""Stage 4: what a speaker mention says about its source, before coreference.

From the mention's words (and the NER entities over them): the sourcing type, how many people it
stands for, their affiliation ("U.S.", "Pentagon") and role ("deputy press secretary"), and a
canonical name: determiners dropped, appositions split off, short country forms expanded.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import lexicons
from .nlp import Entity, Word

_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_POST_HEAD = {"familiar", "close", "who", "with", "from", "at", "of", "in", "for", "on", "to",
              "involved", "briefed", "speaking", "knowledgeable", "aware", "that"}


@dataclass
class Mention:
    """A speaker mention analysed: `kind` is a source type, or "pronoun" until resolved."""
    kind: str
    name: str
    head: str                     # lowercased head word ("officials", "statement", "he")
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    plural: bool = False


def join(text: str, words: list[Word]) -> str:
    """The words as written, keeping original spacing between neighbours."""
    out = ""
    for prev, word in zip([None, *words], words):
        if prev is not None:
            gap = text[prev.end:word.start]
            out += gap if prev.id + 1 == word.id and len(gap) <= 1 else " "
        out += text[word.start:word.end]
    return out.strip()


def analyse(text: str, words: list[Word], entities: list[Entity]) -> Mention:
    lex = lexicons.load()
    core, apposition = _split_apposition(words)
    head_index = _head_index(core)
    head = core[head_index]
    head_lower = head.text.lower()
    lemma = head.lemma.lower()
    name_words = _without_determiners(core, lex)
    pre_head = _without_determiners(core[:head_index], lex)
    count = _count(core, lex)
    plural = head.xpos in ("NNS", "NNPS") or (lemma != head_lower and head_lower.endswith("s"))
    has_and = any(w.text.lower() == "and" for w in core[:head_index + 1])
    if has_and:
        count = count if count and count > 1 else None
        plural = True
    affiliation = _affiliation(text, core, head_index, apposition, lex)
    role = _role(text, core, head_index, apposition, lex)

    if len(core) == 1 and head_lower in lex.pronouns:
        return Mention("pronoun", head.text, head_lower, plural=lex.pronouns[head_lower] == "group")
    if lemma in lex.document_nouns and not _is_proper(head):
        name = join(text, pre_head + [head])
        return Mention("document", name, lemma, count, affiliation, role)
    entity_types = {e.type for e in entities
                    if e.start < head.end and head.start < e.end}
    if _is_proper(head) and lemma not in lex.anonymous_nouns:
        proper = [w for w in name_words if w.id <= head.id]
        person = _strip_titles(proper, lex)
        titled = len(person) < len(proper)
        tokens = join(text, person).split()
        name_like = all(_name_token(t) for t in tokens) and join(text, person) not in lex.aliases
        other_types = entity_types - {"PER"}
        if name_like and (titled or "PER" in entity_types or
                          (2 <= len(tokens) <= 4 and not other_types)):
            return Mention("named_person", join(text, person), head_lower, 1, affiliation,
                           role or _title_role(text, proper, lex))
        if name_like and len(tokens) == 1 and not other_types - {"LOC"}:
            # A lone name ("Alaaldin"): coreference decides between a surname and a place.
            return Mention("proper", tokens[0], head_lower, None, affiliation, role)
        return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role)
    if lemma in lex.organization_nouns and (any(_is_proper(w) for w in pre_head) or not plural):
        return Mention("named_organization", _expand_aliases(text, name_words, head, lex),
                       head_lower, count, affiliation, role)
    kind = "anonymous_group" if plural or (count or 1) > 1 else "anonymous_person"
    if kind == "anonymous_person" and count is None:
        count = 1
    return Mention(kind, join(text, name_words), head_lower, count, affiliation, role, plural)


def _without_determiners(words: list[Word], lex) -> list[Word]:
    """Drop determiners that open the phrase or one of its conjuncts ('both a X and a Y')."""
    kept = []
    for w in words:
        opener = not kept or kept[-1].text.lower() == "and"
        if opener and w.text.lower() in lex.dropped_determiners:
            continue
        kept.append(w)
    return kept


def _split_apposition(words: list[Word]) -> tuple[list[Word], list[Word]]:
    """(the mention's core, its apposition). A description before a name ("his top aide, Tad
    Devine") puts the name in the core and the description in the apposition."""
    for i, w in enumerate(words):
        if w.text == "," and i > 0:
            core, rest = words[:i], words[i + 1:]
            comma = next((j for j, x in enumerate(rest) if x.text == ","), len(rest))
            name = rest[:comma]
            if name and all(x.upos == "PROPN" for x in name) and \
                    not _is_proper(core[_head_index(core)]):
                return name, core
            return core, [x for x in rest if x.text != ","]
    return words, []


def _head_index(core: list[Word]) -> int:
    """The last noun before post-modifiers ("sources | familiar with ...", "officials | from ...")."""
    head = 0
    for i, w in enumerate(core):
        if i > 0 and (w.text.lower() in _POST_HEAD or w.upos in ("ADP", "VERB")) \
                and core[i - 1].upos in ("NOUN", "PROPN", "PRON"):
            break
        if w.upos in ("NOUN", "PROPN", "PRON", "NUM", "X") or w.text[:1].isupper():
            head = i
    return head


def _is_proper(word: Word) -> bool:
    return word.upos == "PROPN" or word.text[:1].isupper() or word.text.startswith("al-")


_PARTICLES = ("al-", "el-", "bin", "de", "van", "von", "da", "di", "le")


def _name_token(token: str) -> bool:
    return token[:1].isupper() or token.startswith(_PARTICLES)


def _strip_titles(words: list[Word], lex) -> list[Word]:
    """'Iraqi Prime Minister Mohammed Shia al-Sudani' -> the words after the last title word."""
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w.text.lower().rstrip(".") in lex.role_nouns or w.text.lower() in lex.role_nouns:
            last_title = i
    return words[last_title + 1:]


def _title_role(text: str, words: list[Word], lex) -> str | None:
    names = _strip_titles(words, lex)
    titles = [w for w in words[:len(words) - len(names)] if w.text.lower() in lex.role_nouns
              or w.text.lower().rstrip(".") in lex.role_nouns]
    return join(text, titles) if titles else None


def _count(core: list[Word], lex) -> int | None:
    for w in core[:3]:
        lower = w.text.lower()
        if lower in lex.numbers and lower not in ("a", "an", "both"):
            return lex.numbers[lower]
        if lower.isdigit():
            return int(lower)
        if lower in ("a", "an"):
            return 1
    return None


def _affiliation(text, core, head_index, apposition, lex) -> str | None:
    # A possessor: "the Pentagon's deputy press secretary".
    for part in (apposition, core):
        for i, w in enumerate(part[1:], 1):
            if w.text in _POSSESSIVE and _is_proper(part[i - 1]):
                start = i - 1
                while start > 0 and _is_proper(part[start - 1]):
                    start -= 1
                return join(text, part[start:i])
    # Proper modifiers before the head: "senior U.S. official", "three Iraqi officials".
    proper = [w for w in core[:head_index] if _is_proper(w) and w.text.lower() not in lex.role_nouns
              and w.text.lower() not in lex.dropped_determiners and w.upos != "NUM"]
    if proper and not _is_proper(core[head_index]):
        return join(text, proper)
    # A prepositional phrase: "an official at the Pentagon".
    for i, w in enumerate(core[head_index + 1:], head_index + 1):
        if w.text.lower() in ("at", "from", "with", "of"):
            rest = [x for x in core[i + 1:] if _is_proper(x)]
            if rest and rest[0].id == core[i + 1].id or (rest and core[i + 1].text.lower() == "the"):
                return join(text, rest)
    return None


def _role(text, core, head_index, apposition, lex) -> str | None:
    if not apposition:
        return None
    words = list(apposition)
    while words and words[0].text.lower() in lex.dropped_determiners:
        words = words[1:]
    # Drop a possessor: "the Pentagon's deputy press secretary" -> "deputy press secretary".
    for i, w in enumerate(words):
        if w.text in _POSSESSIVE:
            words = words[i + 1:]
            break
    return join(text, words) if words else None


def _expand_aliases(text, words, head, lex) -> str:
    """'the U.S. and Iraq' -> 'United States and Iraq'; 'U.S. officials' stays as written."""
    parts, current = [], []
    for w in words:
        if w.text.lower() == "and" and w.id < head.id + 1:
            parts.append(current)
            current = []
        else:
            current.append(w)
    parts.append(current)
    named = []
    for part in parts:
        written = join(text, part)
        named.append(lex.aliases.get(written, written))
    return " and ".join(p for p in named if p)
