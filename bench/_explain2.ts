import fs from "node:fs";
import pg from "pg";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
const c = new pg.Client({ connectionString: seed.url }); await c.connect();
const course = (await c.query(`SELECT id FROM "Course" WHERE slug='bench-heavy'`)).rows[0].id;
const u = seed.heavy;
const variants: [string, string, unknown[]][] = [
  ["current", `SELECT c.id, c."position", c."lessonId", to_jsonb(s.*) AS "stateRow" FROM "Card" c LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = $1 WHERE c."courseId" = $2 AND NOT c."archived" AND (s.id IS NULL OR (s."state" = 'new' AND NOT s."suspended")) ORDER BY (c."lessonId" = ANY($3::text[])) DESC, c."position" LIMIT 20`, [u, course, []]],
  ["not-exists + new states", `(SELECT c.id, c."position", c."lessonId", NULL::jsonb AS "stateRow" FROM "Card" c WHERE c."courseId" = $2 AND NOT c."archived" AND NOT EXISTS (SELECT 1 FROM "CardState" s WHERE s."userId" = $1 AND s."cardId" = c.id) ORDER BY (c."lessonId" = ANY($3::text[])) DESC, c."position" LIMIT 20)
   UNION ALL
   (SELECT c.id, c."position", c."lessonId", to_jsonb(s.*) FROM "CardState" s JOIN "Card" c ON c.id = s."cardId" WHERE s."userId" = $1 AND s."courseId" = $2 AND s.state = 'new' AND NOT s.suspended AND NOT c.archived ORDER BY (c."lessonId" = ANY($3::text[])) DESC, c."position" LIMIT 20)`, [u, course, []]],
  ["review current", `SELECT s.* FROM "CardState" s JOIN "Card" c ON c.id = s."cardId" WHERE s."userId" = $1 AND s."courseId" = $2 AND NOT s."suspended" AND NOT c."archived" AND s."state" = 'review' AND s."due" < $3 ORDER BY s."due", c."position" LIMIT 200`, [u, course, new Date(Date.now() + 12 * 3600e3)]],
];
for (const [name, sql, params] of variants) {
  const r = await c.query("EXPLAIN (ANALYZE, BUFFERS) " + sql, params);
  console.log("=====", name);
  console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
  const times = []; for (let i = 0; i < 15; i++) { const t = performance.now(); await c.query(sql, params); times.push(performance.now() - t); } times.sort((a, b) => a - b); console.log("median ms", times[7]!.toFixed(2), "min", times[0]!.toFixed(2));
}
await c.end();
