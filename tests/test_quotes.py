"""Quote-mark pairing: straight and curly marks, unbalanced marks, nesting, paragraphs."""
from hypothesis import given
from hypothesis import strategies as st

from quotesource.attribution.quotes import find_quotes


def contents(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_curly_and_straight_marks_mixed():
    assert contents('He said \u201chi there,\u201d then "bye." And \u201cmixed".') == [
        "hi there,", "bye.", "mixed"]


def test_nested_single_quotes_stay_inside():
    assert contents("\u201cShe told me \u2018no way\u2019 twice,\u201d he said.") == [
        "She told me \u2018no way\u2019 twice,"]


def test_apostrophes_are_not_quotes():
    assert contents("The Pentagon\u2019s view: it's \u201cfine.\u201d") == ["fine."]


def test_multi_paragraph_quote_continues_when_next_paragraph_opens_with_a_mark():
    text = "\u201cFirst paragraph of the quote.\n\n\u201cSecond paragraph,\u201d she said."
    (quote,) = find_quotes(text)
    assert text[quote.start:quote.end].startswith("First paragraph")
    assert text[quote.start:quote.end].endswith("Second paragraph,")
    assert quote.close == text.index("\u201d")


def test_unclosed_quote_ends_at_its_paragraph():
    text = "\u201cNever closed here.\n\nA new paragraph with \u201ca quote\u201d in it."
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["Never closed here.", "a quote"]
    assert quotes[0].close is None


def test_stray_closing_mark_is_ignored():
    assert contents("stray \u201d mark then \u201cok\u201d") == ["ok"]


def test_typewriter_double_marks():
    text = "''Some courses are adapting,'' said Paul H. Chipok. ``Fine,'' he added."
    assert contents(text) == ["Some courses are adapting,", "Fine,"]
    assert find_quotes(text)[0].outer_end == text.index(" said")


def test_search_is_limited_to_the_body():
    text = "\u201cbefore\u201d body \u201cinside\u201d tail \u201cafter\u201d"
    start, end = text.index("body"), text.index("tail")
    assert [text[q.start:q.end] for q in find_quotes(text, start, end)] == ["inside"]


MARKS = st.sampled_from(['"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\n", "\n\n", " "])
PIECES = st.lists(st.one_of(MARKS, st.text(alphabet="abc ,.", min_size=1, max_size=6)),
                  max_size=40)


@given(PIECES)
def test_quotes_are_ordered_disjoint_and_inside_the_text(pieces):
    text = "".join(pieces)
    quotes = find_quotes(text)
    previous_end = -1
    for q in quotes:
        assert 0 <= q.open < q.start <= q.end <= len(text)
        assert q.open > previous_end
        # Curly marks whose spacing contradicts their shape are read by the spacing, so any
        # double mark may open or close; what matters is that a mark, not a letter, does.
        assert text[q.open] in '"\u201c\u201d\u201e\u00ab' or text[q.open:q.open + 2] in ("''", "``")
        if q.close is not None:
            assert q.end <= q.close and (text[q.close] in '"\u201c\u201d\u00bb' or
                                         text[q.close:q.close + 2] == "''")
        assert text[q.start:q.end] == text[q.start:q.end].rstrip() or q.close is not None
        previous_end = q.outer_end - 1


@given(st.lists(st.text(alphabet="abc ,.'\u2019", min_size=1, max_size=12).filter(
    lambda w: "''" not in w and not w.startswith("'") and not w.endswith("'")),
    min_size=1, max_size=6))
def test_balanced_curly_quotes_are_all_found(words):
    text = " and ".join(f"\u201c{w}\u201d" for w in words)
    found = contents(text)
    # Trailing spaces inside the marks are not part of what was said; empty quotes are dropped.
    assert found == [w.rstrip() for w in words if w.rstrip()]


def test_backwards_curly_marks_are_read_by_their_spacing():
    assert contents("\u201cIt's unusual,\u201c said Larry Noble. \u201cIt's hard.\u201d") == \
        ["It's unusual,", "It's hard."]
    assert contents("\u201cDo you want to be associated with a fascist?\u201c he asked.") == \
        ["Do you want to be associated with a fascist?"]
