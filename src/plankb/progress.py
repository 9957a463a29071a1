"""Progress messages for long builds: a line every few seconds, none for a build that is quick.

The build reports its phases ("Đang chuyển Markdown sang HTML", "Đang dựng trang HTML") page by
page; a message is written only once the build has run `every` seconds, then at most once every
`every` seconds. A page so big that it takes seconds on its own is announced before it starts.
"""
from __future__ import annotations

import time
from collections.abc import Callable

EVERY_SECONDS = 5.0
# Markdown characters from which a page is announced: about a second of rendering (a plan of
# some 6,000 paragraphs); the biggest page of the real site is a twentieth of that.
BIG_PAGE_CHARS = 5_000_000


def number_vi(value: int) -> str:
    """12345 → '12.345' (Vietnamese groups thousands with dots)."""
    return f"{value:,}".replace(",", ".")


def size_vi(chars: int) -> str:
    """26533758 → '26,5 triệu ký tự'."""
    return f"{chars / 1e6:.1f}".replace(".", ",") + " triệu ký tự"


class Progress:
    def __init__(self, log: Callable[[str], None], every: float = EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._log = log
        self._every = every
        self._clock = clock
        self._started = clock()
        self._last = self._started  # when the last message was written (or the build started)
        self._what = ""
        self._done = 0
        self._total = 0

    def phase(self, what: str, total: int) -> None:
        """Start counting the pages of a phase ("Đang dựng trang HTML"), `total` of them."""
        self._what, self._done, self._total = what, 0, total

    def step(self) -> None:
        """One more page of the current phase done."""
        self._done += 1
        now = self._clock()
        if self._what and now - self._last >= self._every:
            self._last = now
            self._log(f"{self._what}: {number_vi(min(self._done, self._total))}/{number_vi(self._total)} trang")

    def big_page(self, path: str, chars: int, doing: str) -> None:
        """Announce a page that takes seconds on its own (from `BIG_PAGE_CHARS` characters)."""
        if chars >= BIG_PAGE_CHARS:
            self._last = self._clock()
            self._log(f"Trang lớn {path} ({size_vi(chars)}): {doing}…")

    def waiting(self, for_what: str) -> None:
        """Say what a long build is waiting for (nothing during a quick build)."""
        now = self._clock()
        if now - self._started >= self._every:
            self._last = now
            self._log(f"Đang chờ {for_what}…")
