"""Every icon a template names is a symbol of the vendored sprite, which ships its licence
and a line in VERSIONS.md; an unknown name would draw nothing, silently."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "vstid" / "web"
SPRITE = WEB / "static" / "vendor" / "icons.svg"
# icon("name" …), navlink(…, "name", …) and empty_state(…, "name") in the templates
USES = re.compile(r'icon\("([a-z0-9-]+)"|navlink\("[^"]+", "([a-z0-9-]+)"|\], "([a-z0-9-]+)"')


def test_every_icon_used_is_in_the_sprite() -> None:
    symbols = set(re.findall(r'<symbol id="([a-z0-9-]+)"', SPRITE.read_text(encoding="utf-8")))
    used = {
        name
        for template in (WEB / "templates").rglob("*.html")
        for match in USES.findall(template.read_text(encoding="utf-8"))
        for name in match
        if name
    }
    assert used, "no icon found: the pattern no longer matches the templates"
    assert used <= symbols, sorted(used - symbols)


def test_the_sprite_ships_its_licence_and_version() -> None:
    assert "ISC License" in (SPRITE.parent / "icons.LICENSE").read_text(encoding="utf-8")
    assert "lucide-static | 1.62.0" in (SPRITE.parent / "VERSIONS.md").read_text(encoding="utf-8")
