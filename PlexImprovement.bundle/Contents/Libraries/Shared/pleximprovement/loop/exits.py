# -*- coding: utf-8 -*-
"""The loop's exit conditions: which one holds now, in words an owner can act on.

In: the loop state (record.py: baseline and per-iteration metrics, the fixes kept) and Limits
(from the Prefs). Out: (name, sentence) or None. The coordinator checks them after every step,
each where its evidence is fresh:
    stop_requested      the owner pressed Stop, Ctrl-C, a server shutdown     (any step)
    critical_failure    a step failed in a way the loop cannot work around    (any step)
    success             the target success rate is reached (after aggregate),
                        or no untried fix is left for any finding (implement)
    regression          the failure rate is more than 10 % above the baseline's
                        (after aggregate): the fixes kept since the last good
                        iteration are rolled back first
    plateau             each of the last `plateau_window` iterations improved less than the
                        threshold: a kept fix's gain on its test items in points, 0 for a
                        fix rolled back or still unproven (after decide); not while a
                        fix waits for its re-test
    diminishing_returns the best fix left is expected to recover fewer points
                        than the threshold (after diagnose): not worth a trial
    max_iterations      the iteration just decided was the last allowed (after decide)
    proposals_only      automatic fixes are off: the loop proposed, applied nothing
Regression is judged on rates, not counts: every trial adds refreshes to the window, so counts
grow whatever a fix does.
"""
from __future__ import absolute_import, division, print_function

from ..diagnose.numbers import round_half_up

STOP_REQUESTED = 'stop_requested'
CRITICAL_FAILURE = 'critical_failure'
SUCCESS = 'success'
REGRESSION = 'regression'
PLATEAU = 'plateau'
DIMINISHING_RETURNS = 'diminishing_returns'
MAX_ITERATIONS = 'max_iterations'
PROPOSALS_ONLY = 'proposals_only'
EXITS = (STOP_REQUESTED, CRITICAL_FAILURE, SUCCESS, REGRESSION, PLATEAU, DIMINISHING_RETURNS, MAX_ITERATIONS,
         PROPOSALS_ONLY)
RESUMABLE = (STOP_REQUESTED, CRITICAL_FAILURE)     # a later run may continue where these stopped
REGRESSION_SHARE = 0.10


class Limits(object):
    """The Prefs the exits read (prefs.Settings, or the command line's equivalents)."""

    def __init__(self, max_iterations=10, plateau_threshold=5.0, plateau_window=2, target_success_rate=90.0):
        self.max_iterations = int(max_iterations)
        self.plateau_threshold = float(plateau_threshold)
        self.plateau_window = int(plateau_window)
        self.target_success_rate = float(target_success_rate)

    @classmethod
    def from_settings(cls, settings):
        return cls(settings.max_iterations, settings.plateau_threshold_percent, settings.plateau_window,
                   settings.target_success_rate_percent)

    def as_dict(self):
        return {'max_iterations': self.max_iterations, 'plateau_threshold': self.plateau_threshold,
                'plateau_window': self.plateau_window, 'target_success_rate': self.target_success_rate}


def target_reached(state, limits):
    rate = (state.get('current_metrics') or {}).get('success_rate')
    if rate is not None and rate >= limits.target_success_rate:
        return SUCCESS, 'the success rate is %s %%, at or above the target of %s %%' % (
            rate, limits.target_success_rate)
    return None


def regressed(metrics, baseline):
    """Whether `metrics`' failure rate is more than REGRESSION_SHARE above the baseline's."""
    base = (baseline or {}).get('failure_rate')
    now = (metrics or {}).get('failure_rate')
    return base is not None and now is not None and now > base * (1 + REGRESSION_SHARE)


def regression(state):
    """(REGRESSION, sentence) when the newest metrics regressed against the baseline."""
    baseline = state.get('baseline_metrics')
    current = state.get('current_metrics')
    if not regressed(current, baseline):
        return None
    return REGRESSION, 'the failure rate is %s %%, more than %d %% above the baseline\'s %s %%' % (
        current['failure_rate'], int(REGRESSION_SHARE * 100), baseline['failure_rate'])


def last_good_iteration(state):
    """The newest iteration whose metrics did not regress (0: the baseline itself)."""
    baseline = state.get('baseline_metrics')
    for entry in reversed(state.get('iteration_history') or []):
        if entry.get('metrics') and not regressed(entry['metrics'], baseline):
            return entry['iteration']
    return 0


def plateau(state, limits):
    """(PLATEAU, sentence) when each of the last `plateau_window` improvements is known and
    smaller than the threshold in size."""
    if state.get('retest_queue'):
        return None     # a fix waiting for its re-test may still show progress
    moves = [entry.get('improvement') for entry in state.get('iteration_history') or []][-limits.plateau_window:]
    if len(moves) < limits.plateau_window or any(move is None for move in moves):
        return None
    if all(abs(move) < limits.plateau_threshold for move in moves):
        return PLATEAU, 'the last %s iteration(s) improved by %s points, each under %s' % (
            len(moves), ', '.join('%+.2f' % move for move in moves), limits.plateau_threshold)
    return None


def diminishing_returns(best_gain, limits):
    """(DIMINISHING_RETURNS, sentence) when the best proposal left (`best_gain`: its expected_gain,
    the share of the agent's work it is expected to recover) is worth fewer points than the threshold."""
    if best_gain is None:
        return None
    points = round_half_up(100.0 * best_gain, 2)
    if points < limits.plateau_threshold:
        return DIMINISHING_RETURNS, 'the best fix left is expected to recover %s points, under the threshold of %s' % (
            points, limits.plateau_threshold)
    return None


def max_iterations(state, limits):
    if int(state.get('iteration') or 0) >= limits.max_iterations:
        return MAX_ITERATIONS, 'iteration %d of %d was the last allowed' % (state['iteration'], limits.max_iterations)
    return None
