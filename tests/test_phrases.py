from plankb.phrases import Phrase, PhraseMatcher


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
