# -*- coding: utf-8 -*-
"""The fix pages as the App answers them: the next fix with its diff and a confirmation, applying and
rolling back as jobs, skipped proposals with their reason, custom fixes offered, titles made safe."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import shutil
import time

import pytest

from fix_trees import SAMPLE_AGENT, differences, snapshot
from pleximprovement import runtime
from pleximprovement.fixes import overlay
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.target import find_target
from pleximprovement.menu import app as app_module
from pleximprovement.menu.guard import ask
from pleximprovement.menu import fixes as fix_pages
from pleximprovement.menu import strings
from pleximprovement.names import DIAGNOSTIC_JSON

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
SAMPLE = 'com.plexapp.agents.sampleagent'
OWNER = 'owner-token'
YES = ask(OWNER, '1')           # the owner's request, confirmed
ASKING = ask(OWNER, None)       # the owner's request, not yet confirmed


def proposal(fix_id, agent=SAMPLE, params=None, rank=1):
    return {'fix_id': fix_id, 'agent': agent, 'params': params or {}, 'rank': rank,
            'rationale': 'addresses blocked x3'}


def make_app(tmpdir, proposals=None, **prefs):
    app_support = str(tmpdir.join('Plex Media Server'))
    shutil.copytree(SAMPLE_AGENT, os.path.join(app_support, 'Plug-ins', 'SampleAgent.bundle'))
    application = app_module.App(runtime.local_runtime(app_support, prefs=prefs, bundle_path=BUNDLE, token=OWNER))
    if proposals is not None:
        application.rt.store.save_json(DIAGNOSTIC_JSON % 1, {'fixes': proposals})
        application.state.add_history('diagnose', {'iteration': 1, 'time': 0, 'findings': 1, 'fixes': len(proposals)})
    return application


def titles(view):
    return [e['title'] for e in view['entries']]


def wait_idle(application):
    deadline = time.time() + 20
    while application.jobs.running() is not None and time.time() < deadline:
        time.sleep(0.02)
    return application.jobs.running() is None


def ends_with_back(view):
    return view['entries'] and view['entries'][-1]['title'] == 'Back to the main menu' and view['entries'][-1][
        'path'] == ''


def plugins(application):
    return application.rt.paths.plugins_dir


def test_main_menu_points_at_the_fix_pages(tmpdir):
    paths = dict(app_module.MENU)
    assert paths['MENU_APPLY_FIX'] == '/fixes/next' and paths['MENU_APPLIED_FIXES'] == '/fixes/applied'


def test_without_a_diagnosis_it_says_diagnose_first(tmpdir):
    page = make_app(tmpdir).fixes.next_page()
    assert page['header'] == 'No diagnosis yet' and ends_with_back(page)
    assert page['entries'][0]['path'] == '/diagnose'


def test_next_fix_shows_the_files_and_the_diff_then_applies_and_rolls_back(tmpdir):
    application = make_app(tmpdir, [proposal('browser_headers')])
    before = snapshot(plugins(application))
    page = application.fixes.next_page()
    assert page['header'] == 'Browser-like request headers (browser_headers) for SampleAgent.bundle'
    assert page['message'] == 'addresses blocked x3' and ends_with_back(page)
    confirm = page['entries'][0]
    assert confirm['title'] == 'Apply Browser-like request headers to SampleAgent.bundle now (a backup is made first)'
    assert confirm['path'].startswith('/fixes/apply?')
    shown = titles(page)
    assert 'Changes Contents/Code/__init__.py' in shown
    assert 'Creates Contents/Libraries/Shared/pleximprovement_overlay.json' in shown
    assert '+' + overlay.IMPORT_LINE in shown
    assert snapshot(plugins(application)) == before     # showing changes nothing

    query = dict(pair.split('=', 1) for pair in confirm['path'].split('?', 1)[1].split('&'))
    started = application.fixes.apply('browser_headers', SAMPLE, json.dumps({}), YES)
    assert started['header'] == 'Started' and 'Applying the fix started' in started['message']
    assert 'params' in query
    assert wait_idle(application)
    job = application.state.read()['jobs']['fix_apply']
    assert job['status'] == 'done', job
    assert job['result']['restart'] == 'not confirmed'
    assert snapshot(plugins(application)) != before

    applied = application.fixes.applied_page()
    assert titles(applied)[0].startswith('Last: browser_headers applied to SampleAgent.bundle at ')
    entry = [e for e in applied['entries'] if e['title'].startswith('Browser-like request headers (browser_headers)')]
    assert entry and entry[0]['path'].startswith('/fixes/applied/view?')
    assert any(t == 'Roll back every fix on SampleAgent.bundle' for t in titles(applied)) and ends_with_back(applied)

    one = application.fixes.applied_view(SAMPLE, 'browser_headers')
    assert one['entries'][0]['title'] == 'Roll back browser_headers on SampleAgent.bundle'
    assert '+' + overlay.IMPORT_LINE in titles(one) and ends_with_back(one)

    confirm = application.fixes.rollback(SAMPLE, 'browser_headers', None, ASKING)
    assert confirm['header'] == 'Are you sure?' and ends_with_back(confirm)
    assert titles(confirm)[:2] == ['Yes, roll back browser_headers on SampleAgent.bundle', 'No, change nothing']
    assert confirm['entries'][0]['path'] == '/fixes/rollback/run?agent=%s&confirm=1&fix=browser_headers' % SAMPLE
    assert snapshot(plugins(application)) != before     # the confirmation page changes nothing
    assert application.fixes.rollback(SAMPLE, 'browser_headers', None, YES)['header'] == 'Started'
    assert wait_idle(application)
    assert application.state.read()['jobs']['fix_rollback']['status'] == 'done'
    assert snapshot(plugins(application)) == before, differences(before, snapshot(plugins(application)))
    assert titles(application.fixes.applied_page())[1] == 'No fix is applied: choose Apply next fix'


def test_rollback_all_goes_through_its_own_confirmation(tmpdir):
    application = make_app(tmpdir, [proposal('title_variants')])
    before = snapshot(plugins(application))
    application.fixes.apply('title_variants', SAMPLE, None, YES)
    assert wait_idle(application)
    application.fixes.apply('response_cache', SAMPLE, '{"ttl_hours": "6"}', YES)
    assert wait_idle(application)
    page = application.fixes.rollback(SAMPLE, None, '1', ASKING)
    assert page['entries'][0]['title'] == 'Yes, roll back every fix on SampleAgent.bundle'
    assert page['entries'][0]['path'] == '/fixes/rollback/run?agent=%s&confirm=1&every=1' % SAMPLE
    application.fixes.rollback(SAMPLE, None, '1', YES)
    assert wait_idle(application)
    assert snapshot(plugins(application)) == before
    assert titles(application.fixes.applied_page())[0].startswith('Last: every fix rolled back on SampleAgent.bundle')


def test_proposals_that_cannot_be_applied_are_skipped_with_the_reason(tmpdir):
    proposals = [proposal('browser_headers', 'com.example.absent'), proposal('agent_timeout_pref', rank=2),
                 proposal('retry_backoff', params={'max_entries': 5}, rank=3), proposal('network_timeout', rank=4)]
    application = make_app(tmpdir, proposals)
    page = application.fixes.next_page()
    assert page['header'] == 'Longer network timeout (network_timeout) for SampleAgent.bundle'
    skipped = [t for t in titles(page) if t.startswith('Skipped ')]
    assert len(skipped) == 3
    assert 'no bundle named or identified' in skipped[0]
    assert 'declares no timeout setting' in skipped[1] and 'network_timeout' in skipped[1]
    assert "has no parameter 'max_entries'" in skipped[2]


def test_an_agent_outside_the_allowed_ones_is_skipped(tmpdir):
    application = make_app(tmpdir, [proposal('browser_headers')], target_agents='com.example.other')
    page = application.fixes.next_page()
    assert page['header'] == 'No fix to apply now' and ends_with_back(page)
    assert 'not among the agents allowed' in titles(page)[0]


def test_refused_apply_fails_the_job_and_says_why(tmpdir):
    application = make_app(tmpdir, [proposal('browser_headers')])
    plist = os.path.join(plugins(application), 'SampleAgent.bundle', 'Contents', 'Info.plist')
    with io.open(plist, 'rb') as handle:
        data = handle.read()
    with io.open(plist, 'wb') as handle:
        handle.write(data.replace(b'Elevated', b'Standard'))
    assert 'Standard code policy' in titles(application.fixes.next_page())[0]
    application.fixes.apply('browser_headers', SAMPLE, '{}', YES)
    assert wait_idle(application)
    job = application.state.read()['jobs']['fix_apply']
    assert job['status'] == 'failed' and 'Standard code policy' in job['error']
    last = titles(application.fixes.applied_page())[0]
    assert last.startswith('Last: browser_headers on com.plexapp.agents.sampleagent at ') and 'was not done' in last


def write_custom(application, name, data):
    folder = os.path.join(application.fixes.data_dir, 'custom_fixes')
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(os.path.join(folder, name), 'wb') as handle:
        handle.write(data)


CUSTOM = (b'Title: Shorter timeout <script>\nAgent: SampleAgent\n--- a/Contents/Code/__init__.py\n'
          b'+++ b/Contents/Code/__init__.py\n@@ -8,3 +8,3 @@\n \n-REQUEST_TIMEOUT = 4\n+REQUEST_TIMEOUT = 8\n'
          b" SEARCH_PATH = '/search?q='\n")


def test_custom_fixes_are_offered_for_their_agent_and_applied(tmpdir):
    application = make_app(tmpdir, [])
    write_custom(application, 'timeout8.diff', CUSTOM)
    write_custom(application, 'nameless.diff', CUSTOM.replace(b'Agent: SampleAgent\n', b''))
    write_custom(application, 'broken.diff', b'nothing here\n')
    page = application.fixes.next_page()
    shown = titles(page)
    offered = [e for e in page['entries'] if e['title'].startswith('Custom fix custom:timeout8')]
    assert offered and '<' not in offered[0]['title'] and u'\u2039script\u203a' in offered[0]['title']
    assert any(t.startswith('Custom fix custom:nameless') and 'names no agent' in t for t in shown)
    assert any(t.startswith('Custom fix file broken.diff cannot be used') for t in shown)
    preview = application.fixes.preview_page('custom:timeout8', 'SampleAgent', None)
    assert '-REQUEST_TIMEOUT = 4' in titles(preview) and '+REQUEST_TIMEOUT = 8' in titles(preview)
    before = snapshot(plugins(application))
    application.fixes.apply('custom:timeout8', 'SampleAgent', '{}', YES)
    assert wait_idle(application)
    assert application.state.read()['jobs']['fix_apply']['status'] == 'done'
    init = os.path.join(plugins(application), 'SampleAgent.bundle', 'Contents', 'Code', '__init__.py')
    with io.open(init, 'rb') as handle:
        assert b'REQUEST_TIMEOUT = 8\n' in handle.read()
    application.fixes.rollback(SAMPLE, 'custom:timeout8', None, YES)
    assert wait_idle(application)
    assert snapshot(plugins(application)) == before


@pytest.mark.parametrize('params', ['{not json', '[1, 2]'])
def test_a_damaged_link_is_refused_with_a_way_back(tmpdir, params):
    application = make_app(tmpdir, [])
    page = application.fixes.preview_page('browser_headers', SAMPLE, params)
    assert page['header'] == 'Not done' and 'link is incomplete or damaged' in page['message'] and ends_with_back(page)


def test_unknown_agent_or_fix_pages_answer_with_objects(tmpdir):
    application = make_app(tmpdir, [])
    for page in (application.fixes.applied_view('com.example.absent', 'browser_headers'),
                 application.fixes.applied_view(SAMPLE, 'browser_headers'),
                 application.fixes.rollback('com.example.absent', 'x', None, YES),
                 application.fixes.preview_page('faster_internet', SAMPLE, None)):
        assert page['header'] == 'Not done' and len(page['entries']) == 2 and ends_with_back(page)


def test_every_string_the_fix_pages_pick_by_name_exists():
    table = strings.load_table('en')
    for key in list(fix_pages.FILE_KEYS.values()) + list(fix_pages.LAST_KEYS.values()):
        assert key in table
    for job in (fix_pages.JOB_APPLY, fix_pages.JOB_ROLLBACK):
        assert 'JOB_' + job.upper() in table and 'JOB_' + job.upper() + '_STARTED' in table


class Crash(BaseException):
    """The process dies between two file operations (BaseException: nothing catches it)."""


def test_start_finishes_or_undoes_a_change_a_crash_interrupted(tmpdir):
    application = make_app(tmpdir, [])
    before = snapshot(plugins(application))

    def crash(count, operation, path):
        if operation == 'rename' and path.endswith('__init__.py'):
            raise Crash()
    crashing = Installer(application.fixes.data_dir, plugins(application), ops=FileOps(before=crash))
    with pytest.raises(Crash):
        crashing.apply(find_target(plugins(application), 'SampleAgent', None), 'browser_headers')
    assert snapshot(plugins(application)) != before
    assert application.fixes.installer().status()['targets'][0]['open']
    application.start()
    try:
        assert application.fixes.installer().status()['targets'] == []
        assert snapshot(plugins(application)) == before
    finally:
        application.stop_all()
