// The policy file format. Strict objects everywhere: an unknown key is an error, never ignored.
import { z } from 'zod';

const verdict = z.enum(['deny', 'ask', 'none']);
const patterns = z.array(z.string().min(1).max(1024));
const domains = z.array(z.string().min(1).max(253));
const toolPattern = z.string().min(1).max(256);
/** `git push`, `npm run test:*`: words of a command, as Claude Code's Bash(...) rules write them. */
const commandPattern = z.string().trim().min(1).max(512);

export const policyFileSchema = z.strictObject({
  profile: z.enum(['strict', 'standard', 'relaxed']).optional(),
  locked: z.boolean().optional(),
  files: z
    .strictObject({
      secretFiles: patterns.optional(),
      secretFileExceptions: patterns.optional(),
      persistenceFiles: patterns.optional(),
      protectedFiles: patterns.optional(),
      secretFileWrites: verdict.optional(),
      outsideProjectWrites: verdict.optional(),
      outsideProjectReads: verdict.optional(),
      additionalDirectories: patterns.optional(),
    })
    .optional(),
  net: z
    .strictObject({
      denyDomains: domains.optional(),
      allowDomains: domains.optional(),
      privateAddresses: verdict.optional(),
      unknownDomains: verdict.optional(),
      webSearch: verdict.optional(),
    })
    .optional(),
  tools: z
    .strictObject({
      deny: z.array(toolPattern).optional(),
      ask: z.array(toolPattern).optional(),
      unknown: verdict.optional(),
    })
    .optional(),
  shell: z
    .strictObject({
      rules: z
        .array(
          z.strictObject({
            command: commandPattern,
            args: z.array(z.string().min(1).max(256)).optional(),
            action: z.enum(['deny', 'ask']),
            reason: z.string().min(1).max(500).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  allow: z
    .array(
      z.strictObject({
        tool: toolPattern,
        paths: patterns.optional(),
        domains: domains.optional(),
        commands: z.array(commandPattern).optional(),
      }),
    )
    .optional(),
  secrets: z
    .strictObject({
      allow: z
        .array(
          z.strictObject({
            rule: z.string().regex(/^secrets\.[a-z0-9-]+$/, 'a secret rule id such as secrets.github-token'),
            paths: patterns.optional(),
            values: z.array(z.string().min(1).max(200)).optional(),
            reason: z.string().trim().min(3).max(500),
          }),
        )
        .optional(),
      maxFileBytes: z
        .number()
        .int()
        .min(1024)
        .max(1024 * 1024 * 1024)
        .optional(),
    })
    .optional(),
  hook: z.strictObject({ budgetMs: z.number().int().min(100).max(60_000).optional() }).optional(),
  audit: z
    .strictObject({
      enabled: z.boolean().optional(),
      dir: z.string().min(1).optional(),
      maxFileBytes: z.number().int().min(4096).optional(),
    })
    .optional(),
});

/** Built-in profiles may extend another profile; user files may not. */
export const profileFileSchema = policyFileSchema.extend({
  extends: z.enum(['strict', 'standard', 'relaxed']).optional(),
});

/** The keys a schema node accepts, for "known keys" in error messages. */
export function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let node: z.ZodType | undefined = schema;
  for (const step of [...path, undefined]) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodDefault) {
      node = node.unwrap() as z.ZodType;
    }
    if (step === undefined) break;
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(step)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}
