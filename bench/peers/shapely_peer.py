"""The geofence benchmark's shapely 2 peer (issue 22), on `concord bench geo`'s files.

    python shapely_peer.py DATA_DIR [REPEATS]

Reads DATA_DIR/zones.csv (id,subject,wkt) and DATA_DIR/fixes.bin (f64 lon, f64 lat,
u32 subject per fix, little-endian). Two runs, each timed inside this process after the
data is loaded and the polygons prepared, and each made REPEATS times (default 1), the
fastest reported (as Concord's are):

- per subject: the stream's fixes grouped by subject (inside the timing: they arrive
  interleaved), then each subject's fixes against its own zones, vectorised
  (`shapely.contains_xy`) after a bounding-box filter;
- any zone: every fix against all the zones with an STRtree join
  (`STRtree.query(points, predicate="within")`), the points made inside the timing.

Writes how many zones hold each fix (uint8) to DATA_DIR/shapely_per_subject.u8 and
DATA_DIR/shapely_any_zone.u8, and prints the timings as one JSON line.
"""

import csv
import json
import resource
import sys
import time

import numpy as np
import shapely
from shapely import STRtree


def main(data_dir, repeats):
    zones, subject_of_zone = [], []
    with open(f"{data_dir}/zones.csv", newline="") as f:
        for row in csv.DictReader(f):
            zones.append(shapely.from_wkt(row["wkt"]))
            subject_of_zone.append(int(row["subject"]))
    zones = np.array(zones, dtype=object)
    shapely.prepare(zones)
    raw = np.fromfile(f"{data_dir}/fixes.bin", dtype=np.dtype([("lon", "<f8"), ("lat", "<f8"), ("subject", "<u4")]))
    x, y, subject = raw["lon"].copy(), raw["lat"].copy(), raw["subject"].copy()
    n = len(x)
    zones_of = {}
    for z, s in enumerate(subject_of_zone):
        zones_of.setdefault(s, []).append(z)
    bounds = shapely.bounds(zones)

    per_subject_s = float("inf")
    for _ in range(repeats):
        counts = np.zeros(n, dtype=np.uint8)
        t = time.perf_counter()
        # The stream interleaves subjects: group each subject's fixes (a stable sort).
        order = np.argsort(subject, kind="stable")
        sx, sy, ss = x[order], y[order], subject[order]
        starts = np.flatnonzero(np.r_[True, ss[1:] != ss[:-1]])
        ends = np.r_[starts[1:], n]
        for a, b in zip(starts, ends):
            xs, ys = sx[a:b], sy[a:b]
            for z in zones_of[int(ss[a])]:
                minx, miny, maxx, maxy = bounds[z]
                box = (xs >= minx) & (xs <= maxx) & (ys >= miny) & (ys <= maxy)
                idx = np.flatnonzero(box)
                if idx.size:
                    hit = shapely.contains_xy(zones[z], xs[idx], ys[idx])
                    counts[order[a + idx[hit]]] += 1
        per_subject_s = min(per_subject_s, time.perf_counter() - t)
    counts.tofile(f"{data_dir}/shapely_per_subject.u8")

    tree = STRtree(zones)
    any_zone_s = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        points = shapely.points(x, y)
        pairs = tree.query(points, predicate="within")
        any_counts = np.bincount(pairs[0], minlength=n).astype(np.uint8)
        any_zone_s = min(any_zone_s, time.perf_counter() - t)
    any_counts.tofile(f"{data_dir}/shapely_any_zone.u8")
    print(json.dumps({
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "fixes": int(n),
        "per_subject_s": per_subject_s,
        "any_zone_s": any_zone_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
