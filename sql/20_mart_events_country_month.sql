-- Mart: ACLED-type events and fatalities by country, month and event type
-- (asserted and alleged events only, as in acled_events).
CREATE OR REPLACE VIEW mart_events_country_month AS
SELECT
    s.country,
    s.iso3,
    s.event_month AS month,
    s.event_type,
    count(*) AS events,
    sum(s.fatalities) AS fatalities,
    count(*) FILTER (WHERE s.fatalities_disputed) AS events_fatalities_disputed,
    sum(s.num_mentions) AS mentions
FROM stg_events AS s
WHERE s.event_type IS NOT NULL
  AND s.modality IN ('asserted', 'alleged')
  AND s.event_date IS NOT NULL
GROUP BY s.country, s.iso3, s.event_month, s.event_type;
