/**
 * `npm run worker`: the job worker alone (password-reset mail, study reminders, instructor nudges),
 * for installs that run the app with RETAIN_WORKER=off or on several machines. Uses DATABASE_URL, or
 * the embedded database when `npm start` is not running. Any number of workers may run at once.
 */
import { InvalidEnvironmentError, parseEnv } from "@/lib/env";
import { migrateDeploy, openLocalDatabase } from "./lib/local-database";
import { resolveAuthSecret } from "./lib/secrets";
import { startBackgroundWorker } from "./lib/worker-process";

const database = await openLocalDatabase();
try {
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: resolveAuthSecret({ localMode: database.embedded, dev: false }),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    RETAIN_LOCAL_MODE: database.embedded ? "1" : "0",
  });
  const env = parseEnv(process.env);
  await migrateDeploy(database.url);
  const stop = await startBackgroundWorker(env);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      void stop()
        .catch((error) => console.error("Stopping the worker failed:", error))
        .finally(() => database.stop().finally(() => process.exit(0)));
    });
  }
} catch (error) {
  console.error(error instanceof InvalidEnvironmentError ? `\n${error.message}\n` : error);
  await database.stop();
  process.exit(1);
}
