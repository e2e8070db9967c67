import fc from "fast-check";

/**
 * Property tests run with a fixed seed, so a CI run is reproducible and a red run is a regression, not
 * a new random draw. Explore other inputs locally with FAST_CHECK_SEED=<n> (or "random"); a failure
 * prints the seed and path that replay it.
 */
const requested = process.env.FAST_CHECK_SEED;
if (requested !== "random") {
  const seed = requested === undefined ? 20261128 : Number(requested);
  if (!Number.isSafeInteger(seed)) throw new Error(`FAST_CHECK_SEED must be an integer or "random", got "${requested}".`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
