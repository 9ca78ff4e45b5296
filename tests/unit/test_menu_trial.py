# -*- coding: utf-8 -*-
"""The trial pages as the App answers them: "Test applied fix" offers the applied fixes and the
proposals, a test runs as a job whose decision lands in the state's history and on Status, the
back-off windows show with a reset, and the contributor's state per library (or why it is unknown)."""
from __future__ import absolute_import, division, print_function

import os
import shutil
import socket
import time

from fix_trees import SAMPLE_AGENT
from pleximprovement import runtime
from pleximprovement.fixes import catalog
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.target import find_target
from pleximprovement.menu import app as app_module
from pleximprovement.menu.guard import ask
from pleximprovement.names import DIAGNOSTIC_JSON
from pleximprovement.trial.backoff import BackoffRegistry

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
SAMPLE = 'com.plexapp.agents.sampleagent'
OWNER = 'owner-token'
YES = ask(OWNER, '1')           # the owner's request, confirmed


def closed_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def make_app(tmpdir, proposals=(), **prefs):
    app_support = str(tmpdir.join('Plex Media Server'))
    shutil.copytree(SAMPLE_AGENT, os.path.join(app_support, 'Plug-ins', 'SampleAgent.bundle'))
    prefs.setdefault('server_url', 'http://127.0.0.1:%d' % closed_port())
    application = app_module.App(runtime.local_runtime(app_support, prefs=prefs, bundle_path=BUNDLE, token=OWNER))
    application.rt.store.save_json(DIAGNOSTIC_JSON % 1, {'fixes': [
        {'fix_id': fix_id, 'agent': agent} for fix_id, agent in proposals]})
    application.state.add_history('diagnose', {'iteration': 1, 'time': 0, 'findings': 1, 'fixes': len(proposals)})
    return application


def titles(view):
    return [e['title'] for e in view['entries']]


def wait_idle(application):
    deadline = time.time() + 30
    while application.jobs.running() is not None and time.time() < deadline:
        time.sleep(0.02)
    return application.jobs.running() is None


def test_main_menu_points_at_the_trial_page(tmpdir):
    entry = [e for e in make_app(tmpdir).main_menu()['entries'] if e['title'] == 'Test applied fix'][0]
    assert entry['path'] == '/trial'


def test_the_page_offers_applied_fixes_and_proposals(tmpdir):
    application = make_app(tmpdir, [('browser_headers', SAMPLE), ('title_variants', SAMPLE),
                                    ('browser_headers', 'com.other')], target_agents=SAMPLE)
    installer = Installer(application.trial.data_dir, application.rt.paths.plugins_dir)
    installer.apply(find_target(application.rt.paths.plugins_dir, SAMPLE, None), 'title_variants')
    page = application.trial.page()
    shown = titles(page)
    assert shown[0] == 'Test %s (title_variants), applied to SampleAgent.bundle' % catalog.get('title_variants').title
    assert shown[1].startswith('Test %s (browser_headers) on %s' % (catalog.get('browser_headers').title, SAMPLE))
    assert len([t for t in shown if t.startswith('Test ')]) == 2       # com.other is not an allowed agent
    assert page['entries'][1]['path'] == '/trial/run?agent=%s&fix=browser_headers' % SAMPLE
    assert shown[-2].startswith('Is PlexImprovement told about every refresh?')
    assert shown[-1] == 'Back to the main menu'


def test_nothing_to_test_points_at_the_fixes(tmpdir):
    shown = titles(make_app(tmpdir).trial.page())
    assert shown[0] == 'No fix is applied or proposed: choose Diagnose, then Apply next fix'


def test_a_test_runs_as_a_job_and_its_decision_shows_on_status(tmpdir):
    application = make_app(tmpdir)
    started = application.trial.run(SAMPLE, 'browser_headers', YES)
    assert started['header'] == 'Started'
    assert wait_idle(application)
    last = application.state.read()['history']['trial'][-1]
    assert (last['decision'], last['reason'], last['fix_state']) == ('MONITOR', 'server_unreachable', 'not_applied')
    status = titles(application.status())
    line = [t for t in status if t.startswith('Last test: MONITOR (server_unreachable) for browser_headers')]
    assert line and status[-1] == 'Back to the main menu'
    assert application.trial.run(None, 'x', YES)['header'] == 'Not done'


def test_a_refused_test_fails_the_job_with_the_reason(tmpdir):
    application = make_app(tmpdir, target_agents='com.other')
    application.trial.run(SAMPLE, 'browser_headers', YES)
    assert wait_idle(application)
    info = application.state.read()['jobs']['trial']
    assert info['status'] == 'failed' and 'not among the agents allowed' in info['error']


def test_back_off_windows_show_and_reset(tmpdir):
    application = make_app(tmpdir)
    BackoffRegistry(application.rt.store).note({'site.example:443': ['http 429']})
    line = [e for e in application.trial.page()['entries'] if e['title'].startswith('Backing off')][0]
    assert line['title'].startswith('Backing off site.example:443 for ') and '(http 429, 1 refreshes' in line['title']
    assert line['path'] == '/trial/backoff/reset?site=site.example%3A443'
    assert any(t.startswith('Backing off site.example:443') for t in titles(application.status()))
    asking = application.trial.reset_backoff('site.example:443', ask(OWNER, None))
    assert asking['header'] == 'Are you sure?' and 'site.example:443' in asking['message']
    assert asking['entries'][0]['path'] == '/trial/backoff/reset?confirm=1&site=site.example%3A443'
    assert any(t.startswith('Backing off site.example:443') for t in titles(application.trial.page()))
    done = application.trial.reset_backoff('site.example:443', YES)
    assert done['message'] == '1 back-off window(s) closed (site.example:443).'
    assert not any(t.startswith('Backing off') for t in titles(application.trial.page()))


def test_the_contributor_state_says_why_it_is_unknown_and_is_asked_once_a_minute(tmpdir):
    application = make_app(tmpdir)
    page = application.trial.contributor_page()
    unknown = 'Contributor state unknown: No Plex Media Server answers to GET http://127.0.0.1:'
    assert titles(page)[0].startswith(unknown)
    asked = application.trial.contributor_cache[0]
    application.trial.contributor_lines()
    assert application.trial.contributor_cache[0] == asked
