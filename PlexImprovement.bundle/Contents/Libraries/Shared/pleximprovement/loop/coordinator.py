# -*- coding: utf-8 -*-
"""The loop: iterations of aggregate -> diagnose -> implement -> test -> decide, until a named exit.

In: a LoopRecord (record.py: the state, decision log and audit trail), the services the steps
call (services.py, or a fake in tests), the Limits (exits.py), `allowed(agent)` (the agents the
loop may fix), a job (jobs.Job or the command line's: check_stop(), progress(), stop_event) and
`say(line)`, called with one line per step. Out: run() -> the final state, saved after every
step; the post-mortem written at the end (services.final_report).

Every step runs from what the state holds, so a restart at any moment resumes at the step that
was running (`state['step']`): aggregate and diagnose run again; implement chooses the same fix
(the diagnosis is stored by number in `work`); test runs the trial again (a fix left applied is
rolled back for the new baseline by the trial itself); decide only reads the stored trial.
A step that raises ends the loop with critical_failure, a stop request with stop_requested;
both keep the step, so the next run continues there. The exits and the decision outcomes are
described in exits.py and choose.py.
"""
from __future__ import absolute_import, division, print_function

import traceback

from . import choose, exits, metrics
from .record import FINISHED, RUNNING, STOPPED
from ..fixes.errors import Refused
from ..jobs import StopRequested
from ..trial.decide import KEEP, MONITOR, ROLLBACK
from ..trial.runner import TrialRefused

STEPS = ('aggregate', 'diagnose', 'implement', 'test', 'decide')
SERVER_FAILURES = ('token_refused', 'server_unreachable', 'server_timeout', 'server_error')
FAILED_TO_APPLY = ('fix_refused', 'agent_did_not_start')


def fix_text(fix):
    return '%s on %s' % (fix['fix_id'], fix['agent'])


def trial_summary(result):
    """What the state keeps of a trial result (the whole result is in its report)."""
    stat = result.get('statistic') or {}
    return {'decision': result.get('decision'), 'reason': result.get('reason'), 'p_value': result.get('p_value'),
            'improved': stat.get('improved', 0), 'worsened': stat.get('worsened', 0),
            'pairs': result.get('planned', 0), 'refreshes': result.get('refreshes', 0),
            'refreshes_saved': result.get('refreshes_saved', 0), 'report': result.get('report'),
            'fix_state': result.get('fix_state'), 'interrupted': result.get('interrupted'),
            'error': result.get('error')}


class Coordinator(object):
    """One loop session's steps (see the module docstring)."""

    def __init__(self, record, services, limits, allowed, job, say=None):
        self.record = record
        self.services = services
        self.limits = limits
        self.allowed = allowed
        self.job = job
        self.say = say or (lambda line: None)

    @property
    def state(self):
        return self.record.state

    # ------------------------------------------------------------------ driving
    def run(self):
        """Run steps until the state is no longer running; then write the post-mortem."""
        while self.state['status'] == RUNNING:
            if self.state['step'] is None:
                self.begin_iteration()
            step = self.state['step']
            try:
                self.job.check_stop()
                getattr(self, 'step_' + step)()
            except StopRequested:
                self.exit(exits.STOP_REQUESTED, 'stopped on request during %s' % (step,))
            except Exception as error:  # noqa: BLE001 - any failure of a step ends the loop, named
                self.services.log_error('Loop step %s failed: %s' % (step, traceback.format_exc()))
                self.exit(exits.CRITICAL_FAILURE, '%s failed: %s: %s' % (step, type(error).__name__, error))
            self.record.save()
        self.state['report'] = self.services.final_report(self.state, self.record.decisions)
        self.record.save()
        return self.state

    def progress(self, text):
        self.job.progress(self.state['iteration'], self.state['max_iterations'], 'iterations', text)

    def step_line(self, step, text):
        line = 'iteration %d %s: %s' % (self.state['iteration'], step, text)
        self.say(line)
        self.progress(line)

    def begin_iteration(self):
        state = self.state
        state['iteration'] += 1
        state['iteration_history'].append({
            'iteration': state['iteration'], 'started': self.record.clock(), 'finished': None, 'metrics': None,
            'improvement': None, 'rate_change': None, 'findings': None, 'fix': None, 'decision': None,
            'next_action': None,
            'reports': []})
        state['work'] = {}
        state['step'] = 'aggregate'

    def exit(self, name, text):
        state = self.state
        state['exit_condition'] = name
        state['exit_text'] = text
        state['status'] = STOPPED if name in exits.RESUMABLE else FINISHED
        state['finished'] = self.record.clock()
        if name not in exits.RESUMABLE:
            state['step'] = None
            self.roll_back_unproven()
        if state['iteration_history'] and state['iteration_history'][-1]['finished'] is None:
            state['iteration_history'][-1]['finished'] = state['finished']
        self.record.decide('exit', name, text)
        self.say('exit: %s (%s)' % (name, text))

    def check(self, found):
        """Exit when an exit condition was found; True when the loop goes on."""
        if found is None:
            return True
        self.exit(found[0], found[1])
        return False

    # ------------------------------------------------------------------ the steps
    def step_aggregate(self):
        state = self.state
        entry = self.record.history()
        out = self.services.aggregate(self.job)
        numbers = metrics.metrics_of(out['snapshot'], self.allowed, self.record.clock())
        previous = state['iteration_history'][-2]['metrics'] if len(state['iteration_history']) > 1 else None
        entry['metrics'] = numbers
        entry['rate_change'] = metrics.improvement(previous, numbers)
        entry['reports'].extend(out['reports'])
        state['current_metrics'] = numbers
        if state['baseline_metrics'] is None:
            state['baseline_metrics'] = numbers
            self.record.decide('aggregate', 'baseline', 'the first aggregation is the baseline',
                               success_rate=numbers['success_rate'], searches=numbers['total_search_ops'])
        self.step_line('aggregate', '%d searches, %d found, success rate %s, %d URL errors%s' % (
            numbers['total_search_ops'], numbers['titles_found'], rate_text(numbers['success_rate']),
            numbers['url_errors'],
            '' if entry['rate_change'] is None else ' (%+.2f points)' % (entry['rate_change'],)))
        state['step'] = 'diagnose'
        found = exits.regression(state)
        if found is not None:
            self.roll_back_since(exits.last_good_iteration(state))
            self.exit(found[0], found[1])
            return
        self.check(exits.target_reached(state, self.limits))

    def step_diagnose(self):
        state = self.state
        entry = self.record.history()
        out = self.services.diagnose(self.job, choose.attempts(state))
        diagnosis = out['diagnosis']
        state['work']['diagnosis'] = state['last_diagnosis'] = out['iteration']
        entry['findings'] = len(diagnosis['findings'])
        entry['reports'].extend(out['reports'])
        proposals = choose.untried(diagnosis, state, self.allowed)
        self.record.decide('diagnose', 'proposals', '%d finding(s), %d untried fix proposal(s)' % (
            len(diagnosis['findings']), len(proposals)), findings=len(diagnosis['findings']),
            proposals=[choose.key_of(p)[:2] for p in proposals])
        best = ''
        if proposals:
            best = ' (best: %s, expected gain %s)' % (fix_text(proposals[0]), proposals[0]['expected_gain'])
        count = len(diagnosis['findings'])
        self.step_line('diagnose', '%d findings, %d fixes to try%s' % (count, len(proposals), best))
        state['step'] = 'implement'
        if not state['apply_fixes']:
            self.exit(exits.PROPOSALS_ONLY, 'automatic fixes are off: %d fix(es) proposed, none applied; turn on '
                      '"Apply fixes automatically" in the Prefs to let the loop apply and test them'
                      % (len(proposals),))
            return
        if not proposals and not state['retest_queue']:
            self.exit(exits.SUCCESS, 'every fixable finding was addressed: no untried fix is left (%d kept)'
                      % (len(state['fixes_successful']),))
            return
        found = exits.diminishing_returns(proposals[0]['expected_gain'], self.limits) if proposals else None
        if found is not None and state['retest_queue']:
            state['work']['retests_only'] = True    # the proposals left are not worth it; the re-tests may be
            return
        self.check(found)

    def step_implement(self):
        state = self.state
        diagnosis = self.services.load_diagnosis(state['work']['diagnosis'])
        while True:
            fix, retest = choose.next_fix(diagnosis, state, self.allowed, state['work'].get('retests_only', False))
            if fix is None:
                self.exit(exits.SUCCESS, 'every fixable finding was addressed: no untried fix is left (%d kept)'
                          % (len(state['fixes_successful']),))
                return
            chosen = {'fix_id': fix['fix_id'], 'agent': fix['agent'], 'params': fix.get('params') or {},
                      'iteration': state['iteration'], 'decision': None, 'p_value': None, 'improved': 0,
                      'worsened': 0, 'pairs': 0, 'report': None, 'reason': None,
                      'expected_gain': fix.get('expected_gain')}
            try:
                if not retest:
                    chosen['params'] = self.services.preview(fix['agent'], fix['fix_id'], chosen['params'])
            except Refused as error:
                chosen['reason'] = 'refused: %s' % (error,)
                state['fixes_attempted'].append(chosen)
                state['fixes_failed'].append(chosen)
                self.record.decide('implement', 'refused', chosen['reason'], fix=choose.key_of(chosen)[:2])
                self.step_line('implement', '%s refused: %s' % (fix_text(chosen), error))
                continue
            if retest:
                state['retest_queue'].pop(0)
                chosen['iteration'] = fix['iteration']
            else:
                state['fixes_attempted'].append(chosen)
            chosen['retest'] = retest
            state['work']['fix'] = chosen
            self.record.history()['fix'] = chosen
            why = 'MONITOR last time: the same fix again' if retest else 'the best untried proposal'
            self.record.decide('implement', 'retest' if retest else 'chosen', why, fix=choose.key_of(chosen)[:2],
                               params=chosen['params'], expected_gain=chosen['expected_gain'])
            self.step_line('implement', '%s %s' % ('re-testing' if retest else 'chose', fix_text(chosen)))
            state['step'] = 'test'
            return

    def step_test(self):
        state = self.state
        fix = state['work']['fix']
        diagnosis = self.services.load_diagnosis(state['work']['diagnosis'])

        def progress(phase, done, total):
            self.progress('iteration %d test: %s %s, item %d of %d' % (state['iteration'], fix_text(fix), phase,
                                                                       done, total))
        try:
            result = self.services.trial(fix, diagnosis, progress, self.job.stop_event.is_set)
        except (TrialRefused, Refused) as error:
            result = {'decision': None, 'reason': 'cannot_test', 'error': u'%s' % (error,)}
        summary = trial_summary(result)
        if result.get('change'):
            self.record.event('file_change', 'applied %s' % (fix_text(fix),), change=result['change'])
        interrupted = (summary['interrupted'] or {}).get('reason')
        if interrupted == 'stopped':
            raise StopRequested()
        if interrupted in SERVER_FAILURES:
            self.exit(exits.CRITICAL_FAILURE, 'the trial of %s could not reach the server: %s'
                      % (fix_text(fix), summary['interrupted']['detail']))
            return
        state['work']['trial'] = summary
        self.step_line('test', '%s: %s (%s), improved %d, worsened %d of %d pairs, p = %s, %d refreshes (%d saved)'
                       % (fix_text(fix), summary['decision'], summary['reason'], summary['improved'],
                          summary['worsened'], summary['pairs'], p_text(summary['p_value']), summary['refreshes'],
                          summary['refreshes_saved']))
        state['step'] = 'decide'

    def step_decide(self):
        state = self.state
        fix = state['work']['fix']
        trial = state['work']['trial']
        diagnosis = self.services.load_diagnosis(state['work']['diagnosis'])
        decision = trial['decision']
        if (trial['interrupted'] or {}).get('reason') in FAILED_TO_APPLY:
            decision = None
            trial['error'] = trial['interrupted']['detail']
        action, text = choose.next_action(dict(trial, decision=decision), fix, diagnosis, state, self.allowed)
        fix.update(decision=decision, p_value=trial['p_value'], improved=trial['improved'],
                   worsened=trial['worsened'], pairs=trial['pairs'], report=trial['report'],
                   reason=trial['reason'] if decision else trial.get('error'))
        if decision == KEEP:
            state['fixes_successful'].append(fix)
        elif decision == MONITOR and action == choose.WAIT_AND_RETEST:
            state['fixes_monitored'].append(fix)
            state['retest_queue'].append(dict(fix, decision=None))
        else:
            if decision == MONITOR and trial['fix_state'] == 'applied':
                self.services.rollback(fix['agent'], fix['fix_id'])
                self.record.event('file_change', 'rolled back %s (no clear evidence)' % (fix_text(fix),))
            elif decision == ROLLBACK:
                self.record.event('file_change', 'rolled back %s (trial decision)' % (fix_text(fix),))
            state['fixes_failed'].append(fix)
        entry = self.record.history()
        entry.update(decision=decision, next_action=action, finished=self.record.clock(),
                     improvement=metrics.trial_gain(trial) if decision == KEEP else 0.0)
        self.record.decide('decide', decision or 'none', text, next_action=action, fix=choose.key_of(fix)[:2],
                           p_value=trial['p_value'], improved=trial['improved'], worsened=trial['worsened'],
                           pairs=trial['pairs'], report=trial['report'])
        self.step_line('decide', '%s -> %s: %s' % (decision or 'no decision', action, text))
        state['step'] = None
        if self.check(exits.plateau(state, self.limits)):
            self.check(exits.max_iterations(state, self.limits))

    def roll_back_unproven(self):
        """At a final exit, the fixes still waiting for a re-test come off: nothing unproven stays."""
        while self.state['retest_queue']:
            fix = self.state['retest_queue'].pop(0)
            try:
                self.services.rollback(fix['agent'], fix['fix_id'])
            except Refused as error:
                self.record.event('file_change', 'could not roll back %s: %s' % (fix_text(fix), error))
                continue
            fix.update(decision=MONITOR, reason='rolled back at the exit: never proven')
            self.state['fixes_failed'].append(fix)
            self.record.event('file_change', 'rolled back %s (unproven at the exit)' % (fix_text(fix),))

    # ------------------------------------------------------------------ regression
    def roll_back_since(self, good_iteration):
        """Roll back every fix kept in iteration `good_iteration` or later (newest first): an
        iteration's metrics are measured before its own fix, so those came after the last good one."""
        for fix in reversed(self.state['fixes_successful']):
            if fix['iteration'] >= good_iteration and not fix.get('rolled_back'):
                self.services.rollback(fix['agent'], fix['fix_id'])
                fix['rolled_back'] = 'regression'
                self.record.event('file_change', 'rolled back %s (regression)' % (fix_text(fix),))
                self.record.decide('regression', 'rollback', 'kept after the metrics of iteration %d, the last '
                                   'without regression' % (good_iteration,), fix=choose.key_of(fix)[:2])


def p_text(p_value):
    """A p-value as the same text on Python 2.7 and 3 ('%s' of a float differs between them)."""
    return 'none' if p_value is None else '%.4g' % (p_value,)


def rate_text(rate):
    return 'unknown (no search with a known outcome)' if rate is None else '%.2f %%' % (rate,)
