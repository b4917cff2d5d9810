"""The how-to guides (docs/howto-*.rst): their files are shown, and they do what the pages say.

tests/test_docs_commands.py runs every command of the pages; these tests check what the
commands alone cannot: that the editor settings point at the schema the page writes, and that
the model of the Graphviz guide has every edge of the hand-written diagram.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from vmgraph.cli import main
from vmgraph.load.loader import load_model
from vmgraph.load.schema import model_schema

DOCS = Path(__file__).parents[1] / "docs"
HOWTO = DOCS / "howto"
#: A file a page includes: ``literalinclude`` and ``:diff:`` paths under howto/.
INCLUDED = re.compile(r"^(?:\.\. (?:literal)?include::|   :diff:) (howto/\S+)$", re.MULTILINE)


def test_every_howto_file_is_shown_on_a_page() -> None:
    shown = {m for page in DOCS.glob("howto-*.rst") for m in INCLUDED.findall(page.read_text(encoding="utf-8"))}
    files = {p.relative_to(DOCS).as_posix() for p in HOWTO.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    files -= {f for f in files if f.endswith("__init__.py")}
    assert files == shown


def test_the_howtos_are_in_the_navigation() -> None:
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("howto-*.rst")):
        assert f"   {page.stem}\n" in index


def test_editor_settings_map_the_written_schema_to_the_model(tmp_path: Path) -> None:
    work = tmp_path / "editor"
    shutil.copytree(HOWTO / "editor", work)
    settings = json.loads((work / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ((schema_path, patterns),) = settings["yaml.schemas"].items()
    page = (DOCS / "howto-editor.rst").read_text(encoding="utf-8")
    assert f"vmgraph schema > {Path(schema_path).name}" in page
    assert any(work.glob(pattern) for pattern in patterns)
    model = work / "lifecycle.yaml"
    first = model.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema_path}"
    validator = Draft202012Validator(model_schema())
    assert list(validator.iter_errors(yaml.safe_load(model.read_text(encoding="utf-8")))) == []
    typo = yaml.safe_load(model.read_text(encoding="utf-8").replace("results:", "result:", 1))
    assert [e.message for e in validator.iter_errors(typo)], "the editor underlines a misspelt key"


def test_graphviz_model_has_every_edge_of_the_old_diagram() -> None:
    dot = (HOWTO / "graphviz" / "job-states.dot").read_text(encoding="utf-8")
    edges = {(a.lower(), label, b.lower()) for a, b, label in re.findall(r'(\w+) -> (\w+) \[label="(\w+)"\]', dot)}
    model = load_model(HOWTO / "graphviz" / "job.yaml")
    triples = {(t.source, t.action, t.target) for t in model.transitions()}
    assert len(edges) == 6
    assert triples == edges


def test_decorator_howto_model_is_found_wrong_then_fixed() -> None:
    folder = HOWTO / "decorators"
    assert main(["drift", str(folder / "backup.yaml"), "--source", str(folder / "src")]) == 1
    assert main(["drift", str(folder / "backup-fixed.yaml"), "--source", str(folder / "src"), "--strict"]) == 0
