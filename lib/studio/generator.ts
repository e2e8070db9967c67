import nlp from "compromise";
import { isBareCitation, isTrivialDeletion, listItems, MIN_QUOTE_WORDS } from "@/lib/content";
import { GAP_MARKER } from "@/lib/content/essay";
import type { StudioCard, StudioLesson, StudioParagraph } from "./draft";

/**
 * Proposes lessons and draft cards from a source. Behind an interface so that another provider (a
 * language model, say) can be plugged in later; the studio only ever sees `DraftGenerator`. Whatever a
 * provider proposes is a draft: the author accepts it, and the compiler checks it before publishing.
 */
export interface DraftGenerator {
  readonly name: string;
  generate(input: GeneratorInput): GeneratedDraft;
}

export interface GeneratorInput {
  title: string;
  paragraphs: StudioParagraph[];
}

export interface GeneratedDraft {
  lessons: StudioLesson[];
  cards: StudioCard[];
}

const LESSON_MIN_WORDS = 150;
const LESSON_MAX_WORDS = 400;
const MAX_ANSWER_WORDS = 30;
/** Few and good: a paragraph gets at most this many proposals (a list's cloze siblings count once). */
const MAX_NOTES_PER_PARAGRAPH = 2;

const PRONOUN_SUBJECT = /^(?:it|this|that|these|those|they|there|he|she|we|i|you|which|who|one|some|many|most|all|each|such)\b/i;
/** A clause that leans on the sentence before it ("that idea", "this") makes a card that cannot stand alone. */
const REFERS_BACK = /\b(?:this|these|those|such|it|its|they|them|their)\b|\bthat (?:idea|problem|approach|issue|view|claim|change|step)\b/i;
const DEFINING_VERB = /^(?:is|are|means|mean|refers to|refer to|is defined as|are defined as|is called|are called)$/i;
const CITATION = /\(([\p{Lu}][\p{L}'’.\- ]+?(?: et al\.)?(?: (?:and|&) [\p{Lu}][\p{L}'’\-]+)?),\s*((?:19|20)\d{2}[a-z]?)(?:,\s*pp?\.\s*[\d–-]+)?\)/u;
const ACRONYM = /\b((?:[\p{Lu}][\p{L}’'-]+\s+(?:(?:of|for|and|on|the|to|in)\s+)*){2,8})\(([\p{Lu}]{2,8})\)/u;
const LIST_LEAD = /^(.{8,140}?)\b(include|includes|including|such as|are|consist of|consists of)\s*:?\s+(.+)$/i;

/** Offline, in-process, no model download: compromise for sentences, parts of speech and entities. */
export const ruleBasedGenerator: DraftGenerator = {
  name: "offline-rules",
  generate(input) {
    const lessons = proposeLessons(input);
    const lessonOf = new Map(lessons.flatMap((lesson) => lesson.passages.map((anchor) => [anchor, lesson.key] as const)));
    const cards: StudioCard[] = [];
    const usedQuotes = new Set<string>();
    const usedIds = new Set<string>();
    for (const paragraph of input.paragraphs) {
      if (paragraph.kind !== "prose") continue;
      const lessonKey = lessonOf.get(paragraph.anchor);
      if (!lessonKey) continue;
      let notes = 0;
      for (const sentence of sentencesOf(paragraph.text)) {
        if (notes >= MAX_NOTES_PER_PARAGRAPH) break;
        if (usedQuotes.has(sentence)) continue;
        const proposal = proposeFor(sentence);
        if (!proposal || !passesFirmRules(proposal, sentence)) continue;
        usedQuotes.add(sentence);
        notes += 1;
        const id = uniqueId(`${proposal.idHint}-${paragraph.anchor.split("-").slice(0, 2).join("-")}`, usedIds);
        cards.push({
          id,
          kind: proposal.kind,
          lessonKey,
          prompt: proposal.prompt,
          answer: proposal.answer,
          explanation: "",
          source: { anchor: paragraph.anchor, quote: sentence },
          status: "draft",
          reason: proposal.reason,
          resetOnChange: false,
        });
      }
    }
    return { lessons, cards };
  },
};

type Proposal = { kind: "basic" | "cloze"; prompt: string; answer: string; reason: string; idHint: string };

/** The kinds of candidate in the order they are tried: the first that fits a sentence wins. */
function proposeFor(sentence: string): Proposal | undefined {
  return acronymCard(sentence) ?? definitionCard(sentence) ?? listCard(sentence) ?? citedClaimCard(sentence) ?? causeCard(sentence);
}

function acronymCard(sentence: string): Proposal | undefined {
  const match = ACRONYM.exec(sentence);
  if (!match) return undefined;
  const name = match[1]!.trim().replace(/^(?:The|A|An)\s+/, "");
  const acronym = match[2]!;
  const initials = name.split(/\s+/).filter((word) => /^[\p{Lu}]/u.test(word)).map((word) => word[0]).join("");
  if (!initials.startsWith(acronym[0]!) || Math.abs(initials.length - acronym.length) > 1) return undefined;
  return {
    kind: "basic",
    prompt: `In the text, what does ${acronym} stand for?`,
    answer: name,
    reason: `named program or entity: "${name} (${acronym})"`,
    idHint: `name-${acronym.toLowerCase()}`,
  };
}

function definitionCard(sentence: string): Proposal | undefined {
  const parsed = nlp(stripCitation(sentence)).sentences().json()[0] as
    | { sentence?: { subject?: string; verb?: string; predicate?: string } }
    | undefined;
  const parts = parsed?.sentence;
  if (!parts?.subject || !parts.verb || !parts.predicate) return undefined;
  if (!DEFINING_VERB.test(parts.verb.trim())) return undefined;
  const subjectText = findVerbatim(sentence, parts.subject);
  if (!subjectText || PRONOUN_SUBJECT.test(subjectText) || subjectText.split(/\s+/).length > 8) return undefined;
  if (!nlp(subjectText).has("#Noun")) return undefined;
  // The answer is the rest of the sentence as written: the parser's predicate can stop at a comma.
  const flat = stripCitation(sentence);
  const verbAt = flat.toLowerCase().indexOf(` ${parts.verb.trim().toLowerCase()} `, flat.indexOf(subjectText) + subjectText.length - 1);
  if (verbAt < 0) return undefined;
  const predicate = trimEnd(flat.slice(verbAt + parts.verb.trim().length + 2));
  if (!predicate || /^(?:not|also|often|usually|now|still|more|less|very|the (?:first|second|third|last))\b/i.test(predicate)) return undefined;
  if (/^(?:\w+ly|able|unable|likely|unlikely|important|difficult|necessary|possible|responsible|among|in|at|on|for|by|with|from|to|of|about|like)\b/i.test(predicate)) return undefined;
  const verb = parts.verb.trim().toLowerCase();
  if (/^the (?:most|only|best|largest|main|greatest)\b/i.test(predicate) && /^(?:is|are)$/.test(verb)) {
    // "Water is the most important item in a kit" asks well the other way round.
    if (wordCount(predicate) > 12 || wordCount(subjectText) > 5) return undefined;
    return {
      kind: "basic",
      prompt: `According to the text, what ${verb} ${predicate}?`,
      answer: upperFirst(subjectText),
      reason: `superlative: "${subjectText} ${verb} ${predicate.split(" ").slice(0, 3).join(" ")} …"`,
      idHint: `what-${slugWords(predicate)}`,
    };
  }
  const answer = predicate;
  if (wordCount(answer) < 3 || wordCount(answer) > MAX_ANSWER_WORDS) return undefined;
  return {
    kind: "basic",
    prompt: `According to the text, what ${verb.startsWith("mean") ? `does "${subjectText}" mean` : `${verb.split(" ")[0]} ${lowerFirst(subjectText)}${verb.includes(" ") ? ` ${verb.split(" ").slice(1).join(" ")}` : ""}`}?`,
    answer: upperFirst(answer),
    reason: `definition: "${subjectText} ${parts.verb.trim()} …"`,
    idHint: `def-${slugWords(subjectText)}`,
  };
}

/** One cloze deletion per item, never the whole set: siblings share the quote and stay apart in the queue. */
function listCard(sentence: string): Proposal | undefined {
  const match = LIST_LEAD.exec(trimEnd(sentence));
  if (!match) return undefined;
  const tail = match[3]!;
  const items = tail
    .replace(/\s*\([^)]*\)\s*$/, "")
    .split(/\s*(?:,|;)\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/)
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length < 3 || items.length > 6) return undefined;
  if (items.some((item) => wordCount(item) > 6 || isTrivialDeletion(item))) return undefined;
  let text = sentence;
  let at = sentence.indexOf(tail);
  if (at < 0) return undefined;
  for (const [index, item] of items.entries()) {
    const position = text.indexOf(item, at);
    if (position < 0) return undefined;
    const deletion = `{{c${index + 1}::${item}}}`;
    text = text.slice(0, position) + deletion + text.slice(position + item.length);
    at = position + deletion.length;
  }
  return {
    kind: "cloze",
    prompt: text,
    answer: "",
    reason: `list of ${items.length} after "${match[2]}": one deletion per item, each recalled in context`,
    idHint: `list-${slugWords(match[1]!)}`,
  };
}

function citedClaimCard(sentence: string): Proposal | undefined {
  const match = CITATION.exec(sentence);
  if (!match) return undefined;
  const author = match[1]!.trim();
  const year = match[2]!;
  const claim = trimEnd(stripCitation(sentence));
  const doc = nlp(claim);
  const subject = (doc.sentences().json()[0] as { sentence?: { subject?: string } } | undefined)?.sentence?.subject;
  const reported = new RegExp(`^${escapeRegExp(author.split(/\s+/)[0]!)}[\\p{L} .&]*?\\s+(argued|argues|found|finds|claimed|claims|wrote|writes|showed|shows|reported|reports|suggested|suggests|noted|notes)\\s+(?:that\\s+)?(.+)$`, "u").exec(claim);
  if (reported) {
    const said = reported[2]!;
    if (wordCount(said) < 3 || wordCount(said) > MAX_ANSWER_WORDS) return undefined;
    return {
      kind: "basic",
      prompt: `As the text cites ${author} (${year}), what ${/s$/.test(reported[1]!) ? "does" : "did"} ${author} ${baseVerb(reported[1]!)}?`,
      answer: upperFirst(said),
      reason: `claim with its cited source (${author}, ${year})`,
      idHint: `claim-${slugWords(author)}`,
    };
  }
  const topic = subject && !PRONOUN_SUBJECT.test(subject) && wordCount(subject) <= 8 ? findVerbatim(claim, subject) : undefined;
  if (!topic || wordCount(claim) > MAX_ANSWER_WORDS) return undefined;
  const rest = trimEnd(claim.slice(claim.indexOf(topic) + topic.length)).replace(/^[,\s]+/, "");
  if (wordCount(rest) < 3) return undefined;
  return {
    kind: "basic",
    prompt: `As the text cites ${author} (${year}), what is said about ${lowerFirst(topic)}?`,
    answer: upperFirst(rest),
    reason: `claim with its cited source (${author}, ${year})`,
    idHint: `claim-${slugWords(author)}`,
  };
}

function causeCard(sentence: string): Proposal | undefined {
  const flat = trimEnd(stripCitation(sentence));
  const because = /^(.{12,}?),?\s+(?:because|since|due to the fact that)\s+(.{12,})$/i.exec(flat);
  if (because) {
    const effect = because[1]!.replace(/^(?:however|thus|so|but|and),?\s+/i, "");
    const cause = because[2]!;
    if (PRONOUN_SUBJECT.test(effect) || REFERS_BACK.test(effect) || wordCount(cause) > MAX_ANSWER_WORDS || wordCount(cause) < 3) return undefined;
    return {
      kind: "basic",
      prompt: `According to the text, why ${questionOf(effect)}?`,
      answer: upperFirst(cause),
      reason: 'cause: "… because …"',
      idHint: `why-${slugWords(effect)}`,
    };
  }
  const result = /^(.{12,}?),\s+(?:and |so )?(?:as a result|therefore|consequently|thus),?\s+(.{12,})$/i.exec(flat);
  if (result) {
    const cause = result[1]!;
    const effect = result[2]!;
    if (PRONOUN_SUBJECT.test(cause) || REFERS_BACK.test(cause) || wordCount(effect) > MAX_ANSWER_WORDS || wordCount(effect) < 3) return undefined;
    return {
      kind: "basic",
      prompt: `According to the text, what follows from this: ${lowerFirst(cause)}?`,
      answer: upperFirst(effect),
      reason: 'consequence: "… as a result / therefore …"',
      idHint: `result-${slugWords(cause)}`,
    };
  }
  return undefined;
}

/** "victims rarely come forward" → "do victims rarely come forward" is beyond rules; keep the clause as said. */
function questionOf(clause: string): string {
  return `is it that ${lowerFirst(clause)}`;
}

/** The gate's firm rules, applied before a draft is shown; the compiler checks again at publish. */
function passesFirmRules(proposal: Proposal, quote: string): boolean {
  if (wordCount(quote) < MIN_QUOTE_WORDS) return false;
  if (proposal.kind === "basic") {
    if (isBareCitation(proposal.answer) || listItems(proposal.answer) > 3) return false;
    const answer = normaliseLoose(proposal.answer);
    if (answer.length > 0 && normaliseLoose(proposal.prompt).includes(answer)) return false;
  }
  return true;
}

/** Lessons by headings; without headings, runs of paragraphs of about 150–400 words. */
export function proposeLessons(input: GeneratorInput): StudioLesson[] {
  const groups: { heading?: string; anchors: string[]; words: number }[] = [];
  let current: { heading?: string; anchors: string[]; words: number } | undefined;
  const hasHeadings = input.paragraphs.some((paragraph, index) => paragraph.kind === "heading" && index > 0);
  for (const [index, paragraph] of input.paragraphs.entries()) {
    if (paragraph.kind === "heading") {
      // The first heading is the title when nothing comes before it.
      if (hasHeadings && (index > 0 || !current)) {
        if (current && current.anchors.length) groups.push(current);
        current = { heading: paragraph.text, anchors: [], words: 0 };
      }
      continue;
    }
    if (paragraph.kind !== "prose") continue;
    const words = wordCount(paragraph.text);
    current ??= { anchors: [], words: 0 };
    if (!hasHeadings && current.words >= LESSON_MIN_WORDS && current.words + words > LESSON_MAX_WORDS) {
      groups.push(current);
      current = { anchors: [], words: 0 };
    }
    current.anchors.push(paragraph.anchor);
    current.words += words;
  }
  if (current && current.anchors.length) groups.push(current);
  // A short tail joins the lesson before it rather than standing alone.
  const last = groups.at(-1);
  const beforeLast = groups.at(-2);
  if (!hasHeadings && last && beforeLast && last.words < LESSON_MIN_WORDS / 2) {
    beforeLast.anchors.push(...last.anchors);
    beforeLast.words += last.words;
    groups.pop();
  }
  const usedKeys = new Set<string>();
  const byAnchor = new Map(input.paragraphs.map((paragraph) => [paragraph.anchor, paragraph]));
  const leadingTitle = input.paragraphs[0]?.kind === "heading" ? input.paragraphs[0].text : undefined;
  return groups.map((group, index) => {
    const title = group.heading ?? (groups.length === 1 && leadingTitle ? leadingTitle : undefined) ?? topicTitle(group.anchors.map((anchor) => byAnchor.get(anchor)?.text ?? "").join(" "), index);
    return {
      key: uniqueId(`lesson-${slugWords(title) || index + 1}`, usedKeys),
      title,
      objectives: [`Recall what the text says about ${lowerFirst(title)}.`],
      passages: group.anchors,
      body: "",
    };
  });
}

/** The most frequent noun phrase of a run of paragraphs, as a lesson title. */
function topicTitle(text: string, index: number): string {
  const counts = new Map<string, number>();
  for (const noun of nlp(text).nouns().toSingular().out("array") as string[]) {
    const phrase = noun.replace(/[^\p{L}\p{N}\s'’-]/gu, "").trim().toLowerCase();
    if (!phrase || PRONOUN_SUBJECT.test(phrase) || wordCount(phrase) > 4) continue;
    counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]?.[0];
  return best ? upperFirst(best) : `Part ${index + 1}`;
}

/** Sentences of a paragraph exactly as written (gap pieces apart, so no quote bridges a cut). */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const piece of text.split(GAP_MARKER)) {
    for (const sentence of nlp(piece).sentences().out("array") as string[]) {
      const trimmed = sentence.trim();
      if (trimmed && piece.includes(trimmed)) sentences.push(trimmed);
    }
  }
  return sentences;
}

function baseVerb(verb: string): string {
  const irregular: Record<string, string> = { found: "find", finds: "find", wrote: "write", writes: "write", showed: "show", shows: "show" };
  return irregular[verb] ?? verb.replace(/ed$/, "").replace(/s$/, "").replace(/(argu|not|suggest|claim|report)$/, "$1").replace(/^argu$/, "argue").replace(/^not$/, "note");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function findVerbatim(sentence: string, fragment: string): string | undefined {
  const clean = fragment.trim().replace(/[.,;:]$/, "");
  const at = sentence.toLowerCase().indexOf(clean.toLowerCase());
  return at < 0 || clean === "" ? undefined : sentence.slice(at, at + clean.length);
}

function stripCitation(sentence: string): string {
  return sentence.replace(new RegExp(`\\s*${CITATION.source}`, "u"), "");
}

function trimEnd(text: string): string {
  return text.trim().replace(/[.;:,!?]+$/, "").trim();
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases a leading capital unless the word is an acronym or a name-like capitalised run. */
function lowerFirst(text: string): string {
  if (/^[\p{Lu}]{2,}/u.test(text) || /^[\p{Lu}][\p{Ll}]+\s+[\p{Lu}]/u.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function normaliseLoose(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

function slugWords(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((word) => word.length > 2)
    .slice(0, 3)
    .join("-");
}

function uniqueId(base: string, used: Set<string>): string {
  const clean = base.replace(/-+/g, "-").replace(/^-|-$/g, "") || "card";
  let id = clean;
  for (let n = 2; used.has(id); n += 1) id = `${clean}-${n}`;
  used.add(id);
  return id;
}
