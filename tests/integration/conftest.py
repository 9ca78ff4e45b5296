# -*- coding: utf-8 -*-
"""Fixtures that load PlexImprovement.bundle in the framework emulator, as Plex would."""
from __future__ import absolute_import, division, print_function

import os
import time

import pytest

from pleximprovement.runtime.paths import ServerLayout

from harness import plexemu

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLE = os.path.join(REPO, 'PlexImprovement.bundle')


@pytest.fixture
def app_support(tmpdir):
    root = str(tmpdir.join('Plex Media Server'))
    ServerLayout(root).create()
    return root


@pytest.fixture
def emulator(app_support):
    emu = plexemu.Emulator(BUNDLE, app_support)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def wait_for():
    return poll


def poll(predicate, timeout=20.0, step=0.05):
    """Poll until predicate() is truthy; the loop is bounded, never a timing assertion."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()
