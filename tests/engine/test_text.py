import unicodedata

import pytest

from vstid.engine.text import detect_language, fold_vietnamese, normalise


def test_normalise_composes_and_collapses_whitespace() -> None:
    decomposed = unicodedata.normalize("NFD", "Nước  thải\n")
    assert normalise(decomposed) == "Nước thải"
    assert unicodedata.is_normalized("NFC", normalise(decomposed))


def test_fold_vietnamese_strips_all_marks_and_d_bar() -> None:
    assert fold_vietnamese("Đặng Xử lý nước thải") == "Dang Xu ly nuoc thai"


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("Xử lý nước thải", "vi"),
        ("Phát hiện biển số xe", "vi"),
        ("Hệ thống AI cho giao thông", "vi"),
        ("màng PEM", "vi"),
        ("工場排水の処理", "ja"),
        ("排水処理", "ja"),
        ("ローカル5G", "ja"),
        ("폐수 처리", "ko"),
        ("낙상 감지 AI 시스템", "ko"),
        ("Deep learning for SAR ADC", "en"),
        ("Die Bedeutung der Technik für die Stadt", "other"),
        ("", "other"),
    ],
)
def test_detect_language_on_short_titles(title: str, language: str) -> None:
    assert detect_language(title) == language
