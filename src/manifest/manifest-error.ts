/** Raised when the app package cannot be built; `problems` lists every reason, one per line. */
export class ManifestError extends Error {
  readonly problems: readonly string[];

  constructor(summary: string, problems: readonly string[]) {
    super(problems.length > 0 ? `${summary}:\n  - ${problems.join('\n  - ')}` : summary);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}
