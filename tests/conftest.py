# -*- coding: utf-8 -*-
"""Puts the test harness and the bundle's core package on sys.path for every test, and sets
the hypothesis profile every property test runs under."""
from __future__ import absolute_import, division, print_function

import os
import sys

from hypothesis import settings

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(TESTS_DIR)
BUNDLE_DIR = os.path.join(REPO_DIR, 'PlexImprovement.bundle')
SHARED_DIR = os.path.join(BUNDLE_DIR, 'Contents', 'Libraries', 'Shared')

for path in (TESTS_DIR, SHARED_DIR):
    if path not in sys.path:
        sys.path.insert(0, path)

# No example database. With one, hypothesis keeps a "pareto front" of examples and, once a test
# has passed its examples, shrinks that front; hypothesis 4.57 (the last release for Python
# 2.7) could spend more than ten minutes there on a passing test (seen in test_metrics_hotpath
# about once in 30 runs). CI starts from a clean clone, so a database never replays anything
# there anyway.
settings.register_profile('pleximprovement', database=None)
settings.load_profile('pleximprovement')
