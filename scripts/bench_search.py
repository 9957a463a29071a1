"""Search benchmark (`make bench-search`): how the site search and the duty finder scale.

    .venv/bin/python scripts/bench_search.py [--sizes 5,20,50,200,1000] [--timeout 120] [--keep DIR]

For each size, makes a synthetic corpus from the seeds (scripts/make_corpus.py), builds the site,
and measures in headless Chromium (Debian's chromium; the site served on 127.0.0.1 with gzip, as
a static host sends it; requests to other hosts aborted):

- index bytes, raw and gzip (level 6, what a web server sends): search/search_index.json for the
  site search, tra-cuu/chi-muc.js (records + prebuilt lunr index) for the duty finder;
- time to first result: from navigation start of a fresh page (empty cache) to the first result
  on screen, median of 3 — the site search opened with ?q=mai+dam (Material fetches the index and builds its
  lunr index in the worker), the finder opened with ?tu-khoa=cong+an (loads and parses the index);
- per-query time, median and slowest of QUERIES once the index is ready: a round trip to
  Material's search worker (started from a page without search, so the tab holds one index);
  for the finder, search and redraw of the list.

Prints a Markdown table; the figures are recorded in docs/huong-dan/hieu-nang-tim-kiem.md.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from browser import CHROMIUM_ARGS, Guard, chromium_path
from make_corpus import make_corpus
from plankb.search import finder

ROOT = Path(__file__).resolve().parent.parent


QUERIES = ["mai dam", "doi 178", "1629", "tuyen truyen", "công an xã", "báo cáo định kỳ", "ma túy",
           "kiểm tra liên ngành", "hoc sinh", "ban chỉ đạo"]

# Material's search worker driven directly (as in tests/test_search_browser.py), timing each query.
WORKER = """async ([worker_url, queries]) => {
  const index = await (await fetch("/search/search_index.json")).json();
  const worker = new Worker(worker_url);
  const pending = [];
  worker.addEventListener("message", ev => pending.shift()(ev.data));
  const send = message => new Promise(resolve => { pending.push(resolve); worker.postMessage(message); });
  await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  const times = [];
  for (const query of queries) {
    const started = performance.now();
    await send({ type: 2, data: query });
    times.push(performance.now() - started);
  }
  worker.terminate();
  return times;
}"""

FINDER = """(queries) => {
  const input = document.getElementById("kh-q"), form = document.getElementById("kh-finder");
  return queries.map(query => {
    const started = performance.now();
    input.value = query;
    form.dispatchEvent(new Event("input"));
    return performance.now() - started;
  });
}"""


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Sends .json/.js/.html gzip-compressed, as a static host (GitHub Pages, nginx) would; the
    compressed bytes are kept in memory so compression time is not measured."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def handle_error(self, *args) -> None:  # a page closed mid-download: not a problem here
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith((".json", ".js", ".html")) or not os.path.isfile(path) \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path):
    handler = functools.partial(_GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        _GzipHandler.cache.clear()


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def first_result(browser, url: str, selector: str, timeout_s: float, repeat: int = 3) -> float | None:
    """Median milliseconds from navigation start to `selector` on screen, each in a fresh context
    (empty cache); None when it did not appear within the timeout."""
    times = []
    for _ in range(repeat):
        took = _first_result(browser, url, selector, timeout_s)
        if took is None:
            return None
        times.append(took)
    return statistics.median(times)


def _first_result(browser, url: str, selector: str, timeout_s: float) -> float | None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    guard = Guard()
    guard.attach(context)
    page = context.new_page()
    try:
        page.goto(url, timeout=timeout_s * 1000)
        page.wait_for_selector(selector, timeout=timeout_s * 1000)
        return page.evaluate("performance.now()")
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None
    finally:
        assert guard.external == [], guard.external
        context.close()


def per_query(browser, url: str, script: str, ready: str, timeout_s: float, arg=QUERIES) -> list[float] | None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    guard = Guard()
    guard.attach(context)
    page = context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    try:
        page.goto(url, timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000)
        return page.evaluate(script, arg)
    except Exception:  # noqa: BLE001
        return None
    finally:
        assert guard.external == [], guard.external
        context.close()


def measure(count: int, work: Path, timeout_s: float) -> dict:
    from playwright.sync_api import sync_playwright

    source, site = work / f"nguon-{count}", work / f"site-{count}"
    build_s = None
    if not (site / "search" / "search_index.json").exists():  # --keep: built sites are reused
        make_corpus(source, count)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=source, env=env, check=True)
        build_s = time.perf_counter() - started
    row = {"plans": count, "build_s": build_s, "pages": sum(1 for _ in site.rglob("*.html"))}
    row["site_raw"], row["site_gz"] = sizes(site / "search" / "search_index.json")
    row["finder_raw"], row["finder_gz"] = sizes(site / "tra-cuu" / "chi-muc.js")
    data = (site / "tra-cuu" / "chi-muc.js").read_text(encoding="utf-8")
    row["records"] = len(finder.read_data_file(data)["records"])
    with sync_playwright() as p, serve(site) as base:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        _first_result(browser, base + "gioi-thieu/", "h1", timeout_s)  # warm up the browser, not counted
        row["site_first"] = first_result(browser, base + "?q=mai+dam", ".md-search-result__item", timeout_s)
        # From a page without Material's own search (it would build a second index in the tab).
        worker = base + re.search(r'"search": "([^"]+)"', (site / "index.html").read_text(encoding="utf-8")).group(1)
        row["site_query"] = per_query(browser, base + "assets/vendor/NOTICE.txt", WORKER, "() => true", timeout_s, [worker, QUERIES])
        row["finder_first"] = first_result(browser, base + "tra-cuu/?tu-khoa=cong+an", "#kh-finder-results > li", timeout_s)
        row["finder_query"] = per_query(browser, base + "tra-cuu/", FINDER, "() => window.khTraCuu", timeout_s)
        browser.close()
    shutil.rmtree(source, ignore_errors=True)
    return row


def _bytes(n: int) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def _ms(value: float | None, timeout_s: float) -> str:
    return f"> {timeout_s:.0f} s" if value is None else (f"{value:,.0f} ms" if value < 10_000 else f"{value / 1000:,.1f} s")


def _queries(times: list[float] | None, timeout_s: float) -> str:
    if times is None:
        return f"> {timeout_s:.0f} s"
    return f"{statistics.median(times):,.0f} ms (max {max(times):,.0f})"


def table(rows: list[dict], timeout_s: float) -> str:
    lines = ["| kế hoạch | trang | mục tra cứu | build | tìm kiếm: chỉ mục (gzip) | tìm kiếm: kết quả đầu | "
             "tìm kiếm: mỗi truy vấn | tra cứu: chỉ mục (gzip) | tra cứu: kết quả đầu | tra cứu: mỗi truy vấn |",
             "|---:|---:|---:|---:|---|---:|---|---|---:|---|"]
    for r in rows:
        lines.append(
            f"| {r['plans']:,} | {r['pages']:,} | {r['records']:,} "
            f"| {'—' if r['build_s'] is None else format(r['build_s'], ',.0f') + ' s'} "
            f"| {_bytes(r['site_raw'])} ({_bytes(r['site_gz'])}) | {_ms(r['site_first'], timeout_s)} "
            f"| {_queries(r['site_query'], timeout_s)} "
            f"| {_bytes(r['finder_raw'])} ({_bytes(r['finder_gz'])}) | {_ms(r['finder_first'], timeout_s)} "
            f"| {_queries(r['finder_query'], timeout_s)} |")
    return "\n".join(lines)


def verdict(rows: list[dict]) -> str:
    out = []
    for key, name in (("site_first", "Tìm kiếm toàn trang"), ("finder_first", "Tra cứu nhiệm vụ")):
        fast = [r["plans"] for r in rows if r[key] is not None and r[key] < 1000]
        out.append(f"{name}: kết quả đầu dưới 1 giây đến {max(fast):,} kế hoạch (trong các cỡ đã đo)."
                   if fast else f"{name}: không cỡ nào dưới 1 giây.")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,20,50,200,1000")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a result")
    parser.add_argument("--keep", type=Path, help="keep the built sites in this folder (and reuse them next time)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    rows = []
    try:
        for count in (int(s) for s in args.sizes.split(",")):
            print(f"… {count} kế hoạch", file=sys.stderr, flush=True)
            rows.append(measure(count, work, args.timeout))
            print(table(rows[-1:], args.timeout).splitlines()[-1], file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Chromium {chromium_version()}, {os.cpu_count()} CPU\n")
    print(table(rows, args.timeout))
    print()
    print(verdict(rows))


def chromium_version() -> str:
    try:
        return subprocess.run([chromium_path(), "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    main()
