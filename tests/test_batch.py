"""Laying out many graphs in few `dot` processes (vmgraph.dotrun): same images, time limits, failures."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from vmgraph.dotrun.backend import DotJob, run_dot, run_dot_jobs
from vmgraph.dotrun.batch import run_batched
from vmgraph.dotrun.plan import Batch, plan_batches
from vmgraph.dotrun.process import idle, warm
from vmgraph.dotrun.split import split_output
from vmgraph.emit.views import build_view, focused_sources
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.views.names import view_names

FAKE_DOT = Path(__file__).parent / "fake_dot.py"


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `dot` that writes fake SVGs (see tests/fake_dot.py); its PIDs go to ``pids``."""
    script = tmp_path / "dot"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOT}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FAKE_DOT_PIDS", str(tmp_path / "pids"))
    return script


def pids(fake: Path) -> list[int]:
    path = fake.parent / "pids"
    return [int(line) for line in path.read_text(encoding="utf-8").split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def graph(name: str) -> DotJob:
    return DotJob(name, f"digraph {name} {{\n\ta -> b\n}}\n", "svg")


# -- the same images as one process per graph ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_batches_give_the_bytes_of_one_process_per_graph(dot_binary: str, fmt: str) -> None:
    model = load_model("nova")
    sources = [build_view(model, v).source for v in view_names(model)]
    sources += [source for _, source in list(focused_sources(model))[:12]]
    jobs = [DotJob(f"g{i}", source, fmt) for i, source in enumerate(sources)]
    batched = run_batched(jobs, dot=dot_binary, timeout=60, workers=2, limit=5)
    single = [run_dot(job, dot=dot_binary) for job in jobs]
    assert batched == single


def test_few_graphs_take_one_process_per_core_and_many_take_batches() -> None:
    jobs = [graph(f"g{i}") for i in range(3)]
    assert sorted(len(b.indexes) for b in plan_batches(jobs, workers=2)) == [1, 2]
    many = [graph(f"g{i}") for i in range(1000)]
    batches = plan_batches(many, workers=2, limit=64)
    assert all(len(b.indexes) <= 64 for b in batches)
    assert sorted(i for b in batches for i in b.indexes) == list(range(1000))
    assert all(b.indexes == sorted(b.indexes) for b in batches)  # outputs come back in order


def test_a_graph_with_its_own_engine_does_not_change_the_next(dot_binary: str) -> None:
    """Graphviz keeps the last engine a graph chose for the graphs after it in one process."""
    model = load_model("nova")
    drawing = build_view(model, "transitions")
    drawing.attr(layout="circo")  # as the directives' :layout: option writes it
    circle = drawing.source
    plain = build_view(model, "create-sequence").source
    jobs = [DotJob("circle", circle, "svg"), DotJob("plain", plain, "svg")]
    assert [b.indexes for b in plan_batches(jobs, workers=1)] == [[1], [0]]
    batched = run_batched(jobs, dot=dot_binary, timeout=60, workers=1)
    assert batched == [run_dot(job, dot=dot_binary) for job in jobs]


def test_pdf_is_never_batched() -> None:
    jobs = [DotJob(f"g{i}", "digraph {}", "pdf") for i in range(5)]
    assert [b.indexes for b in plan_batches(jobs, workers=2)] == [[0], [1], [2], [3], [4]]


def test_outputs_are_cut_only_when_complete() -> None:
    done, rest = split_output(b"<svg>1</svg>\n<svg>2</svg>\n<svg>3</s", "svg")
    assert (done, rest) == ([b"<svg>1</svg>\n", b"<svg>2</svg>\n"], b"<svg>3</s")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00IHDR\x00\x00\x00\x00" + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    assert split_output(png + png[:10], "png") == ([png], png[:10])


# -- failures and the time limit -----------------------------------------------------------------


def test_a_failing_graph_is_named_and_the_others_are_laid_out(fake_dot: Path) -> None:
    jobs = [graph("one"), graph("two_fails"), graph("three"), graph("four")]
    results = run_batched(jobs, dot=str(fake_dot), timeout=30, workers=1)
    assert [type(r).__name__ for r in results] == ["bytes", "RenderError", "bytes", "bytes"]
    assert "view 'two_fails'" in str(results[1])
    assert "trouble in graph two_fails" in str(results[1])
    assert b"<title>four</title>" in results[3]  # type: ignore[operator]


def test_a_graph_without_output_is_found_by_its_title(fake_dot: Path) -> None:
    jobs = [graph("one"), graph("two_silent"), graph("three")]
    results = run_batched(jobs, dot=str(fake_dot), timeout=30, workers=1)
    assert isinstance(results[1], RenderError)
    assert "view 'two_silent'" in str(results[1])
    assert isinstance(results[0], bytes)
    assert b"<title>three</title>" in results[2]  # type: ignore[operator]


def test_time_limit_stops_dot_names_the_view_and_goes_on(fake_dot: Path) -> None:
    jobs = [graph("one"), graph("two_slow"), graph("three")]
    start = time.monotonic()
    results = run_batched(jobs, dot=str(fake_dot), timeout=5.0, workers=1)  # the fake sleeps a minute
    assert time.monotonic() - start < 20
    assert isinstance(results[1], RenderError)
    assert "view 'two_slow'" in str(results[1])
    assert "longer than 5 s" in str(results[1])
    assert b"<title>one</title>" in results[0] and b"<title>three</title>" in results[2]  # type: ignore[operator]
    started = pids(fake_dot)
    assert len(started) == 2  # the batch, then the graphs after the slow one
    assert not any(alive(pid) for pid in started)  # killed and reaped, no zombie left


def test_time_limit_counts_per_graph_not_per_batch(fake_dot: Path) -> None:
    jobs = [graph(f"g{i}") for i in range(30)]
    results = run_batched(jobs, dot=str(fake_dot), timeout=5, workers=1, limit=100)
    assert all(isinstance(r, bytes) for r in results)


def test_run_dot_jobs_reports_missing_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("VMGRAPH_DOT", raising=False)
    with pytest.raises(RenderError, match="Graphviz `dot` was not found"):
        run_dot_jobs([graph("one")])


def test_warm_processes_are_used_then_ended(fake_dot: Path) -> None:
    with warm(["svg"], count=2, dot=str(fake_dot)) as started:
        spawned = [proc.pid for proc in started.processes]
        results = run_batched([graph("one")], dot=str(fake_dot), timeout=30, workers=1)
    assert isinstance(results[0], bytes)
    assert len(spawned) == 2  # one used for the graph, the other ended with the block
    assert not idle()
    assert not any(alive(pid) for pid in spawned)  # both reaped


def test_batch_repr_names_its_graphs() -> None:
    assert repr(Batch("svg", [1, 2], 10)) == "Batch('svg', [1, 2])"
