/** Cuts text that came from a request, so that an error message quoting it stays short. */
export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}…`;
}
