/**
 * Django's `reverse()` for generated routers: the generator turns each named
 * route into a URL template — literal text and keyword arguments, nested
 * prefix routes joined — and the generated, typed `reverse(name, kwargs)`
 * fills it in here.
 */

/** Literal text (already percent-encoded), or a kwarg; a `path` converter's value keeps its slashes. */
export type UrlPart = string | { readonly kwarg: string; readonly path?: true };

/** The URL path of a template with `kwargs` filled in, each value percent-encoded. */
export function reverseUrl(template: readonly UrlPart[], kwargs: Readonly<Record<string, string | number>> = {}): string {
  let url = "";
  for (const part of template) {
    if (typeof part === "string") {
      url += part;
      continue;
    }
    const value = String(Object.hasOwn(kwargs, part.kwarg) ? kwargs[part.kwarg] : undefined);
    url += part.path === true ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  }
  return url;
}
