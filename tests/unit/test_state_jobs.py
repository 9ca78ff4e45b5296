# -*- coding: utf-8 -*-
"""State survives restarts and bad files; jobs run one at a time, report progress, stop."""
from __future__ import absolute_import, division, print_function

import threading

from pleximprovement import runtime
from pleximprovement.jobs import JobRunner
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


def test_job_runs_in_background_and_records_result(tmpdir):
    rt = make_runtime(tmpdir)
    state = StateStore(rt.store, rt.clock)
    runner = JobRunner(rt, state)
    gate = threading.Event()
    release = threading.Event()

    def work(job):
        job.progress(1, 4, 'files')
        gate.set()
        release.wait(5)
        return {'answer': 42}

    assert runner.start('aggregate', work) is True
    assert gate.wait(5)
    assert runner.running() == 'aggregate'
    assert runner.start('diagnose', work) is False  # one job at a time
    assert runner.progress_of('aggregate')['done'] == 1
    assert state.read()['jobs']['aggregate']['status'] == 'running'
    release.set()
    rt.tasks.cancel_all()
    info = state.read()['jobs']['aggregate']
    assert info['status'] == 'done' and info['result'] == {'answer': 42}
    assert runner.running() is None


def test_stop_and_failure_are_recorded(tmpdir):
    rt = make_runtime(tmpdir)
    state = StateStore(rt.store, rt.clock)
    runner = JobRunner(rt, state)
    started = threading.Event()

    def stoppable(job):
        started.set()
        while True:
            job.check_stop()
            rt.clock.sleep(0.01)

    runner.start('aggregate', stoppable)
    assert started.wait(5)
    assert runner.stop() == 'aggregate'
    rt.tasks.cancel_all()
    assert state.read()['jobs']['aggregate']['status'] == 'stopped'
    assert runner.stop() is None

    def broken(job):
        raise ValueError('bad log folder')

    runner.start('diagnose', broken)
    rt.tasks.cancel_all()
    info = state.read()['jobs']['diagnose']
    assert info['status'] == 'failed' and 'bad log folder' in info['error']


def test_running_job_of_a_dead_process_shows_as_interrupted(tmpdir):
    rt = make_runtime(tmpdir)
    state = StateStore(rt.store, rt.clock)
    state.update(lambda s: s['jobs'].update({'aggregate': {'status': 'running'}}))
    # A new process starts:
    state2 = StateStore(rt.store, rt.clock)
    assert JobRunner(rt, state2).recover_interrupted() == ['aggregate']
    assert state2.read()['jobs']['aggregate']['status'] == 'interrupted'
