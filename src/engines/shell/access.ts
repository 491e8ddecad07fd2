// Which files a command reads, writes or deletes, from what each program is known to do with its
// operands. A program bulwark does not know is assumed to read every path it is given.
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
      const [node] = operands(texts, ['-m', '--mode', '-Z', '--context']);
      if (node !== undefined) accesses.push({ word: command.args[node] as Word, access: 'write' });
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
      const destination = targetOption >= 0 ? command.args[targetOption + 1] : words.pop();
      // A link to a file is a way to read it later under another name (`ln -s ~/.ssh/id_rsa k`).
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
 * tar's files: with `c`/`r`/`u` the operands are read (relative to the latest `-C DIR`) and the
 * archive written; with `x` the archive is read and its files written below `-C DIR`.
 */
function tarAccesses(command: ShellCommand): FileAccess[] {
  const args = command.args;
  const first = args[0]?.text ?? '';
  // The first word may be a bundle without a dash (`tar czf out.tgz dir`).
  const bundle = first.startsWith('-') ? '' : first;
  const letters = bundle + args.map((w) => (/^-[a-zA-Z]+$/.test(w.text) ? w.text.slice(1) : '')).join('');
  const long = (name: string) => args.some((w) => w.text === `--${name}`);
  const creates = /[cru]/.test(letters) || long('create') || long('append') || long('update');
  const extracts = /x/.test(letters) || long('extract') || long('get');
  const accesses: FileAccess[] = [];
  let directory: Word | undefined;
  let archive: Word | undefined;
  // In a bundle, `f` takes the next word that is not consumed by an earlier valued letter.
  const bundleTakesFile = bundle.includes('f');
  for (let i = bundle ? 1 : 0; i < args.length; i++) {
    const word = args[i] as Word;
    const text = word.text;
    if (text === '-C' || text === '--directory') {
      directory = args[++i];
      if (extracts && args[i]) accesses.push({ word: args[i] as Word, access: 'write', recursive: true });
    } else if (text.startsWith('--directory='))
      directory = { ...word, text: text.slice('--directory='.length) };
    else if (text === '-f' || text === '--file' || (/^-[a-zA-Z]*f$/.test(text) && text.length > 2))
      archive = args[++i];
    else if (text.startsWith('--file=')) archive = { ...word, text: text.slice('--file='.length) };
    else if (bundleTakesFile && !archive && !text.startsWith('-')) archive = word;
    else if (text.startsWith('-')) continue;
    else if (creates) {
      const path =
        directory && !text.startsWith('/')
          ? { text: `${directory.text}/${text}`, literal: word.literal && directory.literal }
          : word;
      accesses.push({ word: path, access: 'read' });
    }
  }
  if (archive && archive.text !== '-') accesses.push({ word: archive, access: creates ? 'write' : 'read' });
  return accesses;
}
