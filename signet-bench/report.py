#!/usr/bin/env python3
"""Turns a JMH JSON result file of this suite into the Markdown tables of docs/benchmarks.md.

    python3 signet-bench/report.py signet-bench/target/results.json > tables.md
"""
import json
import sys

ALGS = ["HS256", "RS256", "ES256", "EdDSA"]
CLASS_ALG = {"Hs256": "HS256", "Rs256": "RS256", "Es256": "ES256", "EdDsa": "EdDSA"}
LIBS = ["signet", "nimbus", "jose4j", "jjwt", "auth0", "jca"]
NAMES = {"signet": "Signet", "nimbus": "Nimbus JOSE+JWT", "jose4j": "jose4j", "jjwt": "JJWT",
         "auth0": "Auth0 java-jwt", "jca": "raw JCA (floor)"}
PEERS = ["nimbus", "jose4j", "jjwt", "auth0"]


def load(path):
    results = {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        if cls not in CLASS_ALG:
            continue  # NestedJwe: signet-bench/report-jwe.py
        op = "verify" if method.startswith("verify") else "sign"
        lib = method[len(op):].lower()
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        results[(r["params"]["provider"], CLASS_ALG[cls], op, lib)] = (
            r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], alloc)
    return results


def fmt_ops(score, err):
    err = float(err)  # JMH writes "NaN" when there are fewer than 2 iterations
    e = "" if err != err else f" ± {err:,.0f}"
    return f"{score:,.0f}{e}"


def table(results, provider):
    out = ["| alg | op | library | ops/s (± 99.9% CI) | B/op | × raw JCA | × fastest peer |",
           "|---|---|---|--:|--:|--:|--:|"]
    for alg in ALGS:
        for op in ["verify", "sign"]:
            row = {lib: results.get((provider, alg, op, lib)) for lib in LIBS}
            jca = row["jca"][0] if row["jca"] else None
            peers = [(row[p][0], p) for p in PEERS if row[p]]
            fastest = max(peers) if peers else None
            for lib in LIBS:
                if not row[lib]:
                    continue
                score, err, alloc = row[lib]
                to_jca = f"{score / jca:.2f}" if jca and lib != "jca" else "—"
                to_peer = (f"{score / fastest[0]:.2f}" if fastest and lib not in ("jca",) else "—")
                name = NAMES[lib] + (" ★" if fastest and lib == fastest[1] else "")
                if lib == "signet":
                    name = "**Signet**"
                out.append(f"| {alg} | {op} | {name} | {fmt_ops(score, err)} | "
                           f"{'' if alloc is None else f'{alloc:,.0f}'} | {to_jca} | {to_peer} |")
    return "\n".join(out)


def targets(results, provider):
    def get(alg, op, lib):
        return results.get((provider, alg, op, lib))
    lines = []
    s, j = get("HS256", "verify", "signet"), get("HS256", "verify", "jca")
    peers = [get("HS256", "verify", p) for p in PEERS if get("HS256", "verify", p)]
    best = max(p[0] for p in peers)
    r_peer, r_jca, alloc = s[0] / best, s[0] / j[0], s[2]
    lines.append(f"| HS256 verify ≥ 1.5 × fastest peer | {r_peer:.2f} × | {'MET' if r_peer >= 1.5 else 'NOT MET'} |")
    lines.append(f"| HS256 verify ≥ 60% of raw-JCA HMAC | {100 * r_jca:.1f}% | {'MET' if r_jca >= 0.6 else 'NOT MET'} |")
    lines.append(f"| HS256 verify ≤ 1 KiB allocated | {alloc:,.0f} B | {'MET' if alloc <= 1024 else 'NOT MET'} |")
    for alg in ["RS256", "ES256", "EdDSA"]:
        for op in ["verify", "sign"]:
            s, j = get(alg, op, "signet"), get(alg, op, "jca")
            r = s[0] / j[0]
            lines.append(f"| {alg} {op} within 5% of raw JCA (≥ 95%) | {100 * r:.1f}% | {'MET' if r >= 0.95 else 'NOT MET'} |")
    return "| target | measured (Signet ÷ reference) | verdict |\n|---|--:|---|\n" + "\n".join(lines)


def main():
    results = load(sys.argv[1])
    for provider in ["jdk", "accp"]:
        if not any(k[0] == provider for k in results):
            continue
        print(f"### provider = {provider}\n")
        print(table(results, provider))
        print()
        try:
            print(targets(results, provider))
        except (TypeError, ValueError, ZeroDivisionError):
            print("(the targets need the whole suite's results)")
        print()


if __name__ == "__main__":
    main()
