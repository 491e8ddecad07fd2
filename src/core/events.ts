// Agent-neutral events: an adapter turns one agent's hook protocol into these, so engines never
// see a hook's field names.

export type AgentEvent =
  | { kind: 'shell'; command: string; dialect: 'bash' | 'powershell' }
  | { kind: 'file-read'; path: string }
  /**
   * `replace` writes given content (Write); `edit` changes a file in place. `content` is the text
   * written (Write's content, the new strings of an edit), `replaced` what an edit removes.
   */
  | { kind: 'file-write'; path: string; mode: 'replace' | 'edit'; content?: string; replaced?: string }
  /** Grep reads contents, Glob lists names. `include` is Grep's file filter. */
  | { kind: 'file-search'; root?: string; pattern: string; reads: 'contents' | 'names'; include?: string }
  | { kind: 'fetch'; url: string }
  | { kind: 'web-search'; query: string; domains: string[] }
  | { kind: 'mcp'; server: string; input: unknown }
  | { kind: 'prompt'; text: string }
  /** What a tool returned, in the tool's own shape (a string, an object, MCP content blocks). */
  | { kind: 'tool-output'; response: unknown }
  /** A tool of the agent's own with no security relevance (todo lists, questions to the user). */
  | { kind: 'internal' }
  /** A tool bulwark knows nothing about: the policy's `tools.unknown` applies. */
  | { kind: 'unknown-tool' };

export interface ToolCall {
  /** The agent's name for the tool (`Read`, `mcp__github__create_issue`), used by policy patterns. */
  tool: string;
  event: AgentEvent;
}
