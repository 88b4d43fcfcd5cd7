"""Reads the validation curves out of logs/*.log (the trainer's own lines) and prints the table of README.md.

python3 results/moby-dick-200k-overfit/curves.py
"""
import re
import statistics
from pathlib import Path

LINE = re.compile(r"step (\d+)/\d+\s+train ([\d.]+) bpc\s+valid ([\d.]+) bpc")


def curve(log: Path):
    return [(int(s), float(t), float(v)) for s, t, v in LINE.findall(log.read_text())]


def main() -> None:
    runs = {log.stem: curve(log) for log in sorted((Path(__file__).parent / "logs").glob("*.log"))}
    print("| run | best valid bpc (step) | train bpc there | valid bpc at step 7200 | train bpc at 7200 |")
    print("|---|--:|--:|--:|--:|")
    for name, points in runs.items():
        best = min(points, key=lambda p: p[2])
        last = next(p for p in points if p[0] == 7200)
        print(f"| {name} | {best[2]:.3f} ({best[0]}) | {best[1]:.3f} | {last[2]:.3f} | {last[1]:.3f} |")
    for cell in ("g2", "lstm"):
        best = [min(p[2] for p in runs[f"{cell}-seed{s}"]) for s in (1, 2, 3)]
        last = [next(p[2] for p in runs[f"{cell}-seed{s}"] if p[0] == 7200) for s in (1, 2, 3)]
        print(f"{cell}: best {statistics.mean(best):.3f} ± {statistics.stdev(best):.3f}, at 7200 {statistics.mean(last):.3f} ± {statistics.stdev(last):.3f}")


if __name__ == "__main__":
    main()
