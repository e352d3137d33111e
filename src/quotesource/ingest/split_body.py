"""A body the page splits into several containers, read whole.

Some sites cut an article's body into containers of one class with advertising rows between
them (WIRED: `<div class="... article__body ...">`, then an "Advertisement" row, then another
such div). trafilatura keeps the first container and stops: on one shared page 3,168 of its 8,640
characters, and every quote after the first ad. Here the container of the extracted text's last
paragraph is found in the page, and the paragraphs of every later element with the same tag and
the same class are appended, each once. A page whose body is one container is left as it was
(on ../shared/gold/web only that WIRED page changes: body word F1 0.52 -> 1.00).
"""
from __future__ import annotations

import re

MIN_LINE = 40          # a line this long is a paragraph, not a caption or a label
PROBE = 60             # characters of the last paragraph looked for in the page


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def continued_body(tree, text: str) -> str:
    """`text` (trafilatura's) with the paragraphs of the body's later containers appended."""
    paragraphs = [line for line in text.splitlines() if len(line.strip()) >= MIN_LINE]
    if tree is None or not paragraphs:
        return text
    probe = _normal(paragraphs[-1])[:PROBE]
    # the first such paragraph: trafilatura read the first container (a later copy of the
    # paragraph would be a pull-quote)
    last = next((element for element in tree.iter("p")
                 if probe in _normal(element.text_content())), None)
    container = last.getparent() if last is not None else None
    while container is not None and not container.get("class"):
        container = container.getparent()
    if container is None:
        return text
    seen, extra, after = _normal(text), [], False
    for element in tree.iter(container.tag):
        if element is container:
            after = True
        elif after and element.get("class") == container.get("class"):
            for paragraph in element.iter("p"):
                line = _normal(paragraph.text_content())
                if line and line not in seen:
                    extra.append(line)
                    seen += " " + line
    return "\n".join([text, *extra]) if extra else text
