import { expect, test } from "./fixtures";
import type { OpenApiDocument } from "./contract";

const OPERATIONS = [
  ["post", "/api/v1/entries"],
  ["get", "/api/v1/entries/{id}"],
  ["post", "/api/v1/entries/{id}/expectations"],
  ["post", "/api/v1/entries/{id}/fragments"],
  ["post", "/api/v1/entries/{id}/fragments/{key}/chunks"],
  ["post", "/api/v1/fragments/{token}"],
  ["post", "/api/v1/entries/{id}/cancel"],
  ["get", "/api/v1/entries/{id}/timeline"],
  ["get", "/api/v1/openapi.json"],
] as const;

test.describe("the OpenAPI document", () => {
  test("is served without a key as OpenAPI 3.1", async ({ api }) => {
    const answer = await api
      .as(null)
      .get<OpenApiDocument>("/api/v1/openapi.json");

    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toContain("application/json");
    expect(answer.body.openapi).toBe("3.1.0");
  });

  test("describes every operation of the participant API", async ({
    contract,
  }) => {
    const { paths } = contract.document;
    const documented = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => [method, path]),
    );

    expect(documented.sort()).toEqual(OPERATIONS.map((o) => [...o]).sort());
    const ids = documented.map(
      ([method, path]) => paths[path ?? ""]?.[method ?? ""]?.operationId,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("every answer schema compiles, every $ref resolving", async ({
    contract,
  }) => {
    const compiled = contract.compileAll();

    expect(compiled).toEqual(
      expect.arrayContaining([
        "openEntry 201",
        "getEntry 200",
        "recordFragment 200",
        "recordChunks 200",
        "getTimeline 200",
        "cancelEntry 200",
      ]),
    );
  });

  test("every error status answers the one error shape", async ({
    contract,
  }) => {
    const errorRef = { $ref: "#/components/schemas/Error" };

    for (const methods of Object.values(contract.document.paths)) {
      for (const op of Object.values(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) {
            expect(response.content, `${op.operationId} ${status}`).toEqual({
              "application/json": { schema: errorRef },
            });
          }
        }
      }
    }
  });
});
