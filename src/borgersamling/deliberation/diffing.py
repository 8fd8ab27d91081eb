"""Line diffs between two versions of a draft, section by section and recommendation by
recommendation (matched by their stable identity, not their position), for the diff page and
the conflict page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from borgersamling.deliberation.drafts import DraftContent, RecommendationContent
from borgersamling.deliberation.models import DraftRevision, Section

LineKind = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    text: str


@dataclass(frozen=True)
class DiffBlock:
    """One section, or one recommendation (``recommendation_id`` set, ``label`` its title)."""

    section: str
    label: str
    lines: list[DiffLine]
    recommendation_id: int | None = None
    status: Literal["same", "changed", "added", "removed"] = "same"

    @property
    def changed(self) -> bool:
        return self.status != "same"


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """Every line of both texts, in order, each marked as kept, added or removed."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(DiffLine("same", line) for line in old_lines[i1:i2])
            continue
        result.extend(DiffLine("removed", line) for line in old_lines[i1:i2])
        result.extend(DiffLine("added", line) for line in new_lines[j1:j2])
    return result


def _status(lines: list[DiffLine]) -> Literal["same", "changed"]:
    return "changed" if any(line.kind != "same" for line in lines) else "same"


def _recommendation_text(item: RecommendationContent) -> str:
    # The title is the first line, so a changed title shows as a changed line.
    return f"{item.title}\n{item.text}" if item.text else item.title


def _text_block(section: Section, old: str, new: str) -> DiffBlock:
    lines = diff_lines(old, new)
    return DiffBlock(section.value, str(section.label), lines, status=_status(lines))


def diff(old: DraftContent, new: DraftContent) -> list[DiffBlock]:
    """The template's order: the future, the priorities, each recommendation (those in
    ``new`` in its order, added, changed or the same, then those only in ``old``, removed),
    and the questions."""
    blocks = [
        _text_block(Section.FUTURE, old.future, new.future),
        _text_block(Section.PRIORITIES, old.priorities, new.priorities),
    ]
    old_by_id = {item.id: item for item in old.recommendations if item.id is not None}
    seen: set[int] = set()
    for item in new.recommendations:
        before = old_by_id.get(item.id) if item.id is not None else None
        if before is None:
            lines = diff_lines("", _recommendation_text(item))
            status: Literal["same", "changed", "added", "removed"] = "added"
        else:
            seen.add(before.id)  # type: ignore[arg-type]  # in old_by_id, so not None
            lines = diff_lines(_recommendation_text(before), _recommendation_text(item))
            status = _status(lines)
        blocks.append(DiffBlock(Section.RECOMMENDATIONS.value, item.title, lines, item.id, status))
    for item in old.recommendations:
        if item.id is None or item.id not in seen:
            lines = diff_lines(_recommendation_text(item), "")
            blocks.append(
                DiffBlock(Section.RECOMMENDATIONS.value, item.title, lines, item.id, "removed")
            )
    blocks.append(_text_block(Section.QUESTIONS, old.questions, new.questions))
    return blocks


def diff_revisions(old: DraftRevision | None, new: DraftRevision | None) -> list[DiffBlock]:
    """Between two saved revisions (None: the empty draft before the first save)."""
    return diff(DraftContent.of(old), DraftContent.of(new))
