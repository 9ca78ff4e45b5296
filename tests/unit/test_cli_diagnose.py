# -*- coding: utf-8 -*-
"""The offline command: `python -m pleximprovement diagnose --logs DIR [--json] [--hours H] [--agent ID]`."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from pleximprovement.cli import diagnose as cli_diagnose

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'diagnose')


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli_diagnose.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_markdown_report_of_a_folder():
    code, out, err = run(['--logs', FIXTURES])
    assert code == 0 and err == u''
    assert out.startswith(u'# Diagnostic report, iteration 1')
    assert u'## Findings' in out and u'browser\\_headers' in out


def test_json_of_one_agent():
    code, out, _ = run(['--logs', FIXTURES, '--json', '--agent', 'com.example.agents.blocked'])
    assert code == 0
    d = json.loads(out)
    assert [(f['kind'], f['agent']) for f in d['findings']] == [('blocked', 'com.example.agents.blocked')]
    assert d['fixes'][0]['fix_id'] == 'browser_headers'


def test_hours_window_drops_older_lines():
    _, everything, _ = run(['--logs', os.path.join(FIXTURES, 'crash_loop'), '--json'])
    _, recent, _ = run(['--logs', os.path.join(FIXTURES, 'crash_loop'), '--json', '--hours', '0.02'])
    count = lambda d: sum(f['count'] for f in json.loads(d)['findings'])  # noqa: E731
    assert count(recent) < count(everything)


def test_missing_folder_is_exit_2_with_one_line(tmpdir):
    code, out, err = run(['--logs', str(tmpdir.join('nope'))])
    assert code == 2 and out == u''
    assert len(err.strip().splitlines()) == 1 and u'nope' in err


def test_previous_diagnosis_gives_focused_mode(tmpdir):
    _, first, _ = run(['--logs', os.path.join(FIXTURES, 'blocked'), '--json'])
    path = tmpdir.join('prev.json')
    path.write(first)
    code, out, _ = run(['--logs', os.path.join(FIXTURES, 'timeout'), '--json', '--previous', str(path)])
    d = json.loads(out)
    assert code == 0 and d['mode'] == 'focused'
    assert [f['kind'] for f in d['comparison']['resolved']] == ['blocked']
    assert [f['kind'] for f in d['comparison']['new']] == ['timeout']


def test_a_wrong_previous_file_is_refused_in_one_line_never_switching_mode(tmpdir):
    not_json = tmpdir.join('log.txt')
    not_json.write('2024-05-02 21:00:00,000 (7f01) :  INFO (core:349) - Starting framework core\n')
    snapshot = tmpdir.join('snapshot.json')
    snapshot.write(json.dumps({'totals': {}, 'agents': {}}))
    listed = tmpdir.join('list.json')
    listed.write('[]')
    bad_finding = tmpdir.join('bad.json')
    bad_finding.write(json.dumps({'mode': 'full', 'findings': [{'kind': 'blocked'}], 'fixes': []}))
    cases = [(not_json, u'it is not JSON'),
             (snapshot, u'it is not the JSON of diagnose --json (no findings, fixes and mode)'),
             (listed, u'it is not the JSON of diagnose --json (no findings, fixes and mode)'),
             (bad_finding, u'a finding lacks one of key, id, kind, agent, count'),
             (tmpdir.join('missing.json'), u'No such file or directory'),
             (tmpdir, None)]
    for path, why in cases:
        code, out, err = run(['--logs', FIXTURES, '--previous', str(path)])
        assert code == 2 and out == u''
        assert len(err.splitlines()) == 1
        assert err.startswith(u'diagnose: cannot use %s as the previous diagnosis: ' % path)
        if why:
            assert err == u'diagnose: cannot use %s as the previous diagnosis: %s\n' % (path, why)


def test_json_is_the_same_text_on_every_python():
    code, out, _ = run(['--logs', os.path.join(FIXTURES, 'blocked'), '--json'])
    assert code == 0
    assert all(line == line.rstrip() for line in out.splitlines())     # 2.7 wrote ", " at line ends
    assert out == json.dumps(json.loads(out), indent=1, sort_keys=True, separators=(',', ': '),
                             ensure_ascii=False) + u'\n'
