# -*- coding: utf-8 -*-
"""The Status page and the lines it shares with the main menu.

In: the strings, the job runner (what runs and how far it got), a copy of the state (last
jobs, aggregation and diagnosis history, the collector's last tick), the Settings and the
preference problems. Out: views (see views.py): a failed job shows its error, an aggregation
that could not read everything names what it could not read. Presentation only: nothing
here writes.
"""
from __future__ import absolute_import, division, print_function

import time

from . import views
from ..diagnose.numbers import round_half_up


def format_time(epoch):
    if not epoch:
        return '-'
    return time.strftime('%Y-%m-%d %H:%M', time.localtime(epoch))


def format_bytes(count):
    return '%.1f MB' % (count / (1024.0 * 1024.0))


def percent_done(done, total):
    return 0.0 if not total else 100.0 * done / total


def job_line(text, jobs, name):
    """One line for the running job: its name and, when it reported any, its progress."""
    progress = jobs.progress_of(name)
    label = text('JOB_' + name.upper())
    if not progress or not progress.get('total'):
        return text('JOB_RUNNING', job=label)
    done, total = progress['done'], progress['total']
    if progress.get('unit') == 'bytes':
        amount = text('PROGRESS_BYTES', done=format_bytes(done), total=format_bytes(total))
    else:
        amount = text('PROGRESS_COUNT', done=done, total=total)
    return text('JOB_PROGRESS', job=label, amount=amount, pct='%.0f' % percent_done(done, total),
                detail=progress.get('text') or '')


def problem_entries(text, problems):
    return [views.entry(text('PREF_PROBLEM_ENTRY', message=text(p.key, **p.params)), '/status')
            for p in problems]


def status_page(text, jobs, state, settings, problems):
    entries = []
    running = jobs.running()
    entries.append(views.entry(job_line(text, jobs, running) if running else text('STATUS_IDLE'), '/status'))
    for name in sorted(state['jobs']):
        info = state['jobs'][name]
        if name == running:
            continue
        key = 'STATUS_LAST_JOB_ERROR' if info.get('error') else 'STATUS_LAST_JOB'
        entries.append(views.entry(text(key, job=text('JOB_' + name.upper()),
                                        status=text('JOB_STATUS_' + info.get('status', 'done').upper()),
                                        when=format_time(info.get('finished')), error=info.get('error')),
                                   '/status', info.get('error')))
    entries.extend(aggregate_status(text, state))
    entries.extend(diagnose_status(text, state))
    entries.extend(collector_status(text, state, settings.collector_interval_minutes))
    entries.extend(problem_entries(text, problems))
    entries.append(views.back_entry(text))
    return views.view(text('MENU_STATUS'), entries)


def schedule_entries(text, info, settings):
    """The daily run's line: off, or its time, next and last run, duration and last error."""
    if settings.schedule != 'daily':
        return [views.entry(text('SCHEDULE_OFF'), '/status')]
    hour, minute = settings.schedule_time
    line = text('SCHEDULE_DAILY', time='%02d:%02d' % (hour, minute), next=format_time(info.get('next_run')),
                last=format_time(info.get('last_run')),
                state=text('SCHEDULE_RUNNING') if info.get('running') else (
                    '%s s' % info['duration'] if info.get('duration') is not None else '-'))
    return [views.entry(line, '/status', info.get('last_error'))]


def rate_text(text, rate):
    """A success rate as '33.3%'; no rate at all (no searches) is said so, never '0.0%'."""
    if rate is None:
        return text('STATUS_NO_SEARCHES')
    return '%.1f%%' % round_half_up(100.0 * rate, 1)      # ties as on 2.7 and 3 alike


def aggregate_status(text, state):
    history = state['history'].get('aggregate') or []
    if not history:
        return [views.entry(text('STATUS_NO_AGGREGATION'), '/aggregate')]
    last = history[-1]
    totals = last.get('totals') or {}
    line = text('STATUS_AGGREGATION', iteration=last.get('iteration'), when=format_time(last.get('time')),
                searches=totals.get('total_search_ops', 0), found=totals.get('titles_found', 0),
                rate=rate_text(text, totals.get('success_rate')),
                url_errors=totals.get('url_errors', 0), unknown=totals.get('outcome_unknown', 0))
    report = last.get('report')
    path = views.path_with('/reports/view', name=report) if report else '/reports'
    entries = [views.entry(line, path)]
    for what in last.get('unread') or []:
        entries.append(views.entry(text('STATUS_UNREAD', what=what), '/status'))
    more = (last.get('unread_total') or 0) - len(last.get('unread') or [])
    if more > 0:
        entries.append(views.entry(text('STATUS_UNREAD_MORE', count=more), '/status'))
    return entries


def diagnose_status(text, state):
    history = state['history'].get('diagnose') or []
    if not history:
        return []
    last = history[-1]
    line = text('STATUS_DIAGNOSIS', iteration=last.get('iteration'), when=format_time(last.get('time')),
                findings=last.get('findings', 0), fixes=last.get('fixes', 0))
    report = last.get('report')
    return [views.entry(line, views.path_with('/reports/view', name=report) if report else '/reports')]


def collector_status(text, state, interval_minutes):
    if not interval_minutes:
        return [views.entry(text('STATUS_COLLECTOR_OFF'), '/status')]
    info = state.get('collector') or {}
    if not info.get('time'):
        return [views.entry(text('STATUS_COLLECTOR_WAITING'), '/status')]
    if info.get('error'):
        return [views.entry(text('STATUS_COLLECTOR_ERROR', when=format_time(info['time']),
                                 error=info['error']), '/status')]
    entries = [views.entry(text('STATUS_COLLECTOR', when=format_time(info['time']),
                                read=format_bytes(info.get('bytes_read') or 0),
                                files=info.get('files', 0)), '/status')]
    totals = info.get('collected_totals') or {}
    if totals.get('total_search_ops'):
        entries.append(views.entry(text('STATUS_COLLECTED', searches=totals['total_search_ops'],
                                        found=totals.get('titles_found', 0),
                                        rate=rate_text(text, totals.get('success_rate')),
                                        url_errors=totals.get('url_errors', 0)), '/status'))
    lost = info.get('lost_bytes_total') or 0
    if lost:
        entries.append(views.entry(text('STATUS_COLLECTOR_LOSS', lost=format_bytes(lost)), '/status'))
    return entries
