# -*- coding: utf-8 -*-
"""Which plug-ins of a snapshot are metadata agents: only those are diagnosed as agents.

In: a snapshot (read/snapshot.py accessors). Out: the role of each identifier the snapshot
names, and for the plug-ins that are not agents, the health line the report shows instead
of ranking their findings or proposing fixes for them.

The rule, applied in this order (first match wins):

1. Never an agent, whatever its log shows: this plug-in (names.IDENTIFIER, role
   'this plug-in'), the framework and System (SYSTEM_IDENTIFIERS, role 'system'), the
   main server log (read/routing.SERVER_AGENT, role 'server') and lines no plug-in owns
   (identifier None or read/routing.UNKNOWN_AGENT, role 'unattributed').
2. An agent when its logs show it working as one: it ran a search or an update (the
   plug-in's `Searching for matches` or agent phrasings, its own log files, the server's or
   System's search calls to it, an update that succeeded, failed or did not finish), an item
   was kept for it, or it raised a traceback inside a search or an update.
3. An agent when its identifier is in an agent namespace (a dotted part AGENT_NAMESPACE:
   `com.plexapp.agents.hama`, `tv.plex.agents.movie`): that is how Plex names agents, and it
   keeps an agent that crashes before its first search (a crash loop at import) an agent.
4. Anything else is a plug-in (role 'plug-in'): a channel or a tool that ran no agent call.

The framework's registration line (`Creating new agent class called X`) would be a fourth
witness, but the snapshot keeps no count of it; an agent that registered and then ran
nothing has no failure of its agent work to diagnose anyway.
"""
from __future__ import absolute_import, division, print_function

from .. import names
from ..read import snapshot
from ..read.routing import SERVER_AGENT, UNKNOWN_AGENT
from ..text import as_text

AGENT = 'agent'
THIS_PLUGIN = 'this plug-in'
SYSTEM = 'system'
SERVER = 'server'
UNATTRIBUTED = 'unattributed'
PLUGIN = 'plug-in'

SYSTEM_IDENTIFIERS = frozenset(['com.plexapp.system', 'com.plexapp.framework'])
AGENT_NAMESPACE = 'agents'
# Counters of agent work (read/snapshot.py; total_search_ops is the best of its search sources:
# its plug-in log, its own log files, the server's or System's calls): any above 0 makes an agent.
WORK_COUNTERS = ('total_search_ops', 'search_exceptions', 'updates_ok', 'updates_failed', 'updates_unfinished')
AGENT_PHASES = frozenset(['search', 'update'])


def fixed_role(identifier):
    """The role rule 1 gives ``identifier``, else None."""
    if identifier is None or identifier == UNKNOWN_AGENT:
        return UNATTRIBUTED
    if identifier in (names.IDENTIFIER, names.FALLBACK_IDENTIFIER):
        return THIS_PLUGIN
    if identifier in SYSTEM_IDENTIFIERS:
        return SYSTEM
    if identifier == SERVER_AGENT:
        return SERVER
    return None


def in_agent_namespace(identifier):
    """True for `com.plexapp.agents.x`, `tv.plex.agents.y` (rule 3)."""
    return AGENT_NAMESPACE in as_text(identifier).split(u'.')[:-1]


def worked_as_agents(snap):
    """The identifiers rule 2 makes agents: searches, updates, kept items, search/update tracebacks."""
    worked = set()
    for identifier, stats in snapshot.agents(snap).items():
        if any(stats[name] for name in WORK_COUNTERS):
            worked.add(identifier)
    # The records as the snapshot holds them (a field it lacks reads as None, as in a filled
    # record): filled copies of every item and traceback would double them at the peak.
    for item in ((snap or {}).get('items') or {}).values():
        worked.add(item.get('agent'))
    for tb in (snap or {}).get('tracebacks') or []:
        if tb.get('phase') in AGENT_PHASES:
            worked.add(tb.get('agent'))
    return worked


class Roles(object):
    """The role of every identifier of one snapshot (module docstring)."""

    def __init__(self, snap):
        self.worked = worked_as_agents(snap)

    def of(self, identifier):
        role = fixed_role(identifier)
        if role is not None:
            return role
        if identifier in self.worked or in_agent_namespace(identifier):
            return AGENT
        return PLUGIN

    def is_agent(self, identifier):
        return self.of(identifier) == AGENT


def health(roles, identifiers, findings):
    """One health entry per plug-in that is not an agent, sorted by identifier.

    ``identifiers``: every identifier the snapshot names; ``findings``: the finding dicts of
    the plug-ins (findings.finalise). Each entry: {plugin, role, failure_events (the counts
    of all its findings: a plug-in has no search or update work to set anything apart from),
    findings: [{kind, count, detail, evidence}]}; an entry with no finding is healthy.
    """
    plugins = set(i for i in identifiers if not roles.is_agent(i))
    plugins.update(f['agent'] for f in findings)
    entries = []
    for plugin in sorted(plugins, key=lambda value: as_text(value)):
        mine = [f for f in findings if f['agent'] == plugin]
        entries.append({
            'plugin': plugin, 'role': roles.of(plugin), 'failure_events': sum(f['count'] for f in mine),
            'findings': [{'kind': f['kind'], 'count': f['count'], 'detail': f['detail'],
                          'evidence': f['evidence'][:1]} for f in mine],
        })
    return entries
