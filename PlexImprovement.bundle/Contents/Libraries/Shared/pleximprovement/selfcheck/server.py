# -*- coding: utf-8 -*-
"""What the server says about the set-up: reachable with the token, its version, the legacy runtime,
"Show Legacy Agent", custom metadata providers, the agents to improve and the contributor.

In: a PmsClient, this plug-in's identifier, the agent bundles installed in Plug-ins (identifiers)
and which of them the owner wants improved (Settings.agent_allowed). Out: checks (result.py), in
this order:

    'server_api'       GET /identity answers (no token needed) and GET / accepts the token
    'server_version'   the version, and whether it is a 1.43+ server (plex-runtime.md §12)
    'legacy_runtime'   present: GET /:/plugins or /system/agents answers and lists this plug-in;
                       absent: both answer 404 (docs/decisions.md, "Self-check")
    'legacy_hidden'    1.43+ hides legacy agents for new libraries unless the server setting
                       "Show Legacy Agent" is on; unknown when /:/prefs lists no such setting
    'providers'        GET /media/providers/metadata answers (1.43+) or not (404)
    'agent:<id>'       per agent to improve: loaded by the server, and the libraries using it
    'contributor:<n>'  per library of a legacy agent: PlexImprovement enabled as its contributor

When the server cannot be used (no answer, token refused) the checks after 'server_api' are not
run: 'server_api' then says why and how to fix it.
"""
from __future__ import absolute_import, division, print_function

from ..contributor.status import NEW_AGENT_PREFIX, contributor_status
from ..pms import capabilities, library
from ..pms.errors import PmsError
from .result import OK, PROBLEM, UNKNOWN, WARNING, check


def why(error):
    return u'%s' % (error,)


def api_checks(client):
    """(checks, identity or None, True when the token was accepted)."""
    try:
        found = capabilities.identity(client)
    except PmsError as error:
        return [check('server_api', PROBLEM, 'SELFCHECK_API_DOWN', why=why(error))], None, False
    era = capabilities.providers_era(found['version'])
    if era is None:
        version = check('server_version', UNKNOWN, 'SELFCHECK_VERSION_UNKNOWN', version=found['version'] or u'-')
    else:
        version = check('server_version', OK, 'SELFCHECK_VERSION_NEW' if era else 'SELFCHECK_VERSION_OLD',
                        version=found['version'])
    try:
        library.server(client)
    except PmsError as error:
        return [check('server_api', PROBLEM, 'SELFCHECK_API_REFUSED', why=why(error)), version], found, False
    return [check('server_api', OK, 'SELFCHECK_API_OK', server=client.shown(client.base_url)), version], found, True


def runtime_check(client, identifier):
    """(the 'legacy_runtime' check, agent identifiers the server lists or None, True when present)."""
    plugins = capabilities.legacy_plugins(client)
    agents = capabilities.legacy_agents(client)
    if plugins is None and agents is None:
        return check('legacy_runtime', PROBLEM, 'SELFCHECK_LEGACY_ABSENT', 'SELFCHECK_LEGACY_ABSENT_FIX'), None, False
    if plugins is not None and identifier not in [p['identifier'] for p in plugins]:
        return (check('legacy_runtime', PROBLEM, 'SELFCHECK_PLUGIN_NOT_LOADED', 'SELFCHECK_PLUGIN_NOT_LOADED_FIX'),
                agents, True)
    return check('legacy_runtime', OK, 'SELFCHECK_LEGACY_PRESENT'), agents, True


def hidden_check(client, version, present):
    if not present:
        return check('legacy_hidden', UNKNOWN, 'SELFCHECK_HIDDEN_MOOT')
    era = capabilities.providers_era(version)
    if era is None:
        return check('legacy_hidden', UNKNOWN, 'SELFCHECK_HIDDEN_UNKNOWN_VERSION')
    if not era:
        return check('legacy_hidden', OK, 'SELFCHECK_SHOWN_OLD')
    setting = capabilities.legacy_agent_setting(client)
    if setting is None:
        return check('legacy_hidden', UNKNOWN, 'SELFCHECK_SETTING_ABSENT', 'SELFCHECK_HIDDEN_FIX')
    if setting['value']:
        return check('legacy_hidden', OK, 'SELFCHECK_SHOWN', setting=setting['id'] or u'-')
    return check('legacy_hidden', WARNING, 'SELFCHECK_HIDDEN', 'SELFCHECK_HIDDEN_FIX', setting=setting['id'] or u'-')


def providers_check(client):
    providers = capabilities.metadata_providers(client)
    if providers is None:
        return check('providers', OK, 'SELFCHECK_PROVIDERS_NONE')
    return check('providers', OK, 'SELFCHECK_PROVIDERS', count=len(providers))


def agent_checks(targets, sections, loaded):
    """One check per agent to improve: loaded by the server (when it lists agents) and its libraries."""
    if not targets:
        return [check('agents', WARNING, 'SELFCHECK_NO_AGENTS', 'SELFCHECK_NO_AGENTS_FIX')]
    found = []
    for agent in targets:
        titles = [s['title'] or s['id'] for s in sections if s['agent'] == agent]
        if loaded is not None and agent not in loaded:
            found.append(check('agent:' + agent, PROBLEM, 'SELFCHECK_AGENT_NOT_LOADED',
                               'SELFCHECK_AGENT_NOT_LOADED_FIX', agent=agent))
        elif not titles:
            found.append(check('agent:' + agent, WARNING, 'SELFCHECK_AGENT_NO_LIBRARY',
                               'SELFCHECK_AGENT_NO_LIBRARY_FIX', agent=agent))
        else:
            found.append(check('agent:' + agent, OK, 'SELFCHECK_AGENT_OK', agent=agent, libraries=u', '.join(titles)))
    return found


def contributor_checks(client, identifier):
    found = []
    for entry in contributor_status(client, identifier):
        if not entry['agent'] or entry['agent'].startswith(NEW_AGENT_PREFIX):
            continue
        name = 'contributor:%s' % (entry['section'],)
        params = dict(library=entry['title'] or entry['section'], agent=entry['agent'], how=entry['how'])
        if entry['enabled']:
            found.append(check(name, OK, 'SELFCHECK_CONTRIBUTOR_ON', **params))
        elif entry['listed'] is False:
            found.append(check(name, PROBLEM, 'SELFCHECK_CONTRIBUTOR_NOT_LISTED',
                               'SELFCHECK_CONTRIBUTOR_NOT_LISTED_FIX', **params))
        elif entry['enabled'] is False:
            found.append(check(name, PROBLEM, 'SELFCHECK_CONTRIBUTOR_OFF', 'SELFCHECK_CONTRIBUTOR_FIX', **params))
        else:
            found.append(check(name, UNKNOWN, 'SELFCHECK_CONTRIBUTOR_UNKNOWN', **params))
    return found or [check('contributor', WARNING, 'SELFCHECK_CONTRIBUTOR_NO_LIBRARY',
                           'SELFCHECK_AGENT_NO_LIBRARY_FIX')]


def guarded(check_id, work):
    """work() -> [checks]; a PmsError becomes one UNKNOWN check saying why."""
    try:
        return work()
    except PmsError as error:
        return [check(check_id, UNKNOWN, 'SELFCHECK_SERVER_FAILED', why=why(error))]


def server_checks(client, identifier, installed_agents, agent_allowed=None):
    """Every server check in order (see the module docstring)."""
    checks, found, usable = api_checks(client)
    if not usable:
        return checks
    state = {}

    def runtime():
        one, state['loaded'], state['present'] = runtime_check(client, identifier)
        return [one]

    checks.extend(guarded('legacy_runtime', runtime))
    present = state.get('present')
    checks.extend(guarded('legacy_hidden', lambda: [hidden_check(client, found['version'], present is not False)]))
    checks.extend(guarded('providers', lambda: [providers_check(client)]))
    targets = [agent for agent in installed_agents if agent_allowed is None or agent_allowed(agent)]
    checks.extend(guarded('agents', lambda: agent_checks(targets, library.sections(client), state.get('loaded'))))
    if present is False:
        checks.append(check('contributor', UNKNOWN, 'SELFCHECK_CONTRIBUTOR_MOOT'))
    else:
        checks.extend(guarded('contributor', lambda: contributor_checks(client, identifier)))
    return checks
