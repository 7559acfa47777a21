-- ACLED's 31-column export, in ACLED's order. Only events ACLED would code: an ACLED event
-- type and modality asserted or alleged. inter1/inter2/interaction carry ACLED's text labels
-- (our tables keep the codes). event_id_cnty = our event_id; iso = ISO 3166-1 numeric code;
-- region, admin3, source_scale and tags are not produced (NULL); timestamp = Unix seconds of
-- the last write.
CREATE OR REPLACE VIEW acled_events AS
WITH inter_labels(code, label) AS (
    VALUES (1, 'State forces'), (2, 'Rebel group'), (3, 'Political militia'),
           (4, 'Identity militia'), (5, 'Rioters'), (6, 'Protesters'), (7, 'Civilians'),
           (8, 'External/Other forces')
)
SELECT
    s.event_id AS event_id_cnty,
    s.event_date,
    s.event_year AS "year",
    s.time_precision,
    s.disorder_type,
    s.event_type,
    s.sub_event_type,
    s.actor1,
    s.assoc_actor_1,
    l1.label AS inter1,
    s.actor2,
    s.assoc_actor_2,
    l2.label AS inter2,
    CASE
        WHEN s.interaction IS NULL OR la.label IS NULL THEN NULL
        WHEN s.interaction % 10 = 0 THEN la.label || ' only'
        ELSE la.label || '-' || lb.label
    END AS interaction,
    s.civilian_targeting,
    r.iso_numeric AS iso,
    CAST(NULL AS VARCHAR) AS region,
    s.country,
    s.admin1,
    s.admin2,
    CAST(NULL AS VARCHAR) AS admin3,
    s.location,
    s.latitude,
    s.longitude,
    s.geo_precision,
    s.source,
    CAST(NULL AS VARCHAR) AS source_scale,
    s.notes,
    s.fatalities,
    CAST(NULL AS VARCHAR) AS tags,
    CAST(epoch(s.ingested_at) AS BIGINT) AS "timestamp"
FROM stg_events AS s
LEFT JOIN inter_labels AS l1 ON l1.code = s.inter1
LEFT JOIN inter_labels AS l2 ON l2.code = s.inter2
LEFT JOIN inter_labels AS la ON la.code = s.interaction // 10
LEFT JOIN inter_labels AS lb ON lb.code = s.interaction % 10
LEFT JOIN ref_countries AS r ON r.iso3 = s.iso3
WHERE s.event_type IS NOT NULL
  AND s.modality IN ('asserted', 'alleged');
