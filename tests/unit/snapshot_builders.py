# -*- coding: utf-8 -*-
"""Builders for hand-written metrics snapshots that follow contracts.md ("Phase 1 output"),
and the lookups the diagnose tests share.

Tests state only the evidence they are about; everything else is the empty contract shape,
so a diagnosis can never pass on evidence a test did not write.
"""
from __future__ import absolute_import, division, print_function

import copy

from pleximprovement.diagnose.diagnosis import diagnose
from pleximprovement.read import snapshot as snapshot_shape


def empty_snapshot():
    """The snapshot of no lines (read/snapshot.empty), over one day's window."""
    snap = snapshot_shape.empty()
    snap['window'] = {'start': '2024-05-02 00:00:00', 'end': '2024-05-02 23:59:59'}
    return snap


def agent(snapshot, identifier, **counters):
    """Adds (or updates) an agent's counters (total_search_ops given; statuses and the class maps
    as dicts); the outcomes and both success rates not given follow read/snapshot.derive."""
    entry = snapshot['agents'].get(identifier) or snapshot_shape.AGENT.filled({}, snapshot_shape.AGENT_DERIVED)
    snapshot['agents'][identifier] = entry
    entry.update(counters)
    if 'outcome_known' not in counters:
        entry['outcome_known'] = entry['titles_found'] + entry['title_failures'] + entry['search_exceptions']
    if 'outcome_unknown' not in counters:
        entry['outcome_unknown'] = max(0, entry['total_search_ops'] - entry['outcome_known'])
    entry['success_rate'] = snapshot_shape.rate(entry['titles_found'], entry['total_search_ops'])
    entry['success_rate_known'] = snapshot_shape.rate(entry['titles_found'], entry['outcome_known'])
    return entry


def item(snapshot, agent_id, name, **fields):
    """Adds an item keyed "<agent>|<id or name>" with the contract's fields."""
    record = snapshot_shape.ITEM.new(agent=agent_id, name=name, first_seen='2024-05-02 10:00:00',
                                     last_seen='2024-05-02 11:00:00')
    record.update(fields)
    key = '%s|%s' % (agent_id, record['id'] or name)
    snapshot['items'][key] = record
    return key


def error_class(snapshot, cls, agent_id, count, statuses=None, examples=(), urls=None):
    entry = snapshot['errors'].setdefault(cls, {'count': 0, 'statuses': {}, 'examples': [], 'agents': {},
                                                'urls': {}})
    entry['count'] += count
    for status, n in (statuses or {}).items():
        entry['statuses'][status] = entry['statuses'].get(status, 0) + n
    entry['examples'].extend(examples)
    entry['agents'][agent_id] = entry['agents'].get(agent_id, 0) + count
    for pattern, n in (urls or {}).items():
        entry['urls'][pattern] = entry['urls'].get(pattern, 0) + n
    return entry


AGENT_FILE = '/config/Plug-ins/Example.bundle/Contents/Code/__init__.py'


def traceback(snapshot, agent_id, exception, message, code, function='search', file_name=AGENT_FILE, line=41,
              count=1, items=(), phase='search'):
    """A traceback entry; file_name=None means no agent frame (file/line are then None)."""
    entry = {'exception': exception, 'message': message, 'file': file_name,
             'line': line if file_name else None, 'function': function, 'code': code, 'agent': agent_id, 'phase': phase,
             'count': count, 'first_seen': '2024-05-02 10:00:00', 'last_seen': '2024-05-02 12:00:00',
             'items': list(items), 'examples': ['%s: %s' % (exception, message)]}
    snapshot['tracebacks'].append(entry)
    return entry


def unclassified(snapshot, template, count, agents, examples=(), level='ERROR'):
    entry = {'template': template, 'count': count, 'level': level, 'agents': dict(agents),
             'examples': list(examples) or [template], 'first_seen': '2024-05-02 10:00:00',
             'last_seen': '2024-05-02 12:00:00'}
    snapshot['unclassified'].append(entry)
    return entry


def copy_of(snapshot):
    return copy.deepcopy(snapshot)


# Agents of the hand-written snapshots.
A = 'com.example.agents.films'
B = 'com.example.agents.other'


def only(diagnosis, kind, agent_id=A):
    found = [f for f in diagnosis['findings'] if f['kind'] == kind and f['agent'] == agent_id]
    assert len(found) == 1, [(f['kind'], f['agent']) for f in diagnosis['findings']]
    return found[0]


def count_after_ten_searches(kind, add_evidence, agent_id=A):
    """Count of the one `kind` finding of agent_id after 10 searches plus add_evidence(snapshot)."""
    s = empty_snapshot()
    agent(s, agent_id, total_search_ops=10)
    add_evidence(s)
    return only(diagnose(s), kind, agent_id)['count']
