"""A seeded generator of person records with known truth, for the identity benchmark and tests.

It writes names the way sources actually do — with and without diacritics, family name first
or last, upper-case family names, dropped or abbreviated middle names, typos, katakana and
hangul — and gives namesakes (different people, same name) their own affiliations. Its
katakana/hangul spellings come from its own table below, which includes variants the matcher's
table does not know, so the benchmark is not a round trip through one dictionary.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from vstid.identity.matcher import PersonRecord

__all__ = ["SynthRecord", "generate"]

# (with diacritics, weight, katakana spellings, hangul spellings)
_SURNAMES = (
    (
        "Nguyễn",
        38,
        ["グエン", "グエン", "グエン", "グェン", "グウェン"],
        ["응우옌", "응우옌", "응웬"],
    ),
    ("Trần", 11, ["チャン"], ["쩐"]),
    ("Lê", 9, ["レ", "レー"], ["레"]),
    ("Phạm", 7, ["ファム"], ["팜"]),
    ("Hoàng", 5, ["ホアン"], ["호앙", "황"]),
    ("Huỳnh", 4, ["フイン"], ["후인"]),
    ("Phan", 4, ["ファン"], ["판"]),
    ("Vũ", 4, ["ヴー", "ブー"], ["부"]),
    ("Võ", 2, ["ヴォー", "ボー"], ["보"]),
    ("Đặng", 2, ["ダン"], ["당"]),
    ("Bùi", 2, ["ブイ"], ["부이"]),
    ("Đỗ", 2, ["ドー", "ド"], ["도"]),
    ("Hồ", 2, ["ホー"], ["호"]),
    ("Ngô", 2, ["ゴー"], ["응오"]),
    ("Dương", 1, ["ズオン", "ユオン"], ["즈엉"]),
    ("Lý", 1, ["リー"], ["리"]),
    ("Đinh", 1, ["ディン"], ["딘"]),
    ("Trương", 1, ["チュオン"], ["쯔엉"]),
)
_MIDDLE = (
    ("Văn", ["ヴァン", "バン"], ["반"]),
    ("Thị", ["ティ", "ティー", "チ"], ["티"]),
    ("Minh", ["ミン"], ["민"]),
    ("Đức", ["ドゥック", "ドゥク"], ["득"]),
    ("Thanh", ["タイン", "タン"], ["타인", "탄"]),
    ("Quang", ["クアン"], ["꽝"]),
    ("Ngọc", ["ゴック"], ["응옥"]),
    ("Hữu", ["フウ", "ヒュー"], ["흐우"]),
    ("Xuân", ["スアン"], ["쑤언"]),
    ("Hoài", ["ホアイ"], ["호아이"]),
)
_GIVEN = (
    ("An", ["アン"], ["안"]),
    ("Anh", ["アイン", "アン"], ["아인", "안"]),
    ("Tuấn", ["トゥアン"], ["뚜언"]),
    ("Hùng", ["フン"], ["훙"]),
    ("Dũng", ["ズン", "ユン"], ["중", "융"]),
    ("Hải", ["ハイ"], ["하이"]),
    ("Hương", ["フオン", "フーン"], ["흐엉"]),
    ("Lan", ["ラン"], ["란"]),
    ("Linh", ["リン"], ["린"]),
    ("Long", ["ロン"], ["롱"]),
    ("Nam", ["ナム"], ["남"]),
    ("Phong", ["フォン"], ["퐁"]),
    ("Sơn", ["ソン"], ["선"]),
    ("Thắng", ["タン", "タング"], ["탕"]),
    ("Tâm", ["タム"], ["땀", "떰"]),
    ("Trung", ["チュン"], ["쭝"]),
    ("Việt", ["ヴィエット", "ベト"], ["비엣"]),
    ("Hoa", ["ホア"], ["호아"]),
    ("Huy", ["フイ"], ["후이"]),
    ("Khánh", ["カイン", "カン"], ["카인"]),
    ("Khoa", ["コア"], ["코아"]),
    ("Lộc", ["ロック"], ["록"]),
    ("Mạnh", ["マイン"], ["마인"]),
    ("Phúc", ["フック"], ["푹"]),
    ("Phương", ["フオン"], ["프엉"]),
    ("Quân", ["クアン"], ["꾸언"]),
    ("Thảo", ["タオ"], ["타오"]),
    ("Thủy", ["トゥイ", "トゥイー"], ["투이"]),
    ("Trang", ["チャン"], ["짱"]),
    ("Tùng", ["トゥン"], ["뚱"]),
    ("Vinh", ["ヴィン", "ビン"], ["빈"]),
    ("Bình", ["ビン"], ["빈"]),
    ("Yến", ["イエン"], ["옌"]),
    ("Hiếu", ["ヒエウ"], ["히에우"]),
    ("Bảo", ["バオ"], ["바오"]),
    ("Đạt", ["ダット"], ["닷"]),
    ("Duy", ["ズイ"], ["주이"]),
    ("Giang", ["ザン", "ジャン"], ["장"]),
    ("Hạnh", ["ハイン"], ["하인"]),
    ("Kiên", ["キエン"], ["끼엔"]),
    ("Nga", ["ガー"], ["응아"]),
    ("Nhung", ["ニュン"], ["늉"]),
    ("Quốc", ["クオック"], ["꾸옥"]),
    ("Thịnh", ["ティン"], ["틴"]),
    ("Tiến", ["ティエン"], ["띠엔"]),
    ("Toàn", ["トアン"], ["또안"]),
    ("Cường", ["クオン"], ["끄엉"]),
    ("Khải", ["カイ"], ["카이"]),
    ("Nghĩa", ["ギア"], ["응이아"]),
    ("Trọng", ["チョン"], ["쫑"]),
)
_JAPANESE = (
    (
        ("田中", "Tanaka"),
        ("佐藤", "Sato"),
        ("鈴木", "Suzuki"),
        ("高橋", "Takahashi"),
        ("渡辺", "Watanabe"),
        ("山本", "Yamamoto"),
        ("中村", "Nakamura"),
        ("小林", "Kobayashi"),
        ("伊藤", "Ito"),
        ("加藤", "Kato"),
        ("吉田", "Yoshida"),
        ("山田", "Yamada"),
        ("佐々木", "Sasaki"),
        ("松本", "Matsumoto"),
        ("井上", "Inoue"),
        ("木村", "Kimura"),
        ("清水", "Shimizu"),
        ("山口", "Yamaguchi"),
        ("森", "Mori"),
        ("池田", "Ikeda"),
    ),
    (
        ("浩之", "Hiroyuki"),
        ("健太", "Kenta"),
        ("大輔", "Daisuke"),
        ("翔太", "Shota"),
        ("直樹", "Naoki"),
        ("拓也", "Takuya"),
        ("美咲", "Misaki"),
        ("陽子", "Yoko"),
        ("和也", "Kazuya"),
        ("誠", "Makoto"),
        ("健一", "Kenichi"),
        ("恵子", "Keiko"),
        ("裕子", "Yuko"),
        ("隆", "Takashi"),
        ("聡", "Satoshi"),
        ("真由美", "Mayumi"),
        ("達也", "Tatsuya"),
        ("智子", "Tomoko"),
        ("学", "Manabu"),
        ("亮", "Ryo"),
    ),
)
# (English name, local-script name or None, country)
_AFFILIATIONS = (
    ("University of Tokyo", "東京大学", "JP"),
    ("Kyoto University", "京都大学", "JP"),
    ("Osaka University", "大阪大学", "JP"),
    ("Tohoku University", "東北大学", "JP"),
    ("Nagoya University", "名古屋大学", "JP"),
    ("Kyushu University", "九州大学", "JP"),
    ("Keio University", "慶應義塾大学", "JP"),
    ("Waseda University", "早稲田大学", "JP"),
    ("RIKEN", "理化学研究所", "JP"),
    ("Hitachi Ltd.", "日立製作所", "JP"),
    ("Tokyo Institute of Technology", "東京工業大学", "JP"),
    ("Toyota Motor Corporation", "トヨタ自動車", "JP"),
    ("Seoul National University", "서울대학교", "KR"),
    ("KAIST", "카이스트", "KR"),
    ("Yonsei University", "연세대학교", "KR"),
    ("Samsung Electronics", "삼성전자", "KR"),
    ("Stanford University", None, "US"),
    ("University of Texas at Austin", None, "US"),
    ("Technical University of Munich", None, "DE"),
    ("University of Melbourne", None, "AU"),
    ("National University of Singapore", None, "SG"),
    ("Sorbonne University", None, "FR"),
    ("Delft University of Technology", None, "NL"),
    ("Aalto University", None, "FI"),
)


_CITIES = {
    "JP": [
        "Sendai",
        "Chiba",
        "Kobe",
        "Hiroshima",
        "Kanazawa",
        "Niigata",
        "Shizuoka",
        "Okayama",
        "Kumamoto",
        "Nagasaki",
        "Toyama",
        "Gifu",
        "Saitama",
        "Yokohama",
        "Fukuoka",
        "Tsukuba",
        "Akita",
        "Aomori",
        "Iwate",
        "Yamagata",
        "Fukushima",
        "Ibaraki",
        "Tochigi",
        "Gunma",
        "Nara",
        "Wakayama",
        "Tottori",
        "Shimane",
        "Yamaguchi",
        "Tokushima",
        "Kagawa",
        "Ehime",
        "Kochi",
        "Saga",
        "Oita",
        "Miyazaki",
        "Kagoshima",
        "Okinawa",
        "Nagano",
        "Mie",
    ],
    "KR": [
        "Busan",
        "Daegu",
        "Incheon",
        "Gwangju",
        "Daejeon",
        "Ulsan",
        "Suwon",
        "Pohang",
        "Jeonju",
        "Cheongju",
        "Changwon",
        "Gangneung",
        "Chuncheon",
        "Jeju",
    ],
    "US": ["Houston", "Atlanta", "Boston", "Denver", "Seattle", "Chicago", "San Diego", "Austin"],
    "DE": ["Aachen", "Dresden", "Stuttgart", "Karlsruhe", "Bremen", "Hamburg"],
    "AU": ["Sydney", "Brisbane", "Adelaide", "Perth"],
    "FR": ["Lyon", "Grenoble", "Toulouse", "Lille"],
}
_KINDS = (
    "University of {c}",
    "{c} Institute of Technology",
    "{c} University of Science",
    "{c} Medical University",
    "{c} Research Center",
)


def _institutions() -> list[tuple[str, str | None, str]]:
    """About 24 named institutions plus ~250 generated ones: realistic spread, rare collisions."""
    made = [
        (kind.format(c=city), None, country)
        for country, cities in _CITIES.items()
        for city in cities
        for kind in _KINDS
    ]
    return [*_AFFILIATIONS, *made]


_INSTITUTIONS = _institutions()


@dataclass(frozen=True)
class SynthRecord:
    record: PersonRecord
    person: int
    variant: str


@dataclass
class _Person:
    index: int
    parts: list[tuple[str, list[str], list[str]]]  # Vietnamese order: family, middle, given
    japanese: tuple[tuple[str, str], tuple[str, str]] | None
    affiliation: tuple[str, str | None, str]
    email: str | None
    orcid: str | None
    dois: list[str]


def _strip(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(2, len(word))
    return word[:i] + rng.choice("aeiounhtg") + word[i + 1 :]


def _vietnamese_name(rng: random.Random, person: _Person, variant: str) -> str:
    (fam, fk, fh), (mid, mk, mh), (giv, gk, gh) = person.parts
    if variant == "katakana":
        sep = rng.choice(["・", "・", " ", ""])
        return sep.join(rng.choice(k) for k in (fk, mk, gk))
    if variant == "hangul":
        return " ".join(rng.choice(h) for h in (fh, mh, gh))
    plain = {"f": _strip(fam), "m": _strip(mid), "g": _strip(giv)}
    forms = {
        "diacritics": f"{fam} {mid} {giv}",
        "ascii": "{f} {m} {g}",
        "western": "{g} {f}",
        "western_middle": rng.choice(["{m} {g} {f}", "{g} {m} {f}"]),
        "upper_family": "{F} {m} {g}",
        "initial": "{f} {mi}. {g}",
        "inverted": "{f}, {g} {m}",
        "typo": "{f} {m} {gt}",
    }
    template = forms[variant]
    return template.format(
        F=plain["f"].upper(), mi=plain["m"][0], gt=_typo(rng, plain["g"]), **plain
    )


_VN_VARIANTS = (
    "diacritics",
    "ascii",
    "western",
    "western_middle",
    "upper_family",
    "initial",
    "inverted",
    "typo",
    "katakana",
    "hangul",
)


def _japanese_name(rng: random.Random, person: _Person, variant: str) -> str:
    assert person.japanese is not None
    (fam_k, fam_r), (giv_k, giv_r) = person.japanese
    if variant == "kanji":
        return f"{fam_k} {giv_k}"
    return rng.choice([f"{giv_r} {fam_r}", f"{fam_r.upper()} {giv_r}", f"{fam_r}, {giv_r}"])


def _make_person(rng: random.Random, index: int) -> _Person:
    japanese = None
    if rng.random() < 0.12:
        japanese = (rng.choice(_JAPANESE[0]), rng.choice(_JAPANESE[1]))
    weights = [s[1] for s in _SURNAMES]
    fam = rng.choices(_SURNAMES, weights=weights)[0]
    mid = _MIDDLE[0] if rng.random() < 0.35 else rng.choice(_MIDDLE)
    giv = rng.choice(_GIVEN)
    has_orcid = rng.random() < 0.3
    return _Person(
        index=index,
        parts=[(fam[0], fam[2], fam[3]), mid, giv],
        japanese=japanese,
        affiliation=rng.choice(_INSTITUTIONS),
        email=f"p{index}.{rng.randrange(10**6)}@mail.example",
        orcid=f"0000-0002-{index // 10000:04d}-{index % 10000:04d}" if has_orcid else None,
        dois=[f"10.5555/p{index}.{k}" for k in range(rng.choice([0, 1, 2, 3, 5, 8]))],
    )


def _affiliation_form(rng: random.Random, person: _Person, local_script: bool) -> str | None:
    english, local, _country = person.affiliation
    roll = rng.random()
    if roll < 0.12:
        return None
    if local_script and local and roll < 0.7:
        return local
    if roll < 0.35:
        return english.replace("University", "Univ.")
    if roll < 0.5:
        return f"Department of Engineering, {english}"
    return english


# Source kinds and what they carry, roughly as the real sources do: publication databases
# have DOIs and often ORCID iDs but rarely e-mail; registrations and hub lists have e-mail and
# local-script names but no works. (name forms, p(orcid | person has one), p(email), p(doi))
_SOURCES = {
    "orcid": (("ascii", "western", "western_middle", "diacritics", "inverted"), 1.0, 0.05, 0.8),
    "openalex": (("ascii", "western", "initial", "inverted", "typo"), 0.5, 0.0, 0.8),
    "csv": (("diacritics", "upper_family", "ascii", "typo"), 0.3, 0.8, 0.0),
    "hub_jp": (("katakana",), 0.1, 0.6, 0.0),
    "hub_kr": (("hangul",), 0.1, 0.6, 0.0),
}


def _record(rng: random.Random, person: _Person, serial: int) -> SynthRecord:
    source = rng.choices(list(_SOURCES), weights=[25, 25, 25, 15, 10])[0]
    forms, p_orcid, p_email, p_doi = _SOURCES[source]
    if person.japanese:
        variant = "kanji" if source.startswith("hub") else "romaji"
        name = _japanese_name(rng, person, variant)
    else:
        variant = rng.choice(forms)
        name = _vietnamese_name(rng, person, variant)
    record = PersonRecord(
        id=f"r{serial}",
        names=(name,),
        email=person.email if rng.random() < p_email else None,
        orcid=person.orcid if rng.random() < p_orcid else None,
        affiliation=_affiliation_form(rng, person, source.startswith("hub")),
        country=person.affiliation[2] if rng.random() < 0.85 else None,
        dois=frozenset(d for d in person.dois if rng.random() < p_doi),
    )
    return SynthRecord(record=record, person=person.index, variant=variant)


def generate(n_records: int, seed: int) -> list[SynthRecord]:
    """About `n_records` records; each person appears 1–4 times (most of them more than once)."""
    rng = random.Random(seed)
    out: list[SynthRecord] = []
    index = 0
    while len(out) < n_records:
        person = _make_person(rng, index)
        for _ in range(rng.choices([1, 2, 3, 4], weights=[25, 40, 22, 13])[0]):
            out.append(_record(rng, person, len(out)))
        index += 1
    return out[:n_records]
