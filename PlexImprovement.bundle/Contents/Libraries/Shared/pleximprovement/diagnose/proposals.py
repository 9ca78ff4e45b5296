# -*- coding: utf-8 -*-
"""Fix proposals: which catalog fixes to try next on which agent, ranked, with a rationale.

In: finding dicts (findings.py), the agents fixes may be proposed for, the attempt history
[{fix_id, agent, params}], the efficacy history (fixes/efficacy.py) and each agent's
operations. Out: ranked proposals (first untried parameter set of each relevant catalog
entry per agent) and the (agent, fix, findings) whose every parameter set was tried.

The expected improvement of a fix is catalog.FixSpec.estimate. Ranking across agents uses
``expected_gain = expected * failures(A) / operations(A)`` (capped at 1; operations =
searches + updates; equal to ``expected`` when no operation was logged): the share of A's
work the fix is expected to recover. For one agent it orders fixes exactly like
``expected``; across agents it keeps an agent whose 4 failures in 40 searches are all
timeouts (expected 0.5, gain 0.05) from outranking one with 30 blocked fetches out of 40
failures in 50 searches (expected 0.375, gain 0.3).

Priority: HIGH when expected >= 0.25 and the fix addresses >= 5 failure events; MEDIUM when
expected >= 0.10 (or HIGH-sized on fewer events); LOW otherwise.

Confidence comes from the sample size: the 95 % Wilson interval of failure_share over
failures(A) events; confidence = 1 - interval width; label high when the width <= 0.2,
medium <= 0.4, low otherwise.

Every number is rounded by numbers.round_half_up (the same digits on Python 2.7 and 3), and
the rationale states the share of the failures the fix addresses with numbers.percent_text,
as the report's findings table states each finding's share_of_failures.
"""
from __future__ import absolute_import, division, print_function

import math

from .findings import agent_failures
from .numbers import percent_text, ratio, round_half_up
from ..fixes import catalog, efficacy

HIGH_EXPECTED = 0.25
HIGH_MIN_EVENTS = 5
MEDIUM_EXPECTED = 0.10
CONFIDENCE_HIGH_WIDTH = 0.2
CONFIDENCE_MEDIUM_WIDTH = 0.4
WILSON_Z = 1.96


def attempted_keys(attempts):
    """{(fix_id, agent, params_key)} of the attempt history, parameters normalised."""
    keys = set()
    for attempt in attempts or ():
        fix_id = attempt.get('fix_id')
        params = attempt.get('params') or {}
        try:
            params = catalog.get(fix_id).normalise(params)
        except (KeyError, ValueError):
            pass
        keys.add((fix_id, attempt.get('agent'), catalog.params_key(params)))
    return keys


def propose_fixes(findings, fix_agents, attempts, efficacy_history, previous_fixes=(), operations_by_agent=None):
    """Ranked proposals, plus the (agent, fix, findings) whose parameter sets are all tried.

    Ranked by expected_gain, then expected_improvement (module docstring: same order within
    an agent, comparable across agents).
    """
    operations_by_agent = operations_by_agent or {}
    tried = attempted_keys(attempts)
    failures = agent_failures(findings)
    previous_rank = dict(((f.get('fix_id'), f.get('agent')), f.get('rank')) for f in previous_fixes or ())
    proposals, exhausted = [], []
    agents = sorted(set(f['agent'] for f in findings if f['agent']))
    for agent in agents:
        if fix_agents is not None and agent not in fix_agents:
            continue
        mine = [f for f in findings if f['agent'] == agent]
        for spec in catalog.CATALOG:
            relevant = [f for f in mine if spec.coverage(f['kind']) > 0]
            if not relevant:
                continue
            sets = spec.parameter_sets()
            untried = [ps for ps in sets if (spec.fix_id, agent, catalog.params_key(ps)) not in tried]
            if not untried:
                exhausted.append((agent, spec.fix_id, relevant))
                continue
            params = untried[0]
            efficacy_value = efficacy.efficacy_mean(efficacy_history, spec.fix_id)
            addressed, share, expected = spec.estimate(relevant, failures.get(agent, 0), efficacy_value)
            conf_value, conf_label = confidence(share, failures.get(agent, 0))
            alpha, beta = efficacy.posterior(efficacy_history, spec.fix_id)
            proposals.append({
                'fix_id': spec.fix_id, 'title': spec.title, 'agent': agent, 'params': params,
                'alternative': len(untried) < len(sets),
                'attempted_params': [ps for ps in sets if ps not in untried],
                'priority': priority(expected, addressed),
                'expected_improvement': round_half_up(expected, 4), 'failure_share': round_half_up(share, 4),
                'expected_gain': round_half_up(expected_gain(expected, failures.get(agent, 0),
                                                             operations_by_agent.get(agent, 0)), 4),
                'efficacy': round_half_up(efficacy_value, 4), 'addressed_events': addressed,
                'confidence': conf_value, 'confidence_label': conf_label,
                'addresses': [f['id'] for f in relevant],
                'previous_rank': previous_rank.get((spec.fix_id, agent)),
                'rationale': rationale(relevant, addressed, share, failures.get(agent, 0),
                                       efficacy_value, alpha, beta, expected),
            })
    proposals.sort(key=lambda p: (-p['expected_gain'], -p['expected_improvement'], -p['addressed_events'],
                                  p['fix_id'], p['agent']))
    for rank, proposal in enumerate(proposals, 1):
        proposal['rank'] = rank
    return proposals, exhausted


def rationale(relevant, addressed, share, failures, efficacy_value, alpha, beta, expected):
    """Why a fix is proposed: the failure events it addresses (as a share of the agent's, the
    same figure as the findings' share_of_failures), the coverage-weighted share when the fix
    acts on only part of them, its efficacy and the expected result."""
    kinds = u', '.join(u'%s x%d' % (f['kind'], f['count']) for f in relevant)
    addressed_share = ratio(addressed, failures)
    weighted = u'' if round_half_up(share, 4) == addressed_share else u'; weighted by coverage %s' % percent_text(share)
    return (u'addresses %s: %d of %d failure events (%s)%s; efficacy %.2f (Beta(%.1f, %.1f)); '
            u'expected %s of the failures' % (
                kinds, addressed, failures, percent_text(addressed_share), weighted,
                round_half_up(efficacy_value, 2), round_half_up(alpha, 1), round_half_up(beta, 1),
                percent_text(expected)))


# ---------------------------------------------------------------- priority and confidence

def expected_gain(expected, failures, operations):
    """The expected share of the agent's searches and updates recovered (see the docstring)."""
    if not operations:
        return expected
    return min(1.0, expected * failures / float(operations))


def priority(expected, addressed_events):
    """HIGH / MEDIUM / LOW from the thresholds in the module docstring."""
    if expected >= HIGH_EXPECTED and addressed_events >= HIGH_MIN_EVENTS:
        return 'HIGH'
    if expected >= MEDIUM_EXPECTED:
        return 'MEDIUM'
    return 'LOW'


def wilson_interval(successes, total, z=WILSON_Z):
    """95 % Wilson score interval (low, high) of a proportion; (0, 1) without data."""
    if total <= 0:
        return 0.0, 1.0
    p = float(successes) / total
    z2 = z * z
    centre = (p + z2 / (2.0 * total)) / (1.0 + z2 / total)
    half = z * math.sqrt(p * (1.0 - p) / total + z2 / (4.0 * total * total)) / (1.0 + z2 / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def confidence(share, sample):
    """(value, label) from the Wilson width of ``share`` measured on ``sample`` events."""
    successes = int(round_half_up(share * sample))
    low, high = wilson_interval(successes, sample)
    width = high - low
    if width <= CONFIDENCE_HIGH_WIDTH:
        label = 'high'
    elif width <= CONFIDENCE_MEDIUM_WIDTH:
        label = 'medium'
    else:
        label = 'low'
    return round_half_up(1.0 - width, 3), label
