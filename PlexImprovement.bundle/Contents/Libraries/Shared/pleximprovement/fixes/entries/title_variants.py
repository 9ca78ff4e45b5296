# -*- coding: utf-8 -*-
"""Title variants: when a search appends no result, the overlay searches again with variants of the name
(without year, release tags, punctuation, accents, leading article, the part after "Studio - ").

In and out: the fix contract (fixes/entries/__init__.py); the work is overlay_lever's.
"""
from __future__ import absolute_import, division, print_function

from . import overlay_lever

ID = 'title_variants'
TITLE = 'Retry an empty search with title variants'
LEVER = overlay_lever.LEVER
ADDRESSES = {'title_never_matched': 1.0}
PARAMETERS = overlay_lever.parameters(ID, {
    'strategies': 'variant rules, tried in order',
    'max_variants': 'searches added per empty search'})
ALTERNATIVES = ({'max_variants': 10}, {'strategies': 'strip_accents,strip_leading_article,split_separators'})
PRIOR = (1.0, 1.0)
DOC = 'Prior 0.5: many misses are release tags or years in the name; some are absent titles.'


def plan(target, params, applied):
    return overlay_lever.plan(ID, target, params, applied)


def unplan(target, params, remaining):
    return overlay_lever.unplan(ID, target, params, remaining)


def verify(target, params):
    return overlay_lever.verify(ID, target, params)
