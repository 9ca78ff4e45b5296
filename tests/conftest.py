# -*- coding: utf-8 -*-
"""Puts the test harness (tests/), the tools (tools/: the gate, bundle_tool, restricted_rules,
which the emulator imports too) and the bundle's core package on sys.path for every test, and
sets the hypothesis profile every property test runs under."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest
from hypothesis import settings

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(TESTS_DIR)
TOOLS_DIR = os.path.join(REPO_DIR, 'tools')
BUNDLE_DIR = os.path.join(REPO_DIR, 'PlexImprovement.bundle')
SHARED_DIR = os.path.join(BUNDLE_DIR, 'Contents', 'Libraries', 'Shared')
# The Makefile's HARNESS_PATH holds the same folders for `make demo` and `make sim`.
IMPORT_DIRS = (TESTS_DIR, TOOLS_DIR, SHARED_DIR)

for path in IMPORT_DIRS:
    if path not in sys.path:
        sys.path.insert(0, path)

# No example database. With one, hypothesis keeps a "pareto front" of examples and, once a test
# has passed its examples, shrinks that front; hypothesis 4.57 (the last release for Python
# 2.7) could spend more than ten minutes there on a passing test (seen in test_metrics_hotpath
# about once in 30 runs). CI starts from a clean clone, so a database never replays anything
# there anyway.
settings.register_profile('pleximprovement', database=None)
settings.load_profile('pleximprovement')


@pytest.fixture
def harness_environ():
    """The environment for a child Python that runs the harness (``python -m harness.pmssim``)."""
    environ = dict(os.environ)
    environ['PYTHONPATH'] = os.pathsep.join(IMPORT_DIRS)
    return environ
