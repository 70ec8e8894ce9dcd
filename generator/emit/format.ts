/**
 * Formatting of generated code with prettier, with options pinned here so the
 * output is the same on every machine: the user's `.prettierrc` is never
 * read (the standalone build has no config resolution at all). The babel-ts
 * parser costs about half of the typescript parser's first run. Prettier is
 * loaded on first use, so commands that never format never pay for it.
 */
import type { Options } from "prettier";

export const PRETTIER_OPTIONS = {
  parser: "babel-ts",
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "as-needed",
  trailingComma: "all",
  bracketSpacing: true,
  bracketSameLine: false,
  arrowParens: "always",
  endOfLine: "lf",
  objectWrap: "collapse",
} as const satisfies Options;

export async function formatGenerated(text: string): Promise<string> {
  const [prettier, babel, estree] = await Promise.all([
    import("prettier/standalone"),
    import("prettier/plugins/babel"),
    import("prettier/plugins/estree"),
  ]);
  return prettier.format(text, { ...PRETTIER_OPTIONS, plugins: [babel, estree] });
}
