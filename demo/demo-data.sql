-- Flint's demo database, created through Spark Connect by `scripts/demo` (flint query -f).
-- Deterministic: every value is computed from the row id, so each run makes the same data.
CREATE DATABASE IF NOT EXISTS demo COMMENT 'Flint demo data: taxi-style trips and friends';

CREATE TABLE IF NOT EXISTS demo.zones (
  zone_id INT COMMENT 'Pickup or drop-off zone',
  borough STRING,
  zone_name STRING,
  service_zone STRING
) USING parquet COMMENT 'Dimension: city zones';

INSERT OVERWRITE demo.zones
SELECT CAST(id AS INT) AS zone_id,
  element_at(array('Manhattan', 'Brooklyn', 'Queens', 'Bronx', 'Staten Island', 'EWR'), CAST(id % 6 AS INT) + 1) AS borough,
  concat(element_at(array('North', 'South', 'East', 'West', 'Central', 'Harbor', 'Airport', 'Park'), CAST(id % 8 AS INT) + 1),
         ' ', element_at(array('Heights', 'Village', 'Square', 'Gardens', 'Point', 'Terrace', 'Hill'), CAST(id % 7 AS INT) + 1),
         ' ', CAST(id AS STRING)) AS zone_name,
  CASE WHEN id % 6 = 0 THEN 'Yellow Zone' WHEN id % 6 = 5 THEN 'EWR' ELSE 'Boro Zone' END AS service_zone
FROM range(1, 266);

CREATE TABLE IF NOT EXISTS demo.vendors (
  vendor_id INT,
  name STRING,
  country STRING,
  founded DATE
) USING parquet COMMENT 'Dimension: vendors, with unicode names';

INSERT OVERWRITE demo.vendors VALUES
  (1, 'Creative Mobile Technologies', 'US', DATE'2005-03-01'),
  (2, 'VeriFone Inc.', 'US', DATE'1981-06-15'),
  (3, 'Ünïcødé Taxis GmbH', 'DE', DATE'2012-11-30'),
  (4, '東京タクシー株式会社', 'JP', DATE'1951-04-01'),
  (5, 'Такси «Москва»', 'RU', DATE'1999-09-09'),
  (6, 'Café Crème 🚕 SARL', 'FR', DATE'2020-02-29'),
  (7, NULL, NULL, NULL);

CREATE TABLE IF NOT EXISTS demo.trips (
  trip_id BIGINT,
  vendor_id INT,
  pickup_ts TIMESTAMP,
  dropoff_ts TIMESTAMP,
  pickup_zone INT,
  dropoff_zone INT,
  passengers TINYINT,
  distance_km DOUBLE,
  fare DECIMAL(10,2),
  tip DECIMAL(10,2),
  payment STRING,
  note STRING,
  trip_date DATE
) USING parquet PARTITIONED BY (trip_date) COMMENT 'Fact: 1,000,000 trips over 30 days';

INSERT OVERWRITE demo.trips
SELECT id AS trip_id,
  CAST(id % 7 AS INT) + 1 AS vendor_id,
  pickup_ts,
  pickup_ts + make_interval(0, 0, 0, 0, 0, CAST(3 + (id * 13) % 55 AS INT), CAST((id * 7) % 60 AS DOUBLE)) AS dropoff_ts,
  CAST(1 + (id * 31) % 265 AS INT) AS pickup_zone,
  CAST(1 + (id * 17) % 265 AS INT) AS dropoff_zone,
  CASE WHEN id % 97 = 0 THEN NULL ELSE CAST(1 + id % 4 AS TINYINT) END AS passengers,
  round(0.4 + ((id * 2654435761) % 40000) / 1000.0, 3) AS distance_km,
  CAST(2.5 + ((id * 2654435761) % 40000) / 1000.0 * 1.75 AS DECIMAL(10,2)) AS fare,
  CASE WHEN id % 5 = 0 THEN NULL ELSE CAST(((id * 40503) % 1000) / 100.0 AS DECIMAL(10,2)) END AS tip,
  element_at(array('card', 'cash', 'card', 'app', 'card', 'voucher'), CAST(id % 6 AS INT) + 1) AS payment,
  CASE WHEN id % 1000 = 0 THEN 'lost umbrella\nreturned to driver'
       WHEN id % 777 = 0 THEN '乘客留下了一把伞 ☂'
       WHEN id % 333 = 0 THEN 'tab\there'
       ELSE NULL END AS note,
  CAST(pickup_ts AS DATE) AS trip_date
FROM (
  SELECT id, TIMESTAMP'2026-10-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, CAST(id * 2.592 AS DOUBLE)) AS pickup_ts
  FROM range(0, 1000000, 1, 4)
);

CREATE TABLE IF NOT EXISTS demo.customers (
  customer_id BIGINT,
  name STRUCT<first: STRING, last: STRING>,
  emails ARRAY<STRING>,
  preferences MAP<STRING, STRING>,
  addresses ARRAY<STRUCT<kind: STRING, city: STRING, zip: STRING>>,
  lifetime_value DECIMAL(18,4),
  signed_up TIMESTAMP_NTZ,
  last_seen TIMESTAMP,
  avatar BINARY,
  loyalty INTERVAL DAY TO SECOND
) USING parquet COMMENT 'Nested types: arrays, maps, structs, binary, intervals';

INSERT OVERWRITE demo.customers
SELECT id AS customer_id,
  named_struct('first', element_at(array('Ada', 'Grace', 'Linus', 'Zoë', '美咲', 'Олег', 'José'), CAST(id % 7 AS INT) + 1),
               'last', element_at(array('Lovelace', 'Hopper', 'Torvalds', 'Müller', '佐藤', 'Петров', NULL), CAST(id % 7 AS INT) + 1)) AS name,
  CASE WHEN id % 9 = 0 THEN array() WHEN id % 11 = 0 THEN NULL
       ELSE array(concat('user', CAST(id AS STRING), '@example.com'), concat('u', CAST(id AS STRING), '@work.example')) END AS emails,
  map('theme', CASE WHEN id % 2 = 0 THEN 'dark' ELSE 'light' END, 'lang', element_at(array('en', 'de', 'ja', 'fr'), CAST(id % 4 AS INT) + 1)) AS preferences,
  array(named_struct('kind', 'home', 'city', element_at(array('New York', 'Berlin', '東京', 'Paris'), CAST(id % 4 AS INT) + 1), 'zip', lpad(CAST(id % 99999 AS STRING), 5, '0'))) AS addresses,
  CAST(id * 12.3456 AS DECIMAL(18,4)) AS lifetime_value,
  CAST(TIMESTAMP'2020-01-01 00:00:00' + make_interval(0, 0, 0, CAST(id % 2000 AS INT), 0, 0, 0) AS TIMESTAMP_NTZ) AS signed_up,
  TIMESTAMP'2026-11-01 12:00:00' - make_interval(0, 0, 0, 0, CAST(id % 500 AS INT), CAST(id % 60 AS INT), 0.25) AS last_seen,
  CASE WHEN id % 3 = 0 THEN NULL ELSE unhex(sha1(CAST(id AS STRING))) END AS avatar,
  make_dt_interval(CAST(id % 900 AS INT), CAST(id % 24 AS INT), CAST(id % 60 AS INT), 1.5) AS loyalty
FROM range(1, 5001);

CREATE OR REPLACE VIEW demo.daily_revenue COMMENT 'Revenue per day and payment type' AS
SELECT trip_date, payment, count(*) AS trips, sum(fare) AS fares, sum(tip) AS tips
FROM demo.trips GROUP BY trip_date, payment;
