# -*- coding: utf-8 -*-
"""Checks every preference and turns it into a typed Settings object.

The framework hands numeric prefs over as text (it has no number type), so each is parsed
and range-checked here, once, with a message a server owner can act on (nan and the
infinities are not numbers; a logs folder must exist). The menu and the phases read
`Settings`; the one raw read is Runtime.logs_dir() (the `logs_path` pref). check_number is
also how the command line checks its --hours.
"""
from __future__ import absolute_import, division, print_function

import os
import re

from .runtime.kits import load_default_prefs
from .names import CONTENTS_DIR

AGENT_ID_RE = re.compile(r'^[A-Za-z0-9_.-]+$')
TIME_RE = re.compile(r'^([01]?\d|2[0-3]):([0-5]\d)$')
URL_RE = re.compile(r'^https?://[^\s/:]+(:\d{1,5})?/?$')

# id -> (minimum, maximum, allow_decimal)
NUMERIC = {
    'log_window_hours': (0, 24 * 365, True),
    'collector_interval_minutes': (0, 24 * 60, False),
    'collector_keep_days': (0, 3650, False),
    'max_iterations': (1, 100, False),
    'plateau_threshold_percent': (0, 100, True),
    'plateau_window': (1, 20, False),
    'target_success_rate_percent': (1, 100, True),
    'test_items_per_fix': (1, 500, False),
    'trial_alpha': (0.001, 0.5, True),
}

# The defaults, decoded as the framework decodes them, from the one place they are declared.
DEFAULTS = load_default_prefs(CONTENTS_DIR)


class Problem(object):
    """One bad preference: which, the strings key of the message, and its parameters."""

    def __init__(self, pref_id, key, **params):
        self.pref_id = pref_id
        self.key = key
        self.params = params
        self.params['pref'] = pref_id

    def __repr__(self):
        return 'Problem(%r, %r)' % (self.pref_id, self.key)


class Settings(object):
    """Typed, validated preferences. Bad values fall back to the default (and are reported)."""

    def __init__(self, values):
        self.values = values

    def __getattr__(self, name):
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name)

    def agent_allowed(self, identifier):
        return self.target_agents is None or identifier in self.target_agents


def parse_number(text, allow_decimal):
    """A finite number from text, or None (`nan`, `inf` and `1e400` are not numbers here)."""
    text = (text or '').strip()
    if not text:
        return None
    try:
        number = float(text) if allow_decimal else int(text)
    except ValueError:
        return None
    return number if is_finite(number) else None


def is_finite(number):
    """False for nan and the infinities (nan compares False with every bound of a range)."""
    return number == number and number not in (float('inf'), float('-inf'))


def check_number(pref_id, raw):
    """(the number, None) or (None, Problem) for text given to a numeric pref (NUMERIC)."""
    low, high, allow_decimal = NUMERIC[pref_id]
    number = parse_number(raw, allow_decimal)
    if number is None:
        return None, Problem(pref_id, 'ERR_NOT_DECIMAL' if allow_decimal else 'ERR_NOT_WHOLE_NUMBER', value=raw)
    if not low <= number <= high:
        return None, Problem(pref_id, 'ERR_OUT_OF_RANGE', value=raw, low=low, high=high)
    return number, None


def validate(get):
    """Check every pref read through `get(id)`; return (Settings, [Problem])."""
    problems = []
    values = {}
    for pref_id in sorted(NUMERIC):
        raw = get(pref_id)
        number, problem = check_number(pref_id, raw if raw is not None else DEFAULTS[pref_id])
        if problem is not None:
            problems.append(problem)
            number = parse_number(DEFAULTS[pref_id], NUMERIC[pref_id][2])
        values[pref_id] = number

    agents_raw = (get('target_agents') or 'all').strip()
    if agents_raw.lower() in ('all', '*', ''):
        values['target_agents'] = None
    else:
        agents = [a.strip() for a in agents_raw.split(',') if a.strip()]
        bad = [a for a in agents if not AGENT_ID_RE.match(a)]
        if bad or not agents:
            problems.append(Problem('target_agents', 'ERR_AGENT_LIST', value=', '.join(bad) or agents_raw))
            agents = [a for a in agents if AGENT_ID_RE.match(a)]
        values['target_agents'] = frozenset(agents) if agents else None

    logs_path = (get('logs_path') or '').strip() or None
    if logs_path is not None and not os.path.isdir(logs_path):
        problems.append(Problem('logs_path', 'ERR_LOGS_PATH', value=logs_path))
        logs_path = None
    values['logs_path'] = logs_path

    auto = get('allow_automatic_fixes')
    values['allow_automatic_fixes'] = auto in (True, 'true', 'True', '1', 1)

    schedule = get('schedule') or 'off'
    if schedule not in ('off', 'daily'):
        problems.append(Problem('schedule', 'ERR_SCHEDULE', value=schedule))
        schedule = 'off'
    values['schedule'] = schedule

    when = (get('schedule_time') or DEFAULTS['schedule_time']).strip()
    match = TIME_RE.match(when)
    if not match:
        problems.append(Problem('schedule_time', 'ERR_TIME', value=when))
        match = TIME_RE.match(DEFAULTS['schedule_time'])
    values['schedule_time'] = (int(match.group(1)), int(match.group(2)))

    url = (get('server_url') or DEFAULTS['server_url']).strip()
    if not URL_RE.match(url):
        problems.append(Problem('server_url', 'ERR_URL', value=url))
        url = DEFAULTS['server_url']
    values['server_url'] = url.rstrip('/')
    return Settings(values), problems
