from vstid.engine.analysis import FOLD_PREFIX, analyse, analyse_query, stem_english


def test_japanese_two_character_terms_survive() -> None:
    terms = analyse("工場排水の処理とローカル5Gを使った転倒検知", "ja")
    assert "排水" in terms
    assert "転倒" in terms and "検知" in terms
    assert "5g" in terms  # Latin runs go through the English analyser
    assert "local" in terms  # UniDic's loanword gloss bridges to English
    assert "の" not in terms and "を" not in terms


def test_korean_content_morphemes_without_particles() -> None:
    terms = analyse("공장 폐수 처리와 낙상 감지 시스템을 개발합니다. AI 기반", "ko")
    assert "폐수" in terms and "낙상" in terms
    assert "시스템" in terms and "ai" in terms
    assert not any(t.endswith("을") or t.endswith("와") for t in terms)


def test_vietnamese_compounds_syllables_and_folding() -> None:
    terms = analyse("Hệ thống xử lý nước thải dùng IoT", "vi")
    assert "nước_thải" in terms
    assert "nước" in terms and "thải" in terms
    assert FOLD_PREFIX + "nuoc_thai" in terms
    assert "iot" in terms


def test_query_without_diacritics_meets_folded_terms() -> None:
    doc = set(analyse("Xử lý nước thải", "vi"))
    query = set(analyse_query("xu ly nuoc thai"))
    assert FOLD_PREFIX + "nuoc" in doc & query


def test_english_light_stemming_keeps_acronyms() -> None:
    assert stem_english("sensors") == "sensor"
    assert stem_english("batteries") == "battery"
    terms = analyse("CMOS sensors for the soil", "en")
    assert terms == ["cmos", "sensor", "soil"]


def test_heavy_analysers_are_created_once() -> None:
    from vstid.engine.analysis import _shared

    analyse("排水", "ja")
    assert _shared("ja") is _shared("ja")
