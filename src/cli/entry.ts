// Entry points called by bin/bulwark.cjs, which says where bulwark is installed.
import { runClaudeCodeHook } from './commands/hook';
import { currentEnvironment } from './environment';

/** `bulwark hook claude-code ...`: bundled alone (dist/hook.cjs), so nothing else is loaded. */
export async function runHookCommand(args: readonly string[], installDir: string): Promise<void> {
  process.exitCode = await runClaudeCodeHook(args, currentEnvironment(installDir));
}
