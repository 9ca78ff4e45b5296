# -*- coding: utf-8 -*-
"""Cache responses for repeated fetches: the overlay sets the framework's HTTP.CacheTime, so a page fetched
again within the time is read from the cache instead of the site.

In and out: the fix contract (fixes/entries/__init__.py); the work is overlay_lever's.
"""
from __future__ import absolute_import, division, print_function

from . import overlay_lever

ID = 'response_cache'
TITLE = 'Cache responses for repeated fetches'
LEVER = overlay_lever.LEVER
ADDRESSES = {'rate_limited': 0.5, 'server_error': 0.3, 'timeout': 0.3, 'blocked': 0.2}
PARAMETERS = overlay_lever.parameters(ID, {
    'ttl_hours': 'how long a cached page is reused'})
ALTERNATIVES = ({'ttl_hours': 72}, {'ttl_hours': 6})
PRIOR = (0.8, 1.2)
DOC = 'Prior 0.4: only repeated fetches are saved; first fetches still fail.'


def plan(target, params, applied):
    return overlay_lever.plan(ID, target, params, applied)


def unplan(target, params, remaining):
    return overlay_lever.unplan(ID, target, params, remaining)


def verify(target, params):
    return overlay_lever.verify(ID, target, params)
