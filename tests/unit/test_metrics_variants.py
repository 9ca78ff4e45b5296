# -*- coding: utf-8 -*-
"""A folder somebody sent: console, syslog-wrapped, padded, Hama-private and pasted logs."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement.read import aggregate

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')


@pytest.fixture(scope='module')
def snap():
    return aggregate.run_aggregation(os.path.join(FIXTURES, 'variants'))


def test_console_form_uses_identifier_column(snap):
    a = snap['agents']['com.plexapp.agents.subzero']
    assert (a['total_search_ops'], a['outcome_unknown']) == (1, 1)
    assert a['url_errors_by_class'] == {'refused': 1}


def test_syslog_wrapped_traceback(snap):
    a = snap['agents']['com.plexapp.agents.tvdb']
    assert (a['total_search_ops'], a['title_failures'], a['tracebacks']) == (1, 1, 1)
    assert a['url_errors_by_class'] == {'dns': 1}


def test_padded_and_hama_private(snap):
    assert snap['agents']['padded']['titles_found'] == 1
    assert snap['agents']['hama-private.agent-search']['titles_found'] == 1


def test_damaged_paste(snap):
    a = snap['agents']['paste']
    assert (a['total_search_ops'], a['title_failures'], a['tracebacks']) == (1, 1, 1)
    assert a['statuses'] == {'503': 1}
    tb = [t for t in snap['tracebacks'] if t['agent'] == 'paste'][0]
    assert (tb['exception'], os.path.basename(tb['file']), tb['line']) == ('IndexError', 'siteX.py', 77)
    assert tb['code'] == "title = detail.xpath('//h1')[0].text"


def test_examples_are_redacted(snap):
    assert all('k3y' not in ex for err in snap['errors'].values() for ex in err['examples'])
    assert snap['skipped'] == {}
