// Entry point for every command but the hook (dist/cli.mjs; commands load on demand).
import { currentEnvironment } from './environment';
import { runProgram } from './program';

export async function runCli(argv: readonly string[], installDir: string): Promise<void> {
  process.exitCode = await runProgram(argv, currentEnvironment(installDir));
}
