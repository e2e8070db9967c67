export const TEMPLATE_DATABASE = "retain_template";
export const TEST_AUTH_SECRET = "test-secret-that-is-long-enough-for-hs256-signing";
