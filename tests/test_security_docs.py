"""The numbers of docs/security.rst are the suite's own: counted, never typed.

The test cases marked ``bad_input``, ``injection`` and ``fault`` (pyproject.toml) are
counted by collecting the suite in a child pytest; the page must say exactly those numbers,
and for each class of its list of hostile inputs, the number of test cases marked
``hardening(N)`` with that class. ``pytest tests/test_security_docs.py --update-golden``
writes them into the page.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
PAGE = TESTS.parent / "docs" / "security.rst"
MARKERS = ("bad_input", "injection", "fault")
#: The sentence the page starts with; the numbers are filled in.
SENTENCE = re.compile(
    r"is tested against \*\*(\d+) bad inputs\*\*, \*\*(\d+) injection cases\*\* and \*\*(\d+) fault cases\*\*"
)

#: One class of the list of hostile inputs: "3. **45 test inputs**: ...".
CLASS = re.compile(r"^(\d+)\. \*\*(\d+) test inputs\*\*", re.MULTILINE)

COUNT = """
import json, sys
import pytest

class Count:
    counts = dict.fromkeys(sys.argv[2:], 0)

    def pytest_collection_modifyitems(self, items):
        for item in items:
            for name in sys.argv[2:]:
                if item.get_closest_marker(name) is not None:
                    self.counts[name] += 1
            hardening = item.get_closest_marker("hardening")
            if hardening is not None:
                key = "hardening " + str(hardening.args[0])
                self.counts[key] = self.counts.get(key, 0) + 1

plugin = Count()
code = pytest.main(["--collect-only", "-q", "-p", "no:randomly", sys.argv[1]], plugins=[plugin])
print("COUNTS " + json.dumps(plugin.counts), file=sys.stderr)
sys.exit(int(code))
"""


def counted() -> dict[str, int]:
    """Return how many test cases of the suite carry each marker (``hardening N``: by class)."""
    argv = [sys.executable, "-c", COUNT, str(TESTS), *MARKERS]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=TESTS.parent, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    line = next(line for line in proc.stderr.splitlines() if line.startswith("COUNTS "))
    counts: dict[str, int] = json.loads(line.removeprefix("COUNTS "))
    return counts


def test_security_page_states_the_counts_of_the_suite(request: pytest.FixtureRequest) -> None:
    counts = counted()
    assert all(counts[m] >= 20 for m in MARKERS), counts
    text = PAGE.read_text(encoding="utf-8")
    numbers = tuple(str(counts[m]) for m in MARKERS)
    if request.config.getoption("--update-golden"):
        new = SENTENCE.sub(
            "is tested against **{} bad inputs**, **{} injection cases** and **{} fault cases**".format(*numbers), text
        )
        PAGE.write_text(new, encoding="utf-8")
        text = new
    found = SENTENCE.search(text)
    assert found is not None, "docs/security.rst lost its sentence with the counts"
    assert found.groups() == numbers, (
        f"docs/security.rst says {found.groups()}, the suite has {numbers} (bad inputs, injection, faults): "
        "run `pytest tests/test_security_docs.py --update-golden`"
    )
    assert found.start() < text.index("\n\n", text.index("=====")) + 400, "the counts come first on the page"


def test_security_page_states_the_test_inputs_of_each_class(request: pytest.FixtureRequest) -> None:
    counts = {int(k.split()[1]): n for k, n in counted().items() if k.startswith("hardening ")}
    assert counts, "no test case is marked hardening(N)"
    assert all(n >= 3 for n in counts.values()), f"each class has several test inputs: {counts}"
    text = PAGE.read_text(encoding="utf-8")
    if request.config.getoption("--update-golden"):
        text = CLASS.sub(lambda m: f"{m.group(1)}. **{counts.get(int(m.group(1)), 0)} test inputs**", text)
        PAGE.write_text(text, encoding="utf-8")
    stated = {int(number): int(inputs) for number, inputs in CLASS.findall(text)}
    assert stated == counts, (
        f"docs/security.rst says {stated}, the suite has {counts} (class: test inputs): "
        "run `pytest tests/test_security_docs.py --update-golden`"
    )
