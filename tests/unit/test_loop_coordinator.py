# -*- coding: utf-8 -*-
"""The loop's coordinator against scripted services: every exit condition on its own, the
decision outcomes, kill-and-resume at every step ending with the same decisions, a damaged
newest state generation, one loop per data folder."""
from __future__ import absolute_import, division, print_function

import json
import socket
import threading

import pytest

from pleximprovement.jobs import StopRequested
from pleximprovement.loop import exits, files
from pleximprovement.loop.lock import AlreadyRunning, LoopLock
from pleximprovement.loop.record import LoopRecord
from pleximprovement.loop.session import run_session
from pleximprovement.read.snapshot import derive
from pleximprovement.names import DECISION_LOG, FINAL_REPORT, LOOP_STATE
from pleximprovement.runtime.store import FileStore

AGENT = 'com.plexapp.agents.example'


class Job(object):
    def __init__(self):
        self.stop_event = threading.Event()

    def check_stop(self):
        if self.stop_event.is_set():
            raise StopRequested()

    def progress(self, done, total, unit='', text=''):
        pass


class Killed(BaseException):
    """A process killed in the middle of a step (not an Exception: nothing catches it)."""


def snapshot(found, searches):
    return derive({'agents': {AGENT: {'search_ops_plugin': searches, 'titles_found': found,
                                      'title_failures': searches - found, 'plugin_lines': 10}}})


def proposal(fix_id, gain=0.3, params=None):
    return {'fix_id': fix_id, 'agent': AGENT, 'params': params or {}, 'expected_gain': gain,
            'addresses': ['F1'], 'alternative': False}


class Services(object):
    """Scripted phases: `rates` per aggregation [(found, searches)], `proposals` per diagnosis,
    `decisions` {fix_id: [trial decisions in order]}; `kill_at` (step, call number) raises Killed."""

    def __init__(self, rates, proposals, decisions, kill_at=None):
        self.rates = list(rates)
        self.proposals = proposals
        self.decisions = dict((k, list(v)) for k, v in decisions.items())
        self.kill_at = kill_at
        self.calls = {}
        self.rolled_back = []
        self.trials = []
        self.diagnoses = {}

    def hit(self, step):
        self.calls[step] = self.calls.get(step, 0) + 1
        if self.kill_at == (step, self.calls[step]):
            self.kill_at = None
            raise Killed()

    def aggregate(self, job):
        self.hit('aggregate')
        found, searches = self.rates[0] if len(self.rates) == 1 else self.rates.pop(0)
        return {'snapshot': snapshot(found, searches), 'reports': []}

    def diagnose(self, job, attempts):
        self.hit('diagnose')
        number = len(self.diagnoses) + 1
        self.diagnoses[number] = {'findings': [{'id': 'F1', 'kind': 'blocked', 'agent': AGENT, 'count': 5,
                                                'fix_ids': []}],
                                  'fixes': [dict(p) for p in self.proposals]}
        return {'iteration': number, 'diagnosis': self.diagnoses[number], 'reports': []}

    def load_diagnosis(self, number):
        self.hit('load')
        return self.diagnoses[number]

    def preview(self, agent, fix_id, params):
        self.hit('implement')
        return params

    def trial(self, fix, diagnosis, progress, should_stop):
        self.hit('test')
        decision = self.decisions[fix['fix_id']].pop(0)
        self.trials.append((fix['fix_id'], decision))
        improved = {'KEEP': 6, 'ROLLBACK': 0, 'MONITOR': 2}[decision]
        return {'decision': decision, 'reason': 'scripted', 'p_value': 0.5 ** improved,
                'statistic': {'improved': improved, 'worsened': 0}, 'planned': 10, 'refreshes': 14,
                'refreshes_saved': 6, 'report': 'test_report_%s.md' % fix['fix_id'],
                'fix_state': 'not_applied' if decision == 'ROLLBACK' else 'applied', 'interrupted': None}

    def rollback(self, agent, fix_id):
        self.rolled_back.append(fix_id)

    def final_report(self, state, decisions):
        return FINAL_REPORT

    def log_error(self, text):
        pass


def run(tmpdir, services, limits=None, apply_fixes=True, resume=False, job=None):
    store = FileStore(str(tmpdir.join('DataItems')))
    record = LoopRecord(store, clock=lambda: 1000.0)
    return run_session(record, services, LoopLock(str(tmpdir)), limits or exits.Limits(),
                       lambda agent: True, apply_fixes, job or Job(), resume=resume)


def decisions_of(state):
    return [(f['fix_id'], f['decision']) for f in state['fixes_successful'] + state['fixes_failed']]


def test_keep_rollback_and_success_when_no_fix_is_left(tmpdir):
    services = Services([(5, 100)], [proposal('a'), proposal('b')], {'a': ['KEEP'], 'b': ['ROLLBACK']})
    state = run(tmpdir, services, exits.Limits(plateau_window=5))
    assert state['exit_condition'] == exits.SUCCESS
    assert decisions_of(state) == [('a', 'KEEP'), ('b', 'ROLLBACK')]
    assert [h['next_action'] for h in state['iteration_history'][:2]] == ['next_fix', 'next_fix']
    assert state['iteration_history'][0]['improvement'] == 60.0 and state['iteration_history'][1]['improvement'] == 0
    log = json.loads(FileStore(str(tmpdir.join('DataItems'))).load(DECISION_LOG).decode('utf-8'))
    assert [d['step'] for d in log['decisions']][-1] == 'exit'


def test_target_success_rate_reached(tmpdir):
    state = run(tmpdir, Services([(95, 100)], [proposal('a')], {}))
    assert state['exit_condition'] == exits.SUCCESS and state['iteration'] == 1


def test_plateau_after_two_iterations_without_gain(tmpdir):
    services = Services([(5, 100)], [proposal(x) for x in 'abc'], {'a': ['ROLLBACK'], 'b': ['ROLLBACK'],
                                                                   'c': ['KEEP']})
    state = run(tmpdir, services)
    assert state['exit_condition'] == exits.PLATEAU and state['iteration'] == 2


def test_diminishing_returns_when_the_best_fix_is_worth_little(tmpdir):
    state = run(tmpdir, Services([(5, 100)], [proposal('a', gain=0.01)], {}))
    assert state['exit_condition'] == exits.DIMINISHING_RETURNS and state['fixes_attempted'] == []


def test_max_iterations(tmpdir):
    services = Services([(5, 100)], [proposal(x) for x in 'abc'], {x: ['KEEP'] for x in 'abc'})
    state = run(tmpdir, services, exits.Limits(max_iterations=2))
    assert state['exit_condition'] == exits.MAX_ITERATIONS and state['iteration'] == 2


def test_regression_rolls_back_the_fixes_kept_since_the_last_good_iteration(tmpdir):
    services = Services([(50, 100), (50, 100), (20, 100)], [proposal('a'), proposal('b')],
                        {'a': ['KEEP'], 'b': ['KEEP']})
    state = run(tmpdir, services, exits.Limits(plateau_window=5))
    assert state['exit_condition'] == exits.REGRESSION
    assert services.rolled_back == ['b'] and state['fixes_successful'][1]['rolled_back'] == 'regression'


def test_critical_failure_is_named_and_resumable(tmpdir):
    class Broken(Services):
        def diagnose(self, job, attempts):
            raise IOError('disk gone')
    state = run(tmpdir, Broken([(5, 100)], [], {}))
    assert state['exit_condition'] == exits.CRITICAL_FAILURE and 'disk gone' in state['exit_text']
    assert state['status'] == 'stopped' and state['step'] == 'diagnose'


def test_stop_request(tmpdir):
    job = Job()
    job.stop_event.set()
    state = run(tmpdir, Services([(5, 100)], [proposal('a')], {}), job=job)
    assert state['exit_condition'] == exits.STOP_REQUESTED and state['step'] == 'aggregate'


def test_automatic_fixes_off_only_proposes(tmpdir):
    services = Services([(5, 100)], [proposal('a')], {'a': ['KEEP']})
    state = run(tmpdir, services, apply_fixes=False)
    assert state['exit_condition'] == exits.PROPOSALS_ONLY and services.trials == []


def test_monitor_is_retested_after_the_other_proposals_and_rolled_back_if_still_unclear(tmpdir):
    services = Services([(5, 100)], [proposal('a'), proposal('b')],
                        {'a': ['MONITOR', 'MONITOR'], 'b': ['KEEP']})
    state = run(tmpdir, services, exits.Limits(plateau_window=5))
    assert services.trials == [('a', 'MONITOR'), ('b', 'KEEP'), ('a', 'MONITOR')]
    assert 'a' in services.rolled_back and state['iteration_history'][2]['next_action'] == 'manual_review'


def test_a_fix_is_never_retried_with_the_same_parameters(tmpdir):
    services = Services([(5, 100)], [proposal('a')], {'a': ['ROLLBACK']})
    state = run(tmpdir, services, exits.Limits(plateau_window=5))
    assert services.trials == [('a', 'ROLLBACK')] and state['exit_condition'] == exits.SUCCESS


@pytest.mark.parametrize('step', ['aggregate', 'diagnose', 'implement', 'test', 'load'])
def test_killed_during_each_step_resumes_to_the_same_decisions(tmpdir, step):
    script = ([(5, 100)], [proposal('a'), proposal('b'), proposal('c')],
              {'a': ['KEEP'], 'b': ['ROLLBACK'], 'c': ['KEEP']})
    straight = run(tmpdir.mkdir('straight'), Services(*script), exits.Limits(plateau_window=5))
    folder = tmpdir.mkdir('killed')
    services = Services(*script, kill_at=(step, 2))
    with pytest.raises(Killed):
        run(folder, services, exits.Limits(plateau_window=5))
    assert LoopRecord(FileStore(str(folder.join('DataItems')))).load()['status'] == 'running'
    services.decisions = {'a': ['KEEP'], 'b': ['ROLLBACK'], 'c': ['KEEP']}
    for fix_id, decision in services.trials:
        services.decisions[fix_id].remove(decision)
    resumed = run(folder, services, resume=True)
    assert decisions_of(resumed) == decisions_of(straight)
    assert resumed['exit_condition'] == straight['exit_condition'] == exits.SUCCESS


def test_the_newest_generation_damaged_loads_the_one_before(tmpdir):
    store = FileStore(str(tmpdir))
    for number in range(3):
        files.save(store, LOOP_STATE, {'schema': 1, 'n': number})
    with open(store.path(LOOP_STATE), 'wb') as handle:
        handle.write(b'{"schema": 1, "n": 2, trunc')
    document, damaged = files.load_newest(store, LOOP_STATE, 1)
    assert document['n'] == 1 and damaged == [LOOP_STATE]


def test_a_second_loop_on_the_same_data_folder_is_refused_with_since_when(tmpdir):
    first = LoopLock(str(tmpdir), clock=lambda: 1796410000.0)
    first.acquire()
    with pytest.raises(AlreadyRunning) as refused:
        LoopLock(str(tmpdir)).acquire()
    assert 'already running since 2026-' in str(refused.value)
    first.release()
    LoopLock(str(tmpdir)).acquire()


def test_a_lock_left_by_a_dead_process_is_taken_over(tmpdir):
    with open(str(tmpdir.join('loop.lock')), 'w') as handle:
        json.dump({'pid': 2 ** 22 + 12345, 'host': socket.gethostname(), 'started': 1.0}, handle)
    LoopLock(str(tmpdir)).acquire()
