import { readBody, serve } from "./serve";

export interface ModelCall {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string }[];
  };
}

/**
 * A stand-in for an OpenAI-compatible server on loopback: it records each
 * call to `/v1/chat/completions` and streams `tokens` back as SSE chunks in
 * the OpenAI format. With `failWith`, it answers that status instead.
 */
export async function startFakeModel(tokens: string[], failWith?: number) {
  const calls: ModelCall[] = [];

  const served = await serve((req, res) => {
    void readBody(req).then((text) => {
      calls.push({
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body: JSON.parse(text) as ModelCall["body"],
      });
      if (req.url !== "/v1/chat/completions") {
        res.writeHead(404).end();

        return;
      }
      if (failWith) {
        res.writeHead(failWith, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "model is down" } }));

        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({
          id: "chatcmpl-test",
          object: "chat.completion.chunk",
          created: 1_700_000_000,
          model: calls.at(-1)?.body.model,
          choices: [{ index: 0, delta, finish_reason: finish }],
        })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }, null));
      for (const token of tokens) {
        res.write(chunk({ content: token }, null));
      }
      res.write(chunk({}, "stop"));
      res.end("data: [DONE]\n\n");
    });
  });

  return { ...served, calls };
}
