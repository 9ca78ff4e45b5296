# -*- coding: utf-8 -*-
"""A longer network timeout for the agent's fetches, set by the overlay where the agent exposes none
(fixes/entries/agent_timeout_pref.py sets the agent's own setting where it has one).

In and out: the fix contract (fixes/entries/__init__.py); the work is overlay_lever's.
"""
from __future__ import absolute_import, division, print_function

from . import overlay_lever

ID = 'network_timeout'
TITLE = 'Longer network timeout'
LEVER = overlay_lever.LEVER
ADDRESSES = {'timeout': 1.0}
PARAMETERS = overlay_lever.parameters(ID, {
    'timeout_seconds': "socket timeout for the agent's fetches"})
ALTERNATIVES = ({'timeout_seconds': 90}, {'timeout_seconds': 30})
PRIOR = (1.0, 1.0)
DOC = 'Prior 0.5: helps slow sites, not dead ones.'


def plan(target, params, applied):
    return overlay_lever.plan(ID, target, params, applied)


def unplan(target, params, remaining):
    return overlay_lever.unplan(ID, target, params, remaining)


def verify(target, params):
    return overlay_lever.verify(ID, target, params)
