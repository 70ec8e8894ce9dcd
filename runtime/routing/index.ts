export { ProtocolTypeRouter } from "./protocol-type-router.js";
export { URLRouter, path, re_path, type Route, type RouteOptions } from "./url-router.js";
export { inheritPathRouting, isPathRouting } from "./mark.js";
export { reverseUrl, type UrlPart } from "./reverse.js";
