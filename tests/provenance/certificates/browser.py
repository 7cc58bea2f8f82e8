"""A real browser for page tests: Debian's chromium (``make test`` installs it) driven by Playwright.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium``, without the
background connections a closed network refuses. Its synchronous API runs an event loop in
the thread that starts it, and Django refuses database calls from a thread with a running
loop, so the browser lives in a thread of its own and tests hand it functions to run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The most a deployment's Content-Security-Policy is expected to allow: the page must work
# under it, with no inline script or style.
STRICT_CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

T = TypeVar("T")


class BrowserThread:
    """One chromium, driven from one thread; ``run(fn)`` calls ``fn(browser)`` there."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright: Any = None
        self._browser: Any = None
        self._executor.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def _stop(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def run(self, fn: Callable[[Any], T]) -> T:
        return self._executor.submit(fn, self._browser).result()

    def close(self) -> None:
        self._executor.submit(self._stop).result()
        self._executor.shutdown()


@contextmanager
def running_chromium() -> Iterator[BrowserThread]:
    """Chromium for the ``with`` block (a test module's fixture keeps one for all its tests)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    browser = BrowserThread()
    try:
        yield browser
    finally:
        browser.close()


def serve_media_and_csp(page: Any, *, origin: str, media_root: Path) -> list[str]:
    """Answer /media/ from ``media_root`` and add the strict CSP to every page; return CSP complaints.

    The test server serves no media (DEBUG is off), so the browser's requests for the signed
    photos are answered from the folder the test stored them in, under the page's own origin.
    """
    violations: list[str] = []

    def media(route: Any) -> None:
        name = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = media_root / name
        if path.is_file():
            route.fulfill(status=200, body=path.read_bytes(), content_type="image/jpeg")
        else:
            route.fulfill(status=404, body="")

    def with_csp(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.route(f"{origin}/media/**", media)
    page.route(f"{origin}/p/**", with_csp)
    page.on("console", console)
    return violations
