# -*- coding: utf-8 -*-
"""plexemu: a stand-in for the Plex plug-in framework v2 (2.6.3) that loads a bundle the way
Plex does, so a bundle that works here works in Plex. API: docs/contracts.md, "Emulator"."""
from __future__ import absolute_import, division, print_function

from .emulator import Emulator, read_plist  # noqa: F401
from .errors import BundleLoadError, EmulatorConflict, FrameworkException  # noqa: F401
from .logkit import LINE_FORMAT  # noqa: F401
from .routing import Response  # noqa: F401

LOG_LINE_RE = (r'^(?P<asctime>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \((?P<thread>[0-9a-f]+)\) :  '
               r'(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \((?P<module>[^:()]+):(?P<lineno>\d+)\) - '
               r'(?P<message>.*)$')
