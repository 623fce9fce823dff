"""The selector map's English for people who read no Chinese: the guide's six steps by
title, and the words a headed run shows at the captcha and at the end.

Each page of the map carries its own caption (one or two sentences of the registration
guide) and each entry its `english`; this holds what belongs to no one page. The overlay
of a headed run, the terminal and the training handout read them, so a new portal
version brings its own English with its map.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, model_validator

STEPS = 6


class Title(BaseModel):
    """What a step or a page is called, in English and in the portal's own words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    english: str = Field(min_length=1)
    chinese: str = Field(min_length=1)


class StepTitle(Title):
    step: int = Field(ge=1, le=STEPS)


class Moment(Title):
    """A moment of the route that is no page's own (the review), and what to say there."""

    text: str = Field(min_length=1)


class Guide(BaseModel):
    """The map's English that belongs to no one page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: tuple[StepTitle, ...]
    # At the captcha, for the person who types it.
    captcha: str = Field(min_length=1)
    # At the filled form: what to check, and that the final submission is the person's.
    review: Moment
    # On the offline replica, what pressing the final submission there does.
    practice: str = Field(min_length=1)
    # Beside the final submission's button, which the tool outlines and never presses.
    submit: str = Field(min_length=1)

    @model_validator(mode="after")
    def _six_steps(self) -> Guide:
        numbers = [title.step for title in self.steps]
        if numbers != list(range(1, STEPS + 1)):
            raise ValueError(
                f"give the title of each of the guide's {STEPS} steps once, in order "
                f"(steps 1 to {STEPS}); found {numbers}"
            )
        return self

    def title(self, step: int) -> StepTitle:
        return self.steps[step - 1]


@dataclass(frozen=True)
class Caption:
    """What a person reads at one page of the route: `Step 3 of 6: Log in (登录)`, and
    the guide's sentences for the page."""

    step: int
    title: str
    chinese: str
    text: str
    steps: int = STEPS

    @property
    def heading(self) -> str:
        return f"Step {self.step} of {self.steps}: {self.title} ({self.chinese})"
