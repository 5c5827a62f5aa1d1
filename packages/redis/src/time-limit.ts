/**
 * Settles like `work`, unless `ms` pass first: then rejects with `onTimeout()`. `work` is left running (a
 * Redis command cannot be taken back); the timer never keeps the process alive.
 */
export function withTimeLimit<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
