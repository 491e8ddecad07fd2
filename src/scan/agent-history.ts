// Where an agent and a shell keep what was typed: Claude Code's session transcripts (every
// prompt, even one a hook blocked, and every tool result) and shell and REPL history files.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { claudeConfigDir } from '../adapters/claude-code/settings';

export interface HistoryFile {
  absolute: string;
  display: string;
  size: number;
}

const SHELL_HISTORIES = [
  '.bash_history',
  '.zsh_history',
  '.zhistory',
  '.histfile',
  '.local/share/fish/fish_history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
  '.sqlite_history',
  '.rediscli_history',
  '.irb_history',
  '.pry_history',
  '.lesshst',
];

function regularFile(path: string): number | undefined {
  try {
    const stats = lstatSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

function tilde(path: string, home: string): string {
  return path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}

/** Transcripts (`<config>/projects/<project>/<session>.jsonl`, subagents' too) and history files. */
export function agentHistoryFiles(home: string, vars: NodeJS.ProcessEnv): HistoryFile[] {
  const files: HistoryFile[] = [];
  const visit = (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 4) visit(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.jsonl')) {
        const size = regularFile(path);
        if (size !== undefined) files.push({ absolute: path, display: tilde(path, home), size });
      }
    }
  };
  visit(join(claudeConfigDir(home, vars), 'projects'), 0);
  const histfile = vars.HISTFILE;
  const names = new Set(SHELL_HISTORIES.map((name) => join(home, name)));
  if (histfile?.startsWith('/')) names.add(histfile);
  for (const path of names) {
    const size = regularFile(path);
    if (size !== undefined) files.push({ absolute: path, display: tilde(path, home), size });
  }
  return files;
}
