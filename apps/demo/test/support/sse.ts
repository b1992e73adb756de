import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';

/** Parses an AI SDK UI message stream (server-sent events) into its chunks. */
export function parseSse(body: string): UIMessageChunk[] {
  const chunks: UIMessageChunk[] = [];
  for (const event of body.split('\n\n')) {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length))
      .join('\n');
    if (data === '' || data === '[DONE]') continue;
    chunks.push(JSON.parse(data) as UIMessageChunk);
  }
  return chunks;
}

/** Posts a conversation to the chat route and returns the raw stream, its chunks and the assistant message. */
export async function chat(
  baseUrl: string,
  messages: UIMessage[],
): Promise<{
  status: number;
  contentType: string | null;
  raw: string;
  chunks: UIMessageChunk[];
  message: UIMessage;
}> {
  const res = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'test-chat', trigger: 'submit-message', messages }),
  });
  const raw = await res.text();
  const chunks = parseSse(raw);
  let message: UIMessage | undefined;
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  for await (const m of readUIMessageStream({ stream })) message = m;
  if (!message)
    throw new Error(`no assistant message in the stream (HTTP ${res.status}): ${raw.slice(0, 300)}`);
  return { status: res.status, contentType: res.headers.get('content-type'), raw, chunks, message };
}

/** A user message. */
export function userMessage(id: string, text: string): UIMessage {
  return { id, role: 'user', parts: [{ type: 'text', text }] };
}
