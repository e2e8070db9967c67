import type { Env } from "@/lib/env";
import { startWorker } from "@/lib/worker/worker";

/**
 * Starts the job worker in this process and says where mail goes. Shared by `npm start`, `npm run
 * worker` and the e2e server. Returns its stop function.
 */
export async function startBackgroundWorker(env: Env): Promise<() => Promise<void>> {
  const worker = await startWorker();
  const mail = env.SMTP_URL
    ? `mail goes to ${new URL(env.SMTP_URL).host}`
    : `no SMTP_URL: mail is written to ${env.MAIL_DIR}/ (listed at /dev/mail on a local install)`;
  console.log(`Job worker running (password resets, study reminders, nudges, nightly memory-model fits); ${mail}.`);
  return () => worker.stop();
}
