#!/usr/bin/env python3
"""Splink 5 (DuckDB backend) as the peer in concord-match's benchmark.

  splink_peer.py --mode dedupe|link --profile febrl|concord --output pairs.csv
                 [--threshold 0.0] [--cluster-threshold 0.5] [--clusters clusters.csv]
                 [--u-max-pairs 1e7] INPUT [INPUT2]

The model follows Splink's own published practice (the FEBRL examples in its docs, its
out-of-the-box comparisons) rather than anything tuned on our labels, so that the peer is
neither crippled nor over-fitted. Training is unsupervised, as a Splink user would run it:
lambda from deterministic rules, u by random sampling, m by EM.

Writes every scored pair with match_probability >= threshold to --output as
id_l,id_r,match_probability,match_weight and prints one JSON line of timings to stdout.
With --clusters, it then clusters the pairs at --cluster-threshold (Splink's connected
components) and writes id,cluster_id: the same work `concord match` does, so that an end to
end deduplication is timed end to end on both sides.
seconds_total runs from before Splink/DuckDB are imported to the output file being
written (interpreter start-up is the harness's to measure); seconds_predict covers
predict(), writing the CSV and, with --clusters, clustering. Splink logs go to stderr.
"""
import time

T_START = time.perf_counter()

import argparse
import contextlib
import json
import resource
import sys

import duckdb
import splink
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

# Reversed names: a CustomRule-style SQL string is how Splink's FEBRL example does it.
FEBRL_REVERSED = "l.given_name = r.surname and l.surname = r.given_name"
CONCORD_REVERSED = "l.forename = r.surname and l.surname = r.forename"

PROFILES = {
    "febrl": dict(
        uid="rec_id",
        # FEBRL values are already lower case and trimmed: load them untouched.
        select="*",
        comparisons=lambda: [
            # Out-of-the-box name comparison: exact (with term-frequency adjustment),
            # Jaro-Winkler 0.92 / 0.88 / 0.7, else.
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            # YYYYMMDD strings: exact, Levenshtein 1, within 1 month / 1 year / 10 years.
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                     datetime_format="%Y%m%d"),
            # Damerau-Levenshtein as in Splink's FEBRL examples: FEBRL's typos include
            # transpositions of adjacent digits.
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
        ],
        blocking=[
            block_on("given_name", "surname"),
            FEBRL_REVERSED,
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
            block_on("street_number", "address_1"),
            block_on("surname", "suburb"),
            block_on("substr(given_name,1,2)", "substr(surname,1,2)"),
        ],
        deterministic=[
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
        ],
        em=[block_on("date_of_birth"), block_on("postcode")],
    ),
    "concord": dict(
        uid="id",
        # Light standardisation any Splink user would do first: case and whitespace, and
        # a UK postcode re-spaced as outward + ' ' + inward, which PostcodeComparison's
        # sector regex needs. The concatenated name carries the full-name term frequency.
        select="""
            id,
            nullif(lower(trim(forename)), '') as forename,
            nullif(lower(trim(surname)), '') as surname,
            nullif(trim(dob), '') as dob,
            nullif(regexp_replace(upper(replace(postcode, ' ', '')),
                                  '^(.+)(...)$', '\\1 \\2'), '') as postcode,
            nullif(lower(trim(address)), '') as address,
            nullif(lower(trim(town)), '') as town,
            nullif(lower(trim(gender)), '') as gender,
            nullif(upper(trim(pnc)), '') as pnc,
            nullif(lower(trim(forename)) || ' ' || lower(trim(surname)), '')
                as forename_surname
        """,
        comparisons=lambda: [
            # One comparison for both names: exact full name (tf on the full name),
            # columns reversed, both JW >= 0.92, both JW >= 0.8, surname exact (tf),
            # forename exact (tf), else. Splink's own answer to swapped names.
            cl.ForenameSurnameComparison(
                "forename", "surname", jaro_winkler_thresholds=[0.92, 0.8],
                forename_surname_concat_col_name="forename_surname"),
            # Exact, Levenshtein 1, within 1 month / 1 year / 10 years.
            cl.DateOfBirthComparison("dob", input_is_string=True,
                                     datetime_format="%Y-%m-%d"),
            # Full postcode, sector, district, area.
            cl.PostcodeComparison("postcode"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
            cl.ExactMatch("town"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("pnc"),
        ],
        blocking=[
            block_on("surname", "dob"),
            block_on("forename", "dob"),
            block_on("forename", "surname"),
            CONCORD_REVERSED,
            block_on("postcode", "substr(forename,1,1)"),
            block_on("pnc"),
            # DuckDB has no soundex/metaphone: a surname prefix stands in for the
            # phonetic key, within the same birth year and month.
            block_on("substr(dob,1,7)", "substr(surname,1,3)"),
        ],
        deterministic=[block_on("pnc"), block_on("forename", "surname", "dob")],
        em=[block_on("dob"), block_on("postcode")],
    ),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["dedupe", "link"], required=True)
    ap.add_argument("--profile", choices=sorted(PROFILES), required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--threshold", type=float, default=0.0)
    ap.add_argument("--clusters", help="write id,cluster_id here")
    ap.add_argument("--cluster-threshold", type=float, default=0.5)
    # u sampling dominates training time; 1e7 is what Splink's docs call adequate.
    ap.add_argument("--u-max-pairs", type=float, default=1e7)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    if len(args.inputs) != (1 if args.mode == "dedupe" else 2):
        ap.error("dedupe takes one INPUT, link takes two")
    p = PROFILES[args.profile]

    # The benchmark machine has 2 cores; pin DuckDB to them so runs are comparable.
    con = duckdb.connect(config={"threads": 2})
    db_api = DuckDBAPI(connection=con)

    # Load each CSV into a DuckDB table once (all columns as text, empty as NULL), so
    # Splink's many queries do not re-read the file.
    tables = []
    for i, path in enumerate(args.inputs):
        name = f"input_{'lr'[i]}"
        con.execute(f"create table {name} as select {p['select']} from "
                    "read_csv(?, all_varchar=true, header=true)", [path])
        tables.append(db_api.register(name, dataset_display_name=name))

    settings = SettingsCreator(
        link_type="dedupe_only" if args.mode == "dedupe" else "link_only",
        unique_id_column_name=p["uid"],
        comparisons=p["comparisons"](),
        blocking_rules_to_generate_predictions=p["blocking"],
        retain_matching_columns=False,
    )
    linker = Linker(tables[0] if args.mode == "dedupe" else tables, settings,
                    log_level="WARNING")

    t_train = time.perf_counter()
    tr = linker.training
    # Recall 0.8 is the figure Splink's FEBRL 4 example assumes for such rules.
    tr.estimate_probability_two_random_records_match(p["deterministic"], recall=0.8)
    # Fixed seed so that repeated runs train the same model.
    tr.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=1)
    for rule in p["em"]:
        tr.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True)
    t_predict = time.perf_counter()

    df = linker.inference.predict(
        threshold_match_probability=args.threshold if args.threshold > 0 else None)
    uid = p["uid"]
    # In a link, put INPUT's id on the left and INPUT2's on the right.
    swap = ("source_dataset_l <> 'input_l'" if args.mode == "link" else "false")
    con.execute(f"""
        copy (
          select
            cast(case when {swap} then {uid}_r else {uid}_l end as varchar) as id_l,
            cast(case when {swap} then {uid}_l else {uid}_r end as varchar) as id_r,
            match_probability, match_weight
          from {df.physical_name}
        ) to '{args.output.replace("'", "''")}' (header, delimiter ',')
    """)
    pairs = con.execute(f"select count(*) from {df.physical_name}").fetchall()[0][0]
    if args.clusters:
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            df, threshold_match_probability=args.cluster_threshold)
        con.execute(f"""
            copy (select cast({uid} as varchar) as id, cast(cluster_id as varchar) as cluster_id
                  from {clustered.physical_name})
            to '{args.clusters.replace("'", "''")}' (header, delimiter ',')
        """)
    t_end = time.perf_counter()

    return {
        "splink_version": splink.__version__,
        "seconds_total": round(t_end - T_START, 3),
        "seconds_training": round(t_predict - t_train, 3),
        "seconds_predict": round(t_end - t_predict, 3),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "pairs": pairs,
    }


if __name__ == "__main__":
    # Anything Splink or DuckDB might print goes to stderr: stdout is the JSON line only.
    with contextlib.redirect_stdout(sys.stderr):
        result = main()
    print(json.dumps(result))
