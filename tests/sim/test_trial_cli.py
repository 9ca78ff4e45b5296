# -*- coding: utf-8 -*-
"""`python -m pleximprovement trial` against the simulated server: the JSON holds the pairs, the
discordant counts, the p-value, the decision and the refreshes (saved ones too), exit 0; the
token file's content is printed nowhere. (`make sim` printing its Plug-ins and Logs folders:
tests/sim/test_pmssim_server.py.)"""
from __future__ import absolute_import, division, print_function

import io
import json

from harness.pmssim.plugins import SAMPLE_AGENT_ID

from pleximprovement.cli import trial as cli_trial

from .trial_setup import Setup, site


def run_cli(argv):
    out, err = io.BytesIO(), io.BytesIO()
    status = cli_trial.main(argv, out=out, err=err)
    return status, out.getvalue().decode('utf-8'), err.getvalue().decode('utf-8')


def test_trial_command_prints_the_result_as_json(make_sim, tmpdir):
    setup = Setup(make_sim, diagnosed=False, site_config=site(challenge_rate=0.0, alt_layout_rate=0.0))
    token_file = str(tmpdir.join('token'))
    with io.open(token_file, 'wb') as handle:
        handle.write(setup.sim.token.encode('ascii') + b'\n')
    sim = setup.sim
    status, out, err = run_cli(['--server', sim.base_url, '--token-file', token_file, '--plugins',
                                sim.layout.plugins_dir, '--data', setup.data, '--agent', SAMPLE_AGENT_ID,
                                '--fix', 'network_timeout', '--items', '8', '--deadline', '30', '--json'])
    assert status == 0, err
    result = json.loads(out)
    assert result['decision'] == 'ROLLBACK' and result['discordant'] == {'improved': 0, 'worsened': 0}
    assert len(result['pairs']) == 8 and all(set(p) >= {'item', 'before', 'after'} for p in result['pairs'])
    assert result['refreshes'] + result['refreshes_saved'] == result['refreshes_full'] == 16
    assert result['p_value'] == 1.0
    assert sim.token not in out and sim.token not in err
    assert setup.store.load(result['report']).startswith(b'# Test report: fix network\\_timeout')


def test_trial_command_text_names_the_decision_and_the_report(make_sim, tmpdir):
    setup = Setup(make_sim, diagnosed=False)
    token_file = str(tmpdir.join('token'))
    with io.open(token_file, 'wb') as handle:
        handle.write(setup.sim.token.encode('ascii'))
    status, out, _err = run_cli(['--server', setup.sim.base_url, '--token-file', token_file, '--plugins',
                                 setup.sim.layout.plugins_dir, '--data', setup.data, '--agent', 'SampleAgent',
                                 '--fix', 'browser_headers', '--items', '2'])
    assert status == 0
    assert out.splitlines()[0] == 'decision: MONITOR (sample_too_small)'
    assert 'report: test_report_browser_headers_iteration_1.md' in out
