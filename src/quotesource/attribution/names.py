"""Is a capitalised name a person's? A learned answer from the name's own letters and words.

The parser's NER finds about 60 % of names (../shared/nlp/README.md), so a two- to four-word
name with no entity over it, no title and no description was once taken for a person by default:
"Big Machine", "Box Office Mojo" and "JP Morgan" spoke as people. This model, a logistic
regression over the name's character 3- and 4-grams, its words and its shape, trained by
`quotesource models train-names` (training/name_model.py) on the person, organization and place
names of Universal NER (EWT) and GUM's CC BY documents, gives the probability that a name is a
person's; sources.py asks it only where nothing else in the sentence says what the name is.
Shipped as JSON weights, read with the attribution model's class (one dot product).

Two facts of news English need no model: a person's bare name takes no article ("The Wrap",
"the Pentagon"), and a description before a name that ends in a noun for a body says what the
name is ("global financial firm JP Morgan").
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from ..nlp import Word
from .confidence import AttributionModel

NAME_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "names.json"


def name_features(name: str) -> dict[str, float]:
    """The sparse features of a name as written ("Box Office Mojo")."""
    words = name.split()
    lowered = [w.lower() for w in words]
    features = {f"n={min(len(words), 5)}": 1.0}
    for word in lowered:
        features[f"w={word}"] = 1.0
        bounded = f"^{word}$"
        for n in (3, 4):
            for i in range(len(bounded) - n + 1):
                features[f"c{n}={bounded[i:i + n]}"] = 1.0
    if lowered:
        features[f"first={lowered[0]}"] = 1.0
        features[f"last={lowered[-1]}"] = 1.0
    shape = "".join("A" if w.isupper() and len(w) > 1 else "C" if w[:1].isupper() else "l"
                    for w in words)
    features[f"shape={shape}"] = 1.0
    return features


@cache
def name_model() -> AttributionModel | None:
    """The shipped name model, or None where there is none (names then typed as before)."""
    if not NAME_MODEL_PATH.exists():
        return None
    return AttributionModel.from_dict(json.loads(NAME_MODEL_PATH.read_text(encoding="utf-8")))


def person_probability(name: str) -> float | None:
    """P(the name is a person's), or None without a model."""
    model = name_model()
    return model.probability(name_features(name)) if model is not None else None


# Below this probability of being a person's (attribution/names.py), a bare name is a body's.
NAME_PERSON_MIN = 0.3


def article_before_name(core: list[Word], run: list[Word]) -> bool:
    """"the" right before the name's first word, with nothing between ("the Daily Observer")."""
    return bool(run) and run[0] in core and core.index(run[0]) == 1 and \
        core[0].text.lower() == "the"


def described_as_body(description: list[Word], lex) -> bool:
    """"Global financial firm JP Morgan": a description before the name that ends in a noun
    for a body ("Wells Fargo analyst Zachary Fadem" ends in one for a person)."""
    if not description:
        return False
    last = description[-1]
    return last.lemma.lower() in lex.organization_nouns or last.text.lower() in \
        lex.organization_nouns


def name_of_a_body(text: str, name: str, tokens: list[str]) -> bool:
    """A name nothing in its sentence types (no title, entity or description): the name model
    says, unless its last word stands alone elsewhere in the article, as a person's surname
    does in news ("Scooter Braun ... Braun said"), and a body's last word rarely ("Big Machine")."""
    probability = person_probability(name)
    if probability is None or probability >= NAME_PERSON_MIN:
        return False
    last = re.escape(tokens[-1])
    alone = len(re.findall(rf"\b{last}\b", text)) - \
        len(re.findall(rf"\b{re.escape(name)}\b", text))
    return alone <= 0


# Words whose vectors lean one way or the other on the he/she axis of the shipped GloVe vectors
_MALE = ("he", "his", "him", "himself", "man", "mr.")
_FEMALE = ("she", "her", "hers", "herself", "woman", "mrs.")
GENDER_LEAN = 0.12        # the lean a first name needs: "john" 0.17, "maria" -0.16, "hillary" -0.02


@cache
def _gender_axis():
    import numpy as np

    from ..nlp.vectors import word_vector

    def centre(words):
        """The unit vector of the mean of the words' unit vectors."""
        found = [v / np.linalg.norm(v) for v in map(word_vector, words) if v is not None]
        mean = np.mean(found, axis=0) if found else None
        return None if mean is None else mean / np.linalg.norm(mean)

    male, female = centre(_MALE), centre(_FEMALE)
    return None if male is None or female is None else (male, female)


def first_name_gender(first: str) -> str | None:
    """'m' or 'f' where a first name's word vector sits clearly nearer the pronouns of one
    gender than the other's (how news text uses the name: "John" 'm', "Maria" 'f'); None for
    names it leaves open ("Hillary", "Jamie", "Kim") or does not know. Where the article's own
    pronouns and titles say nothing of a person, this decides which "he" or "she" is whose."""
    import numpy as np

    from ..nlp.vectors import word_vector

    axis, vector = _gender_axis(), word_vector(first)
    if axis is None or vector is None or not first[:1].isupper():
        return None
    unit = vector / np.linalg.norm(vector)
    lean = float(unit @ axis[0] - unit @ axis[1])
    return "m" if lean >= GENDER_LEAN else "f" if lean <= -GENDER_LEAN else None
