# -*- coding: utf-8 -*-
"""Container XML (plex-runtime.md §4.4)."""
from __future__ import absolute_import, division, print_function

import pytest

from harness.plexemu.errors import FrameworkException

from .conftest import BASIC_ID


def test_main_menu_xml(basic):
    r = basic.request('/applications/basic')
    assert r.status == 200 and r.content_type == 'application/xml'
    assert r.headers.get('Cache-Control') == 'no-cache'
    assert r.body.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<MediaContainer ")
    root = r.xml()
    assert root.attrib == {
        'title1': 'Basic', 'noCache': '1', 'size': '4', 'identifier': BASIC_ID, 'sourceTitle': 'Basic',
        'mediaTagPrefix': '/system/bundle/media/flags/', 'prefsKey': '/:/plugins/%s/prefs' % BASIC_ID}
    echo, popup, search, prefs = root.findall('Directory')
    assert echo.attrib == {'key': '/applications/basic/echo?count=2&name=world', 'title': 'Echo'}
    assert popup.get('popup') == '1'
    assert search.get('search') == '1' and search.get('prompt') == 'Find'
    assert prefs.attrib == {'title': 'Preferences', 'key': '/:/plugins/%s/prefs' % BASIC_ID, 'settings': '1',
                            'thumb': '/:/plugins/%s/resources/Prefs.png?t=1684400000' % BASIC_ID}
    assert b'\n  <Directory ' in r.body  # pretty printed like lxml


def test_message_containers(basic):
    g = basic.globals
    el = g['ObjectContainer'](header='Done', message='m', replace_parent=True)._to_xml()
    assert el.get('replaceParent') == '1' and el.get('size') == '0' and el.get('header') == 'Done'
    legacy = g['MessageContainer']('H', 'M').ToElement()
    assert legacy.tag == 'MediaContainer' and legacy.get('noCache') == '1' and legacy.get('size') is None


def test_object_rules(basic):
    g = basic.globals
    oc = g['ObjectContainer']()
    with pytest.raises(FrameworkException):
        oc.nonsense = 1
    oc.add(g['PrefsObject'](title='P'))
    with pytest.raises(FrameworkException):
        oc.add(g['PrefsObject'](title='P2'))
    assert oc.title2 is None and len(oc) == 1 and oc.objects[0].title == 'P'
    nxt = g['NextPageObject'](key='/k')._to_xml()
    assert nxt.get('paging') == '1' and nxt.get('title') == 'More...'


def test_no_prefs_key_without_default_prefs(emulators, app_support):
    from .conftest import make_bundle
    code = "def Start():\n    pass\n\n@handler('/video/np', 'NP')\ndef Main():\n    return ObjectContainer()\n"
    emu = emulators(make_bundle(app_support + '-b', 'NoPrefs', code), app_support)
    assert emu.request('/video/np').xml().get('prefsKey') is None
