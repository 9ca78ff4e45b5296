# -*- coding: utf-8 -*-
"""The menu's fix pages: "Apply next fix" and "Applied fixes", every change behind a confirmation.

In: the runtime (Plug-ins folder, data folder, plug-in logs), the state (the last diagnosis; the
last fix operation), the store (the saved diagnosis), the strings, the Settings (which agents
may be changed) and the App's start_job. Out: views (views.py). Apply next fix shows the top
proposal of the last diagnosis that can be applied now, with the files it changes and the diff,
and one entry that applies it; the custom fixes that name their agent are offered below it.
Applied fixes lists each applied fix with its diff and a way to roll it back. Applying and
rolling back (one or all) pass the guard first (guard.py: the owner's token, then "Are you
sure?" until confirm=1), then run as jobs ('fix_apply', 'fix_rollback'), like an
aggregation, and put their outcome into the state's history 'fixes'. The machinery is
fixes/installer.py; its data folder is the plug-in's own (Plug-in Support/Data/<identifier>,
the folder holding DataItems): journal, backups and the owner's custom_fixes/.
"""
from __future__ import absolute_import, division, print_function

import json
import os

from . import views
from .guard import Action, Guard
from ..fixes import catalog
from ..fixes.entries import custom
from ..fixes.errors import Refused
from ..fixes.installer import Installer
from ..fixes.preview import preview
from ..fixes.reload import LogStartConfirmer
from ..fixes.target import find_target
from ..names import DIAGNOSTIC_JSON
from .status import format_time

DIFF_LINES_SHOWN = 60
JOB_APPLY = 'fix_apply'
JOB_ROLLBACK = 'fix_rollback'
FILE_KEYS = {'created': 'FIX_FILE_CREATED', 'changed': 'FIX_FILE_CHANGED', 'deleted': 'FIX_FILE_DELETED'}
LAST_KEYS = {'applied': 'FIX_LAST_APPLIED', 'rolled_back': 'FIX_LAST_ROLLED_BACK', 'refused': 'FIX_LAST_REFUSED',
             'reverted': 'FIX_LAST_REVERTED'}


def fixes_data_dir(paths):
    """The plug-in's data folder: the one holding DataItems (the store), where the fix journal,
    the backups and custom_fixes/ live, shared with the command line's --data."""
    return os.path.dirname(os.path.abspath(paths.data_dir))


def title_of(fix_id, data_dir):
    if fix_id in catalog.BY_ID:
        return catalog.BY_ID[fix_id].title
    try:
        return catalog.module_for(fix_id, data_dir).TITLE
    except Refused:
        return fix_id


class FixPages(object):
    """The pages; ``settings()`` gives the current Settings, ``start_job(title_key, name, work)`` the App's."""

    def __init__(self, runtime, state, text, settings, start_job):
        self.rt = runtime
        self.state = state
        self.text = text
        self.settings = settings
        self.start_job = start_job
        self.data_dir = fixes_data_dir(runtime.paths)
        self.guard = Guard(runtime.token, text)

    # ------------------------------------------------------------------ machinery

    def installer(self):
        return Installer(self.data_dir, self.rt.paths.plugins_dir, confirm_start=self.confirm_start)

    def confirm_start(self, target, since):
        """Watch the agent's log for a fresh start, if it has ever logged here; None (not confirmed)
        for an agent that never ran on this server: nothing would start it to watch."""
        if not os.path.isfile(os.path.join(self.rt.paths.plugin_logs_dir, target.identifier + '.log')):
            return None
        return LogStartConfirmer(self.rt.paths.plugin_logs_dir)(target, since)

    def recover(self):
        """At the plug-in's start: finish or undo a change a crash interrupted (fast: the journal only)."""
        try:
            for note in self.installer().recover():
                self.rt.log.info('Fix recovery: %s', note)
        except (Refused, EnvironmentError) as error:
            self.rt.log.warning('Fix recovery could not run: %s', error)

    def target(self, agent, check_allowed=True):
        allowed = self.settings().agent_allowed if check_allowed else None
        return find_target(self.rt.paths.plugins_dir, agent or '', allowed)

    def last_diagnosis(self):
        history = self.state.read()['history'].get('diagnose') or []
        if not history:
            return None
        return self.rt.store.load_json(DIAGNOSTIC_JSON % history[-1]['iteration'], None)

    def record(self, action, fix_id, agent, outcome, message=None):
        self.state.add_history('fixes', {'time': self.rt.clock.now(), 'action': action, 'fix': fix_id,
                                         'agent': agent, 'outcome': outcome, 'message': message})

    # ------------------------------------------------------------------ pages

    def page(self, entries, header=None, message=None, title_key='MENU_APPLY_FIX'):
        return views.view(self.text(title_key), list(entries) + [views.back_entry(self.text)], header=header,
                          message=message)

    def refused_page(self, error, title_key='MENU_APPLY_FIX', back=('MENU_APPLY_FIX', '/fixes/next')):
        return self.page([views.entry(self.text(back[0]), back[1])], header=self.text('FIX_REFUSED_HEADER'),
                         message=u'%s' % (error,), title_key=title_key)

    def diff_entries(self, lines, here):
        entries = [views.entry(line, here) for line in lines[:DIFF_LINES_SHOWN]]
        if len(lines) > DIFF_LINES_SHOWN:
            entries.append(views.entry(self.text('FIX_DIFF_MORE', count=len(lines) - DIFF_LINES_SHOWN), here))
        return entries

    def next_page(self):
        """The top proposal of the last diagnosis that can be applied now, with what it changes."""
        diagnosis = self.last_diagnosis()
        if diagnosis is None:
            return self.page([views.entry(self.text('FIX_DIAGNOSE_FIRST'), '/diagnose')] + self.custom_entries(),
                             header=self.text('FIX_NO_DIAGNOSIS_HEADER'), message=self.text('FIX_NO_DIAGNOSIS'))
        installer = self.installer()
        skipped = []
        for proposal in diagnosis.get('fixes') or []:
            try:
                target = self.target(proposal.get('agent'))
                found = preview(installer, target, proposal.get('fix_id'), proposal.get('params'))
            except Refused as error:
                skipped.append(views.entry(self.text('FIX_SKIPPED', fix=proposal.get('fix_id'),
                                                     agent=proposal.get('agent'), why=u'%s' % (error,)), '/fixes/next'))
                continue
            return self.preview_view(found, target, proposal.get('rationale'), skipped)
        return self.page(skipped + self.custom_entries(), header=self.text('FIX_NOTHING_HEADER'),
                         message=self.text('FIX_NOTHING', count=len(skipped)))

    def custom_entries(self):
        """The custom fixes, offered for the agent each names; the unusable files, saying why."""
        fixes, problems = custom.load_all(self.data_dir)
        entries = []
        for fix in fixes:
            if fix.AGENT:
                entries.append(views.entry(self.text('FIX_CUSTOM_ENTRY', fix=fix.ID, title=fix.TITLE, agent=fix.AGENT),
                                           views.path_with('/fixes/preview', fix=fix.ID, agent=fix.AGENT)))
            else:
                entries.append(views.entry(self.text('FIX_CUSTOM_NO_AGENT', fix=fix.ID, title=fix.TITLE),
                                           '/fixes/next'))
        entries.extend(views.entry(self.text('FIX_CUSTOM_PROBLEM', name=name, why=why), '/fixes/next')
                       for name, why in problems)
        return entries

    def preview_page(self, fix=None, agent=None, params=None):
        """What applying one fix (a custom fix, or a proposal's link) would change."""
        try:
            values = json.loads(params) if params else {}
            if not isinstance(values, dict):
                raise ValueError('parameters are not a mapping')
        except ValueError as error:
            return self.refused_page(self.text('FIX_BAD_LINK', why=u'%s' % (error,)))
        try:
            target = self.target(agent)
            found = preview(self.installer(), target, fix or '', values)
        except Refused as error:
            return self.refused_page(error)
        return self.preview_view(found, target, None, [])

    def preview_view(self, found, target, rationale, skipped):
        fix_id = found['fix']
        title = title_of(fix_id, self.data_dir)
        params = json.dumps(found['params'], sort_keys=True)
        here = views.path_with('/fixes/preview', fix=fix_id, agent=target.identifier, params=params)
        entries = [views.entry(self.text('FIX_APPLY_CONFIRM', title=title, agent=target.name),
                               views.path_with('/fixes/apply', fix=fix_id, agent=target.identifier, params=params))]
        entries.extend(views.entry(self.text(FILE_KEYS[f['what']], path=f['path']), here) for f in found['files'])
        entries.extend(self.diff_entries(found['diff'], here))
        entries.extend(skipped)
        entries.extend(self.custom_entries() if not catalog.is_custom(fix_id) else [])
        return self.page(entries, header=self.text('FIX_PREVIEW_HEADER', title=title, fix=fix_id, agent=target.name,
                                                   params=params),
                         message=rationale)

    def apply(self, fix=None, agent=None, params=None, asked=None):
        """Apply as a job, once the guard lets it (owner's token, confirmed)."""
        try:
            values = json.loads(params) if params else {}
        except ValueError as error:
            return self.refused_page(self.text('FIX_BAD_LINK', why=u'%s' % (error,)))
        title = title_of(fix or '', self.data_dir)
        stop = self.guard.check(asked, Action(
            self.text('MENU_APPLY_FIX'), self.text('GUARD_APPLY_CHANGE', title=title, fix=fix, agent=agent),
            self.text('GUARD_APPLY_YES', title=title, agent=agent), '/fixes/apply',
            {'fix': fix, 'agent': agent, 'params': params}, self.text('MENU_APPLY_FIX'),
            views.path_with('/fixes/preview', fix=fix, agent=agent, params=params)))
        if stop is not None:
            return stop
        return self.start_job('MENU_APPLY_FIX', JOB_APPLY, lambda job: self.apply_work(job, fix, agent, values))

    def apply_work(self, job, fix_id, agent, params):
        job.progress(0, 1, 'steps', self.text('PROGRESS_FIX_APPLYING', fix=fix_id, agent=agent))
        try:
            target = self.target(agent)
            outcome = self.installer().apply(target, fix_id, params)
        except Refused as error:
            self.record('apply', fix_id, agent, 'refused', u'%s' % (error,))
            raise
        self.record('apply', fix_id, target.name, 'reverted' if outcome['rolled_back'] else 'applied',
                    outcome['restart'])
        job.progress(1, 1, 'steps', self.text('PROGRESS_DONE'))
        return {'fix': fix_id, 'agent': target.identifier, 'files': len(outcome['files']),
                'restart': outcome['restart'], 'rolled_back': outcome['rolled_back']}

    def applied_page(self):
        """Every applied fix, with a way to its diff and to roll back all fixes of its agent."""
        try:
            report = self.installer().status()
        except (Refused, EnvironmentError) as error:
            return self.refused_page(error, 'MENU_APPLIED_FIXES', ('MENU_STATUS', '/status'))
        entries = self.last_entries()
        for target in report['targets']:
            agent, bundle = target['identifier'], target['bundle']
            if not target['found']:
                entries.append(views.entry(self.text('FIX_TARGET_GONE', agent=bundle or agent), '/fixes/applied'))
                continue
            for applied in target['applied']:
                entries.append(views.entry(
                    self.text('FIX_APPLIED_ENTRY', title=title_of(applied['fix'], self.data_dir), fix=applied['fix'],
                              agent=bundle, when=applied['time']),
                    views.path_with('/fixes/applied/view', agent=agent, fix=applied['fix'])))
            entries.extend(views.entry(self.text('FIX_OPEN_CHANGE', agent=bundle, change=change), '/status')
                           for change in target['open'])
            entries.append(views.entry(self.text('FIX_ROLLBACK_ALL_ENTRY', agent=bundle),
                                       views.path_with('/fixes/rollback/run', agent=agent, every='1')))
        if not report['targets']:
            entries.append(views.entry(self.text('FIX_NONE_APPLIED'), '/fixes/next'))
        return self.page(entries, title_key='MENU_APPLIED_FIXES')

    def last_entries(self):
        history = self.state.read()['history'].get('fixes') or []
        if not history:
            return []
        last = history[-1]
        note = last.get('message') or ''
        return [views.entry(self.text(LAST_KEYS[last['outcome']], fix=last['fix'] or self.text('FIX_EVERY'),
                                      agent=last['agent'], why=note, restart=note, when=format_time(last['time'])),
                            '/fixes/applied')]

    def applied_view(self, agent=None, fix=None):
        """One applied fix: its diff, and the way to roll it back."""
        try:
            target = self.target(agent, check_allowed=False)
            lines = self.installer().diff(target, fix).splitlines()
        except Refused as error:
            return self.refused_page(error, 'MENU_APPLIED_FIXES', ('MENU_APPLIED_FIXES', '/fixes/applied'))
        here = views.path_with('/fixes/applied/view', agent=agent, fix=fix)
        entries = [views.entry(self.text('FIX_ROLLBACK_ONE_ENTRY', fix=fix, agent=target.name),
                               views.path_with('/fixes/rollback/run', agent=agent, fix=fix))]
        entries.extend(self.diff_entries(lines, here) or [views.entry(self.text('FIX_DIFF_NONE'), here)])
        entries.append(views.entry(self.text('MENU_APPLIED_FIXES'), '/fixes/applied'))
        return self.page(entries, header=self.text('FIX_PREVIEW_HEADER', title=title_of(fix, self.data_dir), fix=fix,
                                                   agent=target.name),
                         title_key='MENU_APPLIED_FIXES')

    def rollback(self, agent=None, fix=None, every=None, asked=None):
        """Roll back one fix, or every fix of an agent, as a job once the guard lets it."""
        stop = self.guard.refuse(asked, self.text('MENU_APPLIED_FIXES'), self.text('MENU_APPLIED_FIXES'),
                                 '/fixes/applied')
        if stop is not None:
            return stop
        try:
            target = self.target(agent, check_allowed=False)
        except Refused as error:
            return self.refused_page(error, 'MENU_APPLIED_FIXES', ('MENU_APPLIED_FIXES', '/fixes/applied'))
        if every:
            yes, change = (self.text('FIX_ROLLBACK_YES_ALL', agent=target.name),
                           self.text('FIX_ROLLBACK_CONFIRM_ALL', agent=target.name))
        else:
            yes, change = (self.text('FIX_ROLLBACK_YES_ONE', fix=fix, agent=target.name),
                           self.text('FIX_ROLLBACK_CONFIRM_ONE', fix=fix, agent=target.name))
        stop = self.guard.check(asked, Action(
            self.text('MENU_APPLIED_FIXES'), change, yes, '/fixes/rollback/run',
            {'agent': agent, 'fix': None if every else fix, 'every': '1' if every else None},
            self.text('MENU_APPLIED_FIXES'), '/fixes/applied'))
        if stop is not None:
            return stop
        return self.start_job('MENU_APPLIED_FIXES', JOB_ROLLBACK,
                              lambda job: self.rollback_work(job, agent, None if every else fix))

    def rollback_work(self, job, agent, fix_id):
        job.progress(0, 1, 'steps', self.text('PROGRESS_FIX_ROLLING_BACK', fix=fix_id or '*', agent=agent))
        try:
            target = self.target(agent, check_allowed=False)
            installer = self.installer()
            outcome = installer.rollback(target, fix_id) if fix_id else installer.rollback_all(target)
        except Refused as error:
            self.record('rollback', fix_id, agent, 'refused', u'%s' % (error,))
            raise
        self.record('rollback', fix_id, target.name, 'rolled_back', outcome['restart'])
        job.progress(1, 1, 'steps', self.text('PROGRESS_DONE'))
        return {'fix': fix_id, 'agent': target.identifier, 'files': len(outcome['files']),
                'restart': outcome['restart']}
