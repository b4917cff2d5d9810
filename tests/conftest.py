"""Shared fixtures: golden files, bundled models, the `dot` binary."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import needs
import pytest

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots", "js"]  # js: mermaid.js for test_mermaid.py (node_modules)

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
DATA = TESTS / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (then review `git diff`)",
    )


@pytest.fixture
def assert_golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with ``tests/golden/<name>``; ``--update-golden`` rewrites it."""
    update = request.config.getoption("--update-golden")

    def check(text: str, name: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.exists(), f"no golden {name}: run `make golden` and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden"

    return check


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``sphinx.testing`` finds the test roots (``tests/roots/test-*``)."""
    return TESTS / "roots"


@pytest.fixture(scope="session")
def dot_binary() -> str:
    """Path of Graphviz `dot`; skips only where it is missing (CI installs it)."""
    return needs.dot()


#: The user and group unprivileged runs take: ``nobody`` and ``nogroup`` on Debian.
NOBODY = 65534


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary directory every user may enter (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="vmgraph-shared-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _warm_up_cli(scratch: Path) -> None:
    """Run the commands once, so that the modules they import lazily are loaded already.

    The unprivileged child is forked from this process: it needs no file of the checkout
    (which CI may keep where `nobody` cannot read) for imports.
    """
    import difflib  # noqa: F401 (imported for the error messages' "did you mean")

    from vmgraph.cli import main

    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        main(["check", str(TESTS / "data" / "minimal.yaml")])
        main(["render", str(TESTS / "data" / "minimal.yaml"), "--format", "dot", "-o", str(scratch)])
    finally:
        sys.stdout, sys.stderr = stdout, stderr


@pytest.fixture
def as_nobody(tmp_path: Path) -> Callable[[list[str]], tuple[int, str, str]]:
    """Return a function running ``vmgraph ARGV`` as an unprivileged user; it returns (exit code, stdout, stderr).

    CI runs as root, whom file permissions do not stop: the command runs in a forked child
    that gives up root for user and group 65534, ``nobody`` (``setgroups``, ``setgid``,
    ``setuid``, as ``setpriv`` does) before it starts. Run by another user, the child stays
    that user, whom permissions stop already.
    """
    _warm_up_cli(tmp_path / "warm-up")

    def run(argv: list[str]) -> tuple[int, str, str]:
        from vmgraph.cli import main

        read, write = os.pipe()
        with warnings.catch_warnings():  # Python 3.12+ warns of fork() beside threads; the child uses none
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            result: list[object]
            try:
                os.close(read)
                if os.geteuid() == 0:
                    os.setgroups([])
                    os.setgid(NOBODY)
                    os.setuid(NOBODY)
                sys.stdout, sys.stderr = out, err = io.StringIO(), io.StringIO()
                code = main(argv)
                result = [code, out.getvalue(), err.getvalue(), os.geteuid()]
            except BaseException:  # noqa: BLE001 (reported to the parent, which fails the test)
                result = [-1, "", traceback.format_exc(), -1]
            data = json.dumps(result).encode("utf-8")
            while data:
                data = data[os.write(write, data) :]
            os._exit(0)
        os.close(write)
        chunks = []
        while chunk := os.read(read, 1 << 16):
            chunks.append(chunk)
        os.close(read)
        os.waitpid(pid, 0)
        code, stdout, stderr, uid = json.loads(b"".join(chunks))
        assert uid not in {0, -1}, f"the command did not run unprivileged: {stderr}"
        return int(code), str(stdout), str(stderr)

    return run
