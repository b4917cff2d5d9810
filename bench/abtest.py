"""Side-by-side timing: alternate the commands of one comparison, several rounds, medians.

Every comparison runs its commands A, B, (C ...) in turn, round after round, so that drift of
the machine (other load, CPU frequency, disk cache) hits all of them alike; the verdict is a
ratio of medians, never one absolute time.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Row", "Timings", "alternate", "machine", "run_quiet", "timed"]

Step = Callable[[int], None]


@dataclass
class Timings:
    """Seconds per round of each named step, in the order they were run."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        """Return the median of *name*'s rounds, in seconds."""
        return statistics.median(self.samples[name])

    def ratio(self, name: str, base: str) -> float:
        """Return median(name) / median(base)."""
        return self.median(name) / self.median(base)

    def as_json(self) -> dict[str, dict[str, float | list[float]]]:
        """Return the samples with their medians, in milliseconds, for the JSON report."""
        return {
            name: {"median_ms": round(1000 * statistics.median(v), 2), "rounds_ms": [round(1000 * x, 2) for x in v]}
            for name, v in self.samples.items()
        }


@dataclass
class Row:
    """One line of the result table."""

    target: str
    what: str
    measured: float
    limit: float
    unit: str = "x"
    goal: float | None = None
    details: dict[str, object] = field(default_factory=dict)
    skipped: str = ""

    @property
    def passed(self) -> bool:
        """True when the measured value is within the limit."""
        return not self.skipped and self.measured <= self.limit

    def cells(self) -> list[str]:
        """Return the table cells: target, what, measured, limit, verdict."""
        if self.skipped:
            return [self.target, self.what, "-", f"<= {self._fmt(self.limit)}", f"SKIP ({self.skipped})"]
        goal = f" (goal < {self._fmt(self.goal)})" if self.goal is not None else ""
        verdict = "PASS" if self.passed else "FAIL"
        return [self.target, self.what, self._fmt(self.measured), f"<= {self._fmt(self.limit)}{goal}", verdict]

    def _fmt(self, value: float | None) -> str:
        if value is None:
            return "-"
        if self.unit == "x":
            return f"{value:.2f}x"
        if self.unit in {"runs", "files"}:
            return f"{value:g} {self.unit}"
        if self.unit == "s":
            return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
        return f"{value:.0f} {self.unit}"


def run_quiet(argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
    """Run *argv* with output discarded; raise if it fails."""
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        msg = f"{' '.join(map(str, argv))} failed ({proc.returncode}): " + " | ".join(tail)
        raise RuntimeError(msg)


def timed(step: Callable[[], object]) -> float:
    """Return the wall time of one call of *step*, in seconds."""
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def alternate(steps: Mapping[str, Step], *, rounds: int, warmup: int = 1) -> Timings:
    """Run each step once per round, in turn, after *warmup* untimed rounds.

    Each step gets the round number (negative in warm-up) so it can use fresh output paths.
    """
    timings = Timings({name: [] for name in steps})
    for r in range(-warmup, rounds):
        for name, step in steps.items():
            elapsed = timed(lambda step=step, r=r: step(r))
            if r >= 0:
                timings.samples[name].append(elapsed)
    return timings


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


def machine() -> dict[str, str | int]:
    """Return a description of this machine: cores, CPU, OS, Python, Graphviz."""
    dot = shutil.which("dot")
    version = "not installed"
    if dot:
        out = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False)
        version = (out.stderr or out.stdout).strip()
    return {
        "nproc": os.cpu_count() or 1,
        "cpu": _cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "graphviz": version,
        "executable": sys.executable,
    }
