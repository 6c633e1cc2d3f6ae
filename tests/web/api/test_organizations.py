"""Issue 9, defect 14, in the API: an organization's profile is edited by its admins, its logo
uploaded (checked, resized, its address in the organization), its members listed as the caller
may see them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.organizations.images import png
from tests.world import Api, World
from vstid.organizations.models import Membership


def _admin(session: Session, w: World) -> None:
    session.query(Membership).filter_by(user_id=w.requester.id).one().role = "admin"
    session.commit()


def test_admin_edits_the_profile_and_a_stranger_may_not(
    api: Api, world: World, session: Session
) -> None:
    _admin(session, world)
    path = f"/organizations/{world.org.slug}"
    body = {"name": "Bệnh viện Đa khoa Vĩnh Long", "language": "vi",
            "name_translations": {"en": "Vinh Long General Hospital", "ko": "빈롱 종합병원"},
            "description": {"vi": "Bệnh viện tuyến tỉnh.", "ja": "省の総合病院。"},
            "contact_phone": "+84 270 382 2523"}  # fmt: skip
    assert api.patch(world.outsider, path, body).status_code == 403
    assert api.patch(None, path, body).status_code == 401
    wrong = api.patch(world.requester, path, {**body, "contact_email": "nope"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "contact_email"
    edited = api.patch(world.requester, path, body)
    assert edited.status_code == 200, edited.text
    out = edited.json()
    assert out["name_translations"]["ko"] == "빈롱 종합병원" and out["language"] == "vi"
    assert out["contact_phone"] == "+84 270 382 2523" and out["logo_url"] is None
    assert api.get(None, path).json()["description"]["ja"] == "省の総合病院。"


def test_logo_upload_and_members(api: Api, world: World, session: Session) -> None:
    _admin(session, world)
    path = f"/organizations/{world.org.slug}/logo"
    headers = api.headers(world.requester)
    bad = api.client.post(f"/api/v1{path}", headers={**headers, "Accept-Language": "ja"},
                          files={"logo": ("logo.webp", b"RIFF....WEBPnope", "image/webp")})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "logo"
    assert bad.json()["message"].startswith("ロゴ: logo.webp")
    ok = api.client.post(f"/api/v1{path}", headers=headers,
                         files={"logo": ("logo.png", png(), "image/png")})  # fmt: skip
    assert ok.status_code == 200, ok.text
    url = ok.json()["logo_url"]
    assert url.endswith("-256.webp") and api.client.get(url).status_code == 200
    assert api.client.get(url.replace("-256", "-64")).status_code == 200

    public = api.get(None, f"/organizations/{world.org.slug}/members").json()
    assert public == [{"display_name": "Requester Rin", "role": "admin", "email": None}]
    seen = api.get(world.coordinator, f"/organizations/{world.org.slug}/members").json()
    assert seen[0]["email"] == world.requester.email
