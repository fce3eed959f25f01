"""Every page of the window has its screenshots (both themes, both languages); fast: no GUI run.

``make screenshots`` writes them (:mod:`gui.screenshots`); adding a page to the window without
running it again fails here, and so does a README picture that is not there.
"""

from __future__ import annotations

import re
from pathlib import Path

from gui.main_window import PAGES
from gui.screenshots import HELP_PAGE, LANGUAGES, THEMES, page_names, shot_names

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "resources" / "screenshots"


def test_every_page_has_a_screenshot_per_theme_and_language():
    assert page_names() == [p.lower() for p in PAGES] + [HELP_PAGE]
    names = shot_names()
    assert len(names) == len(page_names()) * len(LANGUAGES) * len(THEMES) >= 28
    missing = [n for n in names if not (SHOTS / n).is_file()]
    assert not missing, f"no screenshot (run `make screenshots`): {missing}"
    for name in names:  # a PNG, not an empty or truncated file
        data = (SHOTS / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, name


def test_readme_pictures_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert pictures
    assert all((ROOT / p).is_file() for p in pictures), pictures
