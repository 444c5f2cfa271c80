"""One unit of batch work: a submission of a problem; and what a judge failure on it is."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from judge.core.config import Config
from judge.core.i18n import _
from judge.core.results import SubmissionResult, unjudged
from judge.grading.submission import Submission
from judge.problem import Problem


@dataclass(frozen=True)
class Job:
    problem: Problem
    submission: Submission


def internal_error(config: Config, job: Job, exc: BaseException) -> SubmissionResult:
    """The IE result of a job whose grading raised (locally or on a cluster worker): that job
    only, the batch goes on."""
    sub = job.submission
    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    language = config.language_for(sub.path)
    return unjudged(
        sub.student,
        job.problem.id,
        sub.display,
        job.problem.max_score,
        language.name if language else "",
        _("internal error while grading: {detail}").format(detail=detail),
    )
