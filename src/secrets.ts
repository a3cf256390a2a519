// The set of secret values this process knows (credentials, tokens, confirmation key), so every
// output path (logs, tool results, error messages) can scrub them.
export class SecretSet {
  #values = new Set<string>();

  add(...values: (string | undefined)[]): void {
    // Very short values would scrub ordinary words; real secrets are long.
    for (const v of values) if (v && v.length >= 6) this.#values.add(v);
  }

  values(): readonly string[] {
    return [...this.#values];
  }
}
