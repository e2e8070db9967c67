/** A small seeded generator (mulberry32), so the simulated data set is the same on every run. */
export type Rng = {
  (): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
};

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }) as Rng;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  next.pick = (items) => items[Math.floor(next() * items.length)]!;
  return next;
}

/** Ids shaped like Prisma's cuid() (25 characters, starting with "c", roughly time-ordered). */
export function idFactory(rng: Rng, prefix = "c") {
  let counter = 0;
  const stamp = Date.now().toString(36).padStart(8, "0").slice(-8);
  return () => {
    counter += 1;
    let random = "";
    while (random.length < 10) random += Math.floor(rng() * 36).toString(36);
    return `${prefix}${stamp}${counter.toString(36).padStart(6, "0")}${random}`;
  };
}
