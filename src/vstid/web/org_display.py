"""How an organization shows itself beside its name: its logo, or a badge of its initials in a
colour of its own (derived from its slug, so it never changes and needs no stored choice), and
its name in the reader's language when its admins gave one."""

from __future__ import annotations

import zlib
from typing import Protocol

from vstid.core import i18n
from vstid.web.avatars import initials

__all__ = ["HUES", "badge_hue", "logo_url", "org_initials", "org_name", "org_name_lang"]

HUES = 12  # .org-hue-0 … .org-hue-11 in the stylesheet (inline styles are refused by the CSP)


class OrgLike(Protocol):
    slug: str
    name: str
    language: str
    name_translations: dict[str, str]
    logo_key: str | None


def org_name(org: OrgLike) -> str:
    return (org.name_translations or {}).get(i18n.current_locale()) or org.name


def org_name_lang(org: OrgLike) -> str:
    """The language the shown name is in, for the element's lang attribute."""
    locale = i18n.current_locale()
    return locale if (org.name_translations or {}).get(locale) else (org.language or "vi")


def org_initials(name: str) -> str:
    """A person's rule (first and last word: "Công ty Sao Khuê" -> "CK"; one ideograph:
    "日立" -> "日"), except that a one-word Latin name keeps two letters ("VADX" -> "VA")."""
    words = ["".join(c for c in w if c.isalnum()) for w in name.split()]
    words = [w for w in words if w]
    if len(words) == 1 and words[0].isascii():
        return words[0][:2].upper()
    return initials(name)


def badge_hue(slug: str) -> int:
    return zlib.crc32(slug.encode()) % HUES


def logo_url(org: OrgLike, size: int) -> str | None:
    """The logo's address; it names the stored version, so it can be cached for good."""
    if not org.logo_key:
        return None
    version = org.logo_key.rsplit("/", 1)[-1]
    return f"/organizations/{org.slug}/logo/{version}-{size}.webp"
