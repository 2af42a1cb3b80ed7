"""Load `conversations/*.yaml` into one validated `Content`, or fail with every problem.

A problem names the file, the YAML path (e.g. `items[3](id=esim-delete).text.zh-Hant`) and
the reason, so a content editor can fix it without reading Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.models import (
    Content,
    FaqEntry,
    FaqTopic,
    Journey,
    Letters,
    Model,
    Operator,
    PlanItem,
    Source,
    Vocabulary,
)
from bot.content.problems import ContentError, Problem
from bot.content.validate import check_content

__all__ = ["ContentError", "Problem", "load_content"]


class _SourcesFile(Model):
    sources: tuple[Source, ...]


class _OperatorsFile(Model):
    operators: tuple[Operator, ...]


class _PlanFile(Model):
    items: tuple[PlanItem, ...]


class _FaqFile(Model):
    topics: tuple[FaqTopic, ...] = ()
    entries: tuple[FaqEntry, ...] = ()


# file name -> (schema, required)
FILES: dict[str, tuple[type[BaseModel], bool]] = {
    "sources.yaml": (_SourcesFile, True),
    "journey.yaml": (Journey, True),
    "operators.yaml": (_OperatorsFile, True),
    "plan.yaml": (_PlanFile, True),
    "faq.yaml": (_FaqFile, False),
    "letter.yaml": (Letters, True),
    "vocabulary.yaml": (Vocabulary, True),
}


def yaml_path(data: Any, loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as a YAML path, naming list items by their id."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and 0 <= key < len(node):
                node = node[key]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f"(id={node['id']})"
            else:
                node = None
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(path.name, where, f"invalid YAML: {reason}"))
    except OSError as exc:
        problems.append(Problem(path.name, "", f"cannot read: {exc.strerror}"))
    return None


def _parse(name: str, schema: type[BaseModel], data: Any, problems: list[Problem]) -> Any:
    if not isinstance(data, dict):
        problems.append(Problem(name, "", "expected a mapping at the top of the file"))
        return None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(name, yaml_path(data, err["loc"]), err["msg"]))
        return None


def load_content(directory: Path) -> Content:
    """Read and validate every content file; raise ContentError listing all problems."""
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for name, (schema, required) in FILES.items():
        path = directory / name
        if not path.exists():
            if required:
                problems.append(Problem(name, "", f"missing file (looked in {directory})"))
            continue
        data = _read_yaml(path, problems)
        if data is not None or path.stat().st_size == 0:
            parsed[name] = _parse(name, schema, data, problems)
    if problems or any(v is None for v in parsed.values()):
        raise ContentError(problems)

    sources = parsed["sources.yaml"].sources
    problems.extend(
        Problem("sources.yaml", f"sources[{i}](id={s.id})", "duplicate id")
        for i, s in enumerate(sources)
        if any(o.id == s.id for o in sources[:i])
    )
    faq_file = parsed.get("faq.yaml")
    content = Content(
        sources={s.id: s for s in sources},
        journey=parsed["journey.yaml"],
        operators=parsed["operators.yaml"].operators,
        plan=parsed["plan.yaml"].items,
        faq=faq_file.entries if faq_file else (),
        faq_topics=faq_file.topics if faq_file else (),
        letters=parsed["letter.yaml"],
        vocabulary=parsed["vocabulary.yaml"],
    )
    problems.extend(check_content(content))
    if problems:
        raise ContentError(problems)
    return content
