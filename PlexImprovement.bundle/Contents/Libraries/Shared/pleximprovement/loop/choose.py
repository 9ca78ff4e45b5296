# -*- coding: utf-8 -*-
"""Which fix the loop tries next, and what a trial's decision leads to.

In: the iteration's diagnosis (its ranked `fixes`: diagnose/proposals.py), the loop state's
fix lists (record.py FIX dicts) and whether an agent may be fixed. Out: next_fix() -> the
first ranked proposal whose (fix, agent, parameters) was never attempted, or the fix waiting
for a re-test; next_action() -> (action, sentence) with the specification's outcomes:
    KEEP      next_fix when the diagnosis has another untried proposal, else re_diagnose
    ROLLBACK  try_alternative when the same fix has an untried parameter set for that
              agent (the diagnosis marks it `alternative`), else next_fix
    MONITOR   wait_and_retest the first time: the fix stays applied and joins the re-test
              queue, the loop goes on with the next proposal (other fixes may be what this
              one needs to show) and re-tests it once no untried proposal is left; MONITOR
              again is manual_review (the fix is rolled back: nothing unproven stays)
    anything else (no trial result)  manual_review
A fix that failed to apply or was rolled back is never tried again with the same parameters:
attempts() lists every attempt, and the diagnosis leaves those parameter sets out.
"""
from __future__ import absolute_import, division, print_function

from ..fixes import catalog
from ..trial.decide import KEEP, MONITOR, ROLLBACK

NEXT_FIX = 'next_fix'
RE_DIAGNOSE = 're_diagnose'
TRY_ALTERNATIVE = 'try_alternative'
WAIT_AND_RETEST = 'wait_and_retest'
MANUAL_REVIEW = 'manual_review'
MAX_RETESTS = 1


def key_of(fix):
    """(fix id, agent, normalised parameters) of a FIX or a proposal."""
    params = fix.get('params') or {}
    try:
        params = catalog.get(fix['fix_id']).normalise(params)
    except (KeyError, ValueError):
        pass
    return fix['fix_id'], fix['agent'], catalog.params_key(params)


def attempts(state):
    """[{fix_id, agent, params}] of every fix the loop attempted (diagnose's `attempts`)."""
    return [{'fix_id': f['fix_id'], 'agent': f['agent'], 'params': f.get('params') or {}}
            for f in state.get('fixes_attempted') or []]


def kept(state):
    """{(fix id, agent)} of the fixes kept and still applied."""
    return set((f['fix_id'], f['agent']) for f in state.get('fixes_successful') or [] if not f.get('rolled_back'))


def applied(state):
    """{(fix id, agent)} of the fixes the loop left applied: kept, or waiting for a re-test."""
    return kept(state) | set((f['fix_id'], f['agent']) for f in state.get('retest_queue') or [])


def untried(diagnosis, state, allowed):
    """The diagnosis's proposals, in rank order, that may be tried: agent allowed, never attempted,
    and not another parameter set of a fix the loop left applied (kept, or waiting for a re-test)."""
    tried = set(key_of(f) for f in state.get('fixes_attempted') or [])
    on = applied(state)
    return [p for p in (diagnosis or {}).get('fixes') or []
            if allowed(p['agent']) and key_of(p) not in tried and (p['fix_id'], p['agent']) not in on]


def next_fix(diagnosis, state, allowed, retests_only=False):
    """(fix, is a re-test): the best untried proposal (unless retests_only), else the oldest fix
    waiting for a re-test, else (None, False)."""
    proposals = [] if retests_only else untried(diagnosis, state, allowed)
    if proposals:
        return dict(proposals[0]), False
    waiting = state.get('retest_queue') or []
    if waiting:
        return dict(waiting[0]), True
    return None, False


def retests_of(state, fix):
    """How many times this fix (same parameters) was re-tested after MONITOR."""
    key = key_of(fix)
    return len([f for f in state.get('fixes_monitored') or [] if key_of(f) == key])


def next_action(trial, fix, diagnosis, state, allowed):
    """(action, sentence) after the trial of `fix` (`trial`: its result dict, or None)."""
    decision = (trial or {}).get('decision')
    others = [p for p in untried(diagnosis, state, allowed) if key_of(p) != key_of(fix)]
    if decision == KEEP:
        if others:
            return NEXT_FIX, 'kept (p = %.4g); %d more proposal(s) to try' % (trial['p_value'], len(others))
        return RE_DIAGNOSE, 'kept (p = %.4g); no proposal left: diagnose again to find what remains' % (
            trial['p_value'],)
    if decision == ROLLBACK:
        alternatives = [p for p in others if p['fix_id'] == fix['fix_id'] and p['agent'] == fix['agent']]
        if alternatives:
            return TRY_ALTERNATIVE, 'rolled back (%s); the same fix with other parameters is next' % (
                trial['reason'],)
        return NEXT_FIX, 'rolled back (%s)' % (trial['reason'],)
    if decision == MONITOR:
        if retests_of(state, fix) < MAX_RETESTS:
            return WAIT_AND_RETEST, 'too little evidence (%s): the fix stays on and is re-tested after the ' \
                'other proposals' % (trial['reason'],)
        return MANUAL_REVIEW, 'still no clear evidence after %d re-tests (%s): rolled back, left for the owner' % (
            MAX_RETESTS, trial['reason'])
    return MANUAL_REVIEW, 'the trial gave no decision: %s' % ((trial or {}).get('error') or 'no result',)
