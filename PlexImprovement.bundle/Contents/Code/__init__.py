# -*- coding: utf-8 -*-
"""PlexImprovement entry points: Start, ValidatePrefs, the menu routes and the contributing agents.

This file is compiled by the framework's RestrictedPython, so it stays thin: every route
asks the core (Libraries/Shared/pleximprovement) for a view and draws it here. The agent
classes make PlexImprovement a contributing agent of the agents it improves: System calls
them after each primary update, they hand the call to the core (contributor/record.py), return
no search result and change no metadata. Every route
takes **kwargs: the framework calls a route with every query parameter as a keyword
(components/runtime.py, `f(**d)`), so without it a parameter a client adds answers 500.
"""
from __future__ import absolute_import, division, print_function

# `from package.module import names` works whether or not the package is already in
# sys.modules (the sandbox importer returns sys.modules[name] as is, plex-runtime.md §2.7).
from pleximprovement.contributor.targets import for_core as contributor_targets
from pleximprovement.menu.guard import ask
from pleximprovement.menu.html import CONTENT_TYPE, FORMAT_HTML, FORMAT_JSON, as_json, render as html_page
from pleximprovement.names import PREFIX
from pleximprovement.plugin import app, boot


def Start():
    ObjectContainer.title1 = L('TITLE')
    boot({'Log': Log, 'Prefs': Prefs, 'Thread': Thread, 'Core': Core})


def ValidatePrefs():
    return render(app().validate_prefs())


def render(view, kwargs=None):
    """Draw a core view (see pleximprovement/menu/views.py): as the container Plex expects, or, asked
    with format=json / format=html, as JSON (a dict return, plex-runtime.md 4.5) or as an HTML page.
    The header key is spelled 'Content-type' as the framework's own text/plain one, which it then
    replaces; 'Content-Type' would send both (docs/decisions.md)."""
    fmt = (kwargs or {}).get('format')
    if fmt in (FORMAT_JSON, FORMAT_HTML):
        Response.Headers['Cache-Control'] = 'no-cache'      # what no_cache=True gives the container
    if fmt == FORMAT_JSON:
        return as_json(view)
    if fmt == FORMAT_HTML:
        Response.Headers['Content-type'] = CONTENT_TYPE
        return html_page(view)
    container = ObjectContainer(title2=view['title'], no_cache=True, header=view['header'],
                                message=view['message'])
    for item in view['entries']:
        if item['kind'] == 'prefs':
            container.add(PrefsObject(title=item['title']))
        else:
            container.add(DirectoryObject(key=PREFIX + item['path'], title=item['title'], summary=item['summary'],
                                          thumb=R(item['icon']) if item.get('icon') else None))
    return container


def asked(kwargs):
    """What an action's request brings to the guard (pleximprovement/menu/guard.py): its token, which
    the framework moves from an X-Plex-Token query into the headers, and its confirm=1."""
    return ask(Request.Headers.get('X-Plex-Token'), kwargs.get('confirm'))


class Contributor(object):
    """What both agent classes share: never primary, contributing to the agents to improve."""

    name = 'PlexImprovement'
    languages = [Locale.Language.NoLanguage]
    primary_provider = False
    contributes_to = contributor_targets(Core)

    def search(self, results, media, lang, manual=False, primary=True):
        app().contributions.searched(media, lang)

    def update(self, metadata, media, lang, force=False):
        app().contributions.updated(metadata, media, lang)


class PlexImprovementMovies(Contributor, Agent.Movies):
    pass


class PlexImprovementShows(Contributor, Agent.TV_Shows):
    pass


@handler(PREFIX, L('TITLE'))
def MainMenu(**kwargs):
    return render(app().main_menu(), kwargs)


@route(PREFIX + '/status')
def Status(**kwargs):
    return render(app().status(), kwargs)


@route(PREFIX + '/aggregate')
def Aggregate(**kwargs):
    return render(app().aggregate(), kwargs)


@route(PREFIX + '/diagnose')
def Diagnose(**kwargs):
    return render(app().diagnose(), kwargs)


@route(PREFIX + '/stop')
def Stop(**kwargs):
    return render(app().stop(), kwargs)


@route(PREFIX + '/reports')
def Reports(**kwargs):
    return render(app().reports(), kwargs)


@route(PREFIX + '/reports/view')
def ReportView(name=None, page='1', **kwargs):
    return render(app().report_view(name, page), kwargs)


@route(PREFIX + '/loop')
def Loop(**kwargs):
    return render(app().loop.page(), kwargs)


@route(PREFIX + '/loop/run')
def LoopRun(resume=None, **kwargs):
    return render(app().loop.run(asked(kwargs), resume), kwargs)


@route(PREFIX + '/loop/report')
def LoopReport(**kwargs):
    return render(app().loop.report(), kwargs)


@route(PREFIX + '/fixes/next')
def FixNext(**kwargs):
    return render(app().fixes.next_page(), kwargs)


@route(PREFIX + '/fixes/preview')
def FixPreview(fix=None, agent=None, params=None, **kwargs):
    return render(app().fixes.preview_page(fix, agent, params), kwargs)


@route(PREFIX + '/fixes/apply')
def FixApply(fix=None, agent=None, params=None, **kwargs):
    return render(app().fixes.apply(fix, agent, params, asked(kwargs)), kwargs)


@route(PREFIX + '/fixes/applied')
def FixApplied(**kwargs):
    return render(app().fixes.applied_page(), kwargs)


@route(PREFIX + '/fixes/applied/view')
def FixAppliedView(agent=None, fix=None, **kwargs):
    return render(app().fixes.applied_view(agent, fix), kwargs)


@route(PREFIX + '/fixes/rollback/run')
def FixRollbackRun(agent=None, fix=None, every=None, **kwargs):
    return render(app().fixes.rollback(agent, fix, every, asked(kwargs)), kwargs)


@route(PREFIX + '/trial')
def Trial(**kwargs):
    return render(app().trial.page(), kwargs)


@route(PREFIX + '/trial/run')
def TrialRun(agent=None, fix=None, **kwargs):
    return render(app().trial.run(agent, fix, asked(kwargs)), kwargs)


@route(PREFIX + '/trial/backoff/reset')
def TrialBackoffReset(site=None, **kwargs):
    return render(app().trial.reset_backoff(site, asked(kwargs)), kwargs)


@route(PREFIX + '/trial/contributor')
def TrialContributor(**kwargs):
    return render(app().trial.contributor_page(), kwargs)


@route(PREFIX + '/selfcheck')
def SelfCheck(**kwargs):
    return render(app().selfcheck.page(), kwargs)


@route(PREFIX + '/logbundle')
def LogBundle(**kwargs):
    return render(app().logbundle.page(), kwargs)


@route(PREFIX + '/logbundle/result')
def LogBundleResult(**kwargs):
    return render(app().logbundle.result_page(), kwargs)


@route(PREFIX + '/dashboard')
def Dashboard(**kwargs):
    """The key numbers as a container (Kitana), or with format=html the page with the charts."""
    if kwargs.get('format') == FORMAT_HTML:
        Response.Headers['Content-type'] = CONTENT_TYPE
        return app().dashboard.html()
    return render(app().dashboard.view(), kwargs)
