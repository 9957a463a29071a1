from plankb.text.vietnamese import first_letter, fold, slugify, sort_key


def test_slug_keeps_d_of_dj():
    assert slugify("Đào tạo, bồi dưỡng") == "dao-tao-boi-duong"


def test_fold_drops_every_mark():
    assert fold("Đội kiểm tra mại dâm") == "Doi kiem tra mai dam"


def test_vietnamese_alphabet_order():
    words = ["đ", "e", "d", "ê", "a", "ă", "â", "b", "ư", "u", "ơ", "o", "ô"]
    assert sorted(words, key=sort_key) == ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_tones_sort_after_base_letters():
    assert sorted(["mạ", "má", "ma", "mà", "mả", "mã", "mb"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mb"]


def test_first_letter_keeps_vowel_marks_not_tones():
    assert [first_letter(w) for w in ("Đội", "ăn", "Ủy", "ấp", "178")] == ["Đ", "Ă", "U", "Â", "0–9"]
