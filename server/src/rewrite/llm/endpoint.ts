// Talks to an OpenAI-compatible chat completions endpoint (`POST {endpoint}/chat/completions`). Used only
// when the user has set cudaLens.llm.endpoint; nothing is sent otherwise. The API key, when there is one,
// comes from the client's SecretStorage with each request and is never stored by the server.
export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

export interface EndpointOptions { endpoint: string; model: string; apiKey?: string; timeoutMs?: number }

export async function complete(messages: ChatMessage[], opts: EndpointOptions): Promise<string> {
  const url = `${opts.endpoint.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: opts.model, messages, temperature: 0 }),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 120000),
  });
  if (!response.ok) throw new Error(`the endpoint answered ${response.status} ${response.statusText}`);
  const body = (await response.json()) as { choices?: { message?: { content?: string } }[] };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error('the endpoint returned no message content');
  return content;
}
