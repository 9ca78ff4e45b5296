# -*- coding: utf-8 -*-
"""Safe decoding of media names and pages: the overlay decodes with fallbacks, repairs mojibake and
normalises Unicode before the agent searches.

In and out: the fix contract (fixes/entries/__init__.py); the work is overlay_lever's.
"""
from __future__ import absolute_import, division, print_function

from . import overlay_lever

ID = 'safe_decoding'
TITLE = 'Decode names and pages with fallbacks'
LEVER = overlay_lever.LEVER
ADDRESSES = {'decoding_error': 1.0}
PARAMETERS = overlay_lever.parameters(ID, {
    'encodings': 'tried in order',
    'errors': 'what to do with bytes none decodes',
    'repair_mojibake': 'repair UTF-8 read as cp1252 or latin-1',
    'normalize_unicode': 'normalise names to NFC'})
ALTERNATIVES = ({'encodings': 'utf-8,latin-1', 'errors': 'ignore'},)
PRIOR = (1.4, 0.6)
DOC = 'Prior 0.7: decoding errors are deterministic and the fix addresses exactly them.'


def plan(target, params, applied):
    return overlay_lever.plan(ID, target, params, applied)


def unplan(target, params, remaining):
    return overlay_lever.unplan(ID, target, params, remaining)


def verify(target, params):
    return overlay_lever.verify(ID, target, params)
