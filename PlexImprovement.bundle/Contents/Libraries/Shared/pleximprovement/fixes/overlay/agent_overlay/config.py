# -*- coding: utf-8 -*-
"""The overlay's config file: which overlays are on, with which parameters.

In: {overlay_id: {param: value}} (to write) or the file's bytes (to read). Out: canonical JSON bytes
`{"format": 1, "overlays": {...}}` with every parameter present, or the checked mapping. Reading is
tolerant: missing, corrupt or invalid data gives {} (the overlay then does nothing at all); writing
refuses an unknown overlay or a value outside its range with ValueError. The parameters are defined
here because the target agent has only this package.
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import re

from .names import ENCODINGS, TITLE_STRATEGIES
from .network import USER_AGENTS

try:  # 2.7 (the framework); the emulator also runs on 3
    TEXTS, NUMBERS = (str, unicode), (int, long, float)  # noqa: F821
except NameError:
    TEXTS, NUMBERS = (str,), (int, float)

CONFIG_NAME = 'pleximprovement_overlay.json'
CONFIG_FORMAT = 1
OVERLAY_IDS = ('browser_headers', 'retry_backoff', 'network_timeout', 'response_cache', 'title_variants',
               'safe_decoding')
HEADER_TEXT = re.compile(r'^[ -~]*$')


def spec(kind, default, low=None, high=None, choices=None):
    """One parameter: type ('int', 'float', 'bool', 'choice', 'list' = comma list of choices, 'text' = printable
    ASCII of length low..high), default, range."""
    if kind == 'bool':
        low, high = False, True
    return {'type': kind, 'default': default, 'min': low, 'max': high, 'choices': choices}


PARAMS = {
    'browser_headers': {'profile': spec('choice', 'chrome_desktop', choices=tuple(sorted(USER_AGENTS))),
                        'referer': spec('choice', 'site_root', choices=('site_root', 'none')),
                        'accept_language': spec('text', 'en-US,en;q=0.9', 1, 100)},
    'retry_backoff': {'max_retries': spec('int', 3, 1, 10), 'base_delay_seconds': spec('float', 2.0, 0.0, 60.0),
                      'max_delay_seconds': spec('float', 60.0, 0.1, 600.0),
                      'max_total_seconds': spec('float', 120.0, 0.5, 1800.0),
                      'jitter': spec('float', 0.5, 0.0, 1.0), 'honour_retry_after': spec('bool', True)},
    'network_timeout': {'timeout_seconds': spec('float', 45.0, 5.0, 300.0)},
    'response_cache': {'ttl_hours': spec('float', 24.0, 0.01, 720.0)},
    'title_variants': {'strategies': spec('list', ','.join(TITLE_STRATEGIES), choices=TITLE_STRATEGIES),
                       'max_variants': spec('int', 6, 1, 12)},
    'safe_decoding': {'encodings': spec('list', 'utf-8,cp1252,latin-1', choices=ENCODINGS),
                      'errors': spec('choice', 'replace', choices=('replace', 'ignore')),
                      'repair_mojibake': spec('bool', True), 'normalize_unicode': spec('bool', True)},
}


def check_value(param, value):
    """The value in canonical form; ValueError when it is not of the type or out of range."""
    kind = param['type']
    if kind == 'bool' and isinstance(value, bool):
        return value
    if kind in ('int', 'float') and isinstance(value, NUMBERS) and not isinstance(value, bool):
        if kind == 'int' and value != int(value):
            raise ValueError('%r is not a whole number' % (value,))
        value = int(value) if kind == 'int' else float(value)
        if param['min'] <= value <= param['max']:
            return value
        raise ValueError('%r is outside %r..%r' % (value, param['min'], param['max']))
    if kind in ('choice', 'list', 'text') and isinstance(value, TEXTS):
        value = str(value)  # UnicodeEncodeError (a ValueError) for non-ASCII on 2.7
        items = [item.strip() for item in value.split(',')]
        if kind == 'choice' and value in param['choices']:
            return value
        if kind == 'list' and len(set(items)) == len(items) and all(i in param['choices'] for i in items):
            return ','.join(items)
        if kind == 'text' and param['min'] <= len(value) <= param['max'] and HEADER_TEXT.match(value):
            return value
    raise ValueError('%r is not a valid %s value' % (value, kind))


def normalize_overlays(overlays):
    """{overlay_id: {param: value}} with every parameter checked and the missing ones defaulted."""
    out = {}
    for overlay_id, params in overlays.items():
        if overlay_id not in PARAMS or not isinstance(params, dict):
            raise ValueError('unknown overlay %r or its parameters are not a mapping' % (overlay_id,))
        known = PARAMS[overlay_id]
        full = dict((name, param['default']) for name, param in known.items())
        for name, value in params.items():
            if name not in known:
                raise ValueError('overlay %s has no parameter %r' % (overlay_id, name))
            try:
                full[str(name)] = check_value(known[name], value)
            except ValueError as exc:
                raise ValueError('overlay %s, parameter %s: %s' % (overlay_id, name, exc))
        out[str(overlay_id)] = full
    return out


def config_bytes(overlays):
    """The config file's canonical bytes (the same on 2.7 and 3)."""
    document = {'format': CONFIG_FORMAT, 'overlays': normalize_overlays(overlays)}
    text = json.dumps(document, sort_keys=True, indent=2, separators=(',', ': '), ensure_ascii=True)
    return (text + '\n').encode('ascii')


def read_config(data):
    """{overlay_id: params} from the config's bytes; {} for None, corrupt or invalid data."""
    try:
        document = json.loads(data.decode('utf-8-sig'))
        if not isinstance(document, dict) or document.get('format') != CONFIG_FORMAT:
            return {}
        return normalize_overlays(document['overlays'])
    except Exception:
        return {}


def load_config():
    """The config beside this package (both in the target's Contents/Libraries/Shared/)."""
    package = os.path.dirname(os.path.abspath(__file__))
    try:
        with io.open(os.path.join(os.path.dirname(package), CONFIG_NAME), 'rb') as handle:
            return read_config(handle.read())
    except (IOError, OSError):
        return {}
