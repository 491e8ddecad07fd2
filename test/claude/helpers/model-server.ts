// A stand-in for the Messages API on 127.0.0.1: it plays a model that makes the scripted tool
// calls, one per turn, then answers with text. Every request is recorded, so a test sees exactly
// what Claude Code sent back: the tool_result of each call, or the prompt itself.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface ModelServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const FINAL_TEXT = 'Finished.';

type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

interface MessagesRequest {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: Array<{ role: string }>;
}

export function toolUseId(turn: number): string {
  return `toolu_bulwark_${turn + 1}`;
}

/**
 * The main loop's requests carry the tools; side requests (titles, summaries of fetched pages) do
 * not, and get text. The turn is the number of assistant messages so far, so a call that was
 * denied is not repeated.
 */
function reply(request: MessagesRequest, calls: readonly ToolCall[]): ContentBlock[] {
  const turn = (request.messages ?? []).filter((message) => message.role === 'assistant').length;
  const call = request.tools?.length ? calls[turn] : undefined;
  if (!call) return [{ type: 'text', text: FINAL_TEXT }];
  return [{ type: 'tool_use', id: toolUseId(turn), name: call.name, input: call.input }];
}

function messageFor(request: MessagesRequest, content: ContentBlock[], serial: number) {
  return {
    id: `msg_bulwark_${serial}`,
    type: 'message',
    role: 'assistant',
    model: request.model ?? 'claude-test',
    content,
    stop_reason: content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

/** The same message as the server-sent events of a streaming response. */
function streamMessage(response: ServerResponse, message: ReturnType<typeof messageFor>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (type: string, data: object) =>
    response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', { message: { ...message, content: [], stop_reason: null } });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { ...block, input: {} } });
      const json = JSON.stringify(block.input);
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: 5 },
  });
  send('message_stop', {});
  response.end();
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', fail);
  });
}

function listen(server: ReturnType<typeof createServer> | ReturnType<typeof createTcpServer>) {
  return new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port));
  });
}

function closer(server: ReturnType<typeof createServer> | ReturnType<typeof createTcpServer>) {
  return () =>
    new Promise<void>((done) => {
      server.close(() => done());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
}

export async function startModelServer(calls: readonly ToolCall[]): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (request, response) => {
    const text = await readBody(request);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Recorded as text: a test may want to see what was not JSON.
    }
    const path = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', path, body });
    if (request.method === 'POST' && path.startsWith('/v1/messages/count_tokens')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ input_tokens: 10 }));
      return;
    }
    if (request.method !== 'POST' || !path.startsWith('/v1/messages') || typeof body !== 'object') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: path } }));
      return;
    }
    const messagesRequest = body as MessagesRequest;
    const message = messageFor(messagesRequest, reply(messagesRequest, calls), requests.length);
    if (messagesRequest.stream) {
      streamMessage(response, message);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(message));
    }
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, requests, close: closer(server) };
}

/** A port that only counts connections: whatever a tool sends it (HTTP, or TLS after an upgrade). */
export interface Trap {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

export async function startTrap(): Promise<Trap> {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, connections: () => connections, close: closer(server) };
}
