/** Work the start script does after migrating and before Next starts, in order. */
export type StartupContext = { localMode: boolean; dev: boolean; baseUrl: string };

export async function runStartupTasks(context: StartupContext): Promise<void> {
  void context;
}
