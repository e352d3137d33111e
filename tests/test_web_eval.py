"""The web-page scorer (evaluation/web.py): its matching rules on a made-up page, its agreement
with the reference scorer ../shared/gold/score_web.py on every figure, and the web evaluation
of the tune pages end to end with the shipped models."""
import json
import random
import sqlite3
import subprocess
import sys

import pytest

from conftest import SHARED
from quotesource.evaluation import web
from quotesource.evaluation.run import evaluate_gold

WEB = SHARED / "gold" / "web"
REFERENCE = SHARED / "gold" / "score_web.py"
need_web = pytest.mark.skipif(not (REFERENCE.exists() and (WEB / "tune").is_dir()),
                              reason="../shared/gold/web and score_web.py are absent")

BODY = ("The mayor said the bridge would reopen on Monday after repairs. "
        "\u201cWe are proud of the crews,\u201d she said. \u201cThey worked every night.\u201d "
        "Critics argued that the repairs cost far too much money for the city. "
        "Some residents may think it was worth it.")


def gold_line(content, **fields):
    return {"record": "attribution", "article": "page_1", "kind": "indirect",
            "content": content, "source_type": "named_person", **fields}


GOLD = [
    gold_line("the bridge would reopen on Monday after repairs", cue="said",
              speaker="The mayor", speaker_name="Jane Roe"),
    gold_line("We are proud of the crews,", kind="direct", cue="said", speaker="she",
              speaker_name="Jane Roe"),
    gold_line("They worked every night.", kind="direct", cue="said", speaker=None,
              speaker_name="Jane Roe", continued=True),
    gold_line("the repairs cost far too much money for the city", cue="argued",
              speaker="Critics", speaker_name="Critics", source_type="anonymous_group"),
    gold_line("it was worth it", cue="think", speaker="Some residents", optional=True,
              speaker_name="Some residents", source_type="anonymous_group"),
    {"record": "page", "article": "page_1", "title": "Bridge to reopen", "outlet": "The Daily",
     "published": "2019-11-20"},
]


def pred(content, pieces=None, speaker=None, name=None, source_type="named_person",
         kind="indirect"):
    return {"article": "page_1", "kind": kind, "content": {"start": 0, "end": 0, "text": content},
            "content_pieces": [{"start": 0, "end": 0, "text": p} for p in pieces] if pieces
            else None, "speaker": {"start": 0, "end": 0, "text": speaker} if speaker else None,
            "speaker_name": name, "source_type": source_type}


@pytest.fixture
def page_dir(tmp_path):
    (tmp_path / "page_1.body.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "page_1.html").write_text(f"<html><body><p>{BODY}</p></body></html>")
    (tmp_path / "page_1.gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in GOLD))
    return tmp_path


def test_perfect_predictions_score_one(page_dir):
    preds = [pred("The mayor said the bridge would\nreopen on Monday after repairs.",
                  speaker="The mayor", name="Mayor Jane Roe"),
             # a quote resumed after its cue: one record, two pieces, two gold lines
             pred("We are proud of the crews, They worked every night.",
                  pieces=["We are proud of the crews,", "They worked every night."],
                  speaker="she", name="Roe", kind="direct"),
             pred("the repairs cost far too much money", speaker="Critics", name="critics",
                  source_type="anonymous_group")]
    assert web.is_web_gold(page_dir) and not web.is_web_gold(page_dir / "page_1.html")
    s = web.score_pages(web.load_pages(page_dir), preds)["overlap"]
    assert (s["0.3"]["tp"], s["0.3"]["pred"], s["0.3"]["gold"], s["0.3"]["f1"]) == (4, 4, 4, 1.0)
    assert s["0.3"]["speaker"] == {"correct": 3, "n": 3, "accuracy": 1.0}   # no speaker: unjudged
    assert s["0.3"]["source_type"]["per_class"]["anonymous_group"]["accuracy"] == 1.0
    assert s["0.3"]["anonymous"]["precision"] == s["0.3"]["anonymous"]["recall"] == 1.0
    assert s["0.8"]["tp"] == 3 and s["0.8"]["recall"] == 0.75     # 7 of 10 words: below 0.8


def test_false_positives_optional_lines_and_wrong_attributes(page_dir):
    on_optional = pred("Some residents may think it was worth it.", speaker="Some residents",
                       source_type="anonymous_group")
    preds = [pred("Sign up for our newsletter to get the news"),          # outside the body
             on_optional,                     # an optional line found: a true positive
             on_optional,                     # and again: neither right nor wrong
             pred("We are proud of the crews,", speaker="The mayor", name="Bob Smith",
                  source_type="anonymous_person", kind="indirect")]
    scores, errors = web.score_pages(web.load_pages(page_dir), preds, with_errors=True)
    s = scores["overlap"]["0.3"]
    assert (s["tp"], s["pred"], s["gold"], s["outside_body"]) == (2, 3, 5, 1)
    assert s["speaker"]["accuracy"] == 0.5 and s["kind"]["accuracy"] == 0.5
    assert s["source_type"]["confusion"] == {"named_person": {"anonymous_person": 1},
                                             "anonymous_group": {"anonymous_group": 1}}
    assert s["anonymous"] == {"share_predicted": 1.0, "share_gold": 0.5, "precision": 0.5,
                              "recall": 1.0, "predicted": 2, "gold": 1, "both": 1}
    assert sorted(kind for kind, *_ in errors) == ["false", "missed", "missed", "missed", "wrong"]
    assert "pred ['The mayor' -> 'Bob Smith'" in web.format_errors(errors)


def test_speaker_names_match_on_whole_words_and_surnames():
    g = gold_line("x", speaker="she", speaker_name="Joshua Levy")
    assert web.speaker_matches(g, {"speaker_name": "Mr. Levy"})
    assert web.speaker_matches(g, {"speaker": {"text": "Dr Joshua Levy, a lawyer"}})
    assert not web.speaker_matches(g, {"speaker_name": "Lev"})
    assert not web.speaker_matches(g, {"speaker_name": "she"})        # a pronoun says nothing
    org = gold_line("x", speaker="the agency", speaker_name="U.S. Forest Service",
                    source_type="named_organization")
    assert web.speaker_matches(org, {"speaker_name": "Forest Service"})
    assert not web.speaker_matches(org, {"speaker_name": "National Park Service"})


# ---------------------------------------------------------------------------- the reference

def mine_as_reference(scores: dict) -> dict:
    """The project's scores under the reference scorer's keys."""
    out = {}
    for t, s in scores["overlap"].items():
        types, anon = s["source_type"], s["anonymous"]
        out[t] = {"P": s["precision"], "R": s["recall"], "F1": s["f1"], "tp": s["tp"],
                  "pred": s["pred"], "gold": s["gold"],
                  "false_positives_outside_body": s["outside_body"],
                  "speaker_acc": s["speaker"]["accuracy"], "speaker_n": s["speaker"]["n"],
                  "type_acc": types["accuracy"], "type_n": types["n"],
                  "type_macro": types["macro_accuracy"],
                  "type_per_class": {k: v["accuracy"] for k, v in types["per_class"].items()},
                  "type_confusion": types["confusion"],
                  "anon_share_gold": anon["share_gold"], "anon_share_pred": anon["share_predicted"],
                  "anon_precision": anon["precision"], "anon_recall": anon["recall"],
                  "kind_acc": s["kind"]["accuracy"]}
    if scores.get("body"):
        b = scores["body"]
        out["body"] = {"body_P": b["precision"], "body_R": b["recall"], "body_F1": b["f1"],
                       "pages": b["pages"], "title_ok": b["title_correct"],
                       "outlet_ok": b["outlet_correct"], "date_ok": b["date_correct"],
                       "meta_pages": b["labelled_pages"]}
    return out


def reference(gold_dir, pred_path, db=None) -> dict:
    cmd = [sys.executable, str(REFERENCE), str(pred_path), "--gold-dir", str(gold_dir), "--json"]
    done = subprocess.run(cmd + (["--db", str(db)] if db else []), capture_output=True,
                          text=True, check=True, cwd=SHARED)
    return json.loads(done.stdout)


def assert_agree(ours, theirs, where="") -> None:
    """Every figure of the reference, within 0.005 (counts exactly)."""
    if isinstance(theirs, dict):
        assert set(ours) == set(theirs), where
        for key in theirs:
            assert_agree(ours[key], theirs[key], f"{where}/{key}")
    elif isinstance(theirs, float) or isinstance(ours, float):
        assert ours is not None and abs(ours - theirs) <= 0.005, (where, ours, theirs)
    else:
        assert ours == theirs, (where, ours, theirs)


def noisy_predictions(pages: dict, rng: random.Random) -> list[dict]:
    """Predictions made from the gold with every kind of error: misses, clipped and merged
    contents, resumed quotes as pieces, wrong speakers, types and kinds, whitespace the body
    does not have, boilerplate and sentences of the body no gold line holds."""
    out = []
    types = [*web.TYPES, "unresolved"]
    for stem, page in pages.items():
        for g in page.attributions:
            if rng.random() < 0.15:
                continue
            text = g["content"]
            cut = rng.random()
            if cut < 0.2:
                text = " ".join(text.split()[: max(1, len(text.split()) // 2)])
            elif cut < 0.3:
                text = "\n".join(text.split())
            more = g.get("content_more") or []
            pieces = [text, *more] if more and rng.random() < 0.7 else None
            speaker = g.get("speaker") if rng.random() < 0.8 else "the company"
            name = g.get("speaker_name") if rng.random() < 0.7 else None
            source_type = web.gold_types(g)[0] if rng.random() < 0.75 else rng.choice(types)
            kind = g.get("kind") if rng.random() < 0.9 else "mixed"
            p = pred(" ".join([text, *more]) if more else text, pieces, speaker, name,
                     source_type, kind)
            out.append({**p, "article": stem})
            if g.get("optional") or rng.random() < 0.05:
                out.append({**p, "article": stem})                    # a duplicate
        sentences = [s for s in page.body.split(". ") if len(s.split()) > 6]
        for s in rng.sample(sentences, min(3, len(sentences))):
            out.append({**pred(s, source_type=rng.choice(types)), "article": stem})
        out.append({**pred("Sign up for our daily newsletter and never miss a story"),
                    "article": stem})
    return out


def body_db(path, pages: dict, rng: random.Random):
    """An articles table as ingest leaves it, with bodies cut too wide or too narrow."""
    con = sqlite3.connect(path)
    con.execute("create table articles (name, text, body_start, body_end, title, outlet,"
                " published)")
    for stem, page in pages.items():
        line = page.page_line or {}
        head, tail = "Home | News | Sign in\n", "\nRelated stories: more news"
        text = head + page.body + tail
        start = len(head) if rng.random() < 0.5 else 0
        end = len(text) - len(tail) if rng.random() < 0.5 else len(text) - 200
        con.execute("insert into articles values (?, ?, ?, ?, ?, ?, ?)",
                    (stem, text, start, end, line.get("title") if rng.random() < 0.7 else "News",
                     line.get("outlet") if rng.random() < 0.7 else None,
                     line.get("published") if rng.random() < 0.7 else "2019-01-01"))
    con.commit()
    con.close()


@need_web
@pytest.mark.parametrize("half", ["tune", "check"])
def test_agrees_with_the_reference_scorer_on_noisy_predictions(half, tmp_path):
    rng = random.Random(half)
    pages = web.load_pages(WEB / half)
    preds = noisy_predictions(pages, rng)
    pred_path, db = tmp_path / "pred.jsonl", tmp_path / "pages.db"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    body_db(db, pages, rng)
    ours = web.score_pages(pages, preds)
    ours["body"] = web.body_scores(pages, db)
    theirs = reference(WEB / half, pred_path, db)
    assert 0.3 < theirs["0.3"]["F1"] < 0.95 and theirs["0.3"]["type_macro"] < 0.95  # noisy
    assert_agree(mine_as_reference(ours), theirs)


@need_web
def test_web_evaluation_of_the_tune_pages(extractor, tmp_path):
    """Extract the 17 tune pages, ingest them, score; the figures must not fall and must agree
    with the reference. Figures on 8 Dec 2026, stop 37 (docs/accuracy.md, "Web pages"): F1@0.3
    0.937 (P 0.974, R 0.902), F1@0.8 0.904, speaker 0.933, type macro 0.804, anonymous share
    7.7 % vs 11.6 %, anonymous labels P 0.950 R 0.633, body word F1 0.975 (before this turn's
    work, base 7fe2244: 0.830, 0.785, 0.906, 0.703, body 0.954)."""
    pred_path, db = tmp_path / "pred.jsonl", tmp_path / "pages.db"
    scores = json.loads(evaluate_gold(WEB / "tune", extractor=extractor, db=db, save=pred_path,
                                      as_json=True, quiet=True))
    s = scores["overlap"]["0.3"]
    # 286 required gold lines, plus the optional ones a prediction matches
    assert scores["pages"] == 17 and 286 <= s["gold"] <= 290
    assert s["f1"] >= 0.936 - 0.02 and scores["overlap"]["0.8"]["f1"] >= 0.904 - 0.02
    assert s["precision"] >= 0.974 - 0.02 and s["recall"] >= 0.902 - 0.02
    assert s["speaker"]["accuracy"] >= 0.933 - 0.02
    assert s["source_type"]["macro_accuracy"] >= 0.804 - 0.03
    assert scores["body"]["f1"] >= 0.975 - 0.01 and scores["body"]["pages"] == 17
    assert_agree(mine_as_reference(scores), reference(WEB / "tune", pred_path, db))
