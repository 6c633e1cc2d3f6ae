"""Plain builder functions: a tiny hand-made multilingual corpus for engine tests."""

from __future__ import annotations

from vstid.engine import ExpertDoc, ProblemDoc, Publication


def expert(eid: str, headline: str, bio: str = "", **kw: object) -> ExpertDoc:
    return ExpertDoc(id=eid, headline=headline, bio=bio, **kw)  # type: ignore[arg-type]


def corpus() -> list[ExpertDoc]:
    return [
        expert(
            "E1",
            "Industrial wastewater treatment engineer",
            "Designs membrane bioreactors and sludge treatment for textile dyeing plants.",
            expertise=("wastewater treatment", "membrane bioreactor", "sludge"),
            publications=(Publication("Colour removal from textile wastewater", 2021),),
            language="en",
            organization_id="ORG-A",
        ),
        expert(
            "E2",
            "工場排水処理の研究者",
            "繊維工場の排水処理と膜分離活性汚泥法を研究している。",
            expertise=("排水処理", "膜分離活性汚泥法"),
            language="ja",
        ),
        expert(
            "E3",
            "폐수 처리 및 수질 모니터링 연구원",
            "산업 폐수 처리 공정과 수질 센서 네트워크를 연구합니다.",
            expertise=("폐수 처리", "수질 모니터링"),
            language="ko",
        ),
        expert(
            "E4",
            "Chuyên gia xử lý nước thải công nghiệp",
            "Thiết kế hệ thống xử lý nước thải dệt nhuộm và bùn thải cho khu công nghiệp.",
            expertise=("xử lý nước thải", "dệt nhuộm"),
            language="vi",
        ),
        expert(
            "E5",
            "Analog IC designer",
            "Low-power SAR ADC and sensor front-end circuits in CMOS.",
            expertise=("SAR ADC", "analog IC design"),
            publications=(Publication("A 10-bit SAR ADC for sensor nodes", 2020),),
            language="en",
            available=False,
        ),
        expert(
            "E6",
            "日本中世史の研究者",
            "鎌倉時代の古文書と寺社の歴史を研究している。",
            expertise=("日本中世史", "古文書"),
            language="ja",
            organization_id="ORG-B",
        ),
    ]


def wastewater_problem(**kw: object) -> ProblemDoc:
    return ProblemDoc(
        id="P1",
        title="Xử lý nước thải dệt nhuộm",
        description="Cần giải pháp xử lý nước thải dệt nhuộm và bùn thải tại khu công nghiệp.",
        language="vi",
        **kw,  # type: ignore[arg-type]
    )


def adc_problem() -> ProblemDoc:
    return ProblemDoc(
        id="P2",
        title="Low-power SAR ADC for soil sensors",
        description="We need a SAR ADC and analog front-end for battery powered soil sensors.",
        language="en",
    )
