/**
 * Serializes query parameters for the Dashly API: lists comma-separated (`tags=a,b`), objects as JSON text
 * (`filters={...}`), everything else as text. `extra` (the auth token, when sent in the query) goes last.
 */
export function createQuerySerializer(extra?: Readonly<Record<string, string>>) {
  return (query: Record<string, unknown>): string => {
    const search = new URLSearchParams();
    for (const name in query) {
      const value = query[name];
      if (value === undefined || value === null) continue;
      search.append(
        name,
        Array.isArray(value)
          ? value.join(",")
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value),
      );
    }
    if (extra) for (const name in extra) search.append(name, extra[name] as string);
    return search.toString();
  };
}
