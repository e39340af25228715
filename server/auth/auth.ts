import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";

import { logger } from "@/server/logger";
import { getRuntime } from "@/server/runtime";

import { checkPassword } from "./users";

const credentials = z.object({
  email: z.string().email().max(320),
  password: z.string().min(1).max(200),
});

/**
 * Sessions are signed JWT cookies carrying only the user id; role and
 * groups are read from the database on each request, so a change of role
 * takes effect at once.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getRuntime().secret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (input) => {
        const parsed = credentials.safeParse(input);
        if (!parsed.success) {
          return null;
        }
        const user = await checkPassword(
          getRuntime().db,
          parsed.data.email,
          parsed.data.password,
        );
        logger.info(
          { userId: user?.id ?? null, ok: user !== null },
          "auth.sign_in",
        );

        return user
          ? { id: user.id, email: user.email, name: user.name }
          : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
      }

      return token;
    },
    session({ session, token }) {
      if (token.sub) {
        session.user.id = token.sub;
      }

      return session;
    },
  },
}));
