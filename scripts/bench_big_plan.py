"""Build time of one big plan (`make bench-big-plan`): does it grow linearly with the plan's size?

    .venv/bin/python scripts/bench_big_plan.py [--paragraphs 1000,2000,4000,8000,16000]
        [--repeat N] [--code DIR] [--against DIR] [--timeout SECONDS] [--keep DIR]

For each size, a corpus of the five seed plans plus one plan of that many paragraphs
(scripts/make_corpus.py --paragraphs) is built by `mkdocs build --strict` in a fresh process, as
`make build` runs it (children included). A corpus of the seeds alone gives the fixed cost.
Prints a Markdown table: wall seconds, CPU seconds (the build and the children it forks), peak
memory of the largest process, the seconds and CPU seconds over the fixed cost per 1,000 paragraphs
(constant when the build is linear in the plan's size) and the growth from the previous size.

--repeat N builds each size N times and keeps the fastest (noise only slows a run down).
--code DIR builds with the code of another checkout (its hooks/ and src/) instead of the project's;
--against DIR builds each size with that one too, the two in alternating order, and prints the
ratio: before/after figures side by side, e.g.
    mkdir /tmp/old && git archive <commit> hooks src | tar -x -C /tmp/old   # then --against /tmp/old
(a commit from before src/ existed: `git archive <commit> hooks`).
--timeout gives up on a build after that many seconds (the table says so) and on bigger sizes.
The figures are recorded in docs/huong-dan/hieu-nang.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from make_corpus import add_big_plan, make_corpus

ROOT = Path(__file__).resolve().parent.parent


def timed_build(corpus: Path, timeout: float | None) -> tuple[float, float, float] | None:
    """Wall seconds, CPU seconds and peak memory (MiB) of `mkdocs build --strict` in `corpus`;
    None when it ran out of time (the build and its children are stopped)."""
    # The corpus's own code: src/ (the core) or, in a checkout from before it, hooks/.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "PYTHONPATH": f"{corpus / 'src'}{os.pathsep}{corpus / 'hooks'}"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)  # its own process group: stopped with its children
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        os.killpg(child.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, stop) if timeout else None
    if timer:
        timer.start()
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if timer:
        timer.cancel()
    if stopped.is_set():
        return None
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command)} in {corpus} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def corpus_for(work: Path, paragraphs: int, code: Path | None, name: str) -> Path:
    corpus = make_corpus(work / f"{name}-{paragraphs}", 5)
    if paragraphs:
        add_big_plan(corpus, paragraphs)
    if code:
        for folder in ("hooks", "src"):
            shutil.rmtree(corpus / folder, ignore_errors=True)
            if (code / folder).is_dir():
                shutil.copytree(code / folder, corpus / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return corpus


Run = tuple[float, float, float]


def fastest(corpora: dict[str, Path], repeat: int, timeout: float | None) -> dict[str, Run | None]:
    """The fastest of `repeat` builds of each corpus, built in alternating order (None: out of time)."""
    runs: dict[str, list[Run] | None] = {name: [] for name in corpora}
    for attempt in range(repeat):
        names = list(corpora) if attempt % 2 == 0 else list(reversed(corpora))
        for name in names:
            if runs[name] is not None:
                run = timed_build(corpora[name], timeout)
                runs[name] = None if run is None else [*runs[name], run]
    return {name: min(found) if found else None for name, found in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", default="1000,2000,4000,8000,16000", help="sizes of the big plan, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each size; the fastest counts")
    parser.add_argument("--code", type=Path, help="build with the hooks/ and src/ of this checkout instead of the project's")
    parser.add_argument("--against", type=Path, help="also build with the hooks/ and src/ of this checkout, and compare")
    parser.add_argument("--timeout", type=float, help="seconds after which a build is given up")
    parser.add_argument("--keep", type=Path, help="keep the corpora and sites in this folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.paragraphs.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-big-plan-"))
    work.mkdir(parents=True, exist_ok=True)
    variants = {"ours": args.code, **({"against": args.against} if args.against else {})}

    def corpora(size: int) -> dict[str, Path]:
        return {name: corpus_for(work, size, code, name) for name, code in variants.items()}

    try:
        base = fastest(corpora(0), args.repeat, args.timeout)
        for name, run in base.items():
            if run is None:
                raise SystemExit(f"{name}: the corpus of the seeds alone ran out of time")
            print(f"{name}: nền (năm kế hoạch mẫu, không có kế hoạch lớn) {run[0]:.1f} giây, {run[1]:.1f} giây CPU, {run[2]:.0f} MiB")
        print("\n| đoạn | bản dựng | giây | giây CPU | bộ nhớ đỉnh (MiB) | giây trên nền / 1.000 đoạn "
              "| giây CPU trên nền / 1.000 đoạn | tăng so với cỡ trước (giây trên nền) | ours/against (giây) |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        previous: dict[str, tuple[int, float]] = {}
        for size in sizes:
            runs = fastest(corpora(size), args.repeat, args.timeout)
            for name, run in runs.items():
                if run is None:
                    print(f"| {size:,} | {name} | > {args.timeout:g} (dừng) | | | | | | |", flush=True)
                    variants.pop(name)
                    continue
                seconds, cpu, peak = run
                over = seconds - base[name][0]
                before = previous.get(name)
                growth = f"×{over / before[1]:.2f} (đoạn ×{size / before[0]:g})" if before and before[1] > 0 else ""
                other = runs.get("against")
                ratio = f"{seconds / other[0]:.3f}" if name == "ours" and other else ""
                cpu_over = cpu - base[name][1]
                print(f"| {size:,} | {name} | {seconds:.1f} | {cpu:.1f} | {peak:.0f} | {over / size * 1000:.2f} "
                      f"| {cpu_over / size * 1000:.2f} | {growth} | {ratio} |", flush=True)
                previous[name] = (size, over)
            for name in runs:
                shutil.rmtree(work / f"{name}-{size}", ignore_errors=True)
            if not variants:
                break
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
