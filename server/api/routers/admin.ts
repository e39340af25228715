import { z } from "zod";

import {
  createApiKey,
  getApiKey,
  listApiKeys,
  revokeApiKey,
} from "@/server/auth/api-keys";
import {
  addGroupMember,
  listGroups,
  removeGroupMember,
} from "@/server/console/groups";
import { listUsers } from "@/server/console/users";
import { listMail, readMail } from "@/server/delivery/mailbox";
import { mailFolder } from "@/server/delivery/mailer";
import { NotFoundError } from "@/server/registry/errors";

import { adminProcedure, router } from "../trpc";

const keyId = z.object({ id: z.string().min(1).max(64) });

// A mail id is a delivery id and names a file: no dots, no slashes.
const mailId = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "a mail id"),
});

// A group is named as approvals assign it: `group:NAME`.
const membership = z.object({
  userId: z.string().min(1).max(64),
  group: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "a group name: a-z, 0-9, _ and -"),
});

export const adminRouter = router({
  users: router({
    list: adminProcedure.query(({ ctx }) => listUsers(ctx.runtime.db)),
  }),

  groups: router({
    list: adminProcedure.query(({ ctx }) => listGroups(ctx.runtime.db)),
    add: adminProcedure.input(membership).mutation(({ ctx, input }) => {
      const done = addGroupMember(ctx.runtime.db, input.userId, input.group);
      const { userId: memberId, group } = input;
      ctx.log.info({ memberId, group, ...done }, "group.member_added");

      return done;
    }),
    remove: adminProcedure.input(membership).mutation(({ ctx, input }) => {
      const done = removeGroupMember(ctx.runtime.db, input.userId, input.group);
      const { userId: memberId, group } = input;
      ctx.log.info({ memberId, group }, "group.member_removed");

      return done;
    }),
  }),

  keys: router({
    list: adminProcedure.query(({ ctx }) => listApiKeys(ctx.runtime.db)),

    /** The secret is in this answer only; the server keeps its hash. */
    create: adminProcedure
      .input(z.object({ name: z.string().trim().min(1).max(100) }))
      .mutation(({ ctx, input }) => {
        const made = createApiKey(ctx.runtime.db, input.name);
        ctx.log.info({ keyId: made.key.id }, "api_key.created");

        return made;
      }),

    revoke: adminProcedure.input(keyId).mutation(({ ctx, input }) => {
      const { db } = ctx.runtime;
      if (!getApiKey(db, input.id)) {
        throw new NotFoundError("no such API key", { id: input.id });
      }
      if (revokeApiKey(db, input.id)) {
        ctx.log.info({ keyId: input.id }, "api_key.revoked");
      }

      return getApiKey(db, input.id);
    }),
  }),

  /** Mail written as files when no SMTP server is configured. */
  mail: router({
    list: adminProcedure.query(({ ctx }) => {
      const { dataDir, mailKind } = ctx.runtime;

      return { kind: mailKind, messages: listMail(mailFolder(dataDir)) };
    }),

    read: adminProcedure.input(mailId).query(({ ctx, input }) => {
      const mail = readMail(input.id, mailFolder(ctx.runtime.dataDir));
      if (!mail) {
        throw new NotFoundError("no such mail", { id: input.id });
      }
      // The raw message stays on the server: the text is what is read here.
      const { raw: _raw, ...shown } = mail;

      return shown;
    }),
  }),
});
