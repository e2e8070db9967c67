import fs from "node:fs";
import pg from "pg";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
const c = new pg.Client({ connectionString: seed.url }); await c.connect();
const course = (await c.query(`SELECT id FROM "Course" WHERE slug='bench-heavy'`)).rows[0].id;
const u = seed.heavy;
const now = new Date();
const queries: [string, string, unknown[]][] = [
  ["today", `SELECT count(*) FILTER (WHERE "state" = 'new')::int AS introduced, count(*) FILTER (WHERE "state" = 'review')::int AS reviewed FROM "ReviewLog" WHERE "userId" = $1 AND "courseId" = $2 AND "kind" = 'answer' AND NOT "undone" AND "reviewedAt" >= $3`, [u, course, new Date(now.getTime() - 12 * 3600e3)]],
  ["learning", `SELECT s.* FROM "CardState" s JOIN "Card" c ON c.id = s."cardId" WHERE s."userId" = $1 AND s."courseId" = $2 AND NOT s."suspended" AND NOT c."archived" AND s."state" IN ('learning', 'relearning') AND s."due" <= $3 ORDER BY s."due" LIMIT 50`, [u, course, now]],
  ["review", `SELECT s.* FROM "CardState" s JOIN "Card" c ON c.id = s."cardId" WHERE s."userId" = $1 AND s."courseId" = $2 AND NOT s."suspended" AND NOT c."archived" AND s."state" = 'review' AND s."due" < $3 ORDER BY s."due", c."position" LIMIT 200`, [u, course, new Date(now.getTime() + 12 * 3600e3)]],
  ["new", `SELECT c.id, c."position", c."lessonId", to_jsonb(s.*) AS "stateRow" FROM "Card" c LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = $1 WHERE c."courseId" = $2 AND NOT c."archived" AND (s.id IS NULL OR (s."state" = 'new' AND NOT s."suspended")) ORDER BY (c."lessonId" = ANY($3::text[])) DESC, c."position" LIMIT 20`, [u, course, []]],
];
for (const [name, sql, params] of queries) {
  const r = await c.query("EXPLAIN (ANALYZE, BUFFERS) " + sql, params);
  console.log("=====", name);
  console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
}
await c.end();
