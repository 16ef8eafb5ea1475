"""Speed and memory of `parallax compare` (issue figures: 2 CPU cores).

    .venv/bin/python benchmarks/compare_speed.py
    .venv/bin/python benchmarks/compare_speed.py --warm-ratio     # only the warm ratio, four times
    .venv/bin/python benchmarks/compare_speed.py --scale 150      # only the big story, at 150 articles

1. `parallax --help` wall time (goal <= 0.3 s).
2. Cold `parallax compare` of the seed pair, start to finish, in a fresh process (goal <= 3 s).
3. Warm compare of the seed pair against embedding its sentences alone (goal: ratio <= 1.5).
4. A 50-article story of ~40 sentences each, warm, with peak memory (goal <= 10 s, <= 2 GB).
   The story is recombined from real ECB+ articles of one topic (../shared/data/ecbplus), so it is
   synthetic in arrangement but real in wording; without ../shared it recombines the bundled examples.
   Twice: with the repeated sentences verbatim (wire copy) and with one word of each copy dropped.
   ``--scale N`` runs only these two, with N articles: how the time grows past the goal's story size.
Runs fall back to the bundled examples when ../shared/seeds is absent, and say so.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
PARALLAX = str(ROOT / ".venv" / "bin" / "parallax")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def _wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pair_inputs() -> tuple[list[str], str]:
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    if len(seeds) >= 2:
        return seeds, "seed pair"
    story = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir() and p.name != "gold")[0]
    return sorted(str(p) for p in story.glob("*.txt"))[:2], f"{story.name} (first two; seeds absent)"


def big_story_script(n_articles: int, n_sentences: int, edited: bool) -> str:
    """Python run in a child process so its peak RSS is the story's alone.

    The topic has ~260 sentences, so each turns up in ~8 of the 50 articles. ``edited=False`` keeps those copies
    word for word (wire copy: alignment embeds a repeated sentence once); ``edited=True`` drops one word of each
    copy at random, so nearly every sentence is distinct and nothing is saved by the repeats (the worst case)."""
    return f"""
import json, random, resource, sys, time
from pathlib import Path
sys.path.insert(0, {str(ROOT / "src")!r})
from newsparallax import compare, resources
from newsparallax.model import Article
from newsparallax.segment import split_sentences
docs = []
ecb = Path({str(SHARED / "data" / "ecbplus" / "docs.jsonl")!r})
if ecb.exists():
    records = [json.loads(line) for line in ecb.open(encoding="utf-8")]
    topic = {{}}
    for r in records:
        topic.setdefault(r["story"].split("_")[0], []).append(r)
    pool = max(topic.values(), key=len)
    label = "ECB+ topic " + pool[0]["story"].split("_")[0] + f" ({{len(pool)}} real articles)"
    texts = [r["text"] for r in pool]
else:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path({str(ROOT / "examples")!r}).glob("*/*.txt"))]
    label = "bundled examples"
sentences = [t[s:e] for t in texts for s, e in split_sentences(t)]
rng = random.Random(7)
articles = []
for n in range({n_articles}):
    picked = rng.sample(sentences, min({n_sentences}, len(sentences)))
    if {edited!r}:
        words = [p.split() for p in picked]
        picked = [" ".join(w[:k] + w[k + 1:]) if len(w) > 2 else " ".join(w)
                  for w in words for k in [rng.randrange(1, max(2, len(w)))]]
    body = "\\n".join(" ".join(picked[i:i + 3]) for i in range(0, len(picked), 3))
    articles.append(Article(id=f"a{{n:02d}}", source=f"outlet{{n}}", title=f"Article {{n}}", text=body))
resources.embedder()
start = time.perf_counter()
comparison = compare(articles)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
said = [a.text[s.start:s.end] for a in comparison.articles for s in a.sentences]
print(json.dumps({{"seconds": elapsed, "peak_mb": peak, "sentences": len(said), "distinct": len(set(said)),
                  "facts": len(comparison.facts), "source": label}}))
"""


def main() -> None:
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    if "--warm-ratio" in sys.argv[1:]:  # only the warm ratio, several times: it swings with the machine
        for _ in range(4):
            warm_ratio(pair_inputs()[0])
        return
    if "--scale" in sys.argv[1:]:
        big_stories(int(sys.argv[sys.argv.index("--scale") + 1]))
        return
    help_s = _wall([PARALLAX, "--help"], 10)
    print(f"parallax --help                 {help_s:6.3f} s   (goal <= 0.3 s)")

    inputs, label = pair_inputs()
    cold = _wall([PARALLAX, "compare", *inputs, "--format", "json", "-o", os.devnull], 5)
    print(f"cold compare, {label:<17} {cold:6.3f} s   (goal <= 3 s, fresh process, median of 5)")

    warm_ratio(inputs)

    from newsparallax import read

    core_s, details_s, full_s = stage_walls([read(p) for p in inputs], 20)
    print(
        f"core compare (segment, align, coverage) {core_s:6.3f} s; + quotes, quantities, dates, conflicts, reuse "
        f"{details_s:6.3f} s (+{details_s / core_s - 1:.0%}, goal <= 30%); + framing and summary {full_s:6.3f} s "
        f"(+{full_s / details_s - 1:.0%} of that, goal <= 30%)"
    )

    big_stories(50)


def big_stories(n_articles: int) -> None:
    """The story of ``n_articles`` of ~40 sentences, with copies verbatim and edited, each in a fresh process."""
    for edited, kind in ((False, "copies verbatim"), (True, "copies edited  ")):
        out = subprocess.run(
            [sys.executable, "-c", big_story_script(n_articles, 40, edited)],
            check=True,
            capture_output=True,
            text=True,
            env=ENV,
        )
        big = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{n_articles}-article story, {kind}, warm {big['seconds']:6.3f} s   peak {big['peak_mb']:.0f} MB, "
            f"{big['sentences']} sentences ({big['distinct']} distinct), {big['facts']} facts, from {big['source']} "
            "(goal for 50 articles: <= 10 s, <= 2048 MB)"
        )


def warm_ratio(inputs: list[str]) -> None:
    """Warm compare of the seed pair against embedding its sentences alone, interleaved (medians of 30)."""
    from newsparallax import compare, read, resources
    from newsparallax.segment import segment

    articles = [segment(read(p)) for p in inputs]
    embedder = resources.embedder()
    texts = [a.text[s.start : s.end] for a in articles for s in a.content_sentences]
    embedder.embed(texts)
    compare(articles)
    # Interleaved, so a slower stretch of the (shared, virtual) machine weighs on both alike.
    embeds, warms = [], []
    for _ in range(30):
        embeds.append(_timed(lambda: embedder.embed(texts)))
        warms.append(_timed(lambda: compare(articles)))
    embed_s, warm_s = statistics.median(embeds), statistics.median(warms)
    print(
        f"warm compare                    {warm_s:6.3f} s   embedding alone {embed_s:.3f} s "
        f"({len(texts)} sentences): ratio {warm_s / embed_s:.2f} (goal <= 1.5)"
    )


def stage_walls(articles: list[object], runs: int) -> tuple[float, float, float]:
    """Warm wall times (medians) of the core comparison (issue "compare": segmentation, alignment, coverage), of
    the core plus the detail analyzers of the quotes/conflicts issue (the pipeline's own ``story_details``), and
    of the whole pipeline with framing and the summary."""
    from newsparallax import compare, resources
    from newsparallax.align import align
    from newsparallax.coverage import coverage
    from newsparallax.pipeline import story_details
    from newsparallax.segment import segment
    from newsparallax.settings import DEFAULT

    embed = resources.embedder().embed
    resources.nlp()  # loaded before timing

    def core() -> None:
        segmented = [segment(a) for a in articles]  # type: ignore[arg-type]
        coverage(segmented, align(segmented, embed, DEFAULT))

    def details() -> None:
        found = story_details(articles, DEFAULT)  # type: ignore[arg-type]
        coverage(found.articles, found.facts)

    def full() -> None:
        compare(articles)  # type: ignore[arg-type]

    walls: dict[str, list[float]] = {"core": [], "details": [], "full": []}
    for fn in (core, details, full):
        fn()
    for _ in range(runs):  # interleaved, so a slower stretch of the machine weighs on all three alike
        for name, fn in (("core", core), ("details", details), ("full", full)):
            walls[name].append(_timed(fn))
    return tuple(statistics.median(walls[k]) for k in ("core", "details", "full"))  # type: ignore[return-value]


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
