# -*- coding: utf-8 -*-
"""PlexImprovement entry points: Start, ValidatePrefs and the menu routes.

This file is compiled by the framework's RestrictedPython, so it stays thin: every route
asks the core (Libraries/Shared/pleximprovement) for a view and draws it here.
"""
from __future__ import absolute_import, division, print_function

# `from package.module import names` works whether or not the package is already in
# sys.modules (the sandbox importer returns sys.modules[name] as is, plex-runtime.md §2.7).
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


@handler(PREFIX, L('TITLE'))
def MainMenu():
    return render(app().main_menu())


@route(PREFIX + '/status')
def Status():
    return render(app().status())


@route(PREFIX + '/aggregate')
def Aggregate():
    return render(app().aggregate())


@route(PREFIX + '/diagnose')
def Diagnose():
    return render(app().diagnose())


@route(PREFIX + '/stop')
def Stop():
    return render(app().stop())


@route(PREFIX + '/reports')
def Reports():
    return render(app().reports())


@route(PREFIX + '/reports/view')
def ReportView(name=None, page='1'):
    return render(app().report_view(name, page))


@route(PREFIX + '/unavailable')
def Unavailable(item=None):
    return render(app().unavailable(item))
