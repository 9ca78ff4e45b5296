# -*- coding: utf-8 -*-
"""State survives restarts and bad files; the audit trail is bounded."""
from __future__ import absolute_import, division, print_function

from pleximprovement import runtime
from pleximprovement.names import STATE_ITEM
from pleximprovement.state import AUDIT_LIMIT, StateStore


def make_runtime(tmpdir):
    return runtime.local_runtime(str(tmpdir))


def test_state_persists_and_counts_generations(tmpdir):
    rt = make_runtime(tmpdir)
    state = StateStore(rt.store, rt.clock)
    assert state.next_counter('aggregate') == 1
    assert state.next_counter('aggregate') == 2
    state.add_history('aggregate', {'iteration': 2, 'totals': {}})
    again = StateStore(rt.store, rt.clock).read()
    assert again['counters']['aggregate'] == 2
    assert again['history']['aggregate'][0]['iteration'] == 2
    assert again['generation'] == 3
    assert again['audit'][-1]['event'] == 'aggregate_done'


def test_corrupt_state_is_kept_aside_not_overwritten(tmpdir):
    rt = make_runtime(tmpdir)
    rt.store.save(STATE_ITEM, b'{"half": ')
    state = StateStore(rt.store, rt.clock)
    asides = [n for n in rt.store.list('state.corrupt-')]
    assert len(asides) == 1 and rt.store.load(asides[0]) == b'{"half": '
    assert state.read()['audit'][0]['event'] == 'state_corrupt'


def test_newer_schema_is_kept_aside(tmpdir):
    rt = make_runtime(tmpdir)
    rt.store.save_json(STATE_ITEM, {'schema': 99, 'x': 1})
    StateStore(rt.store, rt.clock)
    assert rt.store.list('state.schema99-')


def test_older_document_gains_missing_keys(tmpdir):
    rt = make_runtime(tmpdir)
    rt.store.save_json(STATE_ITEM, {'schema': 1, 'generation': 5, 'jobs': {}})
    state = StateStore(rt.store, rt.clock).read()
    assert state['generation'] == 5 and state['counters'] == {'aggregate': 0, 'diagnose': 0}


def test_audit_trail_is_bounded(tmpdir):
    rt = make_runtime(tmpdir)
    state = StateStore(rt.store, rt.clock)
    for i in range(AUDIT_LIMIT + 7):
        state.audit('tick', n=i)
    data = state.read()
    assert len(data['audit']) == AUDIT_LIMIT and data['audit_dropped'] == 7
    assert data['audit'][-1]['n'] == AUDIT_LIMIT + 6
