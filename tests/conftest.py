"""Shared fixtures: the built-in demo study, loaded once, and a writable copy of it."""

from __future__ import annotations

import shutil

import pytest

from klantreis.resources import DEMO_STUDY_DIR
from klantreis.study import load_study


@pytest.fixture(scope="session")
def demo():
    return load_study(DEMO_STUDY_DIR)


@pytest.fixture(scope="session")
def demo_meta(demo):
    from klantreis.klantreizen.meta_analyse import analyse

    return analyse(demo)


@pytest.fixture
def demo_copy(tmp_path):
    target = tmp_path / "demo"
    shutil.copytree(DEMO_STUDY_DIR, target, ignore=shutil.ignore_patterns("uitvoer"))
    return target
