-- Monthly sales with the Banco Central do Brasil indicators of the month (economics streams, SGS series 1, 433, 432).
-- month        = first day of the purchase month;
-- revenue_brl  = sum(price) of the month's order items, canceled and unavailable orders excluded (as in
--                daily_sales_by_state_category), in BRL;
-- revenue_usd  = revenue_brl / the average PTAX sell rate (BRL per USD) of the month's business days, rounded to cents;
--                NULL when the month has no PTAX value;
-- ipca_pct     = the month's IPCA inflation, % (its value dated on day 01; the average, rounded to 4 decimals, should a
--                month ever hold more than one), NULL when not published;
-- selic_pct    = the average Selic target of the month's days, % per year, rounded to 4 decimals (NULL when none).
CREATE TABLE marts.monthly_sales_fx_inflation (
    month       date    NOT NULL,
    revenue_brl numeric NOT NULL,
    revenue_usd numeric,
    ipca_pct    numeric,
    selic_pct   numeric,
    CONSTRAINT monthly_sales_fx_inflation_pkey PRIMARY KEY (month)
);
