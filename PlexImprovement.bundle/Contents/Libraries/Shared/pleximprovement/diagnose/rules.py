# -*- coding: utf-8 -*-
"""The rule catalog: which evidence in a metrics snapshot means which kind of failure.

Rules are data (tables of statuses, error classes and regular expressions) plus a few small
functions that apply them. findings.py walks the snapshot and asks these functions for a
kind; it never decides a kind itself, so the catalog can be read and changed in one place.

Evidence sources and the rules that read them:

* HTTP statuses per agent (``agents[id].statuses``)      -> ``status_kind``
* URL error classes per agent (``url_errors_by_class``)  -> ``URL_CLASS_KINDS``
* tracebacks (exception, message, code line, function)   -> ``classify_traceback``
* free-text messages Phase 1 could not classify          -> ``classify_message``
* agent counters (``model_errors``, ``restarts``)         -> ``MODEL_ERROR_KIND``,
  ``crash_loop_restarts``
"""
from __future__ import absolute_import, division, print_function

import re

from ..fetch_errors import failure_class

# Every finding kind with the one-line meaning the report shows. ``unknown_error`` is made
# by cluster.py from messages no rule knows; ``framework_error`` is a traceback without a
# single agent frame; ``fetch_outside_calls`` the failed fetches Phase 1 counted on a thread
# with no open search or update (read/url_errors.py), kept apart from the agent's work.
KINDS = (
    ('blocked', 'The site refuses the agent (HTTP 403 or a bot-challenge page).'),
    ('rate_limited', 'The site throttles the agent (HTTP 429, ban or download-limit text).'),
    ('server_error', 'The site answered with a server error (HTTP 5xx).'),
    ('timeout', 'Fetches timed out before the site answered.'),
    ('not_found', 'The agent asked for pages the site does not have (HTTP 404/410).'),
    ('http_error', 'Other HTTP failures (4xx not listed above, or status not logged).'),
    ('dns', 'The site name could not be resolved (DNS).'),
    ('ssl', 'The TLS handshake with the site failed (old bundled OpenSSL or bad certificate).'),
    ('refused', 'The connection was refused (site down or port closed).'),
    ('network_error', 'Other network failures the framework did not classify.'),
    ('title_never_matched', 'Searches that ran without an error but found no title.'),
    ('naming', 'The file name lacks the form the agent parses (rename the file, not the code).'),
    ('layout_changed', "The site's page layout changed: the agent's parser found nothing."),
    ('decoding_error', 'Text could not be decoded or encoded (UnicodeDecodeError/EncodeError).'),
    ('code_bug', "An exception inside the agent's own code."),
    ('model_error', 'The metadata model could not be read or written.'),
    ('crash_loop', 'The agent process keeps crashing or restarting.'),
    ('framework_error', 'A framework exception with no agent frame (usually start-up noise).'),
    ('fetch_outside_calls', 'Fetches outside any search or update failed (the framework start-up, such as '
                            'the resource-hash fetch, start-up downloads, background threads).'),
    ('unknown_error', 'Errors no rule knows, grouped by message shape.'),
)
KIND_DESCRIPTIONS = dict(KINDS)
KIND_ORDER = dict((kind, index) for index, (kind, _) in enumerate(KINDS))

# Kinds whose evidence is a network failure: a traceback of one of these is usually the same
# failed fetch Phase 1 already counted as a URL error, so findings.py does not add the two.
NETWORK_KINDS = frozenset(['blocked', 'rate_limited', 'server_error', 'timeout', 'not_found',
                           'http_error', 'dns', 'ssl', 'refused', 'network_error'])
# Kinds of the URL error class 'http' (status_kind). One code line raising HTTPError raises
# it for every status the site sends, so a traceback record (kept per agent, exception and
# line, with the first message only) can mix them: its echo is weighed against the class.
HTTP_KINDS = frozenset(['blocked', 'rate_limited', 'server_error', 'not_found', 'http_error'])

# URL error classes of the snapshot (errors/url_errors_by_class) other than 'http', whose
# kind comes from the status.
URL_CLASS_KINDS = {
    'timeout': 'timeout',
    'dns': 'dns',
    'ssl': 'ssl',
    'refused': 'refused',
    'other': 'network_error',
}

MODEL_ERROR_KIND = 'model_error'

# An agent restarted this many times inside the window is crash-looping: Plex restarts a
# plug-in process on demand, so one or two starts per window are normal.
CRASH_LOOP_MIN_RESTARTS = 3


def status_kind(status):
    """Kind for one HTTP status code (int or numeric string); None when it is not an error."""
    try:
        code = int(status)
    except (TypeError, ValueError):
        return 'http_error'
    if code < 400:
        return None
    if code == 403:
        return 'blocked'
    if code in (404, 410):
        return 'not_found'
    if code == 429:
        return 'rate_limited'
    if 500 <= code <= 599:
        return 'server_error'
    return 'http_error'


def echo_group(kind):
    """The counters an echo of ``kind`` restates: 'http' for HTTP_KINDS, else the kind itself."""
    return 'http' if kind in HTTP_KINDS else kind


def crash_loop_restarts(restarts):
    """True when a restart count means a crash loop (see CRASH_LOOP_MIN_RESTARTS)."""
    return (restarts or 0) >= CRASH_LOOP_MIN_RESTARTS


# ---------------------------------------------------------------- free-text messages

# Messages Phase 1 left unclassified and traceback messages are read in three steps, first
# match wins: SITE_TEXT_RULES (a challenge page or throttling text), then the fetch-failure
# table (fetch_errors.failure_class), then OTHER_TEXT_RULES. A fetch failure is an echo: it
# restates a failure Phase 1 normally counts already (a status or network class), so its
# count is not added to those counters. (kind, regex, why) each.
SITE_TEXT_RULES = (
    ('blocked', re.compile(r'captcha|cf-chl|cf-browser-verification|just a moment\.\.\.|'
                           r'attention required|ddos-guard|checking your browser|'
                           r'access denied|are you a (?:human|robot)|bot (?:protection|challenge)',
                           re.I), 'bot-challenge page text'),
    ('rate_limited', re.compile(r'too many requests|rate.?limit|since banned|\bbanned\b|'
                                r'downloadlimitexceeded|throttl', re.I),
     'throttling text (AniDB ban, Sub-Zero download limit)'),
)
OTHER_TEXT_RULES = (
    ('decoding_error', re.compile(r"codec can't (?:decode|encode)|Unicode(?:De|En)codeError", re.I),
     'codec error text'),
    ('naming', re.compile(r"(?:file ?name|filename)\b.*\b(?:does not match|doesn't match|did not match|"
                          r'not in the (?:expected )?(?:form|format)|expected (?:form|format)|'
                          r'could not (?:be )?pars|unable to pars|missing)', re.I),
     'the agent says it cannot parse the file name'),
    # Not `Cannot read model from`: the framework logs it on the first update of every item
    # (read/routing.py counts it as noise).
    ('model_error', re.compile(r'Exception serializing|Exception deserializing', re.I), 'model read/write text'),
)


def fetch_failure_kind(text):
    """Kind of the failed fetch ``text`` names (fetch_errors.failure_class), else None.

    A status gives its kind (status_kind; http_error when it is below 400). Class 'other'
    (a bare urlopen error, a reset connection) is not a kind here: such messages go on to
    OTHER_TEXT_RULES and, failing those, to clustering, which keeps their text visible.
    """
    cls, status = failure_class(text)
    if cls == 'http':
        return status_kind(status) or 'http_error'
    if cls is None or cls == 'other':
        return None
    return URL_CLASS_KINDS[cls]


# Known noise (log-formats.md section 5): counted in the diagnosis' "ignored" list, never a
# finding, so nothing vanishes silently.
NOISE_RULES = (
    (re.compile(u'[\u274c\u26a0].*File: *\\S+\\.py, Line: *\\d+', re.U),
     'PGMA location breadcrumb logged at ERROR level'),
    (re.compile(r'update\(\) - AniDB title'), 'Hama logs its AniDB title at ERROR level on success'),
    (re.compile(r'Generating a callback path for a function with no route'), 'benign framework warning'),
    (re.compile(r'resourceHashes|hosted resource hashes'), 'framework resource-hash fetch at start-up'),
    (re.compile(r'Title Match Failure!|Studio Match Failure!'),
     'PGMA rejects one candidate, not the whole search'),
)


def noise_reason(text):
    """Why a message is known noise, or None when it may be a real failure."""
    for regex, reason in NOISE_RULES:
        if regex.search(text or u''):
            return reason
    return None


def classify_message(text):
    """(kind, echo) of the first rule that matches ``text`` (see SITE_TEXT_RULES), else (None, False)."""
    for kind, regex, _why in SITE_TEXT_RULES:
        if regex.search(text or u''):
            return kind, False
    kind = fetch_failure_kind(text)
    if kind is not None:
        return kind, True
    for kind, regex, _why in OTHER_TEXT_RULES:
        if regex.search(text or u''):
            return kind, False
    return None, False


# ---------------------------------------------------------------- tracebacks

# Code that reads a parsed page: the line the traceback points at uses one of these.
PARSING_CODE = re.compile(
    r'\.xpath\(|\.find(?:all|text)?\(|\.cssselect\(|\.select(?:_one)?\(|\.text_content\(|'
    r'\.getchildren\(|\.iter(?:children|descendants)?\(|ElementFrom(?:URL|String)|\.attrib\b|'
    r'\.get\(\s*[\'"](?:href|src|content|title|alt|data-\w+)[\'"]|\.text\b|\.tail\b|'
    r'BeautifulSoup|\.json\(\)|JSON\.ObjectFrom')
# An XPath result indexed directly: the classic layout break (log-formats.md, section 4).
XPATH_INDEX = re.compile(r'\.xpath\(.+\)\[\d+\]')
# Function names of parsing code.
PARSING_FUNCTION = re.compile(r'pars|scrap|extract|xpath|html|page|soup|selector', re.I)
# Code or function names that work on the item's file name.
FILENAME_CODE = re.compile(r'file_?name|filename|basename|\.file\b|splitext|parts\[\d+\]\.file', re.I)
# Code that reads a regular-expression match.
REGEX_GROUP_CODE = re.compile(r'\.group(?:dict)?\(|\.groups\(|re\.(?:match|search|findall)\(|'
                              r'\b\w*(?:match|regex|pattern|m)\s*\[')
NONE_ATTRIBUTE = re.compile(r"'NoneType' object (?:has no attribute '(?P<attr>\w+)'|"
                            r"is not subscriptable|has no attribute '__getitem__')")
INDEX_OUT_OF_RANGE = re.compile(r'index out of range')

NETWORK_EXCEPTIONS = re.compile(r'(?:^|\.)(?:URLError|timeout|SSLError|gaierror|error|'
                                r'ConnectionError|ConnectionRefusedError|BadStatusLine|'
                                r'IncompleteRead|RemoteDisconnected)$')


def is_naming_traceback(exception, message, code, function):
    """A regex group missing from the file name: the item's name lacks the expected form.

    Evidence (log-formats.md, section 4): a KeyError on a regex group, an 'IndexError: no
    such group', or a None match whose ``.group`` is read, on a line or in a function that
    works on the file name (a KeyError on ``groupdict()[...]`` counts even without it).
    """
    on_filename = bool(FILENAME_CODE.search(code or '') or FILENAME_CODE.search(function or ''))
    reads_group = bool(REGEX_GROUP_CODE.search(code or ''))
    if exception == 'KeyError':
        return reads_group and ('groupdict' in (code or '') or on_filename)
    if exception == 'IndexError' and 'no such group' in (message or ''):
        return True
    none_attr = NONE_ATTRIBUTE.search(message or '')
    if exception in ('AttributeError', 'TypeError') and none_attr:
        return on_filename and (none_attr.group('attr') in ('group', 'groupdict', 'groups')
                                or reads_group)
    return False


def is_layout_traceback(exception, message, code, function):
    """The agent's parser found nothing where the page used to have something.

    IndexError out of range, a None result used as an element, or a KeyError on an element
    attribute, on a line that reads a parsed page (or inside a parsing function).
    """
    parsing = bool(PARSING_CODE.search(code or '') or PARSING_FUNCTION.search(function or ''))
    if XPATH_INDEX.search(code or ''):
        return exception in ('IndexError', 'AttributeError', 'TypeError', 'KeyError')
    if exception == 'IndexError' and INDEX_OUT_OF_RANGE.search(message or ''):
        return parsing
    if exception in ('AttributeError', 'TypeError') and NONE_ATTRIBUTE.search(message or ''):
        return parsing
    if exception == 'KeyError':
        return '.attrib' in (code or '')
    return False


def short_exception(exception):
    """'urllib2.HTTPError' -> 'HTTPError' (the module prefix varies with how it was raised)."""
    return (exception or '').split('.')[-1]


def classify_traceback(tb):
    """(kind, detail) for one snapshot traceback entry.

    ``detail`` separates findings of one kind: the status for HTTP errors, or
    'Exception@file:line' for code locations. Order matters: decoding, then network
    failures, then file-name parsing, then layout, then model, then the rest is a code bug
    (or framework noise when no agent frame exists).
    """
    exception = short_exception(tb.get('exception'))
    message = tb.get('message') or ''
    code = tb.get('code') or ''
    function = tb.get('function') or ''
    location = '%s@%s:%s' % (exception or '?', tb.get('file') or '?', tb.get('line') or '?')
    if exception in ('UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeError'):
        return 'decoding_error', location
    cls, status = failure_class(message)
    code_text = status if cls == 'http' else None
    if exception == 'HTTPError' or (code_text and exception in ('Exception', 'IOError')):
        return (status_kind(code_text) if code_text else 'http_error'), code_text or ''
    if NETWORK_EXCEPTIONS.search(exception) or exception == 'IOError':
        kind, _echo = classify_message(message)
        if kind in NETWORK_KINDS:
            return kind, ''
        if exception != 'IOError':
            return 'network_error', ''
    if is_naming_traceback(exception, message, code, function):
        return 'naming', location
    if is_layout_traceback(exception, message, code, function):
        return 'layout_changed', location
    kind, _echo = classify_message(message)
    if kind == 'model_error':
        return 'model_error', location
    if not tb.get('file'):
        return 'framework_error', location
    return 'code_bug', location
