# -*- coding: utf-8 -*-
"""The fix pages driven through the bundle's routes in the emulator, and one whole round: the sample
agent fails with 403s against the fake site, PlexImprovement aggregates, diagnoses, shows the next fix
(browser_headers) with its diff, applies it after the confirmation, the agent restarts (Info.plist
touched, as PMS does) and its searches find the titles; rolled back, the agent is byte for byte as it
was."""
from __future__ import absolute_import, division, print_function

import io
import os
import shutil
import threading
import time

import pytest

from harness import plexemu
from harness.pmssim import catalogue, fakesite
from harness.pmssim.plugins import SAMPLE_AGENT_BUNDLE, SAMPLE_AGENT_ID
from pleximprovement.fixes import overlay
from pleximprovement.names import PREFIX
from pleximprovement.runtime.paths import ServerLayout

BUNDLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      'PlexImprovement.bundle')
BACK = 'Back to the main menu'
OWNER = 'owner-token'     # PLEXTOKEN of the plug-in process; requests carry it as Kitana's would (menu/guard.py)


def snapshot(root):
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with io.open(path, 'rb') as handle:
                found[os.path.relpath(path, root)] = handle.read()
    return found


def page(emulator, path):
    response = emulator.request(PREFIX + path if not path.startswith(PREFIX) else path,
                                headers={'X-Plex-Token': OWNER})
    assert response.status == 200, response.body[:500]
    root = response.xml()
    entries = root.findall('Directory')
    assert entries and entries[-1].get('title') == BACK and entries[-1].get('key') == PREFIX, path
    return root, entries


def titles(entries):
    return [e.get('title') for e in entries]


def idle(emulator, wait_for):
    return wait_for(lambda: titles(page(emulator, '/status')[1])[0] == 'Nothing is running', timeout=60)


class PlexRestarts(object):
    """What PMS does for a plug-in whose Info.plist was touched: restart it (plex-runtime.md 7.4)."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.plist = os.path.join(emulator.bundle_path, 'Contents', 'Info.plist')
        self.seen = os.stat(self.plist).st_mtime
        self.restarts = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.watch)
        self.thread.daemon = True
        self.thread.start()

    def watch(self):
        while not self.done.wait(0.05):
            mtime = os.stat(self.plist).st_mtime
            if mtime != self.seen:
                self.seen = mtime
                self.emulator.reload()
                self.restarts += 1

    def stop(self):
        self.done.set()
        self.thread.join(5)


@pytest.fixture
def server(tmpdir):
    """A server folder with a copy of the sample agent, its site_url pointing at a fake site whose bot
    check answers every plain request 403."""
    app_support = str(tmpdir.join('Plex Media Server'))
    layout = ServerLayout(app_support).create()
    bundle = os.path.join(layout.plugins_dir, 'SampleAgent.bundle')
    shutil.copytree(SAMPLE_AGENT_BUNDLE, bundle)
    lib = catalogue.Catalogue(seed=3, size=120)
    site = fakesite.FakeSite(lib.site_entries, fakesite.SiteConfig.quiet(seed=3, challenge_rate=1.0))
    site.start()
    prefs = layout.preferences_file(SAMPLE_AGENT_ID)
    os.makedirs(os.path.dirname(prefs))
    with io.open(prefs, 'wb') as handle:
        handle.write(('<PluginPreferences><site_url>%s</site_url></PluginPreferences>' % site.base_url).encode('utf-8'))
    running = []
    yield {'app_support': app_support, 'bundle': bundle, 'lib': lib, 'site': site, 'running': running}
    for emu in running:
        emu.stop()
    site.stop()


def start(server, bundle):
    emu = plexemu.Emulator(bundle, server['app_support'], env={'PLEXTOKEN': OWNER})
    server['running'].append(emu)
    return emu.start()


def hits(lib):
    return [i for i in lib.items if i.naive_query_matches and i.shape == 'plain'][:4]


def search(agent, item):
    found = {'name': item.scanned_title}
    if item.scanned_year:
        found['year'] = str(item.scanned_year)
    return [r['id'] for r in agent.agent_search(found)]


def agent_log(agent):
    with io.open(agent.log_path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace')


def test_the_next_fix_removes_the_403s_and_rolls_back_byte_for_byte(server, wait_for):
    original = snapshot(server['bundle'])
    agent = start(server, server['bundle'])
    items = hits(server['lib'])
    assert all(search(agent, item) == [] for item in items)
    assert agent_log(agent).count('HTTP Error 403') >= len(items)

    plex = start(server, BUNDLE)
    restarts = PlexRestarts(agent)
    try:
        for action in ('/aggregate', '/diagnose'):
            assert page(plex, action)[0].get('header') == 'Started'
            assert idle(plex, wait_for)
        root, entries = page(plex, '/fixes/next')
        assert root.get('header') == 'Browser-like request headers (browser_headers) for SampleAgent.bundle'
        shown = titles(entries)
        assert shown[0] == 'Apply Browser-like request headers to SampleAgent.bundle now (a backup is made first)'
        assert 'Changes Contents/Code/__init__.py' in shown and '+' + overlay.IMPORT_LINE in shown
        assert snapshot(server['bundle']) == original

        root, entries = page(plex, entries[0].get('key'))
        assert root.get('header') == 'Are you sure?' and 'confirm=1' in entries[0].get('key')
        assert snapshot(server['bundle']) == original
        time.sleep(1.1)   # the restart check reads log times in whole seconds: no start in the touch's second
        root, entries = page(plex, entries[0].get('key'))
        assert root.get('header') == 'Started'
        assert idle(plex, wait_for) and wait_for(lambda: restarts.restarts == 1)
        _, status = page(plex, '/status')
        assert any(t.startswith('Applying a fix: finished') for t in titles(status)), titles(status)
        assert all(search(agent, item) == [item.site.site_id] for item in items)
        log = agent_log(agent)
        assert 'HTTP Error 403' not in log and 'PlexImprovement overlay active: browser_headers' in log

        _, entries = page(plex, '/fixes/applied')
        shown = titles(entries)
        assert shown[0].startswith('Last: browser_headers applied to SampleAgent.bundle at ')
        assert shown[0].endswith('restart confirmed')
        view = [e for e in entries if e.get('title').startswith('Browser-like request headers (browser_headers)')]
        _, entries = page(plex, view[0].get('key'))
        assert titles(entries)[0] == 'Roll back browser_headers on SampleAgent.bundle'
        root, entries = page(plex, entries[0].get('key'))
        assert root.get('header') == 'Are you sure?'
        assert titles(entries)[:2] == ['Yes, roll back browser_headers on SampleAgent.bundle', 'No, change nothing']
        assert snapshot(server['bundle']) != original
        time.sleep(1.1)
        page(plex, entries[0].get('key'))
        assert idle(plex, wait_for) and wait_for(lambda: restarts.restarts == 2)
        assert titles(page(plex, '/fixes/applied')[1])[0].endswith('restart confirmed')
    finally:
        restarts.stop()
    assert snapshot(server['bundle']) == original
    assert search(agent, items[0]) == [] and 'HTTP Error 403' in agent_log(agent)


def test_fix_pages_answer_with_objects_before_anything_was_diagnosed(server):
    plex = start(server, BUNDLE)
    root, entries = page(plex, '/fixes/next')
    assert root.get('header') == 'No diagnosis yet' and titles(entries)[0] == 'Diagnose now'
    _, entries = page(plex, '/fixes/applied')
    assert titles(entries)[0] == 'No fix is applied: choose Apply next fix'
    root, _ = page(plex, '/fixes/preview?fix=browser_headers&agent=SampleAgent&params=%7Bbroken')
    assert root.get('header') == 'Not done'
    root, _ = page(plex, '/fixes/applied/view?agent=SampleAgent&fix=browser_headers&extra=ignored')
    assert root.get('header') == 'Not done' and 'not applied' in root.get('message')
    root, _ = page(plex, '/fixes/rollback/run?agent=Nowhere')
    assert root.get('header') == 'Not done'


def test_a_custom_fix_through_the_menu(server, wait_for):
    plex = start(server, BUNDLE)
    folder = os.path.join(os.path.dirname(plex.data_dir), 'custom_fixes')
    os.makedirs(folder)
    with io.open(os.path.join(folder, 'timeout8.diff'), 'wb') as handle:
        handle.write(b'Title: Longer request timeout\nAgent: com.plexapp.agents.sampleagent\n'
                     b'--- a/Contents/Code/__init__.py\n+++ b/Contents/Code/__init__.py\n@@ -9,1 +9,1 @@\n'
                     b'-REQUEST_TIMEOUT = 4\n+REQUEST_TIMEOUT = 8\n')
    original = snapshot(server['bundle'])
    _, entries = page(plex, '/fixes/next')
    offered = [e for e in entries if e.get('title').startswith('Custom fix custom:timeout8: Longer request timeout')]
    _, entries = page(plex, offered[0].get('key'))
    assert '+REQUEST_TIMEOUT = 8' in titles(entries)
    _, entries = page(plex, entries[0].get('key'))       # Are you sure?
    page(plex, entries[0].get('key'))
    assert idle(plex, wait_for)
    with io.open(os.path.join(server['bundle'], 'Contents', 'Code', '__init__.py'), 'rb') as handle:
        assert b'\nREQUEST_TIMEOUT = 8\n' in handle.read()
    _, entries = page(plex, '/fixes/applied')
    every = [e for e in entries if e.get('title') == 'Roll back every fix on SampleAgent.bundle']
    _, entries = page(plex, every[0].get('key'))
    page(plex, entries[0].get('key'))
    assert idle(plex, wait_for)
    assert snapshot(server['bundle']) == original
