"""Search benchmark (`make bench-search`): the site's search against Pagefind on the same site.

    .venv/bin/python scripts/bench_search.py [--sizes 5,200,1000] [--core-only 5000] [--keep DIR]

For each size, makes a synthetic corpus from the seeds (scripts/make_corpus.py), builds the site
with MkDocs (the build's log says what writing the indexes took), indexes the built site with
Pagefind (the `pagefind` package from PyPI, its own binary), and measures in headless Chromium
(Debian's chromium; requests to other hosts counted, and failing in the browser, which resolves
no other host: they must be zero — not intercepted, which would make every request wait for this
process):

- bytes fetched for a first query, cold cache: from focusing the box to the results of
  "cong an xa" on screen — over HTTP as sent (gzip, level 6, as a static host sends it) and from
  file:// (the files read). Pagefind: its script imported, initialised and queried, and the data
  of its first 10 results loaded (what its UI shows), on a page where it was not loaded before;
- time to results: ours from focusing the box, typing the query at once, to the list of result
  pages drawn (and, in a column of its own, to their sections and excerpts filled in);
  Pagefind from the import to the data of its first 10 results; median of 3 cold runs;
- time from the last keystroke: the same, with the box focused first (as a person types: ours
  loads its manifest on focus, Pagefind's UI imports and initialises it on first use);
- per query, cached: the median of QUERIES run a second time (ours: engine + the shown results'
  excerpts; Pagefind: search + data of 10 results);
- the duty finder: its first result, cold, opened as tra-cuu/?tu-khoa=cong+an, when the page
  puts it in the list (from navigation start, and from the page's DOMContentLoaded; the finder's
  query starts before it, as the page loads);
- the relevance list (tests/fixtures/search_queries.yml): the share whose page or section is in
  the first 3 results, on that size's index (also counting a synthetic copy of the expected
  page as the page: same words, only the id differs);
- index size (files, bytes raw and gzip) and the seconds to write it (in a child process while
  MkDocs renders, so not added to the build's time), next to the build's; its CPU seconds next to
  the build's (the build and every process it forks).

With --core-only N, the size N is measured without an HTML build (MkDocs at that size needs more
memory and time than a shared machine has): `python -m plankb generate` writes the index, and a
page of the 5-plan site with the same scripts queries it. Pagefind, which needs the HTML, is not
run there. Prints Markdown tables; the figures are recorded in docs/huong-dan/hieu-nang-tim-kiem.md.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from browser import CHROMIUM_ARGS, OFFLINE_ARGS, Tally, chromium_path
from make_corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
FIRST = "cong an xa"
QUERIES = ["mai dam", "doi 178", "1629", "tuyen truyen", "công an xã", "báo cáo định kỳ", "ma túy",
           "kiểm tra liên ngành", "hoc sinh", "ban chỉ đạo", "bao cao 6 thang", "sở y tế"]
REPEAT = 3

# From focusing the box with the query typed at once; or, with `focused`, as a person types: the
# box focused first (it loads its manifest then), the time taken from the last keystroke. Two
# times: the result pages shown, and their sections and excerpts filled in.
OURS_FIRST = """async ([query, focused]) => {
  const input = document.getElementById("kh-search-input");
  let started = performance.now();
  input.focus();
  if (focused) {
    await khSearch.index("tim-kiem/").ready();
    started = performance.now();
  }
  const when = name => new Promise(resolve => document.addEventListener(name,
    ev => { if (ev.detail.query === query) resolve(performance.now()); }));
  const shown = when("kh-search-shown"), done = when("kh-search-done");
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  return [(await shown) - started, (await done) - started];
}"""

OURS_QUERIES = """async (queries) => {
  const index = khSearch.index("tim-kiem/");
  const run = async q => { const r = await index.search(q);
    await Promise.all(r.groups.flatMap(g => g.docs.map(d => index.meta(d)))); };
  for (const q of queries) await run(q);
  const times = [];
  for (const q of queries) { const t = performance.now(); await run(q); times.push(performance.now() - t); }
  return times;
}"""

PAGEFIND_FIRST = """async ([url, query]) => {
  const started = performance.now();
  const pagefind = await import(url);
  await pagefind.init();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  window.__pagefind = pagefind;
  return [performance.now() - started, search.results.length];
}"""

# Pagefind's UI imports and initialises it when the box is first used: done before the query.
PAGEFIND_KEYSTROKE = """async ([url, query]) => {
  const pagefind = await import(url);
  await pagefind.init();
  const started = performance.now();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  return performance.now() - started;
}"""

PAGEFIND_QUERIES = """async (queries) => {
  const run = async q => { const s = await window.__pagefind.search(q);
    await Promise.all(s.results.slice(0, 10).map(r => r.data())); };
  for (const q of queries) await run(q);
  const times = [];
  for (const q of queries) { const t = performance.now(); await run(q); times.push(performance.now() - t); }
  return times;
}"""


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Sends text files gzip-compressed, as a static host (GitHub Pages, nginx) would; compressed
    once and kept, so compression time is not measured. Pagefind's own files are already
    compressed and go as they are."""

    cache: dict[str, bytes] = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".pf_meta": "application/octet-stream"}

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith((".json", ".js", ".html", ".css")) or not os.path.isfile(path) \
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


def folder_size(folder: Path) -> tuple[int, int, int]:
    """(files, bytes, bytes gzip level 6) of a folder."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return len(files), raw, packed


class Tab:
    """A fresh browser context (empty cache) whose responses are counted."""

    def __init__(self, browser, site: Path, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        self.guard = Tally()
        self.guard.attach(self.context)
        self.page = self.context.new_page()
        self.site, self.base = site, base
        self.counting = False
        self.bytes = 0
        self.page.on("requestfinished", self._count)

    def _count(self, request) -> None:
        if not self.counting:
            return
        if request.url.startswith("file:"):
            path = self.site / request.url.removeprefix(self.base).split("?")[0]
            self.bytes += path.stat().st_size if path.is_file() else 0
        else:
            self.bytes += request.sizes()["responseBodySize"]

    def close(self) -> None:
        self.context.close()
        assert self.guard.external == [], self.guard.external


def page_url(base: str, path: str) -> str:
    return base + path + ("index.html" if base.startswith("file:") and (path == "" or path.endswith("/")) else "")


def ours(browser, site: Path, base: str, page: str) -> dict:
    """First query (bytes, ms, median of REPEAT cold runs), then the cached queries."""
    firsts, sizes, keystrokes, filled, keystrokes_filled = [], [], [], [], []
    for n in range(REPEAT):
        tab = Tab(browser, site, base)
        tab.page.goto(page_url(base, page))
        tab.page.wait_for_load_state("load")
        tab.counting = True
        shown, done = tab.page.evaluate(OURS_FIRST, [FIRST, False])
        firsts.append(shown)
        filled.append(done)
        tab.page.wait_for_timeout(50)  # late "requestfinished" events
        sizes.append(tab.bytes)
        if n == REPEAT - 1:
            cached = tab.page.evaluate(OURS_QUERIES, QUERIES)
        tab.close()
        tab = Tab(browser, site, base)
        tab.page.goto(page_url(base, page))
        tab.page.wait_for_load_state("load")
        shown, done = tab.page.evaluate(OURS_FIRST, [FIRST, True])
        keystrokes.append(shown)
        keystrokes_filled.append(done)
        tab.close()
    return {"bytes": statistics.median(sizes), "first_ms": statistics.median(firsts), "query_ms": statistics.median(cached),
            "query_max": max(cached), "keystroke_ms": statistics.median(keystrokes),
            "filled_ms": statistics.median(filled), "keystroke_filled_ms": statistics.median(keystrokes_filled)}


# When the finder's first record is put on the page, taken by the page itself: Playwright's
# wait_for_selector and the evaluate after it add 50–150 ms of polling and round trips.
FINDER_SHOWN = """new MutationObserver((changes, observer) => {
  if (document.querySelector("#kh-finder-results > li")) { window.__khFirst = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});"""


def finder_first(browser, site: Path, base: str) -> tuple[float, float]:
    """Milliseconds to the first record shown: from navigation start, and from the page's
    DOMContentLoaded (the finder's query starts before it: the page's head preloads the manifest,
    the finder's script runs as the page loads)."""
    times, after = [], []
    for _ in range(REPEAT):
        tab = Tab(browser, site, base)
        tab.context.add_init_script(FINDER_SHOWN)
        tab.page.goto(page_url(base, "tra-cuu/") + "?tu-khoa=cong+an")
        tab.page.wait_for_selector("#kh-finder-results > li")
        now, ready = tab.page.evaluate("[window.__khFirst, performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]")
        times.append(now)
        after.append(now - ready)
        tab.close()
    return statistics.median(times), statistics.median(after)


def pagefind(browser, site: Path, base: str) -> dict | None:
    if base.startswith("file:"):
        return None  # its script is a module that fetches its index: a folder's pages cannot
    firsts, sizes, keystrokes = [], [], []
    for n in range(REPEAT):
        tab = Tab(browser, site, base)
        tab.page.goto(page_url(base, "ke-hoach/"))
        tab.page.wait_for_load_state("load")
        tab.counting = True
        took, found = tab.page.evaluate(PAGEFIND_FIRST, [base + "pagefind/pagefind.js", FIRST])
        tab.page.wait_for_timeout(50)
        firsts.append(took)
        sizes.append(tab.bytes)
        if n == REPEAT - 1:
            cached = tab.page.evaluate(PAGEFIND_QUERIES, QUERIES)
        tab.close()
        tab = Tab(browser, site, base)
        tab.page.goto(page_url(base, "ke-hoach/"))
        tab.page.wait_for_load_state("load")
        keystrokes.append(tab.page.evaluate(PAGEFIND_KEYSTROKE, [base + "pagefind/pagefind.js", FIRST]))
        tab.close()
    return {"bytes": statistics.median(sizes), "first_ms": statistics.median(firsts), "query_ms": statistics.median(cached),
            "query_max": max(cached), "found": found, "keystroke_ms": statistics.median(keystrokes)}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def build_html(count: int, work: Path) -> tuple[Path, float, list[float]]:
    """The built site of `count` plans: (folder, build seconds, [seconds writing the indexes, their
    CPU seconds, the build's CPU seconds]). A site kept by an earlier run (--keep) is measured
    again as it is."""
    source, site = work / f"nguon-{count}", work / f"site-{count}"
    kept = site / "bench.json"
    if kept.exists():
        return site, *_kept(kept)
    make_corpus(source, count)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started, cpu_before = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=source, env=env,
                          capture_output=True, text=True)
    build_s, index = time.perf_counter() - started, [*_index_seconds(done.stderr), _children_cpu() - cpu_before]
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    shutil.rmtree(source, ignore_errors=True)
    kept.write_text(json.dumps([build_s, index]), encoding="utf-8")
    return site, build_s, index


def _index_seconds(log: str) -> list[float]:
    """[seconds, CPU seconds] the build's log says writing the indexes took."""
    found = re.search(r"Chỉ mục tìm kiếm và tra cứu: .*?, ([\d.]+) s(?:, ([\d.]+) s CPU)?", log)
    if not found:
        return [float("nan"), float("nan")]
    return [float(found.group(1)), float(found.group(2) or "nan")]


def _kept(file: Path) -> tuple[float, list[float]]:
    """(build seconds, [index seconds, their CPU seconds, the build's CPU seconds]) an earlier run
    kept (older runs: fewer figures, unknown ones NaN)."""
    build_s, index = json.loads(file.read_text(encoding="utf-8"))
    index = index if isinstance(index, list) else [index]
    return build_s, [*index, *[float("nan")] * (3 - len(index))]


def build_core_only(count: int, work: Path, small_site: Path) -> tuple[Path, float, list[float]]:
    """The indexes of `count` plans with no HTML build, and the pages of `small_site` around
    them: its home page, finder page and assets query the big index. A tree kept by an earlier
    run (--keep) is not generated again (its pages from `small_site` are copied again)."""
    source, tree = work / f"nguon-{count}", work / f"cay-{count}"
    kept = tree / "bench.json"
    if not kept.exists():
        make_corpus(source, count)
        started, cpu_before = time.perf_counter(), _children_cpu()
        done = subprocess.run([sys.executable, "-m", "plankb", "generate", str(tree), "--root", str(source)],
                              capture_output=True, text=True)
        took, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        shutil.rmtree(source, ignore_errors=True)
        kept.write_text(json.dumps([took, [*_index_seconds(done.stderr + done.stdout), cpu]]), encoding="utf-8")
    for keep in ("index.html", "tra-cuu/index.html", "assets", "ke-hoach/index.html"):
        target = tree / keep
        if (small_site / keep).is_dir():
            shutil.copytree(small_site / keep, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(small_site / keep, target)
    return tree, *_kept(kept)


PAGEFIND_MEMORY = 20 * 1024**3  # bytes of address space: past it Pagefind fails alone, not the machine's OOM killer


def _memory_capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (PAGEFIND_MEMORY, PAGEFIND_MEMORY))


def pagefind_index(site: Path) -> float | str:
    """Seconds Pagefind took to index the site, or why it could not (an index, or a failure,
    kept by an earlier run is reused)."""
    kept = site / "pagefind" / "bench.json"
    if kept.exists():
        return json.loads(kept.read_text(encoding="utf-8"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind", "--silent"],
                          capture_output=True, preexec_fn=_memory_capped)
    took = time.perf_counter() - started
    result: float | str = took
    if done.returncode:
        result = (f"không dựng được chỉ mục: dừng sau {took:,.0f} s (mã {done.returncode}) khi vượt "
                  f"{PAGEFIND_MEMORY / 1024**3:.0f} GiB bộ nhớ ảo")
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(result), encoding="utf-8")
    return result


COPY = re.compile(r"-b\d+(?=[/#]|$)")


def relevance(site: Path) -> tuple[int, int, int, list[str]]:
    """(met, met counting a synthetic copy as its seed, total, queries missed even so) of the relevance list (tests/fixtures/search_queries.yml) on a
    built site's index, with the Python engine (the browser's gives the same results)."""
    from plankb.search import engine, index_files
    from test_search_index import met, relevance_list, top_urls

    folder = site / "tim-kiem"
    cache: dict[str, object] = {}

    def load(path: str) -> object:
        if path not in cache:
            cache[path] = index_files.script_payload((folder / path).read_text(encoding="utf-8"))[1]
        return cache[path]

    index = engine.Index(load)
    queries = relevance_list()
    missed = [q["query"] for q in queries if not met(q["expect"], top_urls(index, q["query"]))]
    # A synthetic copy's page has the seed's words under the seed's ids + "-b<k>": counted as
    # the seed, where nothing but the id tells them apart.
    as_seed = [q["query"] for q in queries if not met(q["expect"], [[COPY.sub("", u) for u in g]
                                                                    for g in top_urls(index, q["query"])])]
    return len(queries) - len(missed), len(queries) - len(as_seed), len(queries), as_seed


def measure(browser, count: int, site: Path, build_s: float, index_s: list[float], with_pagefind: bool) -> dict:
    row: dict = {"plans": count, "build_s": build_s, "index_s": index_s, "relevance": relevance(site)}
    row["ours_files"], row["ours_raw"], row["ours_gz"] = folder_size(site / "tim-kiem")
    manifest = (site / "tim-kiem" / "chi-muc.js").read_text(encoding="utf-8")
    row["docs"] = int(re.search(r'"docs":(\d+)', manifest).group(1))
    row["pagefind_s"] = pagefind_index(site) if with_pagefind else None
    if isinstance(row["pagefind_s"], str):  # it failed: measured without it
        row["pf_failed"], row["pagefind_s"], with_pagefind = row["pagefind_s"], None, False
    if with_pagefind:
        row["pf_files"], row["pf_raw"], _ = folder_size(site / "pagefind")
    with serve(site) as base:
        row["http"] = ours(browser, site, base, "ke-hoach/")
        row["finder_ms"] = finder_first(browser, site, base)
        row["pf_http"] = pagefind(browser, site, base) if with_pagefind else None
    files = site.as_uri() + "/"
    row["file"] = ours(browser, site, files, "ke-hoach/")
    row["pf_file"] = "không chạy (CORS)" if with_pagefind else None
    return row


def _b(n: float | None) -> str:
    if n is None:
        return "—"
    return f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v:,.0f} ms"


def tables(rows: list[dict]) -> str:
    out = ["Truy vấn đầu tiên «cong an xa», bộ nhớ đệm trống (trung vị 3 lần); truy vấn đã có chỉ mục: trung vị "
           f"{len(QUERIES)} truy vấn.", "",
           "| kế hoạch | tài liệu | byte, HTTP gzip: ours / Pagefind (tỉ lệ) | thời gian từ lúc chọn ô: ours / Pagefind "
           "| từ phím cuối (ô đã chọn): ours / Pagefind "
           "| ours: đủ đoạn trích, từ lúc chọn ô / từ phím cuối | mỗi truy vấn: ours / Pagefind | file://: byte, thời gian "
           "(Pagefind) | tra cứu: kết quả đầu |",
           "|---:|---:|---|---|---|---|---|---|---:|"]
    for r in rows:
        h, p, f = r["http"], r["pf_http"], r["file"]
        ratio = f" (1/{p['bytes'] / h['bytes']:,.0f})" if p and h["bytes"] else ""
        out.append(f"| {r['plans']:,} | {r['docs']:,} | {_b(h['bytes'])} / {_b(p['bytes'] if p else None)}{ratio} "
                   f"| {_ms(h['first_ms'])} / {_ms(p['first_ms'] if p else None)} "
                   f"| {_ms(h['keystroke_ms'])} / {_ms(p['keystroke_ms'] if p else None)} "
                   f"| {_ms(h['filled_ms'])} / {_ms(h['keystroke_filled_ms'])} "
                   f"| {_ms(h['query_ms'])} (max {_ms(h['query_max'])}) / {_ms(p['query_ms'] if p else None)} "
                   f"| {_b(f['bytes'])}, {_ms(f['first_ms'])} ({r['pf_file'] or '—'}) "
                   f"| {_ms(r['finder_ms'][0])} ({_ms(r['finder_ms'][1])} sau khi trang tải) |")
    out += ["", "| kế hoạch | build | ghi chỉ mục, trong tiến trình con song song với dựng trang: giây (so với build; giây CPU, so với CPU của build) "
            "| chỉ mục ours: tệp, byte (gzip) | Pagefind: thời gian, tệp, byte | danh sách truy vấn mẫu: đạt |",
            "|---:|---:|---|---|---|---|"]
    for r in rows:
        wall, cpu, build_cpu = r["index_s"]
        of_cpu = f" trên {build_cpu:,.0f} s CPU của build, {cpu / build_cpu:.0%}" if build_cpu == build_cpu else ""
        share = f" ({wall / r['build_s']:.0%}; CPU {cpu:,.1f} s{of_cpu})" if r["build_s"] else ""
        pf = (f"{r['pagefind_s']:,.1f} s, {r['pf_files']:,} tệp, {_b(r['pf_raw'])}" if r["pagefind_s"] is not None
              else r.get("pf_failed", "không đo (không có HTML)"))
        got, as_seed, total, missed = r["relevance"]
        out.append(f"| {r['plans']:,} | {r['build_s']:,.0f} s | {wall:,.1f} s{share} "
                   f"| {r['ours_files']:,}, {_b(r['ours_raw'])} ({_b(r['ours_gz'])}) | {pf} "
                   f"| {got}/{total} ({got / total:.0%}); bản sao tính như bản gốc: {as_seed}/{total}"
                   f"{' — trượt: ' + ', '.join(missed) if missed else ''} |")
    return "\n".join(out)


def chromium_version() -> str:
    try:
        return subprocess.run([chromium_path(), "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,200,1000", help="sizes built as HTML and measured against Pagefind")
    parser.add_argument("--core-only", default="", help="sizes measured without an HTML build (e.g. 5000)")
    parser.add_argument("--keep", type=Path, help="work in this folder and leave the sites there (a site kept there is "
                                                 "measured again, not rebuilt)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS + OFFLINE_ARGS)
            small = None
            for count in (int(s) for s in args.sizes.split(",") if s):
                print(f"… {count} kế hoạch: build", file=sys.stderr, flush=True)
                site, build_s, index_s = build_html(count, work)
                small = small or site
                rows.append(measure(browser, count, site, build_s, index_s, with_pagefind=True))
                print(tables(rows[-1:]), file=sys.stderr, flush=True)
            for count in (int(s) for s in args.core_only.split(",") if s):
                if small is None:
                    small, _, _ = build_html(5, work)
                print(f"… {count} kế hoạch: chỉ phần lõi", file=sys.stderr, flush=True)
                tree, took, index_s = build_core_only(count, work, small)
                row = measure(browser, count, tree, took, index_s, with_pagefind=False)
                rows.append(row)
                print(tables(rows[-1:]), file=sys.stderr, flush=True)
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{chromium_version()}, {os.cpu_count()} CPU. Build của cỡ «chỉ phần lõi» là `python -m plankb generate`.\n")
    print(tables(rows))


if __name__ == "__main__":
    main()
