# -*- coding: utf-8 -*-
"""Phase 2: from a metrics snapshot to findings, ranked fix proposals and recommendations.

In: a snapshot (contracts.md, "Phase 1 output"), optionally the previous diagnosis, the
attempt and efficacy histories. Out: one JSON-able diagnosis: findings (findings.py)
compared with the previous ones, fix proposals (proposals.py), recommendations for what no
fix addresses (recommend.py), and a summary. Pure: nothing here touches the store or the
framework.
"""
from __future__ import absolute_import, division, print_function

from . import recommend
from .findings import FindingCollector, agent_failures, finalise, operations
from .proposals import propose_fixes
from ..read import snapshot
from ..text import as_text

SCHEMA = 1


def agent_set(agents):
    """None when every agent is meant, else a set of identifiers.

    Accepts the Prefs text ('all' or comma-separated ids), a validated frozenset, or a list.
    """
    if agents is None:
        return None
    if isinstance(agents, (bytes, type(u''))):
        value = as_text(agents).strip()
        if not value or value.lower() == 'all':
            return None
        return set(part.strip() for part in value.split(',') if part.strip())
    return set(agents)


def compare(previous, findings):
    """new / resolved / persisting findings by stable key, with counts before and after."""
    before = dict((f['key'], f) for f in (previous or {}).get('findings') or [])
    now = dict((f['key'], f) for f in findings)

    def brief(f):
        return {'id': f['id'], 'key': f['key'], 'kind': f['kind'], 'agent': f['agent'], 'count': f['count']}
    comparison = {
        'new': [brief(f) for f in findings if f['key'] not in before],
        'resolved': [brief(f) for key, f in sorted(before.items()) if key not in now],
        'persisting': [dict(brief(f), before=before[f['key']]['count'], after=f['count'])
                       for f in findings if f['key'] in before],
    }
    for f in findings:
        f['status'] = 'persisting' if f['key'] in before else 'new'
    return comparison


def summarise(snap, findings, fixes, recommendations, comparison):
    """The counts the report's summary shows, per agent and in total."""
    totals = snapshot.totals(snap)
    failures = agent_failures(findings)
    per_agent = {}
    for agent, stats in sorted(snapshot.agents(snap).items()):
        per_agent[agent] = {'operations': operations(stats), 'failures': failures.get(agent, 0),
                            'success_rate': stats['success_rate'],
                            'findings': len([f for f in findings if f['agent'] == agent])}
    return {
        'agents': per_agent,
        'total_search_ops': totals['total_search_ops'],
        'success_rate': totals['success_rate'],
        'findings': len(findings),
        'fixable_findings': len([f for f in findings if f['fixable']]),
        'failure_events': sum(failures.values()),
        'fixes': len(fixes),
        'high_priority_fixes': len([p for p in fixes if p['priority'] == 'HIGH']),
        'recommendations': len(recommendations),
        'new': len(comparison['new']), 'resolved': len(comparison['resolved']),
        'persisting': len(comparison['persisting']),
    }


def diagnose(snap, previous=None, fix_agents=None, attempts=(), efficacy=None, finding_agents=None):
    """The diagnosis of one snapshot ``snap`` (a JSON-able dict).

    ``previous``: the last diagnosis; given, the mode is 'focused': findings are compared by
    key and only what remains is ranked. ``fix_agents``: the agents fixes may be proposed for
    (the target_agents pref: text, set or None for all); findings of the others are still
    reported. ``attempts``: [{fix_id, agent, params}] already tried; those exact parameters
    are not proposed again. ``efficacy``: the history kept by fixes.efficacy.update_efficacy.
    ``finding_agents``: report only these agents' findings (None: every agent).
    """
    collector = FindingCollector(snap)
    findings = finalise(collector.collect(), collector)
    only = agent_set(finding_agents)
    if only is not None:
        findings = [f for f in findings if f['agent'] in only]
    comparison = compare(previous, findings)
    ops = dict((a, operations(stats)) for a, stats in collector.agents.items())
    fixes, exhausted = propose_fixes(findings, agent_set(fix_agents), attempts, efficacy,
                                     (previous or {}).get('fixes') or (), ops)
    recommendations = recommend.recommendations(findings, exhausted)
    return {
        'schema': SCHEMA,
        'mode': 'focused' if previous else 'full',
        'window': snapshot.window(snap),
        'summary': summarise(snap, findings, fixes, recommendations, comparison),
        'findings': findings,
        'fixes': fixes,
        'recommendations': recommendations,
        'comparison': comparison,
        'ignored': collector.ignored,
        'allowed_agents': sorted(agent_set(fix_agents)) if agent_set(fix_agents) else 'all',
    }
