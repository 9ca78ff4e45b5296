# -*- coding: utf-8 -*-
"""The numbers a loop iteration is judged on, from one aggregation snapshot.

In: a Phase 1 snapshot (read/snapshot.py accessors) and which agents count (the agents the loop
may fix; this plug-in and System are not agents: diagnose/roles.py). Out: METRICS, the
specification's names (total_search_ops, titles_found, title_failures, url_errors,
model_errors) plus searches_known and the two percentages the exits use: success_rate =
titles_found / searches whose outcome the log shows (design.md: the loop judges on those) and
failure_rate = the rest of those searches; None when there is no such search (never 0 %).
Percentages are rounded half up to 2 digits (the same on Python 2.7 and 3). compare() gives
the post-mortem's baseline-vs-final rows with the real change and the % change.
"""
from __future__ import absolute_import, division, print_function

from ..diagnose.numbers import round_half_up
from ..diagnose.roles import Roles
from ..read import snapshot

COUNTED = ('total_search_ops', 'titles_found', 'title_failures', 'url_errors', 'model_errors')
SHOWN = COUNTED + ('searches_known', 'success_rate', 'failure_rate')


def percent(part, whole):
    return round_half_up(100.0 * part / whole, 2) if whole else None


def metrics_of(snap, allowed, now):
    """METRICS over the agents of `snap` that are agents and `allowed(identifier)`."""
    roles = Roles(snap)
    counts = dict((key, 0) for key in COUNTED)
    counts['searches_known'] = 0
    agents = []
    for identifier, entry in sorted(snapshot.agents(snap).items()):
        if not roles.is_agent(identifier) or not allowed(identifier):
            continue
        agents.append(identifier)
        for key in COUNTED:
            counts[key] += entry[key]
        counts['searches_known'] += entry['outcome_known']
    known = counts['searches_known']
    counts['success_rate'] = percent(counts['titles_found'], known)
    counts['failure_rate'] = percent(known - counts['titles_found'], known)
    counts['agents'] = agents
    counts['time'] = now
    return counts


def improvement(previous, current):
    """Percentage points the success rate gained since `previous` (None when either has none)."""
    if not previous or not current or previous.get('success_rate') is None or current.get('success_rate') is None:
        return None
    return round_half_up(current['success_rate'] - previous['success_rate'], 2)


def trial_gain(trial):
    """Points of success rate a kept fix gained on its test items: (improved - worsened) / pairs.
    The iteration's improvement (the plateau exit reads it): the window's rate moves little per
    trial, diluted by every older search and by the trial's own baseline refreshes."""
    if not trial.get('pairs'):
        return 0.0
    return round_half_up(100.0 * (trial['improved'] - trial['worsened']) / trial['pairs'], 2)


def compare(baseline, final):
    """[{metric, baseline, final, change, percent_change}] for every shown metric; a side
    without data is None, and so are the change and % change computed from it."""
    rows = []
    for key in SHOWN:
        before = (baseline or {}).get(key)
        after = (final or {}).get(key)
        change = None if before is None or after is None else after - before
        if isinstance(change, float):
            change = round_half_up(change, 2)
        relative = None if change is None or not before else round_half_up(100.0 * change / before, 1)
        rows.append({'metric': key, 'baseline': before, 'final': after, 'change': change,
                     'percent_change': relative})
    return rows
