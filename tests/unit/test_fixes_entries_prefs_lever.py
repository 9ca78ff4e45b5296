# -*- coding: utf-8 -*-
"""An agent's Preferences file and DefaultPrefs.json, read and changed one value at a time."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes.entries import prefs_lever
from pleximprovement.fixes.errors import Refused

FRAMEWORK_FILE = (b'<?xml version="1.0" encoding="utf-8"?>\n<PluginPreferences>\n  <site_url>http://x</site_url>\n'
                  b'  <timeout>10</timeout>\n  <debug>true</debug>\n</PluginPreferences>\n')


class FakeTarget(object):
    def __init__(self, default_prefs):
        self.default_prefs = default_prefs

    def read(self, root, relpath):
        assert (root, relpath) == ('bundle', prefs_lever.DEFAULT_PREFS)
        return self.default_prefs


def test_one_value_changes_and_nothing_else():
    new = prefs_lever.with_value(FRAMEWORK_FILE, 'timeout', u'45', 'fix')
    assert new == FRAMEWORK_FILE.replace(b'<timeout>10</timeout>', b'<timeout>45</timeout>')
    assert prefs_lever.current_value(new, 'timeout') == '45'
    assert prefs_lever.current_value(new, 'site_url') == 'http://x'


def test_a_value_absent_from_the_file_is_added_before_the_end():
    new = prefs_lever.with_value(FRAMEWORK_FILE, 'retries', u'3', 'fix')
    assert new.endswith(b'<retries>3</retries></PluginPreferences>\n')
    assert prefs_lever.current_value(new, 'debug') == 'true'
    empty = prefs_lever.with_value(b'<PluginPreferences/>', 'retries', u'3', 'fix')
    assert empty == b'<PluginPreferences><retries>3</retries></PluginPreferences>'
    selfclosed = prefs_lever.with_value(b'<PluginPreferences><retries /></PluginPreferences>', 'retries', u'4', 'f')
    assert selfclosed == b'<PluginPreferences><retries>4</retries></PluginPreferences>'


def test_no_file_gives_a_new_one():
    new = prefs_lever.with_value(None, 'timeout', u'a<b', 'fix')
    assert new.startswith(b'<?xml') and b'<timeout>a&lt;b</timeout>' in new
    assert prefs_lever.current_value(new, 'timeout') == 'a<b'


@pytest.mark.parametrize('data', [b'not xml', b'<Other></Other>', b'<PluginPreferences><timeout>1</timeout>'
                                  b'<timeout>2</timeout></PluginPreferences>'])
def test_an_unreadable_file_is_refused(data):
    with pytest.raises(Refused) as info:
        prefs_lever.with_value(data, 'timeout', u'45', 'agent_timeout_pref')
    assert 'agent_timeout_pref' in str(info.value)


def test_current_value_is_none_for_missing_or_broken():
    assert prefs_lever.current_value(None, 'x') is None
    assert prefs_lever.current_value(b'<broken', 'x') is None
    assert prefs_lever.current_value(FRAMEWORK_FILE, 'absent') is None
    assert prefs_lever.current_value(b'<PluginPreferences><x></x></PluginPreferences>', 'x') is None


def test_declared_preferences_are_read_tolerantly():
    assert prefs_lever.declared(FakeTarget(None)) == []
    assert prefs_lever.declared(FakeTarget(b'{broken')) == []
    assert prefs_lever.declared(FakeTarget(b'{"id": "x"}')) == []
    declared = prefs_lever.declared(FakeTarget(
        b'\xef\xbb\xbf[{"id": "Timeout", "type": "text", "label": "Seconds"}, {"id": "bad id", "type": "text"},'
        b' {"id": "n", "type": "number"}, {"id": "cache", "type": "bool", "label": "Use the HTTP cache"}, 7]'))
    assert [p['id'] for p in declared] == ['Timeout', 'cache']
    target = FakeTarget(b'[{"id": "wait", "type": "enum", "label": "Request timeout", "values": ["10", "30"]},'
                        b' {"id": "useCache", "type": "bool", "label": "x"}]')
    assert [p['id'] for p in prefs_lever.matching(target, ('timeout',))] == ['wait']
    assert [p['id'] for p in prefs_lever.matching(target, ('cache',), ('bool',))] == ['useCache']
    assert prefs_lever.matching(target, ('timeout',), ('text',)) == []
