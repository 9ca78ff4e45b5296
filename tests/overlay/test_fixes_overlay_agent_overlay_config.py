# -*- coding: utf-8 -*-
"""agent_overlay.config: canonical config bytes, a faithful round trip, and {} for anything corrupt."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes.overlay.agent_overlay import config

EXPECTED = (b'{\n  "format": 1,\n  "overlays": {\n    "network_timeout": {\n      "timeout_seconds": 60.0\n'
            b'    },\n    "title_variants": {\n      "max_variants": 3,\n      "strategies": "strip_year,strip_accents"'
            b'\n    }\n  }\n}\n')


def test_canonical_bytes_are_the_same_on_every_python():
    data = config.config_bytes({'title_variants': {'max_variants': 3, 'strategies': 'strip_year, strip_accents'},
                                'network_timeout': {'timeout_seconds': 60}})
    assert data == EXPECTED


def test_round_trip_fills_in_the_defaults():
    wanted = {'retry_backoff': {'max_retries': 5}, 'browser_headers': {}, 'safe_decoding': {'errors': 'ignore'}}
    read = config.read_config(config.config_bytes(wanted))
    assert read['retry_backoff']['max_retries'] == 5 and read['retry_backoff']['jitter'] == 0.5
    assert read['browser_headers'] == {'profile': 'chrome_desktop', 'referer': 'site_root',
                                       'accept_language': 'en-US,en;q=0.9'}
    assert read['safe_decoding']['errors'] == 'ignore' and sorted(read) == sorted(wanted)
    assert config.config_bytes(read) == config.config_bytes(wanted)
    assert config.read_config(b'\xef\xbb\xbf' + config.config_bytes(wanted)) == read  # a BOM is fine


@pytest.mark.parametrize('overlays', [
    {'no_such_overlay': {}},
    {'retry_backoff': {'no_such_param': 1}},
    {'retry_backoff': {'max_retries': 0}},
    {'retry_backoff': {'max_retries': 2.5}},
    {'retry_backoff': {'max_retries': True}},
    {'retry_backoff': {'jitter': 1.5}},
    {'retry_backoff': {'jitter': float('nan')}},
    {'retry_backoff': {'honour_retry_after': 1}},
    {'network_timeout': {'timeout_seconds': '45'}},
    {'browser_headers': {'profile': 'netscape'}},
    {'browser_headers': {'accept_language': 'en\r\nX-Evil: 1'}},
    {'browser_headers': {'accept_language': ''}},
    {'title_variants': {'strategies': 'strip_year,strip_year'}},
    {'title_variants': {'strategies': ''}},
    {'title_variants': {'strategies': 'strip_everything'}},
    {'safe_decoding': {'encodings': 'utf-8,klingon'}},
    {'safe_decoding': []},
])
def test_bad_values_are_refused_when_written(overlays):
    with pytest.raises(ValueError):
        config.config_bytes(overlays)


@pytest.mark.parametrize('data', [
    None, b'', b'{', b'\xff\xfe\x00', b'null', b'[]', b'"x"', b'{"overlays": {}}',
    b'{"format": 2, "overlays": {"title_variants": {}}}',
    b'{"format": 1}', b'{"format": 1, "overlays": []}',
    b'{"format": 1, "overlays": {"title_variants": {"max_variants": 99}}}',
    b'{"format": 1, "overlays": {"title_variants": {}, "bogus": {}}}',
    b'{"format": 1, "overlays": {"browser_headers": {"accept_language": "fr-\\u00e9"}}}',
    b'{"format": "1", "overlays": {"title_variants": {}}}',
])
def test_corrupt_or_invalid_config_reads_as_nothing(data):
    assert config.read_config(data) == {}


def test_an_empty_overlay_list_reads_as_nothing():
    assert config.read_config(config.config_bytes({})) == {}


def test_load_config_reads_the_file_beside_the_package(tmpdir, monkeypatch):
    package = tmpdir.mkdir('pleximprovement_overlay')
    monkeypatch.setattr(config, '__file__', str(package.join('config.py')))
    assert config.load_config() == {}
    tmpdir.join(config.CONFIG_NAME).write_binary(config.config_bytes({'title_variants': {}}))
    assert list(config.load_config()) == ['title_variants']
