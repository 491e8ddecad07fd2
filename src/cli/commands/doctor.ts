// `bulwark doctor`: the posture of this repository and machine, scored, with the fixes.
import { resolve } from 'node:path';
import pc from 'picocolors';
import type { Environment } from '../../policy/locate';
import { runDoctor } from '../../setup/doctor';
import type { Check } from '../../setup/plan';

interface Options {
  json?: boolean;
  minScore?: number;
  cwd: string;
}

const MARK: Record<Check['status'], string> = {
  pass: pc.green('✓'),
  warn: pc.yellow('!'),
  fail: pc.red('✗'),
  skip: pc.dim('-'),
};

export async function doctorCommand(options: Options, environment: Environment): Promise<number> {
  const report = await runDoctor(resolve(options.cwd), environment);
  const below = options.minScore !== undefined && report.score < options.minScore;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ ...report, minScore: options.minScore ?? null, passed: !below }, null, 2)}\n`,
    );
    return below ? 1 : 0;
  }
  const out = [pc.bold(`bulwark doctor ${report.projectRoot}`), ''];
  let layer = '';
  for (const check of report.checks) {
    if (check.layer !== layer) {
      layer = check.layer;
      out.push(pc.bold(layer));
    }
    out.push(`  ${MARK[check.status]} ${check.title} ${pc.dim(`(${check.detail})`)}`);
    if (check.status === 'fail' || check.status === 'warn') {
      out.push(`      ${pc.dim('why:')} ${check.why}`);
      if (check.fix) out.push(`      ${pc.dim('fix:')} ${check.fix}`);
    }
  }
  out.push('', `${pc.bold('Score:')} ${report.score}/100`);
  if (below) out.push(pc.red(`below the minimum of ${options.minScore}`));
  process.stdout.write(`${out.join('\n')}\n`);
  return below ? 1 : 0;
}
