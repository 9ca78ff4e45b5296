# -*- coding: utf-8 -*-
"""Sample Agent: a legacy movie agent for the Fake Movie Database.

Written the way many legacy scraper agents are, weaknesses included, so that
PlexImprovement has something real to diagnose and fix. Do not "improve" it here:
the simulated server's baseline figure depends on it as it ships.
"""
from __future__ import absolute_import, division, print_function

REQUEST_TIMEOUT = 4
SEARCH_PATH = '/search?q='
TITLE_PATH = '/title/'


def Start():
    HTTP.CacheTime = 0
    Log.Info('Sample Agent started, site: %s' % Prefs['site_url'])


def ValidatePrefs():
    Log.Info('Preferences changed, site: %s' % Prefs['site_url'])


def getSiteURL():
    siteURL = Prefs['site_url']
    if siteURL.endswith('/'):
        siteURL = siteURL[:-1]
    return siteURL


def debugLog(message):
    if Prefs['debug']:
        Log.Debug(message)


class SampleAgent(Agent.Movies):
    name = 'Sample Agent'
    languages = [Locale.Language.English]
    primary_provider = True
    accepts_from = ['com.plexapp.agents.localmedia']

    def search(self, results, media, lang, manual=False):
        searchTitle = media.name
        Log.Info('Search Title: %s' % searchTitle)
        if media.year:
            Log.Info('Search Year: %s' % media.year)

        searchURL = getSiteURL() + SEARCH_PATH + String.Quote(searchTitle, usePlus=True)
        debugLog('Search URL: %s' % searchURL)
        searchResults = HTML.ElementFromURL(searchURL, timeout=REQUEST_TIMEOUT)

        resultNodes = searchResults.xpath('//div[@class="result"]')
        if len(resultNodes) == 0:
            Log.Info('Search Query did not pull any results: %s' % searchTitle)
            return

        for searchResult in resultNodes:
            titleLink = searchResult.xpath('.//a[@class="result-title"]')[0]
            titleNoFormatting = titleLink.text_content().strip()
            curID = titleLink.get('href').split('/')[-1]
            releaseYear = searchResult.xpath('.//span[@class="result-year"]')[0].text_content().strip()

            score = 100 - String.LevenshteinDistance(searchTitle.lower(), titleNoFormatting.lower())
            if media.year and str(media.year) != releaseYear:
                score = score - 10

            Log.Info('Found: %s [%s] id: %s score: %d' % (titleNoFormatting, releaseYear, curID, score))
            results.Append(MetadataSearchResult(id=curID, name=titleNoFormatting, year=int(releaseYear),
                                                score=score, lang=lang))

    def update(self, metadata, media, lang, force=False):
        Log.Info('Update Metadata ID: %s' % metadata.id)
        titleURL = getSiteURL() + TITLE_PATH + metadata.id
        debugLog('Title URL: %s' % titleURL)
        detailsPageElements = HTML.ElementFromURL(titleURL, timeout=REQUEST_TIMEOUT)

        metadata.title = detailsPageElements.xpath('//h1[@class="title"]')[0].text_content().strip()
        metadata.year = int(detailsPageElements.xpath('//span[@class="year"]')[0].text_content().strip())
        metadata.summary = detailsPageElements.xpath('//div[@class="summary"]/p')[0].text_content().strip()
        metadata.rating = float(detailsPageElements.xpath('//span[@class="rating"]')[0].text_content().strip())
        metadata.studio = 'Fake Movie Database'

        metadata.genres.clear()
        for genreNode in detailsPageElements.xpath('//li[@class="genre"]'):
            metadata.genres.add(genreNode.text_content().strip())

        posterURL = getSiteURL() + detailsPageElements.xpath('//img[@class="poster"]')[0].get('src')
        debugLog('Poster URL: %s' % posterURL)
        metadata.posters[posterURL] = Proxy.Preview(HTTP.Request(posterURL, timeout=REQUEST_TIMEOUT).content,
                                                    sort_order=1)

        Log.Info('Update Finished: %s (%s)' % (metadata.title, metadata.year))
