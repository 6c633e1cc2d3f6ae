"""Issue 9, defect 14: an organization's page shows its logo (or initials), website, public
contact, members as the reader may see them, and the orders and projects the reader may see;
its admins edit it and upload a logo, served with caching headers."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.organizations.images import jpeg_with_gps, png
from tests.web.helpers import csrf_from, login, post_form
from tests.world import World, open_order
from vstid.accounts.models import Role
from vstid.organizations.models import Membership, Organization
from vstid.projects.models import Project
from vstid.proposals.models import Proposal


def _admin(session: Session, w: World) -> None:
    session.query(Membership).filter_by(user_id=w.requester.id).one().role = "admin"
    colleague = make_user(session, Role.requester, hub=w.hub, display_name="Colleague Cam",
                          email="cam@example.vn")  # fmt: skip
    session.add(Membership(user_id=colleague.id, organization_id=w.org.id))
    session.commit()


def _with_project(session: Session, w: World) -> tuple[str, str, str]:
    """A public order, an invite-only one, and a project opened from the public one."""
    public = open_order(session, w, title="Đặt hàng công khai")
    secret = open_order(session, w, title="Đặt hàng mật", confidentiality="invite_only")
    proposal = Proposal(order_id=public.id, expert_id=w.expert.id, approach="x" * 30,
                        status="accepted")  # fmt: skip
    session.add(proposal)
    session.flush()
    session.add(Project(order_id=public.id, proposal_id=proposal.id, hub_id=w.hub.id,
                        title="Dự án chung bí mật"))  # fmt: skip
    session.commit()
    return public.title, secret.title, "Dự án chung bí mật"


def test_the_public_sees_admins_by_name_and_what_is_public(
    client: TestClient, world: World, session: Session
) -> None:
    _admin(session, world)
    public, secret, project = _with_project(session, world)
    page = client.get(f"/organizations/{world.org.slug}").text
    members = page[page.index('data-testid="org-members"') :]
    assert "Requester Rin" in members and "Colleague Cam" not in page
    assert "<h2>Người quản trị</h2>" in page  # said as what it is: the admins only
    assert world.requester.email not in page and "cam@example.vn" not in page
    assert public in page and secret not in page and project not in page
    assert 'data-testid="org-initials"' in page and 'data-testid="org-edit"' not in page


def test_members_and_coordinators_see_everyone_and_what_they_may(
    client: TestClient, world: World, session: Session
) -> None:
    _admin(session, world)
    public, secret, project = _with_project(session, world)
    for who in (world.requester.email, world.coordinator.email):
        login(client, who)
        page = client.get(f"/organizations/{world.org.slug}").text
        assert "Colleague Cam" in page and "cam@example.vn" in page
        assert "<h2>Thành viên</h2>" in page
        assert world.requester.email in page
        assert public in page and secret in page and project in page
        client.cookies.clear()
    login(client, world.outsider.email)  # signed in, not a member: the public's view
    page = client.get(f"/organizations/{world.org.slug}").text
    assert "cam@example.vn" not in page and secret not in page and project not in page


def test_the_admin_edits_the_profile_and_errors_name_the_field(
    client: TestClient, world: World, session: Session
) -> None:
    _admin(session, world)
    path = f"/organizations/{world.org.slug}/edit"
    login(client, "cam@example.vn")  # a plain member
    assert client.get(path).status_code == 403
    client.cookies.clear()
    login(client, world.requester.email)
    form = {"name": "Công ty Sao Khuê", "language": "vi", "name_en": "Sao Khue Company",
            "description_vi": "Thiết kế vi mạch.", "description_ko": "반도체 설계.",
            "website": "https://saokhue.vn", "contact_email": "lienhe@saokhue.vn",
            "contact_phone": "+84 24 3825 1234"}  # fmt: skip
    wrong = post_form(client, path, {**form, "contact_email": "lienhe", "website": "saokhue"})
    assert wrong.status_code == 422
    assert 'id="contact_email-error"' in wrong.text and "E-mail liên hệ" in wrong.text
    assert 'id="website-error"' in wrong.text and 'value="lienhe"' in wrong.text
    assert post_form(client, path, form).status_code == 303
    page = client.get(f"/organizations/{world.org.slug}").text
    assert "Công ty Sao Khuê" in page and "Thiết kế vi mạch." in page
    assert 'href="https://saokhue.vn"' in page and 'href="mailto:lienhe@saokhue.vn"' in page
    assert post_form(client, "/lang", {"locale": "en"}).status_code == 303
    assert "Sao Khue Company" in client.get(f"/organizations/{world.org.slug}").text


def test_the_logo_is_uploaded_served_and_shown_beside_the_name(
    client: TestClient, world: World, session: Session
) -> None:
    _admin(session, world)
    open_order(session, world, title="Đặt hàng có logo")
    login(client, world.requester.email)
    token = csrf_from(client, f"/organizations/{world.org.slug}/edit")
    upload = f"/organizations/{world.org.slug}/logo"
    bad = client.post(upload, data={"csrf_token": token},
                      files={"logo": ("logo.png", b"GIF89a not really", "image/png")})  # fmt: skip
    assert bad.status_code == 422
    assert "Logo: logo.png không phải là ảnh PNG, JPEG hay WebP." in bad.text
    good = client.post(upload, data={"csrf_token": token},
                       files={"logo": ("photo.jpg", jpeg_with_gps(), "image/jpeg")},
                       follow_redirects=False)  # fmt: skip
    assert good.status_code == 303
    client.cookies.clear()  # the public sees it everywhere the name is
    page = client.get(f"/organizations/{world.org.slug}").text
    src = re.search(r'<img class="org-mark" src="([^"]+-256\.webp)"', page)
    assert src, page
    assert 'data-testid="org-initials"' not in page
    for where in ("/organizations", "/orders"):
        assert re.search(r'<img class="org-mark" src="[^"]+-64\.webp"', client.get(where).text)
    image = client.get(src.group(1))
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp"
    assert "immutable" in image.headers["cache-control"]
    with Image.open(io.BytesIO(image.content)) as logo:
        assert logo.size == (256, 256) and not logo.getexif()
    stale = src.group(1).replace("-256.webp", "-999.webp")
    assert client.get(stale).status_code == 404


def test_an_outsider_cannot_upload_a_logo(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.outsider.email)
    token = csrf_from(client, "/organizations")
    response = client.post(f"/organizations/{world.org.slug}/logo", data={"csrf_token": token},
                           files={"logo": ("logo.png", png(), "image/png")})  # fmt: skip
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Organization, world.org.id).logo_key is None  # type: ignore[union-attr]
