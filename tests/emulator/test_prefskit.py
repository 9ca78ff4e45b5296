# -*- coding: utf-8 -*-
"""Prefs: defaults, the user XML file, decoding, external edits, /prefs and /prefs/set (§3.5)."""
from __future__ import absolute_import, division, print_function

import os
import time

import pytest

from .conftest import BASIC_ID, log_lines, make_bundle, read_text, write


def prefs_file(app_support):
    return os.path.join(app_support, 'Plug-in Support', 'Preferences', BASIC_ID + '.xml')


def test_defaults_and_decoding(basic, app_support):
    prefs = basic.globals['Prefs']
    assert prefs['greeting'] == 'Hello'
    assert prefs['empty_text'] is None
    assert prefs['verbose'] is False
    assert prefs['mode'] == 'safe'
    text = read_text(prefs_file(app_support))
    assert '<PluginPreferences>' in text and '<mode>1</mode>' in text and '<verbose>false</verbose>' in text


def test_unknown_and_skipped_prefs_raise_keyerror(basic):
    prefs = basic.globals['Prefs']
    with pytest.raises(KeyError):
        prefs['nope']
    with pytest.raises(KeyError):
        prefs['port']  # type "number" is skipped by the framework
    with pytest.raises(KeyError):
        'greeting' in prefs  # noqa: B015 - only __getitem__ exists
    assert not hasattr(prefs, 'get')


def test_user_values_from_file_and_external_edit(emulators, app_support):
    xml = (u"<?xml version='1.0' encoding='utf-8'?>\n<PluginPreferences><greeting>Howdy</greeting>"
           u"<verbose>true</verbose><mode>2</mode><empty_text></empty_text></PluginPreferences>\n")
    write(prefs_file(app_support), xml)
    from .conftest import BASIC
    emu = emulators(BASIC, app_support)
    prefs = emu.globals['Prefs']
    assert (prefs['greeting'], prefs['verbose'], prefs['mode']) == ('Howdy', True, 'slow')
    time.sleep(0.02)
    write(prefs_file(app_support), xml.replace('Howdy', 'Hi there').replace('<mode>2', '<mode>0'))
    os.utime(prefs_file(app_support), (time.time() + 5, time.time() + 5))
    assert prefs['greeting'] == 'Hi there' and prefs['mode'] == 'fast'


def test_bool_decoding_variants(emulators, app_support):
    from .conftest import BASIC
    emu = emulators(BASIC, app_support)
    prefs = emu.globals['Prefs']
    # Framework.utils.is_true: `value in (True, 1, 'true', 'True')` -- the string '1' is not true.
    for raw, expected in (('true', True), ('True', True), ('1', False), ('TRUE', False), ('yes', False),
                          ('false', False)):
        write(prefs_file(app_support), u'<PluginPreferences><verbose>%s</verbose></PluginPreferences>' % raw)
        os.utime(prefs_file(app_support), None)
        emu.storage._mtimes.clear()
        assert prefs['verbose'] is expected, raw


def test_prefs_set_stores_and_calls_validateprefs(basic, app_support):
    r = basic.request('/:/plugins/%s/prefs/set' % BASIC_ID, {'greeting': 'bad', 'verbose': '1', 'mode': '2'})
    assert r.status == 200
    assert r.xml().get('message') == 'greeting must not be bad'
    text = read_text(prefs_file(app_support))
    assert '<greeting>bad</greeting>' in text and '<verbose>true</verbose>' in text and '<mode>2</mode>' in text
    assert basic.globals['Prefs']['mode'] == 'slow'
    assert any("INFO (__init__:83) - BASIC: ValidatePrefs greeting='bad'" in line_ for line_ in log_lines(basic))
    ok = basic.request('/:/plugins/%s/prefs/set' % BASIC_ID, {'greeting': 'fine'})
    assert ok.status == 200 and ok.body == b'' and ok.content_type == 'text/plain'


def test_prefs_listing(basic):
    root = basic.request('/:/plugins/%s/prefs' % BASIC_ID).xml()
    settings = dict((s.get('id'), s.attrib) for s in root.findall('Setting'))
    assert sorted(settings) == ['empty_text', 'greeting', 'mode', 'verbose']  # hidden one left out
    assert settings['greeting']['label'] == 'Greeting word'
    assert settings['mode']['values'] == 'fast|safe|slow' and settings['mode']['value'] == '1'
    assert settings['verbose']['type'] == 'bool'


def test_bool_default_follows_is_true(emulators, app_support):
    schema = (u'[{"id": "one", "type": "bool", "label": "One", "default": "1"},'
              u' {"id": "word", "type": "bool", "label": "Word", "default": "True"}]')
    emu = emulators(make_bundle(app_support + '-b', 'BoolDefaults', 'def Start():\n    pass\n',
                                files={'DefaultPrefs.json': schema}), app_support)
    assert emu.globals['Prefs']['one'] is False and emu.globals['Prefs']['word'] is True
    text = read_text(os.path.join(app_support, 'Plug-in Support', 'Preferences', 'com.example.emu.booldefaults.xml'))
    assert '<one>false</one>' in text and '<word>true</word>' in text
