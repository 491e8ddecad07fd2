// Paths a command reads, writes or deletes: secret files and protected files through the file
// guard's own rules (one answer whichever tool touches them), and deletes by what they destroy.

import { relative, resolve } from 'node:path';
import type { Decision } from '../../../core/decision';
import { nameMatches } from '../../../core/glob';
import { judgePath } from '../../files/evaluate';
import { provablyClean } from '../../files/git-index';
import { patternSets } from '../../files/patterns';
import { type FileAccess, fileAccesses, showsContent } from '../access';
import type { ShellCommand, Word } from '../ir';
import { type ShellJudgement, shown } from '../judgement';
import { classifyTarget, isSystemPath, wordPath } from '../paths';
import { shellRules } from '../rule-book';

export function checkFiles(command: ShellCommand, j: ShellJudgement): Decision[] {
  const decisions: Decision[] = [];
  const deletedInProject: string[] = [];
  for (const access of fileAccesses(command)) {
    // A read of a path only partly known (`/proc/$$/environ`) is still checked against the secret
    // patterns, its unknown part standing for anything.
    const path =
      wordPath(access.word, command) ??
      (access.access === 'read' && access.word.text.startsWith('/') ? access.word.text : undefined);
    if (access.access === 'delete') {
      const decision = path ? judgeDelete(command, path, access, j) : judgeUnknownDelete(command, access, j);
      // A path that does not exist holds no work to lose: no need to ask git.
      const exists = path !== undefined && (path.endsWith('/…') || j.context.fs.lstat(path) !== undefined);
      if (decision === 'inside-project' && exists) deletedInProject.push(pathspec(access, path, command, j));
      else if (decision === 'inside-project') continue;
      else if (decision) decisions.push(decision);
    }
    if (path === undefined) continue;
    // Deleting a symbolic link removes the link, not what it points to.
    if (access.access === 'delete' && j.context.fs.lstat(path)?.isSymbolicLink) continue;
    // A shell write or delete shows nothing of the file: judged like Write, not like Edit.
    const kind = access.access === 'read' ? 'read' : 'replace';
    const decision = judgePath('Bash', path, kind, j.policy, j.context, false);
    if (decision.outcome !== 'no-objection') decisions.push(decision);
    else if (kind === 'read' && path.endsWith('/…')) {
      if (showsContent(command.program ?? '')) {
        decisions.push(...secretsBelow(command, path.slice(0, -2), j, access.word.glob ?? '*'));
      }
    } else if (kind === 'read') decisions.push(...secretsBelow(command, path, j));
    else if (isSystemPath(path)) {
      decisions.push(shellRules.fire('shell.system-write', 'deny', { command: shown(command), path }));
    }
  }
  const uncommitted = deletedInProject.length ? uncommittedWork(command, deletedInProject, j) : undefined;
  if (uncommitted) decisions.push(uncommitted);
  return decisions;
}

/**
 * The git pathspec for what a delete inside the project removes: the path itself, or for
 * `find . -name '*.log' -delete` the files the name selects.
 */
function pathspec(access: FileAccess, path: string, command: ShellCommand, j: ShellJudgement): string {
  const root = j.context.projectRoot;
  const glob = access.word.glob && command.cwd ? resolve(command.cwd, access.word.glob) : undefined;
  if (glob && (access.selected || path.endsWith('/…'))) return `:(glob)${relative(root, glob)}`;
  // Anything below the folder (`find . -exec rm {} +` with no test): the whole folder is at stake.
  return `:(literal)${relative(root, path.replace(/\/…$/, '')) || '.'}`;
}

/** Deletes inside the project lose only what git cannot restore: uncommitted and untracked files. */
function uncommittedWork(command: ShellCommand, specs: string[], j: ShellJudgement): Decision | undefined {
  const root = j.context.projectRoot;
  // Most of the time the index proves there is nothing to lose, without starting git.
  if (provablyClean(root, specs, j.context.vars)) return undefined;
  const changes = j.context.fs.gitUncommitted(root, specs, j.context.deadline.remainingMs());
  if (changes === 'not-a-repository') return undefined;
  const values = { command: shown(command) };
  if (changes === 'failed') {
    return shellRules.fire('shell.delete-uncommitted', 'ask', {
      ...values,
      files: 'files git could not list',
    });
  }
  if (!changes.files.length) return undefined;
  const listed = changes.files.slice(0, 3).join(', ');
  const more = changes.files.length > 3 ? ` and ${changes.files.length - 3} more` : '';
  return shellRules.fire('shell.delete-uncommitted', 'ask', { ...values, files: `${listed}${more}` });
}

/** A folder read whole (`tar cz ~/.ssh`, `grep -R x ~/.aws`) that holds files the policy calls secret. */
const WHOLE_FOLDER_READERS = new Set([
  'tar',
  'zip',
  '7z',
  'cp',
  'scp',
  'rsync',
  'rclone',
  'grep',
  'egrep',
  'rg',
  'ag',
  'ack',
  'gsutil',
  'aws',
]);

function secretsBelow(command: ShellCommand, path: string, j: ShellJudgement, selected?: string): Decision[] {
  if (selected === undefined && !WHOLE_FOLDER_READERS.has(command.program ?? '')) return [];
  if (!j.context.fs.stat(path)?.isDirectory) return [];
  const prefix = `${path === '/' ? '' : path}/`;
  const folded = j.context.caseInsensitivePaths ? prefix.toLowerCase() : prefix;
  // `find ~ -name '*.txt' -exec cat {} +` picks files by name: only secrets that name could pick.
  const name = selected?.slice(selected.lastIndexOf('/') + 1) ?? '*';
  const couldPick = (pattern: string) =>
    nameMatches(name, pattern.slice(pattern.lastIndexOf('/') + 1).replaceAll('*', ''));
  const secret = patternSets(j.policy, j.context)
    .secret()
    .find(
      (pattern) =>
        pattern.prefix.startsWith(folded) &&
        pattern.prefix.length > folded.length &&
        couldPick(pattern.pattern),
    );
  if (!secret) return [];
  return [
    shellRules.fire('shell.secret-directory', 'deny', {
      command: shown(command),
      path,
      pattern: secret.pattern,
    }),
  ];
}

function judgeDelete(
  command: ShellCommand,
  path: string,
  access: FileAccess,
  j: ShellJudgement,
): Decision | 'inside-project' | undefined {
  const values = { command: shown(command), path };
  // `rm -rf link/` and `rm -rf link/*` delete inside what the link points to; `rm link` only the link.
  const real = j.context.fs.realpath(path);
  const throughLink =
    real !== undefined &&
    real !== path &&
    (access.word.text.endsWith('/') || !j.context.fs.lstat(path)?.isSymbolicLink);
  if (throughLink && real) {
    const target = classifyTarget(real, j.context);
    if (target === 'critical' || target === 'project-root') {
      return judgeDelete(command, real, { ...access, word: { ...access.word, text: real } }, j);
    }
  }
  // `rm -rf *` at the root takes every file of the project: the same loss as the root itself.
  const glob = access.word.glob && command.cwd ? resolve(command.cwd, access.word.glob) : undefined;
  if (access.recursive && glob === `${j.context.projectRoot}/*`) {
    return shellRules.fire('shell.delete-project-root', 'deny', {
      ...values,
      path: glob,
      root: j.context.projectRoot,
    });
  }
  // The repository itself: every commit not pushed, every stash and branch.
  if (path === `${j.context.projectRoot}/.git`) {
    return shellRules.fire('shell.delete-project-root', 'deny', { ...values, root: j.context.projectRoot });
  }
  switch (classifyTarget(path, j.context)) {
    case 'critical':
      return shellRules.fire('shell.delete-critical', 'deny', values);
    case 'project-root':
      // `find . -name '*.pyc' -delete` removes chosen files inside the project, not the project.
      if (access.selected && path === j.context.projectRoot) return 'inside-project';
      return shellRules.fire('shell.delete-project-root', 'deny', { ...values, root: j.context.projectRoot });
    case 'outside-project':
      return access.recursive ? shellRules.fire('shell.delete-outside-project', 'ask', values) : undefined;
    case 'inside-project':
      return 'inside-project';
    case 'scratch':
      return undefined;
  }
}

/**
 * A delete whose target is only partly known (`find / -exec rm -rf {} +`, `rm -rf /h*` matching
 * nothing now): judged by the directory it is under, when that is known.
 */
function judgeUnknownDelete(command: ShellCommand, access: FileAccess, j: ShellJudgement) {
  const below = knownDirectory(access.word, command);
  if (below && classifyTarget(below, j.context) === 'critical') {
    return shellRules.fire('shell.delete-critical', 'deny', {
      command: shown(command),
      path: `whatever it picks under ${below}`,
    });
  }
  if (!access.recursive) return undefined;
  return shellRules.fire('shell.delete-unknown-target', 'ask', {
    command: shown(command),
    path: 'a path only known when it runs',
  });
}

function knownDirectory(word: Word, command: ShellCommand): string | undefined {
  const text = word.glob ?? word.text;
  const unknownAt = text.search(/[…*?[]/);
  const prefix = unknownAt < 0 ? text : text.slice(0, unknownAt);
  const slash = prefix.lastIndexOf('/');
  if (slash < 0) return undefined;
  return wordPath({ text: prefix.slice(0, slash) || '/', literal: true }, command);
}
