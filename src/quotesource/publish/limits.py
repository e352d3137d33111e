"""SQLite limits on every connection Datasette opens, so one query cannot exhaust the server.

Datasette's time limit (sql_time_limit_ms) interrupts a long query between SQLite steps, but one
step can allocate as much as it is asked: `select randomblob(1000000000)` grew the server to
7.5 GB before the limit was checked, and a 300 MB value held up every other request while it
was rendered. SQLite refuses any string or blob longer than its LIMIT_LENGTH before allocating
it ("string or blob too big", which Datasette shows as the query's error). No value quotesource
stores comes near VALUE_BYTES (an article is cut at 200,000 characters by ingest's
--max-chars), so only such queries are refused. A response is then bounded by
max_returned_rows values of at most VALUE_BYTES each, within the time limit; the SQL text
itself is capped at SQL_BYTES.
"""
from __future__ import annotations

import sqlite3

VALUE_BYTES = 4 * 1024 * 1024       # longest string or blob a query may make or return
SQL_BYTES = 100_000                 # longest SQL statement accepted


def limit_connection(conn: sqlite3.Connection) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, SQL_BYTES)
