"""How fast the loader refuses resource attacks: alias bombs, deep nesting, over-size files.

Usage::

    python bench/attacks.py [--rounds N]

Each attack is a small file (but the over-size ones) that would expand to billions of nodes,
nest thousands of levels deep or make the loader read gigabytes; the table gives the median
time :func:`vmgraph.load.loader.load_model` takes to refuse it, with PyYAML's C loader (the
default) and its pure-Python one. ``tests/test_attacks.py`` proves each is refused in
bounded memory and recursion, with these very texts; ``bench/run.py`` reports the slowest
refusal as target 6.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from abtest import Row

#: A valid model, so that only the attack part is wrong.
HEAD = "vmgraph: 1\nid: x\nstates: [a]\nactions: [{id: go, accepts: [a], results: [a]}]\n"
#: Files over the default 16 MiB limit, made sparse: nothing is written but their size.
OVERSIZE = {"over-the-limit": 16 * 1024 * 1024 + 1, "one-tebibyte": 1 << 40}


def attack_texts() -> dict[str, str]:
    """Return name -> YAML text of each attack (what it would cost if it were expanded, in its name)."""
    levels = "".join(f"  l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n" for i in range(1, 64))
    laughs = "".join(f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    big = "[" + ", ".join(["lol"] * 10_000) + "]"
    refs = "[" + ", ".join(["*big"] * 600) + "]"
    chain = "".join(f"  a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 3000))
    block = "".join("  " * depth + f"k{depth}:\n" for depth in range(100)) + "  " * 100 + "leaf\n"
    return {
        "billion-laughs": HEAD + "x:\n  a0: &a0 [" + ", ".join(['"lol"'] * 9) + "]\n" + laughs,
        "two-to-the-64": HEAD + 'x:\n  l0: &l0 ["lol", "lol"]\n' + levels,
        "quadratic-blowup": HEAD + f"x:\n  big: &big {big}\n  refs: {refs}\n",
        "recursive-alias": HEAD.replace("states: [a]", "states: &loop [a, *loop]"),
        "deep-flow-100000": HEAD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "deep-flow-65": HEAD + "x: " + "[" * 65 + "]" * 65 + "\n",
        "deep-block-100": HEAD + "x:\n" + block,
        "alias-chain-3000": HEAD + "x:\n  a0: &a0 [leaf]\n" + chain,
    }


def _write(folder: Path) -> dict[str, Path]:
    paths = {}
    for name, text in attack_texts().items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    for name, size in OVERSIZE.items():
        paths[name] = folder / f"{name}.yaml"
        with paths[name].open("wb") as stream:
            stream.seek(size - 1)
            stream.write(b"\n")
    return paths


def measure(folder: Path, *, rounds: int) -> list[dict[str, object]]:
    """Return, per attack and loader, the median milliseconds ``load_model`` takes to refuse it."""
    import yaml

    from vmgraph.errors import ModelError
    from vmgraph.load import yamlsource
    from vmgraph.load.loader import load_model

    rows: list[dict[str, object]] = []
    default = yamlsource._Loader
    try:
        for loader_name, loader in (("libyaml", default), ("pure-python", yaml.SafeLoader)):
            yamlsource._Loader = loader
            for name, path in _write(folder).items():
                times, message = [], ""
                for _ in range(rounds):
                    start = time.perf_counter()
                    try:
                        load_model(path)
                        message = "LOADED"
                    except ModelError as err:
                        message = err.problems[0].message
                    times.append(time.perf_counter() - start)
                size = path.stat().st_size
                ms = 1000 * statistics.median(times)
                rows.append({"attack": name, "loader": loader_name, "bytes": size, "ms": ms, "refusal": message})
    finally:
        yamlsource._Loader = default
    return rows


def attack_rows(work: Path, rounds: int) -> list[Row]:
    """Target 6 of bench/run.py: the slowest refusal, with the default (C) loader."""
    folder = work / "attacks"
    folder.mkdir(exist_ok=True)
    rows = [r for r in measure(folder, rounds=rounds) if r["loader"] == "libyaml"]
    slowest = max(rows, key=lambda r: float(r["ms"]))  # type: ignore[arg-type]
    refused = all(r["refusal"] != "LOADED" for r in rows if r["attack"] != "alias-chain-3000")
    what = f"slowest refusal of {len(rows)} attacks ({slowest['attack']})"
    measured = float(slowest["ms"]) if refused else float("inf")  # type: ignore[arg-type]
    return [Row("6 attacks", what, measured, 100, "ms", details={"rows": rows})]


def table(rows: Sequence[dict[str, object]]) -> str:
    """Return the measurements as a fixed-width text table."""
    head = ["attack", "loader", "file size", "refused in", "refusal"]
    cells = [head] + [
        [str(r["attack"]), str(r["loader"]), f"{r['bytes']:,} B", f"{r['ms']:.2f} ms", str(r["refusal"])[:60]]
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs per attack; the median is shown (default: 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vmgraph-attacks-") as tmp:
        print(table(measure(Path(tmp), rounds=args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
