"""Benchmark pm against the floor (reading the files) and Hugo, on generated corpora; prints a table, writes JSON.

python benchmarks/run.py --sizes 1000,5000 --runs 3 --json benchmarks/results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, to_hugo

PM = [sys.executable, "-m", "postmortem"]


@dataclass
class Step:
    """One measured step: times in seconds over the runs, and the peak memory of the slowest process."""

    size: int
    name: str
    runs: list[float]
    peak_mib: float

    @property
    def minimum(self) -> float:
        """Fastest run."""
        return min(self.runs)

    @property
    def median(self) -> float:
        """Median run."""
        return statistics.median(self.runs)


def _timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run *command* as a whole process; return its wall time and peak resident memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"{' '.join(command)} failed in {cwd}: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024


def measure(size: int, name: str, command: list[str], cwd: Path, *, runs: int,
            before: Callable[[int], None] | None = None) -> Step:  # fmt: skip
    """Time *command* *runs* times, calling *before* (with the run's number) first."""
    times, peaks = [], []
    for number in range(runs):
        if before:
            before(number)
        elapsed, peak = _timed(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return Step(size=size, name=name, runs=times, peak_mib=max(peaks))


def _clean(folder: Path) -> Callable[[int], None]:
    """A *before* hook that removes pm's output and cache (PM_CACHE_DIR, set by main), for cold runs."""

    def clean(_: int) -> None:
        shutil.rmtree(folder / "site", ignore_errors=True)
        for beside in folder.glob(".site.*"):  # the spare output pm keeps next to it: nothing of pm's is left
            shutil.rmtree(beside, ignore_errors=True)
        shutil.rmtree(os.environ["PM_CACHE_DIR"], ignore_errors=True)

    return clean


def _replace(path: Path, pattern: str, new: str) -> None:
    """Replace the first match of *pattern* in the file at *path* (the edit a person makes in an editor)."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1)
    assert changed != text, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def _edit(folder: Path, kind: str) -> Callable[[int], None]:
    """A *before* hook that makes one edit of *kind* (on a different incident each run)."""
    incidents = folder / "incidents"

    def edit(number: int) -> None:
        files = sorted(incidents.glob("*.yaml"))
        path = files[(number * 7 + len(kind)) % len(files)]
        mark = f"{kind} {number} {time.time_ns()}"
        if kind == "prose":
            _replace(path, r'"summary": "', f'"summary": "{mark}. ')
        elif kind == "title":
            _replace(path, r'"title": "', f'"title": "{mark} ')
        elif kind == "severity":
            _replace(path, r'"severity": "P(\d)"', lambda m: f'"severity": "P{int(m[1]) % 4 + 1}"')  # type: ignore[arg-type]
        elif kind == "status":
            _replace(path, r'"status": "(draft|in-review|final)",\n "date"',
                     lambda m: f'"status": "{"final" if m[1] != "final" else "in-review"}",\n "date"')  # type: ignore[arg-type]  # fmt: skip
        elif kind == "new incident":
            text = path.read_text(encoding="utf-8").replace('"id": "INC-', f'"id": "NEW{number}-', 1)
            (incidents / f"new-{time.time_ns()}.yaml").write_text(text, "utf-8")
        elif kind == "deleted incident":  # one that no other incident names: those added before, else any
            added = sorted(incidents.glob("new-*.yaml"))
            (added[-1] if added else path).unlink()
        elif kind == "renamed file":
            path.rename(path.with_name(f"renamed-{time.time_ns()}.yaml"))
        elif kind == "risk":
            _replace(folder / "risks.yaml", r'"mitigation": "', f'"mitigation": "{mark}. ')
        elif kind == "runbook":
            _replace(folder / "runbooks" / "runbook-1.md", r"# Steps", f"# Steps ({mark})")
        elif kind == "page":
            _replace(folder / "pages" / "page-1.md", r"# Steps", f"# Steps ({mark})")

    return edit


EDITS = ("prose", "title", "severity", "status", "new incident", "deleted incident", "renamed file", "risk",
         "runbook", "page")  # fmt: skip


def bench_size(size: int, root: Path, *, runs: int, hugo: str | None) -> list[Step]:
    """Every step for a corpus of *size* incidents."""
    folder = root / f"pm-{size}"
    generate(folder, size)
    steps = [
        measure(size, "floor: cat every file", ["sh", "-c", "cat incidents/*.yaml > /dev/null"], folder, runs=runs),
        measure(size, "pm check, cold", [*PM, "check"], folder, runs=runs, before=_clean(folder)),
        measure(size, "pm render md+html+site, cold", [*PM, "render", "--format", "md,html"], folder, runs=runs,
                before=_clean(folder)),
        measure(size, "pm render, nothing changed", [*PM, "render", "--format", "md,html"], folder, runs=runs),
        measure(size, "floor: Pagefind alone over pm's pages",
                [_pagefind(), "--site", "site", "--output-path", str(root / f"pagefind-{size}"), "--silent"], folder,
                runs=runs),  # what pm's cold build spends at least, on the same cores, indexing the same pages
    ]  # fmt: skip
    steps += [
        measure(size, f"pm render, {kind} edited", [*PM, "render", "--format", "md,html"], folder, runs=runs,
                before=_edit(folder, kind))
        for kind in EDITS
    ]  # fmt: skip
    steps.append(bench_serve(size, folder, runs=runs))
    if hugo:
        site = root / f"hugo-{size}"
        to_hugo(folder, site)
        clean = lambda _: shutil.rmtree(site / "public", ignore_errors=True)  # noqa: E731
        steps.append(
            measure(size, "hugo build, cold", [hugo, "--quiet", "-s", str(site)], site, runs=runs, before=clean)
        )
        both = f"{hugo} --quiet -s . && {_pagefind()} --site public --silent"  # what a team without pm would run
        steps.append(measure(size, "hugo + pagefind, cold", ["sh", "-c", both], site, runs=runs, before=clean))
    return steps


def _status(port: int, *, after: int | None = None) -> dict[str, object]:
    """What pm serve tells the reload script; with *after*, once its version is another (the long poll)."""
    query = f"?after={after}" if after is not None else ""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__pm/status{query}", timeout=120) as answer:
        found: dict[str, object] = json.loads(answer.read())
    return found


def _peak_mib(pid: int) -> float:
    """The peak resident memory of a running process, in MiB (Linux; 0 elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else 0.0


def bench_serve(size: int, folder: Path, *, runs: int) -> Step:
    """``pm serve`` running: from an edit saved to the status that makes the open page reload (a new build).

    The time a person waits after saving: noticing the change, building what it changed, answering the page's
    waiting status request. The server's first build (the whole site) is not counted. The search index follows
    the page (in a second swap): the next edit is made once it is in, as a person reads the page before saving
    again, so that each run measures one edit alone.
    """
    command = [*PM, "serve", "--port", "0", "--format", "html"]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        port = 0
        for line in process.stdout or ():
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found[1])
                break
        if not port:
            raise SystemExit(f"pm serve did not start in {folder}")
        status, edit, times = _status(port), _edit(folder, "prose"), []
        for number in range(runs):
            build = status["build"]
            started = time.perf_counter()
            edit(1000 + number)
            search = status.get("search")
            while status["build"] == build:
                status = _status(port, after=int(str(status["version"])))
                if status["problems"]:
                    raise SystemExit(f"pm serve found problems: {status['problems']}")
            times.append(time.perf_counter() - started)
            deadline = time.monotonic() + 30
            while search is not None and status["search"] == search and time.monotonic() < deadline:
                status = _status(port, after=int(str(status["version"])))  # the search index follows the page
        return Step(
            size=size, name="pm serve, prose edited to page reloaded", runs=times, peak_mib=_peak_mib(process.pid)
        )
    finally:
        process.terminate()
        process.wait()


def _pagefind() -> str:
    """The Pagefind command line that pm itself uses (the binary of the ``pagefind[bin]`` package)."""
    from pagefind_bin import get_executable

    return str(get_executable())


def bench_pdfs(root: Path, *, runs: int) -> Step:
    """PDFs of 100 incidents, cold, on all cores."""
    folder = root / "pm-pdf-100"
    generate(folder, 100)
    return measure(100, "pm render PDFs (100 incidents)", [*PM, "render", "--format", "pdf"], folder, runs=runs,
                   before=_clean(folder))  # fmt: skip


def table(steps: list[Step], help_step: Step) -> str:
    """The results as a Markdown table, with each pm step's ratio to Hugo on the same corpus."""
    hugo = {s.size: s.minimum for s in steps if s.name == "hugo build, cold"}
    both = {s.size: s.minimum for s in steps if s.name == "hugo + pagefind, cold"}
    lines = [
        "| incidents | step | min (s) | median (s) | peak RSS (MiB) | × Hugo | × Hugo + Pagefind |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for step in [help_step, *steps]:
        mine = step.name.startswith("pm")
        ratio = f"{step.minimum / hugo[step.size]:.2f}" if step.size in hugo and mine else ""
        ratio_both = f"{step.minimum / both[step.size]:.2f}" if step.size in both and mine else ""
        lines.append(f"| {step.size or '—'} | {step.name} | {step.minimum:.3f} | {step.median:.3f} | "
                     f"{step.peak_mib:.0f} | {ratio} | {ratio_both} |")  # fmt: skip
    return "\n".join(lines)


def compile_pm() -> None:
    """Compile pm's modules as installing it does.

    An editable install (or PYTHONDONTWRITEBYTECODE) has no bytecode: every pm process would compile them again.
    """
    import compileall

    import postmortem

    compileall.compile_dir(Path(postmortem.__file__).parent, quiet=1)


def main() -> None:
    """Parse options, run every step, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated corpus sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs of each step")
    parser.add_argument("--no-pdf", action="store_true", help="skip the 100-PDF step")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"), help="where to write figures")
    options = parser.parse_args()
    hugo = shutil.which("hugo")
    compile_pm()
    with tempfile.TemporaryDirectory(prefix="pm-bench-") as folder:
        root = Path(folder)
        os.environ["PM_CACHE_DIR"] = str(root / "pm-cache")  # pm's cache, where cold runs can remove it
        help_step = measure(0, "pm --help", [*PM, "--help"], root, runs=max(options.runs, 5))
        steps = [
            s for size in options.sizes.split(",") for s in bench_size(int(size), root, runs=options.runs, hugo=hugo)
        ]
        if not options.no_pdf:
            steps.append(bench_pdfs(root, runs=options.runs))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    print(f"Machine: {machine}; Hugo: {'found' if hugo else 'not installed'}\n")
    print(table(steps, help_step))
    options.json.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": machine,
        "steps": [asdict(s) | {"min": s.minimum, "median": s.median} for s in [help_step, *steps]],
    }
    options.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
