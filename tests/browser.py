"""Headless Debian Chromium driven by Playwright; every request to another host is aborted and counted."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Debian chromium is missing: run `make browser` (apt-get install chromium)")
    return path


@contextmanager
def chromium():
    """Debian's headless Chromium under Playwright's sync API (one per `with`, never two at once)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    not_found: Path | None = None

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        """A missing address gets the site's 404.html with status 404, as GitHub Pages and most
        web hosts do (when serve() is asked to)."""
        if code != 404 or self.not_found is None or not self.not_found.exists():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(directory: Path, not_found: str | None = None):
    """The folder over HTTP on a free local port; `not_found` (a file of the folder, "404.html")
    is what a missing address gets."""
    handler_class = type("_Handler", (_QuietHandler,), {"not_found": directory / not_found if not_found else None})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Chromium resolves no host but this machine: a request that leaves the site fails in the browser.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


def is_local(address: str) -> bool:
    url = urlparse(address)
    return url.scheme in ("file", "data", "blob") or url.hostname in ("127.0.0.1", "localhost")


class Guard:
    """Aborts and records every request that leaves the local site."""

    def __init__(self) -> None:
        self.external: list[str] = []

    def attach(self, context) -> None:
        def route(route):
            if is_local(route.request.url):
                route.continue_()
            else:
                self.external.append(route.request.url)
                route.abort()
        context.route("**/*", route)


class Tally(Guard):
    """Records every request that leaves the local site without holding any, for timings: Guard's
    route makes each request wait for this process (tens of milliseconds a page). Launch the
    browser with OFFLINE_ARGS so that those requests fail in Chromium."""

    def attach(self, context) -> None:
        context.on("request", lambda request: None if is_local(request.url) else self.external.append(request.url))
