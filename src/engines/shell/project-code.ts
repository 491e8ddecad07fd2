/** Code a command runs from the project's own files, or `unknown` when bulwark cannot read it. */
export type ProjectCode = { cwd: string; source: string; code: string } | { unknown: string };
