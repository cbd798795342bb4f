#!/usr/bin/python3
"""The reference for the layout benchmark: Debian's umap-learn on the same vectors.

Usage: umap-baseline.py IN OUT [--neighbours 15] [--min-dist 0.1]
IN holds little-endian int32 n, int32 d, then n*d float64 (row-major); OUT gets n, 2 and the
coordinates in the same form. Prints one JSON line with the fit's wall time in seconds. numba
compiles umap-learn's kernels on first use, so a small warm-up fit runs first, untimed.
"""
import argparse
import json
import struct
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import umap  # noqa: E402


def read(path):
    with open(path, "rb") as f:
        n, d = struct.unpack("<ii", f.read(8))
        return np.frombuffer(f.read(n * d * 8), dtype="<f8").reshape(n, d)


def write(path, points):
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", *points.shape))
        f.write(np.ascontiguousarray(points, dtype="<f8").tobytes())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--neighbours", type=int, default=15)
    parser.add_argument("--min-dist", type=float, default=0.1)
    args = parser.parse_args()
    data = read(args.input)
    warm = np.random.default_rng(0).normal(size=(300, data.shape[1]))
    umap.UMAP(n_neighbors=args.neighbours, min_dist=args.min_dist).fit_transform(warm)
    start = time.perf_counter()
    points = umap.UMAP(n_neighbors=args.neighbours, min_dist=args.min_dist).fit_transform(data)
    seconds = time.perf_counter() - start
    write(args.output, points.astype(np.float64))
    json.dump({"seconds": seconds, "n": int(data.shape[0]), "d": int(data.shape[1])}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
