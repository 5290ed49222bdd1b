"""Train the learned claim tagger: `python -m bench.check_train` writes bot/data/claims.crf and
its manifest (bot/data/claims.json: the sets it learned from, with their SHA-256, and the
training parameters).

It learns from every labelled set except the held-out ones, which stay sets nobody tuned on:
`--cv` instead scores the tagger by three folds of the training sets (each fold's sets left
out of its training), the tagger alone and with the rules.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import pycrfsuite
import yaml

import bench.check_eval as check_eval
from bot.core.qa.checking import tagger
from bot.core.qa.checking.claims import Claim
from bot.core.qa.checking.finder import extract_claims

BENCH = Path(__file__).parent
DATA = Path(tagger.__file__).parents[3] / "data"
# Never learned from: the measure of answers nobody tuned on.
HELD_OUT = (
    "check_answers_fresh10.yaml",
    "check_answers_fresh11.yaml",
    "check_answers_fresh12.yaml",
)
PARAMS: dict[str, Any] = {
    "c1": 0.1,  # L1: keeps the model small
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def training_sets() -> list[Path]:
    """Every labelled set in bench/ but the held-out ones, in name order."""
    return sorted(p for p in BENCH.glob("check_answers*.yaml") if p.name not in HELD_OUT)


def train(answers: Iterable[dict[str, Any]], model: Path, params: dict[str, Any]) -> None:
    """Fit a tagger to `answers` and write it to `model`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for answer in answers:
        text = answer["text"]
        toks = tagger.tokens(text)
        claims = [(c["text"], c["kind"]) for c in answer["claims"]]
        trainer.append(tagger.features(text, toks), tagger.labels(text, toks, claims))
    trainer.set_params(params)
    trainer.train(str(model))


def _load(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def cross_validate(params: dict[str, Any], work: Path) -> None:
    """Three folds by set: the tagger alone and the finder with it, on the sets left out."""
    sets = training_sets()
    folds = [sets[k::3] for k in range(3)]
    tallies: dict[str, dict[str, check_eval.Tally]] = {}
    for k, left_out in enumerate(folds):
        model = work / f"fold{k}.crf"
        train((a for p in sets if p not in left_out for a in _load(p)), model, params)
        answers = [a for p in left_out for a in _load(p)]
        learned = tagger.open_model(str(model))
        ways = {
            "tagger alone": partial(_tagged, model=learned),
            "finder": partial(extract_claims, model=learned),
        }
        for name, extract in ways.items():
            for lang in ("ja", "en"):
                tally = tallies.setdefault(name, {}).setdefault(lang, check_eval.Tally())
                for answer in (a for a in answers if a["lang"] == lang):
                    check_eval.score(answer, tally, extract)
    for name, by_lang in tallies.items():
        for lang, tally in by_lang.items():
            s = tally.summary()
            print(f"{name} / {lang}: recall {s['recall']:.3f}, precision {s['precision']:.3f}")


def _tagged(text: str, model: Any) -> list[Claim]:
    """The tagger's own proposals as claims, as if no rule existed."""
    return [Claim(text[c.start : c.end], c.kind, c.start, c.end) for c in tagger.find(text, model)]


def main(argv: list[str] | None = None) -> int:
    """Train (or cross-validate) and say what was done."""
    parser = argparse.ArgumentParser(prog="python -m bench.check_train")
    parser.add_argument("--cv", action="store_true", help="score by folds instead of training")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the model")
    args = parser.parse_args(argv)
    if args.cv:
        args.out.mkdir(parents=True, exist_ok=True)
        cross_validate(PARAMS, args.out)
        return 0
    sets = training_sets()
    model = args.out / tagger.MODEL
    train((a for p in sets for a in _load(p)), model, PARAMS)
    manifest = {
        "params": PARAMS,
        "held_out": list(HELD_OUT),
        "sets": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sets},
    }
    (args.out / tagger.MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {model} ({model.stat().st_size:,} bytes) from {len(sets)} sets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
