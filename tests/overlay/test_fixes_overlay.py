# -*- coding: utf-8 -*-
"""pleximprovement.fixes.overlay: the import line added to a target's Code/__init__.py and taken out again
byte for byte, the runtime files to copy, and the overlay descriptions."""
from __future__ import absolute_import, division, print_function

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

import restricted_rules
from harness.pmssim.plugins import SAMPLE_AGENT_BUNDLE
from pleximprovement.fixes import overlay

LINE = overlay.IMPORT_LINE.encode('ascii')
SOURCES = [
    b'',
    b'x = 1',
    b'x = 1\n',
    b'x = 1\r\n',
    b'x = 1\r',
    b'a = 1\r\nb = 2',
    b'a = 1\nb = 2\r\n',
    b'\n\n\n',
    b'\xef\xbb\xbf# -*- coding: utf-8 -*-\r\n"""Doc."""\r\nfrom __future__ import absolute_import\r\n',
    b'#!/usr/bin/env python\n# encoding=utf8\n\'\'\'\nDoc\n\'\'\'\nfrom __future__ import division\nimport re',
    b'class A(object):\n    def search(self):\n        pass',
    b'# caf\xc3\xa9\n\tx = 1  \n\n',
    b'\xef\xbb\xbf',
]


@pytest.mark.parametrize('source', SOURCES)
def test_insert_then_remove_gives_the_same_bytes(source):
    inserted = overlay.insert_import(source)
    assert inserted.startswith(source) and LINE in inserted
    assert overlay.remove_import(inserted) == source


@pytest.mark.parametrize('source, expected', [
    (b'x = 1\r\n', b'x = 1\r\n' + LINE + b'\r\n'),
    (b'x = 1\n', b'x = 1\n' + LINE + b'\n'),
    (b'x = 1\r', b'x = 1\r' + LINE + b'\r'),
    (b'a\r\nx = 1', b'a\r\nx = 1\r\n' + LINE),
    (b'x = 1', b'x = 1\n' + LINE),
    (b'', b'\n' + LINE),
])
def test_the_line_is_last_in_the_file_s_own_line_ending(source, expected):
    assert overlay.insert_import(source) == expected


@given(st.binary(max_size=200))
def test_round_trip_of_any_bytes(source):
    if (overlay.MODULE_NAME + '.install(').encode('ascii') in source or source.rstrip().endswith(b'\\'):
        with pytest.raises(ValueError):
            overlay.insert_import(source)
    else:
        assert overlay.remove_import(overlay.insert_import(source)) == source


@given(st.lists(st.sampled_from([b'x = 1', b'', b'# c', b'"""d"""', b'\xef\xbb\xbf']), max_size=6),
       st.lists(st.sampled_from([b'\r\n', b'\n', b'\r']), min_size=6, max_size=6), st.booleans())
def test_round_trip_with_mixed_line_endings(lines, endings, final):
    source = b''.join(line + ending for line, ending in zip(lines, endings))
    source = source if final else source + b'y = 2'
    assert overlay.remove_import(overlay.insert_import(source)) == source


def test_insert_refuses_a_second_line_and_a_trailing_continuation():
    with pytest.raises(ValueError):
        overlay.insert_import(overlay.insert_import(b'x = 1\n'))
    with pytest.raises(ValueError):
        overlay.insert_import(b'x = 1 + \\\n')


@pytest.mark.parametrize('data', [
    b'x = 1\n',                              # no line
    b'x = 1\n' + LINE + b'\n# edited\n',     # edited after
    b'x = 1\n' + LINE + b'\n\n',             # a blank line added after
    b'x = 1\r\n' + LINE + b'\n',             # line ending changed
    LINE,                                    # nothing before it: insert never writes that
])
def test_remove_refuses_what_insert_did_not_write(data):
    with pytest.raises(ValueError):
        overlay.remove_import(data)


def test_the_line_is_restriction_clean_at_the_end_of_the_sample_agent():
    path = os.path.join(SAMPLE_AGENT_BUNDLE, 'Contents', 'Code', '__init__.py')
    with open(path, 'rb') as handle:
        source = overlay.insert_import(handle.read())
    assert restricted_rules.find_violations(source, path, 'init') == []
    assert overlay.IMPORT_LINE == ('import pleximprovement_overlay; pleximprovement_overlay.install(HTTP, HTML, XML, '
                                   'JSON, Log, Agent)  # added by PlexImprovement')


def test_module_files_are_the_runtime_package():
    files = dict(overlay.module_files())
    assert sorted(files) == ['pleximprovement_overlay/%s.py' % name for name in (
        '__init__', 'config', 'names', 'network', 'overlay_sandbox', 'searches')]
    assert all(data.startswith(b'# -*- coding: utf-8 -*-\n') for data in files.values())


def test_every_overlay_is_described_with_valid_defaults():
    assert sorted(overlay.OVERLAYS) == sorted(overlay.OVERLAY_IDS) == sorted(
        ['browser_headers', 'retry_backoff', 'network_timeout', 'response_cache', 'title_variants',
         'safe_decoding'])
    for overlay_id, description in overlay.OVERLAYS.items():
        assert description['title'] and description['addresses']
        for name, param in description['params'].items():
            assert set(param) == set(['type', 'default', 'min', 'max', 'choices']), (overlay_id, name)
            assert overlay.read_config(overlay.config_bytes({overlay_id: {name: param['default']}}))
