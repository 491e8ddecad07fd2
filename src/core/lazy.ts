/** A value computed on first use and kept: work a given call may never need is not done. */
export function lazy<T>(compute: () => T): () => T {
  let value: { result: T } | undefined;
  return () => {
    value ??= { result: compute() };
    return value.result;
  };
}
