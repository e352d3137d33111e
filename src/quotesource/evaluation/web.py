"""Score attributions extracted from news web pages against string gold (`../shared/gold/web`).

A gold directory holds, per page, `<stem>.html` (the input), `<stem>.body.txt` (the body as cut
by hand) and `<stem>.gold.jsonl` (attribution / no_comment / source_disclosure / page lines whose
strings are exact substrings of the body; guide: shared/gold/README.md, "Web pages").

The tool reads the HTML, so its text differs from body.txt (whitespace, boilerplate): contents are
compared as sets of body word positions. A gold string is placed with `str.find` in order (each
search starts where the previous content was found). A predicted content is aligned to the body's
words with difflib, keeping matching blocks of >= 3 words (or the whole piece when it is
shorter), so a boilerplate prediction aligns to nothing. overlap = shared positions / the gold's
positions; at each threshold, pairs at or above it are taken one-to-one, best overlap first.

Optional gold lines count neither way: unmatched they are no miss, and a prediction on one is no
false positive (a matched one is a true positive, as in the reference scorer). A prediction of
several `content_pieces` ("A," she said. "B.") is matched piece by piece, since the gold writes a
resumed quote as a line of its own: each matched piece is a true positive, the other pieces of
that record count neither way, and a record with no matched piece is one false positive.

Over the matched pairs: speaker (a name of the gold, titles dropped and pronouns skipped, holds or
is held by a predicted name, as whole words; for a named person the surname is enough), source
type (per class of the gold's first type, macro over the classes present, confusion), anonymous
share and anonymous label precision/recall, kind. With a database of the same pages ingested,
the stored body is scored against body.txt (bag of words, averaged over pages, as the article
extraction benchmark does) and title / outlet / date against the `page` lines.
"""
from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .evaluate import accuracy_of, prf
from .matching import greedy_pairs, prediction_kind
from .type_scores import ANONYMOUS, TYPES

THRESHOLDS = (0.3, 0.8)
ERROR_THRESHOLD = 0.3
_WORD = re.compile(r"\w+", re.UNICODE)
_PRONOUNS = frozenset("he she they it we i you him her them his its their".split())
_TITLES = frozenset("mr mrs ms dr sen rep gov president the a an prof gen".split())


def words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


@dataclass
class WebPage:
    stem: str
    body: str
    records: list[dict]
    html: Path
    body_words: list[str] = field(init=False)

    def __post_init__(self):
        self.body_words = words(self.body)

    @property
    def attributions(self) -> list[dict]:
        return [r for r in self.records if r.get("record", "attribution") == "attribution"]

    @property
    def page_line(self) -> dict | None:
        return next((r for r in self.records if r.get("record") == "page"), None)


def is_web_gold(path) -> bool:
    """A directory of pages: it holds *.gold.jsonl, *.body.txt and *.html files."""
    path = Path(path)
    return path.is_dir() and all(any(path.glob(f"*.{ext}"))
                                 for ext in ("gold.jsonl", "body.txt", "html"))


def load_pages(directory) -> dict[str, WebPage]:
    """stem -> page, for every <stem>.gold.jsonl of the directory (sorted)."""
    pages = {}
    for gold_file in sorted(Path(directory).glob("*.gold.jsonl")):
        stem = gold_file.name[:-len(".gold.jsonl")]
        records = [json.loads(line) for line in gold_file.read_text("utf-8").splitlines()
                   if line.strip()]
        pages[stem] = WebPage(stem, (gold_file.parent / f"{stem}.body.txt").read_text("utf-8"),
                              records, gold_file.parent / f"{stem}.html")
    return pages


def page_of(pred: dict) -> str:
    """The page stem a prediction is on (its article id, as a file stem)."""
    return Path(str(pred.get("article"))).stem


# ---------------------------------------------------------------------------- positions

def aligned_positions(body_words: list[str], text: str | None) -> set[int]:
    """Body word positions that `text`'s words align to (difflib blocks of >= 3 words)."""
    piece = words(text)
    if not piece:
        return set()
    matcher = difflib.SequenceMatcher(None, body_words, piece, autojunk=False)
    return {i for a, _, n in matcher.get_matching_blocks() if n >= min(3, len(piece))
            for i in range(a, a + n)}


def found_positions(body: str, needle: str, hint: int = 0) -> tuple[set[int], int]:
    """(word positions of the exact substring `needle`, where it starts): searched from `hint`,
    then from the start; (nothing, hint) when it is not in the body."""
    i = body.find(needle, hint)
    if i < 0:
        i = body.find(needle)
    if i < 0:
        return set(), hint
    before = len(_WORD.findall(body[:i]))
    return set(range(before, before + len(_WORD.findall(needle)))), i


def gold_positions(page: WebPage) -> list[tuple[dict, set[int]]]:
    out, hint = [], 0
    for rec in page.attributions:
        positions, hint = found_positions(page.body, rec["content"], hint)
        for more in rec.get("content_more") or []:
            positions |= found_positions(page.body, more, hint)[0]
        out.append((rec, positions))
    return out


def predicted_pieces(page: WebPage, preds: list[dict]) -> list[tuple[int, set[int]]]:
    """(index of its prediction, aligned positions) per content piece."""
    out = []
    for k, p in enumerate(preds):
        pieces = [x.get("text") for x in p.get("content_pieces") or [] if x.get("text")]
        for text in pieces if len(pieces) > 1 else [(p.get("content") or {}).get("text")]:
            out.append((k, aligned_positions(page.body_words, text)))
    return out


# ---------------------------------------------------------------------------- attributes

def _names(values) -> list[list[str]]:
    """Comparable names: words without titles, leaving out empty ones and lone pronouns."""
    out = []
    for value in values:
        name = [w for w in words(value) if w not in _TITLES]
        if name and not (len(name) == 1 and name[0] in _PRONOUNS):
            out.append(name)
    return out


def _holds(longer: str, shorter: str) -> bool:
    return re.search(rf"\b{re.escape(shorter)}\b", longer) is not None


def speaker_matches(gold: dict, pred: dict) -> bool:
    golds = _names([gold.get("speaker_name"), gold.get("speaker")])
    preds = _names([pred.get("speaker_name"), (pred.get("speaker") or {}).get("text")])
    person = gold_types(gold)[0] == "named_person"
    for g in golds:
        for p in preds:
            gs, ps = " ".join(g), " ".join(p)
            if _holds(ps, gs) or _holds(gs, ps) or (person and g[-1] == p[-1]):
                return True
    return False


def gold_types(gold: dict) -> list:
    value = gold.get("source_type")
    return value if isinstance(value, list) else [value]


def _type_scores(pairs: list[tuple[dict, dict]]) -> dict:
    confusion: dict[str, Counter] = defaultdict(Counter)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g, p in pairs:
        first = gold_types(g)[0]
        per[first][0] += p.get("source_type") in gold_types(g)
        per[first][1] += 1
        confusion[first][str(p.get("source_type"))] += 1
    order = sorted(per, key=lambda t: (TYPES.index(t) if t in TYPES else len(TYPES), str(t)))
    n = len(pairs)
    return {"correct": sum(c for c, _ in per.values()), "n": n,
            "accuracy": sum(c for c, _ in per.values()) / n if n else None,
            "macro_accuracy": sum(c / k for c, k in per.values()) / len(per) if per else None,
            "per_class": {t: {"correct": per[t][0], "n": per[t][1],
                              "accuracy": per[t][0] / per[t][1]} for t in order},
            "confusion": {t: dict(confusion[t]) for t in order}}


def _anonymous_scores(pairs: list[tuple[dict, dict]]) -> dict:
    n = len(pairs)
    gold = sum(gold_types(g)[0] in ANONYMOUS for g, _ in pairs)
    pred = sum(p.get("source_type") in ANONYMOUS for _, p in pairs)
    both = sum(gold_types(g)[0] in ANONYMOUS and p.get("source_type") in ANONYMOUS
               for g, p in pairs)
    return {"share_predicted": pred / n if n else None, "share_gold": gold / n if n else None,
            "precision": both / pred if pred else None, "recall": both / gold if gold else None,
            "predicted": pred, "gold": gold, "both": both}


# ---------------------------------------------------------------------------- scoring

def _page_outcome(page: WebPage, preds: list[dict], t: float):
    """(matched (gold, pred) pairs, required-or-matched gold count, counted predictions,
    false positives outside the body, errors) of one page at threshold t."""
    golds, pieces = gold_positions(page), predicted_pieces(page, preds)
    cands = [(len(gpos & ppos) / len(gpos), gi, pi)
             for gi, (_, gpos) in enumerate(golds) for pi, (_, ppos) in enumerate(pieces)
             if gpos and len(gpos & ppos) / len(gpos) >= t]
    matched = greedy_pairs(cands)
    pairs = [(golds[gi][0], preds[pieces[pi][0]]) for gi, pi in matched]
    used_g, used_p = {gi for gi, _ in matched}, {pi for _, pi in matched}
    errs = [("missed", g, None) for gi, (g, _) in enumerate(golds)
            if gi not in used_g and not g.get("optional")]
    n_gold = sum(1 for gi, (g, _) in enumerate(golds) if gi in used_g or not g.get("optional"))
    matched_records, counted = {pieces[pi][0] for pi in used_p}, set()
    n_pred, outside = len(used_p), 0
    for pi, (k, ppos) in enumerate(pieces):
        if pi in used_p or k in matched_records or k in counted:
            continue
        if any(g.get("optional") and gpos and len(gpos & ppos) / len(gpos) >= t
               for g, gpos in golds):
            continue                     # on an optional gold line: neither right nor wrong
        counted.add(k)
        n_pred += 1
        outside += not ppos
        errs.append(("false", None, preds[k]))
    return pairs, n_gold, n_pred, outside, errs


def score_pages(pages: dict[str, WebPage], predictions: list[dict], with_errors: bool = False):
    """Scores per threshold (and, with_errors, (scores, error list at ERROR_THRESHOLD))."""
    by_page: dict[str, list[dict]] = defaultdict(list)
    ignored = 0
    for p in predictions:
        if prediction_kind(p) != "attribution":
            continue
        if page_of(p) in pages:
            by_page[page_of(p)].append(p)
        else:
            ignored += 1
    scores = {"gold": "web", "pages": len(pages),
              "n_predicted": sum(len(v) for v in by_page.values()), "n_ignored": ignored,
              "thresholds": [f"{t:g}" for t in THRESHOLDS], "overlap": {}}
    errors = []
    for t in THRESHOLDS:
        pairs, n_gold, n_pred, outside = [], 0, 0, 0
        for stem, page in pages.items():
            page_pairs, g, n, out, errs = _page_outcome(page, by_page.get(stem, []), t)
            pairs += page_pairs
            n_gold, n_pred, outside = n_gold + g, n_pred + n, outside + out
            if t == ERROR_THRESHOLD:
                errors += [(kind, stem, g, p) for kind, g, p in errs]
                errors += [("wrong", stem, g, p) for g, p in page_pairs
                           if p.get("source_type") not in gold_types(g)
                           or (g.get("speaker") and not speaker_matches(g, p))]
        tp = len(pairs)
        scores["overlap"][f"{t:g}"] = {
            **prf(tp, n_pred - tp, n_gold - tp), "pred": n_pred, "gold": n_gold,
            "outside_body": outside,
            "speaker": accuracy_of([speaker_matches(g, p) if g.get("speaker") else None
                                    for g, p in pairs]),
            "source_type": _type_scores(pairs), "anonymous": _anonymous_scores(pairs),
            "kind": accuracy_of([p.get("kind") == g.get("kind") for g, p in pairs])}
    return (scores, errors) if with_errors else scores


def body_scores(pages: dict[str, WebPage], db_path) -> dict:
    """The stored body (text[body_start:body_end]) of each page against body.txt, and its
    title, outlet and date against the page line; pages are found by article name."""
    con = sqlite3.connect(db_path)
    try:
        rows = {r[0]: r[1:] for r in con.execute(
            "select name, text, body_start, body_end, title, outlet, published from articles")}
    finally:
        con.close()
    precision = recall = n = 0
    meta = Counter()
    for stem, page in pages.items():
        if stem not in rows:
            continue
        text, start, end, title, outlet, published = rows[stem]
        got = Counter(words(text[start or 0:end or len(text)]))
        want = Counter(page.body_words)
        shared = sum((got & want).values())
        precision += shared / max(1, sum(got.values()))
        recall += shared / max(1, sum(want.values()))
        n += 1
        line = page.page_line
        if line:
            meta["title"] += words(line.get("title")) == words(title)
            shared_words = set(words(outlet)) & set(words(line.get("outlet")))
            meta["outlet"] += bool(outlet) and bool(shared_words)
            meta["date"] += (line.get("published") or "")[:10] == (published or "")[:10]
            meta["pages"] += 1
    precision, recall = precision / max(1, n), recall / max(1, n)
    return {"pages": n, "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "labelled_pages": meta["pages"], "title_correct": meta["title"],
            "outlet_correct": meta["outlet"], "date_correct": meta["date"]}


# ---------------------------------------------------------------------------- report

def _f(x) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def _pct(x) -> str:
    return "    -" if x is None else f"{100 * x:5.1f}%"


def format_report(scores: dict) -> str:
    o = scores["overlap"]
    lines = [f"web: {scores['pages']} pages, {o['0.3']['gold']} gold attributions counted;"
             f" {scores['n_predicted']} predicted"
             + (f", {scores['n_ignored']} on other pages ignored" if scores["n_ignored"] else ""),
             f"{'content':18}{'P':>5}  {'R':>5}  {'F1':>5}   tp/pred/gold  outside body"
             f"  speaker  type   macro  kind"]
    for t in scores["thresholds"]:
        s = o[t]
        counts = f"{s['tp']}/{s['pred']}/{s['gold']}"
        lines.append(f"{'  overlap >= ' + t:18}{_f(s['precision'])}  {_f(s['recall'])}  "
                     f"{_f(s['f1'])}   {counts:12}  {s['outside_body']:12d}  "
                     f"{_f(s['speaker']['accuracy'])}  {_f(s['source_type']['accuracy'])}  "
                     f"{_f(s['source_type']['macro_accuracy'])}  {_f(s['kind']['accuracy'])}")
    s = o[f"{ERROR_THRESHOLD:g}"]
    short = {"named_person": "n_pers", "named_organization": "n_org", "anonymous_person": "a_pers",
             "anonymous_group": "a_grp", "document": "doc", "unresolved": "unres"}
    types = s["source_type"]
    cols = [*TYPES, "unresolved"]
    corner = "gold \\ predicted"
    lines += [f"source types of the {types['n']} matched at overlap >= {ERROR_THRESHOLD:g}",
              f"{corner:20}" + "".join(f"{short[c]:>7}" for c in cols) + "   accuracy"]
    for t, c in types["per_class"].items():
        row = types["confusion"].get(t, {})
        lines.append(f"{str(t):20}" + "".join(f"{row.get(x, 0):7d}" for x in cols)
                     + f"   {_f(c['accuracy'])} ({c['correct']}/{c['n']})")
    lines.append(f"macro accuracy {_f(types['macro_accuracy'])}, accuracy {_f(types['accuracy'])}")
    a = s["anonymous"]
    lines.append(f"anonymous share: predicted {_pct(a['share_predicted'])}, gold"
                 f" {_pct(a['share_gold'])}; anonymous labels: precision {_f(a['precision'])},"
                 f" recall {_f(a['recall'])}")
    if scores.get("body"):
        b = scores["body"]
        m = b["labelled_pages"]
        lines.append(f"body words ({b['pages']} pages): P {_f(b['precision'])}  R"
                     f" {_f(b['recall'])}  F1 {_f(b['f1'])}; title {b['title_correct']}/{m},"
                     f" outlet {b['outlet_correct']}/{m}, date {b['date_correct']}/{m}")
    return "\n".join(lines)


def format_errors(errors: list) -> str:
    """One line per miss, false positive and wrong speaker or type (at ERROR_THRESHOLD)."""
    kinds = Counter(kind for kind, *_ in errors)
    lines = [", ".join(f"{k}: {kinds[k]}" for k in ("missed", "false", "wrong"))]
    for kind, stem, g, p in errors:
        gold = g and (f"gold [{g.get('speaker')!r} -> {g.get('speaker_name')!r}"
                      f" {g.get('source_type')}] {g['content'][:70]!r}")
        pred = p and (f"pred [{(p.get('speaker') or {}).get('text')!r} ->"
                      f" {p.get('speaker_name')!r} {p.get('source_type')}]"
                      f" {(p.get('content') or {}).get('text', '')[:70]!r}")
        lines.append(f"{kind:6s} {stem}: {gold or ''} {pred or ''}".rstrip())
    return "\n".join(lines)


def answer_right(gold: dict, pred: dict) -> bool:
    """A matched prediction's speaker and source type are both the gold's."""
    return pred.get("source_type") in gold_types(gold) and \
        (not gold.get("speaker") or speaker_matches(gold, pred))


def matched_pairs(page: WebPage, preds: list[dict], t: float = 0.3) -> list[tuple[dict, dict]]:
    """The (gold line, prediction) pairs of one page at threshold t, as the scores pair them."""
    return _page_outcome(page, preds, t)[0]


def prediction_labels(page: WebPage, preds: list[dict], t: float = 0.3) -> list[bool | None]:
    """Per prediction of one page: True when one of its pieces is matched to a gold line, False
    when it counts as a false positive, None when it counts neither way (an optional line)."""
    pairs, _, _, _, errs = _page_outcome(page, preds, t)
    matched = {id(p) for _, p in pairs}
    false = {id(p) for kind, _, p in errs if kind == "false"}
    return [True if id(p) in matched else False if id(p) in false else None for p in preds]
