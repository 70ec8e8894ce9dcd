export { fetchApp, httpApp, nodeApp, scopeOf, type FetchHandler, type RequestListener } from "./apps.js";
export { refuse, refuseRequest, refuseUpgrade } from "./respond.js";
