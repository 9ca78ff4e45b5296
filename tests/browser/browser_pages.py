# -*- coding: utf-8 -*-
"""`make test-browser`: the dashboard and every menu page as HTML, in a real headless Chromium.

Kept out of `make test` (its name is not test_*.py, so pytest collects it only when named, as
the Makefile does): it needs Debian's chromium. The fixture runs a demo-like set-up on
127.0.0.1: the simulated server with one library title made of `<script>` and Markdown, a
refresh of the whole library, PlexImprovement in the framework emulator, Aggregate logs and
Diagnose through its routes; the loop's files are seeded (loop_schema.md shapes) when no loop
has written them. Each page must load with no console error, no uncaught exception and no
request outside loopback; hostile text must show as text (no element made from it); a PNG of
each page goes to docs/screenshots/.
"""
from __future__ import absolute_import, division, print_function

import os
import re
import sys
import time

import pytest

from harness import plexemu
from harness.pmssim.catalogue import CatalogueItem
from harness.pmssim.server import SimServer
from pleximprovement.loop import files
from pleximprovement.names import DECISION_LOG, LOOP_STATE, PREFIX
from pleximprovement.pms import completion, library
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.paths import ServerLayout
from pleximprovement.runtime.store import FileStore

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'unit'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402  (beside this file, which is not a package)
from dashboard_inputs import decision_log, loop_state  # noqa: E402  (tests/unit: the unit tests' shapes)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLE = os.path.join(REPO, 'PlexImprovement.bundle')
SCREENSHOTS = os.path.join(REPO, 'docs', 'screenshots')
HOSTILE_TITLE = u'<script>document.title="pwned"</script> **Bold** _Movie_'
HOSTILE_FILE = u'<script>document.title=pwned<-script> **Bold** _Movie_ (2001).mkv'
LIBRARY_SIZE = 24
LOOPBACK = re.compile(r'^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|about:blank)')


def refresh_library(base_url, token):
    client = PmsClient(base_url, token)
    for section in library.sections(client):
        completion.refresh_section_and_wait(client, section['id'], force=True, deadline=600.0)


def wait_idle(emu, timeout=600.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        titles = [d.get('title') for d in emu.request(PREFIX + '/status').xml().iter('Directory')]
        if 'Nothing is running' in titles:
            return
        time.sleep(0.2)
    raise AssertionError('a job still runs after %ds' % timeout)


@pytest.fixture(scope='module')
def site(tmpdir_factory):
    binary = cdp.chromium_path()
    if binary is None:
        pytest.fail('no chromium: apt-get install -y chromium chromium-driver (or set CHROMIUM=/path)')
    app_support = os.path.join(str(tmpdir_factory.mktemp('browser')), 'Plex Media Server')
    ServerLayout(app_support).create()
    sim = SimServer(app_support, seed=7, library_size=LIBRARY_SIZE)
    # First in the library, so the diagnosis names it among the items it shows (reports cut lists).
    sim.catalogue.items.insert(0, CatalogueItem(0, HOSTILE_TITLE, 2001, HOSTILE_FILE, 'plain', 'year_paren', None))
    for index, item in enumerate(sim.catalogue.items):
        item.index = index
    url = sim.start()
    emu = browser = None
    try:
        refresh_library(url, sim.token)
        emu = plexemu.Emulator(BUNDLE, app_support, env={'PLEXTOKEN': sim.token}, server_url=url)
        emu.start()
        for path in ('/aggregate', '/diagnose'):
            emu.request(PREFIX + path)
            wait_idle(emu)
        store = FileStore(emu.data_dir)
        if not store.exists(LOOP_STATE):
            files.save(store, LOOP_STATE, loop_state(6))
            files.save(store, DECISION_LOG, decision_log(6))
        host, port = emu.serve()
        browser = cdp.Browser(binary)
        yield {'emu': emu, 'browser': browser, 'base': 'http://%s:%d' % (host, port)}
    finally:
        if browser is not None:
            browser.close()
        if emu is not None:
            emu.shutdown_server()
            emu.stop()
        sim.stop()


def html_url(site, key):
    return site['base'] + key + ('&' if '?' in key else '?') + 'format=html'


def menu_keys(site):
    """The main menu's entries that open a page (not Preferences), as the plug-in lists them."""
    root = site['emu'].request(PREFIX).xml()
    return [d.get('key') for d in root.iter('Directory') if d.get('settings') != '1']


def open_page(site, key, shot):
    """Load one page, check what it did, save its screenshot; the page's visible text."""
    browser = site['browser']
    load = browser.load(html_url(site, key))
    outside = [u for u in load.requests if not LOOPBACK.match(u)]
    assert outside == [], '%s asked for %s' % (key, outside)
    assert load.errors == [], '%s: %s' % (key, load.errors)
    assert browser.evaluate('document.title') != 'pwned', key
    assert browser.evaluate('document.scripts.length') == 1, '%s runs a script it did not ship' % key
    assert browser.evaluate('document.querySelectorAll("strong,em,b,i,iframe,img,object,embed").length') == 0, key
    if not os.path.isdir(SCREENSHOTS):
        os.makedirs(SCREENSHOTS)
    browser.screenshot(os.path.join(SCREENSHOTS, shot + '.png'))
    return browser.evaluate('document.body.innerText')


def test_the_dashboard_draws_its_charts(site):
    text = open_page(site, PREFIX + '/dashboard', 'dashboard')
    browser = site['browser']
    assert browser.evaluate('document.querySelectorAll("svg[role=img] > title").length') == 4
    assert browser.evaluate('document.querySelectorAll("table.dash").length') >= 5
    assert 'Agent health' in text and 'Decisions and evidence' in text
    # the seeded fix's agent and reason hold <script> and Markdown: shown as text
    assert '<script>alert(1)</script> **bold** [link](http://example.invalid)' in text


def test_every_menu_page_renders_cleanly(site):
    keys = menu_keys(site)
    assert PREFIX + '/dashboard' in keys and len(keys) >= 8
    open_page(site, PREFIX, 'main-menu')
    for key in keys:
        name = re.sub(r'[^a-z0-9]+', '-', key[len(PREFIX):].lower()).strip('-') or 'main-menu'
        open_page(site, key, name)


def test_a_hostile_library_title_shows_as_text(site):
    root = site['emu'].request(PREFIX + '/reports').xml()
    reports = [d.get('key') for d in root.iter('Directory') if 'diagnostic_report' in (d.get('key') or '')]
    assert reports, 'the diagnosis wrote no report'
    seen = []
    for index, key in enumerate(reports[:1]):
        page = 1
        while True:
            text = open_page(site, key + '&page=%d' % page, 'report-%d-page-%d' % (index, page))
            seen.append(text)
            if 'Next page' not in text or page >= 20:
                break
            page += 1
    assert any('script' in text and 'pwned' in text for text in seen), 'the hostile title is in no report page'
