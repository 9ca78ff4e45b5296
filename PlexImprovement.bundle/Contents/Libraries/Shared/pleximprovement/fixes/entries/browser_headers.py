# -*- coding: utf-8 -*-
"""Browser-like request headers: the overlay sends a current browser's User-Agent, Accept and
Accept-Language (and the site root as Referer) with every fetch of the agent.

In and out: the fix contract (fixes/entries/__init__.py); the work is overlay_lever's.
"""
from __future__ import absolute_import, division, print_function

from . import overlay_lever

ID = 'browser_headers'
TITLE = 'Browser-like request headers'
LEVER = overlay_lever.LEVER
ADDRESSES = {'blocked': 1.0}
PARAMETERS = overlay_lever.parameters(ID, {
    'profile': 'User-Agent and Accept headers of a current browser',
    'referer': 'send the site root as Referer (site_root) or no Referer (none)',
    'accept_language': 'Accept-Language header'})
ALTERNATIVES = ({'profile': 'firefox_desktop'}, {'profile': 'safari_mac', 'referer': 'none'})
PRIOR = (1.0, 1.0)
DOC = ('Prior 0.5: header checks are often what a 403 wall tests, but JavaScript challenges '
       'are not passed by headers.')


def plan(target, params, applied):
    return overlay_lever.plan(ID, target, params, applied)


def unplan(target, params, remaining):
    return overlay_lever.unplan(ID, target, params, remaining)


def verify(target, params):
    return overlay_lever.verify(ID, target, params)
