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
from pleximprovement.names import PREFIX
from pleximprovement.plugin import app, boot


def Start():
    ObjectContainer.title1 = L('TITLE')
    boot({'Log': Log, 'Prefs': Prefs, 'Thread': Thread, 'Core': Core})


def ValidatePrefs():
    return render(app().validate_prefs())


def render(view):
    """Draw a core view (see pleximprovement/menu/views.py) as the container Plex expects."""
    container = ObjectContainer(title2=view['title'], no_cache=True, header=view['header'],
                                message=view['message'])
    for item in view['entries']:
        if item['kind'] == 'prefs':
            container.add(PrefsObject(title=item['title']))
        else:
            container.add(DirectoryObject(key=PREFIX + item['path'], title=item['title'],
                                          summary=item['summary']))
    return container


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
    return render(app().main_menu())


@route(PREFIX + '/status')
def Status(**kwargs):
    return render(app().status())


@route(PREFIX + '/aggregate')
def Aggregate(**kwargs):
    return render(app().aggregate())


@route(PREFIX + '/diagnose')
def Diagnose(**kwargs):
    return render(app().diagnose())


@route(PREFIX + '/stop')
def Stop(**kwargs):
    return render(app().stop())


@route(PREFIX + '/reports')
def Reports(**kwargs):
    return render(app().reports())


@route(PREFIX + '/reports/view')
def ReportView(name=None, page='1', **kwargs):
    return render(app().report_view(name, page))


@route(PREFIX + '/unavailable')
def Unavailable(item=None, **kwargs):
    return render(app().unavailable(item))


@route(PREFIX + '/fixes/next')
def FixNext(**kwargs):
    return render(app().fixes.next_page())


@route(PREFIX + '/fixes/preview')
def FixPreview(fix=None, agent=None, params=None, **kwargs):
    return render(app().fixes.preview_page(fix, agent, params))


@route(PREFIX + '/fixes/apply')
def FixApply(fix=None, agent=None, params=None, **kwargs):
    return render(app().fixes.apply(fix, agent, params))


@route(PREFIX + '/fixes/applied')
def FixApplied(**kwargs):
    return render(app().fixes.applied_page())


@route(PREFIX + '/fixes/applied/view')
def FixAppliedView(agent=None, fix=None, **kwargs):
    return render(app().fixes.applied_view(agent, fix))


@route(PREFIX + '/fixes/rollback')
def FixRollback(agent=None, fix=None, every=None, **kwargs):
    return render(app().fixes.rollback_page(agent, fix, every))


@route(PREFIX + '/fixes/rollback/run')
def FixRollbackRun(agent=None, fix=None, every=None, **kwargs):
    return render(app().fixes.rollback(agent, fix, every))


@route(PREFIX + '/trial')
def Trial(**kwargs):
    return render(app().trial.page())


@route(PREFIX + '/trial/run')
def TrialRun(agent=None, fix=None, **kwargs):
    return render(app().trial.run(agent, fix))


@route(PREFIX + '/trial/backoff/reset')
def TrialBackoffReset(site=None, **kwargs):
    return render(app().trial.reset_backoff(site))


@route(PREFIX + '/trial/contributor')
def TrialContributor(**kwargs):
    return render(app().trial.contributor_page())
