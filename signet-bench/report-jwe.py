#!/usr/bin/env python3
"""Turns the JMH JSON results of the NestedJwe benchmarks into the Markdown table of
docs/benchmarks.md (section "Nested JWT: decrypt and verify").

    python3 signet-bench/report-jwe.py signet-bench/target/results.json > tables.md
"""
import json
import sys

LIBS = ["signet", "nimbus", "jose4j", "jca"]
NAMES = {"signet": "Signet", "nimbus": "Nimbus JOSE+JWT", "jose4j": "jose4j", "jca": "raw JCA (floor)"}
ALGS = ["RSA-OAEP-256", "ECDH-ES+A256KW"]


def main(path):
    results = {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        if cls != "NestedJwe":
            continue
        lib = method[len("decrypt"):].lower()
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        results[(r["params"]["provider"], r["params"]["alg"], lib)] = (
            r["primaryMetric"]["score"], float(r["primaryMetric"]["scoreError"]), alloc)
    print("| provider | alg (+ A256GCM, ES256 inside) | library | ops/s (± 99.9% CI) | µs/op | B/op | × raw JCA cost |")
    print("|---|---|---|--:|--:|--:|--:|")
    for provider in ["jdk", "accp"]:
        for alg in ALGS:
            floor = results.get((provider, alg, "jca"))
            for lib in LIBS:
                row = results.get((provider, alg, lib))
                if row is None:
                    continue
                score, err, alloc = row
                e = "" if err != err else f" ± {err:,.0f}"
                ratio = f"{floor[0] / score:.2f}" if floor else "—"
                b = f"{alloc:,.0f}" if alloc is not None else "—"
                print(f"| {provider} | {alg} | {NAMES[lib]} | {score:,.0f}{e} | {1e6 / score:,.1f} | {b} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1])
