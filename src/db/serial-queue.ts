/**
 * Runs async jobs one after another. SQLite has one connection per process: two transactions
 * awaiting in between their statements would otherwise interleave on it and commit each other's
 * writes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    // The next job waits for this one whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
