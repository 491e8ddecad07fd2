// The machine itself: privileges, persistence, disks, permissions, infrastructure and data,
// publishing, and the guard's own processes and settings.
import type { Decision } from '../../../core/decision';
import type { ShellCommand } from '../ir';
import { forProfile, type ShellJudgement, shown } from '../judgement';
import { classifyTarget, wordPath } from '../paths';
import { hasOption, operands } from '../programs';
import { type ShellRuleId, shellRules } from '../rule-book';

type Fire = (id: ShellRuleId, outcome: 'deny' | 'ask' | 'no-objection', detail: string) => Decision;

const PRIVILEGE = new Set([
  'sudo',
  'doas',
  'pkexec',
  'su',
  'runuser',
  'sudoedit',
  'machinectl',
  'chroot',
  'nsenter',
  'unshare',
]);
const DISK_TOOLS =
  /^(?:mkfs(?:\..+)?|mke2fs|mkswap|wipefs|fdisk|sfdisk|cfdisk|gdisk|sgdisk|parted|blkdiscard|diskutil|format)$/;
const PRELOAD = /^(?:LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|DYLD_INSERT_LIBRARIES|DYLD_LIBRARY_PATH)$/;
const GUARD_VARIABLES = /^(?:HUSKY|BULWARK_[A-Z_]+|SKIP_HOOKS?|LEFTHOOK|PRE_COMMIT_ALLOW_NO_CONFIG|SKIP)$/;

export function checkSystem(command: ShellCommand, j: ShellJudgement): Decision[] {
  const program = command.program;
  if (!program) return [];
  const texts = command.args.map((w) => w.text);
  const decisions: Decision[] = [];
  const fire: Fire = (id, outcome, detail) =>
    shellRules.fire(id, outcome, { command: shown(command), detail });
  const add = (decision: Decision | undefined) => {
    if (decision && decision.outcome !== 'no-objection') decisions.push(decision);
  };
  if (program === 'mount' && command.args.some((w) => !w.text.startsWith('-'))) {
    add(
      fire(
        'shell.privilege',
        forProfile(j, { standard: 'ask', strict: 'deny' }),
        'mount changes what the file system shows',
      ),
    );
  }
  if (PRIVILEGE.has(program)) {
    add(
      fire(
        'shell.privilege',
        forProfile(j, { standard: 'ask', strict: 'deny' }),
        `${program} runs the command as another user`,
      ),
    );
  }
  const assignments = [
    ...command.assignments.map((a) => a.name),
    ...(program === 'env' || program === 'export' ? texts.map((t) => t.split('=')[0] ?? '') : []),
  ];
  if (assignments.some((name) => PRELOAD.test(name)))
    add(fire('shell.preload', 'deny', 'it loads a library into every program it starts'));
  if (assignments.some((name) => GUARD_VARIABLES.test(name)))
    add(fire('shell.guard-tamper', 'deny', 'the variable turns off a security check'));
  add(disk(command, program, texts, fire, j));
  add(permissions(command, program, texts, fire, j));
  add(persistence(program, texts, fire));
  add(accounts(program, texts, fire));
  add(containers(program, texts, fire, j.context.home));
  add(infrastructure(command, program, texts, fire, j));
  add(guard(program, texts, fire));
  return decisions;
}

function disk(command: ShellCommand, program: string, texts: string[], fire: Fire, j: ShellJudgement) {
  if (DISK_TOOLS.test(program)) {
    if (program === 'diskutil' && !/^(?:erase|partition|zero|secureErase|reformat)/i.test(texts[0] ?? ''))
      return undefined;
    // Listing partitions changes nothing.
    if (
      hasOption(texts, '-l', '--list', '-d', '--dump') ||
      texts.includes('print') ||
      texts.includes('--help')
    ) {
      return undefined;
    }
    return fire('shell.disk-destroy', 'deny', `${program} erases or repartitions a disk`);
  }
  const deviceTarget = command.redirects.some(
    (r) =>
      (r.mode === 'write' || r.mode === 'append') &&
      /^\/dev\/(?:sd|nvme|hd|vd|xvd|disk|mmcblk|md|dm-|mapper)/.test(r.target.text),
  );
  const ddDevice =
    program === 'dd' && texts.some((t) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$)/.test(t));
  if (deviceTarget || ddDevice) return fire('shell.disk-destroy', 'deny', 'it writes over a disk device');
  if (program === 'shred' || program === 'srm') {
    return fire(
      'shell.disk-destroy',
      forProfile(j, { standard: 'ask' }),
      'shred destroys file contents beyond recovery',
    );
  }
  if (
    program === 'rsync' &&
    hasOption(
      texts,
      '--delete',
      '--delete-before',
      '--delete-after',
      '--delete-during',
      '--remove-source-files',
    )
  ) {
    const destination = command.args.filter((w) => !w.text.startsWith('-')).at(-1);
    const path = destination && wordPath(destination, command);
    if (path && ['critical', 'project-root'].includes(classifyTarget(path, j.context))) {
      return fire(
        'shell.disk-destroy',
        'deny',
        `rsync --delete empties ${path} of everything not in the source`,
      );
    }
  }
  return undefined;
}

function permissions(command: ShellCommand, program: string, texts: string[], fire: Fire, j: ShellJudgement) {
  if (program === 'chmod' && texts.some((t) => /^(?:[ugoa]*\+[rwxXt]*s|[2467][0-7]{3})$/.test(t))) {
    return fire('shell.setuid', 'deny', "a setuid or setgid bit runs the file with its owner's rights");
  }
  if (program === 'setcap')
    return fire('shell.setuid', 'deny', 'file capabilities give a program root powers');
  if (
    (program === 'chmod' || program === 'chown' || program === 'chgrp') &&
    hasOption(texts, '-R', '--recursive')
  ) {
    const targets = operands(texts)
      .slice(1)
      .map((i) => wordPath(command.args[i] as (typeof command.args)[number], command));
    const critical = targets.some(
      (path) =>
        path !== undefined &&
        ['critical', 'project-root'].includes(classifyTarget(path, j.context)) &&
        (program !== 'chown' || path !== j.context.projectRoot),
    );
    const worldWritable =
      program === 'chmod' &&
      texts.some((t) => /^(?:0?[0-7]?7[0-7]7|a\+w|o\+w|\+w)$/.test(t) || /^0?777$/.test(t));
    if (
      critical ||
      (worldWritable && targets.some((p) => p === undefined || classifyTarget(p, j.context) !== 'scratch'))
    ) {
      return fire(
        'shell.permissions-recursive',
        'deny',
        `${program} -R changes every file below ${targets.filter(Boolean).join(', ') || 'the target'}`,
      );
    }
  }
  return undefined;
}

function persistence(program: string, texts: string[], fire: Fire) {
  if (program === 'crontab' && !texts.includes('-l') && texts.length > 0) {
    return fire('shell.scheduled-task', 'deny', 'crontab installs or removes scheduled commands');
  }
  if (
    program === 'systemctl' &&
    texts.some((t) =>
      ['enable', 'link', 'edit', 'set-default', 'mask', 'preset', 'revert', 'add-wants'].includes(t),
    )
  ) {
    return fire('shell.scheduled-task', 'deny', 'it makes a service start on its own');
  }
  if (program === 'launchctl' && texts.some((t) => ['load', 'bootstrap', 'submit', 'enable'].includes(t))) {
    return fire('shell.scheduled-task', 'deny', 'it makes a launch agent start on its own');
  }
  if (
    (program === 'schtasks' && texts.some((t) => /^\/create$/i.test(t))) ||
    // Unquoted, bash removes the backslashes: `HKCU\Software\...\Run` reaches reg as `HKCUSoftware...Run`.
    (program === 'reg' &&
      /^add$/i.test(texts[0] ?? '') &&
      texts.some((t) => /CurrentVersion\\?Run(?:Once)?\b/i.test(t)))
  ) {
    return fire('shell.scheduled-task', 'deny', 'it makes a program start at every logon');
  }
  // `at -l`, `-c`, `-r`, `-d` list, show or remove jobs.
  if ((program === 'at' && !texts.some((t) => /^-[lcrd]$/.test(t))) || program === 'batch')
    return fire('shell.scheduled-task', 'ask', `${program} schedules a command for later`);
  return undefined;
}

function accounts(program: string, texts: string[], fire: Fire) {
  if (
    [
      'visudo',
      'useradd',
      'adduser',
      'userdel',
      'deluser',
      'passwd',
      'chpasswd',
      'groupadd',
      'gpasswd',
      'dscl',
    ].includes(program)
  ) {
    return fire(
      'shell.account-admin',
      'deny',
      `${program} changes the machine's accounts or who may use sudo`,
    );
  }
  if (program === 'usermod' && texts.some((t) => /^-[a-zA-Z]*[GgaLUp]/.test(t))) {
    return fire('shell.account-admin', 'deny', 'usermod changes groups or credentials of an account');
  }
  return undefined;
}

function containers(program: string, texts: string[], fire: Fire, home: string) {
  if (program !== 'docker' && program !== 'podman') return undefined;
  if (texts[0] !== 'run' && texts[0] !== 'create' && texts[0] !== 'exec') return undefined;
  // `-v ~:/h`: the whole home directory (keys, shell start-up files) inside the container.
  const homeMount = texts.some((t, i) => {
    const spec =
      texts[i - 1] === '-v' || texts[i - 1] === '--volume' ? t : t.replace(/^(?:--volume=|-v)/, '');
    return spec !== t || texts[i - 1] === '-v' || texts[i - 1] === '--volume'
      ? spec.split(':')[0]?.replace(/\/+$/, '') === home
      : false;
  });
  const hostMount =
    homeMount ||
    texts.some(
      (t, i) =>
        (texts[i - 1] === '-v' ||
          texts[i - 1] === '--volume' ||
          t.startsWith('--volume=') ||
          t.startsWith('-v')) &&
        /^(?:--volume=|-v)?\/(?::|$)|^(?:--volume=|-v)?\/(?:etc|root|var\/run\/docker\.sock|home)(?:[:/]|$)/.test(
          t,
        ),
    );
  if (
    hasOption(texts, '--privileged') ||
    texts.some((t) => /^--pid=host$|^--cap-add=(?:ALL|SYS_ADMIN)$/.test(t)) ||
    hostMount
  ) {
    return fire(
      'shell.container-escape',
      'deny',
      "the container gets the host's file system or full privileges",
    );
  }
  return undefined;
}

const SQL_DESTROY =
  /\b(?:drop\s+(?:table|database|schema|index|view|user)|truncate\s+(?:table\s+)?\w|delete\s+from\s+[\w."`]+\s*(?:;|$)|dropDatabase\s*\(|\.drop\s*\(|flushall|flushdb)/i;

function infrastructure(
  command: ShellCommand,
  program: string,
  texts: string[],
  fire: Fire,
  j: ShellJudgement,
) {
  const sub = texts.filter((t) => !t.startsWith('-'));
  const joined = sub.join(' ');
  const ask = forProfile(j, { standard: 'ask', strict: 'deny' });
  if (
    (program === 'terraform' || program === 'tofu' || program === 'terragrunt') &&
    (sub[0] === 'destroy' ||
      (sub[0] === 'apply' && hasOption(texts, '-auto-approve', '--auto-approve', '-destroy')))
  ) {
    return fire(
      'shell.infra-destroy',
      ask,
      `${program} ${sub[0]} changes real infrastructure without review`,
    );
  }
  if ((program === 'pulumi' && sub[0] === 'destroy') || (program === 'cdk' && sub[0] === 'destroy'))
    return fire('shell.infra-destroy', ask, `${program} destroy removes a whole stack`);
  if ((program === 'kubectl' || program === 'oc') && ['delete', 'drain', 'replace'].includes(sub[0] ?? ''))
    return fire('shell.infra-destroy', ask, `kubectl ${sub[0]} removes cluster resources`);
  if (program === 'helm' && ['uninstall', 'delete', 'rollback'].includes(sub[0] ?? ''))
    return fire('shell.infra-destroy', ask, `helm ${sub[0]} removes a release`);
  if (
    (program === 'docker' || program === 'podman') &&
    (/(?:^| )(?:system|volume|image|container|network|builder) prune/.test(joined) ||
      ((sub[0] === 'rm' || sub[0] === 'rmi') &&
        hasOption(texts, '-f', '--force') &&
        command.args.some((w) => !w.literal)))
  ) {
    return fire('shell.infra-destroy', ask, 'it deletes containers, images or volumes in bulk');
  }
  const cloudDelete =
    (program === 'aws' &&
      (/^(?:delete|terminate|remove|deregister|purge)-/.test(sub[1] ?? '') ||
        (sub[0] === 's3' && (sub[1] === 'rb' || (sub[1] === 'rm' && hasOption(texts, '--recursive')))))) ||
    ((program === 'gcloud' ||
      program === 'az' ||
      program === 'doctl' ||
      program === 'flyctl' ||
      program === 'heroku') &&
      sub.some((t) => t === 'delete' || t === 'destroy' || t === 'apps:destroy'));
  if (cloudDelete) return fire('shell.infra-destroy', ask, `${program} deletes cloud resources`);
  if (
    [
      'psql',
      'mysql',
      'mariadb',
      'sqlite3',
      'sqlcmd',
      'mongo',
      'mongosh',
      'redis-cli',
      'cqlsh',
      'clickhouse-client',
      'duckdb',
    ].includes(program)
  ) {
    const statements = [...texts, ...(command.stdin?.kind === 'text' ? [command.stdin.text] : [])]
      .join('\n')
      .slice(0, 64 * 1024);
    if (
      SQL_DESTROY.test(statements) &&
      !/\bwhere\b/i.test(statements.replace(/drop\s+(?:table|database)[^;]*/gi, ''))
    ) {
      return fire('shell.database-destroy', ask, 'it drops, truncates or empties data');
    }
    if (SQL_DESTROY.test(statements))
      return fire('shell.database-destroy', ask, 'it drops or truncates data');
  }
  const publishes =
    ((program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun') &&
      ['publish', 'unpublish', 'deprecate'].includes(sub[0] ?? '')) ||
    (program === 'cargo' && (sub[0] === 'publish' || sub[0] === 'yank')) ||
    (program === 'gem' && (sub[0] === 'push' || sub[0] === 'yank')) ||
    (program === 'twine' && sub[0] === 'upload') ||
    (program === 'poetry' && sub[0] === 'publish') ||
    (program === 'uv' && sub[0] === 'publish') ||
    (program === 'gh' &&
      ((sub[0] === 'repo' && ['delete', 'archive', 'edit'].includes(sub[1] ?? '')) ||
        (sub[0] === 'release' && ['delete', 'create'].includes(sub[1] ?? '')) ||
        (sub[0] === 'secret' && sub[1] === 'delete')));
  if (publishes && !hasOption(texts, '--dry-run'))
    return fire('shell.publish', ask, 'it publishes or deletes something other people depend on');
  if (
    ['pip', 'pip3', 'uv', 'pipx', 'npm', 'pnpm', 'yarn', 'bun', 'cargo', 'gem', 'go'].includes(program) &&
    ['install', 'add', 'i', 'get'].includes(sub[0] ?? '') &&
    texts.some((t) => /^(?:git\+|https?:\/\/|github:|git:\/\/)/.test(t) || t === '--git')
  ) {
    return fire('shell.install-from-url', ask, "it installs code from a URL, outside the registry's checks");
  }
  return undefined;
}

const GUARD_PROCESSES = /^(?:bulwark|claude|node)$/;

function guard(program: string, texts: string[], fire: Fire) {
  if (program === 'bulwark' && ['uninstall', 'disable'].includes(texts[0] ?? ''))
    return fire('shell.guard-tamper', 'deny', `bulwark ${texts[0]} removes the guard`);
  // The user's approvals become allow rules only when the user says so, never the agent.
  if (program === 'bulwark' && texts[0] === 'suggest' && texts.includes('--apply'))
    return fire(
      'shell.guard-tamper',
      'deny',
      'bulwark suggest --apply writes allow rules into the user policy',
    );
  if (
    (program === 'pkill' || program === 'killall') &&
    texts.some((t) => /bulwark/i.test(t) || (GUARD_PROCESSES.test(t) && t !== 'node'))
  ) {
    return fire('shell.guard-tamper', 'deny', "it stops the guard or the agent's own process");
  }
  if (
    (program === 'npm' || program === 'pnpm' || program === 'yarn') &&
    ['uninstall', 'remove', 'rm', 'un'].includes(texts[0] ?? '') &&
    texts.includes('bulwark')
  ) {
    return fire('shell.guard-tamper', 'deny', 'it removes the guard');
  }
  return undefined;
}
