// The entry point. The hook runs on every tool call, so it is dispatched before anything else is
// loaded: no argument parser, no engines it does not need.
import { currentEnvironment, installDirFrom } from './environment';

export async function main(argv: readonly string[]): Promise<void> {
  const environment = currentEnvironment(installDirFrom(import.meta.url));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (argv[0] === 'hook' && argv[1] === 'claude-code' && !wantsHelp) {
    const { runClaudeCodeHook } = await import('./commands/hook');
    process.exitCode = await runClaudeCodeHook(argv.slice(2), environment);
    return;
  }
  const { runProgram } = await import('./program');
  process.exitCode = await runProgram(argv, environment);
}
