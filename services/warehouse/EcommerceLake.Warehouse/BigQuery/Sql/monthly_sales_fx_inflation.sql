-- BigQuery translation of Marts/monthly_sales_fx_inflation.sql: date_trunc('month', …) is DATE_TRUNC(…, MONTH);
-- ROUND on BIGNUMERIC rounds half away from zero, as PostgreSQL's round(numeric). Rebuilt by every build from the
-- daily mart (maintained by then) and the economics series.
INSERT INTO {{marts}}.`monthly_sales_fx_inflation` (`month`, `revenue_brl`, `revenue_usd`, `ipca_pct`, `selic_pct`)
WITH sales AS (
    SELECT DATE_TRUNC(`sales_date`, MONTH) AS `month`, SUM(`revenue`) AS revenue_brl
    FROM {{marts}}.`daily_sales_by_state_category`
    GROUP BY 1
),
ptax AS (
    SELECT DATE_TRUNC(`reference_date`, MONTH) AS `month`, AVG(`value`) AS brl_per_usd
    FROM {{trusted}}.`economics_usd_brl`
    WHERE `value` > 0
    GROUP BY 1
),
ipca AS (
    SELECT DATE_TRUNC(`reference_date`, MONTH) AS `month`, AVG(`value`) AS pct
    FROM {{trusted}}.`economics_ipca`
    WHERE `value` IS NOT NULL
    GROUP BY 1
),
selic AS (
    SELECT DATE_TRUNC(`reference_date`, MONTH) AS `month`, AVG(`value`) AS pct
    FROM {{trusted}}.`economics_selic`
    WHERE `value` IS NOT NULL
    GROUP BY 1
)
SELECT s.`month`, s.revenue_brl, ROUND(s.revenue_brl / p.brl_per_usd, 2), ROUND(i.pct, 4), ROUND(l.pct, 4)
FROM sales AS s
LEFT JOIN ptax AS p ON p.`month` = s.`month`
LEFT JOIN ipca AS i ON i.`month` = s.`month`
LEFT JOIN selic AS l ON l.`month` = s.`month`
