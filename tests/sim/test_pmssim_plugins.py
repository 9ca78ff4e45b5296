# -*- coding: utf-8 -*-
"""Plug-in hosting: /system/agents and /:/plugins, prefs read and set with or without a
running plug-in, and reloads of changed code (touching Info.plist; /restart only where it is
known to work or assumed) -- never by itself, as on Plex."""
from __future__ import absolute_import, division, print_function

import io
import os
from xml.etree import ElementTree

from harness.pmssim.assumptions import Assumptions
from harness.pmssim.plugins import SAMPLE_AGENT_ID

from .conftest import call, copy_agent, get_xml, patch_agent, pick, refresh, touch_plist


def test_agents_and_plugins(make_sim):
    sim = make_sim()
    agents = get_xml(sim, '/system/agents?mediaType=1')
    sample = [a for a in agents.findall('Agent') if a.get('identifier') == SAMPLE_AGENT_ID]
    assert sample and sample[0].get('name') == 'Sample Agent' and sample[0].get('primary') == '1'
    plugins = get_xml(sim, '/:/plugins')
    assert [p.get('identifier') for p in plugins.findall('Plugin')] == [SAMPLE_AGENT_ID]


def test_prefs_read_and_set_without_a_running_plugin(make_sim):
    sim = make_sim()
    base = '/:/plugins/%s/prefs' % SAMPLE_AGENT_ID
    settings = dict((s.get('id'), s) for s in get_xml(sim, base).findall('Setting'))
    assert settings['site_url'].get('value') == sim.site.base_url
    assert settings['site_url'].get('type') == 'text' and settings['debug'].get('type') == 'bool'
    assert call(sim.base_url, base + '/set?debug=false', token=sim.token)[0] == 200
    settings = dict((s.get('id'), s) for s in get_xml(sim, base).findall('Setting'))
    assert settings['debug'].get('value') == 'false' and settings['site_url'].get('value') == sim.site.base_url
    xml_path = sim.layout.preferences_file(SAMPLE_AGENT_ID)
    with io.open(xml_path, 'rb') as handle:
        assert ElementTree.fromstring(handle.read()).tag == 'PluginPreferences'


def test_prefs_of_a_running_plugin_come_from_the_plugin(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, start_agents=True)
    status, _h, body = call(sim.base_url, '/:/plugins/%s/prefs' % SAMPLE_AGENT_ID, token=sim.token)
    assert status == 200
    settings = dict((s.get('id'), s.get('value')) for s in ElementTree.fromstring(body).iter('Setting'))
    assert settings.get('site_url') == sim.site.base_url


def year_in_parentheses(sim):
    return pick(sim, lambda i: i.entry.style == 'year_paren' and i.entry.shape == 'plain'
                and i.entry.site is not None and sim.site.layout_of(i.entry.site.site_id) == 'standard')


FIX_OLD = 'searchTitle = media.name\n'


FIX_NEW = "searchTitle = media.name.split(' (')[0]\n"


def test_touching_info_plist_reloads_changed_code(make_sim, app_support, quiet_config):
    bundle = copy_agent(app_support)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    assert sim.agent_bundle_path == bundle
    item = year_in_parentheses(sim)
    assert refresh(sim, item).get('guid').startswith('local://')
    patch_agent(bundle, FIX_OLD, FIX_NEW)
    touch_plist(bundle)
    video = refresh(sim, item)
    assert video.get('guid').startswith(SAMPLE_AGENT_ID + '://')
    assert os.path.exists(sim.layout.plugin_log(SAMPLE_AGENT_ID) + '.1')  # the log rolled at restart
    assert sim.hosts[SAMPLE_AGENT_ID].starts == 2


def test_code_changes_need_a_restart(make_sim, app_support, quiet_config):
    """No file watcher, like Plex; touching Info.plist (what System's installservice does) reloads."""
    bundle = copy_agent(app_support)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = year_in_parentheses(sim)
    patch_agent(bundle, FIX_OLD, FIX_NEW)
    assert refresh(sim, item).get('guid').startswith('local://')
    touch_plist(bundle)
    assert refresh(sim, item).get('guid').startswith(SAMPLE_AGENT_ID + '://')


def test_restart_endpoint_is_not_assumed_for_other_plugins(make_sim, app_support, quiet_config):
    """plex-runtime.md 7.4: /:/plugins/<id>/restart is known for com.plexapp.system only, so by
    default the sim answers 404 for any other plug-in and reloads nothing (assumption A6)."""
    bundle = copy_agent(app_support)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = year_in_parentheses(sim)
    patch_agent(bundle, FIX_OLD, FIX_NEW)
    assert call(sim.base_url, '/:/plugins/%s/restart' % SAMPLE_AGENT_ID, token=sim.token)[0] == 404
    assert refresh(sim, item).get('guid').startswith('local://')
    assert sim.hosts[SAMPLE_AGENT_ID].starts == 1
    system_log = sim.layout.plugin_log('com.plexapp.system')
    assert call(sim.base_url, '/:/plugins/com.plexapp.system/restart', token=sim.token)[0] == 200
    assert os.path.exists(system_log + '.1')  # System restarted: its log rolled


def test_restart_endpoint_for_any_plugin_when_assumed(make_sim, app_support, quiet_config):
    bundle = copy_agent(app_support)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True,
                   assumptions=Assumptions(plugin_restart='any'))
    item = year_in_parentheses(sim)
    patch_agent(bundle, FIX_OLD, FIX_NEW)
    assert refresh(sim, item).get('guid').startswith('local://')
    for method in ('GET', 'PUT'):
        assert call(sim.base_url, '/:/plugins/%s/restart' % SAMPLE_AGENT_ID, token=sim.token, method=method)[0] == 200
    assert sim.hosts[SAMPLE_AGENT_ID].starts == 3
    assert refresh(sim, item).get('guid').startswith(SAMPLE_AGENT_ID + '://')
