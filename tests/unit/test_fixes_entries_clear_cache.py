# -*- coding: utf-8 -*-
"""The cache lever: the agent's HTTP cache emptied, and restored from the backup on rollback."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from fix_trees import LAYOUTS, differences, make_server, put
from pleximprovement.fixes import catalog
from pleximprovement.fixes.errors import Refused
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.plan import CACHES
from pleximprovement.fixes.target import find_target


def prepared(tmpdir, layout):
    server = make_server(tmpdir.join('server'))
    name, _identifier = LAYOUTS[layout](server)
    return server, Installer(server.data, server.plugins), find_target(server.plugins, name, None)


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_cleared_then_restored_byte_for_byte(tmpdir, layout):
    server, inst, target = prepared(tmpdir, layout)
    before = server.snapshot()
    cached = target.files(CACHES)
    assert len(cached) == 3
    outcome = inst.apply(target, 'clear_cache')
    assert sorted(f['what'] for f in outcome['files']) == ['deleted'] * 3
    assert target.files(CACHES) == []
    assert outcome['verify'] == 'clear_cache: cache cleared; 0 file(s) cached since'
    inst.rollback(target, 'clear_cache')
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_an_empty_cache_is_refused(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    inst.apply(target, 'clear_cache')
    inst.rollback(target, 'clear_cache')
    for relpath in target.files(CACHES):
        os.remove(os.path.join(target.caches_dir, *relpath.split('/')))
    with pytest.raises(Refused) as info:
        inst.apply(target, 'clear_cache')
    assert 'no cached HTTP responses' in str(info.value)


def test_refilled_cache_still_verifies_and_rolls_back(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    inst.apply(target, 'clear_cache')
    put(os.path.join(target.caches_dir, 'HTTP.system', 'ff', 'fresh'), b'new page')
    assert catalog.module_for('clear_cache').verify(target, {}) == (True, 'cache cleared; 1 file(s) cached since')
    inst.apply(target, 'network_timeout')   # verifying every applied fix again does not trip on the refill
    inst.rollback(target, 'clear_cache')
    assert len(target.files(CACHES)) == 4
    inst.rollback(target, 'network_timeout')
