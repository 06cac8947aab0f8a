<?xml version="1.0" encoding="utf-8"?>
<!--
  What a browser shows an RSS or Atom feed of the site with (the feed names this file in an
  xml-stylesheet processing instruction; feed readers ignore it). The page it makes has the
  feed's address and URL as the feed's own document: the site's CSS is named by its path from
  the root, and the page keeps the site's Content Security Policy, so nothing here is inline
  (no script, no style element or attribute). Every value is written as text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="rss" select="/rss/channel"/>
  <xsl:variable name="atom" select="/atom:feed"/>
  <xsl:variable name="title" select="$rss/title | $atom/atom:title"/>
  <xsl:variable name="description" select="$rss/description | $atom/atom:subtitle"/>
  <xsl:variable name="home" select="$rss/link | $atom/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="address" select="$rss/atom:link[@rel='self']/@href | $atom/atom:link[@rel='self']/@href"/>
  <xsl:variable name="format">
    <xsl:choose>
      <xsl:when test="$rss">RSS</xsl:when>
      <xsl:otherwise>Atom</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="$rss/language"><xsl:value-of select="$rss/language"/></xsl:when>
          <xsl:when test="$atom/@xml:lang"><xsl:value-of select="$atom/@xml:lang"/></xsl:when>
          <xsl:otherwise>en</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href="/static/css/site.css"/>
        <link rel="stylesheet" href="/static/css/feed.css"/>
      </head>
      <body>
        <header class="site-header">
          <div class="wrap site-header-inner">
            <a class="site-name" href="/"><span class="site-name-mark" aria-hidden="true">✦</span> Space Cinema</a>
          </div>
        </header>
        <main id="main" class="wrap feed-page">
          <p class="kicker"><xsl:value-of select="$format"/> feed</p>
          <h1 dir="auto"><xsl:value-of select="$title"/></h1>
          <p class="standfirst" dir="auto"><xsl:value-of select="$description"/></p>

          <section class="feed-explainer" aria-labelledby="feed-explainer-heading">
            <h2 id="feed-explainer-heading">This is a feed: follow it in a feed reader</h2>
            <p>A feed is how a website tells a program when it publishes something new. A feed
              reader (an app on your phone or computer, or a web service) checks the feeds you
              follow and shows you their new articles in one place, as they come: no account
              with this site, no email, no algorithm choosing for you.</p>
            <p>To follow this feed, copy its address into your feed reader, where it asks to
              add or subscribe to a feed:</p>
            <p class="feed-address"><code><xsl:value-of select="$address"/></code></p>
            <p>Any feed reader will do: a reader app for your phone or computer, a web-based
              reader you sign in to, or the feed support built into some email programs and
              browsers. This page is only what your browser shows of the feed; your reader
              reads the same address as a feed.</p>
            <p>
              <a href="{$home}">Read this on the site</a>
              <xsl:text> · </xsl:text>
              <a href="/feeds/">Every feed, in RSS, Atom and JSON Feed</a>
            </p>
          </section>

          <section class="feed-items" aria-labelledby="feed-items-heading">
            <h2 id="feed-items-heading">What the feed carries now</h2>
            <xsl:choose>
              <xsl:when test="$rss/item | $atom/atom:entry">
                <ol class="feed-item-list">
                  <xsl:apply-templates select="$rss/item | $atom/atom:entry"/>
                </ol>
              </xsl:when>
              <xsl:otherwise>
                <p class="empty">Nothing yet: your reader will show new articles as they are published.</p>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p class="site-footer-name">Space Cinema</p>
            <p>Independent news about films shot in space.</p>
          </div>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li class="feed-item">
      <h3 class="card-headline" dir="auto"><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p class="meta">
        <!-- "Thu, 20 Apr 2023 09:00:00 +0000" as the site writes a day: "20 Apr 2023". -->
        <xsl:if test="pubDate">
          <xsl:value-of select="format-number(substring(pubDate, 6, 2), '0')"/>
          <xsl:value-of select="substring(pubDate, 8, 9)"/>
        </xsl:if>
      </p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="feed-item">
      <h3 class="card-headline" dir="auto"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="meta">
        <xsl:if test="atom:published">
          <time datetime="{atom:published}">
            <xsl:value-of select="format-number(substring(atom:published, 9, 2), '0')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring('JanFebMarAprMayJunJulAugSepOctNovDec', substring(atom:published, 6, 2) * 3 - 2, 3)"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring(atom:published, 1, 4)"/>
          </time>
        </xsl:if>
      </p>
    </li>
  </xsl:template>
</xsl:stylesheet>
