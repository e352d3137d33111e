"""A news page's own metadata, where trafilatura's guess is not what the page shows.

- title: the page's headline, its first <h1> that reads as one (four words or more, sharing
  words with the page's <title>, og:title or JSON-LD headline); else trafilatura's title
  without a site suffix (" - SpaceNews.com", " | The Japan Times"). og:title and <title> are
  often a social-media or search variant of the headline, not the one on the page.
- outlet: the site's name from og:site_name, schema.org microdata or JSON-LD publisher,
  application-name, the <title>'s suffix, or trafilatura, in that order, without a tagline
  ("WSVN 7News | Miami News, Weather" -> "WSVN 7News"); among names that are one name
  written apart or together ("CBSSports.com", "CBS Sports"), the one written as words. A
  JSON-LD publisher comes late: on a local paper's page it is often the wire that wrote it.
  A name that the page's own domain spells ("Times Union" on timesunion.com) is preferred to
  the first one when that is not: a wire's, a platform's or a CMS's name.
- date: the date a <time> element shows ("Nov 18, 2019 at 9:24 pm ET") if within a day of its
  datetime attribute (or the page's metadata date), else that attribute when it holds a date
  only; else the date an element marked as one (class "date", "publish-date", "timestamp")
  shows, within a day of the metadata date; else trafilatura's. `dated_in_markup` says
  whether the page's markup gives a date (htmldate without its search of the free text):
  trafilatura's extensive search also reads a bare year in the text as its first of January,
  so a WARC record's capture date is the better guess where the markup gives none. Metadata
  dates are mostly UTC and can fall on the next day for an
  evening story in the Americas.
- authors: trafilatura's, without what is no person (the publisher, "No Author", a role such
  as "AP Sports Writer", a month).
- url: the canonical link (made absolute), else og:url, else trafilatura's.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlparse

WORD = re.compile(r"\w+")
# Between a headline and a site name in <title>, or a site name and its tagline. Not a colon:
# "Julian Assange: Sweden drops ..." is one headline.
SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022]\s+")
MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")   # also in 2019-11-18T22:05
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})\b")   # US order
PUBLISHED = re.compile(r"\b(?:published|originally|original|posted)\b", re.IGNORECASE)
UPDATED = re.compile(r"updated|modified", re.IGNORECASE)     # also in "dateModified"
GENERIC_DOMAINS = {"info", "news", "online", "today", "media", "press", "site", "world"}
# An element that holds the page's date, by its class, id or itemprop ("publish-date",
# "byline-date", "timestamp", "datePublished"); the first few, where sidebars come later.
DATED = ('//*[not(self::meta) and not(self::script) and re:test(concat(@class, " ", @id, " ", '
         '@itemprop), "date|publish|timestamp", "i")]')
# What a byline holds that is no person: a role, a company, a wire.
NOT_A_PERSON = re.compile(r"\b(?:no author|writer|correspondent|editor|reporter|contributor|"
                          r"press|news|agency|media|inc|llc|ltd|group|cond[eé] nast)\b",
                          re.IGNORECASE)


@dataclass
class PageMetadata:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    shown_date: bool = False      # `published` is a date the page shows (<time>, a dated element)


def page_metadata(tree, doc) -> PageMetadata:
    """The metadata of a page (`tree`, as trafilatura.load_html gives it, before extraction)
    given trafilatura's guesses (`doc`, a trafilatura Document)."""
    metas = _metas(tree)
    linked = _json_ld(tree)
    page_title = " ".join((tree.findtext(".//title") or "").split())
    url = _url(tree, metas) or doc.url or None
    outlet = _outlet([metas.get("og:site_name"), _microdata_publisher(tree),
                      metas.get("application-name"), _title_suffix(page_title),
                      linked.get("publisher"), doc.sitename], _domain_name(url))
    headlines = [page_title, metas.get("og:title"), linked.get("headline"), doc.title]
    title = _headline(tree, headlines, outlet) or _without_suffix(doc.title, outlet)
    shown = _shown_date(tree, doc.date)
    return PageMetadata(title=title, outlet=outlet, published=shown or doc.date or None,
                        shown_date=shown is not None,
                        author=_authors(doc.author, outlet, linked.get("publisher")),
                        url=url)


def _metas(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or ""
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            found.setdefault(key.lower(), content)
    return found


def _json_ld(tree) -> dict[str, str]:
    """headline and publisher name of the page's first JSON-LD article object."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else (
            data.get("@graph", [data]) if isinstance(data, dict) else [])
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            publisher = item.get("publisher")
            name = publisher.get("name") if isinstance(publisher, dict) else None
            return {"headline": _text(item.get("headline")), "publisher": _text(name)}
    return {}


def _text(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _microdata_publisher(tree) -> str | None:
    for publisher in tree.xpath('//*[@itemprop="publisher"]'):
        for name in publisher.xpath('.//*[@itemprop="name"]'):
            value = name.get("content") or name.text_content()
            if value and value.strip():
                return " ".join(value.split())
    return None


def _squash(name: str) -> str:
    """A name written together, as a domain writes it: "CBS Sports" -> "cbssports"."""
    key = "".join(WORD.findall(name.casefold()))
    for affix in ("www", "com", "online"):
        key = key.removeprefix(affix) if affix == "www" else key.removesuffix(affix)
    return key


def _site_name(raw: str | None) -> str | None:
    if not raw:
        return None
    name = SEPARATOR.split(" ".join(raw.split()))[0].strip()   # the tagline goes
    return name if 0 < len(name) <= 60 and WORD.search(name) else None


def _domain_name(url: str | None) -> str | None:
    """The name a site's domain spells: "https://www.timesunion.com/news/..." -> "timesunion",
    "bbc.co.uk" -> "bbc"."""
    host = urlparse(url or "").hostname or ""
    labels = [label for label in host.split(".") if label and label != "www"]
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in GENERIC_DOMAINS):
        labels.pop()          # the public suffix: com, co.uk, com.au, org, news, info
    return labels[-1] if labels and len(labels[-1]) >= 3 else None


def _spells(name: str, domain: str) -> bool:
    """Whether a domain spells a name written together or by its initials: "Times Union" on
    timesunion, "CBS Sports" on cbssports, "BBC News" on bbc, "Los Angeles Times" on latimes."""
    key = _squash(name)
    initials = "".join(w[0] for w in WORD.findall(name.casefold()))
    return bool(key) and (key in domain or domain in key or (
        len(initials) >= 2 and domain.startswith(initials)))


def _outlet(candidates: list[str | None], domain: str | None = None) -> str | None:
    names = [name for name in map(_site_name, candidates) if name]
    # "usatoday" (a handle) is a last resort: a name has a capital or a space
    names = [n for n in names if n != n.lower() or " " in n] or names
    if not names:
        return None
    if domain and not _spells(names[0], domain):
        names = [n for n in names if _spells(n, domain)] + names
    best, key = names[0], _squash(names[0])
    same = [n for n in names if _squash(n) and (_squash(n) in key or key in _squash(n))]
    return max(same, key=lambda n: len(n.split())) if key else best


def _title_suffix(page_title: str) -> str | None:
    parts = SEPARATOR.split(page_title)
    return parts[-1] if len(parts) > 1 and len(parts[-1].split()) <= 5 else None


def _words(text: str | None) -> set[str]:
    return {w.casefold() for w in WORD.findall(text or "")}


def _headline(tree, headlines: list[str | None], outlet: str | None) -> str | None:
    """The first <h1> that reads as the headline: four words or more, not the site's name,
    a third of its words in one of the page's own titles."""
    known = [_words(h) for h in headlines if h]
    for heading in tree.iter("h1"):
        text = " ".join(heading.text_content().split())
        words = _words(text)
        if len(text.split()) < 4 or (outlet and _squash(text) == _squash(outlet)):
            continue
        if any(len(words & other) >= len(words) / 3 for other in known):
            return text
    return None


def _without_suffix(title: str | None, outlet: str | None) -> str | None:
    if not title:
        return None
    parts = SEPARATOR.split(title)
    if len(parts) > 1 and outlet and _squash(parts[-1]) and (
            _squash(parts[-1]) in _squash(outlet) or _squash(outlet) in _squash(parts[-1])):
        return title[:title.rfind(parts[-1])].rstrip(" |-\u2013\u2014\u00b7\u2022")
    return title


def _shown_date(tree, metadata_date: str | None) -> str | None:
    """The date the first <time> elements show, when it is within a day of the machine-readable
    one (the element's datetime, else the page's metadata): a day apart is a time zone; further
    is another date shown (an update), or a day and month read in the wrong order. An element
    that says it holds the date of an update, and not the first one, is passed over."""
    for element in list(tree.iter("time"))[:5]:
        attribute = (element.get("datetime") or "").strip()
        reference = _iso_day(attribute) or _iso_day(metadata_date)
        if _an_update(element):
            continue
        shown = _date_in(" ".join(element.text_content().split()), reference)
        if shown:
            return shown
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", attribute):
            return _iso_day(attribute)
    reference = _iso_day(metadata_date)
    if reference is None:
        return None                    # without a date to agree with, a sidebar's could win
    for element in tree.xpath(DATED, namespaces={"re": "http://exslt.org/regular-expressions"})[:5]:
        text = " ".join(element.text_content().split())
        shown = _date_in(text, reference) if len(text) <= 120 and not _an_update(element) else None
        if shown:
            return shown
    return None


def _an_update(element) -> bool:
    # its words or itemprop ("dateModified"); not its class: WordPress themes mark the first
    # date "entry-date updated" (hAtom's name for it)
    said = " ".join([element.get("itemprop") or "", element.text_content()[:120]])
    return bool(UPDATED.search(said)) and not PUBLISHED.search(said)


def dated_in_markup(tree, meta: PageMetadata) -> bool:
    """Whether the page (`tree`, as page_metadata read it) gives its date in its markup: one it
    shows, or one htmldate finds without searching the free text. Only a WARC record asks (its
    capture date is the alternative); htmldate copies the tree, so not every page pays."""
    from htmldate import find_date   # trafilatura's own date library

    return meta.shown_date or \
        find_date(tree, extensive_search=False, original_date=True) is not None


def _iso_day(value: str | None) -> date | None:
    match = ISO_DATE.match((value or "").strip())
    return _day(*map(int, match.groups())) if match else None


def _date_in(text: str, reference: date | None) -> str | None:
    """The date a line shows (after "Published"/"Originally" if it says so) that fits
    `reference` within a day, or any date if there is no reference."""
    marker = PUBLISHED.search(text)
    if marker:
        text = text[marker.end():] or text
    found = []
    for match in MONTH_DAY_YEAR.finditer(text):
        month = MONTHS.get(match.group(1).casefold())
        if month:
            found.append((match.start(), int(match.group(3)), month, int(match.group(2))))
    for match in DAY_MONTH_YEAR.finditer(text):
        month = MONTHS.get(match.group(2).casefold())
        if month:
            found.append((match.start(), int(match.group(3)), month, int(match.group(1))))
    for match in ISO_DATE.finditer(text):
        found.append((match.start(), *map(int, match.groups())))
    for match in NUMERIC_DATE.finditer(text):
        first, second, year = map(int, match.groups())
        year += 2000 if year < 100 else 0
        found.append((match.start(), year, first, second))       # 11/20/19, the US order
        found.append((match.start(), year, second, first))       # 20.11.2019
    for _, year, month, day in sorted(found):
        shown = _day(year, month, day)
        if shown and (reference is None or abs((shown - reference).days) <= 1):
            return shown.isoformat()
    return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if 1990 <= year <= 2100 else None
    except ValueError:
        return None


def _authors(raw: str | None, *organisations: str | None) -> str | None:
    """trafilatura's "A; B" without organisations, roles and months."""
    if not raw:
        return None
    others = {_squash(o) for o in organisations if o}
    kept = []
    for name in (part.strip() for part in raw.split(";")):
        words = name.split()
        if (not name or _squash(name) in others or NOT_A_PERSON.search(name)
                or (words and words[-1].casefold().rstrip(".") in MONTHS)):
            continue
        kept.append(name)
    return "; ".join(kept) or None


def _url(tree, metas: dict[str, str]) -> str | None:
    """The canonical link, made absolute against og:url; else og:url; only absolute URLs."""
    base = metas.get("og:url") if "://" in metas.get("og:url", "") else None
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        url = urljoin(base or "", href.strip())
        if "://" in url:
            return url.split("#")[0]
    return base
