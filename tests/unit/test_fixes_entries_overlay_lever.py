# -*- coding: utf-8 -*-
"""The six overlay fixes (entries/overlay_lever.py and its modules) through the real installer:
apply -> verify -> rollback byte-identical on every agent layout, overlays stacked and rolled back
in either order, the Standard code policy refused, an overlay taken off while another kind of fix stays."""
from __future__ import absolute_import, division, print_function

import io
import os

import pytest

from fix_trees import LAYOUTS, differences, make_server, put
from pleximprovement.fixes import catalog, overlay
from pleximprovement.fixes.entries import overlay_lever
from pleximprovement.fixes.errors import Refused
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.plan import BUNDLE, RESTORE_ORIGINAL
from pleximprovement.fixes.target import find_target

OVERLAY_FIXES = [spec.fix_id for spec in catalog.CATALOG if spec.lever == 'overlay']


def prepared(tmpdir, layout='sample'):
    server = make_server(tmpdir.join('server'))
    name, _identifier = LAYOUTS[layout](server)
    return server, Installer(server.data, server.plugins), find_target(server.plugins, name, None)


def read(target, relpath):
    return target.read(BUNDLE, relpath)


def defaults(fix_id):
    return catalog.get(fix_id).normalise({})


def test_six_overlay_fixes():
    assert sorted(OVERLAY_FIXES) == sorted(overlay.OVERLAY_IDS)


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
@pytest.mark.parametrize('fix_id', OVERLAY_FIXES)
def test_apply_verify_rollback_is_byte_identical(tmpdir, layout, fix_id):
    server, inst, target = prepared(tmpdir, layout)
    before = server.snapshot()
    outcome = inst.apply(target, fix_id)
    module = catalog.module_for(fix_id)
    assert module.verify(target, defaults(fix_id)) == (True, outcome['verify'].split(': ', 1)[1])
    written = [f['path'] for f in outcome['files']]
    assert overlay_lever.CONFIG in written and overlay_lever.INIT in written
    assert all(overlay_lever.SHARED + '/' + path in written for path, _data in overlay.module_files())
    assert overlay.read_config(read(target, overlay_lever.CONFIG)) == {fix_id: defaults(fix_id)}
    assert read(target, overlay_lever.INIT).count(overlay.IMPORT_LINE.encode('ascii')) == 1
    inst.rollback(target, fix_id)
    assert server.snapshot() == before, differences(before, server.snapshot())
    assert inst.status()['targets'] == []


@pytest.mark.parametrize('layout', ['sample', 'code_only'])
def test_two_overlays_rolled_back_in_either_order(tmpdir, layout):
    for run, order in enumerate((['browser_headers', 'retry_backoff'], ['retry_backoff', 'browser_headers'])):
        server, inst, target = prepared(tmpdir.join('run%d' % run), layout)
        before = server.snapshot()
        inst.apply(target, 'browser_headers', {'profile': 'firefox_desktop'})
        second = inst.apply(target, 'retry_backoff', {'max_retries': '5'})
        assert [f['path'] for f in second['files']] == [overlay_lever.CONFIG]   # package and line already there
        config = overlay.read_config(read(target, overlay_lever.CONFIG))
        assert sorted(config) == ['browser_headers', 'retry_backoff']
        assert config['browser_headers']['profile'] == 'firefox_desktop' and config['retry_backoff']['max_retries'] == 5
        inst.rollback(target, order[0])
        left = order[1]
        assert overlay.read_config(read(target, overlay_lever.CONFIG)) == {left: inst.applied(target)[left]}
        assert catalog.module_for(left).verify(target, inst.applied(target)[left])[0]
        assert catalog.module_for(order[0]).verify(target, defaults(order[0]))[0] is False
        inst.rollback(target, left)
        assert server.snapshot() == before, (order, differences(before, server.snapshot()))


def test_standard_policy_is_refused_naming_the_fix(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    plist = os.path.join(target.contents_dir, 'Info.plist')
    with io.open(plist, 'rb') as handle:
        data = handle.read()
    put(plist, data.replace(b'<string>Elevated</string>', b'<string>Standard</string>'))
    before = server.snapshot()
    with pytest.raises(Refused) as info:
        inst.apply(target, 'browser_headers')
    text = str(info.value)
    assert 'Standard' in text and 'browser_headers' in text and 'Browser-like request headers' in text
    assert server.snapshot() == before
    put(plist, data.replace(b'\t<key>PlexPluginCodePolicy</key>\n\t<string>Elevated</string>\n', b''))
    with pytest.raises(Refused) as info:
        inst.apply(target, 'title_variants')
    assert 'Standard code policy' in str(info.value)


def test_an_agent_without_code_init_is_refused(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    os.remove(os.path.join(target.contents_dir, 'Code', '__init__.py'))
    with pytest.raises(Refused) as info:
        inst.apply(target, 'network_timeout')
    assert 'Contents/Code/__init__.py' in str(info.value)


def test_the_last_overlay_restores_the_original_unless_another_kind_of_fix_stays(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    module = catalog.module_for('safe_decoding')
    assert module.unplan(target, defaults('safe_decoding'), {}) is RESTORE_ORIGINAL
    assert module.unplan(target, defaults('safe_decoding'), {'title_variants': defaults('title_variants')}) == {
        (BUNDLE, overlay_lever.CONFIG): overlay.config_bytes({'title_variants': defaults('title_variants')})}
    before = server.snapshot()
    inst.apply(target, 'safe_decoding')
    inst.apply(target, 'agent_timeout_pref')   # the code-only agent declares a "timeout" setting
    inst.rollback(target, 'safe_decoding')
    assert not os.path.exists(os.path.join(target.contents_dir, 'Libraries'))
    assert overlay.IMPORT_LINE.encode('ascii') not in read(target, overlay_lever.INIT)
    assert catalog.module_for('agent_timeout_pref').verify(target, inst.applied(target)['agent_timeout_pref'])[0]
    inst.rollback(target, 'agent_timeout_pref')
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_an_overlay_whose_line_was_followed_by_another_change_is_not_taken_out_blindly(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    inst.apply(target, 'browser_headers')
    put(os.path.join(target.contents_dir, 'Code', '__init__.py'), read(target, overlay_lever.INIT) + b'EXTRA = 1\n')
    with pytest.raises(Refused) as info:
        overlay_lever.unplan('browser_headers', target, defaults('browser_headers'), {'custom:later': {}})
    assert 'roll back the fixes applied after it first (custom:later)' in str(info.value)


def test_verify_says_what_is_missing(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    inst.apply(target, 'response_cache', {'ttl_hours': 6})
    module = catalog.module_for('response_cache')
    assert module.verify(target, catalog.get('response_cache').normalise({'ttl_hours': 6}))[0]
    ok, message = module.verify(target, defaults('response_cache'))
    assert not ok and 'sets response_cache' in message
    assert module.verify(target, defaults('browser_headers'))[0] is False   # not parameters of this overlay
    ok, message = catalog.module_for('title_variants').verify(target, defaults('title_variants'))
    assert not ok and 'does not enable title_variants' in message
    os.remove(os.path.join(target.contents_dir, 'Libraries', 'Shared', 'pleximprovement_overlay', 'network.py'))
    ok, message = module.verify(target, catalog.get('response_cache').normalise({'ttl_hours': 6}))
    assert not ok and 'network.py' in message
