// One table component for the figures and lists the UI shows: a caption for screen readers,
// column headers, and a row header in the first column. On narrow screens each cell is labelled
// with its column (styles.css reads data-label).
import type { Key, ReactNode } from "react";

/** A row of cells, or a row whose figures are withheld: its header and one note across the rest. */
export type DataRow = ReactNode[] | { header: ReactNode; note: ReactNode };

export interface DataTableProps {
  /** Read by screen readers; shown only with `showCaption`. */
  caption: string;
  showCaption?: boolean;
  /** Column labels; the first is the row headers' column. */
  head: string[];
  rows: DataRow[];
  /** Stable keys of the rows (default: their index). */
  rowKeys?: Key[];
}

export function DataTable({ caption, showCaption, head, rows, rowKeys }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table>
        <caption className={showCaption ? undefined : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKeys?.[i] ?? i}>
              {Array.isArray(row) ? (
                row.map((cell, j) =>
                  j === 0 ? (
                    <th scope="row" key={j}>
                      {cell}
                    </th>
                  ) : (
                    <td key={j} data-label={head[j]}>
                      {cell}
                    </td>
                  ),
                )
              ) : (
                <>
                  <th scope="row">{row.header}</th>
                  <td colSpan={head.length - 1}>{row.note}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
