import { inject } from "vitest";

/** Base URL of the production server started for this test run. */
export const baseUrl = inject("baseUrl");
