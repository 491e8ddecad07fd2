// A throwaway machine for tests: a temporary HOME with a git project in it, and the built CLI run
// as a real subprocess. Nothing touches the real HOME, ~/.claude or /etc/bulwark.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Environment } from '../../src/policy/locate';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'bulwark.cjs');

export interface Sandbox {
  root: string;
  home: string;
  project: string;
  managedPolicy: string;
  auditDir: string;
  env: NodeJS.ProcessEnv;
  environment: Environment;
  write(path: string, content: string): string;
  link(path: string, target: string): void;
  cleanup(): void;
}

export function createSandbox(options: { git?: boolean } = {}): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'bulwark-test-')));
  const home = join(root, 'home');
  const project = join(home, 'project');
  mkdirSync(project, { recursive: true });
  if (options.git !== false) execFileSync('git', ['init', '-q', project]);
  const managedPolicy = join(root, 'etc', 'bulwark', 'policy.yaml');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    BULWARK_MANAGED_POLICY: managedPolicy,
    BULWARK_CLAUDE_MANAGED_SETTINGS: join(root, 'etc', 'claude-code', 'managed-settings.json'),
    NO_COLOR: '1',
  };
  const absolute = (path: string) =>
    path.startsWith('~/') ? join(home, path.slice(2)) : resolve(project, path);
  return {
    root,
    home,
    project,
    managedPolicy,
    auditDir: join(home, '.local', 'state', 'bulwark', 'audit'),
    env,
    environment: { home, platform: process.platform, vars: env, installDir: REPO_ROOT },
    write(path, content) {
      const file = absolute(path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    link(path, target) {
      const file = absolute(path);
      mkdirSync(dirname(file), { recursive: true });
      symlinkSync(target.startsWith('~/') ? join(home, target.slice(2)) : target, file);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  sandbox: Sandbox,
  args: readonly string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? sandbox.project,
    env: { ...sandbox.env, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Everything a child process prints, and its exit status, once it has ended. */
export function collectOutput(child: ChildProcess): Promise<CliResult> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Runs the CLI without waiting, for tests that start many at once. */
export function runCliAsync(sandbox: Sandbox, args: readonly string[], input: string): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: sandbox.project, env: sandbox.env });
  child.stdin.end(input);
  return collectOutput(child);
}

/** A PreToolUse event as Claude Code sends it (claude-code.md §1.3). */
export function preToolUse(
  sandbox: Sandbox,
  tool: string,
  input: Record<string, unknown>,
  cwd = sandbox.project,
) {
  return {
    session_id: 'test-session',
    transcript_path: join(sandbox.home, '.claude', 'projects', 'p', 't.jsonl'),
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: input,
    tool_use_id: 'toolu_01TEST',
  };
}

export function hook(
  sandbox: Sandbox,
  event: unknown,
  env?: NodeJS.ProcessEnv,
): CliResult & { json: unknown } {
  const result = runCli(sandbox, ['hook', 'claude-code'], {
    input: typeof event === 'string' ? event : JSON.stringify(event),
    env,
  });
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = undefined;
  }
  return { ...result, json };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

export function runNode(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
) {
  return spawnSync(process.execPath, args, { ...options, encoding: 'utf8' });
}
