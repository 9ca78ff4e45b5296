# -*- coding: utf-8 -*-
"""The prefs lever: a longer timeout through the agent's own setting, applied and rolled back by the
installer byte for byte; text, millisecond and enum settings; refused (naming the overlay) without one."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from fix_trees import LAYOUTS, differences, make_server, put
from pleximprovement.fixes import catalog
from pleximprovement.fixes.entries import agent_timeout_pref, prefs_lever
from pleximprovement.fixes.errors import Refused
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.plan import PREFERENCES
from pleximprovement.fixes.target import find_target


def prepared(tmpdir, layout='code_only', default_prefs=None):
    server = make_server(tmpdir.join('server'))
    name, identifier = LAYOUTS[layout](server)
    target = find_target(server.plugins, name, None)
    if default_prefs is not None:
        put(os.path.join(target.contents_dir, 'DefaultPrefs.json'), default_prefs)
    return server, Installer(server.data, server.plugins), target


def test_text_setting_applied_verified_and_rolled_back(tmpdir):
    server, inst, target = prepared(tmpdir)
    before = server.snapshot()
    outcome = inst.apply(target, 'agent_timeout_pref', {'timeout_seconds': '90'})
    assert [f['path'] for f in outcome['files']] == ['Preferences/com.plexapp.agents.hama.xml']
    assert outcome['verify'] == 'agent_timeout_pref: Preferences set timeout to 90'
    data = target.read(PREFERENCES, '')
    assert b'<username>owner</username>' in data and b'<timeout>90</timeout>' in data
    assert not agent_timeout_pref.verify(target, {'timeout_seconds': 45})[0]
    inst.rollback(target, 'agent_timeout_pref')
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_no_preferences_file_yet_is_created_then_removed(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample', b'[{"id": "timeout", "type": "text", "default": "4"}]')
    before = server.snapshot()
    assert target.read(PREFERENCES, '') is None
    inst.apply(target, 'agent_timeout_pref')
    assert prefs_lever.current_value(target.read(PREFERENCES, ''), 'timeout') == '45'
    inst.rollback(target, 'agent_timeout_pref')
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_the_sample_agent_has_no_timeout_setting(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    before = server.snapshot()
    with pytest.raises(Refused) as info:
        inst.apply(target, 'agent_timeout_pref')
    assert 'declares no timeout setting' in str(info.value) and 'network_timeout' in str(info.value)
    assert server.snapshot() == before


@pytest.mark.parametrize('declared, seconds, stored', [
    ({'id': 'timeout_ms', 'type': 'text'}, 45, '45000'),
    ({'id': 'wait', 'label': 'HTTP timeout in milliseconds', 'type': 'text'}, 30, '30000'),
    ({'id': 'timeout', 'type': 'enum', 'values': ['10', '30 s', '60 s', '120 s']}, 45, '2'),
    ({'id': 'timeout', 'type': 'enum', 'values': ['10', '30']}, 45, '1'),
    ({'id': 'timeout', 'type': 'enum', 'values': ['60', '10']}, 5, '1'),
])
def test_stored_values(declared, seconds, stored):
    assert agent_timeout_pref.stored_value(declared, seconds) == stored


def test_an_enum_without_numbers_is_refused():
    with pytest.raises(Refused):
        agent_timeout_pref.stored_value({'id': 'timeout', 'type': 'enum', 'values': ['short', 'long']}, 45)


def test_parameters_have_a_range():
    spec = catalog.get('agent_timeout_pref')
    assert spec.normalise({'timeout_seconds': '300'}) == {'timeout_seconds': 300}
    with pytest.raises(ValueError):
        spec.normalise({'timeout_seconds': 301})
