"""Issue 9, defect 14: an organization's profile. Its members are listed in full to members and
the hub's staff and by admin name only to the public; its admins edit it; its logo must really
be an image, loses its metadata and is stored square at 256 and 64 px."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.organizations.images import GPS_IFD, gif, jpeg_with_gps, png, webp
from tests.world import World
from vstid.accounts.models import Role
from vstid.core.errors import Forbidden, ValidationFailed
from vstid.core.settings import Settings
from vstid.organizations.logos import LOGO_MAX_BYTES, render_logo
from vstid.organizations.models import Membership
from vstid.organizations.profile import OrganizationProfiles
from vstid.organizations.schemas import OrganizationUpdate


def make_admin(session: Session, w: World) -> None:
    row = session.query(Membership).filter_by(user_id=w.requester.id).one()
    row.role = "admin"
    session.flush()


def test_the_roster_depends_on_who_reads(
    session: Session, world: World, settings: Settings
) -> None:
    make_admin(session, world)
    colleague = make_user(session, Role.requester, hub=world.hub, display_name="Colleague Cam")
    session.add(Membership(user_id=colleague.id, organization_id=world.org.id))
    session.flush()
    profiles = OrganizationProfiles(session, settings)

    for insider in (colleague, world.coordinator):
        roster = profiles.roster(insider, world.org)
        assert roster.complete
        names = [m.display_name for m in roster.members]
        assert names[0] == "Requester Rin" and "Colleague Cam" in names  # admins first
        assert {m.email for m in roster.members} >= {colleague.email, world.requester.email}

    for outsider in (None, world.outsider, world.foreign_coordinator, world.expert_user):
        roster = profiles.roster(outsider, world.org)
        assert not roster.complete
        assert [(m.display_name, m.role, m.email) for m in roster.members] == [
            ("Requester Rin", "admin", None)
        ]


def test_only_its_admins_and_hub_staff_edit(
    session: Session, world: World, settings: Settings
) -> None:
    make_admin(session, world)
    profiles = OrganizationProfiles(session, settings)
    data = OrganizationUpdate(
        name="Công ty Cổ phần Sao Khuê", language="vi",
        name_translations={"en": "Sao Khue JSC", "ja": "サオクエ株式会社", "vi": "ignored"},
        description={"vi": "Thiết kế vi mạch.", "en": "Chip design.", "ko": " "},
        website="https://saokhue.vn", contact_email="Lien.He@SaoKhue.vn",
        contact_phone="+84 24 3825 1234",
    )  # fmt: skip
    with pytest.raises(Forbidden):
        profiles.update(world.outsider, world.org, data)
    member = make_user(session, Role.requester, hub=world.hub)
    session.add(Membership(user_id=member.id, organization_id=world.org.id))
    session.flush()
    with pytest.raises(Forbidden):
        profiles.update(member, world.org, data)  # a plain member reads, the admins edit
    profiles.update(world.requester, world.org, data)
    org = world.org
    assert (org.name, org.language) == ("Công ty Cổ phần Sao Khuê", "vi")
    assert org.name_translations == {"en": "Sao Khue JSC", "ja": "サオクエ株式会社"}
    assert org.description == {"vi": "Thiết kế vi mạch.", "en": "Chip design."}
    assert (org.contact_email, org.contact_phone) == ("lien.he@saokhue.vn", "+84 24 3825 1234")
    profiles.update(world.coordinator, world.org, data)  # the hub's coordinator may correct it


@pytest.mark.parametrize("field", ["website", "contact_email", "contact_phone"])
def test_a_wrong_contact_names_its_field(field: str) -> None:
    wrong = {"website": "saokhue", "contact_email": "not-an-address", "contact_phone": "call me"}
    with pytest.raises(ValueError) as caught:
        OrganizationUpdate(name="Sao Khuê", **{field: wrong[field]})  # type: ignore[arg-type]
    assert caught.value.errors()[0]["loc"] == (field,)  # type: ignore[attr-defined]


@pytest.mark.parametrize("make", [png, jpeg_with_gps, webp])
def test_a_logo_is_resized_square_and_loses_its_metadata(make) -> None:  # type: ignore[no-untyped-def]
    rendered = render_logo("logo.x", make())
    assert set(rendered.files) == {256, 64}
    for size, data in rendered.files.items():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP" and image.size == (size, size)
            assert not image.getexif() and GPS_IFD not in image.getexif()
            assert "exif" not in image.info and "Author" not in image.info
            assert b"secret-author" not in data and b"SecretCam" not in data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not an image at all", "is not a PNG, JPEG or WebP image"),
        (png()[:60], "is not a PNG, JPEG or WebP image"),  # truncated
        (gif(), "is not a PNG, JPEG or WebP image"),  # an image, not an accepted kind
        (b"", "is not a PNG, JPEG or WebP image"),
        (png() + b"\x00" * LOGO_MAX_BYTES, "is larger than 2 MB"),
    ],
)
def test_a_bad_logo_is_refused_naming_the_field(content: bytes, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        render_logo("C:\\\\Users\\\\me\\\\logo.png", content)
    assert caught.value.field == "logo"
    assert message in caught.value.render(lambda s: s) and "logo.png" in str(caught.value.params)


def test_a_decompression_bomb_is_refused() -> None:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 20k x 20k pixels in a few kB
    assert len(out.getvalue()) < LOGO_MAX_BYTES
    with pytest.raises(ValidationFailed):
        render_logo("bomb.png", out.getvalue())


def test_a_new_logo_keeps_the_previous_version_and_drops_older_ones(
    session: Session, world: World, settings: Settings
) -> None:
    make_admin(session, world)
    profiles = OrganizationProfiles(session, settings)
    keys = []
    for _ in range(3):
        profiles.set_logo(world.requester, world.org, "logo.png", png())
        keys.append(world.org.logo_key)
    folder = settings.upload_dir / "logos" / str(world.org.id)
    kept = {f"{world.org.id}/{p.stem.rsplit('-', 1)[0]}" for p in folder.glob("*.webp")}
    assert kept == {keys[1], keys[2]} and len(list(folder.glob("*.webp"))) == 4
    assert profiles.logo_file(world.org, 64) is not None
