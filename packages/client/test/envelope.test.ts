import { describe, expect, it } from "vitest";
import {
  createDashlyClient,
  DashlyApiError,
  DashlyBadRequestError,
  DashlyLookupError,
  DashlyMethodNotAllowedError,
  DashlyNotAuthenticatedError,
  DashlyNotFoundError,
  DashlyPermissionDeniedError,
  DashlyServerError,
  DashlyTooManyRequestsError,
  DashlyValidationError,
} from "../src/index.ts";
import { failure, fakeApi, json, ok, quiet } from "./support/fake-api.ts";

const clientAnswering = (answer: () => Response) =>
  createDashlyClient({ token: "t", baseUrl: "https://api.test/v1", fetch: fakeApi(answer).fetch, ...quiet });

const getUser = (answer: () => Response) =>
  clientAnswering(answer).GET("/users/{id}", { params: { path: { id: "42" } } });

describe("a successful answer", () => {
  it("resolves to its data and meta, with the response", async () => {
    const result = await getUser(() => ok({ id: "1160406004324630614", presence: "online" }));
    expect(result.data).toEqual({ id: "1160406004324630614", presence: "online" });
    expect(result.data.id).toBe("1160406004324630614");
    expect(result.meta).toEqual({ status: 200 });
    expect(result.response.status).toBe(200);
  });

  it("is an error when meta.status says so, whatever the HTTP status", async () => {
    const error = await getUser(() =>
      json({ meta: { status: 400, error: "LookupError", error_message: "no such user" }, data: {} }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DashlyLookupError);
    expect((error as DashlyLookupError).status).toBe(400);
  });

  it("is an error when it is not an envelope", async () => {
    const error = await getUser(() => json("<html>maintenance</html>")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DashlyApiError);
    expect((error as Error).message).toBe(
      "GET /users/42 failed with 200: The answer is not a {meta, data} envelope",
    );
  });
});

describe("error answers", () => {
  const cases = [
    [401, "NotAuthenticated", DashlyNotAuthenticatedError],
    [401, "AuthenticationFailed", DashlyNotAuthenticatedError],
    [403, "PermissionDeniedError", DashlyPermissionDeniedError],
    [403, "PermissionDenied", DashlyPermissionDeniedError],
    [429, "TooManyRequests", DashlyTooManyRequestsError],
    [400, "ValidationError", DashlyValidationError],
    [400, "BadRequest", DashlyBadRequestError],
    [400, "LookupError", DashlyLookupError],
    [404, "Error404", DashlyNotFoundError],
    [405, "MethodNotAllowed", DashlyMethodNotAllowedError],
    [500, "Error500", DashlyServerError],
  ] as const;

  it.each(cases)("%i %s becomes %o", async (status, name, ErrorClass) => {
    const error = await getUser(() => failure(status, name, "It went wrong")).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(DashlyApiError);
    const apiError = error as DashlyApiError;
    expect(apiError.status).toBe(status);
    expect(apiError.error).toBe(name);
    expect(apiError.meta.error_message).toBe("It went wrong");
    expect(apiError.message).toBe(`GET /users/42 failed with ${status} ${name}: It went wrong`);
    expect(apiError.response.status).toBe(status);
  });

  it("gives a ValidationError its fields and a 429 its Retry-After", async () => {
    const validation = await getUser(() =>
      failure(400, "ValidationError", "Invalid arguments", { error_fields: { count: "too big" } }),
    ).catch((caught: unknown) => caught);
    expect((validation as DashlyValidationError).fields).toEqual({ count: "too big" });
    const limited = await getUser(() =>
      json({ meta: { status: 429, error: "TooManyRequests" }, data: {} }, 429, { "Retry-After": "17" }),
    ).catch((caught: unknown) => caught);
    expect((limited as DashlyTooManyRequestsError).retryAfter).toBe(17);
  });

  it("keeps an unknown or endpoint-specific name on the base class", async () => {
    for (const name of ["ReplyTooBig", "SomethingNew"]) {
      const error = await getUser(() => failure(400, name)).catch((caught: unknown) => caught);
      expect((error as object).constructor).toBe(DashlyApiError);
      expect((error as DashlyApiError).error).toBe(name);
    }
  });

  it("falls back on the HTTP status when there is no envelope", async () => {
    const gateway = await getUser(() => new Response("Bad gateway", { status: 502 })).catch(
      (caught: unknown) => caught,
    );
    expect(gateway).toBeInstanceOf(DashlyServerError);
    expect((gateway as DashlyServerError).status).toBe(502);
    const limited = await getUser(() => new Response("slow down", { status: 429 })).catch(
      (caught: unknown) => caught,
    );
    expect(limited).toBeInstanceOf(DashlyTooManyRequestsError);
  });
});
