-- GDELT-style events (every event with a CAMEO code, verbal ones included). Country codes
-- are ISO 3166-1 alpha-3 (GDELT uses FIPS 10-4 for geography; ISO 3 here). Actor country =
-- the first three letters of the CAMEO actor code when they are an ISO 3166-1 alpha-3 code.
-- ActionGeo_Type: 1 country, 5 first-level region, 4 named place. SOURCEURL = the earliest
-- mention's article address.
CREATE OR REPLACE VIEW gdelt_events AS
SELECT
    s.event_id AS GlobalEventID,
    CAST(strftime(s.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
    CAST(strftime(s.event_date, '%Y%m') AS INTEGER) AS MonthYear,
    s.event_year AS "Year",
    s.actor1_code AS Actor1Code,
    s.actor1 AS Actor1Name,
    c1.iso3 AS Actor1CountryCode,
    s.actor2_code AS Actor2Code,
    s.actor2 AS Actor2Name,
    c2.iso3 AS Actor2CountryCode,
    s.cameo_code AS EventCode,
    left(s.cameo_code, 3) AS EventBaseCode,
    left(s.cameo_code, 2) AS EventRootCode,
    s.quad_class AS QuadClass,
    s.goldstein AS GoldsteinScale,
    s.num_mentions AS NumMentions,
    s.num_sources AS NumSources,
    s.num_articles AS NumArticles,
    CASE
        WHEN s.location IS NOT NULL THEN 4
        WHEN s.admin1 IS NOT NULL THEN 5
        WHEN s.iso3 IS NOT NULL THEN 1
    END AS ActionGeo_Type,
    concat_ws(', ', s.location, s.admin1, s.country) AS ActionGeo_FullName,
    s.iso3 AS ActionGeo_CountryCode,
    s.admin1_code AS ActionGeo_ADM1Code,
    s.latitude AS ActionGeo_Lat,
    s.longitude AS ActionGeo_Long,
    CAST(strftime(s.ingested_at, '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
    a.url AS SOURCEURL
FROM stg_events AS s
LEFT JOIN ref_countries AS c1 ON c1.iso3 = left(s.actor1_code, 3)
LEFT JOIN ref_countries AS c2 ON c2.iso3 = left(s.actor2_code, 3)
LEFT JOIN articles AS a ON a.article_id = s.article_id
WHERE s.cameo_code IS NOT NULL;
