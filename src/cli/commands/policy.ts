// `bulwark policy show` and `bulwark policy check`.
import { resolve } from 'node:path';
import pc from 'picocolors';
import { judgeContext, prepare } from '../../adapters/claude-code/setup';
import { Deadline } from '../../core/deadline';
import { err } from '../../core/errors';
import { builtInProtections } from '../../engines/files/patterns';
import type { LayerInput } from '../../policy/compile';
import { compileLayers, readLayers } from '../../policy/load';
import { type Environment, findProjectRoot, policyLocations } from '../../policy/locate';
import { formatIssue, type PolicyIssue } from '../../policy/types';
import { renderPolicy } from '../../reporters/policy';

interface Options {
  json?: boolean;
  cwd: string;
}

export async function policyShow(options: Options, environment: Environment): Promise<number> {
  const cwd = resolve(options.cwd);
  const prepared = await prepare(cwd, environment);
  const { selfPaths } = judgeContext(cwd, prepared, environment, Deadline.unlimited());
  const { writes, reads } = builtInProtections(selfPaths);
  const builtIn = {
    writeProtected: writes.map(([path, tail]) => `${path}${tail ?? ''}`),
    readDenied: reads.map(([path, tail]) => `${path}${tail ?? ''}`),
  };
  const { policy, projectRoot } = prepared;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ project: projectRoot, policy, builtIn }, null, 2)}\n`);
  } else {
    process.stdout.write(renderPolicy(policy, projectRoot, builtIn));
  }
  return 0;
}

export async function policyCheck(options: Options, environment: Environment): Promise<number> {
  const projectRoot = findProjectRoot(resolve(options.cwd));
  const locations = policyLocations(environment, projectRoot);
  const read = readLayers(locations);
  const unreadable = read.filter((entry): entry is PolicyIssue => 'problem' in entry);
  const result = unreadable.length ? err(unreadable) : await compileLayers(read as LayerInput[]);
  const layers = locations.map((location, i) => {
    const entry = read[i];
    const state =
      !entry || 'problem' in entry ? 'unreadable' : entry.text === undefined ? 'absent' : 'loaded';
    return { layer: location.layer, file: location.file, state };
  });
  if (options.json) {
    const issues = result.ok ? [] : result.error;
    process.stdout.write(`${JSON.stringify({ valid: result.ok, issues, layers }, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    for (const issue of result.error) process.stdout.write(`${formatIssue(issue)}\n`);
    process.stderr.write(
      `${pc.red(`${result.error.length} problem${result.error.length === 1 ? '' : 's'}`)}: until they are fixed the hook denies every tool call.\n`,
    );
    return 1;
  }
  const summary = layers.map((layer) => `${layer.layer} ${layer.state}`).join(', ');
  process.stdout.write(`${pc.green('policy valid')}: profile ${result.value.profile.value}; ${summary}\n`);
  for (const note of result.value.notes) process.stdout.write(`note: ${note}\n`);
  return 0;
}
