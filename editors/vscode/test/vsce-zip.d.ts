/** vsce's reader of the packages it writes (used by `vsce ls`; not in its typings). */
declare module "@vscode/vsce/out/zip.js" {
  /** Entries whose (lower-cased) name passes `filter`, by name. */
  export function readZip(packagePath: string, filter: (name: string) => boolean): Promise<Map<string, Buffer>>;
}
