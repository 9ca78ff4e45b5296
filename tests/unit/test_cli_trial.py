# -*- coding: utf-8 -*-
"""cli/trial.py: every refusal is one line on stderr and exit 2, before anything is changed, and the
token file's content appears nowhere; a server that does not answer is a MONITOR decision, exit 0.
(The whole command against the simulated server: tests/sim/test_trial_cli.py.)"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import socket

import pytest

from pleximprovement.cli import trial as cli_trial

from fix_trees import make_server, sample_agent, snapshot

TOKEN = 'Zq8secret-token-value'


def closed_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def run(argv):
    out, err = io.BytesIO(), io.BytesIO()
    status = cli_trial.main(argv, out=out, err=err)
    return status, out.getvalue().decode('utf-8'), err.getvalue().decode('utf-8')


@pytest.fixture
def server(tmpdir):
    made = make_server(tmpdir)
    sample_agent(made)
    token = tmpdir.join('token')
    token.write(TOKEN + '\n')
    made.token_file = str(token)
    return made


def args(server, *more, **options):
    found = ['--server', options.get('url', 'http://127.0.0.1:%d' % closed_port()), '--token-file',
             options.get('token_file', server.token_file), '--plugins', server.plugins, '--data', server.data,
             '--agent', options.get('agent', 'SampleAgent'), '--fix', options.get('fix', 'browser_headers')]
    return found + list(more)


@pytest.mark.parametrize('change, words', [
    ({'token_file': '/nonexistent/token'}, 'cannot read the token file /nonexistent/token'),
    ({'fix': 'no_such_fix'}, "unknown fix 'no_such_fix'"),
    ({'agent': 'Missing'}, "no bundle named or identified 'Missing'"),
])
def test_refusals_are_one_line_and_change_nothing(server, change, words):
    before = snapshot(server.app_support)
    status, out, err = run(args(server, **change))
    assert status == 2 and out == ''
    assert err.count('\n') == 1 and err.startswith('trial: ') and words in err
    assert snapshot(server.app_support) == before and TOKEN not in err


def test_bad_numbers_are_refused_by_the_parser(server):
    status, _out, err = run(args(server, '--items', '0'))
    assert status == 2 and err.startswith('trial: ') and 'not a number from 1 to 500' in err
    status, _out, err = run(args(server, '--alpha', '0.9'))
    assert status == 2 and 'not a number from 0.001 to 0.5' in err


def test_an_empty_or_wordy_token_file_is_refused(server, tmpdir):
    empty = tmpdir.join('empty')
    empty.write('  \n')
    status, _out, err = run(args(server, token_file=str(empty)))
    assert status == 2 and 'does not hold one token' in err


def test_a_server_that_does_not_answer_is_a_monitor_decision(server):
    before = snapshot(server.app_support)
    status, out, err = run(args(server, '--json'))
    assert status == 0, err
    result = json.loads(out)
    assert (result['decision'], result['reason']) == ('MONITOR', 'server_unreachable')
    assert result['pairs'] == [] and result['refreshes'] == 0 and result['fix_state'] == 'not_applied'
    assert TOKEN not in out and TOKEN not in err
    assert snapshot(server.app_support) == before
    assert os.path.isfile(os.path.join(server.data, 'DataItems', 'test_report_browser_headers_iteration_1.md'))
