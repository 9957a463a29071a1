"""Preview benchmark (`make bench-preview`): edit-to-refreshed-page latency of `mkdocs serve`.

    .venv/bin/python scripts/bench_preview.py [--sizes 100,1000] [--edits 2] [--serve-args="--dirty"]

For each size, makes a synthetic corpus (scripts/make_corpus.py), adds the measuring hooks
(scripts/phase_timer_early.py, phase_timer_late.py: they change no output) and starts
`mkdocs serve --no-strict --dirty` on it, as `make serve` does (`--serve-args=""`: the preview
before it rendered only what changed, every page at every edit). Once it serves, it makes
`--edits` edits of each kind a maintainer makes — a plan's title (plans/<plan>.yml), a glossary
term's definition (glossary.yml), the name of that plan's issuing agency (plans/agencies.yml) —
and measures, for each edit, the seconds from the file written to the server's "Reloading
browsers" (the moment the browser reloads), then checks the served page that shows the edited
text has it, and the seconds until the search indexes are in the site too (the dirty preview
makes them after the reload); the next edit comes once they are, as when a maintainer looks at
the page before editing again. Last, a plan edit made one second after a reload, the indexes
still being made (the next build stops them), as a maintainer who fixes a typo at once.
Prints a Markdown table: the first build, each rebuild, and where the
rebuild's time went (before-build: from the file written to the build's on_config — MkDocs's
file polling, its wait for more changes, loading the config; then the core's steps inside
on_config and MkDocs's steps after it).
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from make_corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
TIMERS = ("phase_timer_early.py", "phase_timer_late.py")
INDEXED = "Chỉ mục tìm kiếm và tra cứu:"  # the hook's line once the indexes are in the site
BUILDING = "Building documentation..."  # MkDocs's line as each build starts
STOPPED = "Đã dừng tạo tệp tải về và chỉ mục"  # … or once the next build stopped them


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_timers(corpus: Path) -> None:
    for name in TIMERS:
        shutil.copy2(ROOT / "scripts" / name, corpus / "hooks" / name)
    config = corpus / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    hooks = "hooks:\n  - hooks/phase_timer_early.py\n  - hooks/mkdocs_hooks.py\n  - hooks/phase_timer_late.py\n"
    config.write_text(text.replace("hooks:\n  - hooks/mkdocs_hooks.py\n", hooks, 1), encoding="utf-8")


class Serve:
    def __init__(self, corpus: Path, extra: list[str]) -> None:
        self.port = free_port()
        self.log = corpus / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "SOURCE_DATE_EPOCH": "1767225600",
               "PYTHONPATH": str(corpus / "src")}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{self.port}", *extra],
            cwd=corpus, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, env=env)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, test, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if test(self.output()):
                return time.perf_counter()
            if self.process.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + self.output()[-3000:])
            time.sleep(0.05)
        raise SystemExit(f"timed out after {timeout:.0f} s:\n" + self.output()[-3000:])

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def phases(output: str) -> list[str]:
    return re.findall(r"PHASES (.*)", output)


@dataclass(frozen=True)
class Edit:
    """One kind of edit: the file, how the text changes to carry `marker`, the page showing it."""
    file: Path
    change: Callable[[str, str], str]
    page: str


def edits_of(corpus: Path, size: int) -> list[Edit]:
    plan = sorted((corpus / "plans").glob("*-b1.yml"))[0] if size > 5 else corpus / "plans" / "kim-tan-2026.yml"
    issuer = re.search(r"(?m)^issuer: (\S+)", plan.read_text(encoding="utf-8")).group(1)
    return [
        Edit(plan, lambda text, marker: re.sub(r"(?m)^title: (Sửa thử \d+ — )?", "title: " + marker, text, count=1),
             f"ke-hoach/{plan.stem}/"),
        Edit(corpus / "glossary.yml",
             lambda text, marker: re.sub(r"(?m)^(    definition: >-\n      )(Sửa thử \d+ — )?", r"\g<1>" + marker, text, count=1),
             "thuat-ngu/"),
        Edit(corpus / "plans" / "agencies.yml",
             lambda text, marker: re.sub(rf"(?m)^(- id: {re.escape(issuer)}\n  name: )(Sửa thử \d+ — )?", r"\g<1>" + marker,
                                         text, count=1),
             f"co-quan/{issuer}/"),
    ]


def idle(output: str) -> bool:
    """Every build's indexes made, or stopped by the build after it."""
    return output.count(INDEXED) + output.count(STOPPED) >= output.count("PHASES")


def bench(size: int, work: Path, edits: int, extra: list[str]) -> None:
    """Prints a row for the first build, then one per edit, as soon as measured."""
    corpus = make_corpus(work / f"corpus-{size}", size)
    add_timers(corpus)
    kinds = edits_of(corpus, size)
    server = Serve(corpus, extra)
    try:
        first = server.wait_for(lambda out: "Serving on" in out, timeout=3600) - server.started
        print(f"| {size:,} | dựng lần đầu | {first:.1f} | | {phases(server.output())[-1]} |", flush=True)
        # (edit, k, then): then = whether the next edit comes before this one's indexes are made.
        runs = [(edit, k, False) for edit in kinds for k in range(1, edits + 1)]
        runs += [(kinds[0], edits + 1, True), (kinds[0], edits + 2, False)]
        at_once = False
        for edit, k, then in runs:
            if at_once:
                time.sleep(1)
            else:
                server.wait_for(idle, timeout=3600)
            output = server.output()
            reloads, indexed, builds = output.count("Reloading browsers"), output.count(INDEXED), output.count(BUILDING)
            marker = f"Sửa thử {k} — "
            text = edit.file.read_text(encoding="utf-8")
            changed = edit.change(text, marker)
            if changed == text:
                raise SystemExit(f"{edit.file.name}: the edit found nothing to change")
            edit.file.write_text(changed, encoding="utf-8")
            written, written_at = time.perf_counter(), time.time()
            done = server.wait_for(lambda out, n=reloads: out.count("Reloading browsers") > n, timeout=3600)
            at_reload = server.output()  # this build's lines: MkDocs may start another before the indexes are in
            shown = marker in server.get(edit.page)
            searchable = "" if then else \
                f"{server.wait_for(lambda out, n=indexed: out.count(INDEXED) > n, timeout=3600) - written:.1f}"
            name = edit.file.relative_to(corpus).as_posix()
            when = ", 1 giây sau lần tải lại trước" if at_once else ""
            before = float(re.findall(r"BUILD STARTED AT ([\d.]+)", at_reload)[-1]) - written_at
            # MkDocs's file polling now and then sees one write as two changes, and builds again.
            more = 0 if then else server.output().count(BUILDING) - builds - 1
            again = f" — MkDocs dựng thêm {more} lần sau khi tải lại" if more > 0 else ""
            print(f"| {size:,} | sửa `{name}` (lần {k}{when}) | {done - written:.1f} | {searchable} | "
                  f"before-build={before:.2f} {phases(at_reload)[-1]}{'' if shown else ' — TRANG CHƯA ĐỔI'}{again} |",
                  flush=True)
            at_once = then
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="numbers of plans, comma-separated")
    parser.add_argument("--edits", type=int, default=2, help="edits of each kind (plan, glossary, registry) per size")
    parser.add_argument("--serve-args", default="--dirty", help="more arguments for mkdocs serve (make serve's: --dirty)")
    parser.add_argument("--keep", type=Path, help="keep the corpora in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-preview-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| kế hoạch | lần | giây (sửa → tải lại) | giây (sửa → tìm kiếm có bản mới) | thời gian từng bước (giây) |")
    print("|---:|---|---:|---:|---|")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, work, args.edits, shlex.split(args.serve_args))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
