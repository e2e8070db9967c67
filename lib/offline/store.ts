import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { CachedQueue, OutboxEntry, OutboxStore } from "./types";

/**
 * The browser's copy of what the server has not seen yet (the outbox) and of the last queue fetched
 * per course, in IndexedDB so both survive a reload and a closed tab.
 */
interface RetainOfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry };
  queues: { key: string; value: CachedQueue };
}

/**
 * One database per user, so answers given by one student on a shared device are only ever sent
 * with that student's session (and wait there until they sign in again).
 */
const opening = new Map<string, Promise<IDBPDatabase<RetainOfflineDb>>>();

function database(userId: string): Promise<IDBPDatabase<RetainOfflineDb>> {
  let open = opening.get(userId);
  if (!open) {
    open = openDB<RetainOfflineDb>(`retain-offline:${userId}`, 1, {
      upgrade(db) {
        db.createObjectStore("outbox", { keyPath: "key" });
        db.createObjectStore("queues", { keyPath: "id" });
      },
    }).catch((error: unknown) => {
      opening.delete(userId);
      throw error;
    });
    opening.set(userId, open);
  }
  return open;
}

export function idbOutboxStore(userId: string): OutboxStore {
  return {
    async all() {
      return (await database(userId)).getAll("outbox");
    },
    async get(key) {
      return (await database(userId)).get("outbox", key);
    },
    async put(entry) {
      await (await database(userId)).put("outbox", entry);
    },
    async delete(key) {
      await (await database(userId)).delete("outbox", key);
    },
  };
}

export function memoryOutboxStore(initial: OutboxEntry[] = []): OutboxStore & { entries: Map<string, OutboxEntry> } {
  const entries = new Map(initial.map((entry) => [entry.key, structuredClone(entry)]));
  return {
    entries,
    async all() {
      return [...entries.values()].map((entry) => structuredClone(entry));
    },
    async get(key) {
      const entry = entries.get(key);
      return entry ? structuredClone(entry) : undefined;
    },
    async put(entry) {
      entries.set(entry.key, structuredClone(entry));
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

export async function saveQueue(userId: string, cached: CachedQueue): Promise<void> {
  await (await database(userId)).put("queues", cached);
}

export async function loadQueue(userId: string, id: string): Promise<CachedQueue | undefined> {
  return (await database(userId)).get("queues", id);
}
