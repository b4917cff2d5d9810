"""Headless Chromium for the browser tests: Debian's chromium and chromium-driver, driven by selenium.

Nothing downloads a browser. Where one is missing the tests skip, except when
``VMGRAPH_REQUIRE_BROWSER`` is set (scripts/test and scripts/docs set it): then they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,1024",
)


def missing(reason: str) -> NoReturn:
    """Skip the test for *reason*, or fail it where a browser is required."""
    if os.environ.get("VMGRAPH_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (VMGRAPH_REQUIRE_BROWSER is set)")
    pytest.skip(reason)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """Start headless Chromium with its profile in *profile*; quit it afterwards."""
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    driver = shutil.which("chromedriver") or next(
        (p for p in ("/usr/lib/chromium/chromedriver",) if Path(p).exists()), None
    )
    if importlib.util.find_spec("selenium") is None or not browser or not driver:
        missing("chromium, chromium-driver or selenium is not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    started = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield started
    finally:
        started.quit()
