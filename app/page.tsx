const links = [
  {
    href: "/api/health",
    label: "Health",
    note: "Answers once the service is ready.",
  },
  {
    href: "/api/v1/openapi.json",
    label: "OpenAPI document",
    note: "The participant API, for any language.",
  },
];

export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-8 px-5 py-16 sm:py-24">
      <header className="flex flex-col gap-4">
        <h1 className="text-4xl font-semibold tracking-tight">Docket</h1>
        <p className="text-lg leading-relaxed text-stone-700">
          Docket keeps the pending calls of an AI application as durable
          entries. It collects results from tools, agents and people as they
          arrive, decides when each call is complete and why, and delivers the
          answer by chat, inbox or email.
        </p>
        <a
          href="/signin"
          className="self-start rounded-md bg-stone-900 px-4 py-2 font-medium text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Sign in to the console
        </a>
      </header>

      <nav aria-label="Service endpoints">
        <ul className="flex flex-col gap-3">
          {links.map((link) => (
            <li key={link.href}>
              <a
                href={link.href}
                className="block rounded-lg border border-stone-200 bg-white px-4 py-3 hover:border-stone-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
              >
                <span className="font-medium underline-offset-4 hover:underline">
                  {link.label}
                </span>
                <span className="block text-sm text-stone-600">
                  {link.note}{" "}
                  <code className="font-mono text-stone-500">{link.href}</code>
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </main>
  );
}
