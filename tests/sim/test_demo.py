# -*- coding: utf-8 -*-
"""`make demo`'s full-library refresh, checked end to end: the plug-in's own aggregation of the
logs it leaves (pleximprovement.read.aggregate) counts exactly the searches, titles found and
failed fetches the simulator itself tallied for that run (not from the logs: from what the
agent returned and what the fake site answered)."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement.read.aggregate import run_aggregation

from harness import demo
from harness.pmssim.plugins import SAMPLE_AGENT_ID
from harness.pmssim.server import SimServer, summarize


def test_plugin_counts_equal_the_simulator_tally_after_the_demo_refresh(tmpdir):
    sim = SimServer(os.path.join(str(tmpdir), 'Plex Media Server'), seed=demo.DEFAULT_SEED,
                    library_size=demo.DEFAULT_SIZE)
    try:
        sim.start()
        demo.refresh_library(sim.base_url, sim.token)
        assert sim.wait_idle(120)
        tally = summarize(sim)
        snapshot = run_aggregation(sim.layout.logs_dir)
    finally:
        sim.stop()
    assert tally['refreshes'] == demo.DEFAULT_SIZE
    agent = snapshot['agents'][SAMPLE_AGENT_ID]
    totals = snapshot['totals']
    counted = (totals['total_search_ops'], totals['titles_found'], totals['url_errors'])
    assert counted == (agent['total_search_ops'], agent['titles_found'], agent['url_errors'])
    assert counted == (tally['searches'], tally['titles_found'], tally['url_errors']), tally
