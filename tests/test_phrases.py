from plankb.text.phrases import Phrase, PhraseMatcher


def found(matcher, text):
    return [(text[m.start:m.end], m.phrase.target) for m in matcher.find(text)]


def test_longest_phrase_wins():
    m = PhraseMatcher([Phrase("Đội 178", "short"), Phrase("Đội kiểm tra liên ngành 178", "long")])
    assert found(m, "Đội kiểm tra liên ngành 178 và Đội 178") == [
        ("Đội kiểm tra liên ngành 178", "long"), ("Đội 178", "short")]


def test_whole_syllables_only():
    m = PhraseMatcher([Phrase("Đội", "d")])
    assert found(m, "Độii, Đội.") == [("Đội", "d")]


def test_tone_marks_must_match_exactly():
    m = PhraseMatcher([Phrase("ma túy", "drug")])
    assert found(m, "mà túy, má túy, ma túy") == [("ma túy", "drug")]


def test_case_rules_per_phrase():
    m = PhraseMatcher([Phrase("UBND", "abbr", case_sensitive=True), Phrase("giảm hại", "term")])
    assert found(m, "ubnd UBND Giảm hại") == [("UBND", "abbr"), ("Giảm hại", "term")]


def test_term_linker_skips_headings_links_code_marked_blocks_and_own_entry():
    from plankb.model import Term
    from plankb.text.term_linker import TermLinker
    linker = TermLinker({"gh": Term("gh", "giảm hại", "Định nghĩa")})
    html = ('<h2>giảm hại</h2><p><a href="x">giảm hại</a> <code>giảm hại</code></p>'
            '<div data-no-terms><p>giảm hại</p></div><div data-term="gh"><p>giảm hại</p></div><p>giảm hại</p>')
    out = linker.link(html, "../thuat-ngu/")
    assert out.count('class="kh-term"') == 1
    assert out.endswith('<p><a class="kh-term" href="../thuat-ngu/#gh">giảm hại</a></p>')


def test_term_linker_links_first_occurrence_per_part_of_the_page_and_exactly_the_term():
    from plankb.model import Term
    from plankb.text.term_linker import TermLinker
    linker = TermLinker({"gh": Term("gh", "giảm hại", "Định nghĩa")})
    out = linker.link("<h2>A</h2><p>giảm hại, giảm hại</p><h3>A.1</h3><p>giảm hại</p><h2>B</h2><p>giảm hại</p>", "")
    assert out.count('class="kh-term"') == 2  # once under A (its h3 opens no new part), once under B
    assert '<p><a class="kh-term" href="#gh">giảm hại</a>, giảm hại</p>' in out  # not the comma


def test_term_linker_never_links_inside_a_document_number():
    from plankb.model import Term
    from plankb.text.term_linker import TermLinker
    linker = TermLinker({"ubnd": Term("ubnd", "UBND", "Ủy ban nhân dân", case_sensitive=True)})
    out = linker.link("<p>Kế hoạch số 5971/KH-UBND của UBND tỉnh.</p>", "")
    assert out == '<p>Kế hoạch số 5971/KH-UBND của <a class="kh-term" href="#ubnd">UBND</a> tỉnh.</p>'


def test_generated_markdown_links_once_per_part_and_never_in_headings():
    from plankb.model import Term
    from plankb.text.term_linker import TermLinker
    linker = TermLinker({"gh": Term("gh", "giảm hại", "Định nghĩa")})
    page = ('---\ntitle: "giảm hại"\n---\n\n# giảm hại\n\n<p>giảm hại</p>\n\n### giảm hại {#a}\n\n<p>giảm hại</p>\n\n'
            '## B {#b}\n\ngiảm hại\n')
    out = linker.link_markdown(page, "../thuat-ngu/")
    assert out.count('class="kh-term"') == 2 and "### giảm hại {#a}" in out and 'title: "giảm hại"' in out
    assert out.endswith('## B {#b}\n\n<a class="kh-term" href="../thuat-ngu/#gh">giảm hại</a>\n')


def test_same_matches_as_one_regex_over_real_texts_and_random_ones():
    """The word-indexed matcher gives what the single longest-first regex gave."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from conftest import ROOT
    from plankb.sources.loader import load_corpus
    from plankb.text.term_linker import matcher_for

    corpus = load_corpus(ROOT)
    matcher = matcher_for(corpus.terms)
    agency_matcher = PhraseMatcher([Phrase(a, x.id, True) for x in corpus.agencies.values() for a in x.aliases])
    texts = [node.words for plan in corpus.plans.values() for node in plan.nodes()]
    for m in (matcher, agency_matcher):
        for text in texts:
            assert m.find(text) == m._find_by_pattern(text), text
    spellings = [p.text for p in matcher._phrases][:60]
    pieces = st.one_of(st.sampled_from(spellings), st.sampled_from([" ", ", ", "-", "(", ")", "x", "Đ", "178", "\n"]),
                       st.builds(str.upper, st.sampled_from(spellings)))

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def same(text):
        assert matcher.find(text) == matcher._find_by_pattern(text)
    same()
