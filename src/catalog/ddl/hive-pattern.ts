/**
 * The name patterns of `SHOW TABLES 'p'`, `SHOW DATABASES LIKE 'p'` and `SHOW VIEWS LIKE 'p'`:
 * Hive/Athena wildcards where `*` (or `.*`, which Athena documents for the Glue catalog) matches
 * any characters and `|` separates alternatives (`'sales*|orders'`). Matching is
 * case-insensitive; every other character is literal.
 */
export function hivePatternMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const alternatives = pattern.split('|').map((alt) => {
    const body = alt
      .trim()
      .replace(/\.\*/g, '*')
      .split('*')
      .map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${body}$`, 'i');
  });
  return (name) => alternatives.some((re) => re.test(name));
}
