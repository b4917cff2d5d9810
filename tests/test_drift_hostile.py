"""``vmgraph drift`` on hostile sources: every one is a finding, never a traceback or a hang."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.drift import check_drift
from vmgraph.drift.findings import DriftReport
from vmgraph.load.loader import load_model

DECORATED = "from pkg import vm_states\n\n@check_instance_state(vm_state={value})\ndef pause(self, context, instance):\n    pass\n"

#: Class 7 of docs/security.rst: drift on hostile sources.
pytestmark = pytest.mark.hardening(7)


def in_time(run: Callable[[], DriftReport], seconds: float = 60.0) -> DriftReport:
    """Return what *run* returns, failing the test if it takes longer than *seconds*."""
    result: list[DriftReport] = []
    worker = threading.Thread(target=lambda: result.append(run()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"drift did not finish in {seconds} s"
    return result[0]


def unresolved(report: DriftReport) -> list[tuple[str | None, str]]:
    return [(f.file, f.message) for f in report.findings if f.kind == "unresolved"]


def package(tmp_path: Path, vm_states: str) -> Path:
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "vm_states.py").write_text(vm_states, encoding="utf-8")
    return root


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_source_is_reported_and_never_opened(tmp_path: Path) -> None:
    root = package(tmp_path, "ACTIVE = 'active'\n")
    os.mkfifo(root / "api.py")  # nobody writes to it: opening it to read would block for ever
    report = in_time(lambda: check_drift(load_model("nova"), [root]))
    assert (str(root / "api.py"), "cannot read the file: it is not a regular file (a FIFO, device or socket?)") in (
        unresolved(report)
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_source_is_reported_and_never_read(tmp_path: Path) -> None:
    zero = tmp_path / "zero.py"
    zero.symlink_to("/dev/zero")  # reading it would never end
    report = in_time(lambda: check_drift(load_model("nova"), [zero]))
    assert [m for _, m in unresolved(report)] == [
        "cannot read the file: it is not a regular file (a FIFO, device or socket?)"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_an_import_leads_to_is_unresolved(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_text("", encoding="utf-8")
    os.mkfifo(root / "vm_states.py")
    (root / "api.py").write_text(DECORATED.format(value="[vm_states.ACTIVE]"), encoding="utf-8")
    report = in_time(lambda: check_drift(load_model("nova"), [root / "api.py"]))
    assert any("not a regular file" in m for _, m in unresolved(report))


def test_a_file_over_the_size_limit_is_reported_not_read(tmp_path: Path) -> None:
    big = tmp_path / "api.py"
    big.write_text(DECORATED.format(value="None") + "#" * 5000 + "\n", encoding="utf-8")
    report = check_drift(load_model("nova"), [big], max_bytes=1000)
    assert unresolved(report) == [(str(big), "cannot read the file: it is larger than 1000 bytes (see --max-bytes)")]


def test_max_bytes_reaches_sources_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "api.py"
    big.write_text(DECORATED.format(value="None") + "#" * 9000 + "\n", encoding="utf-8")
    model = Path(__file__).parent / "data" / "minimal.yaml"
    assert main(["drift", str(model), "--source", str(big), "--max-bytes", "8K"]) == 1
    assert "larger than 8192 bytes" in capsys.readouterr().out


@pytest.mark.parametrize(
    "deep",
    [
        "-" * 200_000 + "1",  # unary operators: the parser's recursion
        "(" * 1_000 + "1" + ")" * 1_000,  # more parentheses than the parser allows
        "[" * 5_000 + "]" * 5_000,
        "1" + " + 1" * 100_000,  # a long left-nested BinOp: parses, then deep for the binder
    ],
)
def test_very_deep_expressions_are_findings_not_tracebacks(tmp_path: Path, deep: str) -> None:
    api = tmp_path / "api.py"
    api.write_text(f"X = {deep}\n" + DECORATED.format(value="[X]"), encoding="utf-8")
    report = in_time(lambda: check_drift(load_model("nova"), [api]))
    assert unresolved(report), report


def test_a_long_chain_of_names_stops_at_the_depth_limit(tmp_path: Path) -> None:
    chain = "A0 = 'active'\n" + "".join(f"A{n} = A{n - 1}\n" for n in range(1, 3000))
    root = package(tmp_path, chain)
    (root / "api.py").write_text(DECORATED.format(value="[vm_states.A2999]"), encoding="utf-8")
    report = in_time(lambda: check_drift(load_model("nova"), [root / "api.py"]))
    assert any("nested more than 100 levels deep" in m for _, m in unresolved(report))


def test_a_deep_list_in_a_decorator_is_unresolved_not_a_recursion_error(tmp_path: Path) -> None:
    api = tmp_path / "api.py"
    api.write_text(DECORATED.format(value="[" * 900 + "'active'" + "]" * 900), encoding="utf-8")
    report = in_time(lambda: check_drift(load_model("nova"), [api]))
    assert unresolved(report)


def test_a_deep_table_call_is_unresolved(tmp_path: Path) -> None:
    ironic = Path(__file__).parent / "data" / "ironic-complete.yaml"
    code = tmp_path / "m.py"
    code.write_text("machine.add_transition(" + "[" * 300 + "'a'" + "]" * 300 + ", 'b', 'go')\n", encoding="utf-8")
    report = in_time(lambda: check_drift(load_model(str(ironic)), [code], model_file=ironic))
    assert unresolved(report)
