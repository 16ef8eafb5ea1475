"""Long and odd inputs: how long `parallax compare` takes when one article is far from a usual news report.

    .venv/bin/python benchmarks/long_inputs.py

Each case compares one bundled example article with a generated one, in a fresh process (`parallax compare …
--format json`), and prints the wall time and the child's peak memory. The generated articles are written to a
temporary folder and deleted; nothing is kept:

- digest: distinct real ECB+ reports (``../shared/data/ecbplus``) run together into one article of 20,000+ words
  (a long-form piece; without ../shared, the bundled examples repeated);
- repeated: one bundled article's body 200 times over (~56,000 words);
- one sentence: 20,000 words with no sentence end (text extracted badly, a transcript);
- initials: "A. B. C. D. E." 3,000 times (a list pysbd cuts into 15,000 pieces that the segmenter mends);
- figures: 2,000 lines, each a figure and a date (a results table).

These are robustness figures, not goals of an issue: a text twice as long should cost about twice as much.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "docs.jsonl"
EXAMPLE = ROOT / "examples" / "harbor-fire" / "01_coastal-wire.txt"
ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
ENV |= {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}  # to time another checkout
# The CLI in a child process that reports its own peak memory after the comparison.
CHILD = """
import resource, sys
from newsparallax.cli import main
status = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(status)
"""


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def digest(words: int) -> str:
    texts: list[str] = []
    if ECB.exists():
        for line in ECB.open(encoding="utf-8"):
            texts.append(json.loads(line)["text"])
            if sum(len(t.split()) for t in texts) >= words:
                break
    else:
        bodies = [_body(p) for p in sorted((ROOT / "examples").glob("*/*.txt"))]
        while sum(len(t.split()) for t in texts) < words:
            texts += bodies
    return "A digest of many reports\n\n" + "\n\n".join(texts)


def cases() -> dict[str, str]:
    rng = random.Random(11)
    body = _body(EXAMPLE)
    vocabulary = body.split()
    months = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    return {
        "digest (20,000+ distinct words)": digest(20_000),
        "repeated (one body x200)": "The same report, over and over\n\n" + "\n".join([body] * 200),
        "one sentence of 20,000 words": "No full stop\n\n" + " ".join(rng.choice(vocabulary) for _ in range(20_000)),
        "initials (15,000 one-letter pieces)": "Initials\n\n" + "A. B. C. D. E. " * 3_000,
        "figures (2,000 lines)": "Results\n\n"
        + "\n".join(
            f"{rng.randint(2, 10**6):,} votes were counted on {rng.choice(months)} {rng.randint(1, 28)}, "
            f"{rng.randint(1990, 2026)}."
            for _ in range(2_000)
        ),
    }


def main() -> None:
    print(f"machine: python {sys.version.split()[0]}; each case: {EXAMPLE.name} vs the generated article")
    with tempfile.TemporaryDirectory() as tmp:
        for n, (label, text) in enumerate(cases().items()):
            path = Path(tmp) / f"case{n}.txt"
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", CHILD, "compare", str(EXAMPLE), str(path), "--format", "json", "-o", os.devnull],
                check=True,
                env=ENV,
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - start
            peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
            print(f"{label:<36} {len(text.split()):>7,} words  {wall:6.1f} s  peak {peak_mb:5.0f} MB")


if __name__ == "__main__":
    main()
