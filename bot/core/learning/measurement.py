"""Measuring learning with the two parallel test forms: who takes which form when, and what a
cohort's before/after answers say — its gain, and its discernment rather than its scepticism.

Two forms (the files `pretest` and `posttest`, forms A and B) are matched item by item; each
member takes one before the course and the other after, in an order fixed per member at random
(counterbalanced), so a difference in the forms' difficulty cancels out across a cohort.

Discernment is scored with signal detection: on true/false and real-or-fabricated items the
"signal" is flawed material (a false statement, a fabricated citation). A hit is flawed material
judged flawed; a false alarm is genuine material judged flawed. Training that only makes people
doubt everything raises both; d′ (z(hit rate) − z(false-alarm rate)) rises only when members
get better at telling the two apart.
"""

from __future__ import annotations

import hashlib
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from bot.content.model import Curriculum, Item, ItemType

PHASES = ("pretest", "posttest")  # before and after the course, as members name them
FORMS = ("pretest", "posttest")  # the two files: form A and form B
BOOTSTRAP = 2000  # resamples for a confidence interval
CONFIDENCE = 0.95
_Z = NormalDist()


def form_for(learner_id: int, phase: str) -> str:
    """The form this member takes in `phase`: A then B for half the members, B then A for the
    other half, decided by a stable hash of the member (not their id's parity)."""
    digest = hashlib.sha256(f"form-order:{learner_id}".encode()).digest()
    forms = FORMS if digest[0] % 2 == 0 else FORMS[::-1]
    return forms[PHASES.index(phase)]


def phase_of(learner_id: int, form: str) -> str:
    """Which phase a member answered `form` in."""
    return next(phase for phase in PHASES if form_for(learner_id, phase) == form)


def is_flawed(item: Item) -> bool | None:
    """For a discernment item: whether its material is flawed; None for other items."""
    if item.type is ItemType.TRUE_FALSE:
        return item.answer_key() == "false"
    if item.type is ItemType.REAL_OR_FABRICATED:
        return item.answer_key() == "fabricated"
    return None


@dataclass
class PhaseScore:
    """One member's answers in one phase."""

    right: int = 0
    answered: int = 0
    hits: int = 0  # flawed material judged flawed
    flawed: int = 0
    false_alarms: int = 0  # genuine material judged flawed
    genuine: int = 0

    @property
    def percent(self) -> float:
        """Share right, 0–100."""
        return 100 * self.right / self.answered if self.answered else 0.0

    @property
    def d_prime(self) -> float:
        """Sensitivity, with the log-linear correction so that 0 % and 100 % stay finite."""
        hit = (self.hits + 0.5) / (self.flawed + 1)
        false_alarm = (self.false_alarms + 0.5) / (self.genuine + 1)
        return _Z.inv_cdf(hit) - _Z.inv_cdf(false_alarm)


def phase_scores(
    answers: Iterable[tuple[int, str, int, int]], curriculum: Curriculum
) -> dict[int, dict[str, PhaseScore]]:
    """Score each member's test answers by phase, from (learner, item, right, answered) rows."""
    form_of = {
        item.id: (form, item)
        for form, meta in curriculum.assessments.items()
        for item in meta.items
        if form in FORMS
    }
    scores: dict[int, dict[str, PhaseScore]] = defaultdict(lambda: defaultdict(PhaseScore))
    for learner, item_id, right, answered in answers:
        found = form_of.get(item_id)
        if found is None or not answered:
            continue
        form, item = found
        score = scores[learner][phase_of(learner, form)]
        ok = right > 0  # an item is answered once per test
        score.right += int(ok)
        score.answered += 1
        flawed = is_flawed(item)
        if flawed is True:
            score.flawed += 1
            score.hits += int(ok)
        elif flawed is False:
            score.genuine += 1
            score.false_alarms += int(not ok)
    return scores


Pair = tuple[PhaseScore, PhaseScore]  # one member's before and after


@dataclass(frozen=True)
class Estimate:
    """A cohort figure with its confidence interval: `low` and `high` bound the middle
    `CONFIDENCE` share of the figure over members resampled with replacement."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Learning:
    """What a cohort's before/after tests show, over members who took both."""

    members: int
    pre_percent: float
    post_percent: float
    gain: Estimate  # post minus pre, percentage points
    normalised_gain: Estimate  # (post − pre) / (100 − pre), on cohort means
    hit_rate: tuple[float, float]  # before, after
    false_alarm_rate: tuple[float, float]
    discernment: Estimate  # mean change in d′


def cohort_learning(
    scores: dict[int, dict[str, PhaseScore]], min_group: int, seed: int = 0
) -> Learning | None:
    """The cohort's learning, or None when fewer than `min_group` members took both tests."""
    pairs = [
        (s["pretest"], s["posttest"])
        for s in scores.values()
        if s["pretest"].answered and s["posttest"].answered
    ]
    if len(pairs) < min_group:
        return None

    def gain(sample: Sequence[Pair]) -> float:
        return statistics.fmean(post.percent - pre.percent for pre, post in sample)

    def normalised(sample: Sequence[Pair]) -> float:
        pre = statistics.fmean(p.percent for p, _ in sample)
        post = statistics.fmean(q.percent for _, q in sample)
        return (post - pre) / (100 - pre) if pre < 100 else 0.0

    def discernment(sample: Sequence[Pair]) -> float:
        return statistics.fmean(post.d_prime - pre.d_prime for pre, post in sample)

    def rate(part: str, whole: str, phase: int) -> float:
        num = sum(getattr(pair[phase], part) for pair in pairs)
        den = sum(getattr(pair[phase], whole) for pair in pairs)
        return num / den if den else 0.0

    rng = random.Random(seed)
    return Learning(
        members=len(pairs),
        pre_percent=statistics.fmean(p.percent for p, _ in pairs),
        post_percent=statistics.fmean(q.percent for _, q in pairs),
        gain=_bootstrap(pairs, gain, rng),
        normalised_gain=_bootstrap(pairs, normalised, rng),
        hit_rate=(rate("hits", "flawed", 0), rate("hits", "flawed", 1)),
        false_alarm_rate=(rate("false_alarms", "genuine", 0), rate("false_alarms", "genuine", 1)),
        discernment=_bootstrap(pairs, discernment, rng),
    )


def _bootstrap(
    sample: list[Pair], stat: Callable[[Sequence[Pair]], float], rng: random.Random
) -> Estimate:
    """The statistic and its percentile bootstrap interval (members resampled with replacement)."""
    values = sorted(stat(rng.choices(sample, k=len(sample))) for _ in range(BOOTSTRAP))
    tail = (1 - CONFIDENCE) / 2
    low = values[int(tail * BOOTSTRAP)]
    high = values[min(BOOTSTRAP - 1, int((1 - tail) * BOOTSTRAP))]
    return Estimate(stat(sample), low, high)
