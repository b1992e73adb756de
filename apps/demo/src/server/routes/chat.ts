import type { IncomingMessage, ServerResponse } from 'node:http';
import { TripoToolCallError } from '@tripokit/ai-sdk';
import {
  convertToModelMessages,
  isStepCount,
  type LanguageModel,
  pipeUIMessageStreamToResponse,
  safeValidateUIMessages,
  streamText,
  type ToolSet,
  toUIMessageStream,
} from 'ai';
import { BodyError, readJsonBody } from './read-body.js';
import { sendError } from './respond.js';

/** What the chat route needs. */
export interface ChatRouteDeps {
  model: LanguageModel;
  tools: ToolSet;
  instructions: string;
  log: (line: string) => void;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Enough for rig → wait → animate → wait → save, with a few extra waits. */
const MAX_STEPS = 24;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/**
 * `POST /api/chat`: the AI SDK UI message protocol. Streams the model's text and the tools' live progress
 * (preliminary tool results) back as server-sent events. A closed connection aborts the model and the tools
 * (the Tripo tasks themselves go on).
 */
export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ChatRouteDeps,
): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 405, 'Use POST.');
    return;
  }
  // JSON only: a cross-site form or `text/plain` beacon cannot start paid work without a CORS preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendError(res, 415, 'Send the conversation as application/json.');
    return;
  }
  let body: unknown;
  try {
    body = await readJsonBody(req, MAX_BODY_BYTES);
  } catch (error) {
    sendError(res, error instanceof BodyError ? error.status : 400, describe(error));
    return;
  }
  const validated = await safeValidateUIMessages({
    messages: (body as { messages?: unknown } | null)?.messages,
  });
  if (!validated.success) {
    sendError(res, 400, `Invalid messages: ${validated.error.message}`);
    return;
  }

  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });

  const result = streamText({
    model: deps.model,
    instructions: deps.instructions,
    messages: await convertToModelMessages(validated.data, {
      tools: deps.tools,
      ignoreIncompleteToolCalls: true,
    }),
    tools: deps.tools,
    stopWhen: isStepCount(MAX_STEPS),
    abortSignal: controller.signal,
  });
  await pipeUIMessageStreamToResponse({
    response: res,
    stream: toUIMessageStream({
      stream: result.stream,
      tools: deps.tools,
      originalMessages: validated.data,
      // Failed tool calls reach the page as TripoKit's structured error (code, message, suggestion, task id),
      // key masked, so the failure card can show the advice apart from the message.
      redactToolErrors: true,
      onError: (error) => {
        if (error instanceof TripoToolCallError) {
          // A task that ended badly is a tool error that still carries the task's status (`result`).
          return JSON.stringify({ error: error.detail, ...(error.result ? { result: error.result } : {}) });
        }
        deps.log(`chat: ${describe(error)}`);
        return describe(error);
      },
    }),
  });
}
