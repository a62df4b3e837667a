"""Earshot against the best peer on calls made from other mixcalls seeds: does the lead hold on other calls?

usage: seeds.py [--seeds 2-6] [--out DIR] [--markdown PATH]   (bench/peers/run --seeds ... calls this)

For each seed N, runs peers.py --quick on the calls `mixcalls.py --seed N` makes (in /tmp/earshot-calls-seedN,
made if missing), into OUT/seed-N. Then rewrites the markdown from OUT/results.json (seed 1, the main tables)
with section D: per variant and figure, Earshot's value and the best peer's on every seed measured, marked
ahead, level or behind at the precision the tables print.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys

import report

HERE = os.path.dirname(os.path.abspath(__file__))


def seed_list(text):
    """'2-6' or '2,4,5' to a list of seeds."""
    seeds = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += list(range(int(low), int(high or low) + 1))
    return seeds


def measured(out):
    """{seed: results} for OUT/results.json (seed 1) and every OUT/seed-N/results.json that exists."""
    found = {}
    main = os.path.join(out, "results.json")
    if os.path.exists(main):
        found[1] = main
    for path in glob.glob(os.path.join(out, "seed-*", "results.json")):
        found[int(re.search(r"seed-(\d+)", path).group(1))] = path
    results = {}
    for seed, path in sorted(found.items()):
        with open(path) as handle:
            results[seed] = json.load(handle)
    return results


def standing(label, mine, best):
    """'ahead', 'level' or 'behind', compared at the precision the tables print."""
    digits = 1 if "points" in label else 2
    a, b = round(mine, digits), round(best, digits)
    if a == b:
        return "level"
    return "ahead" if (a < b if "lower is better" in label else a > b) else "behind"


def section(out, peers):
    """Section D's markdown lines (empty when only seed 1 has been measured)."""
    results = measured(out)
    if len(results) < 2:
        return []
    seeds = list(results)
    titles = dict(peers)
    lines = ["## D. The same comparison on other calls (mixcalls seeds)", "",
             "Seed 1 is table B; the other seeds are calls made the same way from the same voices (`mixcalls.py "
             "--seed N`); seeds 1-3 were used while choosing Earshot's defaults, 4 and later were not. Each cell: Earshot / best "
             "peer (its name), then + (Earshot ahead), = (level at the printed precision) or - (behind). Made by "
             "`bench/peers/run --seeds 2-6`; each seed's full tables are in `bench/peers/out/seed-N/`.", "",
             "- Earshot per seed: " + "; ".join("{} {}".format(s, r["versions"]["earshot"].split(", binary")[0])
                                                 for s, r in results.items()), ""]
    counts = {"ahead": 0, "level": 0, "behind": 0}
    mark = {"ahead": "+", "level": "=", "behind": "-"}
    variants = [v for v in results[seeds[0]]["calls"]["rows"]["earshot"]["scores"] if v != "pooled"]
    for variant in variants:
        lines += ["### " + variant, "", "| figure | " + " | ".join("seed {}".format(s) for s in seeds) + " |",
                  "|---" * (len(seeds) + 1) + "|"]
        parts = None
        cells = {}
        for seed in seeds:
            rows = results[seed]["calls"]["rows"]
            mine = report.call_figures(rows["earshot"]["scores"][variant])
            per = {k: report.call_figures(rows[k]["scores"][variant]) for k, _ in peers if "scores" in rows.get(k, {})}
            parts = parts or [(label, i) for label, values in mine.items() for i in range(len(values))]
            for label, i in parts:
                if not per:
                    cells[(label, i, seed)] = "n/a (no peer ran)"
                    continue
                lower = "lower is better" in label
                pick = (min if lower else max)(per, key=lambda key: per[key][label][i])
                state = standing(label, mine[label][i], per[pick][label][i])
                counts[state] += 1
                digits = 1 if "points" in label else 2
                cells[(label, i, seed)] = "{} / {} ({}) {}".format(
                    report.f(mine[label][i], digits), report.f(per[pick][label][i], digits),
                    titles[pick].split(" ")[0], mark[state])
        for label, i in parts:
            name = figure_name(label, i)
            lines.append("| {} | {} |".format(name, " | ".join(cells[(label, i, s)] for s in seeds)))
        lines.append("")
    total = sum(counts.values())
    lines += ["Over the {} figures of {} seeds: Earshot ahead on {}, level on {}, behind on {}.".format(
        total, len(seeds), counts["ahead"], counts["level"], counts["behind"]), ""]
    return lines


def figure_name(label, index):
    """One part of a table-B row label: 'interruption F1, by agent / by customer' part 1 -> 'interruption F1, by customer'."""
    head, _, tail = label.partition(", ")
    if " / " not in label:
        return label
    if " / " in tail:
        return "{}, {}".format(head, tail.split(" / ")[index])
    return label.split(" / ")[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="2-6", help="mixcalls seeds to measure, e.g. 2-6 or 2,4 (default 2-6)")
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--markdown", default=os.path.join(os.path.dirname(os.path.dirname(HERE)), "BENCHMARKS.md"))
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    for seed in seed_list(args.seeds):
        if seed == 1:
            continue  # seed 1 is the main run (bench/peers/run)
        folder = os.path.join(out, "seed-{}".format(seed))
        subprocess.run([sys.executable, os.path.join(HERE, "peers.py"), "--quick", "--seed", str(seed),
                        "--calls", "/tmp/earshot-calls-seed{}".format(seed), "--out", folder,
                        "--markdown", os.path.join(folder, "BENCHMARKS.md")], check=True)
    if not os.path.exists(os.path.join(out, "results.json")):
        sys.exit("seeds: {} is missing: run bench/peers/run first (seed 1, the main tables)".format(
            os.path.join(out, "results.json")))
    subprocess.run([sys.executable, os.path.join(HERE, "peers.py"), "--out", out, "--markdown", args.markdown,
                    "--report-only"], check=True)


if __name__ == "__main__":
    main()
