# -*- coding: utf-8 -*-
"""Overlay fixes: what the fix installer puts into a target agent bundle to install an overlay.

Three things go into the target: the runtime package agent_overlay/ (module_files(), copied to
Contents/Libraries/Shared/pleximprovement_overlay/), its config beside it (config_bytes(), written to
Contents/Libraries/Shared/pleximprovement_overlay.json) and IMPORT_LINE, appended to the target's
Contents/Code/__init__.py by insert_import() and taken out again, byte for byte, by remove_import().
The line goes at the end of the file: only there do the agent's classes exist (the search overlays
wrap them), the kits it changes are the same objects Code/ modules imported earlier hold, and Start()
runs after it. The target must use the Elevated code policy, the only one that puts
Libraries/Shared on sys.path. OVERLAYS describes each overlay for the catalog and the menu.
"""
from __future__ import absolute_import, division, print_function

import io
import os

from .agent_overlay.config import CONFIG_NAME, OVERLAY_IDS, PARAMS, config_bytes, read_config  # noqa: F401
from .agent_overlay.overlay_sandbox import ACTIVE_PREFIX, KIT_NAMES, LOG_PREFIX  # noqa: F401

MODULE_NAME = 'pleximprovement_overlay'
IMPORT_LINE = 'import %s; %s.install(%s)  # added by PlexImprovement' % (
    MODULE_NAME, MODULE_NAME, ', '.join(KIT_NAMES))
RUNTIME_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'agent_overlay')
LINE_ENDINGS = (b'\r\n', b'\n', b'\r')

TITLES = {
    'browser_headers': ('Browser-like request headers', ('blocked',)),
    'retry_backoff': ('Retry with exponential backoff and jitter, honouring Retry-After',
                      ('rate_limited', 'server_error', 'timeout')),
    'network_timeout': ('Longer network timeout', ('timeout',)),
    'response_cache': ('Cache responses (HTTP.CacheTime)', ('rate_limited', 'server_error', 'blocked')),
    'title_variants': ('Search again with title variants when a search found nothing', ('title_never_matched',)),
    'safe_decoding': ('Safe decoding of media names', ('decoding_error',)),
}
OVERLAYS = dict((overlay_id, {'title': TITLES[overlay_id][0], 'addresses': TITLES[overlay_id][1],
                              'params': PARAMS[overlay_id]}) for overlay_id in OVERLAY_IDS)


def module_files():
    """[(path below the target's Contents/Libraries/Shared, '/'-separated, bytes)] of the runtime package."""
    out = []
    for name in sorted(os.listdir(RUNTIME_DIR)):
        if name.endswith('.py'):
            with io.open(os.path.join(RUNTIME_DIR, name), 'rb') as handle:
                out.append((MODULE_NAME + '/' + name, handle.read()))
    return out


def line_ending(source):
    """The last line ending in `source` (bytes), b'\\n' when there is none."""
    cr, lf = source.rfind(b'\r'), source.rfind(b'\n')
    if lf > cr:
        return b'\r\n' if lf == cr + 1 else b'\n'
    return b'\r' if cr >= 0 else b'\n'


def insert_import(source):
    """The bytes of Code/__init__.py with IMPORT_LINE appended as its last line, in the file's own line
    ending (after one added first when the file does not end with one). ValueError when the line is
    already there or the file ends in a backslash continuation."""
    line = IMPORT_LINE.encode('ascii')
    if (MODULE_NAME + '.install(').encode('ascii') in source:
        raise ValueError('Code/__init__.py already calls %s.install' % MODULE_NAME)
    if source.rstrip().endswith(b'\\'):
        raise ValueError('Code/__init__.py ends with a line continuation')
    if source.endswith(LINE_ENDINGS):
        return source + line + line_ending(source)
    return source + line_ending(source) + line


def remove_import(data):
    """The exact bytes insert_import was given; ValueError when `data` is not what it returned (the line
    is missing or the file was edited after it)."""
    line = IMPORT_LINE.encode('ascii')
    candidates = [data[:-len(line + eol)] for eol in LINE_ENDINGS if data.endswith(line + eol)]
    if data.endswith(line):
        head = data[:-len(line)]
        candidates.extend(head[:-len(eol)] for eol in LINE_ENDINGS if head.endswith(eol))
    for candidate in candidates:
        try:
            if insert_import(candidate) == data:
                return candidate
        except ValueError:
            continue
    raise ValueError('Code/__init__.py does not end with the overlay import line as it was added')
