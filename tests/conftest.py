# -*- coding: utf-8 -*-
"""Puts the test harness and the bundle's core package on sys.path for every test."""
from __future__ import absolute_import, division, print_function

import os
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(TESTS_DIR)
BUNDLE_DIR = os.path.join(REPO_DIR, 'PlexImprovement.bundle')
SHARED_DIR = os.path.join(BUNDLE_DIR, 'Contents', 'Libraries', 'Shared')

for path in (TESTS_DIR, SHARED_DIR):
    if path not in sys.path:
        sys.path.insert(0, path)
