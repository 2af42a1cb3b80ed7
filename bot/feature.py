"""The plug-in seam: what a feature adds to the shared flow, declared in its own package
(`<feature>/feature.py`: one `Feature` value) and listed once in bot/features.py.

The router (bot/routes.py), the journey's flow (bot/flow.py) and the reminder worker read
these declarations; none of them imports a feature. A feature may declare:

- `commands` and `buttons` (a button form from bot/callbacks.py → its handler);
- `typed`: free text it may take when no question is pending (tried in the features' order);
- `start_link`: a `/start <payload>` deep link it opens;
- `plan_buttons`: rows it hangs under a plan (it decides for which plans);
- `questions`: a question it asks (a date, a letter's details): while it is pending, typed
  text goes to it, and the plan re-asks it;
- `reminders`: kinds of reminder rows, with their screen, answers and /status line;
- `plan_view`: the plan drawn its own way for this user (e.g. in time order), or None;
- `on_progress`: what it does when the user's journey changed (a tick, a new plan);
- `on_prefill`: what it keeps of a message or plan link that starts a plan (the leaving day);
- `jobs`: repeating jobs; `forget` / `start_over`: what it drops for /forget and a new plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import CallbackQuery, Update

from bot.callbacks import Action, Form
from bot.config import Settings
from bot.db import Transaction
from bot.journey.rules import Progress
from bot.reminders.store import Reminder
from bot.screen import Row, Screen, View
from bot.services import Services
from bot.session import Context, Session
from bot.understand.reading import Reading

T = TypeVar("T")
ButtonHandler = Callable[[CallbackQuery, Context, Session, Action], Awaitable[None]]
TextHandler = Callable[[Context, Session, str], Awaitable[bool]]
CommandHandler = Callable[[Update, Context], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Command:
    name: str
    handler: CommandHandler
    # N_ description for the command menu and /help (None: not listed); `rank` orders them.
    menu: str | None = None
    rank: int = 100
    admin: bool = False  # ADMIN_USER_IDS only; anyone else gets "unknown command"


@dataclass(frozen=True)
class Question:
    """A question asked from the plan (or, for the letter, from anywhere): one at a time is
    pending per user (`Progress.pending`, stored with the journey)."""

    name: str  # stored; also the state of its « Back button (`callbacks.back(name)`)
    ask: Callable[[Session], Screen | None]  # the screen that asks it again (None: nothing)
    typed: TextHandler  # typed text answers it; False when the question is gone after all
    diagram: str  # what starts it, in docs/conversation.mmd


@dataclass(frozen=True)
class ReminderKind:
    kind: str  # stored in reminders.kind
    label: str  # N_ name in /reminders
    screen: Callable[[View, Progress, Reminder, str], Screen]  # the `str`: "not yet" label
    # An answer other than "n" (not yet: snoozed by the reminders package); `answers` says
    # which letters this kind's buttons carry.
    answer: Callable[[CallbackQuery, Context, Session, Reminder, str], Awaitable[None]]
    answers: str = "y"
    # Under the plan and in /status: the line about this reminder (given today's date).
    next_line: Callable[[View, Reminder, dt.date], str] | None = None
    # In /reminders: what this reminder will ask, in a few words (else `label`).
    describe: Callable[[View, Progress, Reminder], str] | None = None
    about_card: bool = False  # about the card itself: dropped when the user changes an answer


@dataclass(frozen=True)
class Job:
    name: str
    callback: Callable[[Context], Coroutine[Any, Any, None]]
    every: Callable[[Settings], float]  # seconds
    first: float = 1.0


@dataclass(frozen=True)
class Feature:
    name: str
    commands: tuple[Command, ...] = ()
    buttons: tuple[tuple[Form, ButtonHandler], ...] = ()
    typed: TextHandler | None = None
    start_link: Callable[[Context, Session, str, str], Awaitable[bool]] | None = None
    plan_buttons: Callable[[View, Progress], tuple[Row, ...]] | None = None
    questions: tuple[Question, ...] = ()
    reminders: tuple[ReminderKind, ...] = ()
    # The plan's pages for this user (given the note and the features' rows), or None.
    plan_view: Callable[[Session, str, tuple[Row, ...]], Awaitable[list[Screen] | None]] | None = (
        None
    )
    on_progress: Callable[[Session, Progress, Progress], Awaitable[None]] | None = None
    # A plan started from what a message or plan link said (bot/understand): what the
    # feature keeps of it (the leaving day), before the plan is shown.
    on_prefill: Callable[[Session, Reading], Awaitable[None]] | None = None
    jobs: tuple[Job, ...] = ()
    forget: Callable[[Services, Transaction, int], Awaitable[None]] | None = None
    start_over: Callable[[Services, int], Awaitable[None]] | None = None


class Registry:
    """The features in their order, and what they declare, looked up by name."""

    def __init__(self, features: tuple[Feature, ...]):
        self.features = features
        self.questions = _unique("question", ((q.name, q) for f in features for q in f.questions))
        self.reminders = _unique(
            "reminder kind", ((r.kind, r) for f in features for r in f.reminders)
        )
        _unique("command", ((c.name, c) for f in features for c in f.commands))
        self.buttons: dict[str, ButtonHandler] = _unique(
            "button kind", ((form.kind, handler) for f in features for form, handler in f.buttons)
        )
        # The rank of a reminder kind's feature: its /status line comes before later ones'.
        self.reminder_rank = {
            kind.kind: rank for rank, f in enumerate(features) for kind in f.reminders
        }

    def prefill_hooks(self) -> list[Callable[[Session, Reading], Awaitable[None]]]:
        return [f.on_prefill for f in self.features if f.on_prefill]

    def progress_hooks(self) -> list[Callable[[Session, Progress, Progress], Awaitable[None]]]:
        return [f.on_progress for f in self.features if f.on_progress]

    def plan_rows(self, view: View, progress: Progress) -> tuple[Row, ...]:
        """The rows the features hang under this plan, in their order."""
        return tuple(
            row for f in self.features if f.plan_buttons for row in f.plan_buttons(view, progress)
        )

    def asked(self) -> list[tuple[str, str]]:
        """(name, what asks it) of every question, for the diagram."""
        return [(q.name, q.diagram) for q in self.questions.values()]

    def jobs(self) -> list[Job]:
        return [job for f in self.features for job in f.jobs]

    def commands(self) -> list[Command]:
        return [c for f in self.features for c in f.commands]

    def menu(self) -> list[tuple[str, str]]:
        """(command, N_ description) of the command menu and /help, in rank order."""
        listed = sorted((c for c in self.commands() if c.menu), key=lambda c: c.rank)
        return [(c.name, c.menu) for c in listed if c.menu]


def _unique(what: str, pairs: Iterable[tuple[str, T]]) -> dict[str, T]:
    found: dict[str, T] = {}
    for name, value in pairs:
        if name in found:
            raise ValueError(f"two features declare the {what} {name!r}")
        found[name] = value
    return found
