// The machine's other defences: agent guards like bulwark, endpoint agents, audit, the firewall,
// mandatory access control. Switching one off is what an attacker does first (MITRE ATT&CK
// T1562, Impair Defenses); an agent has no need to. bulwark's own switches are guard-tamper.
import type { Decision } from '../../../core/decision';
import type { ShellCommand } from '../ir';
import { forProfile, type ShellJudgement, shown } from '../judgement';
import { operands } from '../programs';
import { shellRules } from '../rule-book';

/** Processes and services of security tools, as `kill`, `systemctl` and `launchctl` name them. */
const SECURITY_TOOLS =
  /(?:^|[/.\s-])(?:rampart|dcg|cc-safety-net|safety-net|vibesafu|falcon-sensor|falcond|crowdstrike|osqueryd?|auditd|falco|tetragon|clamd|clamav-daemon|freshclam|wazuh-agent|ossec|sysmon|fail2ban|apparmor|firewalld|ufw|santad?|sentineld?|sentinelone|cbagentd|elastic-agent|velociraptor|mdatp|wdavdaemon|littlesnitch|lulu|blockblock)(?:$|[\s.@-])/i;
/** Other guards' command-line switches that stop them or loosen their policy. */
const GUARD_CLIS = new Set(['rampart', 'dcg', 'cc-safety-net', 'vibesafu']);
const LOOSENING = new Set(['allow', 'disable', 'off', 'pause', 'stop', 'uninstall', 'bypass', 'trust']);
/** Variables other guards read to switch themselves off (RAMPART_MODE=disabled, DCG_BYPASS=1). */
const GUARD_VARIABLE = /^(?:RAMPART|DCG|SAFETY_NET|CC_SAFETY_NET|VIBESAFU)_[A-Z_]+$/;
/** systemctl, service and kill options that take a value (`systemctl -H host stop x`). */
const SERVICE_VALUED = [
  '-H',
  '--host',
  '-M',
  '--machine',
  '-s',
  '--signal',
  '-u',
  '-U',
  '-t',
  '--type',
  '-p',
  '--property',
  '--kill-whom',
];
const OFF_VALUE = /^(?:0|false|no|off|disabled?|bypass|permissive|monitor|audit|allow)$/i;

export function checkDefenses(command: ShellCommand, j: ShellJudgement): Decision[] {
  const detail = weakened(command);
  if (!detail) return [];
  const outcome = forProfile(j, { standard: 'ask', strict: 'deny' });
  return [shellRules.fire('shell.impair-defenses', outcome, { command: shown(command), detail })];
}

function weakened(command: ShellCommand): string | undefined {
  const program = command.program ?? '';
  const texts = command.args.map((w) => w.text);
  const assignments = [
    ...command.assignments.map((a) => [a.name, a.value.text]),
    ...(['env', 'export', 'declare', 'typeset'].includes(program) ? texts.map((t) => t.split('=', 2)) : []),
  ];
  const offSwitch = assignments.find(
    ([name = '', value]) =>
      GUARD_VARIABLE.test(name) &&
      value !== undefined &&
      (/BYPASS|DISABLE|SKIP/.test(name) || OFF_VALUE.test(value)),
  );
  if (offSwitch) return `${offSwitch.join('=')} switches a guard off`;
  const named = operands(texts, SERVICE_VALUED).map((i) => texts[i] as string);
  const sub = named[0] ?? '';
  switch (program) {
    case 'kill':
    case 'pkill':
    case 'killall':
      return named.some((t) => SECURITY_TOOLS.test(t)) ? 'it stops a security tool' : undefined;
    case 'systemctl':
    case 'service':
    case 'launchctl': {
      const stopping = /^(?:stop|disable|mask|kill|unload|bootout|remove)$/.test(
        program === 'service' ? (named[1] ?? '') : sub,
      );
      return stopping && named.some((t) => SECURITY_TOOLS.test(t))
        ? 'it stops a security service'
        : undefined;
    }
    case 'setenforce':
      return /^(?:0|permissive)$/i.test(sub) ? 'it switches SELinux to permissive' : undefined;
    case 'ufw':
      return sub === 'disable' ? 'it turns the firewall off' : undefined;
    case 'iptables':
    case 'ip6tables':
      return texts.some((t) => t === '-F' || t === '--flush') ? 'it removes every firewall rule' : undefined;
    case 'nft':
      return sub === 'flush' ? 'it removes every firewall rule' : undefined;
    case 'auditctl':
      return texts.includes('-D') || (texts.includes('-e') && texts[texts.indexOf('-e') + 1] === '0')
        ? 'it turns system auditing off'
        : undefined;
    case 'spctl':
      return texts.some((t) => /^--(?:master-disable|global-disable|disable)$/.test(t))
        ? 'it turns Gatekeeper off'
        : undefined;
    case 'csrutil':
      return sub === 'disable' ? 'it turns System Integrity Protection off' : undefined;
  }
  if (GUARD_CLIS.has(program) && (LOOSENING.has(sub) || LOOSENING.has(named[1] ?? ''))) {
    return `${program} ${named.slice(0, 2).join(' ')} loosens or stops another agent guard`;
  }
  return undefined;
}
