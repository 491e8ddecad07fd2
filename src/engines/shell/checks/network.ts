// Data leaving the machine (uploads, raw sockets, copies to remote hosts, data hidden in an
// address) and code arriving to be run (download and execute).
import type { Decision } from '../../../core/decision';
import { nameMatches } from '../../../core/glob';
import { judgeUrl } from '../../net/evaluate';
import { CURL_DATA_OPTIONS, fileAccesses } from '../access';
import type { ShellCommand, Uncertainty } from '../ir';
import { type ShellJudgement, shown } from '../judgement';
import { hasOption } from '../programs';
import { shellRules } from '../rule-book';
import { gitInvocation } from './git';

const FETCHERS = new Set([
  'curl',
  'wget',
  'http',
  'https',
  'xh',
  'curlie',
  'aria2c',
  'fetch',
  'lwp-request',
  'GET',
]);
const SOCKETS = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet', 'cryptcat', 'pwncat']);
const LOOKUPS = new Set(['dig', 'nslookup', 'host', 'ping', 'ping6', 'traceroute', 'drill', 'whois']);
const REMOTE_COPY = new Set(['scp', 'rsync', 'sftp', 'rclone']);
const UPLOAD_FLAGS = [
  ...CURL_DATA_OPTIONS,
  '-T',
  '--upload-file',
  '--post-file',
  '--post-data',
  '--body-file',
  '--body-data',
];
const METHOD_FLAGS = ['-X', '--request', '--method'];

function isFetcher(command: ShellCommand): boolean {
  return command.program !== undefined && FETCHERS.has(command.program);
}

function urls(command: ShellCommand) {
  return command.args.filter(
    (w) => /^(?:https?|ftp|wss?):\/\//i.test(w.text) || /^[\w.-]+\.[a-z]{2,}(?:[:/]|$)/i.test(w.text),
  );
}

function hostOf(text: string): string | undefined {
  const match = /^(?:[a-z][\w+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]+)/i.exec(text);
  return match?.[1]?.toLowerCase();
}

function allowed(host: string | undefined, j: ShellJudgement): boolean {
  if (!host) return false;
  return j.policy.net.allowDomains.some(
    (entry) =>
      nameMatches(entry.value, host) ||
      host.endsWith(`.${entry.value.replace(/^\*\./, '')}`) ||
      host === entry.value,
  );
}

export function checkNetwork(command: ShellCommand, j: ShellJudgement): Decision[] {
  const program = command.program;
  if (!program) return [];
  const decisions: Decision[] = [];
  const texts = command.args.map((w) => w.text);
  const fire = (id: Parameters<typeof shellRules.fire>[0], outcome: 'deny' | 'ask', detail: string) =>
    shellRules.fire(id, outcome, { command: shown(command), detail });
  for (const redirect of command.redirects) {
    if (/^\/dev\/(?:tcp|udp)\//.test(redirect.target.text))
      decisions.push(fire('shell.reverse-shell', 'deny', `it opens ${redirect.target.text}`));
  }
  if (FETCHERS.has(program)) {
    for (const url of urls(command)) {
      const decision = judgeUrl(url.text.includes('://') ? url.text : `https://${url.text}`, j.policy);
      if (
        decision.ruleId === 'net.metadata' ||
        decision.ruleId === 'net.deny-domain' ||
        decision.ruleId === 'net.scheme'
      )
        decisions.push(decision);
      if (!url.literal)
        decisions.push(
          fire(
            'shell.data-in-address',
            'ask',
            'the address is built when the command runs, so it can carry data out',
          ),
        );
    }
    const uploads =
      hasOption(texts, ...UPLOAD_FLAGS) ||
      command.redirects.some((r) => r.mode === 'read') ||
      (command.stdin?.kind === 'pipe' && (texts.includes('@-') || texts.some((t) => t.endsWith('@-'))));
    // `@-` sends stdin: a pipe's or a file's content counts, text written out in a here-doc does not.
    const literalStdin = command.stdin?.kind === 'text' && command.stdin.literal;
    const sendsFile =
      fileAccesses(command).some((a) => a.access === 'read') ||
      (!literalStdin && texts.some((t) => t === '@-' || t.endsWith('=@-')));
    const host = urls(command).map((u) => hostOf(u.text))[0];
    // `curl -H "Authorization: Bearer $TOKEN" https://host`: the credential goes to that host.
    const secretVars = command.args.flatMap((w) => w.secretVars ?? []);
    if (secretVars.length && !allowed(host, j)) {
      decisions.push(
        fire(
          'shell.upload',
          'ask',
          `it sends $${secretVars[0]} to ${host ?? 'a host only known when it runs'}, which is not on the policy's net.allowDomains`,
        ),
      );
    }
    if (uploads && (sendsFile || hasOption(texts, ...METHOD_FLAGS)) && !allowed(host, j)) {
      decisions.push(
        fire(
          'shell.upload',
          'deny',
          `it sends data to ${host ?? 'a host only known when it runs'}, which is not on the policy's net.allowDomains`,
        ),
      );
    }
  }
  if (SOCKETS.has(program)) {
    const exec =
      hasOption(texts, '-e', '-c', '--exec', '--sh-exec', '--lua-exec') ||
      texts.some((t) => /^(?:exec|system):/i.test(t));
    const fed = command.redirects.some((r) => r.mode === 'read') || command.stdin !== undefined;
    if (exec) decisions.push(fire('shell.reverse-shell', 'deny', 'it connects a shell to the network'));
    else
      decisions.push(
        fire(
          'shell.raw-socket',
          fed ? 'deny' : 'ask',
          fed ? 'it sends data over a raw connection' : 'it opens a raw network connection',
        ),
      );
  }
  if (LOOKUPS.has(program) && command.args.some((w) => !w.literal && !w.text.startsWith('-'))) {
    decisions.push(
      fire(
        'shell.data-in-address',
        'deny',
        'the name looked up is built when the command runs: a DNS lookup can carry data out',
      ),
    );
  }
  if (REMOTE_COPY.has(program)) {
    const operands = command.args.filter((w) => !w.text.startsWith('-'));
    const destination = operands.at(-1);
    if (destination && /^[^/]*:/.test(destination.text) && !/^[a-z]:\\/i.test(destination.text)) {
      decisions.push(
        fire('shell.remote-copy', 'ask', `it copies files to ${destination.text.split(':')[0]}`),
      );
    }
  }
  if (program === 'git') {
    const { subcommand, args } = gitInvocation(command);
    const remoteUrl =
      subcommand === 'remote' && (args[0] === 'add' || args[0] === 'set-url')
        ? args.filter((a) => !a.startsWith('-')).at(-1)
        : undefined;
    const pushUrl =
      subcommand === 'push' ? args.find((a) => /^(?:\w+:\/\/|[^/\s]+@[^:\s]+:)/.test(a)) : undefined;
    const url = remoteUrl ?? pushUrl;
    if (url && !allowed(hostOf(url.replace(/^[^@/]+@([^:]+):/, 'ssh://$1/')), j)) {
      decisions.push(
        fire('shell.git-unknown-remote', 'ask', `${url} is not on the policy's net.allowDomains`),
      );
    }
  }
  if (
    (program === 'aws' &&
      texts[0] === 's3' &&
      ['cp', 'sync', 'mv'].includes(texts[1] ?? '') &&
      texts.slice(2).some((t) => t.startsWith('s3://')) &&
      !texts[2]?.startsWith('s3://')) ||
    (program === 'gsutil' && texts.includes('cp') && texts.at(-1)?.startsWith('gs://'))
  ) {
    decisions.push(fire('shell.remote-copy', 'ask', 'it uploads local files to a storage bucket'));
  }
  return decisions;
}

/** Code bulwark cannot see, run by a shell or interpreter: downloaded code is denied. */
export function checkUnknownCode(
  uncertainty: Extract<Uncertainty, { kind: 'unknown-code' }>,
  j: ShellJudgement,
): Decision {
  const runner = shown(uncertainty.runner);
  const downloaded = [...uncertainty.producers, ...j.line.commands].some(isFetcher);
  if (downloaded) {
    return shellRules.fire('shell.download-execute', 'deny', { command: runner });
  }
  const source = uncertainty.producers.length
    ? uncertainty.producers.map(shown).join(' | ')
    : 'code it builds or reads only when it runs';
  return shellRules.fire('shell.unknown-code', j.profile === 'strict' ? 'deny' : 'ask', {
    command: runner,
    source,
  });
}
