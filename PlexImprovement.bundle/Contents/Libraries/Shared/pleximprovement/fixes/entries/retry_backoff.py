# -*- coding: utf-8 -*-
"""Retry with exponential backoff and jitter, honouring Retry-After, bounded in total time, for the
framework's HTTP.Request and its HTML/XML/JSON helpers.

In and out: the fix contract (fixes/entries/__init__.py); the work is overlay_lever's.
"""
from __future__ import absolute_import, division, print_function

from . import overlay_lever

ID = 'retry_backoff'
TITLE = 'Retry with exponential backoff honouring Retry-After'
LEVER = overlay_lever.LEVER
ADDRESSES = {'rate_limited': 1.0, 'server_error': 1.0, 'timeout': 0.5, 'network_error': 0.5}
PARAMETERS = overlay_lever.parameters(ID, {
    'max_retries': 'retries after the first attempt',
    'base_delay_seconds': 'first wait, doubled each retry',
    'max_delay_seconds': 'cap on one wait and on Retry-After',
    'max_total_seconds': 'time one fetch may take with all its retries',
    'jitter': 'share of each wait drawn at random',
    'honour_retry_after': 'wait what the site asks for'})
ALTERNATIVES = ({'max_retries': 5, 'base_delay_seconds': 5.0}, {'max_retries': 2, 'base_delay_seconds': 1.0})
PRIOR = (1.2, 0.8)
DOC = 'Prior 0.6: 429/5xx are transient by definition; a ban outlasts any backoff.'


def plan(target, params, applied):
    return overlay_lever.plan(ID, target, params, applied)


def unplan(target, params, remaining):
    return overlay_lever.unplan(ID, target, params, remaining)


def verify(target, params):
    return overlay_lever.verify(ID, target, params)
