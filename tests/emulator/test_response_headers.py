# -*- coding: utf-8 -*-
"""Response.Headers against the framework's own response headers, as run_bundle showed them in the
real framework (docs/decisions.md): its dict is case-sensitive, so 'Content-type' (its own
spelling for str/dict returns) replaces text/plain while 'Content-Type' sends both; R() of an
image nobody has is None."""
from __future__ import absolute_import, division, print_function

from .conftest import make_bundle

CODE = u'''# -*- coding: utf-8 -*-
PREFIX = '/applications/headers'


@handler(PREFIX, 'Headers')
def Main(**kwargs):
    return ObjectContainer(objects=[DirectoryObject(key=PREFIX + '/same', title='x', thumb=R('absent.png'))])


@route(PREFIX + '/same')
def Same(**kwargs):
    Response.Headers['Content-type'] = 'text/html; charset=utf-8'
    return u'<p>caf\\u00e9</p>'


@route(PREFIX + '/other')
def Other(**kwargs):
    Response.Headers['Content-Type'] = 'text/html; charset=utf-8'
    return '<p>two</p>'


@route(PREFIX + '/data')
def Data(**kwargs):
    return {'a': [1, None]}
'''


def test_content_type_set_like_the_framework_spells_it(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'Headers', CODE), app_support)
    same = emu.request('/applications/headers/same')
    assert same.status == 200 and same.content_type == 'text/html; charset=utf-8'
    assert same.body == u'<p>caf\u00e9</p>'.encode('utf-8')
    other = emu.request('/applications/headers/other')
    assert other.content_type == 'text/html; charset=utf-8, text/plain'      # both headers go out
    data = emu.request('/applications/headers/data')
    assert data.content_type == 'application/json' and data.body == b'{"a": [1, null]}'


def test_a_missing_resource_gives_no_thumb(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'Headers', CODE), app_support)
    directory = emu.request('/applications/headers').xml().find('Directory')
    assert directory.get('thumb') is None and directory.get('key') == '/applications/headers/same'
