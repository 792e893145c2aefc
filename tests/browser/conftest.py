"""Browser tests: Playwright driving Debian's Chromium against a live Harbour.

Run with ``-m browser``; bin/test runs them once, on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the live server and the ORM
# calls in these tests are synchronous and safe to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HARBOUR_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run bin/setup --browser")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db, live_server, demo_region):
    """The demo region, in the live server's database (loaded once a session; see
    harbour/demo/testing.py)."""
    return demo_region


@pytest.fixture
def server_url(live_server):
    return live_server.url
