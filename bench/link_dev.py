"""Fill `incident` in an extraction output with the linker, and report B-cubed against gold.

    python bench/link_dev.py tests/fixtures/corpus/dev.jsonl /tmp/x.jsonl -o /tmp/y.jsonl
    python bench/link_dev.py tests/fixtures/corpus/dev.jsonl --gold -o /tmp/y.jsonl
    python bench/link_dev.py tests/fixtures/corpus/dev.jsonl --gold --noise 1 --noise 2 --noise 3

The first form reads what `refwatch extract` wrote (one contract line per report), links the
reports in one fresh context exactly as `refwatch extract` does, and writes the same lines
with `incident` filled; score the result with `eval/score.py CORPUS OUT`. `--gold` uses the
corpus's gold events instead of an extraction (the linker's ceiling); `--noise SEED` perturbs
them like an imperfect extractor (repeat it for several seeds).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from refwatch.incidents import link_batch
from refwatch.incidents.evaluate import (
    Noise,
    bcubed_f1,
    extraction_from_contract,
    gold_extraction,
    gold_incidents,
    load_corpus,
    perturb,
)
from refwatch.types import Extraction, Report


def _read_lines(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _items(corpus: Path, extraction: Path | None, noise_seed: int | None, miss: float):
    docs = load_corpus(corpus)
    if extraction is None:
        extractions = [gold_extraction(d) for d in docs]
        rows = [{**e.to_contract(), "id": d.doc_id} for d, e in zip(docs, extractions, strict=True)]
    else:
        rows = _read_lines(extraction)
        by_id = {str(r["id"]): r for r in rows}
        missing = [d.doc_id for d in docs if d.doc_id not in by_id]
        if missing:
            sys.exit(f"{extraction}: no line for {len(missing)} corpus documents, e.g. {missing[:3]}")
        rows = [by_id[d.doc_id] for d in docs]
        extractions = [extraction_from_contract(r) for r in rows]
    if noise_seed is not None:
        rng = random.Random(noise_seed)
        extractions = [perturb(e, rng, Noise(miss_report=miss)) for e in extractions]
    items: list[tuple[Report, Extraction]] = [(d.report, e) for d, e in zip(docs, extractions, strict=True)]
    return docs, rows, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="The corpus with texts (and gold, for the figure).")
    parser.add_argument("extraction", type=Path, nargs="?", help="`refwatch extract` output for the same ids.")
    parser.add_argument("-o", "--output", type=Path, help="Write the lines with `incident` filled here.")
    parser.add_argument("--gold", action="store_true", help="Link the corpus's gold events.")
    parser.add_argument("--noise", type=int, action="append", default=[], metavar="SEED",
                        help="Perturb the events like a noisy extractor (repeatable).")
    parser.add_argument("--miss", type=float, default=0.05, help="With --noise: share of relevant reports missed.")
    parser.add_argument("--no-embeddings", action="store_true", help="Link without the multilingual encoder.")
    args = parser.parse_args()
    if args.extraction is None and not args.gold:
        parser.error("name an extraction output file, or use --gold")
    for seed in args.noise or [None]:
        docs, rows, items = _items(args.corpus, None if args.gold else args.extraction, seed, args.miss)
        started = time.perf_counter()
        labels = link_batch(items, use_embeddings=not args.no_embeddings)
        elapsed = time.perf_counter() - started
        gold = gold_incidents(docs)
        precision, recall, f1 = bcubed_f1(gold, {d.doc_id: label for d, label in zip(docs, labels, strict=True)})
        source = "gold" if args.gold else str(args.extraction)
        noise = f" noise seed {seed}" if seed is not None else ""
        print(f"{source}{noise}: {len(items)} reports, {len(set(filter(None, labels)))} incidents, "
              f"B-cubed P {precision:.3f} R {recall:.3f} F1 {f1:.3f}, linked in {elapsed:.2f} s", file=sys.stderr)
        if args.output is not None:
            with args.output.open("w", encoding="utf-8") as out:
                for row, (_report, extraction), label in zip(rows, items, labels, strict=True):
                    line = {**row, "incident": label} if seed is None else {**extraction.to_contract(),
                                                                             "id": row["id"], "incident": label}
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
