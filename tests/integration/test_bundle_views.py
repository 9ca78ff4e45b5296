# -*- coding: utf-8 -*-
"""The bundle's pages as HTML and JSON through its own routes (format=html / format=json), the
icons of the main menu, and the guard in front of every action that changes something, with the
bundle loaded in the emulator as Plex loads it."""
from __future__ import absolute_import, division, print_function

import json
import os
import re

import pytest

from harness import plexemu
from pleximprovement.names import IDENTIFIER, PREFIX

BUNDLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      'PlexImprovement.bundle')
OWNER = 'S3rverT0kenForTests'
ACTIONS = ('/fixes/apply?fix=browser_headers&agent=com.plexapp.agents.sampleagent',
           '/fixes/rollback/run?agent=com.plexapp.agents.sampleagent&every=1',
           '/trial/run?agent=com.plexapp.agents.sampleagent&fix=browser_headers',
           '/trial/backoff/reset?site=site.example%3A443')
REFUSED = "Refused: only the server's owner may do this"


@pytest.fixture
def plex(app_support, monkeypatch):
    monkeypatch.delenv('PLEXTOKEN', raising=False)
    emus = []

    def start(token=OWNER):
        emu = plexemu.Emulator(BUNDLE, app_support, env={'PLEXTOKEN': token} if token else {})
        emus.append(emu)
        return emu.start()
    yield start
    for emu in emus:
        emu.stop()


def xml_page(response):
    assert response.status == 200, response.body[:500]
    root = response.xml()
    return root, root.findall('Directory')


def test_html_pages_are_html_without_the_token(plex):
    emu = plex()
    for path in ('', '/status', '/reports', '/fixes/next', '/trial', ACTIONS[0]):
        response = emu.request(PREFIX + path + ('&' if '?' in path else '?') + 'format=html&X-Plex-Token=' + OWNER)
        assert response.status == 200 and response.content_type == 'text/html; charset=utf-8', path
        body = response.text()
        assert body.startswith('<!DOCTYPE html>') and OWNER not in body, path
        links = re.findall('href="([^"]*)"', body)
        assert links and all(link.startswith(PREFIX) and link.endswith('format=html') for link in links), links


def test_json_pages_are_the_view(plex):
    emu = plex()
    response = emu.request(PREFIX + '/status', query={'format': 'json', 'X-Plex-Token': OWNER})
    assert response.status == 200 and response.content_type == 'application/json'
    data = json.loads(response.text())
    assert data['format'] == 1 and data['entries'][-1]['key'] == PREFIX and OWNER not in response.text()
    assert response.headers['Cache-Control'] == 'no-cache'
    menu = json.loads(emu.request(PREFIX, query={'format': 'json'}).text())
    assert menu['entries'][0]['icon'] == 'icon-status.png'


def test_the_main_menu_entries_have_icons(plex):
    _root, entries = xml_page(plex().request(PREFIX))
    thumbs = dict((e.get('key'), e.get('thumb')) for e in entries)
    assert thumbs[PREFIX + '/status'].startswith('/:/plugins/%s/resources/icon-status.png?t=' % IDENTIFIER)
    assert all(thumbs[key] for key in thumbs), thumbs


def test_actions_ask_the_owner_then_run(plex):
    emu = plex()
    root, entries = xml_page(emu.request(PREFIX + ACTIONS[3], headers={'X-Plex-Token': OWNER}))
    assert root.get('header') == 'Are you sure?' and 'site.example:443' in root.get('message')
    yes = entries[0].get('key')
    assert yes == PREFIX + '/trial/backoff/reset?confirm=1&site=site.example%3A443'
    root, _ = xml_page(emu.request(yes, headers={'X-Plex-Token': OWNER}))
    assert root.get('header') == 'Back-off reset'
    root, _ = xml_page(emu.request(yes + '&X-Plex-Token=' + OWNER))       # the query form works as well
    assert root.get('header') == 'Back-off reset'
    html = emu.request(yes.replace('confirm=1', 'format=html'), headers={'X-Plex-Token': OWNER}).text()
    assert 'confirm=1' in html and OWNER not in html


@pytest.mark.parametrize('token, why', [(None, 'carries no token'), ('S3rverT0kenForTestz', 'is not the one')])
def test_actions_are_refused_without_the_owners_token(plex, token, why):
    emu = plex()
    for path in ACTIONS:
        headers = {'X-Plex-Token': token} if token else {}
        root, entries = xml_page(emu.request(PREFIX + path + '&confirm=1', headers=headers))
        assert root.get('header') == REFUSED and why in root.get('message'), path
        assert len(entries) == 2 and entries[-1].get('key') == PREFIX


def test_without_an_owner_token_every_change_is_refused_saying_how_to_fix_it(plex):
    emu = plex(token=None)
    for path in ACTIONS:
        root, _entries = xml_page(emu.request(PREFIX + path + '&confirm=1', headers={'X-Plex-Token': OWNER}))
        assert root.get('header') == REFUSED and 'PLEXTOKEN' in root.get('message'), path


@pytest.mark.parametrize('token', [None, OWNER])
def test_every_action_reply_holds_an_object(plex, token):
    """Kitana drops a reply without objects (plex-runtime.md 11), whatever the guard answers."""
    emu = plex()
    headers = {'X-Plex-Token': token} if token else {}
    for path in ACTIONS + ('/stop', '/aggregate', '/diagnose'):
        for suffix in ('', '&confirm=1' if '?' in path else '?confirm=1'):
            _root, entries = xml_page(emu.request(PREFIX + path + suffix, headers=headers))
            assert entries and entries[-1].get('title') == 'Back to the main menu', path + suffix
