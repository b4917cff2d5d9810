"""The CLI reference (docs/cli.rst, written by vmgraph.cli.reference): examples for every command,
the exit statuses the command really gives, and every environment variable vmgraph reads."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from vmgraph.cli import Terminated, build_parser, check, main
from vmgraph.cli.reference import EXAMPLES, cli_reference

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"


def test_every_command_has_an_example_that_runs_it() -> None:
    parser = build_parser()
    assert set(EXAMPLES) == set(parser.commands)
    for name, examples in EXAMPLES.items():
        assert examples, name
        assert any(command.startswith(f"vmgraph {name} ") for e in examples for command in e.commands), name
        for example in examples:
            assert (DOCS / example.cwd).is_dir(), example


def test_the_examples_are_run_command_blocks_of_the_page() -> None:
    text = cli_reference()
    for examples in EXAMPLES.values():
        for example in examples:
            block = "".join(f"   {command}\n" for command in example.commands)
            assert f".. run-command::\n   :cwd: {example.cwd}\n" in text
            assert block in text


def test_the_page_lists_every_exit_status() -> None:
    text = cli_reference()
    statuses = re.findall(r"^   \* - (\d+)$", text[text.index("\nExit status\n") :], re.MULTILINE)
    assert statuses == ["0", "1", "2", "130", "143"]


def test_the_exit_statuses_are_what_the_command_gives(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DOCS / "cli")
    assert main(["check", "lamp.yaml"]) == 0
    assert main(["check", "lamp-broken.yaml"]) == 1
    assert main(["check", "--no-such-option", "lamp.yaml"]) == 2
    assert main([]) == 2

    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    def terminated(*args: object) -> int:
        raise Terminated(signal.SIGTERM)

    for handler, status in ((interrupted, 130), (terminated, 143)):
        monkeypatch.setattr(check, "run", handler)
        assert main(["check", "lamp.yaml"]) == status
    capsys.readouterr()
    # tests/test_faults.py sends real SIGINT and SIGTERM to a running `vmgraph render`: 130 and 143.


def test_the_page_lists_every_environment_variable_vmgraph_reads() -> None:
    text = cli_reference()
    documented = set(re.findall(r"^``(VMGRAPH_\w+)``$", text, re.MULTILINE))
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "vmgraph").rglob("*.py"))
    read = set(re.findall(r"""environ(?:\.get)?\(\s*["'](VMGRAPH_\w+)""", source))
    read |= set(re.findall(r'^MAX_BYTES_VARIABLE: Final = "(VMGRAPH_\w+)"', source, re.MULTILINE))
    assert read == {"VMGRAPH_DOT", "VMGRAPH_MAX_BYTES"}
    assert documented == read


def test_check_and_drift_output_is_described() -> None:
    text = cli_reference()
    for name in ("check", "drift"):
        section = text[text.index(f"\nvmgraph {name}\n") :]
        section = section[: section.index("\nvmgraph ", 1)]
        assert "\nOutput:\n" in section, name
