/** What the start script tells each startup task about how the app is being run. */
export type StartupContext = { localMode: boolean; dev: boolean; baseUrl: string };
