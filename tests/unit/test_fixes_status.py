# -*- coding: utf-8 -*-
"""fixes/status.py: what is applied where, each file's state, and the diffs."""
from __future__ import absolute_import, division, print_function

import io
import os

from fake_fixes import LINE, RESOLVE
from fix_trees import code_only_agent, make_server
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.target import find_target


def test_status_and_diff(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    inst = Installer(server.data, server.plugins, resolve=RESOLVE)
    target = find_target(server.plugins, 'Hama', None)
    assert inst.status()['targets'] == []
    inst.apply(target, 'browser_headers')
    inst.apply(target, 'fake_timeout', {'timeout_seconds': 90})
    report = inst.status()
    entry = report['targets'][0]
    assert (entry['bundle'], entry['identifier'], entry['found'], entry['open']) == (
        'Hama.bundle', 'com.plexapp.agents.hama', True, [])
    assert [(a['fix'], a['params']) for a in entry['applied']][1] == ('fake_timeout', {'timeout_seconds': 90})
    assert set(f['state'] for f in entry['files']) == set(['as the fixes left it'])
    assert 'Preferences/com.plexapp.agents.hama.xml' in [f['path'] for f in entry['files']]
    assert entry['dirs'][0] == 'Contents/Libraries' and report['unreadable_lines'] == 0
    everything = inst.diff(target)
    assert '+' + LINE.decode('ascii') + '\r\n' in everything or '+' + LINE.decode('ascii') in everything
    assert '\\ No newline at end of file' in everything            # Hama's __init__.py had no last newline
    assert '+++ b/Preferences/com.plexapp.agents.hama.xml' in everything
    only_prefs = inst.diff(target, 'fake_timeout')
    assert '<timeout>90</timeout>' in only_prefs and 'Code/__init__.py' not in only_prefs
    os.rename(target.bundle_dir, target.bundle_dir + '.gone')
    assert inst.status()['targets'][0]['found'] is False
    assert inst.status()['targets'][0]['files'][0]['state'] == 'bundle not found'


def test_binary_files_are_named_not_shown(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    inst = Installer(server.data, server.plugins, resolve=RESOLVE)
    target = find_target(server.plugins, 'Hama', None)
    inst.apply(target, 'fake_clear_cache')
    text = inst.diff(target)
    assert 'Binary file Caches/com.plexapp.agents.hama/HTTP.system/00/entry0 differs' in text
    with io.open(os.path.join(target.caches_dir, 'x'), 'wb') as handle:
        handle.write(b'not ours')
    assert 'Caches/com.plexapp.agents.hama/x' not in inst.diff(target)
