# -*- coding: utf-8 -*-
"""A longer timeout through the agent's own setting, where its DefaultPrefs.json declares one.

In: a Target and {'timeout_seconds'}. Out: the plan that sets the first declared preference
whose id or label speaks of a timeout (text: the number, in milliseconds when the id or label
says ms; enum: the index of the smallest listed value at least that long, else the longest) in
the agent's Preferences file. No code changes, so it is preferred to the network_timeout
overlay where both apply (a higher prior); refused, naming that overlay, when the agent
declares no such setting.
"""
from __future__ import absolute_import, division, print_function

import re

from . import prefs_lever
from ..errors import Refused
from ..parameters import param
from ..plan import PREFERENCES

ID = 'agent_timeout_pref'
TITLE = "Longer timeout in the agent's own settings"
LEVER = prefs_lever.LEVER
ADDRESSES = {'timeout': 1.0}
PARAMETERS = {'timeout_seconds': param('int', 45, 5, 300, doc="the agent's timeout setting, in seconds")}
ALTERNATIVES = ({'timeout_seconds': 90}, {'timeout_seconds': 30})
PRIOR = (1.1, 0.9)
DOC = ("Prior 0.55: the same effect as the network_timeout overlay through a setting the agent's author "
       'provides, without changing code; preferred where the agent has one.')
WORDS = ('timeout', 'time out', 'time-out')
MILLISECONDS = re.compile(r'(\bms\b|_ms\b|millisecond)')
NUMBER = re.compile(r'\d+(\.\d+)?')


def timeout_pref(target):
    found = prefs_lever.matching(target, WORDS, ('text', 'enum'))
    if not found:
        raise Refused('fix %s: %s declares no timeout setting in %s; the network_timeout overlay sets one instead'
                      % (ID, target.name, prefs_lever.DEFAULT_PREFS))
    return found[0]


def stored_value(pref, seconds):
    """The text the Preferences file holds for a timeout of ``seconds``."""
    wanted = seconds * (1000 if MILLISECONDS.search(prefs_lever.words_of(pref)) else 1)
    if pref['type'] == 'text':
        return u'%d' % (wanted,)
    listed = []
    for index, value in enumerate(pref.get('values') or ()):
        number = NUMBER.search(u'%s' % (value,))
        if number:
            listed.append((float(number.group(0)), index))
    if not listed:
        raise Refused('fix %s: the setting %s lists no numbers to choose from' % (ID, pref['id']))
    longer = [entry for entry in sorted(listed) if entry[0] >= wanted]
    return u'%d' % (longer[0] if longer else max(listed))[1]


def plan(target, params, applied):
    pref = timeout_pref(target)
    value = stored_value(pref, params['timeout_seconds'])
    return {(PREFERENCES, ''): prefs_lever.with_value(target.read(PREFERENCES, ''), pref['id'], value, ID)}


def unplan(target, params, remaining):
    return {(PREFERENCES, ''): target.original(PREFERENCES, '')}


def verify(target, params):
    pref = timeout_pref(target)
    expected = stored_value(pref, params['timeout_seconds'])
    value = prefs_lever.current_value(target.read(PREFERENCES, ''), pref['id'])
    if value != expected:
        return False, 'Preferences set %s to "%s", not "%s"' % (pref['id'], value, expected)
    return True, 'Preferences set %s to %s' % (pref['id'], expected)
