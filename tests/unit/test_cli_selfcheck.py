# -*- coding: utf-8 -*-
"""cli/selfcheck.py: one redacted line per check (or JSON), exit 1 when a problem was found, 2 when
the token file cannot be read; the token never printed."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import socket

from pleximprovement.cli import COMMANDS
from pleximprovement.cli import selfcheck


def closed_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def run(argv):
    out, err = io.BytesIO(), io.BytesIO()
    code = selfcheck.main(argv, out, err)
    return code, out.getvalue().decode('utf-8'), err.getvalue().decode('utf-8')


def test_no_server_no_bundle(tmpdir):
    token = str(tmpdir.join('token'))
    with io.open(token, 'wb') as handle:
        handle.write(b'sEcReT42\n')
    plugins = str(tmpdir.join('Plug-ins'))
    os.makedirs(plugins)
    argv = ['--server', 'http://127.0.0.1:%d' % closed_port(), '--token-file', token, '--plugins', plugins]
    code, out, err = run(argv)
    assert code == 1 and err == ''
    lines = out.splitlines()
    assert lines[0].startswith("PROBLEM: No PlexImprovement bundle in the server's Plug-ins folder ")
    assert any(line.startswith('PROBLEM: The server does not answer: ') for line in lines)
    assert lines[-1].startswith('PROBLEM: Logs folder not found or not readable: ')
    assert 'sEcReT42' not in out
    code, out, _err = run(argv + ['--json'])
    found = json.loads(out)
    assert code == 1 and [c['id'] for c in found] == ['bundle', 'policy', 'server_api', 'logs']
    assert found[0]['status'] == 'problem' and found[0]['text'].endswith('restart Plex Media Server.')
    assert COMMANDS['selfcheck'] is selfcheck.main


def test_an_unreadable_token_file(tmpdir):
    code, out, err = run(['--server', 'http://127.0.0.1:9', '--token-file', str(tmpdir.join('none')),
                          '--plugins', str(tmpdir)])
    assert code == 2 and out == '' and err.startswith('selfcheck: cannot read the token file ')
