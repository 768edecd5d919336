/** What the `npm run` helpers share: a POST to a `/_local/…` page of the running `npm start`. */

/** POSTs to `path` on PORT (default 3000), prints the answer, and exits 1 unless it is a 2xx. */
export async function postToLocalBackend(path: string): Promise<void> {
  const port = process.env.PORT ?? '3000';
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST' }).catch(
    (error: unknown) => {
      console.error(`No local backend on port ${port} (start it with npm start): ${String(error)}`);
      process.exit(1);
    },
  );
  console.log(response.status, await response.text());
  if (!response.ok) process.exit(1);
}
