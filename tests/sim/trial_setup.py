# -*- coding: utf-8 -*-
"""What the trial tests against the simulated server share: a sim whose library was refreshed
once and diagnosed (so the trial tests the items the findings name, as the plug-in does), the
installer, target and store of the plug-in's data folder, and short waits."""
from __future__ import absolute_import, division, print_function

import os

from harness import plexemu
from harness.pmssim import fakesite
from harness.pmssim.assumptions import Assumptions
from harness.pmssim.plugins import SAMPLE_AGENT_ID

from pleximprovement.contributor.record import ContributionLog
from pleximprovement.diagnose.diagnosis import diagnose
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.target import find_target
from pleximprovement.names import IDENTIFIER
from pleximprovement.pms import agents, completion
from pleximprovement.pms.client import PmsClient
from pleximprovement.read.aggregate import run_aggregation
from pleximprovement.runtime.store import FileStore
from pleximprovement.trial import backoff
from pleximprovement.trial.runner import Options, run_trial

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
# Seed 11, 24 titles, half the site's URLs behind the bot check and a tenth on the second
# layout: the findings name unmatched items and matched items whose update failed, and the
# browser headers make more than five of them succeed.
SEED = 11
SIZE = 24
FAST = completion.Waiter(poll=0.05)
NO_WAITING = dict((kind, 0.01) for kind in backoff.KINDS)


def site(**overrides):
    values = dict(challenge_rate=0.5, alt_layout_rate=0.1)
    values.update(overrides)
    return fakesite.SiteConfig.quiet(seed=SEED, **values)


def options(**overrides):
    values = dict(deadline=30, settle=0.2, waiter=FAST, backoff_base=NO_WAITING, backoff_cap=NO_WAITING)
    values.update(overrides)
    return Options(**values)


class Setup(object):
    """The sim, refreshed and diagnosed, and the plug-in's side of a trial."""

    def __init__(self, make_sim, assumptions=None, site_config=None, diagnosed=True, **sim_args):
        self.sim = sim = make_sim(seed=SEED, library_size=SIZE, site_config=site_config or site(),
                                  assumptions=assumptions or Assumptions(activity_delay=0.1), **sim_args)
        self.client = PmsClient(sim.base_url, sim.token, timeout=10, retries=1, sleep=lambda seconds: None)
        self.data = sim.layout.data_dir(IDENTIFIER)
        self.store = FileStore(os.path.join(self.data, 'DataItems'))
        self.installer = Installer(self.data, sim.layout.plugins_dir)
        self.target = find_target(sim.layout.plugins_dir, SAMPLE_AGENT_ID, None)
        self.contributions = ContributionLog(self.data)
        self.emulator = None
        self.diagnosis = None
        if diagnosed:
            assert completion.refresh_section_and_wait(self.client, 1, force=True, deadline=300,
                                                       waiter=FAST)['finished']
            self.diagnosis = diagnose(run_aggregation(sim.layout.logs_dir))

    def run(self, fix, **kwargs):
        kwargs.setdefault('options', options())
        kwargs.setdefault('diagnosis', self.diagnosis)
        return run_trial(self.client, self.installer, self.target, fix, self.store, self.sim.layout.plugin_logs_dir,
                         contributions=self.contributions, **kwargs)

    def host_plugin(self, enable=True):
        """PlexImprovement itself in the emulator, attached to the sim as a plug-in, its contributor
        enabled for the sample agent (as the owner would tick it); stopped by stop()."""
        self.emulator = plexemu.Emulator(BUNDLE, self.sim.app_support, env={'PLEXTOKEN': self.sim.token},
                                         server_url=self.sim.base_url)
        self.emulator.start()
        self.sim.attach_plugin(IDENTIFIER, self.emulator, BUNDLE)
        if enable:
            config = agents.agent_config(self.client, SAMPLE_AGENT_ID, 1)
            self.client.send('PUT', '/system/agents/%s/config/1' % SAMPLE_AGENT_ID,
                             {'order': agents.enable_order(config, IDENTIFIER, SAMPLE_AGENT_ID)})
        return self.emulator

    def stop(self):
        if self.emulator is not None:
            self.emulator.stop()
            self.emulator = None
