// Type-checked with moduleResolution node16 and bundler: the published types must serve both.
import { createDashlyClient, type DashlyClient, DashlyValidationError, type PageItem } from "@dashly/client";
import { type RunningMock, startMock } from "@dashly/mock";
import spec, { type DashlyPath } from "@dashly/openapi";
import { type ChatWebhookPart, parseWebhook } from "@dashly/webhooks";

export async function firstConversationTitle(mock: RunningMock): Promise<string> {
  const dashly: DashlyClient = createDashlyClient({ token: "t", baseUrl: mock.url, fetch: mock.fetch });
  const { data } = await dashly.GET("/conversations/{id}", { params: { path: { id: "1" } } });
  const id: string = data.id;
  const parts: Array<PageItem<"/conversations/{id}/parts">> = await dashly
    .paginate("/conversations/{id}/parts", { params: { path: { id } } })
    .toArray({ limit: 5 });
  // @ts-expect-error: the spec has no such path
  void dashly.GET("/no/such/path");
  return `${id}: ${parts.length} parts`;
}

export function bodyOf(raw: string): string | undefined {
  const delivery = parseWebhook(raw, { token: "t" });
  const part: ChatWebhookPart | undefined = delivery.type === "conversation" ? delivery.part : undefined;
  return part?.body;
}

/** The spec's root export is typed with its real paths and methods. */
export const propsOperationId: string = spec.paths["/users/{id}/props"].post.operationId;
export const firstPath: DashlyPath = "/users/{id}/props";
// @ts-expect-error: GET /users/{id} has no POST
void spec.paths["/users/{id}"].post;

export const isValidationError = (error: unknown): boolean => error instanceof DashlyValidationError;
export const start = startMock;
