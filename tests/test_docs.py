"""The documentation stays true: the CLI reference, the quick start, the references."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

import vmgraph
from vmgraph.cli import build_parser
from vmgraph.cli.reference import cli_reference, invocation
from vmgraph.sphinxext import CONFIG_VALUES
from vmgraph.sphinxext.messages import Subtype

DOCS = Path(__file__).parents[1] / "docs"


def test_cli_reference_is_what_the_parser_gives() -> None:
    actual = (DOCS / "cli.rst").read_text(encoding="utf-8")
    assert actual == cli_reference(), "docs/cli.rst is out of date: run scripts/docs-cli and review the diff"


def test_cli_reference_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = cli_reference()
    monkeypatch.setenv("COLUMNS", "40")
    assert cli_reference() == wide


def test_cli_reference_lists_every_subcommand_and_option() -> None:
    parser = build_parser()
    text = cli_reference(parser)
    for name, (help_line, command) in parser.commands.items():
        assert f"\nvmgraph {name}\n{'-' * len(f'vmgraph {name}')}\n" in text
        assert f"- ``{name}``: {help_line}\n" in text
        for action in command.arguments:
            assert invocation(action).split(", ")[0] in text, (name, action.dest)
    assert "``--format FORMAT [FORMAT ...]``\n   one or more of: dot, svg, png, pdf, mermaid, rst," in text
    assert "output directory (default: vmgraph-out)" in text  # %(default)s filled in
    assert "stop ``dot`` on a graph" in text  # `x` is an inline literal


def _code_blocks(text: str) -> dict[str, str]:
    """Return the code blocks of a page that have a caption, by caption."""
    pattern = re.compile(r"^\.\. code-block:: \w+\n   :caption: (\S+)\n\n((?:(?:   .*)?\n)+)", re.MULTILINE)
    return {m[1]: textwrap.dedent(m[2]).strip() + "\n" for m in pattern.finditer(text)}


@pytest.mark.usefixtures("dot_binary")
def test_quickstart_builds_in_an_empty_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _code_blocks((DOCS / "quickstart.rst").read_text(encoding="utf-8"))
    assert set(blocks) == {"conf.py", "index.rst"}
    for name, text in blocks.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "_build" / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(tmp_path), str(out)]) == 0, capsys.readouterr().err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg ") == 2
    assert 'href="#vmgraph-nova-state-active"' in page


def test_api_reference_covers_all_exports() -> None:
    text = (DOCS / "api.rst").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. auto\w+:: vmgraph\.(\w+)$", text, re.MULTILINE))
    assert documented >= set(vmgraph.__all__)


def test_every_setting_and_warning_subtype_is_documented() -> None:
    config = (DOCS / "configuration.rst").read_text(encoding="utf-8")
    assert set(re.findall(r"^\.\. confval:: (\w+)$", config, re.MULTILINE)) == set(CONFIG_VALUES)
    directives = (DOCS / "directives.rst").read_text(encoding="utf-8")
    assert {s.value for s in Subtype} == set(re.findall(r"``vmgraph\.(\w+)``", directives))


def test_our_pages_are_listed_and_others_are_added() -> None:
    """Every page of docs/ is listed in the index's toctrees, by name (a new page must be added there)."""
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    for page in ("quickstart", "model-format", "directives", "configuration", "pages", "cli", "api", "nova"):
        assert f"   {page}\n" in index
    others = sorted(p.stem for p in DOCS.glob("*.rst") if p.stem != "index")
    assert [name for name in others if f"   {name}\n" not in index] == []
    assert index.count("   changelog\n") == 1
