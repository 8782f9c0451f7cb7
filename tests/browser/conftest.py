"""A real headless Chromium for the HTML report, driven by Playwright (the PyPI package, no download).

Everything here is skipped, with the reason, when /usr/bin/chromium or the playwright package is
missing: install them with scripts/install-browser and ``pip install -e '.[browser]'``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TARGET_RULES_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (scripts/install-browser)")


def _skip_reason() -> str | None:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}: run scripts/install-browser"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: pip install -e '.[browser]'"
    return None


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _skip_reason()
    if reason and os.environ.get("TARGET_RULES_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here (TARGET_RULES_REQUIRE_BROWSER): {reason}")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1200, "height": 1600},
            locale="zh-TW",
        )
        try:
            yield context
        finally:
            context.close()


class OfflinePage:
    """A page that may load exactly one file:// URL; every other request is aborted and recorded."""

    def __init__(self, context: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.attempted: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.attempted.append(route.request.url)
            route.abort()

    def load(self) -> Any:
        self.page.goto(self.url, wait_until="load")
        return self.page


@pytest.fixture
def offline_page(browser_context: Any) -> Iterator[Any]:
    pages: list[OfflinePage] = []

    def _open(path: Path) -> OfflinePage:
        op = OfflinePage(browser_context, path)
        pages.append(op)
        return op

    yield _open
    for op in pages:
        op.page.close()
