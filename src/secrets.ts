// The set of secret values this process knows (credentials, tokens, confirmation key), so every
// output path (logs, tool results, error messages) can scrub them.
export class SecretSet {
  #values = new Set<string>();
  #sources: (() => readonly string[])[] = [];

  add(...values: (string | undefined)[]): void {
    // Very short values would scrub ordinary words; real secrets are long.
    for (const v of values) if (v && v.length >= 6) this.#values.add(v);
  }

  /** A source whose secrets change over time (e.g. IAM tokens fetched later); read on every use. */
  addSource(source: () => readonly string[]): void {
    this.#sources.push(source);
  }

  values(): readonly string[] {
    const live = this.#sources.flatMap((s) => s().filter((v) => v && v.length >= 6));
    return [...this.#values, ...live];
  }
}
