"use client";

import Link from "next/link";
import MiniSearch from "minisearch";
import { useMemo, useState } from "react";
import type { BrowserCardDto, CardListDto } from "@/lib/contracts";
import formStyles from "@/app/_components/forms/forms.module.css";
import styles from "@/app/_components/student/student.module.css";
import own from "./cards.module.css";

type DueFilter = "any" | "due" | "later" | "never";
type Filters = { query: string; lesson: string; state: string; due: DueFilter; suspended: boolean; leech: boolean };

const STATE_NAMES: Record<BrowserCardDto["state"], string> = { new: "New", learning: "Learning", review: "Review", relearning: "Relearning" };

function dueText(card: BrowserCardDto, now: number): string {
  if (!card.due) return "Not studied yet";
  const due = Date.parse(card.due);
  const when = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(due);
  return due <= now ? `Due now (since ${when})` : `Due ${when}`;
}

/**
 * The student's cards of one course, searched and filtered on the device: the whole list comes with
 * the page, and MiniSearch indexes prompt and answer here, so search works offline once loaded.
 */
export function CardBrowser({ list, initial }: { list: CardListDto; initial: Partial<Filters> }) {
  const [filters, setFilters] = useState<Filters>({ query: "", lesson: "", state: "", due: "any", suspended: false, leech: false, ...initial });
  const [now] = useState(() => Date.now());
  const index = useMemo(() => {
    const search = new MiniSearch<BrowserCardDto>({ fields: ["prompt", "answer"], storeFields: [], searchOptions: { prefix: true, fuzzy: 0.2, combineWith: "AND" } });
    search.addAll(list.cards);
    return search;
  }, [list.cards]);

  const shown = useMemo(() => {
    const query = filters.query.trim();
    const matches = query ? new Map(index.search(query).map((hit, rank) => [hit.id as string, rank])) : null;
    const kept = list.cards.filter((card) => {
      if (matches && !matches.has(card.id)) return false;
      if (filters.lesson && card.lesson.key !== filters.lesson) return false;
      if (filters.state && card.state !== filters.state) return false;
      if (filters.suspended && !card.suspended) return false;
      if (filters.leech && !card.leech) return false;
      const due = card.due ? Date.parse(card.due) : null;
      if (filters.due === "due" && !(due !== null && due <= now)) return false;
      if (filters.due === "later" && !(due !== null && due > now)) return false;
      if (filters.due === "never" && due !== null) return false;
      return true;
    });
    // Search results by relevance; otherwise course order (the list's order), or nearest due first for "later".
    if (matches) return kept.sort((a, b) => matches.get(a.id)! - matches.get(b.id)!);
    if (filters.due === "later") return kept.sort((a, b) => Date.parse(a.due!) - Date.parse(b.due!));
    return kept;
  }, [filters, index, list.cards, now]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((current) => ({ ...current, [key]: value }));

  return (
    <>
      <form className={`${styles.panel} ${own.filters}`} role="search" onSubmit={(event) => event.preventDefault()} aria-label="Find cards">
        <label className={formStyles.field}>
          <span className={formStyles.label}>Search prompt and answer</span>
          <input className={formStyles.input} type="search" value={filters.query} onChange={(event) => set("query", event.target.value)} placeholder="e.g. coercion" data-testid="card-search" />
        </label>
        <div className={own.filterRow}>
          <label className={formStyles.field}>
            <span className={formStyles.label}>Lesson</span>
            <select className={formStyles.select} value={filters.lesson} onChange={(event) => set("lesson", event.target.value)}>
              <option value="">All lessons</option>
              {list.lessons.map((lesson) => (
                <option key={lesson.key} value={lesson.key}>
                  {lesson.title}
                </option>
              ))}
            </select>
          </label>
          <label className={formStyles.field}>
            <span className={formStyles.label}>State</span>
            <select className={formStyles.select} value={filters.state} onChange={(event) => set("state", event.target.value)}>
              <option value="">Any state</option>
              {Object.entries(STATE_NAMES).map(([value, name]) => (
                <option key={value} value={value}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className={formStyles.field}>
            <span className={formStyles.label}>Due</span>
            <select className={formStyles.select} value={filters.due} onChange={(event) => set("due", event.target.value as DueFilter)}>
              <option value="any">Any time</option>
              <option value="due">Due now</option>
              <option value="later">Not due yet</option>
              <option value="never">Never studied</option>
            </select>
          </label>
        </div>
        <div className={own.filterRow}>
          <label className={own.check}>
            <input type="checkbox" checked={filters.suspended} onChange={(event) => set("suspended", event.target.checked)} data-testid="filter-suspended" /> Suspended only
          </label>
          <label className={own.check}>
            <input type="checkbox" checked={filters.leech} onChange={(event) => set("leech", event.target.checked)} /> Leeches only
          </label>
        </div>
      </form>
      <p className={`${styles.small} ${styles.muted}`} role="status" aria-live="polite">
        {shown.length} of {list.cards.length} cards
      </p>
      <ul className={styles.list} data-testid="card-list">
        {shown.map((card) => (
          <li key={card.id} className={styles.panel}>
            <Link href={`/courses/${list.course}/cards/${card.id}`}>{card.prompt}</Link>
            <p className={`${styles.small} ${styles.muted}`}>
              {card.lesson.title} · {STATE_NAMES[card.state]} · {dueText(card, now)}
              {card.suspended ? " · Suspended" : ""}
              {card.leech ? " · Leech" : ""}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
