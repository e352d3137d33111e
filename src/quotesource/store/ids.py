"""Row ids: hashes of what a row stands for, so the same input always gets the same ids."""
from __future__ import annotations

import hashlib

from sqlite_utils.utils import hash_record


def stable_id(*parts) -> str:
    """Stable id: the same article content always gives its rows the same ids."""
    return hash_record({str(i): part for i, part in enumerate(parts)})


def article_key(article) -> str:
    """articles.id: the sha256 of the text."""
    return article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def place_id(path: str | None, name: str) -> str:
    """Where a text was read from: the file, and the name within it (stem or JSON id)."""
    return stable_id("place", path, name)
