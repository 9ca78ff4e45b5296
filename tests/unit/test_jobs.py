# -*- coding: utf-8 -*-
"""Jobs run one at a time in the background, report progress, stop, and survive a restart as interrupted."""
from __future__ import absolute_import, division, print_function

import threading

from pleximprovement import runtime
from pleximprovement.jobs import JobRunner
from pleximprovement.state import StateStore


def make_runtime(tmpdir):
    return runtime.local_runtime(str(tmpdir))


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
