// Which files a command reads, writes or deletes, from what each program is known to do with its
// operands. A program bulwark does not know is assumed to read every path it is given.
import { posix } from 'node:path';
import type { ShellCommand, Word } from './ir';
import { COMMAND_RUNNERS, DATA_PROGRAMS, hasOption, operands } from './programs';

type Access = 'read' | 'write' | 'delete';

export interface FileAccess {
  word: Word;
  access: Access;
  /** Deletes only: the whole tree (`rm -r`, `find -delete`). */
  recursive?: boolean;
  /** `find DIR -name x -delete`: only entries below the path that pass a test, never the path itself. */
  selected?: boolean;
}

const EDITORS = new Set([
  'vi',
  'vim',
  'nvim',
  'nano',
  'emacs',
  'code',
  'subl',
  'ed',
  'ex',
  'pico',
  'micro',
  'hx',
]);

const READERS = new Set([
  ...EDITORS,
  'cat',
  'tac',
  'nl',
  'less',
  'more',
  'most',
  'head',
  'tail',
  'bat',
  'batcat',
  'view',
  'awk',
  'gawk',
  'mawk',
  'xxd',
  'od',
  'hexdump',
  'hd',
  'base64',
  'base32',
  'strings',
  'sort',
  'uniq',
  'cut',
  'paste',
  'column',
  'fold',
  'fmt',
  'rev',
  'diff',
  'cmp',
  'comm',
  'jq',
  'yq',
  'iconv',
  'source',
  '.',
  'gpg',
  'openssl',
  'zcat',
  'bzcat',
  'xzcat',
  'gzip',
  'bzip2',
  'xz',
  'zstd',
  'tar',
  'zip',
  '7z',
  'split',
  'pr',
  'expand',
  'look',
  'dos2unix',
  'scp',
  'rsync',
  'sftp',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'lp',
  'lpr',
  'mail',
  'mutt',
  'pbcopy',
  'xclip',
  'xsel',
  'wl-copy',
  'python',
  'node',
  'perl',
  'ruby',
  'php',
  'bash',
  'sh',
  'zsh',
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'ag',
  'ack',
  'sed',
  'tr',
]);

/** Programs that only look at names or metadata, or change them: they never show content. */
/** Programs known to show the content of the files they are given. */
export function showsContent(program: string): boolean {
  return (
    READERS.has(program) || program === 'cp' || program === 'mv' || program === 'scp' || program === 'rsync'
  );
}

const METADATA_ONLY = new Set([
  'ls',
  'stat',
  'touch',
  'test',
  '[',
  '[[',
  'file',
  'mkdir',
  'du',
  'realpath',
  'readlink',
  'basename',
  'dirname',
  'chmod',
  'chown',
  'chgrp',
  'cd',
  'pushd',
  'find',
  'fd',
  'tree',
  'exa',
  'eza',
  'lsof',
  'fuser',
  'which',
  'type',
  'git',
  'export',
  'unset',
  'alias',
  'ln',
  'mkfifo',
  'setfacl',
  'getfacl',
  'lsattr',
  'chattr',
  // Counts and digests: nothing of the content is shown.
  'wc',
  'md5sum',
  'sha1sum',
  'sha256sum',
  'sha512sum',
  'shasum',
  'cksum',
  'b2sum',
]);

/** curl options whose value may name a file with `@` (`-d @f`, `-F x=@f`). */
export const CURL_DATA_OPTIONS = [
  '-d',
  '--data',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '--json',
  '-F',
  '--form',
];

/** Options whose next word is a value, not a path, for programs whose paths we pick out. */
const VALUED: Readonly<Record<string, string[]>> = {
  head: ['-n', '-c'],
  tail: ['-n', '-c'],
  cut: ['-d', '-f', '-c', '-b'],
  sort: ['-k', '-t', '-o', '-S'],
  grep: ['-e', '-f', '-m', '-A', '-B', '-C', '--include', '--exclude', '--exclude-dir'],
  rg: ['-e', '-g', '-t', '-T', '-m', '-A', '-B', '-C', '--glob', '--type'],
  tar: ['-C', '-f', '--exclude', '-T', '-X', '--directory', '--file'],
  xxd: ['-l', '-s', '-c', '-g'],
  od: ['-A', '-t', '-N', '-j', '-w'],
  jq: ['--arg', '--argjson', '-f', '--from-file'],
  awk: ['-F', '-v', '-f'],
  sed: ['-e', '-f'],
  split: ['-l', '-b', '-n'],
  openssl: ['-out', '-passin', '-passout', '-pass', '-k', '-kfile', '-md', '-iter'],
  gpg: ['-o', '--output', '-r', '--recipient', '-u', '--local-user'],
  cp: ['-t', '--target-directory', '-S', '--suffix'],
  mv: ['-t', '--target-directory', '-S', '--suffix'],
  rsync: ['-e', '--rsh', '--exclude', '--include', '--filter', '-f'],
  scp: ['-P', '-i', '-o', '-F', '-J', '-l', '-c', '-S'],
  curl: [],
  // Inline code and module names are not files (the code itself is judged by inline/).
  python: ['-c', '-m', '-W', '-X'],
  node: ['-e', '--eval', '-p', '--print', '-r', '--require'],
  perl: ['-e', '-E', '-M', '-m', '-I'],
  ruby: ['-e', '-r', '-I'],
  php: ['-r', '-d'],
};

function paths(command: ShellCommand): Word[] {
  const program = command.program ?? '';
  const texts = command.args.map((w) => w.text);
  let indexes = operands(texts, VALUED[program] ?? []);
  // A pattern comes first for grep and awk, and for sed the script: data, not a file.
  if (
    ['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack'].includes(program) &&
    !hasOption(texts, '-e', '-f', '--regexp', '--file')
  ) {
    indexes = indexes.slice(1);
  }
  if (['awk', 'gawk', 'mawk'].includes(program) && !hasOption(texts, '-f')) indexes = indexes.slice(1);
  if (program === 'sed' && !hasOption(texts, '-e', '-f', '--expression', '--file'))
    indexes = indexes.slice(1);
  if (program === 'tr' || program === 'jq' || program === 'yq')
    indexes = program === 'tr' ? [] : indexes.slice(1);
  const words = indexes.map((i) => command.args[i] as Word);
  // `openssl enc -in f`, `dd if=f`, `--file=f`: a path in an option's value.
  for (const [i, text] of texts.entries()) {
    if ((text === '-in' || text === '-inkey' || text === '-i') && command.args[i + 1])
      words.push(command.args[i + 1] as Word);
    const eq = /^(?:if|--input|--file|--from-file|--data-binary|--data|--upload-file)=(.+)$/.exec(text);
    if (eq) words.push({ ...(command.args[i] as Word), text: eq[1] as string });
  }
  return words;
}

export function fileAccesses(command: ShellCommand): FileAccess[] {
  const program = command.program;
  const accesses: FileAccess[] = [];
  for (const redirect of command.redirects) {
    if (redirect.mode === 'read') accesses.push({ word: redirect.target, access: 'read' });
    if (redirect.mode === 'write' || redirect.mode === 'append')
      accesses.push({ word: redirect.target, access: 'write' });
  }
  if (!program || DATA_PROGRAMS.has(program) || COMMAND_RUNNERS.has(program)) return accesses;
  const texts = command.args.map((w) => w.text);
  const operandWords = () => operands(texts, VALUED[program] ?? []).map((i) => command.args[i] as Word);
  switch (program) {
    case 'rm':
    case 'unlink':
    case 'rmdir':
    case 'shred':
    case 'srm': {
      const recursive = hasOption(texts, '-r', '-R', '--recursive') || program === 'rmdir';
      for (const word of operandWords()) accesses.push({ word, access: 'delete', recursive });
      return accesses;
    }
    case 'truncate':
      for (const i of operands(texts, ['-s', '--size', '-r', '--reference']))
        accesses.push({ word: command.args[i] as Word, access: 'write' });
      return accesses;
    case 'tee':
      for (const word of operandWords()) accesses.push({ word, access: 'write' });
      return accesses;
    case 'mkfifo':
    case 'mknod': {
      // A FIFO where a program expects a file blocks whoever reads it.
      // mknod NAME TYPE [MAJOR MINOR]: only the first operand is a path; mkfifo takes several.
      const nodes = operands(texts, ['-m', '--mode', '-Z', '--context']);
      for (const node of program === 'mknod' ? nodes.slice(0, 1) : nodes) {
        accesses.push({ word: command.args[node] as Word, access: 'write' });
      }
      return accesses;
    }
    case 'cp':
    case 'mv':
    case 'install':
    case 'scp':
    case 'rsync':
    case 'ln': {
      const words = operandWords();
      const targetOption = texts.findIndex((t) => t === '-t' || t === '--target-directory');
      // `ln -s TARGET` alone links TARGET into the current folder.
      const lone = program === 'ln' && targetOption < 0 && words.length === 1;
      const destination = targetOption >= 0 ? command.args[targetOption + 1] : lone ? undefined : words.pop();
      if (program === 'ln') {
        accesses.push(...linkSources(words, destination, hasOption(texts, '-s', '--symbolic')));
        if (destination) accesses.push({ word: destination, access: 'write' });
        return accesses;
      }
      for (const word of words) accesses.push({ word, access: program === 'mv' ? 'delete' : 'read' });
      if (program === 'mv') for (const word of words) accesses.push({ word, access: 'read' });
      if (destination) {
        if (program === 'mv' && destination.text === '/dev/null') return accesses;
        accesses.push({ word: destination, access: 'write' });
      }
      return accesses;
    }
    case 'find':
      if (texts.includes('-delete')) {
        const end = texts.findIndex((t) => t.startsWith('-') || t === '(' || t === '!');
        const roots = command.args.slice(0, end < 0 ? texts.length : end);
        const selected = texts.some((t) =>
          /^-(?:i?name|i?path|i?regex|type|newer|mtime|mmin|size|empty|user|perm|wholename)$/.test(t),
        );
        const name = texts.filter((_, i) => texts[i - 1] === '-name');
        for (const word of roots.length ? roots : [{ text: '.', literal: true }]) {
          const glob = name.length === 1 ? `${word.text.replace(/\/+$/, '')}/**/${name[0]}` : undefined;
          accesses.push({
            word: glob ? { ...word, glob } : word,
            access: 'delete',
            recursive: true,
            selected,
          });
        }
      }
      return accesses;
    case 'tar':
    case 'bsdtar':
      return [...accesses, ...tarAccesses(command)];
    case 'dd':
      for (const word of command.args) {
        const [key, value] = word.text.split('=', 2);
        if (value === undefined) continue;
        if (key === 'if') accesses.push({ word: { ...word, text: value }, access: 'read' });
        if (key === 'of') accesses.push({ word: { ...word, text: value }, access: 'write' });
      }
      return accesses;
    case 'sed':
      for (const word of paths(command)) {
        accesses.push({ word, access: 'read' });
        // `-i`, `-i.bak`, `-Ei`, `--in-place=.bak`: edited in place.
        const inPlace =
          texts.some((t) => /^-[a-zA-Z]*i/.test(t) && !t.startsWith('--')) || hasOption(texts, '--in-place');
        if (inPlace) accesses.push({ word, access: 'write' });
      }
      return accesses;
    case 'curl':
    case 'wget':
      for (const [i, written] of texts.entries()) {
        // `--post-file=f` is `--post-file f`, and `-d@f` / `-Ff=@x` are `-d @f` / `-F f=@x`.
        const equals = written.startsWith('--') ? written.indexOf('=') : -1;
        const attached = !written.startsWith('--') && /^-[a-zA-Z]./s.test(written) ? 2 : -1;
        const split = equals >= 0 ? equals : attached;
        const text = split < 0 ? written : written.slice(0, split);
        const next =
          split < 0
            ? command.args[i + 1]
            : { ...(command.args[i] as Word), text: written.slice(split + (equals >= 0 ? 1 : 0)) };
        if (next && ['-o', '--output', '-O', '--output-document'].includes(text) && next.text !== '-')
          accesses.push({ word: next, access: 'write' });
        if (next && ['-T', '--upload-file', '--post-file', '--body-file', '-K', '--config'].includes(text))
          accesses.push({ word: next, access: 'read' });
        if (next && CURL_DATA_OPTIONS.includes(text)) {
          const at = next.text.indexOf('@');
          if (at >= 0 && text !== '--data-raw' && next.text.slice(at + 1) !== '-')
            accesses.push({ word: { ...next, text: next.text.slice(at + 1) }, access: 'read' });
        }
      }
      return accesses;
  }
  if (METADATA_ONLY.has(program)) return accesses;
  // grep -c / -l / -q report counts, names or a status, not lines.
  if (
    /^(?:e|f)?grep$/.test(program) &&
    hasOption(texts, '-c', '-l', '-L', '-q', '--count', '--files-with-matches', '--quiet')
  ) {
    return accesses;
  }
  // perl -i edits its files in place.
  if (program === 'perl' && texts.some((t) => /^-[a-zA-Z]*i/.test(t))) {
    // Without -e, the first operand is the script.
    const script = hasOption(texts, '-e', '-E') ? 0 : 1;
    for (const word of operandWords().slice(script)) accesses.push({ word, access: 'write' });
  }
  const words = READERS.has(program) ? paths(command) : operandWords();
  for (const word of words) accesses.push({ word, access: 'read' });
  if (EDITORS.has(program)) for (const word of words) accesses.push({ word, access: 'write' });
  return accesses;
}

/**
 * A link to a file is a way to read it later under another name (`ln -s ~/.ssh/id_rsa k`): each
 * target counts as read. A relative symbolic link's target is relative to the link's folder, which
 * is the destination itself when it is a folder: every reading is listed.
 */
function linkSources(
  targets: readonly Word[],
  destination: Word | undefined,
  symbolic: boolean,
): FileAccess[] {
  const accesses: FileAccess[] = [];
  for (const target of targets) {
    accesses.push({ word: target, access: 'read' });
    if (!symbolic || !destination || target.text.startsWith('/')) continue;
    const literal = target.literal && destination.literal;
    for (const folder of [posix.dirname(destination.text), destination.text]) {
      accesses.push({ word: { text: posix.join(folder, target.text), literal }, access: 'read' });
    }
  }
  return accesses;
}

/** Long tar options that take a value; GNU tar accepts any unambiguous prefix of each. */
const TAR_LONG_VALUED = [
  '--directory',
  '--file',
  '--exclude',
  '--exclude-from',
  '--files-from',
  '--transform',
  '--use-compress-program',
  '--owner',
  '--group',
  '--mode',
  '--mtime',
  '--label',
  '--blocking-factor',
  '--format',
  '--to-command',
  '--newer',
  '--after-date',
  '--checkpoint-action',
  '--info-script',
  '--new-volume-script',
];
const TAR_LONG_MODES: Readonly<Record<string, string>> = {
  '--create': 'c',
  '--append': 'r',
  '--update': 'u',
  '--extract': 'x',
  '--get': 'x',
  '--list': 't',
};
/** Options with which tar runs a program of the caller's choosing. */
const TAR_RUNS = new Set([
  '--use-compress-program',
  '--to-command',
  '--checkpoint-action',
  '--info-script',
  '--new-volume-script',
]);
/** Short options that take a value; in a bundle, each takes the next word in turn. */
const TAR_VALUED_LETTERS = new Set(['f', 'C', 'T', 'X', 'I', 'F', 'b', 'K', 'L', 'N', 'V', 'g']);

/** The full name of a long option written as an unambiguous prefix (`--extr` is `--extract`). */
function tarLongOption(written: string): string {
  const known = [...TAR_LONG_VALUED, ...Object.keys(TAR_LONG_MODES)];
  if (known.includes(written)) return written;
  const matches = known.filter((name) => name.startsWith(written));
  return matches.length === 1 ? (matches[0] as string) : written;
}

interface TarCommand {
  letters: string;
  directories: Word[];
  archive: Word | undefined;
  operands: Array<{ word: Word; directory: Word | undefined }>;
  /** `-I prog`, `--to-command`, `--checkpoint-action=exec=...`: tar runs a program. */
  runsProgram: boolean;
}

function parseTar(command: ShellCommand): TarCommand {
  const args = command.args;
  const tar: TarCommand = {
    letters: '',
    directories: [],
    archive: undefined,
    operands: [],
    runsProgram: false,
  };
  let directory: Word | undefined;
  const take = (letter: string, value: Word | undefined) => {
    if (letter === 'I' || letter === 'F') tar.runsProgram = true;
    if (!value) return;
    if (letter === 'f') tar.archive = value;
    if (letter === 'C') {
      directory = value;
      tar.directories.push(value);
    }
  };
  // Values owed by a bundle (`czf out.tgz`, `-xzC /etc`), in the order its letters ask for them.
  const owed: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as Word;
    const text = word.text;
    if (owed.length) {
      take(owed.shift() as string, word);
      continue;
    }
    if (text.startsWith('--')) {
      const [written = '', attached] = text.split('=', 2);
      const name = tarLongOption(written);
      const value = attached === undefined ? undefined : { ...word, text: attached };
      if (TAR_RUNS.has(name)) tar.runsProgram = true;
      if (name === '--directory') take('C', value ?? args[++i]);
      else if (name === '--file') take('f', value ?? args[++i]);
      else if (TAR_LONG_VALUED.includes(name) && value === undefined) i++;
      else tar.letters += TAR_LONG_MODES[name] ?? '';
      continue;
    }
    // The first word may be a bundle without a dash (`tar czf out.tgz dir`).
    const bundle = text.startsWith('-') ? text.slice(1) : i === 0 ? text : undefined;
    if (bundle === undefined) {
      tar.operands.push({ word, directory });
      continue;
    }
    for (let at = 0; at < bundle.length; at++) {
      const letter = bundle[at] as string;
      tar.letters += letter;
      if (!TAR_VALUED_LETTERS.has(letter)) continue;
      // `-C/etc`, `-fout.tgz`: the rest of a dashed bundle is the value.
      if (text.startsWith('-') && at + 1 < bundle.length) {
        take(letter, { ...word, text: bundle.slice(at + 1) });
        break;
      }
      owed.push(letter);
    }
  }
  return tar;
}

/** Whether tar runs a program of the command's choosing (a compressor, a checkpoint action). */
export function tarRunsProgram(command: ShellCommand): boolean {
  return parseTar(command).runsProgram;
}

/**
 * tar's files: with `c`/`r`/`u` the operands are read (relative to the `-C DIR` before them) and
 * the archive written; with `x` the archive is read and its files written below each `-C DIR`.
 */
function tarAccesses(command: ShellCommand): FileAccess[] {
  const tar = parseTar(command);
  const accesses: FileAccess[] = [];
  if (/[cru]/.test(tar.letters)) {
    for (const { word, directory } of tar.operands) {
      const path =
        directory && !word.text.startsWith('/')
          ? { text: `${directory.text}/${word.text}`, literal: word.literal && directory.literal }
          : word;
      accesses.push({ word: path, access: 'read' });
    }
  }
  if (/x/.test(tar.letters)) {
    for (const directory of tar.directories)
      accesses.push({ word: directory, access: 'write', recursive: true });
  }
  if (tar.archive && tar.archive.text !== '-') {
    accesses.push({ word: tar.archive, access: /[cru]/.test(tar.letters) ? 'write' : 'read' });
  }
  return accesses;
}
