"""Targets 4 and 5 of bench/run.py: the Python side at 10,000 actions, and the pictures of a big model."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from abtest import Row
from commands import PYTHON, vmgraph_script
from generate import generate_model

__all__ = ["SCALE_LIMIT", "target_pictures", "target_scale"]

BENCH = Path(__file__).resolve().parent
#: Target 4: the in-process time of the 10,000-action model against yaml.compose of the same file.
SCALE_LIMIT = 6.0
PROBE = BENCH / "scale_probe.py"


def _probe(path: Path, *options: str) -> dict[str, float]:
    out = subprocess.run([PYTHON, str(PROBE), *options, str(path)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        msg = f"scale probe failed on {path}: {out.stderr.strip()[-500:]}"
        raise RuntimeError(msg)
    data: dict[str, float] = json.loads(out.stdout)
    return data


def target_scale(work: Path, rounds: int) -> list[Row]:
    """Load, validate and build the DOT of every view for 100, 1,000 and 10,000 actions."""
    sizes = (100, 1_000, 10_000)
    models = {}
    for actions in sizes:
        path = work / f"scale-{actions}.yaml"
        path.write_text(generate_model(states=max(20, actions // 5), actions=actions, seed=1), encoding="utf-8")
        models[actions] = path
    runs: dict[int, list[dict[str, float]]] = {a: [] for a in sizes}
    composed: list[float] = []
    for _ in range(rounds):
        for actions in sizes:
            runs[actions].append(_probe(models[actions]))
        composed.append(_probe(models[sizes[-1]], "--compose")["compose"])

    def med(actions: int, key: str) -> float:
        values = sorted(r[key] for r in runs[actions])
        return values[len(values) // 2]

    per_action = {a: med(a, "seconds") / a for a in sizes}
    details = {
        "sizes": {
            str(a): {
                "bytes": models[a].stat().st_size,
                "median_s": round(med(a, "seconds"), 4),
                "load_s": round(med(a, "load"), 4),
                "views_s": round(med(a, "views"), 4),
                "focused_s": round(med(a, "focused"), 4),
                "graphs": int(med(a, "graphs")),
                "peak_mb": round(med(a, "peak_mb"), 1),
                "us_per_action": round(1e6 * per_action[a], 1),
            }
            for a in sizes
        }
    }
    big = sizes[-1]
    compose_s = sorted(composed)[len(composed) // 2]
    details["compose_s"] = round(compose_s, 4)
    return [
        Row(
            "4 scale",
            "time per action at 10,000 / at 1,000 actions",
            per_action[big] / per_action[1_000],
            1.5,
            details=details,
        ),
        Row(
            "4 scale",
            f"10,000 actions ({models[big].stat().st_size / 1e6:.1f} MB): in process / yaml.compose (CSafeLoader)",
            med(big, "seconds") / compose_s,
            SCALE_LIMIT,
        ),
        Row("4 scale", "10,000 actions: peak memory", med(big, "peak_mb"), 500, "MB"),
    ]


def target_pictures(work: Path, rounds: int, *, quick: bool) -> list[Row]:
    """`vmgraph render --view all` of a 1,000-state / 5,000-action model on every core."""
    del rounds  # one run: it is the slow one
    if quick:
        return [Row("5 pictures", "render --view all, 1,000 states / 5,000 actions", 0, 120, "s", skipped="--quick")]
    if shutil.which("dot") is None:
        return [Row("5 pictures", "render --view all, 1,000 states / 5,000 actions", 0, 120, "s", skipped="no dot")]
    path = work / "pictures.yaml"
    path.write_text(generate_model(states=1_000, actions=5_000, seed=1), encoding="utf-8")
    out = work / "pictures-out"
    argv = [vmgraph_script(), "render", str(path), "--view", "all", "--format", "svg", "-o", str(out)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
        code, stderr = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired:
        code, stderr = -1, "killed after 300 s"
    elapsed = time.perf_counter() - start
    svgs = list(out.rglob("*.svg")) if out.exists() else []
    details = {"exit": code, "svg_files": len(svgs), "stderr": stderr.strip().splitlines()[:5]}
    measured = elapsed if code == 0 else float("inf")
    return [
        Row(
            "5 pictures",
            f"render --view all, 1,000 states / 5,000 actions ({len(svgs)} SVGs)",
            measured,
            120,
            "s",
            details=details,
        )
    ]
