"""Build benchmark (`make bench`): what the hook costs on top of plain MkDocs, and how it scales.

    .venv/bin/python scripts/bench_build.py [--sizes 5,100,1000] [--keep DIR]

For each size, makes a synthetic corpus from the seeds (scripts/make_corpus.py: plan ids, places
and agencies renamed per copy, so every copy has its own pages) and builds it twice, each in a
fresh process:

- ours: `mkdocs build` with the project's mkdocs.yml and hook (load and validate the sources,
  generate the pages, link terms and citations, search and finder indexes);
- plain: the same generated Markdown and data files, dumped into a docs folder beside the
  hand-written pages, built by MkDocs + Material with the same configuration minus the hook.

With --repeat N, each build runs N times in alternating order and the fastest run counts.

Prints a Markdown table: build seconds (wall clock), CPU seconds (user + system, the build
process and the children it forks: ours works on two cores, plain MkDocs on one), HTML pages,
site bytes, bytes per page, peak memory of the largest process and of all its processes together (PSS, sampled), the overhead ratio ours/plain
(wall clock), the growth from the previous size, and the search indexes' CPU seconds (from the
build's log: they are made in a child while MkDocs renders) with their share of the build's. Then, per size, the largest HTML page of
each kind (the site's first path segment: /co-quan/, /thuat-ngu/…) of our build. The figures are
recorded in docs/huong-dan/hieu-nang.md.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from make_corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent



@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    pages: int
    site_bytes: int
    peak_mib: float  # of the largest process
    tree_peak_mib: float  # of all the build's processes together (sampled)
    index_cpu: float | None  # CPU seconds of the search indexes, by the build's log (ours only)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:  # it ended meanwhile
                pass
    return found


def tree_pss_kib(pid: int) -> int:
    """Proportional set size of `pid` and its descendants: what they hold together, a page shared
    after fork counted once (split between them), unlike the sum of their resident sizes."""
    total = 0
    for process in _descendants(pid):
        try:
            rollup = Path(f"/proc/{process}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


class TreeMemory(threading.Thread):
    """The peak of tree_pss_kib(pid), sampled every `every` seconds until the process ends."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kib = pid, every, 0
        self.stopped = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, float, str]:
    """Wall seconds, CPU seconds, peak resident memory (MiB) of the largest of one child process
    and the processes it waited for, the peak of what they held together (MiB), and its log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    together = TreeMemory(child.pid)
    stderr = child.stderr.read()
    together.stopped.set()
    together.join()  # before wait4: the process must still be there to be sampled
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, together.peak_kib / 1024, stderr.decode(errors="replace")


INDEX_LINE = re.compile(r"Chỉ mục tìm kiếm và tra cứu: .*?, ([\d.]+) s CPU")


def measure(command: list[str], site: Path, cwd: Path) -> Run:
    seconds, cpu, peak, tree_peak, log = timed(command, cwd)
    files = [p for p in site.rglob("*") if p.is_file()]
    index = INDEX_LINE.search(log)
    return Run(seconds, cpu, sum(p.suffix == ".html" for p in files), sum(p.stat().st_size for p in files), peak, tree_peak,
               float(index.group(1)) if index else None)


def largest_pages(site: Path) -> dict[str, tuple[int, str]]:
    """Per page kind (first path segment; "/" for the home page), the largest HTML page: bytes, path."""
    largest: dict[str, tuple[int, str]] = {}
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        kind = path.split("/")[0] + "/" if "/" in path else "/"
        size = page.stat().st_size
        if size > largest.get(kind, (-1, ""))[0]:
            largest[kind] = (size, path)
    return dict(sorted(largest.items(), key=lambda item: -item[1][0]))


def plain_config(corpus: Path) -> Path:
    """The corpus's mkdocs.yml without the hook (as text: it names Python objects, `!!python/name`)."""
    config = (corpus / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(hooks|watch):\n(  - .*\n|\n)+", "", config)
    config = re.sub(r"(?m)^strict: true$", "strict: false", config)
    path = corpus / "mkdocs-plain.yml"
    path.write_text(config + "\ndocs_dir: docs-plain\n", encoding="utf-8")
    return path


def bench(size: int, work: Path, repeat: int, with_plain: bool = True) -> tuple[Run, Run | None, dict[str, tuple[int, str]]]:
    """The fastest of `repeat` runs of each build, run in alternating order (ours first, then
    plain first…): on a shared machine noise only ever slows a run down, and the order moves the
    ratio by a few per cent."""
    corpus = make_corpus(work / f"corpus-{size}", size)
    mkdocs = [sys.executable, "-m", "mkdocs", "build"]  # not -q: the log says what the indexes took
    builds = {"ours": ([*mkdocs, "-f", "mkdocs.yml", "-d", "site-ours"], corpus / "site-ours")}
    if with_plain:
        # The hook's generated files in a plain docs folder, made with the corpus's own copy of the core.
        subprocess.run([sys.executable, "-m", "plankb", "generate", str(corpus / "docs-plain"), "--root", str(corpus)],
                       check=True, env={**os.environ, "PYTHONPATH": str(corpus / "src")}, stdout=subprocess.DEVNULL)
        builds["plain"] = ([*mkdocs, "-f", str(plain_config(corpus)), "-d", "site-plain"], corpus / "site-plain")
    runs: dict[str, list[Run]] = {name: [] for name in builds}
    for attempt in range(repeat):
        for name in (("ours", "plain") if attempt % 2 == 0 else ("plain", "ours")):
            if name in builds:
                runs[name].append(measure(*builds[name], cwd=corpus))
    fastest = {name: min(found, key=lambda run: run.seconds) for name, found in runs.items()}
    return fastest["ours"], fastest.get("plain"), largest_pages(builds["ours"][1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5,100,1000", help="numbers of plans, comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the corpora and sites in this folder")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build, in alternating order; the fastest counts")
    parser.add_argument("--plain-up-to", type=int, help="build plain MkDocs only up to this many plans (a national "
                        "collection's plain build takes as long as ours again)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| kế hoạch | bản dựng | giây | giây CPU | trang | byte | byte/trang | bộ nhớ đỉnh, tiến trình lớn nhất (MiB) "
          "| bộ nhớ đỉnh, mọi tiến trình (MiB, PSS) | ours/plain (giây) | tăng so với cỡ trước (giây, byte) "
          "| chỉ mục tìm kiếm: giây CPU (phần giây CPU của bản dựng) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous: Run | None = None
    previous_size = None
    largest: dict[int, dict[str, tuple[int, str]]] = {}
    try:
        for size in sizes:
            ours, plain, largest[size] = bench(size, work, args.repeat, args.plain_up_to is None or size <= args.plain_up_to)
            growth = ""
            if previous:
                growth = (f"×{ours.seconds / previous.seconds:.1f}, ×{ours.site_bytes / previous.site_bytes:.1f} "
                          f"(số kế hoạch ×{size / previous_size:g})")
            for name, run in (("ours", ours), ("plain", plain)):
                if run is None:
                    continue
                ratio = f"{ours.seconds / plain.seconds:.2f}" if name == "ours" and plain else ""
                index = f"{run.index_cpu:.1f} ({run.index_cpu / run.cpu_seconds:.1%})" if run.index_cpu is not None else ""
                print(f"| {size:,} | {name} | {run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.pages:,} | {run.site_bytes:,} | "
                      f"{run.site_bytes // max(run.pages, 1):,} | {run.peak_mib:.0f} | {run.tree_peak_mib:.0f} | "
                      f"{ratio} | {growth if name == 'ours' else ''} | {index} |",
                      flush=True)
            previous, previous_size = ours, size
        print("\n| kế hoạch | loại trang | trang lớn nhất | byte HTML |\n|---:|---|---|---:|")
        for size, kinds in largest.items():
            for kind, (size_bytes, path) in kinds.items():
                print(f"| {size:,} | {kind} | {path} | {size_bytes:,} |")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
