// Reading every page of a cursor-paged list (`{items, next_cursor}`, docs/api.md), for lists the
// UI shows whole (rosters, programs, studies: hundreds at most).

/** The API's maximum page size. */
export const PAGE_SIZE = 200;

export interface Page<T> {
  items: T[];
  next_cursor?: string | undefined;
}

/** Calls fetchPage with no cursor, then with each next_cursor, until a page has none. */
export async function fetchAllPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
