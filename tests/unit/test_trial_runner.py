# -*- coding: utf-8 -*-
"""trial/runner.py with a scripted server and installer: the baseline, the fix, the refreshes after it
in Curtailment's order until the decision is settled (never a different decision than refreshing
every item: property test), ROLLBACK taking the fix off, KEEP and MONITOR leaving it, an applied
fix taken off for the baseline and put back after an interruption, every interruption a MONITOR
with its reason, and the report and efficacy saved."""
from __future__ import absolute_import, division, print_function

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from pleximprovement.fixes.efficacy import load_efficacy
from pleximprovement.pms import errors
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpResult
from pleximprovement.runtime.store import FileStore
from pleximprovement.trial.decide import decide
from pleximprovement.trial.refreshing import BackedOff
from pleximprovement.trial.runner import Options, Trial, TrialRefused

AGENT = u'com.example.agent'


class Server(object):
    """Sections and items: one section of `count` unmatched items."""

    def __init__(self, count):
        self.count = count

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        if '/all' in url:
            videos = b''.join(b'<Video ratingKey="%d" title="Film %d" guid="local://%d"/>' % (n, n, n)
                              for n in range(1, self.count + 1))
            return HttpResult(200, {}, b'<MediaContainer>' + videos + b'</MediaContainer>')
        return HttpResult(200, {}, b'<MediaContainer><Directory key="1" type="movie" title="Films" '
                                   b'agent="com.example.agent"/></MediaContainer>')


class Target(object):
    identifier = AGENT
    name = 'Example.bundle'
    caches_dir = '/nonexistent'


class Installer(object):
    def __init__(self, applied=None, refuse_apply=False):
        self.fixes = dict(applied or {})
        self.calls = []
        self.refuse_apply = refuse_apply

    def applied(self, target):
        return dict(self.fixes)

    def preview(self, target, fix_id, params=None):
        return {'params': dict(params or {}, level=1)}

    def apply(self, target, fix_id, params=None):
        self.calls.append(('apply', fix_id))
        self.fixes[fix_id] = params
        return {'rolled_back': None, 'change': 'c%d' % len(self.calls)}

    def rollback(self, target, fix_id):
        self.calls.append(('rollback', fix_id))
        del self.fixes[fix_id]
        return {}


class Refresher(object):
    """Scripted outcomes: script[(phase, rating_key)] -> True / False / None (not finished) or an exception."""

    def __init__(self, script, errors_after=()):
        self.script = script
        self.errors_after = errors_after
        self.done = []
        self.waited = 0.0

    def clear_cache(self):
        return 0

    def refresh(self, item, phase):
        key = item['rating_key']
        self.done.append((phase, key))
        value = self.script.get((phase, key), False)
        if isinstance(value, Exception):
            raise value
        found = list(self.errors_after) if phase == 'after' and value is False else []
        state = {True: 'success', False: 'unmatched', None: 'not_finished'}[value]
        outcome = {'success': value, 'state': state, 'guid_agent': None, 'fields': {},
                   'plausibility': {'plausible': None}, 'errors': found}
        return {'rating_key': key, 'phase': phase, 'finished': value is not None, 'signal': 'log', 'seconds': 0.1,
                'before': item, 'after': item, 'evidence': {'search_outcome': 'failed'}, 'contributor': None,
                'outcome': outcome}


def make_trial(tmpdir, script, count=8, installer=None, options=None, **kwargs):
    errors_after = kwargs.pop('errors_after', ())
    trial = Trial(PmsClient('http://pms:32400', 'secret-token', http=Server(count)), installer or Installer(),
                  Target(), 'browser_headers', FileStore(str(tmpdir)), str(tmpdir), options=options or Options(),
                  **kwargs)
    trial.refresher = Refresher(script, errors_after)
    return trial


def after(keys, value=True, more=None):
    script = dict((('after', u'%d' % k), value) for k in keys)
    script.update(more or {})
    return script


def test_a_fix_that_helps_is_kept_before_every_item_is_refreshed_again(tmpdir):
    installer = Installer()
    trial = make_trial(tmpdir, after([1, 2, 3, 4, 5]), installer=installer)
    result = trial.run()
    assert (result['decision'], result['reason']) == ('KEEP', 'significant')
    assert result['discordant'] == {'improved': 5, 'worsened': 0} and result['p_exact'] == '1/32'
    assert result['refreshes'] == 13 and result['refreshes_saved'] == 3 and result['refreshes_full'] == 16
    assert installer.calls == [('apply', 'browser_headers')] and result['fix_state'] == 'applied'
    assert result['params'] == {'level': 1}
    assert FileStore(str(tmpdir)).load_json('test_report_browser_headers_iteration_1.json')['decision'] == 'KEEP'
    assert load_efficacy(FileStore(str(tmpdir)))['browser_headers']['kept'] == 1


def test_a_fix_that_changes_nothing_is_rolled_back(tmpdir):
    installer = Installer()
    result = make_trial(tmpdir, {}, installer=installer).run()
    assert (result['decision'], result['reason']) == ('ROLLBACK', 'no_improvement')
    assert installer.calls == [('apply', 'browser_headers'), ('rollback', 'browser_headers')]
    assert result['fix_state'] == 'not_applied' and result['refreshes'] == 16


def test_a_new_error_on_too_many_items_rolls_back(tmpdir):
    script = after([1, 2, 3, 4, 5])
    result = make_trial(tmpdir, script, count=8, errors_after=['ImportError']).run()
    assert (result['decision'], result['reason']) == ('KEEP', 'significant')   # the failing ones came last
    script = after([6, 7, 8], more=after([1, 2, 3, 4, 5], False))
    result = make_trial(tmpdir.mkdir('b'), script, count=8, errors_after=['ImportError']).run()
    assert (result['decision'], result['reason']) == ('ROLLBACK', 'new_errors')
    assert result['new_errors'] == {'ImportError': 2}     # over the limit of 1 item: settled at once


def test_a_sample_too_small_is_decided_by_the_baseline_without_the_fix(tmpdir):
    installer = Installer()
    result = make_trial(tmpdir, {}, count=3, installer=installer).run()
    assert (result['decision'], result['reason']) == ('MONITOR', 'sample_too_small')
    assert installer.calls == [] and result['refreshes'] == 3 and result['refreshes_saved'] == 3


@pytest.mark.parametrize('failure, reason', [
    (errors.TokenRefused('refused', 'u', 'f', 401), 'token_refused'),
    (errors.ServerUnreachable('gone', 'u', 'f'), 'server_unreachable'),
    (errors.ServerTimeout('slow', 'u', 'f'), 'server_timeout'),
    (errors.ServerError('500', 'u', 'f', 500), 'server_error'),
    (BackedOff(900.0, set(['site:80'])), 'site_backoff'),
])
def test_an_interruption_after_the_fix_is_monitor_and_leaves_it_applied(tmpdir, failure, reason):
    installer = Installer()
    script = after([1, 2])
    script[('after', u'3')] = failure
    result = make_trial(tmpdir, script, installer=installer).run()
    assert (result['decision'], result['reason']) == ('MONITOR', reason)
    assert result['interrupted']['reason'] == reason and result['refreshes_saved'] == 0
    assert installer.calls == [('apply', 'browser_headers')] and result['fix_state'] == 'applied'
    assert [p['after']['success'] for p in result['pairs'] if p['after']] == [True, True]
    assert load_efficacy(FileStore(str(tmpdir)))['browser_headers']['monitored'] == 1


def test_an_applied_fix_is_taken_off_for_the_baseline_and_put_back_when_interrupted(tmpdir):
    installer = Installer({'browser_headers': {'level': 2}})
    script = {('before', u'4'): errors.ServerUnreachable('gone', 'u', 'f')}
    result = make_trial(tmpdir, script, installer=installer).run()
    assert result['reason'] == 'server_unreachable'
    assert installer.calls == [('rollback', 'browser_headers'), ('apply', 'browser_headers')]
    assert installer.fixes == {'browser_headers': {'level': 2}} and result['fix_state'] == 'applied'


def test_refreshes_that_do_not_finish(tmpdir):
    script = {('before', u'1'): None, ('before', u'2'): None, ('before', u'3'): None}
    result = make_trial(tmpdir, script).run()
    assert result['reason'] == 'refreshes_unfinished' and result['refreshes'] == 3
    script = after([1, 2, 3, 4, 5, 6], more={('before', u'8'): None, ('after', u'1'): None})
    result = make_trial(tmpdir.mkdir('b'), script).run()
    assert result['decision'] == 'KEEP' and result['planned'] == 6     # two pairs left the plan


def test_the_stop_switch(tmpdir):
    trial = make_trial(tmpdir, {}, should_stop=lambda: True)
    result = trial.run()
    assert result['reason'] == 'stopped' and result['refreshes'] == 0


def test_nothing_to_test_is_refused(tmpdir):
    with pytest.raises(TrialRefused):
        make_trial(tmpdir, {}, count=0).run()


def test_progress_reports_each_phase(tmpdir):
    seen = []
    make_trial(tmpdir, after([1, 2, 3, 4, 5]), progress=lambda phase, done, total: seen.append(phase)).run()
    assert [p for i, p in enumerate(seen) if i == 0 or seen[i - 1] != p] == ['items', 'before', 'apply', 'after']


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=12), st.integers(1, 4))
def test_stopping_early_never_changes_the_decision(tmpdir_factory, outcomes, batch):
    script = {}
    for index, (before, after_value) in enumerate(outcomes, 1):
        script[('before', u'%d' % index)] = before
        script[('after', u'%d' % index)] = after_value
    result = make_trial(tmpdir_factory.mktemp('t'), script, count=len(outcomes), options=Options(batch=batch)).run()
    improved = len([1 for b, a in outcomes if a and not b])
    worsened = len([1 for b, a in outcomes if b and not a])
    assert result['decision'] == decide(improved, worsened, len(outcomes))[0]
    assert result['refreshes'] + result['refreshes_saved'] == 2 * len(outcomes)
