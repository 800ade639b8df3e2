/**
 * A column title that is a field name from the sources (addr, len, flags,
 * next, ring[], head, id): the name stays as the code spells it in every
 * language, and what it means is its tooltip and its accessible description,
 * in the reader's language. Memoised: the tables re-render on every step,
 * their headings only when the language changes.
 */
import { memo } from 'react';

export const ColumnHead = memo(function ColumnHead({ name, note }: { name: string; note: string }) {
  return (
    <th scope="col">
      <abbr title={note}>{name}</abbr>
    </th>
  );
});
