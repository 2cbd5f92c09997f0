// What a failure says to the user: an Error's message (the host's and the adapter's are written for the user),
// or the thrown value as text.
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
