# -*- coding: utf-8 -*-
"""Phase 2: from a metrics snapshot to findings, ranked fix proposals and recommendations.

In: a snapshot (contracts.md, "Phase 1 output"), optionally the previous diagnosis, the
attempt and efficacy histories. Out: one JSON-able diagnosis: the agents' findings
(findings.py) compared with the previous ones, fix proposals (proposals.py),
recommendations for what no fix addresses (recommend.py), the health of the plug-ins that
are not agents (roles.py: never ranked, never offered a fix), and a summary. Pure: nothing
here touches the store or the framework.

Success rates (summary, per agent and over the agents), as the snapshot defines them
(read/snapshot.py, docs/counts.md), each None when there is nothing to divide by:
``success_rate`` = titles found / all searches (the specification's), and
``success_rate_known`` = titles found / searches whose outcome the log shows. The loop
judges an agent on ``success_rate_known``: a search whose outcome the log does not show is
neither a success nor a failure. ``detail_bounded``: None, or how the snapshot's per-item
detail was cut (counts and kinds stay exact; item lists and URL patterns are partial).
"""
from __future__ import absolute_import, division, print_function

from . import recommend
from .findings import FindingCollector, agent_failures, finalise, operations
from .proposals import propose_fixes
from .roles import Roles, health
from ..read import snapshot
from ..text import as_text

# 2: findings carry share_of_failures and share_of_operations (no single share), the diagnosis
# carries plugins and detail_bounded, the summary both success rates. Findings still compare by key.
SCHEMA = 2


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


SEARCH_COUNTS = ('total_search_ops', 'titles_found', 'outcome_known', 'outcome_unknown')


def detail_bounded(snap):
    """{items_limit, operations_without_item} when the snapshot kept no item record for some
    operations (read/snapshot.MAX_ITEMS reached), else None."""
    dropped = (snap or {}).get('items_dropped') or 0
    if not dropped:
        return None
    return {'items_limit': (snap or {}).get('items_limit'), 'operations_without_item': dropped}


def summarise(agents, findings, fixes, recommendations, comparison, plugins):
    """The counts the report's summary shows, per agent and over the agents.

    ``agents``: {agent: snapshot counters} of the agents only (roles.py).
    """
    failures = agent_failures(findings)
    per_agent = {}
    for agent, stats in sorted(agents.items()):
        per_agent[agent] = dict([(name, stats[name]) for name in SEARCH_COUNTS + snapshot.RATE_KEYS],
                                operations=operations(stats), failures=failures.get(agent, 0),
                                findings=len([f for f in findings if f['agent'] == agent]))
    total = dict((name, sum(v[name] for v in per_agent.values())) for name in SEARCH_COUNTS)
    return dict(total, **{
        'agents': per_agent,
        'success_rate': snapshot.rate(total['titles_found'], total['total_search_ops']),
        'success_rate_known': snapshot.rate(total['titles_found'], total['outcome_known']),
        'findings': len(findings),
        'fixable_findings': len([f for f in findings if f['fixable']]),
        'failure_events': sum(failures.values()),
        'fixes': len(fixes),
        'high_priority_fixes': len([p for p in fixes if p['priority'] == 'HIGH']),
        'recommendations': len(recommendations),
        'new': len(comparison['new']), 'resolved': len(comparison['resolved']),
        'persisting': len(comparison['persisting']),
        'plugins': len(plugins),
        'plugin_failure_events': sum(p['failure_events'] for p in plugins),
    })


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
    roles = Roles(snap)
    only = agent_set(finding_agents)
    everything = [f for f in finalise(collector.collect(), collector) if only is None or f['agent'] in only]
    findings = [f for f in everything if roles.is_agent(f['agent'])]
    named = [i for i in collector.agents if only is None or i in only]
    agents = dict((i, stats) for i, stats in collector.agents.items() if i in named and roles.is_agent(i))
    for agent in set(f['agent'] for f in findings) - set(agents):
        agents[agent] = snapshot.AGENT.filled({}, snapshot.AGENT_DERIVED)
    others = [f for f in everything if not roles.is_agent(f['agent'])]
    plugins = health(roles, named, others)
    comparison = compare(previous, findings)
    ops = dict((a, operations(stats)) for a, stats in agents.items())
    fixes, exhausted = propose_fixes(findings, agent_set(fix_agents), attempts, efficacy,
                                     (previous or {}).get('fixes') or (), ops)
    recommendations = recommend.recommendations(findings, exhausted)
    return {
        'schema': SCHEMA,
        'mode': 'focused' if previous else 'full',
        'window': snapshot.window(snap),
        'summary': summarise(agents, findings, fixes, recommendations, comparison, plugins),
        'detail_bounded': detail_bounded(snap),
        'findings': findings,
        'plugins': plugins,
        'fixes': fixes,
        'recommendations': recommendations,
        'comparison': comparison,
        'ignored': collector.ignored,
        'allowed_agents': sorted(agent_set(fix_agents)) if agent_set(fix_agents) else 'all',
    }
