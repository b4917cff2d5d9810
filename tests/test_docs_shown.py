"""Every command shown in README.md and docs/*.rst runs in a test, and so does every recipe.

The commands of ``run-command`` blocks run in tests/test_docs_commands.py and
tests/test_tutorial.py. This module finds the others: ``$ command`` lines of console and
literal blocks, command lines of literal blocks, and the README's shell blocks. Each one is
either run here, in a copy of a small project that has the files it names, or listed with
the test that runs it or the reason it cannot run offline. A new command in the docs fails
:func:`test_every_shown_command_is_classified` until it is one or the other.

The recipes (tox, GitHub Actions, GitLab CI, pre-commit, Read the Docs, the README's Sphinx set-up)
run here too, on the same project.
"""

from __future__ import annotations

import configparser
import functools
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from sphinx.cmd.build import build_main

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
DATA = ROOT / "tests" / "data"

#: Commands run here, in a copy of the project, with the exit status they must give.
RUN: dict[str, int] = {
    # README.md, "The command"
    "vmgraph render": 0,
    "vmgraph render nova-2014 --view preconditions --format dot png -o out/": 0,
    "vmgraph render my.yaml --format mermaid": 0,
    "vmgraph render nova --format html": 0,
    "vmgraph check my.yaml": 0,
    "vmgraph check nova --outputs docs/images": 0,
    "vmgraph show nova --json": 0,
    "vmgraph page nova -o lifecycle.rst": 0,
    "vmgraph drift nova --source nova/compute": 0,
    "vmgraph drift ironic --source ironic/common": 0,
    "vmgraph import --source src/ --table transitions > my.yaml": 0,
    "vmgraph diff nova-2014 nova": 0,
    "vmgraph schema > model.schema.json": 0,
    # docs/ci.rst
    "vmgraph import --source src/ --id myservice -o docs/myservice.yaml": 0,
    "vmgraph import --source src/ --table transitions --id orders -o docs/orders.yaml": 0,
    "vmgraph drift doc/source/lifecycle.yaml --source myproject/compute --strict": 0,
    "vmgraph drift doc/source/provision-states.yaml --source myproject/common": 0,
    # docs/mermaid.rst, docs/model-format.rst, docs/pages.rst, docs/reading.rst
    "vmgraph render nova --format mermaid -o docs/lifecycle": 0,
    "vmgraph schema > doc/source/model.schema.json": 0,
    "vmgraph page nova -o docs/nova-lifecycle.rst": 0,
    "vmgraph render nova --format rst -o out/": 0,
    "vmgraph render nova --view transitions --format svg --highlight state:shelved": 0,
    "vmgraph render nova --view preconditions --highlight action:shelve --highlight action:unshelve": 0,
}

#: Commands another test runs, by that test.
RUN_ELSEWHERE: dict[str, str] = {
    "python -m sphinx -W -n -b html . _build/html": "tests/test_docs.py::test_quickstart_builds_in_an_empty_project",
    "vmgraph drift nova-2014 --source tests/data/novacode": "tests/test_drift_docs.py (compares the output shown)",
    "vmgraph drift tests/data/ironic-91.yaml --source tests/data/tables/automaton": "tests/test_drift_docs.py",
    "python bench/generate.py --states 1000 --actions 5000 --seed 1 -o big.yaml": "bench/run.py (the benchmark)",
}

#: Commands that cannot run offline, or would change this machine, and why (issue 16's exceptions).
NOT_RUN: dict[str, str] = {
    "scripts/render-default": "the README's own set-up: installs Graphviz and a virtualenv",
    "scripts/test": "the README's own set-up: the whole suite, which includes this test",
    "git clone <vmgraph repository> vmgraph": "vmgraph has no public repository yet",
    "git clone <vmgraph repository> vmgraph && cd vmgraph": "vmgraph has no public repository yet",
    "python3 -m pip wheel --no-deps -w dist .": "an install: .ci/run builds the wheel",
    "cp dist/vmgraph-0.1.0-py3-none-any.whl ../myproject/tools/": "an install: copies the wheel built above",
    'python3 -m pip install "./vmgraph[sphinx]"': "an install, from an index",
    'python3 -m pip install "tools/vmgraph-0.1.0-py3-none-any.whl[sphinx]"': "an install, from an index",
    "sphinx-autobuild docs docs/_build/html --watch models": "a server that runs until stopped",
}


def _command(line: str) -> str:
    """Return a shown command line without its prompt and its trailing comment."""
    line = line.removeprefix("$ ")
    return re.sub(r"\s+#\s.*$", "", line).strip()


def rst_commands(text: str) -> list[str]:
    """Return the commands of the console, text and literal blocks of a reST page."""
    lines = text.splitlines()
    found = []
    for index, line in enumerate(lines):
        code = re.match(r"^\s*\.\. code-block:: (console|text)$", line)
        literal = line.rstrip().endswith("::") and not re.match(r"^\s*\.\. ", line)
        if not (code or literal):
            continue
        indent = len(line) - len(line.lstrip())
        block = []
        for following in lines[index + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following)
        found += [
            _command(shown)
            for shown in textwrap.dedent("\n".join(block)).splitlines()
            if shown.startswith("$ ") or (literal and re.match(r"(vmgraph|python|sphinx-autobuild) ", shown))
        ]
    return found


def readme_commands() -> list[str]:
    """Return the commands of the README's shell blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:sh|console)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return [_command(line) for block in blocks for line in block.splitlines() if line.strip()]


def shown_commands() -> list[str]:
    """Return every command shown in README.md and docs/*.rst, outside ``run-command`` blocks."""
    commands = readme_commands()
    for page in sorted(DOCS.glob("*.rst")):
        commands += rst_commands(page.read_text(encoding="utf-8"))
    return commands


def test_the_commands_are_found() -> None:
    commands = shown_commands()
    assert "vmgraph render" in commands
    assert "vmgraph render nova --format rst -o out/" in commands  # its comment is left out
    assert "vmgraph drift doc/source/lifecycle.yaml --source myproject/compute --strict" in commands


def test_every_shown_command_is_classified() -> None:
    commands = set(shown_commands())
    assert not set(RUN) & set(RUN_ELSEWHERE) | set(RUN) & set(NOT_RUN) | set(RUN_ELSEWHERE) & set(NOT_RUN)
    assert commands == set(RUN) | set(RUN_ELSEWHERE) | set(NOT_RUN)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project with every file the shown commands name (made once; each test copies it)."""
    root = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(DOCS / "ci", root)  # doc/source/lifecycle.yaml and its files, myproject/compute
    shutil.copy(DATA / "orders.yaml", root / "doc" / "source" / "provision-states.yaml")
    shutil.copytree(DATA / "tables" / "transitions" / "orders", root / "myproject" / "common" / "orders")
    shutil.copy(DATA / "minimal.yaml", root / "my.yaml")
    shutil.copytree(DATA / "novacode" / "nova", root / "nova")
    shutil.copytree(DATA / "tables" / "automaton" / "bmnode" / "common", root / "ironic" / "common")
    shutil.copytree(DATA / "novacode" / "nova", root / "src" / "nova")  # a decorator-guarded API
    shutil.copytree(DATA / "tables" / "transitions" / "orders", root / "src" / "orders")  # a transition table
    shutil.copytree(DOCS / "images", root / "docs" / "images")
    return root


@pytest.mark.usefixtures("dot_binary")
@pytest.mark.parametrize("command", sorted(RUN))
def test_shown_command_runs(command: str, project: Path, tmp_path: Path) -> None:
    work = tmp_path / "project"
    shutil.copytree(project, work)
    done = _runcommand().run(command, work)
    assert done.returncode == RUN[command], done.stdout
    assert "Traceback" not in done.stdout


@functools.cache
def _runcommand() -> ModuleType:
    """Import docs/_ext/runcommand.py, which runs the docs' commands as a reader would."""
    spec = importlib.util.spec_from_file_location("runcommand", DOCS / "_ext" / "runcommand.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks(page: str, language: str) -> list[str]:
    """Return the content of each ``code-block`` of *language* on a page of docs/, dedented."""
    text = (DOCS / page).read_text(encoding="utf-8")
    pattern = rf"^\.\. code-block:: {language}\n(?:   :.*\n)*\n((?:   .*\n|\n)+?)(?=\S|\Z)"
    return [textwrap.dedent(block) for block in re.findall(pattern, text, re.MULTILINE)]


def _copy(project: Path, tmp_path: Path) -> Path:
    """Return a copy of the project whose rendered files are current, as a committed project's are."""
    work = tmp_path / "project"
    shutil.copytree(project, work)
    done = _runcommand().run(
        "vmgraph render doc/source/lifecycle.yaml --format dot svg rst -o doc/source/lifecycle", work
    )
    assert done.returncode == 0, done.stdout
    return work


def _wheel_install(command: str) -> bool:
    """Return whether *command* installs the vmgraph wheel kept in tools/ (not run: no index offline)."""
    return command.strip().startswith("pip install tools/vmgraph-") and command.strip().endswith(".whl")


@pytest.mark.usefixtures("dot_binary")
def test_tox_recipe_runs(project: Path, tmp_path: Path) -> None:
    (ini,) = _blocks("ci.rst", "ini")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(ini)
    assert parser.sections() == ["testenv:lifecycle", "testenv:lifecycle-render"]
    work = _copy(project, tmp_path)
    for section in ("testenv:lifecycle-render", "testenv:lifecycle"):  # render, then check as a reviewer would
        assert parser[section]["deps"] == "{toxinidir}/tools/vmgraph-0.1.0-py3-none-any.whl"
        for command in parser[section]["commands"].strip().splitlines():
            done = _runcommand().run(command.strip(), work)
            assert done.returncode == 0, (section, command, done.stdout)


def _git(work: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=work, check=True, capture_output=True, env=_GIT_ENV, timeout=60)


_GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _pull_request(project: Path, tmp_path: Path) -> Path:
    """Return a clone of the project on a branch whose model differs from ``main`` at ``origin``.

    The change makes a failed restore go back to where it started, and the rendered files
    are rendered again, as the author of the change commits them.
    """
    work = _copy(project, tmp_path)
    _git(work, "init", "-q", "-b", "main")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "base")
    _git(work, "clone", "-q", "--bare", ".", str(tmp_path / "origin.git"))
    _git(work, "remote", "add", "origin", (tmp_path / "origin.git").as_uri())
    model = work / "doc" / "source" / "lifecycle.yaml"
    text = model.read_text(encoding="utf-8").replace(
        "results: [restoring]", "results: [restoring]\n    error: previous"
    )
    model.write_text(text, encoding="utf-8")
    render = "vmgraph render doc/source/lifecycle.yaml --format dot svg rst -o doc/source/lifecycle"
    assert _runcommand().run(render, work).returncode == 0
    return work


def _bash(script: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run *script* as a hosted runner runs a step: bash, stopping at the first failure."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.usefixtures("dot_binary")
def test_github_actions_recipe_runs_its_shell_steps(project: Path, tmp_path: Path) -> None:
    """The ``run:`` steps run as the runner runs them (bash -eo pipefail), on a pull request against main."""
    (workflow,) = (yaml.safe_load(block) for block in _blocks("ci.rst", "yaml") if "runs-on" in block)
    steps = workflow["jobs"]["vmgraph"]["steps"]
    assert [step["uses"] for step in steps if "uses" in step] == ["actions/checkout@v4", "actions/setup-python@v5"]
    work = _pull_request(project, tmp_path)
    summary = tmp_path / "summary.md"
    env = {
        **_GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_BASE_REF": "main",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    ran = 0
    for step in steps:
        if "run" not in step or _wheel_install(step["run"]):
            continue
        if "if" in step:
            assert step["if"] == "github.event_name == 'pull_request'"
        done = _bash(step["run"], work, env)
        assert done.returncode == 0, (step.get("name"), done.stdout, done.stderr)
        ran += 1
    assert ran == 3
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("```diff\n")
    assert text.endswith("\n```\n")
    assert "\n--- backup: Backup statuses\n+++ backup: Backup statuses\n" in text  # fenced: not Markdown
    assert "  restore: error: error -> previous\n" in text


@pytest.mark.usefixtures("dot_binary")
def test_pre_commit_recipe_runs_its_hooks(project: Path, tmp_path: Path) -> None:
    """Each ``repo: local`` hook runs as pre-commit runs it: its entry, then its args (``language: system``)."""
    (config,) = (yaml.safe_load(block) for block in _blocks("ci.rst", "yaml") if "repos:" in block)
    ((repo),) = config["repos"]
    assert repo["repo"] == "local"
    assert [hook["id"] for hook in repo["hooks"]] == ["vmgraph-render", "vmgraph-check", "vmgraph-drift"]
    work = _copy(project, tmp_path)
    for hook in repo["hooks"]:
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False
        assert re.search(hook["files"], "doc/source/lifecycle.yaml"), hook["id"]
        command = shlex.join([*shlex.split(hook["entry"]), *hook["args"]])
        done = _runcommand().run(command, work)
        assert done.returncode == 0, (hook["id"], done.stdout)


def test_read_the_docs_recipe_is_the_file_the_tests_build() -> None:
    """tests/test_eco_rtd.py runs the build .readthedocs.yaml describes; the page shows that file."""
    (shown,) = (yaml.safe_load(block) for block in _blocks("configuration.rst", "yaml") if "fail_on_warning" in block)
    assert shown == yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))


@pytest.mark.usefixtures("dot_binary")
def test_readme_sphinx_setup_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's conf.py and page, with the model it names, build with ``-W -n``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## In Sphinx") : text.index("## Documentation")]
    (conf,) = re.findall(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    (page,) = re.findall(r"^```rst\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert 'vmgraph_models = {"lifecycle": "lifecycle.yaml"}' in conf
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "lifecycle.yaml")
    (tmp_path / "index.rst").write_text(f"Lifecycle\n=========\n\n{page}", encoding="utf-8")
    out = tmp_path / "_build"
    assert build_main(["-q", "-W", "-n", "-N", "-b", "html", str(tmp_path), str(out)]) == 0, capsys.readouterr().err


@pytest.mark.usefixtures("dot_binary")
def test_gitlab_ci_recipe_runs_its_scripts(project: Path, tmp_path: Path) -> None:
    """Each job's ``script`` runs line by line after ``before_script``, in a merge request against main."""
    (config,) = (yaml.safe_load(block) for block in _blocks("ci.rst", "yaml") if "before_script" in block)
    (install,) = config["default"]["before_script"]
    assert _wheel_install(install)
    assert sorted(name for name in config if name != "default") == ["lifecycle", "lifecycle-diff"]
    assert config["lifecycle-diff"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    work = _pull_request(project, tmp_path)
    builds = tmp_path / "builds"
    builds.mkdir()
    env = {
        **_GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_BUILDS_DIR": str(builds),
    }
    outputs = []
    for job in ("lifecycle", "lifecycle-diff"):
        for line in config[job]["script"]:
            done = _bash(line, work, env)
            assert done.returncode == 0, (job, line, done.stdout, done.stderr)
            outputs.append(done.stdout)
    assert "  restore: error: error -> previous\n" in outputs[-1]
