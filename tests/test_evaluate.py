import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotesource.evaluation.evaluate import score
from quotesource.evaluation.matching import normalise_name, overlap, sentence_around
from quotesource.evaluation.report import errors, format_errors, format_report
from quotesource.evaluation.gold import (GoldSet, cue_key, is_speech_cue, load_gold,
                              load_polnear, load_seeds_gold, parse_brat)

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    for cand in (Path(__file__).resolve().parents[2] / "shared",
                 Path(os.environ["QUOTESOURCE_SHARED"]) if os.environ.get("QUOTESOURCE_SHARED")
                 else None):
        if cand is not None and cand.is_dir():
            return cand
    return None


def need(*parts: str) -> Path:
    base = shared_dir()
    if base is None or not base.joinpath(*parts).exists():
        pytest.skip("../shared (or $QUOTESOURCE_SHARED) with " + "/".join(parts) + " is absent")
    return base.joinpath(*parts)


def span(text: str, s: int, e: int) -> dict:
    return {"start": s, "end": e, "text": text[s:e]}


def first(pieces):
    return pieces[0] if pieces else None


def gold_as_predictions(gold: GoldSet) -> list[dict]:
    """What a perfect extractor would print for this gold."""
    preds = []
    for g in gold.attributions:
        text = gold.articles[g.article]
        sp = lambda p: [span(text, s, e) for s, e in p] if p else None  # noqa: E731
        preds.append({"article": g.article, "kind": g.kind, "content": sp(g.content),
                      "cue": sp(g.cue), "speaker": sp(g.source),
                      "speaker_name": g.speaker_name or g.source_text,
                      "source_type": g.source_types[0] if g.source_types else None})
    for n in gold.no_comments:
        text = gold.articles[n.article]
        preds.append({"article": n.article, "cue": span(text, *n.cue[0]),
                      "speaker": span(text, *n.speaker[0]) if n.speaker else None,
                      "speaker_name": n.speaker_text, "source_type": None})
    for d in gold.disclosures:
        text = gold.articles[d.article]
        preds.append({"article": d.article, "group": span(text, *d.group[0]), "count": d.count,
                      "affiliation": d.affiliation,
                      "reason": span(text, *d.reason[0]) if d.reason else None,
                      "sentence": span(text, *d.group[0])})
    return preds


# ---------------------------------------------------------------------------- overlap

def test_overlap_ignores_spaces():
    text = "ab   cd"
    assert overlap(text, ((0, 2),), ((0, 7),)) == 0.5          # "ab" of "abcd"
    assert overlap(text, ((0, 5),), ((0, 7),)) == 0.5          # trailing spaces add nothing
    assert overlap(text, ((2, 5),), ((0, 7),)) == 0.0          # spaces only
    assert overlap(text, ((0, 7),), ((2, 5),)) == 0.0          # all-space gold: nothing to find


def test_overlap_discontinuous_spans():
    text = "abcdefghij"
    gold = ((0, 2), (6, 8))                                     # "ab" + "gh"
    assert overlap(text, ((0, 10),), gold) == 1.0
    assert overlap(text, ((1, 7),), gold) == 0.5                # b, g
    assert overlap(text, ((0, 1), (7, 8)), gold) == 0.5
    assert overlap(text, ((2, 6),), gold) == 0.0
    assert overlap(text, None, gold) == 0.0


TEXT = "Officials said the deal is done. “It is over,” he told reporters on Friday."


@given(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)),
       st.integers(0, len(TEXT)), st.integers(0, len(TEXT)))
def test_overlap_bounds_and_symmetry(a, b, c, d):
    p, g = ((min(a, b), max(a, b)),), ((min(c, d), max(c, d)),)
    ov = overlap(TEXT, p, g)
    assert 0.0 <= ov <= 1.0
    if overlap(TEXT, g, g) > 0:
        assert overlap(TEXT, g, g) == 1.0
        assert overlap(TEXT, ((0, len(TEXT)),), g) == 1.0
    np_ = sum(not TEXT[i].isspace() for i in range(*p[0]))
    ng = sum(not TEXT[i].isspace() for i in range(*g[0]))
    if np_ == ng:                        # same size: the shared part weighs the same both ways
        assert overlap(TEXT, p, g) == overlap(TEXT, g, p)
    if max(p[0][0], g[0][0]) >= min(p[0][1], g[0][1]):
        assert ov == 0.0 == overlap(TEXT, g, p)


# ---------------------------------------------------------------------------- synthetic seeds

ART = ("Officials said the deal is done. “It is over,” he told reporters on Friday. "
       "The memo suggests delays may follow. Critics believe the plan will fail.")


@pytest.fixture
def tiny(tmp_path) -> GoldSet:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a1.txt").write_text(ART, encoding="utf-8")
    lines = [
        {"record": "attribution", "article": "a1", "kind": "indirect", "speaker": "Officials",
         "speaker_name": "officials", "cue": "said", "content": "the deal is done",
         "source_type": "anonymous_group"},
        {"record": "attribution", "article": "a1", "kind": "direct", "speaker": "he",
         "speaker_name": "John Smith", "cue": "told", "content": "It is over,",
         "source_type": ["named_person", "anonymous_person"]},
        {"record": "attribution", "article": "a1", "kind": "indirect", "speaker": "The memo",
         "speaker_name": "memo", "cue": "suggests", "content": "delays may follow",
         "source_type": "document", "optional": True},
        {"record": "attribution", "article": "a1", "kind": "indirect", "speaker": "Critics",
         "speaker_name": "critics", "cue": "believe", "content": "the plan will fail",
         "source_type": "anonymous_group"},
    ]
    (tmp_path / "gold").mkdir()
    path = tmp_path / "gold" / "g.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return load_gold(path)                       # articles from ../seeds beside gold/


def pred_for(gold: GoldSet, i: int, **kw) -> dict:
    return gold_as_predictions(gold)[i] | kw


def test_seeds_loader_places_strings(tiny):
    g = tiny.attributions[1]
    assert ART[slice(*g.source[0])] == "he" and g.source[0][0] == ART.index(" he ") + 1
    assert ART[slice(*g.content[0])] == "It is over,"
    assert g.source_types == ("named_person", "anonymous_person")
    assert [a.speech for a in tiny.attributions] == [True, True, True, False]


def test_two_predictions_on_one_gold_give_one_tp_one_fp(tiny):
    p = pred_for(tiny, 0)
    s = score(tiny, [p, dict(p)])["all"]["content"]["0.5"]
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 2)


def test_optional_gold_is_neither_miss_nor_false_positive(tiny):
    s = score(tiny, [pred_for(tiny, 0), pred_for(tiny, 1), pred_for(tiny, 3)])["all"]
    assert s["n_gold"] == 3 and s["n_optional"] == 1
    assert s["content"]["0.5"]["f1"] == 1.0                       # unmatched optional: no miss
    s = score(tiny, gold_as_predictions(tiny))["all"]
    assert s["content"]["0.5"]["fp"] == 0 and s["content"]["0.5"]["f1"] == 1.0
    assert s["chars"]["precision"] == 1.0                         # optional chars don't count
    assert errors(tiny, gold_as_predictions(tiny)) == []


def test_speech_subset_leaves_non_speech_predictions_out(tiny):
    preds = gold_as_predictions(tiny)
    stray = {"article": "a1", "kind": "indirect", "content": span(ART, 0, 9), "cue": None,
             "speaker": None, "speaker_name": None}                     # touches no gold
    s = score(tiny, preds + [stray])
    assert s["speech"]["n_gold"] == 2                  # said, told (suggests is optional)
    assert s["speech"]["content"]["0.5"] == s["speech"]["content"]["0.5"] | {"tp": 2, "fp": 1,
                                                                              "fn": 0}
    assert s["all"]["content"]["0.5"]["fp"] == 1
    # a duplicate of the non-speech "believe" attribution costs all-precision, not speech
    s = score(tiny, preds + [preds[3]])
    assert s["all"]["content"]["0.5"]["fp"] == 1 and s["speech"]["content"]["0.5"]["fp"] == 0
    # a duplicate of a speech attribution costs both
    s = score(tiny, preds + [preds[0]])
    assert s["speech"]["content"]["0.5"]["fp"] == 1


def test_attribute_accuracies(tiny):
    preds = gold_as_predictions(tiny)
    preds[1] |= {"speaker_name": "the smith", "source_type": "anonymous_person", "cue": None}
    preds[0] |= {"speaker_name": "The  Officials"}
    s = score(tiny, preds)["all"]
    assert s["speaker"] == {"correct": 2, "n": 3, "accuracy": 2 / 3}
    assert s["cue"]["correct"] == 2 and s["source_type"]["accuracy"] == 1.0
    errs = errors(tiny, preds)
    assert [(e["kind"], e["cause"]) for e in errs] == [("wrong_speaker", "speaker wrong")]
    assert errs[0]["sentence"] == "“It is over,” he told reporters on Friday."


def test_error_causes_and_report(tiny):
    preds = [pred_for(tiny, 0, content=span(ART, 15, 20)),              # clipped: boundary
             {"article": "a1", "kind": "direct", "content": span(ART, 0, 9),
              "cue": span(ART, 10, 14), "speaker": None, "speaker_name": None}]
    causes = {e["cause"] for e in errors(tiny, preds)}
    assert causes == {"miss: boundary (predicted content overlaps < threshold)",
                      "fp: boundary (overlaps a gold attribution < threshold)",
                      "miss: direct quote", "miss: no quote marks, cue 'believe'",
                      "fp: cue 'said'"}
    text = format_errors(errors(tiny, preds))
    assert text.splitlines()[0] == "miss: 3, false_positive: 2, wrong_speaker: 0"
    report = format_report(score(tiny, preds))
    assert "overlap >= 0.8" in report and "speaker acc" in report


def test_helpers():
    assert normalise_name("Both  the U.S. and Iraq ") == "u.s. and iraq"
    assert normalise_name("The joint statement") == "joint statement"
    assert is_speech_cue("according to") and not is_speech_cue("according")
    assert is_speech_cue("did not say") and not is_speech_cue("believes")
    assert cue_key("has been well-documented") == "well"
    assert cue_key("told reporters") == "told"
    t = "One. U.S. officials said so. Next\nline"
    assert sentence_around(t, t.index("said"), t.index("said") + 4) == "U.S. officials said so."


# ---------------------------------------------------------------------------- real seeds gold

def seeds_gold() -> GoldSet:
    return load_seeds_gold(need("gold", "seeds.jsonl"), REPO / "seeds")


def test_perfect_predictions_score_one():
    gold = seeds_gold()
    s = score(gold, gold_as_predictions(gold))
    for subset in ("all", "speech"):
        for t in ("0.3", "0.5", "0.8"):
            assert s[subset]["content"][t]["f1"] == 1.0
        assert s[subset]["chars"]["f1"] == 1.0
        for key in ("speaker", "cue", "source_type", "kind"):
            assert s[subset][key]["accuracy"] == 1.0
    assert s["no_comment"]["recall"] == s["no_comment"]["precision"] == 1.0
    d = s["disclosures"]
    assert d["f1"] == d["count"]["accuracy"] == d["reason"]["accuracy"] == 1.0
    assert errors(gold, gold_as_predictions(gold)) == []


def test_truncated_predictions_score_lower():
    """Keep 40% of each content's non-space characters: found at 0.3, lost at 0.5 and 0.8."""
    gold = seeds_gold()
    preds, kept, total = [], 0, 0
    for p, g in zip(gold_as_predictions(gold), gold.attributions):
        text = gold.articles[g.article]
        s, e = g.content[0]
        ns = [i for i in range(s, e) if not text[i].isspace()]
        k = int(len(ns) * 0.4)
        preds.append(p | {"content": span(text, s, ns[k - 1] + 1)})
        if not g.optional:
            kept, total = kept + k, total + len(ns)
    s = score(gold, preds)["all"]
    n = s["n_gold"]
    assert s["content"]["0.3"]["f1"] == 1.0
    for t in ("0.5", "0.8"):
        assert (s["content"][t]["tp"], s["content"][t]["fn"], s["content"][t]["f1"]) == (0, n, 0)
    assert s["chars"]["precision"] == 1.0
    assert s["chars"]["recall"] == pytest.approx(kept / total)
    shifted = [p | {"content": span(gold.articles[p["article"]], p["content"]["end"] + 1,
                                    p["content"]["end"] + 40)} for p in preds]
    assert score(gold, shifted)["all"]["content"]["0.3"]["tp"] < n


# ---------------------------------------------------------------------------- PolNeAR

def test_parse_brat_continuation_discontinuous_and_first_ann(tmp_path):
    (tmp_path / "text").mkdir(), (tmp_path / "attributions").mkdir()
    text = "He said: “We won.\nWe really did.” They believe it.\n"
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8", newline="")
    c1, c2 = (text.index("“"), text.index("\n")), (text.index("\n") + 1, text.index("”") + 1)
    ann = (f"T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\n"
           f"T3\tContent {c1[0]} {c1[1]};{c2[0]} {c2[1]}\t{text[slice(*c1)]} {text[slice(*c2)]}\n"
           f"T4\tAttribution 3 7\tsaid\n#1\tAnnotatorNotes T3\tfirst line\nsecond line\n"
           f"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
           f"T5\tCue 39 46\tbelieve\nT6\tContent 47 49\tit\nT7\tAttribution-no-source 39 46\tb\n"
           f"E2\tAttribution-no-source:T7 Cue:T5 Content:T6\n")
    (tmp_path / "attributions" / "a_0001.ann").write_text(ann, encoding="utf-8")
    (tmp_path / "attributions" / "a_ffff.ann").write_text("", encoding="utf-8")
    spans, events = parse_brat(ann)
    assert spans["T3"][1] == (c1, c2) and len(events) == 2
    gold = load_polnear(tmp_path)
    assert gold.files["a"].endswith("a_0001.ann")
    a, b = gold.attributions
    assert " ".join(text[s:e] for s, e in a.content) == a.content_text
    assert a.source_text == "He" and b.source is None and b.cue_text == "believe"
    assert not b.speech and a.speech


@pytest.mark.polnear
def test_real_polnear_spans_match_brat_text():
    train = need("polnear", "train")
    anns = sorted((train / "attributions").glob("*.ann"))
    stems = [p.stem.rsplit("_", 1)[0] for p in anns]
    several = next(s for s in stems if stems.count(s) > 1)
    gold = load_polnear(train, articles=[stems[0], stems[1], several])
    assert set(gold.articles) == {stems[0], stems[1], several}
    assert gold.files[several] == str(anns[stems.index(several)])            # the first .ann
    assert len(gold.attributions) > 10
    for g in gold.attributions:
        text = gold.articles[g.article]
        for pieces, brat in ((g.content, g.content_text), (g.cue, g.cue_text),
                             (g.source, g.source_text)):
            if pieces is not None:
                assert " ".join(text[s:e] for s, e in pieces) == brat
    assert len(load_polnear(train, limit=3).articles) == 3
    s = score(gold, gold_as_predictions(gold))
    assert s["all"]["content"]["0.8"]["f1"] == 1.0 and s["no_comment"] is None
