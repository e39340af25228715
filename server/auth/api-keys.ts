import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { and, desc, eq, isNull, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { newId } from "@/server/registry/ids";

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

const SECRET_PREFIX = "dk_";

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Makes a key; the secret is returned once and only its hash is kept. */
export function createApiKey(db: Db, name: string, secret?: string) {
  const value = secret ?? SECRET_PREFIX + randomBytes(24).toString("base64url");
  const key = {
    id: newId("key"),
    name,
    secretHash: hashSecret(value),
    prefix: value.slice(0, 7),
    createdAt: Date.now(),
    revokedAt: null,
  };
  db.insert(apiKeys).values(key).run();

  return { key: publicKey(key), secret: value };
}

function prepareByHash(db: Db) {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, sql.placeholder("hash")))
    .prepare();
}

/**
 * The lookup of every API request, prepared once per database: building
 * and preparing the query each time cost far more than running it. Each
 * request still reads the row, so a revocation applies at once.
 */
const byHash = new WeakMap<Db, ReturnType<typeof prepareByHash>>();

/** The live key a secret belongs to, or null (unknown or revoked). */
export function findApiKey(db: Db, secret: string): ApiKey | null {
  const hash = hashSecret(secret);
  let query = byHash.get(db);
  if (!query) {
    query = prepareByHash(db);
    byHash.set(db, query);
  }
  const row = query.get({ hash });
  if (!row || row.revokedAt !== null) {
    return null;
  }
  const same = timingSafeEqual(Buffer.from(row.secretHash), Buffer.from(hash));

  return same ? publicKey(row) : null;
}

/** Revokes a live key; false when there is none (unknown or revoked). */
export function revokeApiKey(db: Db, id: string): boolean {
  // A second revocation keeps the time of the first.
  const done = db
    .update(apiKeys)
    .set({ revokedAt: Date.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .run();

  return done.changes === 1;
}

export function getApiKey(db: Db, id: string): ApiKey | null {
  const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();

  return row ? publicKey(row) : null;
}

/** Every key, newest first. */
export function listApiKeys(db: Db): ApiKey[] {
  return db
    .select()
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .all()
    .map(publicKey);
}

/** Makes sure a key with this secret exists (for scripts and CI). */
export function ensureApiKey(db: Db, secret: string, name = "bootstrap") {
  const hash = hashSecret(secret);
  const row = db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, hash))
    .get();
  if (row) {
    return publicKey(row);
  }

  return createApiKey(db, name, secret).key;
}

function publicKey(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
