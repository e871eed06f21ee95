"""Briefs as text for terminals and as Markdown for exports.

Citations are shown as the outlet names in brackets followed by the article ids, so a reader of a
plain-text brief can still open the source (``marsad show ID``).
"""

from __future__ import annotations

from marsad.model import BRIEF_HEADINGS, BRIEF_METHOD_NOTES, BRIEF_SECTIONS, Brief, BriefSentence


def _outlets(sentence: BriefSentence) -> str:
    names = list(dict.fromkeys(c.outlet or c.article_id for c in sentence.citations))
    return "، ".join(names)


def brief_to_text(brief: Brief) -> str:
    lines = [brief.title, ""]
    if brief.method in BRIEF_METHOD_NOTES:
        lines += [BRIEF_METHOD_NOTES[brief.method], ""]
    for section in BRIEF_SECTIONS:
        items = brief.section(section)
        if not items:
            continue
        lines.append(BRIEF_HEADINGS[section])
        for s in items:
            ids = ",".join(dict.fromkeys(c.article_id for c in s.citations))
            lines.append(f"  • {s.text} [{_outlets(s)}] ({ids})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def brief_to_markdown(brief: Brief) -> str:
    lines = [f"# {brief.title}", ""]
    if brief.method in BRIEF_METHOD_NOTES:
        lines += [f"> {BRIEF_METHOD_NOTES[brief.method]}", ""]
    for section in BRIEF_SECTIONS:
        items = brief.section(section)
        if not items:
            continue
        lines.append(f"## {BRIEF_HEADINGS[section]}")
        lines.append("")
        for s in items:
            refs = " ".join(
                f"[{c.outlet or c.article_id}](#article-{c.article_id}-s{c.sentence_index})"
                for c in s.citations
            )
            lines.append(f"- {s.text} {refs}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
