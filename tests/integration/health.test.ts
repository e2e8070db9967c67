import { expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";

test("GET /api/health answers 200 with the database reachable", async () => {
  const response = await fetch(`${baseUrl}/api/health`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { ok: true } });
});
