import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "@/components/trpc-provider";

import "./globals.css";

export const metadata: Metadata = {
  title: "Docket",
  description:
    "A durable registry of pending calls for AI applications: it holds a " +
    "call open, collects its results and delivers the answer.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-stone-50 font-sans text-stone-900 antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
