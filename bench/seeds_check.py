"""Run the two seed articles through the whole flow and print what a reviewer checks.

    python bench/seeds_check.py ../shared/seeds

Ingests the folder into a fresh store, then prints: each stored article's title, whether the repeated
title and the page footer are gone, the entities linked, the dates normalised, the story grouping
and the three-part brief with its citations; then the issue 3 entity check and the issue 4 check of
the seeds' places (each resolved to the expected entry) and of 003's dates.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from marsad.api import Marsad
from marsad.brief.render import brief_to_text
from marsad.understand.places import find_places

# Issue 3: entities that must be found and linked across the two seeds (name → canonical id).
REQUIRED = {
    "United States": "Q30", "Iraq": "Q796", "Baghdad": "Q1530", "Erbil": "marsad:city-erbil",
    "Anbar": "marsad:gov-anbar", "Ain al-Asad base": "marsad:ain-al-asad",
    "Victoria base": "marsad:victoria-base", "Kurdistan Region": "marsad:kurdistan-region",
    "Reuters": "Q130879", "ISIS": "Q2429253", "Iran": "Q794", "Syria": "Q858", "Turkey": "Q43",
    "SDF": "marsad:sdf", "NATO": "Q7184", "Donald Trump": "Q22686",
    "Iraqi government": "marsad:gov-iraq", "international coalition": "marsad:coalition",
}  # fmt: skip

# Issue 4: every place the seeds name, with the entry it must resolve to (washington: the capital,
# whether it stands for the government or not); any other resolved place is reported as wrong.
SEED_PLACES = {
    "Q30": "United States", "Q796": "Iraq", "Q1530": "Baghdad", "marsad:city-erbil": "Erbil",
    "marsad:gov-anbar": "Anbar", "marsad:ain-al-asad": "Ain al-Asad air base (Anbar)",
    "marsad:victoria-base": "Victoria base (Baghdad airport)", "marsad:baghdad-airport": "Baghdad airport",
    "marsad:kurdistan-region": "Kurdistan Region", "Q61": "Washington, D.C.", "Q794": "Iran",
    "Q858": "Syria", "Q43": "Turkey", "marsad:middle-east": "Middle East",
}  # fmt: skip
# Issue 4: the dates of 003 and what they must normalise to (value, or the end of an open interval).
SEED_DATES = {"أغسطس 2025": "2025-08-01", "سبتمبر 2024": "2024-09-01", "بحلول سبتمبر 2025": "2025-09-01",
              "حتى 2026": "2026-01-01", "2011": "2011-01-01"}  # fmt: skip


def check_places_and_dates(m: Marsad, article_ids: list[str]) -> None:
    """Issue 4's seed criteria: every place resolved to the expected entry, 003's dates normalised."""
    print("\n== places and dates (issue 4)")
    found: dict[str, set[str]] = {}
    wrong: list[str] = []
    dates: dict[str, str] = {}
    for article_id in article_ids:
        analysis = m.store.get_analysis(article_id)
        if analysis is None:
            continue
        for p in find_places(analysis.article.text):
            found.setdefault(p["id"], set()).add(p["text"])
            if p["id"] not in SEED_PLACES:
                wrong.append(f"{p['text']} -> {p['id']}")
        for t in analysis.times:
            dates.setdefault(t.text, t.value or t.end_value or "")
    for eid, name in SEED_PLACES.items():
        print(f"   {'ok ' if eid in found else 'MISSING'} {name:34s} {eid:26s} " + " | ".join(sorted(found.get(eid, ()))))
    print(f"   {sum(e in found for e in SEED_PLACES)}/{len(SEED_PLACES)} places resolved; wrong: {wrong or 'none'}")
    ok_dates = [text for text, value in SEED_DATES.items() if dates.get(text) == value]
    for text, value in SEED_DATES.items():
        print(f"   {'ok ' if text in ok_dates else 'WRONG'} {text:20s} {value} (got {dates.get(text)})")
    print(f"   {len(ok_dates)}/{len(SEED_DATES)} dates of 003 normalised")


def check_events(m: Marsad, article_ids: list[str]) -> None:
    """Issue 5's seed criteria, printed for review: 000's withdrawal (US forces, from Ain al-Asad and
    Victoria, sourced to anonymous political sources and to Reuters), the mutual strikes, the
    observers' assessments marked as analysis; 003's «ماذا بعد؟» events expected, not happened."""
    print("\n== events and sources (issue 5)")
    for article_id in article_ids:
        analysis = m.store.get_analysis(article_id)
        if analysis is None:
            continue
        text = analysis.article.text
        print(f"   -- {article_id}")
        after = text.find("ماذا بعد")
        for e in analysis.events:
            section = " [ماذا بعد]" if 0 <= after < e.start else ""
            print(f"   {e.type:9s} {e.trigger:12s} actor={e.actor.text if e.actor else None} "
                  f"target={e.target.text if e.target else None} place={e.place.entity_id if e.place else None} "
                  f"modality={e.modality}{section}")
        for a in analysis.attributions:
            kind = "anonymous" if a.anonymous else f"named {a.entity_id}"
            print(f"   source: {a.source_text} ({kind}{', analysis' if a.analysis else ''}) cue {a.cue}")
        withdrawals = [e for e in analysis.events if e.type == "RETREAT" and e.place
                       and e.place.entity_id in ("marsad:ain-al-asad", "marsad:victoria-base")]
        if withdrawals:
            print(f"   ok  withdrawal from {withdrawals[0].place.text if withdrawals[0].place else ''}")
        if after >= 0:
            late = [e for e in analysis.events if e.start > after]
            print(f"   {'ok ' if late and all(e.modality == 'expected' for e in late) else 'CHECK'} "
                  f"«ماذا بعد؟» events expected: {[(e.trigger, e.modality) for e in late]}")


def check_comparison(m: Marsad, article_ids: list[str]) -> None:
    """Issue 6's seed criterion, printed for review: the two seeds' facts side by side, the agreed
    withdrawal and where they differ (000: all forces leave; 003: some stay in Kurdistan)."""
    from marsad.stories.compare import compare_sources, place_containers

    analyses = [a for a in m.store.iter_analyses(article_ids)]
    print("\n== source comparison (issue 6)")
    for f in compare_sources(analyses, containers=place_containers(m.store.get_entity)):
        state = "DIFFERS" if f.contradicting else ("single" if f.single_source else "agreed")
        print(f"   {state:7s} {f.predicate:9s} outlets={f.outlets} sourcing={f.sourcing} "
              f"differences={f.differences} | {f.text[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Marsad(str(Path(tmp) / "seeds.db")) as m:
        report = m.ingest([str(args.seeds)])
        print(f"stored {len(report.added)} articles; problems: {[p.message for p in report.problems]}")
        for article_id in report.added:
            analysis = m.store.get_analysis(article_id)
            assert analysis is not None
            a = analysis.article
            print(f"\n== {a.id} {a.title}")
            print(f"   title repeated in body: {a.title in a.text.splitlines()[:2]}; "
                  f"footer left: {'اترك تعليقاً' in a.text or 'شارك هذه المقالة' in a.text}")
            gaz = {m.entity_id for m in analysis.mentions}
            print(f"   entities ({len(gaz)}): {sorted(e for e in gaz if e)}")
            print("   dates: " + "; ".join(
                f"{t.text}={t.value or ''}{'' if t.type != 'interval' else f' [{t.start_value}..{t.end_value}]'}"
                for t in analysis.times))
            print(f"   story: {m.store.story_of(a.id)}")
        linked: dict[str, set[str]] = {}
        for article_id in report.added:
            analysis = m.store.get_analysis(article_id)
            for mention in analysis.mentions if analysis else []:
                if mention.entity_id:
                    linked.setdefault(mention.entity_id, set()).add(mention.text)
        print("\n== required entities (issue 3)")
        missing = [name for name, eid in REQUIRED.items() if eid not in linked]
        for name, eid in REQUIRED.items():
            print(f"   {'ok ' if eid in linked else 'MISSING'} {name:24s} {eid:24s} "
                  + " | ".join(sorted(linked.get(eid, ()))))
        print(f"   {len(REQUIRED) - len(missing)}/{len(REQUIRED)} found and linked")
        local = sorted(e for e in linked if e.startswith("local:"))
        print(f"   local entities from the tagger ({len(local)}): {local}")
        check_places_and_dates(m, report.added)
        check_events(m, report.added)
        check_comparison(m, report.added)
        for story in m.stories():
            brief = m.brief(story.id)
            print(f"\n== story {story.id}: {len(story.article_ids)} articles")
            if brief:
                print(brief_to_text(brief))


if __name__ == "__main__":
    main()
