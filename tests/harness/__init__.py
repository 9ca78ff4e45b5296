# -*- coding: utf-8 -*-
"""The test harness: plexemu/ (the framework emulator), pmssim/ (the simulated server, its fake
site and sample agent) and demo.py (`make demo`).

Besides tests/ it needs two folders on sys.path: tools/ (the gate's restricted_rules, which the
emulator checks Code/ with) and the bundle's Libraries/Shared (the core's Plex folder layout,
pleximprovement.runtime.paths). tests/conftest.py puts them there for pytest, the Makefile's
HARNESS_PATH for `make demo` and `make sim`.
"""
from __future__ import absolute_import, division, print_function
