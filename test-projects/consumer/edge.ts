// Type-checked with no Node types at all ("types": []), as in a Worker or Deno project: the client and the
// Fetch-API webhook adapter must not need @types/node.
import { createDashlyClient } from "@dashly/client";
import { type NodeRequest, parseWebhookRequest, WebhookError } from "@dashly/webhooks";

const dashly = createDashlyClient({ token: "t", baseUrl: "https://mock.invalid/v1" });

export async function onDelivery(request: Request): Promise<Response> {
  try {
    const delivery = await parseWebhookRequest(request, { token: "t" });
    if (delivery.type === "conversation" && delivery.part.direction === "u2a") {
      await dashly.POST("/conversations/{id}/reply", {
        params: { path: { id: delivery.part.conversation } },
        body: { body: "Thanks, we are on it", from_admin: "default_admin" },
      });
    }
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof WebhookError) return Response.json({ error: error.code }, { status: error.status });
    throw error;
  }
}

export type { NodeRequest };
