"""Build the Coach's question answering from Settings: index, prompts, tokens, model."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.content.model import Curriculum
from bot.content.prompts import PromptError, load_prompts
from bot.core.qa.questions import QaSettings, QuestionAnswering
from bot.retrieval.index import PassageIndex

if TYPE_CHECKING:
    from bot.llm.client import OpenAIAnswerer

log = logging.getLogger(__name__)
REQUIRED_PROMPTS = ("qa.system", "qa.question")


def qa_settings(settings: Settings) -> QaSettings:
    """Take what question answering needs from the settings."""
    return QaSettings(
        model=settings.openai_model,
        prompt_tokens=settings.qa_prompt_tokens,
        answer_tokens=settings.qa_answer_tokens,
        history_turns=settings.qa_history_turns,
        learner_daily_tokens=settings.learner_daily_tokens,
        org_monthly_tokens=settings.org_monthly_tokens,
        prices=dict(settings.llm_prices),
        retain_questions=settings.retain_questions,
    )


def model_configured(settings: Settings) -> bool:
    """Whether the settings name a model endpoint (OpenAI or Azure OpenAI) with its key."""
    azure = settings.azure_openai_api_key and settings.azure_openai_endpoint
    return bool(azure or settings.openai_api_key)


def build_answering(
    settings: Settings,
    curriculum: Curriculum,
    *,
    offline: bool = False,
    index: PassageIndex | None = None,
) -> tuple[QuestionAnswering, OpenAIAnswerer | None]:
    """Build the index (unless given one), load and check the prompts, and connect the model if
    configured. openai and tiktoken are imported only then: they take most of a second."""
    prompts = load_prompts(settings.prompts_dir)
    missing = sorted(set(REQUIRED_PROMPTS) - set(prompts))
    if missing:
        raise PromptError(f"missing {missing} in {settings.prompts_dir}")
    qa = qa_settings(settings)
    answerer = counter = None
    if not offline and model_configured(settings):
        from bot.llm.client import build_answerer
        from bot.llm.tokens import TiktokenCounter

        answerer, counter = build_answerer(settings, pricing=qa.cost), TiktokenCounter()
    answering = QuestionAnswering(
        retriever=index or PassageIndex.from_curriculum(curriculum),
        counter=counter,
        prompts=prompts,
        answerer=answerer,
        settings=qa,
    )
    log.info("question answering ready", extra={"llm": answerer is not None})
    return answering, answerer
