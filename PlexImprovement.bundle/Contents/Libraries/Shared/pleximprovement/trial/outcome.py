# -*- coding: utf-8 -*-
"""One refresh's outcome for the targeted agent, and a pair's change across the fix.

In: a refresh as a plain dict, built by the trial runner from the server's state and the
log lines attributed to that refresh (its intent):

    {'item':   the item after the refresh (pms/library.py item dict: guid_agent, title,
               year, has_summary, has_poster, file, updated_at),
     'before': the item read just before the refresh (optional: without it, a refresh that
               left the item untouched cannot be told from one that set the same fields),
     'finished': whether the refresh was seen to finish (pms/completion.py); default True,
     'update_failed': the attributed lines show the agent's update failing (a traceback in
               update(), System's "Exception in update"); default False,
     'errors': the failure classes of the targeted agent's attributed lines ('http 403',
               'timeout', 'IndexError'...); default none}

Out: judge() -> {'success': True / False / None (could not judge), 'state', 'guid_agent',
'fields', 'plausibility', 'errors'}. `state`, first that applies:
    not_finished    the refresh never finished: success None (the pair is not counted)
    update_failed   the agent's update failed, whatever the item shows (the server keeps
                    what an earlier refresh wrote)
    unmatched       no agent guid (local://...)
    other_agent     matched, but by another agent (a fallback) than the targeted one
    not_updated     `before` given and updatedAt did not move: the fields are an earlier
                    refresh's, not this one's
    missing_fields  a required field (default: summary) is empty
    implausible     the title/year do not fit the file name (plausible.py): a "match" with
                    the wrong film is not a success
    success
change(before, after) -> 'improved' | 'worsened' | 'unchanged' | None (one side unknown);
new_error_items(befores, afters) -> {class: items whose after-refresh shows it} for the
classes no before-refresh showed (decide.py's new-error threshold reads the largest).
"""
from __future__ import absolute_import, division, print_function

from ..pms.library import updated_since
from .plausible import MIN_TITLE_SCORE, agreement

REQUIRED_FIELDS = ('summary',)
FIELD_KEYS = (('summary', 'has_summary'), ('poster', 'has_poster'))
IMPROVED = 'improved'
WORSENED = 'worsened'
UNCHANGED = 'unchanged'


def judge(refresh, agent, required=REQUIRED_FIELDS, min_title_score=MIN_TITLE_SCORE):
    """The outcome dict of one refresh for `agent` (see the module docstring)."""
    item = refresh.get('item') or {}
    before = refresh.get('before')
    fields = dict((name, bool(item.get(key))) for name, key in FIELD_KEYS)
    plausibility = agreement(item.get('title'), item.get('year'), item.get('file'), min_title_score)
    guid_agent = item.get('guid_agent')
    if refresh.get('finished', True) is False:
        state = 'not_finished'
    elif refresh.get('update_failed'):
        state = 'update_failed'
    elif guid_agent != agent:
        state = 'unmatched' if not item.get('matched') else 'other_agent'
    elif before is not None and not updated_since(before, item):
        state = 'not_updated'
    elif not all(fields.get(name) for name in required):
        state = 'missing_fields'
    elif plausibility['plausible'] is False:
        state = 'implausible'
    else:
        state = 'success'
    return {
        'success': None if state == 'not_finished' else state == 'success',
        'state': state,
        'guid_agent': guid_agent,
        'fields': fields,
        'plausibility': plausibility,
        'errors': sorted(set(refresh.get('errors') or ())),
    }


def change(before, after):
    """How one item's pair of outcomes moved across the fix."""
    if before.get('success') is None or after.get('success') is None:
        return None
    if after['success'] and not before['success']:
        return IMPROVED
    if before['success'] and not after['success']:
        return WORSENED
    return UNCHANGED


def new_error_items(befores, afters):
    """{class: number of after outcomes showing it} for classes absent from every before."""
    seen = set()
    for outcome in befores:
        seen.update(outcome.get('errors') or ())
    counts = {}
    for outcome in afters:
        for name in set(outcome.get('errors') or ()) - seen:
            counts[name] = counts.get(name, 0) + 1
    return counts
