#!/usr/bin/env python3
"""One cell of the style matrix in DuckDB, as one whole process: read_csv of the register's
files (marks.csv with the code classes joined on, as duckdb_bench.py loads it), then the
headline question.

    python3 duckdb_matrix.py DIR --codes CODES.csv --as-of 2026-07-22 [--uk-dates] [--comment]

The file's shape is told, not sniffed: the demo's column names (whatever the header says),
dates as dd/mm/yyyy with --uk-dates, a last `comment` column with --comment. Prints one JSON
object: the seconds of the load and of the query, and the headline's UPNs.
"""
import argparse
import json
import os
import sys
import time

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb_bench  # noqa: E402

PUPILS = ["upn", "forename", "surname", "year", "form", "dob", "sex", "send", "fsm", "pp", "eal",
          "admitted", "left", "contact_name", "contact_email", "contact_phone", "address"]


def main():
    t0 = time.perf_counter()
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--codes", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--uk-dates", action="store_true")
    ap.add_argument("--comment", action="store_true")
    a = ap.parse_args()
    d = a.dir.rstrip("/")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    duckdb_bench.load_codes(con, a.codes)
    names = ["upn", "date", "session", "mark", "minutes_late"] + (["comment"] if a.comment else [])
    fmt = "%d/%m/%Y" if a.uk_dates else None
    date_option = f", dateformat = '{fmt}'" if fmt else ""
    con.execute(f"""CREATE TABLE marks AS
        SELECT m.*, c.possible, c.attended, c.authorised, c.unauthorised, c.absent
        FROM read_csv('{d}/marks.csv', header = true, names = {names},
                      types = {{'date': 'DATE', 'minutes_late': 'INTEGER'}}{date_option}) m
        JOIN codes c ON c.code = m.mark""")
    con.execute(f"CREATE TABLE pupils AS SELECT * FROM read_csv('{d}/pupils.csv', header = true, names = {PUPILS}, all_varchar = true)")
    con.execute(f"CREATE TABLE calendar AS SELECT * FROM read_csv('{d}/calendar.csv', all_varchar = true)")
    t1 = time.perf_counter()
    queries, _ = duckdb_bench.build_queries(con, a.as_of, date_format=fmt)
    answer = [r[0] for r in con.execute(queries["headline"]).fetchall()]
    t2 = time.perf_counter()
    json.dump({"version": duckdb.__version__, "load": t1 - t0, "query": t2 - t1, "headline": answer}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
