// The one Markdown escape for every summary and report: job summaries render user text (notes,
// table names, error lines), and one unescaped `|` or `<` breaks the table or injects HTML.

/** Text inside a Markdown table cell: no HTML, no column breaks, one line. */
export function cell(value: string | number | undefined): string {
  if (value === undefined || value === '') return ''
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')
}

/** A cell's text, cut to `max` characters first (long error lines, long object names). */
export function shortCell(value: string, max = 120): string {
  return cell(value.length > max ? value.slice(0, max - 3) + '...' : value)
}
