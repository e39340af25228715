import Ajv2020, {
  type ErrorObject,
  type ValidateFunction,
} from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * The served OpenAPI document as a checker of real answers: each response
 * is matched to its operation by method and path, and its body must fit
 * the schema the document gives for that status and media type.
 */

type Schema = Record<string, unknown>;

interface MediaType {
  schema?: Schema;
}

interface ResponseSpec {
  content?: Record<string, MediaType>;
}

interface OperationSpec {
  operationId: string;
  responses: Record<string, ResponseSpec>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationSpec>>;
  components: { schemas: Record<string, Schema> };
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  spec: OperationSpec;
}

export class ContractError extends Error {
  override name = "ContractError";
}

export class Contract {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      this.ajv.addSchema(closed(schema), `#/components/schemas/${name}`);
    }
    this.operations = Object.entries(document.paths).flatMap(
      ([template, methods]) =>
        Object.entries(methods).map(([method, spec]) => ({
          method: method.toUpperCase(),
          template,
          pattern: patternOf(template),
          spec,
        })),
    );
  }

  /** The documented operation a request lands on, or a failure. */
  operation(method: string, pathname: string): Operation {
    const found = this.operations.find(
      (op) => op.method === method.toUpperCase() && op.pattern.test(pathname),
    );
    if (!found) {
      throw new ContractError(`no documented operation: ${method} ${pathname}`);
    }

    return found;
  }

  /**
   * Checks one answer: its status is documented for the operation, and a
   * body the document describes fits that description.
   */
  checkResponse(
    method: string,
    url: string,
    status: number,
    contentType: string,
    body: unknown,
  ): void {
    const pathname = new URL(url, "http://127.0.0.1").pathname;
    const op = this.operation(method, pathname);
    const where = `${op.spec.operationId} ${status}`;
    const response = op.spec.responses[String(status)];
    if (!response) {
      throw new ContractError(
        `${where}: status not in the document; body ${preview(body)}`,
      );
    }
    const media = contentType.split(";")[0]?.trim() ?? "";
    const content = response.content;
    if (!content) {
      return;
    }
    const schema = content[media]?.schema;
    if (!schema) {
      throw new ContractError(`${where}: media type ${media} not documented`);
    }
    if (media !== "application/json") {
      return;
    }
    this.check(this.compile(`${where} ${media}`, schema), body, where);
  }

  /** Compiles every JSON answer the document describes; returns where. */
  compileAll(): string[] {
    return this.operations.flatMap((op) =>
      Object.entries(op.spec.responses).flatMap(([status, response]) => {
        const schema = response.content?.["application/json"]?.schema;
        if (!schema) {
          return [];
        }
        const where = `${op.spec.operationId} ${status}`;
        this.compile(`${where} application/json`, schema);

        return [where];
      }),
    );
  }

  /** Checks a value against one named component, e.g. `TimelineEvent`. */
  checkComponent(name: string, value: unknown): void {
    const ref = { $ref: `#/components/schemas/${name}` };
    this.check(this.compile(name, ref), value, name);
  }

  private compile(id: string, schema: Schema): ValidateFunction {
    let validate = this.compiled.get(id);
    if (!validate) {
      validate = this.ajv.compile(closed(schema));
      this.compiled.set(id, validate);
    }

    return validate;
  }

  private check(validate: ValidateFunction, value: unknown, where: string) {
    if (!validate(value)) {
      throw new ContractError(
        `${where}: the body does not fit the document:\n` +
          `${describe(validate.errors ?? [])}\nbody: ${preview(value)}`,
      );
    }
  }
}

/**
 * The document leaves answer objects open so fields can be added later;
 * the suite reads them closed, so a field the server sends that the
 * document does not name fails here instead of surprising a client.
 */
function closed(schema: unknown): Schema {
  return close(schema) as Schema;
}

function close(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(close);
  }
  if (typeof node !== "object" || node === null) {
    return node;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Property names and enum values are data, not schemas.
    copy[key] =
      key === "properties" ? mapValues(value, close) : rawOrClosed(key, value);
  }
  if ("properties" in copy && !("additionalProperties" in copy)) {
    copy.additionalProperties = false;
  }

  return copy;
}

function rawOrClosed(key: string, value: unknown): unknown {
  return ["enum", "const", "default", "required"].includes(key)
    ? value
    : close(value);
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (typeof value !== "object" || value === null) {
    return value;
  }

  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, fn(inner)]),
  );
}

function patternOf(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));

  return new RegExp(`^${escaped.join("[^/]+")}$`);
}

function describe(errors: ErrorObject[]): string {
  return errors
    .slice(0, 8)
    .map((e) => `  ${e.instancePath || "(root)"} ${e.message ?? ""}`)
    .map((line) => line.trimEnd())
    .join("\n");
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);

  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

let loading: Promise<Contract> | undefined;

/** The document served by the app under test, loaded once per worker. */
export function loadContract(baseURL: string): Promise<Contract> {
  loading ??= fetch(new URL("/api/v1/openapi.json", baseURL)).then(
    async (response) => {
      if (!response.ok) {
        throw new ContractError(`openapi.json answered ${response.status}`);
      }

      return new Contract((await response.json()) as OpenApiDocument);
    },
  );

  return loading;
}
