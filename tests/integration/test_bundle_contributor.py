# -*- coding: utf-8 -*-
"""PlexImprovement.bundle in the emulator as a contributing agent: both classes register, never as a
primary agent, contributing to the agents installed in Plug-ins; a contributor search with the
primary's hints (what System sends after a primary update) and an update are recorded in
contributions.jsonl, return nothing and write no metadata; the trial page and routes answer."""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil

from pleximprovement.names import CONTRIBUTIONS_LOG, IDENTIFIER, PREFIX
from pleximprovement.runtime.paths import ServerLayout

from harness import plexemu
from harness.pmssim.plugins import SAMPLE_AGENT_BUNDLE as SAMPLE

BUNDLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      'PlexImprovement.bundle')
SAMPLE_ID = 'com.plexapp.agents.sampleagent'
HINTS = {'primary_agent': SAMPLE_ID, 'guid': SAMPLE_ID + '://1081?lang=en', 'force': True, 'parentID': None,
         'name': 'Scarlet Fortress Story'}


def started(app_support):
    layout = ServerLayout(app_support)
    shutil.copytree(SAMPLE, layout.bundle_dir('SampleAgent.bundle'))
    emu = plexemu.Emulator(BUNDLE, app_support)
    emu.start()
    return emu, layout


def records(layout):
    path = os.path.join(layout.data_dir(IDENTIFIER), CONTRIBUTIONS_LOG)
    with open(path, 'rb') as handle:
        return [json.loads(line.decode('utf-8')) for line in handle.read().splitlines()]


def test_both_classes_contribute_to_the_installed_agents(app_support):
    emu, _layout = started(app_support)
    try:
        agents = emu.agents.agents
        assert [type(a).__name__ for a in agents] == ['PlexImprovementMovies', 'PlexImprovementShows']
        for agent in agents:
            assert agent.name == 'PlexImprovement' and agent.primary_provider is False
            assert SAMPLE_ID in agent.contributes_to and 'com.plexapp.agents.imdb' in agent.contributes_to
            assert IDENTIFIER not in agent.contributes_to and agent.languages == ['xn']
        log = open(emu.log_path, 'rb').read().decode('utf-8')
        assert 'Creating new agent class called PlexImprovementMovies' in log and 'CRITICAL' not in log
    finally:
        emu.stop()


def test_a_contributor_search_and_update_are_recorded_and_change_nothing(app_support):
    emu, layout = started(app_support)
    try:
        assert emu.agent_search(dict(HINTS), media_type='Movie', primary=False) == []
        emu.agent_update('1081', media_type='Movie', guid=HINTS['guid'], force=True)
        seen = records(layout)
        assert [(r['event'], r['agent'], r['guid'], r['title']) for r in seen] == [
            ('search', SAMPLE_ID, HINTS['guid'], HINTS['name']), ('update', SAMPLE_ID, HINTS['guid'], None)]
        metadata = os.path.join(app_support, 'Metadata')
        written = [f for folder, _d, files in os.walk(metadata) for f in files if IDENTIFIER in folder]
        assert written in ([], ['Info.xml'])        # the framework writes the (empty) model it passed to update
    finally:
        emu.stop()


def test_the_trial_routes_answer(app_support):
    emu, _layout = started(app_support)
    try:
        for path in ('/trial', '/trial/contributor', '/trial/backoff/reset', '/trial/run'):
            response = emu.request(PREFIX + path)
            assert response.status == 200, (path, response.body[:300])
            entries = response.xml().findall('Directory')
            assert entries and entries[-1].get('title') == 'Back to the main menu'
    finally:
        emu.stop()
