export const TEMPLATE_DATABASE = "retain_template";
export const TEST_AUTH_SECRET = "test-secret-that-is-long-enough-for-hs256-signing";
/** The e2e server mails through SMTP on E2E_PORT + this; tests/e2e/password-reset.spec.ts listens there. */
export const E2E_SMTP_PORT_OFFSET = 100;
