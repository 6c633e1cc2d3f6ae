from vstid.matching.evidence import display_terms


def test_compounds_win_over_their_syllables_and_folded_twins() -> None:
    terms = ["kiểm_chứng", "kiểm", "chứng", "kiem_chung", "kiem", "uvm", "đào_tạo", "dao_tao"]
    assert display_terms(terms) == ["kiểm chứng", "đào tạo", "uvm"]


def test_numbers_and_single_characters_are_dropped_and_the_list_is_capped() -> None:
    assert display_terms(["12", "nm", "3", "4", "x"]) == ["nm"]
    many = [f"term{i}" for i in range(20)]
    assert len(display_terms(many)) == 8


def test_japanese_and_korean_terms_pass_through() -> None:
    assert display_terms(["転倒", "検知", "낙상"]) == ["転倒", "検知", "낙상"]


def test_lone_vietnamese_syllables_and_generic_words_are_not_shown() -> None:
    """Issue 9, defect 10: "shared terms" listed kỹ, thuật, engineer, factory."""
    terms = ["kiểm_chứng", "kỹ_sư", "kỹ", "thuật", "engineer", "factory", "nhà_máy", "wafer"]
    assert display_terms(terms, language="vi") == ["kiểm chứng", "wafer"]
    assert display_terms(["エンジニア", "反り", "工場"], language="ja") == ["反り"]
