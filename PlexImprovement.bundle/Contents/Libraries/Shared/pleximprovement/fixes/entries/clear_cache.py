# -*- coding: utf-8 -*-
"""Clear the agent's HTTP cache: a ban or error page the framework cached is served again for days.

In: a Target. Out: the plan that deletes every file in Plug-in Support/Caches/<identifier>/ (the
plan root 'caches'; the installer backs them up first). Rolling back puts the cached files back
from the backup, except those the server has written again since (the caches root is volatile:
its newer content stays). verify() cannot demand an empty folder: the agent refills it as soon
as it fetches, so it only reports how many files are cached now.
"""
from __future__ import absolute_import, division, print_function

from ..errors import Refused
from ..plan import CACHES, RESTORE_ORIGINAL

ID = 'clear_cache'
TITLE = "Clear the agent's HTTP cache"
LEVER = 'cache'
ADDRESSES = {'blocked': 0.3}
PARAMETERS = {}
ALTERNATIVES = ()
PRIOR = (0.8, 1.2)
DOC = ('Prior 0.4: a ban page the framework cached keeps failing after the ban ended; clearing '
       'helps only then, and only with pages fetched while banned.')


def plan(target, params, applied):
    cached = target.files(CACHES)
    if not cached:
        raise Refused('fix %s: %s has no cached HTTP responses (Caches/%s is empty or absent); nothing to clear'
                      % (ID, target.name, target.identifier))
    return dict(((CACHES, relpath), None) for relpath in cached)


def unplan(target, params, remaining):
    return RESTORE_ORIGINAL


def verify(target, params):
    return True, 'cache cleared; %d file(s) cached since' % len(target.files(CACHES))
