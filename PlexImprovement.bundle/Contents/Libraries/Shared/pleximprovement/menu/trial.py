# -*- coding: utf-8 -*-
"""The menu's trial pages: "Test applied fix", the back-off windows and the contributor's state.

In: the runtime (server token, Plug-ins and logs folders, store), the state (the last diagnosis,
the trial history), the strings, the Settings (server URL, items per fix, alpha, the agents
allowed) and the App's start_job. Out: views (views.py) and the 'trial' job, which runs
trial/runner.py against the server in Prefs and records its decision in the state's history
'trial' (what the loop and Status read). The page offers a trial of each applied fix and of
each fix the last diagnosis proposes; Status gets the last decision, the open back-off windows
(each with a reset) and, per library, whether the contributor is enabled (asked from the server
at most every CONTRIBUTOR_TTL seconds, so Status stays fast). Running a test and resetting a
back-off window pass the guard first (guard.py: the owner's token, then "Are you sure?").
"""
from __future__ import absolute_import, division, print_function

from . import views
from .guard import Action, Guard
from ..contributor.record import ContributionLog
from ..contributor.status import contributor_status
from ..fixes.errors import Refused
from ..fixes.installer import Installer
from ..fixes.target import find_target
from ..names import DIAGNOSTIC_JSON, IDENTIFIER
from ..pms.client import PmsClient
from ..pms.errors import PmsError
from ..trial.backoff import BackoffRegistry
from ..trial.decide import Rules
from ..trial.runner import Options, run_trial
from .fixes import fixes_data_dir, title_of
from .status import format_time

JOB = 'trial'
MAX_PROPOSALS = 5
CONTRIBUTOR_TTL = 60.0
STATUS_TIMEOUT = 3.0


class TrialPages(object):
    """The pages; ``settings()`` gives the current Settings, ``start_job(title_key, name, work)`` the App's."""

    def __init__(self, runtime, state, text, settings, start_job):
        self.rt = runtime
        self.state = state
        self.text = text
        self.settings = settings
        self.start_job = start_job
        self.data_dir = fixes_data_dir(runtime.paths)
        self.backoff = BackoffRegistry(runtime.store, runtime.clock.now)
        self.contributor_cache = (None, None)       # (time asked, status list or error text)
        self.guard = Guard(runtime.token, text)

    # ------------------------------------------------------------------ machinery

    def client(self, timeout=None, retries=None):
        kwargs = {}
        if timeout is not None:
            kwargs.update(timeout=timeout, retries=retries or 0)
        return PmsClient(self.settings().server_url, self.rt.token, **kwargs)

    def installer(self):
        return Installer(self.data_dir, self.rt.paths.plugins_dir)

    def last_diagnosis(self):
        history = self.state.read()['history'].get('diagnose') or []
        if not history:
            return None
        return self.rt.store.load_json(DIAGNOSTIC_JSON % history[-1]['iteration'], None)

    def page_of(self, entries, header=None, message=None):
        return views.view(self.text('MENU_TEST_FIX'), list(entries) + [views.back_entry(self.text)], header=header,
                          message=message)

    # ------------------------------------------------------------------ pages

    def page(self):
        """One entry per fix that can be tested: the applied ones, then the last diagnosis's proposals."""
        entries = self.last_entries()
        offered = set()
        try:
            report = self.installer().status()
        except (Refused, EnvironmentError) as error:
            report = {'targets': []}
            entries.append(views.entry(self.text('TRIAL_NO_STATUS', why=u'%s' % (error,)), '/trial'))
        for target in report['targets']:
            for applied in target['applied'] if target['found'] else ():
                offered.add((target['identifier'], applied['fix']))
                entries.append(self.run_entry('TRIAL_TEST_APPLIED', applied['fix'], target['identifier'],
                                              target['bundle']))
        for proposal in ((self.last_diagnosis() or {}).get('fixes') or [])[:MAX_PROPOSALS]:
            key = (proposal.get('agent'), proposal.get('fix_id'))
            if key not in offered and self.settings().agent_allowed(key[0]):
                offered.add(key)
                entries.append(self.run_entry('TRIAL_TEST_PROPOSED', key[1], key[0], key[0]))
        if not offered:
            entries.append(views.entry(self.text('TRIAL_NOTHING'), '/fixes/next'))
        entries.extend(self.backoff_entries())
        entries.append(views.entry(self.text('TRIAL_CONTRIBUTOR_ENTRY'), '/trial/contributor'))
        return self.page_of(entries)

    def run_entry(self, key, fix_id, agent, bundle):
        return views.entry(self.text(key, title=title_of(fix_id, self.data_dir), fix=fix_id, agent=bundle),
                           views.path_with('/trial/run', agent=agent, fix=fix_id),
                           self.text('TRIAL_RUN_SUMMARY', items=self.settings().test_items_per_fix))

    def run(self, agent=None, fix=None, asked=None):
        if not agent or not fix:
            return self.page_of([views.entry(self.text('MENU_TEST_FIX'), '/trial')],
                                header=self.text('FIX_REFUSED_HEADER'), message=self.text('TRIAL_BAD_LINK'))
        stop = self.guard.check(asked, Action(
            self.text('MENU_TEST_FIX'),
            self.text('GUARD_TRIAL_CHANGE', fix=fix, agent=agent, items=self.settings().test_items_per_fix),
            self.text('GUARD_TRIAL_YES', fix=fix, agent=agent), '/trial/run', {'agent': agent, 'fix': fix},
            self.text('MENU_TEST_FIX'), '/trial'))
        if stop is not None:
            return stop
        return self.start_job('MENU_TEST_FIX', JOB, lambda job: self.work(job, agent, fix))

    def work(self, job, agent, fix_id):
        """The job: one trial, its decision recorded in the state's history 'trial'."""
        settings = self.settings()
        target = find_target(self.rt.paths.plugins_dir, agent, settings.agent_allowed)

        def progress(phase, done, total):
            job.progress(done, total, 'steps', self.text('PROGRESS_TRIAL_' + phase.upper(), fix=fix_id))

        options = Options(limit=int(settings.test_items_per_fix), rules=Rules(alpha=settings.trial_alpha))
        result = run_trial(self.client(), self.installer(), target, fix_id, self.rt.store,
                           self.rt.paths.plugin_logs_dir, diagnosis=self.last_diagnosis(), options=options,
                           contributions=ContributionLog(self.data_dir), progress=progress,
                           should_stop=job.stop_event.is_set)
        self.state.add_history('trial', {
            'iteration': result['iteration'], 'time': self.rt.clock.now(), 'fix': fix_id, 'agent': target.identifier,
            'decision': result['decision'], 'reason': result['reason'], 'p_value': result['p_value'],
            'improved': result['discordant']['improved'], 'worsened': result['discordant']['worsened'],
            'refreshes': result['refreshes'], 'refreshes_saved': result['refreshes_saved'],
            'fix_state': result['fix_state'], 'report': result['report']})
        return {'decision': result['decision'], 'reason': result['reason'], 'report': result['report']}

    def last_entries(self):
        history = self.state.read()['history'].get('trial') or []
        if not history:
            return []
        last = history[-1]
        return [views.entry(self.text('TRIAL_LAST', decision=last['decision'], reason=last['reason'], fix=last['fix'],
                                      agent=last['agent'], p='%.4g' % last['p_value'], improved=last['improved'],
                                      worsened=last['worsened'], when=format_time(last['time'])),
                            views.path_with('/reports/view', name=last['report']))]

    def backoff_entries(self):
        entries = []
        for window in self.backoff.open_windows():
            entries.append(views.entry(
                self.text('TRIAL_BACKOFF', site=window['site'], kind=window['kind'], streak=window['streak'],
                          seconds=int(window['seconds_left'])),
                views.path_with('/trial/backoff/reset', site=window['site']), self.text('TRIAL_BACKOFF_SUMMARY')))
        return entries

    def reset_backoff(self, site=None, asked=None):
        which = site or self.text('GUARD_EVERY_SITE')
        stop = self.guard.check(asked, Action(
            self.text('MENU_TEST_FIX'), self.text('GUARD_BACKOFF_CHANGE', site=which),
            self.text('GUARD_BACKOFF_YES', site=which), '/trial/backoff/reset', {'site': site},
            self.text('MENU_TEST_FIX'), '/trial'))
        if stop is not None:
            return stop
        closed = self.backoff.reset(site or None)
        return self.page_of([views.entry(self.text('MENU_TEST_FIX'), '/trial'), views.status_entry(self.text)],
                            header=self.text('TRIAL_BACKOFF_RESET_HEADER'),
                            message=self.text('TRIAL_BACKOFF_RESET', count=closed, site=site or '*'))

    # ------------------------------------------------------------------ the contributor

    def contributor_lines(self):
        """[(text, summary)] per library, asked from the server at most every CONTRIBUTOR_TTL seconds."""
        asked, found = self.contributor_cache
        now = self.rt.clock.now()
        if asked is None or now - asked > CONTRIBUTOR_TTL:
            try:
                found = contributor_status(self.client(STATUS_TIMEOUT, 0), IDENTIFIER)
            except PmsError as error:
                found = u'%s' % (error,)
            self.contributor_cache = (now, found)
        if not isinstance(found, list):
            return [(self.text('TRIAL_CONTRIBUTOR_UNKNOWN', why=found), None)]
        lines = []
        for entry in found:
            key = 'TRIAL_CONTRIBUTOR_ON' if entry['enabled'] else 'TRIAL_CONTRIBUTOR_OFF'
            lines.append((self.text(key, title=entry['title'], agent=entry['agent']), entry['how']))
        return lines or [(self.text('TRIAL_CONTRIBUTOR_NO_LIBRARY'), None)]

    def contributor_page(self):
        entries = [views.entry(text, '/trial/contributor', summary) for text, summary in self.contributor_lines()]
        entries.append(views.entry(self.text('MENU_TEST_FIX'), '/trial'))
        return self.page_of(entries, header=self.text('TRIAL_CONTRIBUTOR_HEADER'),
                            message=self.text('TRIAL_CONTRIBUTOR_MESSAGE'))

    def status_entries(self):
        """Status's lines: the last decision, the open back-off windows, the contributor per library."""
        entries = self.last_entries() + self.backoff_entries()
        entries.extend(views.entry(text, '/trial/contributor', summary) for text, summary in self.contributor_lines())
        return entries
