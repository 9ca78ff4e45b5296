# -*- coding: utf-8 -*-
"""The Reports page: the saved reports, newest first, and one report a page at a time.

In: the strings and the store holding the reports (names.REPORT_PREFIXES). Out: views. A
menu shows one entry per line, so a report is cut into pages of REPORT_LINES_PER_PAGE lines;
only names the store lists are opened, so a crafted name cannot reach another file, and a
missing name gets a page saying that one is needed.
"""
from __future__ import absolute_import, division, print_function

from . import views
from ..names import REPORT_PREFIXES

REPORT_LINES_PER_PAGE = 40


def report_sort_key(name):
    """Newest iteration first, diagnosis before aggregation of the same iteration."""
    digits = ''.join(c for c in name.rsplit('_', 1)[-1] if c.isdigit())
    return (int(digits) if digits else 0, name)


def report_names(store):
    names = []
    for prefix in REPORT_PREFIXES:
        names.extend(n for n in store.list(prefix) if n.endswith('.txt') or n.endswith('.md'))
    return sorted(names, key=report_sort_key, reverse=True)


def report_list_page(text, store):
    names = report_names(store)
    entries = [views.entry(name, views.path_with('/reports/view', name=name)) for name in names]
    if not entries:
        entries.append(views.entry(text('REPORTS_NONE'), '/aggregate'))
    entries.append(views.back_entry(text))
    return views.view(text('MENU_REPORTS'), entries)


def report_page(text, store, name, page='1'):
    if not name:
        return views.view(text('MENU_REPORTS'), [views.entry(text('MENU_REPORTS'), '/reports'),
                                                 views.back_entry(text)],
                          header=text('REPORT_NAME_NEEDED_HEADER'), message=text('REPORT_NAME_NEEDED'))
    if name not in report_names(store):
        return views.view(text('MENU_REPORTS'), [views.entry(text('MENU_REPORTS'), '/reports'),
                                                 views.back_entry(text)],
                          header=text('REPORT_MISSING_HEADER'),
                          message=text('REPORT_MISSING', name=name))
    raw = store.load(name) or b''
    lines = [line for line in raw.decode('utf-8', 'replace').splitlines() if line.strip()]
    try:
        page_number = max(1, int(page))
    except (TypeError, ValueError):
        page_number = 1
    pages = max(1, (len(lines) + REPORT_LINES_PER_PAGE - 1) // REPORT_LINES_PER_PAGE)
    page_number = min(page_number, pages)
    start = (page_number - 1) * REPORT_LINES_PER_PAGE
    here = views.path_with('/reports/view', name=name, page=page_number)
    entries = [views.entry(line, here) for line in lines[start:start + REPORT_LINES_PER_PAGE]]
    if page_number < pages:
        entries.append(views.entry(text('REPORT_NEXT_PAGE', page=page_number + 1, pages=pages),
                                   views.path_with('/reports/view', name=name, page=page_number + 1)))
    entries.append(views.entry(text('MENU_REPORTS'), '/reports'))
    entries.append(views.back_entry(text))
    return views.view(name, entries)
