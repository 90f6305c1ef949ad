#!/usr/bin/env python3
"""The benchmark's questions asked of DuckDB in SQL, on the same register files.

    python3 duckdb_bench.py DIR --codes CODES.csv --as-of 2026-07-22 [--runs 5] [--load-runs 3]

Prints one JSON object: DuckDB's version, the times of each step (every run, seconds) and the
answers (the UPNs of the pupil lists, the rows of the grouped table), for attend-bench to set
beside its own and to check that both give the same pupils.

The SQL follows attend's definitions (Docs/performance.md): a pupil is on roll from
`admitted` (else their first mark that is not Z) to `left` (else, when their marks stop
before the register's last day, their last such mark), and only marks inside those dates
count; possible, attended, authorised and unauthorised come from the code table
(CODES.csv, written by attend-bench from attend's own table); `pupils` are those on roll
on the as-of date, and a grouped statement (`rate by form`) takes every pupil with a
possible session in its window; a school week is a
Monday–Sunday week with a possible session on or before the as-of date; rates are compared
exactly in integers.
"""
import argparse
import csv
import json
import os
import statistics
import sys
import time

import duckdb


def timed(fn, runs, warmup=1):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def load_codes(con, path):
    """The code classes, from attend's table."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    con.execute("CREATE TABLE codes (code VARCHAR, possible BOOLEAN, attended BOOLEAN, authorised BOOLEAN, unauthorised BOOLEAN, absent BOOLEAN)")
    con.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?)",
                    [(r["code"], r["possible"] == "1", r["attended"] == "1", r["authorised"] == "1",
                      r["unauthorised"] == "1", r["absent"] == "1") for r in rows])


def build_queries(con, asof, date_format=None):
    """The questions in SQL over the tables marks (with the code classes), pupils and calendar;
    pupils' dates written as `date_format` (strptime's) when it is given, else ISO."""
    columns = {r[0].lower() for r in con.execute("DESCRIBE pupils").fetchall()}
    def as_date(col):
        if date_format:
            return f"CAST(strptime(nullif({col}, ''), '{date_format}') AS DATE)"
        return f"CAST(nullif({col}, '') AS DATE)"
    admitted = as_date("p.admitted") if "admitted" in columns else "NULL"
    left = as_date("p.\"left\"") if "left" in columns else "NULL"
    form = "coalesce(p.form, '')" if "form" in columns else "''"

    year_start = f"{int(asof[:4]) - (1 if int(asof[5:7]) < 9 else 0)}-09-01"
    terms = con.execute(f"""SELECT CAST(start AS DATE), CAST("end" AS DATE) FROM calendar
                            WHERE lower(kind) = 'term' AND CAST(start AS DATE) >= DATE '{year_start}'
                            ORDER BY CAST(start AS DATE)""").fetchall()
    term1 = (str(terms[0][0]), str(min(terms[0][1], con.execute(f"SELECT DATE '{asof}'").fetchone()[0])))
    current = [t for t in terms if str(t[0]) <= asof][-1]
    this_term = (str(current[0]), str(min(str(current[1]), asof)))

    # Shared parts: dates on roll, and each mark restricted to them.
    roll = f"""
        last_day AS (SELECT max(date) AS d FROM marks),
        real AS (SELECT upn, min(date) AS first_real, max(date) AS last_real FROM marks WHERE mark <> 'Z' GROUP BY upn),
        roll AS (
            SELECT p.upn, {form} AS form,
                   coalesce({admitted}, r.first_real) AS f,
                   coalesce({left}, CASE WHEN r.last_real < (SELECT d FROM last_day) THEN r.last_real END) AS u
            FROM pupils p LEFT JOIN real r USING (upn)),
        on_roll_marks AS (
            SELECT m.* FROM marks m JOIN roll r USING (upn)
            WHERE (r.f IS NULL OR m.date >= r.f) AND (r.u IS NULL OR m.date <= r.u))"""
    on_roll_today = f"(r.f IS NULL OR r.f <= DATE '{asof}') AND (r.u IS NULL OR r.u >= DATE '{asof}')"

    queries = {
        "headline": f"""
            WITH {roll},
            weeks AS (SELECT DISTINCT date_trunc('week', date) AS wk FROM marks WHERE possible AND date <= DATE '{asof}'),
            window_start AS (SELECT min(date) AS d FROM marks
                             WHERE date >= (SELECT min(wk) FROM (SELECT wk FROM weeks ORDER BY wk DESC LIMIT 10))),
            counts AS (
                SELECT upn,
                       count(*) FILTER (WHERE possible AND date BETWEEN DATE '{term1[0]}' AND DATE '{term1[1]}') AS poss,
                       count(*) FILTER (WHERE attended AND date BETWEEN DATE '{term1[0]}' AND DATE '{term1[1]}') AS att,
                       count(*) FILTER (WHERE unauthorised AND date >= (SELECT d FROM window_start) AND date <= DATE '{asof}') AS unauth
                FROM on_roll_marks GROUP BY upn)
            SELECT c.upn FROM counts c JOIN roll r USING (upn)
            WHERE {on_roll_today} AND c.poss > 0 AND c.att * 10 < c.poss * 9 AND c.unauth >= 10
            ORDER BY c.upn""",
        "persistent": f"""
            WITH {roll},
            counts AS (
                SELECT upn,
                       count(*) FILTER (WHERE possible AND date BETWEEN DATE '{year_start}' AND DATE '{asof}') AS poss,
                       count(*) FILTER (WHERE absent AND date BETWEEN DATE '{year_start}' AND DATE '{asof}') AS abs
                FROM on_roll_marks GROUP BY upn)
            SELECT upn FROM counts WHERE poss > 0 AND abs * 10 >= poss ORDER BY upn""",
        "rate_by_form": f"""
            WITH {roll},
            counts AS (
                SELECT upn,
                       count(*) FILTER (WHERE possible AND date BETWEEN DATE '{this_term[0]}' AND DATE '{this_term[1]}') AS poss,
                       count(*) FILTER (WHERE attended AND date BETWEEN DATE '{this_term[0]}' AND DATE '{this_term[1]}') AS att
                FROM on_roll_marks GROUP BY upn)
            SELECT r.form, count(*) AS pupils, sum(c.poss) AS possible, sum(c.att) AS attended,
                   round(100.0 * sum(c.att) / sum(c.poss), 1) AS rate
            FROM counts c JOIN roll r USING (upn)
            WHERE c.poss > 0
            GROUP BY r.form ORDER BY r.form""",
    }
    return queries, {"term1": term1, "this_term": this_term, "year": [year_start, asof]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--codes", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--load-runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    if a.threads:
        con.execute(f"SET threads = {a.threads}")
    d = a.dir.rstrip("/")
    marks_csv = f"{d}/marks.csv"
    result = {"version": duckdb.__version__, "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
              "times": {}, "answers": {}}

    load_codes(con, a.codes)

    # Loading: read_csv into a table, and read_csv with the code classes joined on.
    def load_plain():
        con.execute("DROP TABLE IF EXISTS marks_plain")
        con.execute(f"CREATE TABLE marks_plain AS SELECT * FROM read_csv('{marks_csv}')")

    def load_classes():
        con.execute("DROP TABLE IF EXISTS marks")
        con.execute(f"""CREATE TABLE marks AS
            SELECT m.*, c.possible, c.attended, c.authorised, c.unauthorised, c.absent
            FROM read_csv('{marks_csv}') m JOIN codes c ON c.code = m.mark""")

    # The same store saved as a DuckDB database file, and reopened.
    db_file = f"/tmp/attend-bench-duckdb-{os.getpid()}.duckdb"

    def save():
        if os.path.exists(db_file):
            os.remove(db_file)
        con.execute(f"ATTACH '{db_file}' AS disk")
        con.execute("CREATE TABLE disk.marks AS SELECT * FROM marks")
        con.execute("CREATE TABLE disk.pupils AS SELECT * FROM pupils")
        con.execute("DETACH disk")

    def reopen():
        c = duckdb.connect(db_file, read_only=True)
        c.execute("SELECT count(*) FROM marks").fetchone()
        c.close()

    def reopen_headline():
        c = duckdb.connect(db_file, read_only=True)
        c.execute("SET enable_progress_bar = false")
        c.execute(queries["headline"]).fetchall()
        c.close()

    result["times"]["load_read_csv"] = timed(load_plain, a.load_runs, warmup=0)
    con.execute("DROP TABLE IF EXISTS marks_plain")
    result["times"]["load_with_classes"] = timed(load_classes, a.load_runs, warmup=0)
    con.execute(f"CREATE TABLE pupils AS SELECT * FROM read_csv('{d}/pupils.csv', all_varchar = true)")
    con.execute(f"CREATE TABLE calendar AS SELECT * FROM read_csv('{d}/calendar.csv', all_varchar = true)")
    result["marks"] = con.execute("SELECT count(*) FROM marks").fetchone()[0]
    result["times"]["save"] = timed(save, max(1, min(a.load_runs, 2)), warmup=0)
    result["store_bytes"] = os.path.getsize(db_file)
    result["times"]["reopen"] = timed(reopen, a.runs)

    queries, windows = build_queries(con, a.as_of)
    # The database file reopened and asked the headline question (its data read from the file).
    result["times"]["reopen_headline"] = timed(reopen_headline, max(1, min(a.runs, 3)))
    os.remove(db_file)

    for key, sql in queries.items():
        answer = []

        def run():
            answer.clear()
            answer.extend(con.execute(sql).fetchall())

        result["times"][key] = timed(run, a.runs)
        if key == "rate_by_form":
            result["answers"][key] = [[r[0] or "", int(r[1]), int(r[2]), int(r[3])] for r in answer]
        else:
            result["answers"][key] = [r[0] for r in answer]
    result["windows"] = windows
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
