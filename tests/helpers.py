"""Small helpers for tests that need an external program (LibreOffice, Chromium).

Locally such a test is skipped when the program is missing; in CI (`KLANTREIS_VOLLEDIG=1`,
set by .ci/run, which installs the programs) a missing program is a failure, so a green CI
never hides a skipped check.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require_program(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("KLANTREIS_VOLLEDIG"):
        pytest.fail(f"{name} ontbreekt, maar KLANTREIS_VOLLEDIG=1 vraagt om alle controles")
    pytest.skip(f"{name} is niet geïnstalleerd")
